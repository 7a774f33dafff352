"""The plugin loads in real QGIS (headless), registers its provider, unloads cleanly."""

import pytest
from qgis.core import QgsApplication


def _provider():
    return QgsApplication.processingRegistry().providerById("vigie")


@pytest.fixture
def no_vigie(vigie_provider):
    """No Vigie provider registered during the test (whatever ran before), restored after."""
    vigie_provider.unload()
    assert _provider() is None
    yield
    vigie_provider.initProcessing()


def test_load_without_iface_registers_provider(no_vigie):
    import vigie

    plugin = vigie.classFactory(None)
    assert _provider() is None
    plugin.initProcessing()
    provider = _provider()
    assert provider is not None
    assert provider.id() == "vigie"
    alg_ids = {alg.id() for alg in provider.algorithms()}
    assert "vigie:samplelandscape" in alg_ids
    plugin.initGui()  # no iface: must not fail, must not register twice
    assert len([p for p in QgsApplication.processingRegistry().providers() if p.id() == "vigie"]) == 1
    plugin.unload()
    assert _provider() is None


def test_load_unload_load(no_vigie):
    import vigie

    for _ in range(3):
        plugin = vigie.classFactory(None)
        plugin.initProcessing()
        assert _provider() is not None
        assert QgsApplication.processingRegistry().algorithmById("vigie:samplelandscape") is not None
        plugin.unload()
        assert _provider() is None
        assert QgsApplication.processingRegistry().algorithmById("vigie:samplelandscape") is None


def test_every_algorithm_belongs_to_a_known_group(vigie_provider):
    from vigie.processing.base import group_names

    groups = group_names()
    algs = _provider().algorithms()
    assert algs
    for alg in algs:
        assert alg.groupId() in groups, alg.id()
        assert alg.group() == groups[alg.groupId()]
        assert alg.displayName() and alg.shortHelpString()
        assert alg.name() == alg.name().lower()
    # the three jobs are declared groups
    assert {"visibility", "survey", "sheets"} <= set(groups)


def test_metadata_is_complete():
    import configparser
    import os

    from conftest import ROOT

    cfg = configparser.ConfigParser()
    cfg.read(os.path.join(ROOT, "metadata.txt"), encoding="utf-8")
    g = cfg["general"]
    for key in ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email",
                "repository", "tracker", "homepage", "tags", "category", "icon",
                "hasProcessingProvider", "changelog"):
        assert g.get(key, "").strip(), key
    assert g["name"] == "Vigie — patrimoine & visibilité"
    assert g["qgisMinimumVersion"] == "3.22"
    assert g["hasProcessingProvider"] == "yes"
    assert os.path.exists(os.path.join(ROOT, g["icon"]))


def test_pdf_dependency_message_names_pillow(qgis_app, monkeypatch):
    import sys

    from qgis.core import QgsProcessingException

    from vigie.processing.base import check_pdf_dependencies

    check_pdf_dependencies()  # all present here (reportlab from ext_libs)
    monkeypatch.setitem(sys.modules, "PIL", None)  # what an install without Pillow looks like
    with pytest.raises(QgsProcessingException, match="Pillow"):
        check_pdf_dependencies()
