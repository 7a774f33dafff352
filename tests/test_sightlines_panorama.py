"""vigie:sightlines and vigie:viewpointpanorama end to end (real QGIS Processing):
analytic truths (wall between towers), agreement with R3 on the sample, bad input."""

import math
import os

import numpy as np
import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer
from test_intervisibility import _towers


def _run(alg, params):
    import processing

    return processing.run(alg, params, feedback=QgsProcessingFeedback())


def _features(path):
    layer = QgsVectorLayer(path, "o", "ogr")
    assert layer.isValid(), path
    return [dict(zip(layer.fields().names(), f.attributes()), geom=f.geometry()) for f in layer.getFeatures()]


def _one_point_layer(tmp, name, x, y, fields):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    path = os.path.join(tmp, name + ".gpkg")
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer(name, srs, ogr.wkbPoint)
    for k, v in fields.items():
        lyr.CreateField(ogr.FieldDefn(k, ogr.OFTReal if isinstance(v, float) else ogr.OFTString))
    f = ogr.Feature(lyr.GetLayerDefn())
    for k, v in fields.items():
        f[k] = v
    f.SetGeometry(ogr.CreateGeometryFromWkt("POINT ({} {})".format(x, y)))
    lyr.CreateFeature(f)
    ds = None
    return path + "|layername=" + name


def test_sightline_split_at_the_wall(vigie_provider, tmp_path):
    """Observer 30 m high, 45 m wall at 1 km, target 40 m at 2 km on flat ground:
    the ground is seen up to the wall, hidden behind it; obstruction at the wall."""
    tmp = str(tmp_path)
    dem, towers = _towers(tmp, 45.0)
    obs = _one_point_layer(tmp, "obs", 700002.5, 7000102.5, {"id": "O1", "height_m": 30.0, "pair": "B"})
    res = _run("vigie:sightlines", {
        "DEM": dem, "OBSERVERS": obs, "TARGETS": towers, "TARGET_HEIGHT_FIELD": "h", "PAIRING_FIELD": "pair",
        "CURVATURE": False, "OUTPUT": os.path.join(tmp, "los.gpkg"), "OUTPUT_PROFILE": os.path.join(tmp, "prof.gpkg"),
        "OUTPUT_OBSTRUCTIONS": os.path.join(tmp, "obst.gpkg")})
    assert res["N_LINES"] == 1 and res["N_VISIBLE"] == 0
    parts = sorted(_features(res["OUTPUT"]), key=lambda r: r["part"])
    assert [p["visible"] for p in parts] == [True, False]
    assert parts[0]["from_m"] == 0 and parts[-1]["to_m"] == pytest.approx(2000.0)
    assert parts[0]["to_m"] == pytest.approx(1000.0, abs=5.0)
    assert all(p["target_visible"] is False for p in parts)
    assert parts[0]["clearance_m"] == pytest.approx(35.0 - 45.0, abs=1e-3)
    assert sum(p["geom"].length() for p in parts) == pytest.approx(2000.0, abs=0.01)
    (ob,) = _features(res["OUTPUT_OBSTRUCTIONS"])
    assert ob["distance_m"] == pytest.approx(1000.0, abs=0.01) and ob["obstacle_m"] == pytest.approx(95.0)
    prof = sorted(_features(res["OUTPUT_PROFILE"]), key=lambda r: r["distance_m"])
    assert len(prof) == 401  # the 399 column crossings plus both ends
    assert prof[0]["distance_m"] == 0 and prof[-1]["distance_m"] == pytest.approx(2000.0)
    d = np.array([p["distance_m"] for p in prof])
    sight = np.array([p["sightline_m"] for p in prof])
    np.testing.assert_allclose(sight, 80.0 + d / 2000.0 * 10.0, atol=1e-6)   # straight, eye to top
    ground = np.array([p["ground_m"] for p in prof])
    assert ground.max() == pytest.approx(95.0) and d[ground.argmax()] == pytest.approx(1000.0)


def test_sightlines_all_pairs_on_the_sample(vigie_provider, sample_small, tmp_path):
    gpkg = sample_small["gpkg"]
    res = _run("vigie:sightlines", {
        "DEM": sample_small["dem"], "OBSERVERS": gpkg + "|layername=viewpoints", "OBSERVER_HEIGHT_FIELD": "height_m",
        "TARGETS": gpkg + "|layername=elements", "TARGET_HEIGHT_FIELD": "height_m", "MAX_DISTANCE": 5000.0,
        "OUTPUT": str(tmp_path / "l.gpkg"), "OUTPUT_PROFILE": str(tmp_path / "p.gpkg")})
    parts = _features(res["OUTPUT"])
    lines = {}
    for p in parts:
        lines.setdefault(p["line_id"], []).append(p)
    assert len(lines) == res["N_LINES"] > 10
    # names and types are found without parameters (types give the default heights)
    assert all(p["target_name"] != p["target_id"] for p in parts)
    assert 0 < res["N_VISIBLE"] < res["N_LINES"]
    for ps in lines.values():
        ps.sort(key=lambda r: r["part"])
        assert ps[0]["visible"] is True                       # the ground at the observer is seen
        assert ps[0]["from_m"] == 0
        for a, b in zip(ps, ps[1:]):
            assert a["to_m"] == pytest.approx(b["from_m"]) and a["visible"] != b["visible"]
    # profile rows per line: ground, sight line; the margin's minimum is the clearance
    prof = _features(res["OUTPUT_PROFILE"])
    by_line = {}
    for p in prof:
        by_line.setdefault(p["line_id"], []).append(p)
    for lid, rows in by_line.items():
        rows.sort(key=lambda r: r["distance_m"])
        inner = rows[1:-1]
        if not inner:
            continue
        m = min(r["sightline_m"] - r["ground_m"] for r in inner)
        assert m == pytest.approx(lines[lid][0]["clearance_m"], abs=2e-3)


def test_panorama_wall_and_curvature(vigie_provider, tmp_path):
    """From the top of the 30 m tower (eye 80 m), a 25 m wall (top 75 m) half way to the
    40 m tower: the horizon line at the tower is 70 m, so 20 m of its 40 m show."""
    tmp = str(tmp_path)
    dem, towers = _towers(tmp, 25.0)   # wall top 75 m; eye 80 m: horizon line at 2 km = 80 - 2*5 = 70 m
    res = _run("vigie:viewpointpanorama", {
        "DEM": dem, "VIEWPOINT": "700002.5,7000102.5 [EPSG:2154]", "EYE_HEIGHT": 30.0, "ELEMENTS": towers,
        "HEIGHT_FIELD": "h", "CURVATURE": False, "OUTPUT": os.path.join(tmp, "pano.gpkg"),
        "OUTPUT_POINTS": os.path.join(tmp, "pts.gpkg")})
    rows = _features(res["OUTPUT"])
    (b,) = [r for r in rows if r["element_id"] == "B"]
    assert b["visible"] is True
    # horizon line at B: 80 + 2 * (75 - 80) = 70 m; B's top 90 m, ground 50 m: 20 m of its 40 m show
    assert b["visible_height_m"] == pytest.approx(20.0, abs=1e-3)
    assert b["above_horizon_m"] == pytest.approx(20.0, abs=1e-3)
    assert b["visible_share_pct"] == pytest.approx(50.0, abs=0.1)
    assert b["azimuth_deg"] == pytest.approx(90.0, abs=1e-6)
    assert b["elevation_deg"] == pytest.approx(math.degrees(math.atan2(10.0, 2000.0)), abs=1e-4)
    assert b["horizon_deg"] == pytest.approx(math.degrees(math.atan2(-5.0, 1000.0)), abs=1e-4)
    assert b["distance_m"] == pytest.approx(2000.0)
    assert len(_features(res["OUTPUT_POINTS"])) == len(rows)
    # beyond the horizon by curvature alone: a 2 km flat plain is too short; check with the core
    from vigie.core import sightline as sl

    z = np.zeros((3, 801))
    terrain = sl.Terrain(z, 0.0, 150.0, 50.0, 50.0)
    kc = (1 - 1 / 7.0) / terrain.earth_diameter
    d = 30000.0
    r = sl.panorama(terrain, 25.0, 75.0, 2.0, [25.0 + 600 * 50.0], [75.0], [60.0], 1 - 1 / 7.0)
    hidden = kc * (d - math.sqrt(2.0 / kc)) ** 2
    assert r["visible_height"][0] == pytest.approx(60.0 - hidden, abs=0.05)


def test_panorama_on_the_sample_matches_r3(vigie_provider, sample_small, tmp_path):
    from vigie.core import los
    from vigie.core.elements import GroundSampler
    from vigie.core.sightline import read_terrain

    gpkg = sample_small["gpkg"]
    res = _run("vigie:viewpointpanorama", {
        "DEM": sample_small["dem"], "VIEWPOINTS": gpkg + "|layername=viewpoints|subset=\"id\" = 'V01'",
        "VIEWPOINT_HEIGHT_FIELD": "height_m", "ELEMENTS": gpkg + "|layername=elements", "HEIGHT_FIELD": "height_m",
        "ONLY_VISIBLE": False, "MAX_DISTANCE": 0.0, "OUTPUT": str(tmp_path / "t.gpkg"),
        "OUTPUT_POINTS": str(tmp_path / "p.gpkg")})
    rows = _features(res["OUTPUT"])
    pts = _features(res["OUTPUT_POINTS"])
    assert len(rows) == len(pts) > 20
    az = [r["azimuth_deg"] for r in rows]
    assert az == sorted(az)
    ds = ogr.Open(gpkg)
    vp = [f for f in ds.GetLayerByName("viewpoints") if f["id"] == "V01"][0]
    x, y, h = vp.GetGeometryRef().GetX(), vp.GetGeometryRef().GetY(), vp["height_m"]
    g = GroundSampler(sample_small["dem"])
    z = g.window(0, 0, g.nrows, g.ncols)
    ed = read_terrain(sample_small["dem"]).earth_diameter
    r0, c0 = g.cell(x, y)
    n_vis = 0
    for r, p in zip(rows, pts):
        px, py = p["geom"].asPoint().x(), p["geom"].asPoint().y()
        rr, cc = g.cell(px, py)
        req = los.min_visible_height(z, r0, c0, h, ([rr], [cc]), (g.cx, g.cy), curv_coeff=1 - 1 / 7.0,
                                     earth_diameter=ed)[0]
        assert r["visible"] == (req <= r["height_m"])
        assert r["visible_height_m"] == pytest.approx(max(0.0, min(r["height_m"], r["height_m"] - req))
                                                      if r["visible"] else 0.0, abs=2e-3)
        n_vis += r["visible"]
    assert 0 < n_vis < len(rows)


def test_viewpoint_outside_the_dem_refused(vigie_provider, sample_small, tmp_path):
    with pytest.raises(QgsProcessingException, match="outside"):
        _run("vigie:viewpointpanorama", {
            "DEM": sample_small["dem"], "VIEWPOINT": "100.0,100.0 [EPSG:2154]",
            "ELEMENTS": sample_small["gpkg"] + "|layername=elements", "OUTPUT": str(tmp_path / "t.gpkg")})
    with pytest.raises(QgsProcessingException, match="Give a viewpoint"):
        _run("vigie:viewpointpanorama", {
            "DEM": sample_small["dem"], "ELEMENTS": sample_small["gpkg"] + "|layername=elements",
            "OUTPUT": str(tmp_path / "t2.gpkg")})


def test_pairing_field_names_unknown_target(vigie_provider, tmp_path):
    tmp = str(tmp_path)
    dem, towers = _towers(tmp, 0.0)
    obs = _one_point_layer(tmp, "obs", 700502.5, 7000102.5, {"id": "O1", "pair": "ZZ"})
    with pytest.raises(QgsProcessingException, match="ZZ"):
        _run("vigie:sightlines", {"DEM": dem, "OBSERVERS": obs, "TARGETS": towers, "PAIRING_FIELD": "pair",
                                  "OUTPUT": os.path.join(tmp, "l.gpkg")})
    assert gdal.Open(dem) is not None
