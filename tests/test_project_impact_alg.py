"""vigie:projectimpact end to end in real QGIS on the small sample landscape, and its bad inputs."""

import math
import os

import numpy as np
import pytest
from osgeo import gdal, ogr
from qgis.core import QgsProcessingException, QgsVectorLayer

from core import los


def _layer(sample, name):
    return sample["gpkg"] + "|layername=" + name


def _base(sample, tmp):
    return {
        "DEM": sample["dem"], "PROJECTS": _layer(sample, "projects"), "PROJECT_ID_FIELD": "id",
        "PROJECT_HEIGHT_FIELD": "height_m", "HUB_HEIGHT_FIELD": "hub_height_m",
        "ELEMENTS": _layer(sample, "elements"), "ID_FIELD": "id", "HEIGHT_FIELD": "height_m",
        "PERIMETER": _layer(sample, "perimeter"), "BUFFER_ZONE": _layer(sample, "buffer_zone"),
        "VIEWPOINTS": _layer(sample, "viewpoints"),
        "OUTPUT": os.path.join(tmp, "rows.gpkg"),
    }


@pytest.fixture(scope="module")
def run_all(vigie_provider, sample_small, tmp_path_factory):
    import processing

    tmp = str(tmp_path_factory.mktemp("impact"))
    params = dict(_base(sample_small, tmp), OUTPUT_SUMMARY=os.path.join(tmp, "summary.gpkg"),
                  OUTPUT_COVISIBILITY=os.path.join(tmp, "covis.gpkg"), OUTPUT_ZTV=os.path.join(tmp, "ztv.tif"),
                  OUTPUT_SHEETS=os.path.join(tmp, "sheets"))
    res = processing.run("vigie:projectimpact", params)
    return res, tmp


def _features(path):
    lyr = QgsVectorLayer(path, "x", "ogr")
    assert lyr.isValid(), path
    return lyr, list(lyr.getFeatures())


def test_table_rows_and_fields(run_all, sample_small):
    res, _tmp = run_all
    lyr, rows = _features(res["OUTPUT"])
    names = lyr.fields().names()
    for f in ("project_id", "element_id", "visible", "visible_height_m", "distance_m", "band", "grade",
              "visible_hub_m", "azimuth_deg", "elevation_deg", "in_view_cone", "skyline_break", "covis_ha",
              "covis_buffer_ha", "reason", "observer_type"):
        assert f in names, f
    el = ogr.Open(sample_small["gpkg"])
    n_el = el.GetLayerByName("elements").GetFeatureCount()
    n_pr = el.GetLayerByName("projects").GetFeatureCount()
    elem_rows = [f for f in rows if f["observer_type"] == "element"]
    # the sample spans 20 x 12 km: every element is within the 20 km range of every project
    assert len(elem_rows) == n_el * n_pr
    assert {f["grade"] for f in rows} <= {"negligible", "minor", "moderate", "major"}
    assert all(f["reason"] for f in rows)
    for f in rows:
        assert 0.0 <= f["visible_height_m"] <= f["project_height_m"] + 1e-6
        assert bool(f["visible"]) == (f["visible_height_m"] > 0)
        if f["visible_hub_m"] is not None and f["visible_hub_m"] != "NULL":
            assert f["visible_hub_m"] <= f["visible_height_m"] + 1e-6
    kinds = {f["project_id"]: f["project_kind"] for f in rows}
    assert any(f["visible_hub_m"] not in (None, "NULL") for f in rows if kinds[f["project_id"]] == "eolienne")
    assert all(f["visible_hub_m"] in (None, "NULL") for f in rows if kinds[f["project_id"]] != "eolienne")


def test_visible_height_agrees_with_the_exact_line_of_sight(run_all, sample_small):
    """Independent check of point elements' rows against core.los on the DEM (observer = element top,
    target = the turbine's cell): visible height = tip - minimum visible height."""
    res, _tmp = run_all
    _lyr, rows = _features(res["OUTPUT"])
    ds = gdal.Open(sample_small["dem"])
    dem = ds.GetRasterBand(1).ReadAsArray().astype(np.float64)
    nodata = ds.GetRasterBand(1).GetNoDataValue()
    gt = ds.GetGeoTransform()
    src = ogr.Open(sample_small["gpkg"])
    pts = {}
    for f in src.GetLayerByName("elements"):
        g = f.GetGeometryRef()
        if g.GetGeometryName() == "POINT" and f["height_m"] is not None:
            pts[f["id"]] = (g.GetX(), g.GetY(), f["height_m"])
    turb = {}
    for f in src.GetLayerByName("projects"):
        g = f.GetGeometryRef()
        if g.GetGeometryName() == "POINT":
            turb[f["id"]] = (g.GetX(), g.GetY(), f["height_m"], f["hub_height_m"])

    def cell(x, y):
        return int((gt[3] - y) // -gt[5]), int((x - gt[0]) // gt[1])

    checked = 0
    for f in rows:
        if f["observer_type"] != "element" or f["element_id"] not in pts or f["project_id"] not in turb:
            continue
        ex, ey, eh = pts[f["element_id"]]
        tx, ty, tip, hub = turb[f["project_id"]]
        r0, c0 = cell(ex, ey)
        m = los.min_visible_height(dem, r0, c0, eh, ([cell(tx, ty)[0]], [cell(tx, ty)[1]]), gt[1],
                                   curv_coeff=1 - 1 / 7.0, nodata=nodata)[0]
        assert f["visible_height_m"] == pytest.approx(max(0.0, tip - m), abs=0.02)
        assert f["visible_hub_m"] == pytest.approx(max(0.0, hub - m), abs=0.02)
        assert f["distance_m"] == pytest.approx(math.hypot(tx - ex, ty - ey), abs=0.1)
        checked += 1
    assert checked >= 20


def test_view_cone_crossing_north(run_all, sample_small):
    """V03 looks from 350° to 20° (crossing north), radius 3 km: in_view_cone must match the azimuth
    and distance of each project, computed here independently."""
    res, _tmp = run_all
    _lyr, rows = _features(res["OUTPUT"])
    src = ogr.Open(sample_small["gpkg"])
    vps = {f["id"]: f for f in src.GetLayerByName("viewpoints")}
    v = vps["V03"]
    assert (v["azimuth_min"], v["azimuth_max"]) == (350.0, 20.0)
    vrows = [f for f in rows if f["observer_type"] == "viewpoint" and f["element_id"] == "V03"]
    assert vrows
    for f in vrows:
        az = f["azimuth_deg"]
        expected = (az >= 350.0 or az <= 20.0) and f["distance_m"] <= v["radius_m"]
        assert bool(f["in_view_cone"]) == expected
    # the other viewpoints: at least one project inside a cone somewhere, and some outside
    cones = [bool(f["in_view_cone"]) for f in rows if f["observer_type"] == "viewpoint"]
    assert any(cones) and not all(cones)


def test_summary_locations_and_covisibility(run_all, sample_small):
    res, _tmp = run_all
    _lyr, summ = _features(res["OUTPUT_SUMMARY"])
    by = {f["project_id"]: f for f in summ}
    assert set(by) == {"P01", "P02", "P03", "P04", "P05", "P06", "P07"}
    buf = QgsVectorLayer(_layer(sample_small, "buffer_zone"), "b", "ogr")
    per = QgsVectorLayer(_layer(sample_small, "perimeter"), "p", "ogr")
    bz = next(buf.getFeatures()).geometry()
    pm = next(per.getFeatures()).geometry()
    prj = QgsVectorLayer(_layer(sample_small, "projects"), "pr", "ogr")
    for f in prj.getFeatures():
        g = f.geometry()
        want = "property" if g.intersects(pm) else "buffer_zone" if g.intersects(bz) else "outside"
        assert by[f["id"]]["location"] == want, f["id"]
        assert by[f["id"]]["dist_perimeter_m"] == pytest.approx(g.distance(pm), abs=0.5)
    assert by["P07"]["location"] == "buffer_zone"
    assert all(f["worst_grade"] in ("negligible", "minor", "moderate", "major") for f in summ)
    _l, zones = _features(res["OUTPUT_COVISIBILITY"])
    assert zones
    for z in zones:
        area = z.geometry().area() / 1e4
        assert z["area_ha"] == pytest.approx(area, rel=1e-3)
        assert 0.0 <= z["area_buffer_ha"] <= z["area_ha"] + 1e-6
    # the summary gives the union of the project's zones (they overlap): between the largest
    # zone and the sum, and never more than the project's own ZTV
    from qgis.core import QgsGeometry

    for pid in {z["project_id"] for z in zones}:
        mine = [z for z in zones if z["project_id"] == pid]
        union = QgsGeometry.unaryUnion([z.geometry() for z in mine]).area() / 1e4
        assert by[pid]["covis_ha"] == pytest.approx(union, rel=1e-3)
        assert max(z["area_ha"] for z in mine) <= by[pid]["covis_ha"] + 1e-6
        assert by[pid]["covis_ha"] <= by[pid]["ztv_km2"] * 100 + 1e-6
        assert by[pid]["covis_buffer_ha"] <= by[pid]["covis_ha"] + 1e-6


def test_ztv_raster_counts_parts(run_all, sample_small):
    res, _tmp = run_all
    ds = gdal.Open(res["OUTPUT_ZTV"])
    a = ds.GetRasterBand(1).ReadAsArray()
    nod = ds.GetRasterBand(1).GetNoDataValue()
    valid = a != nod
    assert os.path.exists(os.path.splitext(res["OUTPUT_ZTV"])[0] + ".qml")
    _lyr, summ = _features(res["OUTPUT_SUMMARY"])
    total_parts = sum(f["n_parts"] for f in summ)
    assert a[valid].max() <= total_parts
    assert a[valid].max() >= 4          # several projects seen together somewhere
    gt = ds.GetGeoTransform()
    # at the foot of turbine P01 every part of it is seen (the cell itself)
    src = ogr.Open(sample_small["gpkg"])
    for f in src.GetLayerByName("projects"):
        if f["id"] == "P01":
            g = f.GetGeometryRef()
            r, c = int((gt[3] - g.GetY()) // -gt[5]), int((g.GetX() - gt[0]) // gt[1])
            assert a[r, c] >= 1


def test_bad_inputs_clear_errors_nothing_written(vigie_provider, sample_small, tmp_path):
    import processing

    tmp = str(tmp_path)
    src = ogr.Open(sample_small["gpkg"])
    base_layer = src.GetLayerByName("projects")

    def projects_with(edit, name):
        path = os.path.join(tmp, name + ".gpkg")
        out = ogr.GetDriverByName("GPKG").CreateDataSource(path)
        lyr = out.CopyLayer(base_layer, "projects")
        feats = [f for f in lyr]
        edit(lyr, feats)
        out = None
        return path + "|layername=projects"

    def set_field(fid_name, field, value):
        def edit(lyr, feats):
            for f in feats:
                if f["id"] == fid_name:
                    if value is None:
                        f.SetFieldNull(field)
                    else:
                        f[field] = value
                    lyr.SetFeature(f)
        return edit

    def move(fid_name, dx):
        def edit(lyr, feats):
            for f in feats:
                if f["id"] == fid_name:
                    g = f.GetGeometryRef().Clone()
                    g.SetPoint_2D(0, g.GetX() + dx, g.GetY())
                    f.SetGeometry(g)
                    lyr.SetFeature(f)
        return edit

    def empty(lyr, feats):
        for f in feats:
            lyr.DeleteFeature(f.GetFID())

    cases = [
        (set_field("P02", "height_m", None), r"P02.*no height.*height_m"),
        (set_field("P03", "hub_height_m", 230.0), r"P03.*hub height 230.*above the total \(tip\) height 200"),
        (set_field("P04", "id", "P01"), r"id P01 twice.*field id"),
        (move("P01", 50000.0), r"P01.*outside the terrain model"),
        (empty, r"has no feature"),
    ]
    for i, (edit, pattern) in enumerate(cases):
        out = os.path.join(tmp, "rows{}.gpkg".format(i))
        params = dict(_base(sample_small, tmp), PROJECTS=projects_with(edit, "p{}".format(i)), OUTPUT=out,
                      OUTPUT_ZTV=os.path.join(tmp, "z{}.tif".format(i)))
        with pytest.raises(QgsProcessingException, match=pattern):
            processing.run("vigie:projectimpact", params)
        assert not os.path.exists(out)
        assert not os.path.exists(os.path.join(tmp, "z{}.tif".format(i)))
    # malformed grading parameters
    with pytest.raises(QgsProcessingException, match="one minor/moderate/major triple per band"):
        processing.run("vigie:projectimpact", dict(_base(sample_small, tmp), GRADE_THRESHOLDS="0/5/20"))


def test_impact_sheets_pdf(run_all, out_dir):
    """One French PDF per project: title, location, the affected elements with their grades and
    reasons, the parameters and the grading rules; pages rendered to PNG for a look."""
    import shutil
    import subprocess

    res, _tmp = run_all
    folder = res["OUTPUT_SHEETS"]
    pdfs = sorted(f for f in os.listdir(folder) if f.endswith(".pdf"))
    assert pdfs == ["fiche_impact_P0{}.pdf".format(i) for i in range(1, 8)]
    assert not [f for f in os.listdir(folder) if f.endswith(".part")]
    _lyr, rows = _features(res["OUTPUT"])
    grades_fr = {"negligible": "négligeable", "minor": "faible", "moderate": "modéré", "major": "fort"}
    for pid in ("P01", "P07"):
        path = os.path.join(folder, "fiche_impact_{}.pdf".format(pid))
        text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Fiche d'impact" in text and "projet {}".format(pid) in text
        assert "Éléments inscrits concernés" in text and "Règles de gradation" in text
        assert "Paramètres" in text and "Méthode" in text
        flat = " ".join(text.split())
        mine = [f for f in rows if f["project_id"] == pid and f["observer_type"] == "element"]
        worst = max(mine, key=lambda f: (f["grade_rank"], -f["distance_m"]))
        assert worst["element_id"] in flat
        assert grades_fr[worst["grade"]] in flat
        if pid == "P07":
            assert "dans la zone tampon" in flat
        else:
            assert "en bout de pale" in flat and "moyeu" in flat
        shutil.copy(path, out_dir)
        subprocess.run(["pdftoppm", "-r", "60", "-png", path, os.path.join(out_dir, pid)], check=True)
    assert any(f.endswith(".png") for f in os.listdir(out_dir))


def test_cancel_leaves_nothing(vigie_provider, sample_small, tmp_path):
    """Cancelled during the ZTV: no table, no raster, no sheet."""
    import processing
    from qgis.core import QgsProcessingFeedback

    class CancelLater(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.progressChanged.connect(self._check)

        def _check(self, p):
            if p > 35.0:
                self.cancel()

    tmp = str(tmp_path)
    out = os.path.join(tmp, "rows.gpkg")
    params = dict(_base(sample_small, tmp), OUTPUT=out, OUTPUT_ZTV=os.path.join(tmp, "z.tif"),
                  OUTPUT_SHEETS=os.path.join(tmp, "sheets"))
    fb = CancelLater()
    try:
        res = processing.run("vigie:projectimpact", params, feedback=fb)
    except QgsProcessingException:
        res = {}
    assert fb.isCanceled()
    assert not res or "OUTPUT_ZTV" not in res
    assert not os.path.exists(out) and not os.path.exists(os.path.join(tmp, "z.tif"))
    assert not os.path.exists(os.path.join(tmp, "sheets")) or not os.listdir(os.path.join(tmp, "sheets"))


def test_project_inside_an_element_polygon_warns_and_is_major(vigie_provider, sample_small, tmp_path):
    """A small building drawn inside the polygon of a cité element: a warning naming both, the row is
    major with the reason, the summary lists the element."""
    import processing
    from qgis.core import QgsProcessingFeedback

    src = ogr.Open(sample_small["gpkg"])
    cite = [f for f in src.GetLayerByName("elements") if f["type"] == "cite"][0]
    cite_id = cite["id"]
    pt = cite.GetGeometryRef().PointOnSurface()
    x, y = pt.GetX(), pt.GetY()
    path = os.path.join(str(tmp_path), "inside.gpkg")
    out = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = out.CreateLayer("projects", src.GetLayerByName("projects").GetSpatialRef(), ogr.wkbPolygon)
    for name, t in (("id", ogr.OFTString), ("height_m", ogr.OFTReal)):
        lyr.CreateField(ogr.FieldDefn(name, t))
    f = ogr.Feature(lyr.GetLayerDefn())
    f["id"] = "B1"
    f["height_m"] = 15.0
    f.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(
        a=x - 5, b=y - 5, c=x + 5, d=y + 5)))
    lyr.CreateFeature(f)
    f = None
    out = None

    class Log(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.warnings = []

        def pushWarning(self, m):  # noqa: N802
            self.warnings.append(m)

    log = Log()
    tmp = str(tmp_path)
    res = processing.run("vigie:projectimpact", dict(
        _base(sample_small, tmp), PROJECTS=path + "|layername=projects", HUB_HEIGHT_FIELD=None,
        OUTPUT_SUMMARY=os.path.join(tmp, "s.gpkg")), feedback=log)
    assert any("B1" in w and cite_id in w for w in log.warnings), log.warnings
    _lyr, rows = _features(res["OUTPUT"])
    (row,) = [r for r in rows if r["element_id"] == cite_id]
    assert row["inside_element"] and row["grade"] == "major" and row["distance_m"] == 0.0
    assert row["visible_height_m"] == 15.0
    assert "inside the element" in row["reason"]
    _l, summ = _features(res["OUTPUT_SUMMARY"])
    assert cite_id in summ[0]["inside_elements"].split(", ")
    assert summ[0]["location"] == "property"
