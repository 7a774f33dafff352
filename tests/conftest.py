"""Shared fixtures: a real headless QGIS, the plugin importable as ``vigie``.

The checkout is the plugin folder; ``.pluginpath/vigie`` (made by ``make setup``)
points to it, so ``import vigie`` and ``QGIS_PLUGINPATH`` both work.
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_PATH = os.path.join(ROOT, ".pluginpath")
QGIS_PYTHON_PLUGINS = "/usr/share/qgis/python/plugins"
SHARED_DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.makedirs(PLUGIN_PATH, exist_ok=True)
if not os.path.islink(os.path.join(PLUGIN_PATH, "vigie")):
    os.symlink("..", os.path.join(PLUGIN_PATH, "vigie"))
# QGIS's Processing first: the checkout has its own processing/ folder, which
# must only ever be imported as vigie.processing.
for p in (PLUGIN_PATH, QGIS_PYTHON_PLUGINS):
    if p in sys.path:
        sys.path.remove(p)
    sys.path.insert(0, p)
if ROOT not in sys.path:
    sys.path.append(ROOT)  # for "import core.x" in pure tests

import processing  # noqa: E402,F401 - QGIS's Processing, bound before any test module is collected
import pytest  # noqa: E402
from qgis.core import QgsApplication  # noqa: E402

assert os.path.dirname(processing.__file__).startswith(QGIS_PYTHON_PLUGINS), processing.__file__

_APP = None


def _start_qgis():
    global _APP
    if _APP is None:
        QgsApplication.setPrefixPath("/usr", True)
        _APP = QgsApplication([], False)
        _APP.initQgis()
        import processing  # noqa: F401 - QGIS's
        from processing.core.Processing import Processing

        Processing.initialize()
    return _APP


@pytest.fixture(scope="session")
def qgis_app():
    """A real QgsApplication with Processing initialised (headless)."""
    return _start_qgis()


@pytest.fixture(scope="session")
def vigie_provider(qgis_app):
    """The Vigie plugin loaded through classFactory(None) + initProcessing()."""
    import vigie

    plugin = vigie.classFactory(None)
    plugin.initProcessing()
    yield plugin
    plugin.unload()


@pytest.fixture(scope="session")
def sample_small(tmp_path_factory):
    """The small sample landscape, generated once per test session."""
    from vigie.core import landscape

    out = tmp_path_factory.mktemp("sample_small")
    return landscape.generate(str(out), small=True)


@pytest.fixture
def out_dir(request):
    """A kept folder under test-output/ for files a person should look at."""
    path = os.path.join(ROOT, "test-output", request.node.name)
    os.makedirs(path, exist_ok=True)
    return path
