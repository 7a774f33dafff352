"""vigie:influencezones end to end in real QGIS on the small sample landscape, with a
hand-made perimeter, buffer zone and communes; and the pure band/zone logic."""

import os
import sys

import numpy as np
import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsGeometry, QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer
from shapely import wkb as shapely_wkb
from shapely.geometry import LineString, Point, box

from vigie.core import zones as core_zones

RADIUS = 2450.0  # every visible cell (centre within 2450 m + half a diagonal) is inside the last band
BANDS = "0,500,1000,2500"
MIN_AREA = 2000.0  # above one 25 m cell (625 m²): isolated cells are dropped
PERIM = (683000.0, 7036000.0, 687000.0, 7040000.0)
BUFFER = (681500.0, 7035000.0, 690000.0, 7041000.0)
WEST = (679000.0, 7034000.0, 686000.0, 7043000.0)
EAST = (686000.0, 7034000.0, 701000.0, 7043000.0)  # south of y=7034000: no commune
IDS = ("E002", "E006", "E028", "E030")  # headframe (point), spoil tip, cité (polygons), embankment (line)


class Log(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.warnings = []

    def pushWarning(self, m):  # noqa: N802
        self.warnings.append(m)


def _rect_layer(path, name, rects, field="nom"):
    drv = ogr.GetDriverByName("GPKG")
    ds = drv.Open(path, 1) if os.path.exists(path) else drv.CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    lyr = ds.CreateLayer(name, srs=srs, geom_type=ogr.wkbMultiPolygon)
    lyr.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    for label, r in rects:
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetGeometry(ogr.ForceToMultiPolygon(ogr.CreateGeometryFromWkb(box(*r).wkb)))
        f.SetField(field, label)
        lyr.CreateFeature(f)
    ds = None
    return path + "|layername=" + name


def _run(params, feedback=None):
    import processing

    return processing.run("vigie:influencezones", params, feedback=feedback or QgsProcessingFeedback())


@pytest.fixture(scope="module")
def hand(sample_small, tmp_path_factory):
    tmp = str(tmp_path_factory.mktemp("zones"))
    gpkg = os.path.join(tmp, "hand.gpkg")
    gdal.VectorTranslate(gpkg, sample_small["gpkg"], layers=["elements"], format="GPKG",
                         where="id IN ({})".format(",".join("'%s'" % i for i in IDS)))
    return {
        "tmp": tmp,
        "elements": gpkg + "|layername=elements",
        "perimeter": _rect_layer(gpkg, "perimetre", [("Bien", PERIM)]),
        "buffer": _rect_layer(gpkg, "tampon", [("Zone tampon", BUFFER)]),
        "communes": _rect_layer(gpkg, "communes", [("Ouestville", WEST), ("Estville", EAST)]),
    }


@pytest.fixture(scope="module")
def zones_run(vigie_provider, sample_small, hand):
    tmp = hand["tmp"]
    log = Log()
    res = _run({
        "DEM": sample_small["dem"], "ELEMENTS": hand["elements"], "PERIMETER": hand["perimeter"],
        "BUFFER_ZONE": hand["buffer"], "COMMUNES": hand["communes"], "BANDS": BANDS, "MIN_AREA": MIN_AREA,
        "RADIUS": RADIUS, "ACCURACY": 0, "OUTPUT": os.path.join(tmp, "zones.gpkg"),
        "OUTPUT_ELEMENTS": os.path.join(tmp, "elements.csv"), "OUTPUT_COMMUNES": os.path.join(tmp, "communes.csv"),
    }, log)
    zones = QgsVectorLayer(res["OUTPUT"], "zones", "ogr")
    feats = list(zones.getFeatures())
    table = list(QgsVectorLayer(res["OUTPUT_ELEMENTS"], "t", "ogr").getFeatures())
    communes = list(QgsVectorLayer(res["OUTPUT_COMMUNES"], "c", "ogr").getFeatures())
    return res, zones, feats, table, communes, log


def _f(v):
    return float(v)


def test_band_areas_add_up_to_the_visible_area(zones_run):
    res, _, feats, table, _, _ = zones_run
    assert {f["element_id"] for f in table} == set(IDS)
    for eid in IDS:
        rows = [f for f in table if f["element_id"] == eid]
        assert [int(f["band_index"]) for f in rows] == [0, 1, 2]
        assert [f["band"] for f in rows] == ["0–500 m", "500–1000 m", "1000–2500 m"]
        total = _f(rows[0]["element_visible_ha"])
        assert total > 1.0, eid
        assert sum(_f(f["visible_ha"]) for f in rows) == pytest.approx(total, abs=1e-4)
        assert _f(rows[0]["beyond_ha"]) == pytest.approx(0.0, abs=1e-4)
        for row in rows:
            polys = [f for f in feats if f["element_id"] == eid and int(f["band_index"]) == int(row["band_index"])]
            kept = sum(f["area_m2"] for f in polys) / 1e4
            assert kept + _f(row["slivers_ha"]) == pytest.approx(_f(row["visible_ha"]), abs=1e-4)
            zones_sum = _f(row["bien_ha"]) + _f(row["zone_tampon_ha"]) + _f(row["hors_zone_ha"])
            assert zones_sum == pytest.approx(kept, abs=1e-4)
            assert 0.0 <= _f(row["visible_share"]) <= 1.0
            assert _f(row["visible_share"]) == pytest.approx(_f(row["visible_ha"]) / _f(row["band_area_ha"]), abs=1e-5)
    # the near band around a headframe is mostly visible, the far one much less
    e2 = [f for f in table if f["element_id"] == "E002"]
    assert _f(e2[0]["visible_share"]) > _f(e2[2]["visible_share"])


def test_visible_area_is_that_of_vigie_ztv(zones_run, sample_small, hand):
    import processing

    _, _, _, table, _, _ = zones_run
    tmp = hand["tmp"]
    # GDAL-only accuracy on both sides: the repaired modes vary by a few cells from run to run
    # (the order in which the two engine threads finish), which would blur an exact comparison
    ztv = processing.run("vigie:ztv", {"DEM": sample_small["dem"], "ELEMENTS": hand["elements"], "RADIUS": RADIUS,
                                       "ACCURACY": 0,
                                       "OUTPUT_COUNT": os.path.join(tmp, "count.tif"),
                                       "OUTPUT_TABLE": os.path.join(tmp, "ztv.csv")})
    ztv_ha = {f["element_id"]: _f(f["visible_area_ha"]) for f in QgsVectorLayer(ztv["OUTPUT_TABLE"], "t", "ogr").getFeatures()}
    for eid in IDS:
        row = next(f for f in table if f["element_id"] == eid)
        assert _f(row["element_visible_ha"]) == pytest.approx(ztv_ha[eid], abs=1e-4)


def test_geometries_valid_no_sliver_and_shares_in_range(zones_run):
    _, zones, feats, _, _, _ = zones_run
    assert zones.crs().authid() == "EPSG:2154"
    assert len(feats) > 10
    for f in feats:
        g = f.geometry()
        assert g.isGeosValid(), (f["element_id"], f["band"], f["zone"])
        sg = shapely_wkb.loads(bytes(g.asWkb()))
        assert sg.is_valid and sg.geom_type == "MultiPolygon"
        assert min(p.area for p in sg.geoms) >= MIN_AREA
        assert f["area_m2"] == pytest.approx(sg.area, rel=1e-9)
        assert 0.0 <= f["band_visible_share"] <= 1.0 and 0.0 < f["share_of_band"] <= 1.0


def test_bien_buffer_and_commune_flags_against_the_hand_made_zones(zones_run):
    _, _, feats, _, _, _ = zones_run
    perim, buf = box(*PERIM), box(*BUFFER)
    west, east = box(*WEST), box(*EAST)
    seen = set()
    for f in feats:
        g = shapely_wkb.loads(bytes(f.geometry().asWkb()))
        a = g.area
        seen.add((f["zone"], f["commune"]))
        if f["zone"] == "bien":
            assert g.difference(perim).area < 1e-6 * a
        elif f["zone"] == "zone_tampon":
            assert g.difference(buf).area < 1e-6 * a and g.intersection(perim).area < 1e-6 * a
        else:
            assert f["zone"] == "hors_zone"
            assert g.intersection(buf).area < 1e-6 * a
        c = {"Ouestville": west, "Estville": east}.get(f["commune"])
        if c is not None:
            assert g.difference(c).area < 1e-6 * a
        else:
            assert f["commune"] == "" or f["commune"] is None or str(f["commune"]) == "NULL"
            assert g.intersection(west.union(east)).area < 1e-6 * a
    # the hand-made zones are crossed: every zone and both communes occur
    assert {z for z, _ in seen} == {"bien", "zone_tampon", "hors_zone"}
    assert {"Ouestville", "Estville"} <= {c for _, c in seen}


def test_distance_bands_measured_from_the_element(zones_run, hand):
    _, _, feats, _, _, _ = zones_run
    ds = ogr.Open(hand["elements"].split("|")[0])
    lyr = ds.GetLayerByName("elements")
    geoms = {f["id"]: shapely_wkb.loads(bytes(f.GetGeometryRef().ExportToWkb())) for f in lyr}
    for f in feats:
        el = geoms[f["element_id"]]
        g = shapely_wkb.loads(bytes(f.geometry().asWkb()))
        d0, d1 = f["from_m"], f["to_m"]
        assert g.distance(el) >= d0 * (1 - 2e-3) - 0.01
        assert el.buffer(d1 + 0.01, 64).buffer(d1 * 2e-3).contains(g) or g.difference(el.buffer(d1 * 1.002)).area < 1e-6
    # the polygon element's inside is in the first band
    cite = geoms["E028"]
    near = [shapely_wkb.loads(bytes(f.geometry().asWkb())) for f in feats
            if f["element_id"] == "E028" and f["band_index"] == 0]
    assert any(g.intersects(cite.representative_point()) for g in near) or not cite.representative_point().within(
        box(*PERIM))


def test_summary_per_commune(zones_run):
    _, _, feats, _, communes, _ = zones_run
    assert communes and {f["commune"] for f in communes} <= {"Ouestville", "Estville"}
    for row in communes:
        polys = [f for f in feats if f["element_id"] == row["element_id"] and f["commune"] == row["commune"]]
        assert _f(row["visible_ha"]) == pytest.approx(sum(f["area_m2"] for f in polys) / 1e4, abs=1e-4)
        assert _f(row["bien_ha"]) == pytest.approx(sum(f["area_m2"] for f in polys if f["zone"] == "bien") / 1e4,
                                                   abs=1e-4)
        nearest = min(int(f["band_index"]) for f in polys)
        assert row["nearest_band"] == ["0–500 m", "500–1000 m", "1000–2500 m"][nearest]
        assert _f(row["nearest_from_m"]) == [0.0, 500.0, 1000.0][nearest]


def test_rendered_by_band(zones_run, sample_small, hand, out_dir):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts"))
    from zones_quicklook import render_zones

    from vigie.processing.influence_zones import style_zones_layer

    res, zones, _, _, _, _ = zones_run
    layer = QgsVectorLayer(res["OUTPUT"], "zones", "ogr")
    style_zones_layer(layer, [0.0, 500.0, 1000.0, 2500.0])
    labels = [i.label() for i in layer.renderer().legendSymbolItems()]
    assert labels == ["0–500 m", "500 m–1 km", "1–2,5 km"]
    from qgis.core import QgsFillSymbol

    perim = QgsVectorLayer(hand["perimeter"], "p", "ogr")
    perim.renderer().setSymbol(QgsFillSymbol.createSimple(
        {"color": "0,0,0,0", "outline_color": "#7a0177", "outline_width": "0.7"}))
    png = render_zones(layer, sample_small["dem"], os.path.join(out_dir, "influence_zones.png"),
                       "Zones d'influence (test)", [perim])
    from qgis.PyQt.QtGui import QImage

    img = QImage(png)
    assert img.width() == 1400
    # the three band colours are on the map
    colours = {img.pixelColor(x, y).name() for x in range(0, 1070, 4) for y in range(60, img.height(), 4)}
    assert len(colours) > 20
    layer2 = QgsVectorLayer(res["OUTPUT"], "zones", "ogr")
    style_zones_layer(layer2, list(core_zones.DEFAULT_BANDS))
    assert [i.label() for i in layer2.renderer().legendSymbolItems()] == [
        "Proche (0–500 m)", "Intermédiaire (500 m–2 km)", "Éloigné (2–5 km)", "Lointain (5–10 km)"]


@pytest.mark.parametrize("bands, match", [("0,500,500,2000", "must increase"), ("0,2000,500", "must increase"),
                                          ("0,abc", "not a distance"), ("1000", "at least two"),
                                          ("-5,100", ">= 0")])
def test_bad_bands_are_refused(vigie_provider, sample_small, hand, bands, match):
    with pytest.raises(QgsProcessingException, match=match):
        _run({"DEM": sample_small["dem"], "ELEMENTS": hand["elements"], "PERIMETER": hand["perimeter"],
              "BUFFER_ZONE": hand["buffer"], "BANDS": bands, "RADIUS": RADIUS,
              "OUTPUT": os.path.join(hand["tmp"], "bad.gpkg")})


def test_cut_zone_analytic():
    """A fully visible disc around a point: band areas are the ring areas, shares 1,
    the perimeter half-plane takes half of each ring."""
    el = Point(0, 0)
    vis = Point(0, 0).buffer(1000, 256)
    analysed = core_zones.analysed_area([(0, 0)], 1000.0, (-5000, -5000, 5000, 5000))
    perim = box(-5000, -5000, 0, 5000)
    buf = box(-5000, -5000, 5000, 5000)
    ez = core_zones.cut_zone(vis, el, [0, 300, 1000], analysed, perim, buf,
                             [("A", box(-5000, -5000, 5000, 200)), ("B", box(-5000, 200, 5000, 5000))], 10.0)
    assert ez.visible_m2 == pytest.approx(vis.area)
    a0 = np.pi * 300 ** 2
    assert ez.bands[0].visible_m2 == pytest.approx(a0, rel=2e-3)
    assert ez.bands[1].visible_m2 == pytest.approx(np.pi * 1000 ** 2 - a0, rel=2e-3)
    for st in ez.bands:
        assert st.visible_share == pytest.approx(1.0, abs=3e-3)
        assert st.zone_m2["bien"] == pytest.approx(st.zone_m2["zone_tampon"], rel=1e-3)
        assert st.zone_m2["hors_zone"] == 0.0
    assert {p.commune for p in ez.pieces} == {"A", "B"}
    assert sum(p.area_m2 for p in ez.pieces) + sum(s.slivers_m2 for s in ez.bands) + ez.beyond_m2 == pytest.approx(
        vis.area)
    assert ez.beyond_m2 < 2e-3 * vis.area  # the 256-gon disc pokes out of the 128-gon ring
    # a line element: band 0 is a stadium around it
    line = LineString([(0, 0), (1000, 0)])
    ez = core_zones.cut_zone(box(-2000, -2000, 3000, 2000), line, [0, 100, 200], box(-2000, -2000, 3000, 2000),
                             box(0, 0, 0, 0), box(0, 0, 0, 0), (), 0.0)
    assert ez.bands[0].visible_m2 == pytest.approx(2 * 100 * 1000 + np.pi * 100 ** 2, rel=1e-3)
    assert ez.bands[1].visible_m2 == pytest.approx(2 * 100 * 1000 + np.pi * (200 ** 2 - 100 ** 2), rel=1e-3)
    assert {p.zone for p in ez.pieces} == {"hors_zone"}


def test_slivers_and_overlapping_communes():
    multi = core_zones.load(box(0, 0, 100, 100).union(box(200, 0, 205, 5)).wkb)
    kept, dropped = core_zones.drop_slivers(multi, 50.0)
    assert kept.area == pytest.approx(10000.0) and dropped == pytest.approx(25.0)
    # a self-intersecting bow tie is repaired, not lost
    bow = core_zones.clean(shapely_wkb.loads(bytes.fromhex(
        ogr.CreateGeometryFromWkt("POLYGON((0 0,10 10,10 0,0 10,0 0))").ExportToWkb().hex())))
    assert bow.is_valid and bow.area == pytest.approx(50.0)
    communes, overlap = core_zones.disjoint_communes([("A", box(0, 0, 10, 10).wkb), ("B", box(5, 0, 15, 10).wkb)])
    assert overlap == pytest.approx(50.0)
    assert communes[0][1].area == pytest.approx(100.0) and communes[1][1].area == pytest.approx(50.0)


def test_parse_bands():
    assert core_zones.parse_bands("0,500,2000,5000,10000") == list(core_zones.DEFAULT_BANDS)
    assert core_zones.parse_bands(" 0 ; 250 ") == [0.0, 250.0]
    assert core_zones.band_names(core_zones.DEFAULT_BANDS) == ["proche", "intermédiaire", "éloigné", "lointain"]
    for bad in ("", "5,5", "10,5", "x", "0,nan"):
        with pytest.raises(ValueError):
            core_zones.parse_bands(bad)
    # the QGIS geometry of a clean piece is valid too
    g = QgsGeometry.fromWkt(box(0, 0, 1, 1).wkt)
    assert g.isGeosValid()


class CancelWhenCutting(QgsProcessingFeedback):
    def setProgressText(self, text):  # noqa: N802
        super().setProgressText(text)
        if text.startswith("Cutting"):
            self.cancel()


def test_cancel_leaves_no_output(vigie_provider, sample_small, hand):
    out = os.path.join(hand["tmp"], "canceled.gpkg")
    fb = CancelWhenCutting()
    res = _run({"DEM": sample_small["dem"], "ELEMENTS": hand["elements"], "PERIMETER": hand["perimeter"],
                "BUFFER_ZONE": hand["buffer"], "BANDS": BANDS, "RADIUS": RADIUS, "ACCURACY": 0,
                "OUTPUT": out, "OUTPUT_ELEMENTS": os.path.join(hand["tmp"], "canceled.csv")}, fb)
    assert fb.isCanceled() and not res.get("OUTPUT")
    assert not os.path.exists(out) and not os.path.exists(os.path.join(hand["tmp"], "canceled.csv"))


def test_zones_in_another_crs_and_overlapping_communes(vigie_provider, sample_small, hand, zones_run):
    """The perimeter given in WGS 84 is reprojected (warning) and flags the same pieces;
    overlapping communes are made disjoint (warning) and nothing is counted twice."""
    tmp = hand["tmp"]
    gpkg = os.path.join(tmp, "other.gpkg")
    src = osr.SpatialReference()
    src.ImportFromEPSG(2154)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    g = ogr.CreateGeometryFromWkb(box(*PERIM).wkb)
    g.Segmentize(10.0)
    g.Transform(osr.CoordinateTransformation(src, dst))
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(gpkg)
    lyr = ds.CreateLayer("perimetre_wgs84", srs=dst, geom_type=ogr.wkbPolygon)
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetGeometry(g)
    lyr.CreateFeature(f)
    ds = None
    communes = _rect_layer(gpkg, "communes_overlap", [("Ouestville", (679000.0, 7034000.0, 687000.0, 7043000.0)),
                                                      ("Estville", EAST)])
    log = Log()
    res = _run({"DEM": sample_small["dem"], "ELEMENTS": hand["elements"],
                "PERIMETER": gpkg + "|layername=perimetre_wgs84", "BUFFER_ZONE": hand["buffer"],
                "COMMUNES": communes, "BANDS": BANDS, "MIN_AREA": MIN_AREA, "RADIUS": RADIUS, "ACCURACY": 0,
                "OUTPUT": os.path.join(tmp, "zones_other.gpkg"),
                "OUTPUT_ELEMENTS": os.path.join(tmp, "elements_other.csv")}, log)
    assert any("EPSG:4326" in w and "reprojected" in w for w in log.warnings), log.warnings
    assert any("overlap on 900.00 ha" in w for w in log.warnings), log.warnings
    table = {(f["element_id"], int(f["band_index"])): f
             for f in QgsVectorLayer(res["OUTPUT_ELEMENTS"], "t", "ogr").getFeatures()}
    ref = {(f["element_id"], int(f["band_index"])): f for f in zones_run[3]}
    for key, row in ref.items():
        # same visible areas; the Bien differs only by the reprojected outline (< 1 m)
        assert float(table[key]["visible_ha"]) == pytest.approx(float(row["visible_ha"]), abs=1e-6)
        assert float(table[key]["bien_ha"]) == pytest.approx(float(row["bien_ha"]), abs=0.05 + 1e-3 * float(row["bien_ha"]))
    feats = list(QgsVectorLayer(res["OUTPUT"], "z", "ogr").getFeatures())
    west = [shapely_wkb.loads(bytes(f.geometry().asWkb())) for f in feats if f["commune"] == "Ouestville"]
    east = [shapely_wkb.loads(bytes(f.geometry().asWkb())) for f in feats if f["commune"] == "Estville"]
    # the overlap (x 686000-687000) went to Ouestville, the first commune of the layer
    assert any(g.bounds[2] > 686000.5 for g in west)
    assert all(g.bounds[0] >= 687000.0 - 1e-6 for g in east)
