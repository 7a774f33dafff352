"""core/impact.py and core/impact_rules.py on synthetic terrains with closed-form answers (no QGIS)."""

import math
import os

import numpy as np
import pytest
from osgeo import gdal, osr
from shapely.geometry import MultiPoint, Point, box

from core import elements as core_elements
from core import impact, impact_rules

K_CURV = (1.0 - 1.0 / 7.0) / (2.0 * 6378137.0)   # GDAL's curvature with refraction 1/7 (GRS80/WGS84)


def write_dem(path, z, cell, x0=700000.0, y1=7050000.0):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    ds = gdal.GetDriverByName("GTiff").Create(path, z.shape[1], z.shape[0], 1, gdal.GDT_Float32)
    ds.SetGeoTransform((x0, cell, 0, y1, 0, -cell))
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(z.astype(np.float32))
    ds.GetRasterBand(1).SetNoDataValue(-9999)
    ds = None
    return path


def centre(col, row, cell, x0=700000.0, y1=7050000.0):
    return x0 + (col + 0.5) * cell, y1 - (row + 0.5) * cell


def element(key, x, y, h, etype="chevalement"):
    return core_elements.Element(key, key, etype, Point(x, y).wkb, h)


def turbine(key, x, y, tip, hub=None):
    return impact.Project(key, key, "eolienne", Point(x, y).wkb, tip, hub)


def params(bands=(2000.0, 5000.0, 10000.0, 20000.0), curvature=True):
    th = impact_rules.DEFAULT_THRESHOLDS[:len(bands)] if len(bands) <= 4 else \
        tuple((0.0, 5.0, 20.0) for _ in bands)
    return impact.Params(rules=impact_rules.Rules(tuple(bands), th), curvature=curvature, covis_radius=500.0,
                         accuracy="gdal")


def test_turbine_behind_a_ridge_closed_form(tmp_path):
    """A flat plain, a north-south wall of height zr at distance dr, a turbine at dt in the same row:
    the sight line from the element's top grazes the wall top, the visible metres are
    H - (h_o + (zr - h_o) * dt / dr) exactly (no curvature)."""
    cell = 10.0
    z = np.zeros((21, 400))
    c_obs, c_ridge, c_turb, row = 20, 120, 320, 10
    zr = 30.0
    z[:, c_ridge] = zr
    dem = write_dem(str(tmp_path / "ridge.tif"), z, cell)
    h_o, tip, hub = 40.0, 150.0, 100.0
    ex, ey = centre(c_obs, row, cell)
    tx, ty = centre(c_turb, row, cell)
    res = impact.assess(dem, [turbine("T1", tx, ty, tip, hub)], [element("E1", ex, ey, h_o)], [], None, None,
                        params(curvature=False))
    (r,) = [r for r in res.rows if r.observer_type == "element"]
    dr, dt = (c_ridge - c_obs) * cell, (c_turb - c_obs) * cell
    line = h_o + (zr - h_o) * dt / dr            # height of the grazing line at the turbine
    assert line == pytest.approx(10.0)
    assert r.visible
    assert r.visible_height == pytest.approx(tip - line, abs=1e-6)
    assert r.visible_hub == pytest.approx(hub - line, abs=1e-6)
    assert r.distance == pytest.approx(dt)
    assert r.band_label == "2-5 km"
    assert r.azimuth == pytest.approx(90.0)
    # higher wall: the line at the turbine is above the tip -> hidden, no visible metres
    z[:, c_ridge] = 45.0 + (tip + 5.0 - 45.0) * dr / dt   # grazing line at the turbine = tip + 5 m
    dem2 = write_dem(str(tmp_path / "ridge2.tif"), z, cell)
    res2 = impact.assess(dem2, [turbine("T1", tx, ty, tip, hub)], [element("E1", ex, ey, h_o)], [], None, None,
                         params(curvature=False))
    (r2,) = res2.rows
    assert not r2.visible and r2.visible_height == 0.0
    assert r2.grade == "negligible"
    assert "hidden" in r2.reasons[0].text()


def test_turbine_beyond_the_horizon_from_curvature_alone(tmp_path):
    """Flat earth model with curvature and refraction: a target at distance D needs
    m = (sqrt(k) D - sqrt(h_o))^2 metres to be seen from an eye h_o above the ground
    (tangent line at s* = sqrt(h_o / k)); beyond that the tip is below the horizon."""
    cell = 50.0
    z = np.zeros((3, 1300))
    dem = write_dem(str(tmp_path / "flat.tif"), z, cell)
    h_o, tip, hub = 1.6, 150.0, 100.0
    ex, ey = centre(2, 1, cell)
    out = {}
    for col in (602, 1202):          # 30 km and 60 km
        tx, ty = centre(col, 1, cell)
        res = impact.assess(dem, [turbine("T", tx, ty, tip, hub)], [element("E", ex, ey, h_o, "terril")], [],
                            None, None, params(bands=(10000.0, 30000.0, 65000.0)))
        out[col] = [r for r in res.rows if r.observer_type == "element"][0]
    d30 = 600 * cell
    m30 = (math.sqrt(K_CURV) * d30 - math.sqrt(h_o)) ** 2
    assert 0 < m30 < hub
    assert out[602].visible
    assert out[602].visible_height == pytest.approx(tip - m30, abs=0.05)
    assert out[602].visible_hub == pytest.approx(hub - m30, abs=0.05)
    d60 = 1200 * cell
    m60 = (math.sqrt(K_CURV) * d60 - math.sqrt(h_o)) ** 2
    assert m60 > tip                      # beyond the horizon
    assert not out[1202].visible and out[1202].visible_height == 0.0
    assert out[1202].band_label == "30-65 km"


def test_wind_farm_parts_ztv_and_covisibility(tmp_path):
    """A multipoint wind farm: one part per turbine; on a flat plain every cell sees every turbine
    (ZTV = number of parts), the co-visibility zone is where the element and the farm are in the
    same field of view (direction difference <= tolerance), checked cell by cell."""
    cell = 20.0
    z = np.zeros((150, 150))
    dem = write_dem(str(tmp_path / "plain.tif"), z, cell)
    x0, y1 = 700000.0, 7050000.0
    farm = MultiPoint([centre(110, 70, cell), centre(110, 80, cell), centre(115, 75, cell)])
    ex, ey = centre(40, 75, cell)
    p = impact.Params(rules=impact_rules.Rules((1000.0, 3000.0), ((0.0, 5.0, 20.0), (0.0, 15.0, 50.0)), 1.0),
                      covis_radius=1500.0, tolerance=20.0, accuracy="fast")
    buf = box(x0, y1 - 75 * cell, x0 + 150 * cell, y1)     # northern half
    res = impact.assess(dem, [impact.Project("WF", "farm", "eolienne", farm.wkb, 120.0, 80.0)],
                        [element("E", ex, ey, 30.0)], [], None, buf.wkb, p)
    assert len(res.parts) == 3
    ztv = res.ztv
    # the whole plain within 3 km sees the 3 turbines (radius 3000 m from each turbine)
    assert ztv[75, 75] == 3 and ztv[10, 10] == 3
    (z0,) = res.covis
    # independent recomputation of the zone: cells within 1500 m of the element, direction to
    # the element within 20 degrees of the direction to a turbine
    rr, cc = np.mgrid[0:150, 0:150]
    xs = x0 + (cc + 0.5) * cell
    ys = y1 - (rr + 0.5) * cell
    near = np.hypot(xs - ex, ys - ey) <= 1500.0
    az_e = np.degrees(np.arctan2(ex - xs, ey - ys))
    diff = np.full(xs.shape, 360.0)
    for t in farm.geoms:
        az_t = np.degrees(np.arctan2(t.x - xs, t.y - ys))
        diff = np.minimum(diff, impact.angle_diff(az_e, az_t))
    expected = near & (diff <= 20.0)
    assert z0.area_m2 == pytest.approx(expected.sum() * cell * cell, rel=0.03)
    exp_buf = (expected & (ys > y1 - 75 * cell)).sum() * cell * cell
    assert z0.area_buffer_m2 == pytest.approx(exp_buf, rel=0.05)
    assert 0 < z0.area_buffer_m2 < z0.area_m2
    (row,) = res.rows
    assert row.covis_ha == pytest.approx(z0.area_m2 / 1e4)
    assert any(rs.template == impact_rules.R_COVIS for rs in row.reasons)


def test_viewpoint_cone_crossing_north_and_skyline(tmp_path):
    """A viewpoint looking 350 -> 20 degrees: a turbine due north-east at 10 degrees is inside, one at
    30 degrees is outside; a headframe in front of the first one: the turbine breaks the skyline
    behind it (flat terrain beyond), the element row says so and is raised."""
    cell = 20.0
    z = np.zeros((300, 300))
    dem = write_dem(str(tmp_path / "cone.tif"), z, cell)
    vx, vy = centre(150, 280, cell)
    d = 4000.0
    t_in = (vx + d * math.sin(math.radians(10)), vy + d * math.cos(math.radians(10)))
    t_out = (vx + d * math.sin(math.radians(30)), vy + d * math.cos(math.radians(30)))
    e = (vx + 1500 * math.sin(math.radians(12)), vy + 1500 * math.cos(math.radians(12)))
    vp = impact.RemarkableViewpoint("V1", "Belvédère", vx, vy, 1.6, 350.0, 20.0, None, None, 5000.0)
    p = impact.Params(covis_radius=300.0, accuracy="gdal")
    res = impact.assess(dem, [turbine("IN", *t_in, 150.0, 100.0), turbine("OUT", *t_out, 150.0, 100.0)],
                        [element("E", e[0], e[1], 40.0)], [vp], None, None, p)
    vrows = {res.parts[0].project: None}
    vrows = {r.project: r for r in res.rows if r.observer_type == "viewpoint"}
    assert vrows[0].in_cone is True and vrows[1].in_cone is False
    assert vrows[0].azimuth == pytest.approx(10.0, abs=0.5)
    assert vrows[0].skyline and vrows[0].skyline_with == ["E"]
    assert not vrows[1].skyline
    erow = [r for r in res.rows if r.observer_type == "element" and r.project == 0][0]
    assert erow.skyline and erow.skyline_with == ["Belvédère"]
    assert any(rs.template == impact_rules.R_SKYLINE for rs in erow.reasons)
    assert impact_rules.GRADES.index(erow.grade) >= 2
    assert any(rs.template == impact_rules.R_CONE for rs in vrows[0].reasons)


def test_project_inside_an_element_is_major(tmp_path):
    cell = 20.0
    dem = write_dem(str(tmp_path / "in.tif"), np.zeros((100, 100)), cell)
    el = core_elements.Element("C1", "Cité", "cite", box(700400, 7048400, 701200, 7049200).wkb, 8.0)
    proj = impact.Project("B1", "Entrepôt", "entrepot", box(700600, 7048600, 700700, 7048700).wkb, 12.0)
    res = impact.assess(dem, [proj], [el], [], None, None, impact.Params(covis_radius=300.0, accuracy="gdal"))
    (r,) = res.rows
    assert r.inside and r.visible and r.grade == "major" and r.distance == 0.0
    assert r.visible_height == 12.0
    assert res.summaries[0].inside_elements == ["C1"]
    assert r.reasons[0].template == impact_rules.R_INSIDE


def test_check_projects_bad_inputs(tmp_path):
    dem = write_dem(str(tmp_path / "d.tif"), np.zeros((50, 50)), 20.0)
    x, y = centre(25, 25, 20.0)
    z = np.zeros((50, 50))
    z[10, 10] = -9999
    dem_nd = write_dem(str(tmp_path / "nd.tif"), z, 20.0)
    ok = turbine("A", x, y, 150.0, 100.0)
    cases = [
        ([ok, turbine("A", x + 100, y, 150.0)], "duplicate"),
        ([turbine("B", x, y, None)], "no_height"),
        ([turbine("C", x, y, 100.0, 120.0)], "hub_above_tip"),
        ([turbine("D", x, y, -5.0)], "bad_height"),
        ([turbine("E", 100.0, 100.0, 150.0)], "outside_dem"),
        ([impact.Project("F", "F", "", b"", 10.0)], "empty"),
    ]
    for projects, code in cases:
        problems = impact.check_projects(projects, dem)
        assert problems and problems[0][0] == code, (code, problems)
    nx, ny = centre(10, 10, 20.0)
    assert impact.check_projects([turbine("G", nx, ny, 150.0)], dem_nd)[0][0] == "nodata"
    assert impact.check_projects([ok], dem) == []
    with pytest.raises(ValueError, match="hub_above_tip"):
        impact.assess(dem, [turbine("C", x, y, 100.0, 120.0)], [element("E", x + 200, y, 40.0)], [], None, None)
    with pytest.raises(ValueError):
        impact.assess(dem, [], [element("E", x + 200, y, 40.0)], [], None, None)


def test_rules_parsing_and_grades():
    rules = impact_rules.Rules(impact_rules.parse_bands("2000, 5000"),
                               impact_rules.parse_thresholds("0/5/20; 10/15/-"), covis_raise_ha=1.0)
    assert rules.thresholds[1][2] == math.inf
    assert impact_rules.format_thresholds(rules.thresholds) == "0/5/20; 10/15/-"
    g = impact_rules.grade
    gi = impact_rules.GradeInput
    assert g(gi(True, 25.0, 1500.0), rules)[0] == "major"
    assert g(gi(True, 6.0, 1500.0), rules)[0] == "moderate"
    assert g(gi(True, 1.0, 1500.0), rules)[0] == "minor"
    assert g(gi(True, 500.0, 4000.0), rules)[0] == "moderate"     # never major in band 2
    grade, reasons = g(gi(True, 5.0, 4000.0), rules)
    assert grade == "negligible" and reasons[0].template == impact_rules.R_BELOW
    assert "below the 10 m threshold" in reasons[0].text()
    assert g(gi(False, 0.0, 1500.0, covis_ha=2.0), rules)[0] == "minor"
    assert g(gi(True, 6.0, 1500.0, covis_ha=2.0), rules)[0] == "major"
    assert g(gi(False, 0.0, 1500.0, skyline_from=("V1",)), rules)[0] == "moderate"
    assert g(gi(True, 1.0, 1500.0, in_cone=True, viewpoint_row=True), rules)[0] == "moderate"
    for bad in ("2000, 1000", "a, b", "0"):
        with pytest.raises(ValueError):
            impact_rules.parse_bands(bad)
    for bad in ("0/5", "0/x/2", "5/1/2"):
        with pytest.raises(ValueError):
            impact_rules.Rules((2000.0,), impact_rules.parse_thresholds(bad))


def test_every_reason_has_its_french():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    import json

    with open(os.path.join(here, "resources", "i18n", "fr", "impact.json"), encoding="utf-8") as fh:
        fr = json.load(fh)
    for tpl in impact_rules.REASONS:
        assert tpl in fr, tpl
        assert impact_rules.french(tpl) == fr[tpl]
        # same placeholders in both languages
        import string

        names = {f[1] for f in string.Formatter().parse(tpl) if f[1]}
        assert names == {f[1] for f in string.Formatter().parse(fr[tpl]) if f[1]}
