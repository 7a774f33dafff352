"""Field survey (issue 4): createsurvey, the form in real QGIS, checksurvey, mergesurveys, bad input."""

import glob
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from conftest import ROOT

WEIRD = "Guillemets \"doubles\" et 'simples', <b>balise</b> & esperluette, emoji 🏭⛏️, œ « » € — " + "x" * 10000


def _run(alg, params):
    import processing

    return processing.run(alg, params)


@pytest.fixture
def survey(vigie_provider, sample_small, tmp_path):
    folder = str(tmp_path / "enquête été")  # accents and a space in the path must survive
    res = _run("vigie:createsurvey", {"CITES": sample_small["gpkg"] + "|layername=cites", "OUTPUT_FOLDER": folder})
    return res


def _sha(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def _rows(gpkg, table):
    from vigie.core import survey_db

    return survey_db.read_table(gpkg, table)


# -- createsurvey -----------------------------------------------------------------------------

def test_createsurvey_writes_the_model_schema_and_vocabularies(survey, sample_small):
    from osgeo import ogr

    from vigie.core import fiche, survey_db

    assert os.path.isfile(survey["GPKG"]) and os.path.isfile(survey["PROJECT"])
    assert os.path.isdir(os.path.join(os.path.dirname(survey["GPKG"]), "DCIM"))
    assert survey_db.schema_differences(survey["GPKG"]) == []
    ds = ogr.Open(survey["GPKG"])
    for name in ("cite", "fiche", "preconisation", "photo", "vocab"):
        assert ds.GetLayerByName(name) is not None
    assert ds.GetLayerByName("cite").GetSpatialRef().GetAuthorityCode(None) == "2154"
    cites = _rows(survey["GPKG"], "cite")
    src = ogr.Open(sample_small["gpkg"])
    assert len(cites) == src.GetLayerByName("cites").GetFeatureCount()
    assert all(len(c["uuid"]) == 36 for c in cites) and len({c["uuid"] for c in cites}) == len(cites)
    names = sorted(f["name"] for f in src.GetLayerByName("cites"))
    assert sorted(c["nom"] for c in cites) == names
    # sample 'type' values are model codes: mapped into typologie
    assert {c["typologie"] for c in cites} <= {t.code for t in fiche.VOCABS["typologie"]}
    assert any(c["typologie"] for c in cites)
    vocab = survey_db.vocab_codes(survey["GPKG"])
    assert vocab == {k: [t.code for t in v] for k, v in fiche.VOCABS.items()}


def test_created_project_has_every_widget_default_and_constraint_of_the_model(survey, qgis_app):
    from qgis.core import QgsEditFormConfig, QgsFieldConstraints, QgsProject

    from vigie.core import fiche

    project = QgsProject()
    assert project.read(survey["PROJECT"])
    with open(survey["PROJECT"], "rb") as fh:
        import zipfile

        qgs = zipfile.ZipFile(fh).read([n for n in zipfile.ZipFile(survey["PROJECT"]).namelist()
                                         if n.endswith(".qgs")][0]).decode("utf-8")
    assert "./survey.gpkg|layername=fiche" in qgs and os.path.dirname(survey["PROJECT"]) not in qgs
    layers = {lyr.source().split("layername=")[1]: lyr for lyr in project.mapLayers().values()}
    expected_widget = {"choice": "ValueRelation", "multichoice": "ValueRelation", "date": "DateTime",
                       "datetime": "DateTime", "int": "Range", "real": "Range", "memo": "TextEdit",
                       "text": "TextEdit", "uuid": "TextEdit", "bool": "CheckBox",
                       "photo_file": "ExternalResource", "ref": "RelationReference"}
    for name, table in fiche.TABLES.items():
        layer = layers[name]
        assert layer.isValid() and layer.name() == table.label
        config = layer.editFormConfig()
        assert config.layout() == QgsEditFormConfig.TabLayout
        assert config.initCodeSource() == QgsEditFormConfig.CodeSourceNone
        for fld in table.fields:
            idx = layer.fields().indexOf(fld.name)
            assert idx >= 0, fld.name
            setup = layer.editorWidgetSetup(idx)
            want = expected_widget[fld.kind]
            if fld.kind == "ref" and name == "vocab":
                want = "TextEdit"
            assert setup.type() == want, (name, fld.name, setup.type())
            if fld.kind in ("choice", "multichoice"):
                cfg = setup.config()
                assert cfg["FilterExpression"] == "\"liste\" = '{}'".format(fld.vocab)
                assert bool(cfg["AllowMulti"]) == (fld.kind == "multichoice")
                assert cfg["Layer"] == layers["vocab"].id()
            if fld.kind in ("date", "datetime"):
                assert setup.config()["calendar_popup"] is True
            assert layer.attributeAlias(idx) == fld.label
            default = layer.defaultValueDefinition(idx).expression()
            if fld.default is not None and not (name == "photo" and fld.name in ("prise_le", "direction")):
                assert default == fld.default, (name, fld.name)
            constraints = layer.fields().at(idx).constraints()
            expr = fiche.constraint_expression(table, fld)
            if expr:
                assert constraints.constraintExpression() == expr
                assert constraints.constraintDescription() == fiche.constraint_message(fld)
                assert constraints.constraintStrength(QgsFieldConstraints.ConstraintExpression) == \
                    QgsFieldConstraints.ConstraintStrengthHard
    fiche_layer = layers["fiche"]
    tabs = [el.name() for el in fiche_layer.editFormConfig().tabs()]
    assert tabs == [t.label for t in fiche.FICHE.tabs] + ["Préconisations", "Photos"]
    etat = [el for el in fiche_layer.editFormConfig().tabs() if el.name() == "État"][0]
    groups = {c.name(): c for c in etat.children() if c.type() == 0}
    assert groups["Désordres"].visibilityExpression().enabled()
    assert "etat_voirie" in groups["Désordres"].visibilityExpression().data().expression()
    rels = project.relationManager().relations()
    assert set(rels) == {"fiche_cite", "preconisation_fiche", "photo_fiche", "preconisation_photo"}
    assert all(r.isValid() for r in rels.values())
    assert "DCIM/" in layers["photo"].customProperty("QFieldSync/attachment_naming")


FORM_BODY = """
from qgis.core import QgsFieldConstraints, QgsProject, QgsVectorLayerUtils
from qgis.gui import QgsAttributeDialog
from qgis.PyQt.QtWidgets import QApplication, QTabWidget
project = QgsProject.instance()
result['read'] = project.read(PROJECT)
layer = project.mapLayersByName('Fiches patrimoine')[0]
cite = project.mapLayersByName('Cités minières')[0]
cite_uuid = next(cite.getFeatures())['uuid']
result['cite_uuid'] = cite_uuid
layer.startEditing()
# 1. screenshots of every tab of a new fiche (a bad score shows the Désordres group)
f = QgsVectorLayerUtils.createFeature(layer)
f['cite_uuid'] = cite_uuid
f['etat_voirie'] = '4'
f['enqueteurs'] = 'Claire Delattre'
dlg = QgsAttributeDialog(layer, f, False, iface.mainWindow(), True)
dlg.resize(900, 900)
dlg.show()
for _ in range(30):
    QApplication.processEvents()
tab = max(dlg.findChildren(QTabWidget), key=lambda t: t.count())
result['tabs'] = [tab.tabText(i) for i in range(tab.count())]
result['shots'] = []
for i in range(tab.count()):
    tab.setCurrentIndex(i)
    for _ in range(15):
        QApplication.processEvents()
    path = OUT + '/fiche_tab_%d.png' % i
    dlg.grab().save(path)
    result['shots'].append(path)
dlg.reject()
# 2. the form refuses invalid values with the French message, saves valid ones
dlg2 = QgsAttributeDialog(layer, QgsVectorLayerUtils.createFeature(layer), False, iface.mainWindow(), True)
dlg2.show()
for _ in range(10):
    QApplication.processEvents()
form = dlg2.attributeForm()
g = form.feature()
result['defaults'] = {k: str(g[k]) for k in ('uuid', 'statut', 'etat_voirie', 'date_visite')}
def check(name):
    current = form.currentFormFeature() if hasattr(form, 'currentFormFeature') else form.feature()
    ok, errors = QgsVectorLayerUtils.validateAttribute(layer, current, layer.fields().indexOf(name),
                                                       QgsFieldConstraints.ConstraintStrengthHard)
    return [ok, list(errors)]
form.changeAttribute('cite_uuid', cite_uuid)
form.changeAttribute('enqueteurs', 'Claire')
form.changeAttribute('etat_facades', '4')
from qgis.PyQt.QtWidgets import QDialogButtonBox
def ok_enabled():
    for _ in range(10):
        QApplication.processEvents()
    box = dlg2.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.Ok).isEnabled()
result['save_invalid'] = ok_enabled()
result['desordres'] = check('desordres')
result['annexes'] = check('annexes')
form.changeAttribute('statut', 'nimporte')
result['statut'] = check('statut')
result['save_bad_vocab'] = ok_enabled()
form.changeAttribute('statut', 'a_valider')
form.changeAttribute('desordres', open(WEIRD_FILE, encoding='utf-8').read())
form.changeAttribute('equipements', '{eglise,ecole}')
result['save_valid'] = ok_enabled()
saved = []
form.featureSaved.connect(lambda feat: saved.append(feat))
result['saved'] = form.save()
# as QgsFeatureAction does for a new feature: the form hands over the saved feature
if saved and layer.featureCount() == 0:
    layer.addFeature(saved[-1])
result['buffer'] = layer.featureCount()
result['commit'] = layer.commitChanges()
result['commit_errors'] = list(layer.commitErrors())
"""


def test_desktop_form_tabs_constraints_and_save(survey, tmp_path, out_dir):
    """In a real QGIS desktop: every tab of the fiche form (screenshots), the hard constraints with
    their French messages refuse invalid values, valid values (markup, emoji, 10 000 characters) are saved."""
    from qgis_run import run_desktop
    from vigie.core import fiche, survey_db

    weird = str(tmp_path / "weird.txt")
    with open(weird, "w", encoding="utf-8") as fh:
        fh.write(WEIRD)
    body = "PROJECT = {!r}\nOUT = {!r}\nWEIRD_FILE = {!r}\n".format(survey["PROJECT"], out_dir, weird) + FORM_BODY
    out = run_desktop(str(tmp_path / "profiles"), body, str(tmp_path / "result.json"))
    assert "error" not in out, out.get("error")
    assert out["read"]
    assert out["tabs"] == ["Visite", "Urbain", "Architecture", "Paysage", "État", "Synthèse",
                           "Préconisations", "Photos"]
    for shot in out["shots"]:
        assert os.path.getsize(shot) > 5000
    # defaults from the model: uuid, today, draft, scores "non observé"
    assert len(out["defaults"]["uuid"]) == 36
    assert out["defaults"]["statut"] == "brouillon" and out["defaults"]["etat_voirie"] == "9"
    assert out["defaults"]["date_visite"] not in ("", "NULL", "None")
    assert out["save_invalid"] is False
    ok, errors = out["desordres"]
    assert not ok and any("obligatoire dès qu'un état est médiocre ou mauvais" in e for e in errors), errors
    assert out["annexes"][0] is True
    ok, errors = out["statut"]
    assert not ok and any("Choisir dans la liste" in e for e in errors), errors
    assert out["save_bad_vocab"] is False
    assert out["save_valid"] is True and out["commit"], out["commit_errors"]
    assert out["saved"] is True, out
    rows = _rows(survey["GPKG"], "fiche")
    assert len(rows) == 1, out
    row = rows[0]
    assert row["desordres"] == WEIRD and row["cite_uuid"] == out["cite_uuid"] and row["statut"] == "a_valider"
    assert sorted(fiche.parse_multi(row["equipements"])) == ["ecole", "eglise"]
    assert survey_db.schema_differences(survey["GPKG"]) == []


# -- checksurvey ------------------------------------------------------------------------------

def test_checksurvey_reports_each_problem_per_fiche(survey, sample_small):
    from vigie.core import survey_db, survey_sample

    folder = os.path.dirname(survey["GPKG"])
    photos = sorted(glob.glob(os.path.join(sample_small["photos"], "*.jpg")))
    filled = survey_sample.fill_sample_fiches(folder, photos, count=2)
    clean = _run("vigie:checksurvey", {"SURVEY": folder, "OUTPUT": "TEMPORARY_OUTPUT"})
    assert clean["PROBLEMS"] == 0
    cite = _rows(survey["GPKG"], "cite")[2]
    survey_db.add_records(survey["GPKG"], "fiche", [{
        "cite_uuid": cite["uuid"], "enqueteurs": None, "etat_toitures": "4", "trame": "hexagonale"}])
    uuid = filled[0]["fiche"]
    with open(os.path.join(folder, "DCIM", "pas_une_image.jpg"), "w") as fh:
        fh.write("ceci n'est pas une photo")
    shutil.copy(os.path.join(ROOT, "resources", "icons", "ztv.svg"), os.path.join(folder, "DCIM", "x.svg"))
    survey_db.add_records(survey["GPKG"], "photo", [
        {"fiche_uuid": uuid, "fichier": "DCIM/absente.jpg"},
        {"fiche_uuid": uuid, "fichier": "/home/claire/DCIM/photo.jpg"},
        {"fiche_uuid": uuid, "fichier": "DCIM/pas_une_image.jpg"},
        {"fiche_uuid": uuid, "fichier": "DCIM/photo:1.jpg"},
    ])
    res = _run("vigie:checksurvey", {"SURVEY": survey["PROJECT"], "OUTPUT": "TEMPORARY_OUTPUT"})
    rows = [f.attributes() for f in res["OUTPUT"].getFeatures()]
    text = "\n".join(" | ".join(str(v) for v in r) for r in rows)
    assert "« Enquêteur(s) » is required" in text
    assert "« Désordres : description » is required" in text
    assert "hexagonale" in text and "trame" in text
    assert "DCIM/absente.jpg is not in the survey folder" in text
    assert "is absolute" in text
    assert "is not an image" in text
    assert "not portable" in text
    assert res["FICHES_WITH_PROBLEMS"] == 2
    assert cite["nom"] in text


# -- mergesurveys -----------------------------------------------------------------------------

def _tablet(master_folder, name):
    dst = os.path.join(os.path.dirname(master_folder), name)
    shutil.copytree(master_folder, dst)
    return dst


def _edit(gpkg, table, uuid, **values):
    """An edit made on a tablet (through GDAL, as QField's GeoPackage driver would)."""
    from osgeo import gdal

    ds = gdal.OpenEx(gpkg, gdal.OF_VECTOR | gdal.OF_UPDATE)
    layer = ds.GetLayerByName(table)
    layer.SetAttributeFilter("uuid = '{}'".format(uuid))
    f = layer.GetNextFeature()
    for k, v in values.items():
        f[k] = v
    layer.SetFeature(f)
    ds = None


def _merge_setup(survey, sample_small):
    from vigie.core import survey_sample

    master = os.path.dirname(survey["GPKG"])
    photos = sorted(glob.glob(os.path.join(sample_small["photos"], "*.jpg")))
    a, b = _tablet(master, "tablette A"), _tablet(master, "tablette B")
    cites = _rows(survey["GPKG"], "cite")
    fa = survey_sample.fill_sample_fiches(a, photos[:1], count=1, cite_names=[cites[0]["nom"]])
    fb = survey_sample.fill_sample_fiches(b, photos[1:2], count=1, cite_names=[cites[1]["nom"]])
    _edit(os.path.join(a, "survey.gpkg"), "cite", cites[3]["uuid"], logements=120)  # conflict...
    _edit(os.path.join(b, "survey.gpkg"), "cite", cites[3]["uuid"], logements=135)  # ...with this
    _edit(os.path.join(b, "survey.gpkg"), "cite", cites[4]["uuid"], compagnie=WEIRD)  # one-sided change
    return master, a, b, cites, fa, fb


def test_merge_two_tablets_adds_updates_reports_conflicts_and_is_idempotent(survey, sample_small):
    master, a, b, cites, fa, fb = _merge_setup(survey, sample_small)
    gpkg = survey["GPKG"]
    res = _run("vigie:mergesurveys", {"MASTER": master, "COPIES": [os.path.join(a, "survey.gpkg"),
                                                                   os.path.join(b, "survey.qgz")],
                                      "OUTPUT": "TEMPORARY_OUTPUT"})
    fiches = {r["uuid"]: r for r in _rows(gpkg, "fiche")}
    assert set(fiches) == {fa[0]["fiche"], fb[0]["fiche"]}
    photos = _rows(gpkg, "photo")
    assert len(photos) == 2
    for p in photos:
        assert os.path.isfile(os.path.join(master, p["fichier"]))
    assert len(_rows(gpkg, "preconisation")) == 4 + 4
    by_uuid = {c["uuid"]: c for c in _rows(gpkg, "cite")}
    assert by_uuid[cites[3]["uuid"]]["logements"] is None  # conflict: master kept
    assert by_uuid[cites[4]["uuid"]]["compagnie"] == WEIRD  # one-sided: applied, intact
    report = [f.attributes() for f in res["OUTPUT"].getFeatures()]
    conflicts = [r for r in report if r[4].startswith("CONFLICT")]
    assert len(conflicts) == 2 and {r[7] for r in conflicts} == {"120", "135"}
    assert all(r[5] == "Nombre de logements" for r in conflicts)
    assert res["CONFLICTS"] == 2 and res["UPDATED"] == 1
    assert res["ADDED"] == 2 + 2 + 4 + 4  # fiches + photos + préconisations
    before = _sha(gpkg)
    again = _run("vigie:mergesurveys", {"MASTER": gpkg, "COPIES": [a, b], "OUTPUT": "TEMPORARY_OUTPUT"})
    assert _sha(gpkg) == before
    assert again["ADDED"] == 0 and again["UPDATED"] == 0 and again["CONFLICTS"] == 2
    # the copies were only read
    assert len(_rows(os.path.join(a, "survey.gpkg"), "fiche")) == 1


CRASH_SCRIPT = """
import sys, time
sys.path.insert(0, %(root)r)
from core import survey_merge, survey_db
orig = survey_db.set_fields
def slow(*a, **k):
    time.sleep(0.02)
    return orig(*a, **k)
survey_db.set_fields = slow
print("start", flush=True)
survey_merge.merge(%(master)r, %(copies)r)
print("done", flush=True)
"""


def test_merge_killed_midway_leaves_master_unchanged_or_fully_merged(survey, sample_small):
    master, a, b, cites, fa, fb = _merge_setup(survey, sample_small)
    gpkg = survey["GPKG"]
    before = _sha(gpkg)
    script = CRASH_SCRIPT % {"root": ROOT, "master": gpkg, "copies": [os.path.join(a, "survey.gpkg"),
                                                                       os.path.join(b, "survey.gpkg")]}
    outcomes = []
    for delay in (0.3, 0.6, 0.9, 1.3):
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "start"
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        con = sqlite3.connect(gpkg)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = con.execute("SELECT count(*) FROM fiche").fetchone()[0]
        con.close()
        if _sha(gpkg) == before:
            assert n == 0
            outcomes.append("unchanged")
        else:
            assert n == 2 and len(_rows(gpkg, "preconisation")) == 8
            outcomes.append("merged")
            break
    assert "unchanged" in outcomes  # at least one kill landed mid-merge and left nothing half-done
    # and a later merge completes
    _run("vigie:mergesurveys", {"MASTER": master, "COPIES": [a, b], "OUTPUT": "TEMPORARY_OUTPUT"})
    assert len(_rows(gpkg, "fiche")) == 2
    assert not [n for n in os.listdir(master) if n.startswith(".vigie-merge-")]


def test_merge_refuses_a_locked_master_and_changes_nothing(survey, sample_small):
    from qgis.core import QgsProcessingException

    master, a, b, *_ = _merge_setup(survey, sample_small)
    before = _sha(survey["GPKG"])
    con = sqlite3.connect(survey["GPKG"])
    con.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(QgsProcessingException, match="in use by another program"):
            _run("vigie:mergesurveys", {"MASTER": master, "COPIES": [a], "OUTPUT": "TEMPORARY_OUTPUT"})
    finally:
        con.rollback()
        con.close()
    assert _sha(survey["GPKG"]) == before
    with pytest.raises(QgsProcessingException, match="given twice"):
        _run("vigie:mergesurveys", {"MASTER": master, "COPIES": [a, a], "OUTPUT": "TEMPORARY_OUTPUT"})


# -- bad input --------------------------------------------------------------------------------

def _memory_cites(crs, rows):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer("MultiPolygon?crs={}&field=nom:string&field=commune:string".format(crs), "mes cités", "memory")
    feats = []
    for name, commune, wkt in rows:
        f = QgsFeature(layer.fields())
        f.setAttributes([name, commune])
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


SQUARE = "MultiPolygon(((690000 7040000, 690100 7040000, 690100 7040100, 690000 7040100, 690000 7040000)))"
SQUARE_WGS84 = "MultiPolygon(((2.83 50.43, 2.84 50.43, 2.84 50.44, 2.83 50.44, 2.83 50.43)))"


def test_createsurvey_bad_inputs_give_clear_errors_and_never_overwrite(vigie_provider, tmp_path):
    from qgis.core import QgsProcessingException

    def run(layer, folder):
        return _run("vigie:createsurvey", {"CITES": layer, "OUTPUT_FOLDER": str(tmp_path / folder)})

    with pytest.raises(QgsProcessingException, match="have no name"):
        run(_memory_cites("EPSG:2154", [("Cité A", "Lens", SQUARE), (None, "Lens", SQUARE)]), "a")
    with pytest.raises(QgsProcessingException, match="more than once .* same commune: Cité A"):
        run(_memory_cites("EPSG:2154", [("Cité A", "Lens", SQUARE), ("Cité A", "Lens", SQUARE)]), "b")
    with pytest.raises(QgsProcessingException, match="has no feature"):
        run(_memory_cites("EPSG:2154", []), "c")
    from qgis.core import QgsVectorLayer

    nameless = QgsVectorLayer("MultiPolygon?crs=EPSG:2154&field=code:string", "sans nom", "memory")
    from qgis.core import QgsFeature, QgsGeometry

    feat = QgsFeature(nameless.fields())
    feat.setAttributes(["A1"])
    feat.setGeometry(QgsGeometry.fromWkt(SQUARE))
    nameless.dataProvider().addFeatures([feat])
    with pytest.raises(QgsProcessingException, match="no name field"):
        run(nameless, "d")
    # another CRS: reprojected to Lambert-93; twins in different communes: accepted with a warning
    res = run(_memory_cites("EPSG:4326", [("Cité A", "Lens", SQUARE_WGS84), ("Cité A", "Liévin", SQUARE_WGS84)]), "e")
    from osgeo import ogr

    ds = ogr.Open(res["GPKG"])
    env = ds.GetLayerByName("cite").GetExtent()
    assert 600000 < env[0] < 800000 and 6900000 < env[2] < 7200000
    assert sorted(r["communes"] for r in _rows(res["GPKG"], "cite")) == ["Lens", "Liévin"]
    # a non-empty folder is refused and left as it was
    before = _sha(res["GPKG"])
    with pytest.raises(QgsProcessingException, match="is not empty"):
        run(_memory_cites("EPSG:2154", [("Cité B", "Lens", SQUARE)]), "e")
    assert _sha(res["GPKG"]) == before


def test_check_of_a_locked_or_missing_survey_is_a_clear_error(survey, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="Cannot read the survey GeoPackage"):
        _run("vigie:checksurvey", {"SURVEY": str(tmp_path), "OUTPUT": "TEMPORARY_OUTPUT"})


def test_photo_date_and_direction_default_from_exif(survey, sample_small, qgis_app):
    """The photo form reads the shot's date and direction from its EXIF (QGIS and QField evaluate it)."""
    from qgis.core import QgsExpressionContextUtils, QgsProject, QgsVectorLayerUtils

    from vigie.core import photos

    folder = os.path.dirname(survey["GPKG"])
    src = sorted(glob.glob(os.path.join(sample_small["photos"], "*.jpg")))[0]
    shutil.copy(src, os.path.join(folder, "DCIM", "cité_1.jpg"))
    info = photos.exif_info(src)
    assert info["direction"] is not None and info["taken_at"]
    project = QgsProject.instance()
    project.clear()
    try:
        assert project.read(survey["PROJECT"])
        layer = project.mapLayersByName("Photos")[0]
        context = layer.createExpressionContext()
        context.appendScope(QgsExpressionContextUtils.projectScope(project))
        feature = QgsVectorLayerUtils.createFeature(layer, attributes={layer.fields().indexOf("fichier"): "DCIM/cité_1.jpg"},
                                                    context=context)
        direction = layer.defaultValue(layer.fields().indexOf("direction"), feature, context)
        taken = layer.defaultValue(layer.fields().indexOf("prise_le"), feature, context)
        assert abs(float(direction) - info["direction"]) < 1e-6
        assert taken.toString("yyyy-MM-ddTHH:mm:ss") == info["taken_at"]
    finally:
        project.clear()


def test_check_of_a_locked_survey_is_a_clear_error(survey):
    from qgis.core import QgsProcessingException

    con = sqlite3.connect(survey["GPKG"])
    con.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(QgsProcessingException, match="Cannot read the survey GeoPackage"):
            _run("vigie:checksurvey", {"SURVEY": survey["GPKG"], "OUTPUT": "TEMPORARY_OUTPUT"})
    finally:
        con.rollback()
        con.close()
    assert _run("vigie:checksurvey", {"SURVEY": survey["GPKG"], "OUTPUT": "TEMPORARY_OUTPUT"})["PROBLEMS"] == 0
