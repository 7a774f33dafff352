"""vigie:intervisibility end to end (real QGIS Processing, real GeoPackages): agreement
with the exact R3 line of sight, the wall between two towers, bad input."""

import math
import os

import numpy as np
import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer
from test_real_property import real_inputs  # noqa: F401 - the fixture


def _run(alg, params):
    import processing

    return processing.run(alg, params, feedback=QgsProcessingFeedback())


def _features(path):
    layer = QgsVectorLayer(path, "o", "ogr")
    assert layer.isValid(), path
    return [dict(zip(layer.fields().names(), f.attributes()), geom=f.geometry()) for f in layer.getFeatures()]


def test_network_of_the_sample_agrees_with_r3(vigie_provider, sample_small, tmp_path):
    from vigie.core import los
    from vigie.core.elements import GroundSampler

    out = str(tmp_path / "net.gpkg")
    obs = str(tmp_path / "obs.gpkg")
    res = _run("vigie:intervisibility", {
        "DEM": sample_small["dem"], "ELEMENTS": sample_small["gpkg"] + "|layername=elements",
        "HEIGHT_FIELD": "height_m", "MAX_DISTANCE": 6000.0, "OUTPUT": out, "OUTPUT_OBSTRUCTIONS": obs})
    rows = _features(res["OUTPUT"])
    n = res["N_PAIRS"]
    assert len(rows) == n > 50
    assert 0 < res["N_VISIBLE"] < n
    pairs = {(r["from_id"], r["to_id"]) for r in rows}
    assert len(pairs) == n and not any((b, a) in pairs for a, b in pairs)   # each pair once
    assert all(r["distance_m"] <= 6000.0 for r in rows)
    # agreement with core/los on every pair (tops: polygons at their highest cell)
    g = GroundSampler(sample_small["dem"])
    z = g.window(0, 0, g.nrows, g.ncols)
    from vigie.core.sightline import read_terrain

    ed = read_terrain(sample_small["dem"]).earth_diameter
    agree = 0
    for r in rows:
        line = r["geom"].asPolyline()
        (xa, ya), (xb, yb) = (line[0].x(), line[0].y()), (line[1].x(), line[1].y())
        ra, ca = g.cell(xa, ya)
        rb, cb = g.cell(xb, yb)
        req = los.min_visible_height(z, ra, ca, r["from_height_m"], ([rb], [cb]), (g.cx, g.cy),
                                     curv_coeff=1 - 1 / 7.0, earth_diameter=ed)[0]
        ref = req <= r["to_height_m"] + 1e-9
        agree += ref == r["visible"]
        assert (r["clearance_m"] >= -1e-6) == r["visible"] or abs(r["clearance_m"]) < 1e-3
        if not r["visible"]:
            assert 0 < r["obstruction_m"] < r["distance_m"]
            ox, oy = r["obstruction_x"], r["obstruction_y"]
            assert math.hypot(ox - xa, oy - ya) == pytest.approx(r["obstruction_m"], abs=0.01)
        else:
            assert r["obstruction_m"] is None or str(r["obstruction_m"]) == "NULL"
    assert agree == n
    points = _features(res["OUTPUT_OBSTRUCTIONS"])
    assert len(points) == n - res["N_VISIBLE"]


def _towers(tmp, wall_height, ids=("A", "B"), same=False):
    """Flat ground at 50 m, 5 m cells, a wall of ``wall_height`` m across at x = 1000 m;
    towers of 30 m (x = 2.5) and 40 m (x = 2002.5)."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    z = np.full((41, 401), 50.0, dtype=np.float32)
    z[:, 200] = 50.0 + wall_height
    dem = os.path.join(tmp, "towers.tif")
    ds = gdal.GetDriverByName("GTiff").Create(dem, 401, 41, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((700000.0, 5.0, 0, 7000205.0, 0, -5.0))
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(z)
    ds = None
    gpkg = os.path.join(tmp, "towers.gpkg")
    out = ogr.GetDriverByName("GPKG").CreateDataSource(gpkg)
    lyr = out.CreateLayer("towers", srs, ogr.wkbPoint)
    for n, t in (("id", ogr.OFTString), ("name", ogr.OFTString), ("type", ogr.OFTString), ("h", ogr.OFTReal)):
        lyr.CreateField(ogr.FieldDefn(n, t))
    xb = 700002.5 if same else 702002.5
    for key, x, h in ((ids[0], 700002.5, 30.0), (ids[1], xb, 40.0)):
        f = ogr.Feature(lyr.GetLayerDefn())
        if key is not None:
            f["id"] = key
        f["name"] = "Tour " + str(key)
        f["type"] = "chevalement"
        f["h"] = h
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT ({} 7000102.5)".format(x)))
        lyr.CreateFeature(f)
    out = None
    return dem, gpkg + "|layername=towers"


@pytest.mark.parametrize("curvature", [False, True])
def test_wall_between_two_towers(vigie_provider, tmp_path, curvature):
    dem, towers = _towers(str(tmp_path), 20.0)
    k = (1 - 1 / 7.0) / (2 * 6378137.0) if curvature else 0.0
    res = _run("vigie:intervisibility", {"DEM": dem, "ELEMENTS": towers, "HEIGHT_FIELD": "h",
                                         "CURVATURE": curvature, "OUTPUT": str(tmp_path / "n.gpkg")})
    (r,) = _features(res["OUTPUT"])
    assert r["visible"] is True
    assert r["clearance_m"] == pytest.approx(35.0 - 20.0 - k * 2000.0 ** 2 / 4, abs=2e-3)
    assert r["distance_m"] == pytest.approx(2000.0)
    dem, towers = _towers(str(tmp_path), 45.0)
    res = _run("vigie:intervisibility", {"DEM": dem, "ELEMENTS": towers, "HEIGHT_FIELD": "h",
                                         "CURVATURE": curvature, "OUTPUT": str(tmp_path / "n2.gpkg")})
    (r,) = _features(res["OUTPUT"])
    assert r["visible"] is False
    assert r["clearance_m"] == pytest.approx(-10.0 - k * 2000.0 ** 2 / 4, abs=2e-3)
    assert r["obstruction_m"] == pytest.approx(1000.0, abs=0.01)
    assert r["obstruction_x"] == pytest.approx(701002.5, abs=0.01)


def test_surface_blocks_while_heights_stay_on_the_ground(vigie_provider, tmp_path):
    dem, towers = _towers(str(tmp_path), 0.0)
    # surface = ground + a 50 m building across the middle
    ds = gdal.Open(dem)
    z = ds.GetRasterBand(1).ReadAsArray()
    surf = os.path.join(str(tmp_path), "surface.tif")
    out = gdal.GetDriverByName("GTiff").CreateCopy(surf, ds)
    z[:, 150:160] += 50.0
    out.GetRasterBand(1).WriteArray(z)
    out = ds = None
    plain = _features(_run("vigie:intervisibility", {"DEM": dem, "ELEMENTS": towers, "HEIGHT_FIELD": "h",
                                                     "CURVATURE": False, "OUTPUT": str(tmp_path / "a.gpkg")})["OUTPUT"])
    built = _features(_run("vigie:intervisibility", {"DEM": dem, "SURFACE": surf, "ELEMENTS": towers,
                                                     "HEIGHT_FIELD": "h", "CURVATURE": False,
                                                     "OUTPUT": str(tmp_path / "b.gpkg")})["OUTPUT"])
    assert plain[0]["visible"] and plain[0]["clearance_m"] == pytest.approx(30.0 + 10 * 1 / 400, abs=0.05)
    assert not built[0]["visible"]
    assert built[0]["obstruction_m"] == pytest.approx(750.0, abs=0.01)


@pytest.mark.parametrize("ids,match", [(("A", "A"), "used by features"), (("A", None), "no value in the id field")])
def test_bad_ids_refused(vigie_provider, tmp_path, ids, match):
    dem, towers = _towers(str(tmp_path), 0.0, ids=ids)
    with pytest.raises(QgsProcessingException, match=match):
        _run("vigie:intervisibility", {"DEM": dem, "ELEMENTS": towers, "OUTPUT": str(tmp_path / "n.gpkg")})


def test_identical_positions_warned(vigie_provider, tmp_path):
    import processing

    dem, towers = _towers(str(tmp_path), 0.0, same=True)

    class Feedback(QgsProcessingFeedback):
        warnings = []

        def pushWarning(self, text):  # noqa: N802
            self.warnings.append(text)

    fb = Feedback()
    res = processing.run("vigie:intervisibility", {"DEM": dem, "ELEMENTS": towers, "OUTPUT": str(tmp_path / "n.gpkg")},
                         feedback=fb)
    assert any("same DEM cell" in w for w in fb.warnings)
    (r,) = _features(res["OUTPUT"])
    assert r["visible"] is None or str(r["visible"]) == "NULL"


def test_network_of_the_real_property(vigie_provider, real_inputs, tmp_path):  # noqa: F811
    """The 353 inscribed elements (accented names, multipolygons, French types) on the
    synthetic 50 m terrain of test_real_property: every pair within 3 km once."""
    import numpy as np

    dem, elements, n, _ = real_inputs
    res = _run("vigie:intervisibility", {"DEM": dem, "ELEMENTS": elements, "MAX_DISTANCE": 3000.0,
                                         "OUTPUT": str(tmp_path / "real.gpkg")})
    rows = _features(res["OUTPUT"])
    assert len(rows) == res["N_PAIRS"] > 1000
    ids = {r["from_id"] for r in rows} | {r["to_id"] for r in rows}
    assert len(ids) > 300
    assert any("é" in (r["from_name"] or "") for r in rows)
    # elements whose tops fall in the same DEM cell (a cité around its pit, nested polygons)
    # are flagged, not computed
    same = [r for r in rows if r["status"] == "same DEM cell"]
    assert all(r["visible"] is None or str(r["visible"]) == "NULL" for r in same)
    assert len(same) < 0.02 * len(rows)
    rows = [r for r in rows if r["status"] == "ok"]
    d = np.array([r["distance_m"] for r in rows])
    assert d.max() <= 3000.0 and d.min() > 0
    vis = np.array([bool(r["visible"]) for r in rows])
    clear = np.array([r["clearance_m"] if r["clearance_m"] is not None and str(r["clearance_m"]) != "NULL"
                      else np.nan for r in rows], dtype=float)
    has = ~np.isnan(clear)
    assert ((clear[has] >= -1e-3) == vis[has]).mean() > 0.999
    assert vis.sum() > 0
    # the exact R3 answer on a sample of the lines
    from vigie.core import los
    from vigie.core.elements import GroundSampler
    from vigie.core.sightline import read_terrain

    g = GroundSampler(dem)
    z = g.window(0, 0, g.nrows, g.ncols)
    ed = read_terrain(dem).earth_diameter
    for r in rows[::15]:
        line = r["geom"].asPolyline()
        ra, ca = g.cell(line[0].x(), line[0].y())
        rb, cb = g.cell(line[1].x(), line[1].y())
        req = los.min_visible_height(z, ra, ca, r["from_height_m"], ([rb], [cb]), (g.cx, g.cy),
                                     curv_coeff=1 - 1 / 7.0, earth_diameter=ed)[0]
        assert (req <= r["to_height_m"] + 1e-9) == r["visible"]
