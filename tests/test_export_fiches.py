"""vigie:exportfiches end to end on a real survey GeoPackage: real QGIS maps, real PDFs read back
with poppler (pdftotext, pdfinfo, pdfimages, pdftohtml), pages rendered to PNG in test-output/."""

import os
import re
import shutil
import subprocess

import pdf_survey
import pytest
from osgeo import ogr
from qgis.core import QgsProcessingException, QgsProcessingFeedback


def pdftext(path: str, raw: bool = False) -> str:
    args = ["pdftotext"] + (["-raw"] if raw else []) + [path, "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def pdfinfo(path: str) -> dict:
    out = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def pdfimages(path: str) -> list:
    out = subprocess.run(["pdfimages", "-list", path], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        rows.append({"page": int(parts[0]), "type": parts[2], "width": int(parts[3]), "height": int(parts[4]),
                     "enc": parts[8]})
    return rows


def outline(path: str) -> list:
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", path], check=True, capture_output=True,
                         text=True).stdout
    return re.findall(r'<item page="(\d+)">(.*?)</item>', xml)


def render_pages(pdf: str, out_dir: str, prefix: str) -> list:
    subprocess.run(["pdftoppm", "-r", "60", "-png", pdf, os.path.join(out_dir, prefix)], check=True)
    return sorted(f for f in os.listdir(out_dir) if f.startswith(prefix) and f.endswith(".png"))


class Recorder(QgsProcessingFeedback):
    def __init__(self, cancel_at=None):
        super().__init__()
        self.errors, self.infos, self.progress = [], [], []
        self.cancel_at = cancel_at

    def reportError(self, error, fatalError=False):  # noqa: N802
        self.errors.append(error)

    def pushInfo(self, info):  # noqa: N802
        self.infos.append(info)

    def setProgress(self, p):  # noqa: N802
        self.progress.append(p)
        if self.cancel_at is not None and p >= self.cancel_at:
            self.cancel()
        super().setProgress(p)


def run(params, feedback=None):
    import processing

    return processing.run("vigie:exportfiches", params, feedback=feedback or Recorder())


@pytest.fixture(scope="module")
def survey(sample_small, tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("survey"))
    info = pdf_survey.make_survey(folder, sample_small["gpkg"], cites=3, photos=4)
    info["folder"] = folder
    return info


def refs(sample_small):
    g = sample_small["gpkg"]
    return {"ELEMENTS": g + "|layername=elements", "PERIMETER": g + "|layername=perimeter",
            "BUFFER_ZONE": g + "|layername=buffer_zone", "BUILDINGS": g + "|layername=buildings",
            "DEM": sample_small["dem"]}


def test_combined_pdf_has_every_label_value_map_photo_bookmark(vigie_provider, sample_small, survey, out_dir):
    from vigie.core import fiche
    from vigie.core.pdf import fiche_data

    folder = os.path.join(out_dir, "combined")
    shutil.rmtree(folder, ignore_errors=True)
    fb = Recorder()
    res = run(dict(refs(sample_small), SURVEY=os.path.join(survey["folder"], "survey.qgz"), MODE=1,
                   OUTPUT_FOLDER=folder, TITLE="Panel « cités » 2025 — œuvres & €"), fb)
    assert fb.errors == []
    assert res["SHEETS"] == 4 and res["PROBLEMS"] == 0
    [pdf] = res["FILES"]
    assert os.path.basename(pdf) == "panel-cites-2025-oeuvres.pdf"
    assert sorted(os.listdir(folder)) == ["panel-cites-2025-oeuvres.pdf"]  # no temporary left
    info = pdfinfo(pdf)
    assert info["Title"] == "Panel « cités » 2025 — œuvres & €"
    assert info["Author"] == "Vigie"
    assert "Bassin minier" in info["Subject"]
    with open(pdf, "rb") as fh:
        assert b"/Lang (fr-FR)" in fh.read()
    pages = int(info["Pages"])
    assert pages >= 1 + 3 * 2
    text = flat(pdftext(pdf))
    sv = fiche_data.load_survey(survey["gpkg"])
    for rec in sv.fiches:
        if rec["uuid"] not in survey["fiches"]:
            continue
        for _tab, rows in fiche.sections("fiche", rec):
            for label, value in rows:
                assert label in text, label
                if value:
                    assert flat(value) in text, (label, value)
        cite = sv.cites[rec["cite_uuid"]]
        for _tab, rows in fiche.sections("cite", cite):
            for label, value in rows:
                assert label in text and (not value or flat(value) in text), (label, value)
        for p in sv.preconisations[rec["uuid"]]:
            assert flat(p["texte"]) in text
        for p in sv.photos[rec["uuid"]]:
            assert p["legende"] in text
    for word in ("Œhlenschläger", "« témoin »", "120 000 €", "non renseigné", "Règlement du PLUi",
                 "Protection au titre du L.151-19", "OAP patrimoniale", "Recommandation", "Sommaire",
                 "page 1/{}".format(pages), "page {0}/{0}".format(pages), "visite du 03/06/2021", "dégradation"):
        assert word in text, word
    marks = [t for _p, t in outline(pdf)]
    for name in survey["cites"]:
        assert any(m.startswith(name + " — visite du 12/05/2025") for m in marks), name
    assert "Préconisations" in marks and "Photographies" in marks
    images = pdfimages(pdf)
    maps = [i for i in images if i["width"] == 819 and i["height"] == 724]  # 104 × 92 mm at 200 dpi
    assert len(maps) == 4  # 3 cités, one visited twice (the 2021 visit has no photo)
    photos = [i for i in images if i not in maps]
    assert len(photos) == 12 and all(i["enc"] == "jpeg" for i in images)
    assert all(i["width"] <= 680 for i in photos)  # downsampled (originals are 1600 px wide)
    assert os.path.getsize(pdf) < 3_000_000
    pngs = render_pages(pdf, out_dir, "combined")
    assert len(pngs) == pages


def test_one_file_per_cite_with_trend_and_safe_names(vigie_provider, sample_small, survey, out_dir):
    folder = os.path.join(out_dir, "per_cite")
    shutil.rmtree(folder, ignore_errors=True)
    fb = Recorder()
    res = run(dict(refs(sample_small), SURVEY=survey["gpkg"], MODE=0, OUTPUT_FOLDER=folder), fb)
    names = sorted(os.path.basename(f) for f in res["FILES"])
    assert names == sorted(os.listdir(folder)) and len(names) == 3
    for n in names:
        assert re.fullmatch(r"[a-z0-9-]+\.pdf", n), n
    assert fb.progress and fb.progress[-1] == 100.0 and fb.progress == sorted(fb.progress)
    first = survey["cites"][0]  # the cité with an earlier visit (2021)
    for pdf in res["FILES"]:
        text = flat(pdftext(pdf))
        title = pdfinfo(pdf)["Title"]
        mine = [c for c in survey["cites"] if title == "Fiche patrimoine — " + c]
        assert len(mine) == 1, (pdf, title)
        assert all(c not in text for c in survey["cites"] if c != mine[0] and mine[0] not in c)
        if mine[0] == first:
            # both visits of the cité are in its file, each with its own sheet
            assert "Visite du 03/06/2021" in text and "dégradation" in text and "amélioration" in text
            assert "cadre noir : note de la visite précédente, du 03/06/2021" in text
            assert "Première visite de la cité" in text  # the 2021 sheet
            assert int(pdfinfo(pdf)["Pages"]) >= 4
        else:
            assert "Première visite de la cité" in text and "03/06/2021" not in text
        render_pages(pdf, out_dir, os.path.basename(pdf)[:-4])


def test_plui_annex_groups_by_instrument(vigie_provider, sample_small, survey, out_dir):
    from vigie.core.pdf import fiche_data

    folder = os.path.join(out_dir, "annex")
    shutil.rmtree(folder, ignore_errors=True)
    res = run(dict(refs(sample_small), SURVEY=os.path.join(survey["folder"], "survey.qgz"), MODE=2,
                   OUTPUT_FOLDER=folder))
    sv = fiche_data.load_survey(survey["gpkg"])
    communes = sorted({c["communes"] for c in sv.cites.values() if c["nom"] in survey["cites"]})
    assert sorted(os.path.basename(f) for f in res["FILES"]) == sorted(
        "annexe-plui-" + fiche_data.slug(c) + ".pdf" for c in communes)
    for pdf in res["FILES"]:
        raw = flat(pdftext(pdf))
        heads = [raw.index(h) for h in ("Règlement du PLUi — ", "Protection au titre du L.151-19 — ",
                                        "OAP patrimoniale — ", "Recommandation — ")]
        assert heads == sorted(heads)
        # each préconisation sits under its instrument's heading
        for _theme, _action, text, instrument, _prio in pdf_survey.PRECOS:
            pos = raw.index(flat(text)[:40])
            idx = ["reglement", "l151_19", "oap", "recommandation"].index(instrument)
            assert heads[idx] < pos and (idx == 3 or pos < heads[idx + 1])
        assert "Préconisations patrimoniales — " in raw and "Cités de la commune" in raw
        assert len([i for i in pdfimages(pdf) if i["width"] > 1000]) == 1  # overview map
        render_pages(pdf, out_dir, os.path.basename(pdf)[:-4])


def test_selection_expression_and_bad_parameters(vigie_provider, survey, tmp_path):
    res = run(dict(SURVEY=survey["gpkg"], MODE=0, OUTPUT_FOLDER=str(tmp_path / "sel"),
                   FICHES="\"date_visite\" < '2022-01-01'"))
    assert res["SHEETS"] == 1 and len(res["FILES"]) == 1
    with pytest.raises(QgsProcessingException, match="expression"):
        run(dict(SURVEY=survey["gpkg"], MODE=0, OUTPUT_FOLDER=str(tmp_path / "x"), FICHES="\"statut\" = = 'x'"))
    with pytest.raises(QgsProcessingException, match="No fiche to export"):
        run(dict(SURVEY=survey["gpkg"], MODE=0, OUTPUT_FOLDER=str(tmp_path / "x"), FICHES="\"statut\" = 'nope'"))
    with pytest.raises(QgsProcessingException, match="No survey GeoPackage"):
        run(dict(SURVEY=str(tmp_path / "nothing.gpkg"), MODE=0, OUTPUT_FOLDER=str(tmp_path / "x")))
    with pytest.raises(QgsProcessingException, match="Cannot write in the output folder"):
        run(dict(SURVEY=survey["gpkg"], MODE=0, OUTPUT_FOLDER="/proc/vigie-fiches"))
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(QgsProcessingException, match="Cannot write in the output folder"):
        run(dict(SURVEY=survey["gpkg"], MODE=0, OUTPUT_FOLDER=str(blocker / "sub")))


def test_bad_photos_and_missing_geometry_are_reported_and_the_rest_continues(
        vigie_provider, sample_small, tmp_path, out_dir):
    folder = str(tmp_path / "bad")
    info = pdf_survey.make_survey(folder, sample_small["gpkg"], cites=3, photos=4, previous_for_first=False)
    dcim = os.path.join(folder, "DCIM")
    originals = {}
    files = sorted(os.listdir(dcim))
    os.remove(os.path.join(dcim, files[0]))  # missing
    with open(os.path.join(dcim, files[1]), "r+b") as fh:  # corrupt (truncated) JPEG
        fh.truncate(700)
    with open(os.path.join(dcim, files[2]), "wb") as fh:  # a PNG under a .jpg name: printed
        fh.write(pdf_survey.photo_bytes((900, 600), "png", fmt="PNG"))
    with open(os.path.join(dcim, files[3]), "wb") as fh:  # HEIC from an iPhone
        fh.write(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200)
    for f in os.listdir(dcim):
        with open(os.path.join(dcim, f), "rb") as fh:
            originals[f] = fh.read()
    ds = ogr.Open(info["gpkg"], 1)
    lyr = ds.GetLayerByName("cite")
    lyr.SetAttributeFilter("nom = '{}'".format(info["cites"][2].replace("'", "''")))
    f = lyr.GetNextFeature()
    f.SetGeometryDirectly(None)
    lyr.SetFeature(f)
    ds = None
    # a fiche whose cité was deleted (broken cite_uuid link)
    from vigie.core import survey_db

    ds = survey_db.open_gpkg(info["gpkg"], update=True)
    pdf_survey._insert(ds, "fiche", dict(pdf_survey.FICHE_VALUES, uuid="0badc17e-0000-4000-8000-000000000000",
                                         cite_uuid="no-such-cite", date_visite="2025-06-01"))
    ds = None
    out = os.path.join(out_dir, "bad")
    shutil.rmtree(out, ignore_errors=True)
    # a target that cannot be replaced (on Windows: open in a viewer; here a folder in the way)
    from vigie.core.pdf import fiche_data

    locked = os.path.join(out, fiche_data.slug(info["cites"][1]) + ".pdf")
    os.makedirs(os.path.join(locked, "keep"))
    fb = Recorder()
    res = run(dict(refs(sample_small), SURVEY=info["gpkg"], MODE=0, OUTPUT_FOLDER=out), fb)
    errors = "\n".join(fb.errors)
    assert "{}: photo {} not found".format(info["cites"][0], "DCIM/" + files[0]) in errors
    assert "photo DCIM/{} is damaged or not an image".format(files[1]) in errors
    assert "photo DCIM/{} is in a format a PDF cannot hold".format(files[3]) in errors
    assert "Cité {} has no geometry".format(info["cites"][2]) in errors
    assert "Cannot write {}".format(locked) in errors
    assert "Fiche 0badc17e-0000-4000-8000-000000000000 refers to a cité that is not in the survey" in errors
    assert files[2] not in errors  # the PNG prints
    assert len(res["FILES"]) == 3 and os.path.isdir(locked)
    orphan = os.path.join(out, "fiche-0badc17e.pdf")
    assert orphan in res["FILES"]
    assert "cité introuvable dans l'enquête" in flat(pdftext(orphan))
    assert sorted(os.listdir(out)) == sorted([os.path.basename(p) for p in res["FILES"]] + [os.path.basename(locked)])
    for f, data in originals.items():  # originals untouched
        with open(os.path.join(dcim, f), "rb") as fh:
            assert fh.read() == data
    first = [p for p in res["FILES"] if os.path.basename(p).startswith(fiche_data.slug(info["cites"][0]))][0]
    text = flat(pdftext(first))
    assert "Photo 1 : fichier introuvable (DCIM/{})".format(files[0]) in text
    assert "Photo 2 : image illisible ou endommagée" in text
    assert "Photo 4 : format non pris en charge (HEIC/HEIF) : convertir en JPEG" in text
    nogeo = [p for p in res["FILES"] if os.path.basename(p).startswith(fiche_data.slug(info["cites"][2]))][0]
    assert "Carte de situation non disponible : la cité n'a pas de géométrie" in flat(pdftext(nogeo))
    render_pages(first, out_dir, "bad_photos")


def test_cancel_leaves_no_partial_file(vigie_provider, sample_small, survey, tmp_path):
    out = str(tmp_path / "cancel")
    fb = Recorder(cancel_at=1.0)
    res = run(dict(refs(sample_small), SURVEY=survey["gpkg"], MODE=1, OUTPUT_FOLDER=out), fb)
    assert res["FILES"] == []
    assert os.listdir(out) == []
    out2 = str(tmp_path / "cancel2")
    fb = Recorder(cancel_at=30.0)  # per cité: the first file is complete, then it stops
    res = run(dict(SURVEY=survey["gpkg"], MODE=0, OUTPUT_FOLDER=out2), fb)
    assert 1 <= len(res["FILES"]) < 3
    assert sorted(os.listdir(out2)) == sorted(os.path.basename(p) for p in res["FILES"])
    for p in res["FILES"]:
        assert int(pdfinfo(p)["Pages"]) >= 2


def test_reference_layer_in_another_crs(vigie_provider, sample_small, survey, tmp_path):
    from osgeo import gdal

    from vigie.core.pdf import fiche_data

    wgs = str(tmp_path / "perimeter_4326.gpkg")
    gdal.VectorTranslate(wgs, sample_small["gpkg"], layers=["perimeter"], dstSRS="EPSG:4326", format="GPKG")
    name = "Cité de la Fosse 9"
    assert name in survey["cites"]
    counts = []
    for params in ({}, {"PERIMETER": wgs + "|layername=perimeter"}):
        out = str(tmp_path / ("with" if params else "without"))
        res = run(dict(params, SURVEY=survey["gpkg"], MODE=0, OUTPUT_FOLDER=out))
        pdf = os.path.join(out, fiche_data.slug(name) + ".pdf")
        assert pdf in res["FILES"]
        counts.append(flat(pdftext(pdf)).count("Bien inscrit"))
    # the legend gains "Bien inscrit": the perimeter, reprojected, is drawn around the cité
    assert counts[1] == counts[0] + 1


def test_downloaded_reference_layers_are_credited_in_the_footer(vigie_provider, sample_small, survey, tmp_path):
    """Provenance recorded by the downloads (issue 8) reaches the sheet's footer credits."""
    from osgeo import gdal

    from vigie.core import sources
    from vigie.core.pdf import fiche_data

    perim = str(tmp_path / "bien.gpkg")
    gdal.VectorTranslate(perim, sample_small["gpkg"], layers=["perimeter"], format="GPKG")
    ds = gdal.OpenEx(perim, gdal.OF_VECTOR | gdal.OF_UPDATE)
    sources.write_provenance(ds, [sources.make_provenance("datagouv_property", "https://example.org/bien.zip")])
    ds = None
    out = str(tmp_path / "out")
    res = run(dict(SURVEY=survey["gpkg"], MODE=0, OUTPUT_FOLDER=out, PERIMETER=perim + "|layername=perimeter"))
    pdf = os.path.join(out, fiche_data.slug(survey["cites"][0]) + ".pdf")
    assert pdf in res["FILES"]
    text = flat(pdftext(pdf))
    assert "Mission Bassin Minier Nord-Pas de Calais" in text and "Licence Ouverte" in text
