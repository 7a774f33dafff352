"""French translation: the .qm built from the committed .ts loads and translates."""

import os
import xml.etree.ElementTree as ET

from conftest import ROOT


def test_ts_has_no_untranslated_string():
    ts = os.path.join(ROOT, "resources", "i18n", "vigie_fr.ts")
    missing = [m.findtext("source") for m in ET.parse(ts).getroot().iter("message")
               if m.find("translation").get("type") == "unfinished"]
    assert missing == []


def test_ts_is_up_to_date_with_the_code():
    import importlib.util

    spec = importlib.util.spec_from_file_location("update_ts", os.path.join(ROOT, "scripts", "update_ts.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    in_code = {s for s, _, _ in mod.collect()}
    ts = os.path.join(ROOT, "resources", "i18n", "vigie_fr.ts")
    in_ts = {m.findtext("source") for m in ET.parse(ts).getroot().iter("message")}
    assert in_code - in_ts == set(), "run `make i18n` and translate the new strings"


def test_french_qm_translates_known_strings(qgis_app):
    from qgis.PyQt.QtCore import QCoreApplication

    from vigie import i18n
    from vigie.processing.base import group_names

    assert os.path.exists(i18n.qm_path("fr"))
    assert i18n.tr("Visibility") == "Visibility"
    translator = i18n.load_translator("fr")
    try:
        assert translator is not None
        assert QCoreApplication.translate("Vigie", "Field survey") == "Enquête de terrain"
        assert group_names()["visibility"] == "Visibilité"
        assert group_names()["sheets"] == "Fiches PDF"
    finally:
        i18n.unload_translator(translator)
    assert i18n.tr("Visibility") == "Visibility"


def test_ts_translations_come_from_the_json_files():
    """The .ts is derived from resources/i18n/fr/*.json: every JSON translation is in it as written."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("update_ts", os.path.join(ROOT, "scripts", "update_ts.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    wanted = mod.read_json("fr")
    ts = os.path.join(ROOT, "resources", "i18n", "vigie_fr.ts")
    in_ts = {m.findtext("source"): m.findtext("translation") for m in ET.parse(ts).getroot().iter("message")}
    in_code = {s for s, _, _ in mod.collect()}
    assert in_code <= set(wanted), "add the French of new strings to a resources/i18n/fr/*.json file"
    assert {s: in_ts[s] for s in in_code} == {s: wanted[s] for s in in_code}, "run `make i18n`"
