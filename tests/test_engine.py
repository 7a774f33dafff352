"""Tests of the visibility engine (core/los.py, core/viewshed.py). No QGIS needed."""
import math
import os
import sys

import numpy as np
import pytest
from osgeo import gdal, osr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import bench_engine as be  # noqa: E402

from core import los  # noqa: E402
from core.viewshed import Canceled, Viewpoint, run_ztv  # noqa: E402

gdal.UseExceptions()
CURV = 1.0 - 1.0 / 7.0
EYE = 1.6
SRTM = "/work/shared/data/dem_test/srtm3_N44W072_white_mountains_nh.tif"


def vp_at(r, c, cs, h, group=0, radius=1000.0):
    x, y = be.cell_xy(r, c, cs)
    return Viewpoint(x, y, h, group, radius)


def ref_mask(z, r, c, h, cs, radius, curv=CURV, eye=EYE):
    ref = los.viewshed_min_height(z, r, c, h, cs, radius=radius, curv_coeff=curv)
    inside = ~np.isnan(ref)
    return (ref <= eye) & inside, inside


def agreement(vis_a, vis_b, inside):
    return 100.0 * float((vis_a == vis_b)[inside].mean())


# --------------------------------------------------------------- analytic truths

def test_los_flat_plane_horizon_distance():
    cs = 10.0
    ncols = 2300
    z = np.full((3, ncols), 50.0)
    h1 = 10.0
    cols = np.arange(1, ncols)
    hreq = los.min_visible_height(z, 1, 0, h1, (np.ones_like(cols), cols), cs,
                                  curv_coeff=CURV)
    vis = hreq <= EYE
    last = cols[vis].max() * cs
    rp = los.EARTH_DIAMETER / 2.0 / CURV
    d = math.sqrt(2 * rp * h1) + math.sqrt(2 * rp * EYE)
    assert abs(last - d) < 3 * cs
    # min visible height beyond the horizon follows the closed form too
    dd = 20000.0
    expect = (dd - math.sqrt(2 * rp * h1)) ** 2 / (2 * rp)
    assert abs(hreq[int(dd / cs) - 1] - expect) < 0.5


def test_engine_flat_plane_horizon(tmp_path):
    cs = 10.0
    z = np.full((41, 2300), 50.0)
    path = be.write_dem(z, cs, str(tmp_path / "flat.tif"))
    h1 = 10.0
    res = run_ztv(path, [vp_at(20, 5, cs, h1, radius=22000.0)], 1, [0], workers=1)
    row = res.count[20]
    vis_cols = np.nonzero(row == 1)[0]
    last = (vis_cols.max() - 5) * cs
    rp = los.EARTH_DIAMETER / 2.0 / CURV
    d = math.sqrt(2 * rp * h1) + math.sqrt(2 * rp * EYE)
    assert abs(last - d) < 3 * cs
    # no curvature: everything on the plane is visible
    res0 = run_ztv(path, [vp_at(20, 5, cs, h1, radius=22000.0)], 1, [0], workers=1,
                   curvature=False)
    assert (res0.count[20, 5:2200] == 1).all()


def test_cone_flank_visible_and_shadow(tmp_path):
    cs = 5.0
    n = 201
    rr, cc = np.mgrid[0:n, 0:n]
    z = np.zeros((n, n)) + 20.0
    H, rad = 60.0, 30.0  # cone at (100, 140), radius 30 cells
    d = np.hypot(rr - 100, cc - 140)
    z += np.clip(H * (1 - d / rad), 0, None)
    path = be.write_dem(z, cs, str(tmp_path / "cone.tif"))
    res = run_ztv(path, [vp_at(100, 20, cs, 2.0, radius=1000.0)], 1, [0], workers=1)
    vis = res.count == 1
    # flank facing the observer (west side of the cone) visible
    flank = (d < rad - 1) & (cc < 140 - 2) & (np.abs(rr - 100) < 5)
    assert vis[flank].all()
    # straight behind the apex (east), the observer (22 m) cannot see the ground
    behind = (cc > 142) & (cc < 195) & (np.abs(rr - 100) <= 2)
    assert not vis[behind].any()


def test_wall_shadow_length(tmp_path):
    cs = 5.0
    z = np.zeros((21, 401)) + 100.0
    z[:, 100] = 110.0  # wall 10 m high, 500 m east of the observer at col 0
    path = be.write_dem(z, cs, str(tmp_path / "wall.tif"))
    h = 30.0
    res = run_ztv(path, [vp_at(10, 0, cs, h, radius=2000.0)], 1, [0], workers=1,
                  curvature=False)
    row = res.count[10]
    # hidden from just behind the wall up to x = A (h - t) / (h - W)
    x_end = 500.0 * (h - EYE) / (h - 10.0)
    c_end = x_end / cs
    assert (row[101:int(c_end) - 1] == 0).all()
    assert (row[int(c_end) + 2:] == 1).all()
    assert row[100] == 1


# --------------------------------------------------------------- R3 agreement

def _cases():
    z, tips = be.make_plain(360, 360, 5.0, seed=3, n_tips=5)
    zf = be.make_fractal(301, seed=5)
    return {"plain": (z, 5.0), "fractal": (zf, 10.0)}


@pytest.fixture(scope="module")
def srtm_utm(tmp_path_factory):
    if not os.path.exists(SRTM):
        pytest.skip("SRTM test tile missing")
    out = str(tmp_path_factory.mktemp("srtm") / "srtm_utm.tif")
    ds = gdal.Warp(out, SRTM, dstSRS="EPSG:32619", xRes=90, yRes=90,
                   resampleAlg="bilinear")
    a = ds.GetRasterBand(1).ReadAsArray().astype(float)
    ds = None
    n = a.shape[0] // 2
    return a[n - 200:n + 200, n - 200:n + 200]


def _check_single(tmp_path, z, cs, r, c, h, radius, name):
    path = be.write_dem(z, cs, str(tmp_path / ("%s.tif" % name)))
    vp = vp_at(r, c, cs, h, radius=radius)
    ref, inside = ref_mask(z, r, c, h, cs, radius)
    eng = run_ztv(path, [vp], 1, [0], workers=1).count == 1
    gd = run_ztv(path, [vp], 1, [0], workers=1, repair=False).count == 1
    a_eng = agreement(eng, ref, inside)
    a_gd = agreement(gd, ref, inside)
    print("%s h=%g: GDAL %.3f %%  Vigie %.3f %%" % (name, h, a_gd, a_eng))
    assert a_eng >= 99.5
    assert a_eng >= a_gd
    return a_gd, a_eng


@pytest.mark.parametrize("name,r,c,h", [("plain", 180, 180, 5.0), ("plain", 100, 250, 30.0),
                                        ("fractal", 150, 150, 10.0),
                                        ("fractal", 60, 200, 3.0)])
def test_single_viewpoint_agreement(tmp_path, name, r, c, h):
    z, cs = _cases()[name]
    _check_single(tmp_path, z, cs, r, c, h, 170 * cs, name)


@pytest.mark.parametrize("r,c,h", [(200, 200, 10.0), (120, 260, 20.0)])
def test_single_viewpoint_agreement_srtm(tmp_path, srtm_utm, r, c, h):
    _check_single(tmp_path, srtm_utm, 90.0, r, c, h, 150 * 90.0, "srtm")


def test_count_agreement_several_viewpoints(tmp_path):
    z, cs = _cases()["plain"]
    path = be.write_dem(z, cs, str(tmp_path / "plain.tif"))
    pts = [(150, 150, 20.0), (200, 230, 10.0), (120, 210, 40.0)]
    radius = 120 * cs
    vps = [vp_at(r, c, cs, h, group=i, radius=radius) for i, (r, c, h) in enumerate(pts)]
    ref = np.zeros(z.shape, dtype=np.int32)
    anyin = np.zeros(z.shape, dtype=bool)
    for r, c, h in pts:
        v, ins = ref_mask(z, r, c, h, cs, radius)
        ref += v
        anyin |= ins
    res = run_ztv(path, vps, 3, [0, 1, 3], workers=2)
    gd = run_ztv(path, vps, 3, [0, 1, 3], workers=2, repair=False)
    a_eng = 100.0 * float((res.count == ref)[anyin].mean())
    a_gd = 100.0 * float((gd.count == ref)[anyin].mean())
    print("count: GDAL %.3f %%  Vigie %.3f %%" % (a_gd, a_eng))
    assert a_eng >= 99.5 and a_eng >= a_gd
    assert ((res.count != 65535) == anyin).all()
    assert (res.count_by_kind[0][anyin] + res.count_by_kind[1][anyin]
            + res.count_by_kind[3][anyin] == res.count[anyin]).all()
    assert (res.count_by_kind[2][anyin] == 0).all()
    assert np.all(res.admissible[~anyin] == -9999)
    assert np.all(res.admissible[anyin] >= 0)


# --------------------------------------------------------------- API behaviour

def test_nodata_hole_never_visible_never_blocks(tmp_path):
    cs = 5.0
    z = np.full((101, 201), 50.0)
    z[45:56, 40:50] = 9999.0  # the NoData value: would block if read as data
    path = be.write_dem(z, cs, str(tmp_path / "hole.tif"), nodata=9999.0)
    res = run_ztv(path, [vp_at(50, 10, cs, 2.0, radius=900.0)], 1, [0], workers=1,
                  curvature=False)
    assert (res.count[45:56, 40:50] == 65535).all()
    assert (res.admissible[45:56, 40:50] == -9999).all()
    assert (res.count[45:56, 50:180] == 1).all()  # behind the hole: seen
    zz = z.copy()
    zz[z == 9999.0] = np.nan
    h = los.min_visible_height(zz, 50, 10, 2.0, (np.array([50, 50]), np.array([45, 100])),
                               cs)
    assert np.isinf(h[0]) and h[1] == 0.0


def test_group_union_callback_and_skipped(tmp_path):
    z, cs = _cases()["plain"]
    path = be.write_dem(z, cs, str(tmp_path / "p.tif"))
    vps = [vp_at(100, 100, cs, 10.0, group=0, radius=400.0),
           vp_at(110, 120, cs, 10.0, group=0, radius=400.0),
           Viewpoint(0.0, 0.0, 10.0, 1, 400.0)]  # outside the DEM
    seen = {}

    def on_group(g, gr):
        seen[g] = gr

    res = run_ztv(path, vps, 2, [1, 0], workers=2, on_group=on_group)
    assert set(seen) == {0, 1}
    assert seen[1].skipped and seen[1].mask is None
    gr = seen[0]
    assert gr.n_viewpoints == 2 and gr.visible_area_m2 > 0
    full = np.zeros(z.shape, dtype=bool)
    full[gr.row0:gr.row0 + gr.mask.shape[0], gr.col0:gr.col0 + gr.mask.shape[1]] = gr.mask
    assert ((res.count == 1) == full).all()
    assert len(res.skipped) == 1 and "outside" in res.skipped[0].reason
    assert res.groups[0].max_distance_m > 0 and res.groups[1].skipped


def test_cancel_raises(tmp_path):
    z, cs = _cases()["plain"]
    path = be.write_dem(z, cs, str(tmp_path / "p.tif"))
    vps = [vp_at(100 + i, 100, cs, 10.0, group=i, radius=400.0) for i in range(6)]
    calls = []

    def canceled():
        calls.append(1)
        return len(calls) > 2

    for w in (1, 2):
        calls.clear()
        with pytest.raises(Canceled):
            run_ztv(path, vps, 6, [0] * 6, workers=w, is_canceled=canceled)


def test_bad_input(tmp_path):
    z = np.full((50, 50), 10.0)
    p = str(tmp_path / "geo.tif")
    ds = gdal.GetDriverByName("GTiff").Create(p, 50, 50, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((2.5, 0.001, 0, 50.5, 0, -0.001))
    s = osr.SpatialReference()
    s.ImportFromEPSG(4326)
    ds.SetProjection(s.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(z)
    ds = None
    with pytest.raises(ValueError, match="geographic"):
        run_ztv(p, [Viewpoint(2.52, 50.48, 10.0, 0, 100.0)], 1, [0])
    p2 = str(tmp_path / "nocrs.tif")
    ds = gdal.GetDriverByName("GTiff").Create(p2, 50, 50, 1, gdal.GDT_Float32)
    ds.GetRasterBand(1).WriteArray(z)
    ds = None
    with pytest.raises(ValueError, match="coordinate reference system"):
        run_ztv(p2, [Viewpoint(10, 10, 10.0, 0, 100.0)], 1, [0])
    good = be.write_dem(z, 5.0, str(tmp_path / "ok.tif"))
    with pytest.raises(ValueError, match="radius"):
        run_ztv(good, [vp_at(10, 10, 5.0, 10.0, radius=0.0)], 1, [0])
    with pytest.raises(ValueError, match="No viewpoints"):
        run_ztv(good, [], 1, [0])
    one = be.write_dem(np.full((1, 1), 3.0), 5.0, str(tmp_path / "one.tif"))
    with pytest.raises(ValueError, match="single cell"):
        run_ztv(one, [vp_at(0, 0, 5.0, 10.0)], 1, [0])


def test_surface_model(tmp_path):
    cs = 5.0
    ground = np.full((41, 201), 20.0)
    surf = ground.copy()
    surf[15:26, 60:64] += 15.0  # a 15 m building 300 m east of the observer
    gp = be.write_dem(ground, cs, str(tmp_path / "g.tif"))
    sp = be.write_dem(surf, cs, str(tmp_path / "s.tif"))
    vp = vp_at(20, 0, cs, 5.0, radius=1000.0)
    bare = run_ztv(gp, [vp], 1, [0], workers=1, curvature=False)
    assert (bare.count[20, 1:] == 1).all()
    res = run_ztv(gp, [vp], 1, [0], workers=1, curvature=False, surface_path=sp)
    assert (res.count[20, 66:150] == 0).all()      # hidden behind the building
    assert (res.count[20, 1:60] == 1).all()
    assert res.count[20, 60] == 0  # an eye 1.6 m above the ground is inside the building
    # admissible behind the building: height of the line of sight above ground
    x = 150 * cs
    expect = 5.0 + (15.0 - 5.0) * x / (60 * cs)  # sight line over the front edge
    assert abs(res.admissible[20, 150] - expect) < 2.0


def test_bench_tiny_runs():
    out = be.main(["--size", "240x160", "--viewpoints", "2", "--radius", "300",
                   "--sample", "200"])
    assert out["wall_a"] > 0 and out["wall_b"] > 0
    assert out["count_equal_no_repair"]


# --------------------------------------------------------------- exact kernel, presets, self-check

def _r3_one(z, r0, c0, h0, r, c, cs, curv):
    """Slow, obvious R3 for one target (python loop over crossings)."""
    kc = curv / los.EARTH_DIAMETER
    z0 = z[r0, c0] + h0
    dr, dc = r - r0, c - c0
    best = -np.inf
    for s in range(1, abs(dr)):
        x = dc * s / abs(dr)
        lo = math.floor(x)
        f = x - lo
        rr = r0 + (1 if dr > 0 else -1) * s
        h1 = z[rr, c0 + lo]
        h = h1 if f == 0 else h1 + f * (z[rr, c0 + lo + 1] - h1)
        if np.isnan(h):
            continue
        h -= kc * ((s * cs) ** 2 + (x * cs) ** 2)
        best = max(best, (h - z0) / (s / abs(dr)))
    for s in range(1, abs(dc)):
        y = dr * s / abs(dc)
        lo = math.floor(y)
        f = y - lo
        cc = c0 + (1 if dc > 0 else -1) * s
        h1 = z[r0 + lo, cc]
        h = h1 if f == 0 else h1 + f * (z[r0 + lo + 1, cc] - h1)
        if np.isnan(h):
            continue
        h -= kc * ((s * cs) ** 2 + (y * cs) ** 2)
        best = max(best, (h - z0) / (s / abs(dc)))
    if best == -np.inf:
        return 0.0
    tg = z[r, c] - z0 - kc * ((dr * cs) ** 2 + (dc * cs) ** 2)
    return max(0.0, best - tg)


def test_flat_kernel_matches_slow_reference():
    z = be.make_fractal(121, seed=2)
    z[30:36, 70:80] = np.nan
    rng = np.random.default_rng(4)
    rows = rng.integers(0, 121, 60)
    cols = rng.integers(0, 121, 60)
    rows[:4], cols[:4] = [60, 60, 0, 120], [0, 120, 60, 60]  # axis-aligned rays
    got = los.min_visible_height(z, 60, 60, 8.0, (rows, cols), 10.0, curv_coeff=CURV)
    for k in range(rows.size):
        if np.isnan(z[rows[k], cols[k]]):
            assert np.isinf(got[k])
            continue
        want = _r3_one(z, 60, 60, 8.0, int(rows[k]), int(cols[k]), 10.0, CURV)
        assert abs(got[k] - want) < 1e-6, (k, got[k], want)
    # float32 prepared heights (the engine's path) agree to float32 precision
    z32 = z.astype(np.float32)
    g32 = los.min_visible_height_rel(z32, 60, 60, rows, cols, 10.0, 10.0,
                                     CURV / los.EARTH_DIAMETER,
                                     z0=float(z32[60, 60]) + 8.0)
    fin = np.isfinite(got)
    assert np.allclose(g32[fin], got[fin], atol=1e-3)
    assert (np.isinf(g32) == ~fin).all()
    # the block-max pyramid skips stretches of the rays: same result exactly
    for block in (4, 8, 12, 13):
        pyr = los.block_max_pyramid(z32, block)
        gp = los.min_visible_height_rel(z32, 60, 60, rows, cols, 10.0, 10.0,
                                        CURV / los.EARTH_DIAMETER,
                                        z0=float(z32[60, 60]) + 8.0, pyramid=pyr)
        assert np.array_equal(gp, g32)


def _noisy_cone(n=161, h=80.0, cs=5.0, seed=11):
    rng = np.random.default_rng(seed)
    rr, cc = np.mgrid[0:n, 0:n]
    m = n // 2
    z = 30.0 + rng.normal(0.0, 0.3, (n, n))
    rad = h / np.tan(np.radians(30.0)) / cs
    z += np.clip(h * (1.0 - np.hypot(rr - m, cc - m) / rad), 0.0, None)
    return z, m


def test_cone_apex_self_check_escalates(tmp_path):
    """Viewpoint 2 m above the apex of a noisy spoil tip: GDAL is badly off
    (about 60 % agreement), the per-viewpoint self-check must catch it."""
    cs = 5.0
    z, m = _noisy_cone()
    path = be.write_dem(z, cs, str(tmp_path / "cone.tif"))
    vp = vp_at(m, m, cs, 2.0, radius=300.0)
    ref, inside = ref_mask(z, m, m, 2.0, cs, 300.0)
    gd = run_ztv(path, [vp], 1, [0], workers=1, repair=False).count == 1
    res = run_ztv(path, [vp], 1, [0], workers=1)
    a_gd = agreement(gd, ref, inside)
    a_eng = agreement(res.count == 1, ref, inside)
    print("cone apex: GDAL %.2f %%  Vigie %.2f %%  stats %s" % (a_gd, a_eng, res.stats))
    assert a_gd < 80.0
    assert a_eng >= 99.5
    assert res.stats["escalated"] >= 1
    assert res.stats["sample_agreement_min"] >= 99.5
    assert 0.0 <= res.stats["sample_agreement_mean"] <= 100.0


def test_accuracy_presets_and_by_kind(tmp_path):
    z, cs = _cases()["fractal"]
    path = be.write_dem(z, cs, str(tmp_path / "f.tif"))
    vp = vp_at(150, 150, cs, 10.0, radius=170 * cs)
    ref, inside = ref_mask(z, 150, 150, 10.0, cs, 170 * cs)
    gd = agreement(run_ztv(path, [vp], 1, [0], workers=1, repair=False).count == 1,
                   ref, inside)
    ags = {}
    for acc in ("fast", "balanced", "exact"):
        res = run_ztv(path, [vp], 1, [2], workers=1, accuracy=acc, by_kind=False)
        assert res.count_by_kind is None
        ags[acc] = agreement(res.count == 1, ref, inside)
        assert ags[acc] >= gd
    print("fractal presets: GDAL %.3f %s" % (gd, ags))
    assert ags["exact"] >= 99.9
    assert ags["balanced"] >= 99.5
    # old keywords still work
    res = run_ztv(path, [vp], 1, [2], workers=1, margin=3.0, repair_budget=0.05)
    assert res.count_by_kind is not None and res.count_by_kind.shape[0] == 4
    with pytest.raises(ValueError, match="accuracy"):
        run_ztv(path, [vp], 1, [0], accuracy="perfect")


def test_count_only_run_matches_the_full_run(tmp_path):
    """Without the admissible height (want_admissible=False) the count and its NoData are the same."""
    z, cs = _cases()["plain"]
    path = be.write_dem(z, cs, str(tmp_path / "plain.tif"))
    pts = [(150, 150, 20.0), (200, 230, 10.0), (60, 60, 40.0)]
    vps = [vp_at(r, c, cs, h, group=i, radius=100 * cs) for i, (r, c, h) in enumerate(pts)]
    full = run_ztv(path, vps, 3, [0, 1, 3], workers=2, repair=False)
    lean = run_ztv(path, vps, 3, [0, 1, 3], workers=2, repair=False, want_admissible=False)
    assert lean.admissible is None
    assert np.array_equal(full.count, lean.count)
    assert np.array_equal(full.count_by_kind, lean.count_by_kind)
    assert (lean.count == 65535).any() and (lean.count != 65535).any()


def test_results_do_not_depend_on_thread_timing(tmp_path, monkeypatch):
    """Runs with 2 workers and random delays per viewpoint give identical rasters."""
    import random
    import time

    from core import viewshed as vs

    orig = vs.viewshed_window

    def jittered(*args, **kwargs):
        time.sleep(random.random() * 0.03)
        return orig(*args, **kwargs)

    monkeypatch.setattr(vs, "viewshed_window", jittered)
    z, cs = _noisy_cone(n=161, h=80.0, cs=5.0, seed=3)
    path = be.write_dem(z, cs, str(tmp_path / "cone.tif"))
    rng = np.random.default_rng(5)
    vps = []
    for g in range(3):  # three elements of 12 viewpoints each (outlines), different heights
        for _ in range(12):
            r, c = (int(v) for v in rng.integers(20, 140, 2))
            vps.append(vp_at(r, c, cs, 3.0 + 15 * g, group=g, radius=70 * cs))
    runs = [vs.run_ztv(path, vps, 3, [0, 1, 2], workers=2, accuracy="balanced") for _ in range(3)]
    for other in runs[1:]:
        assert np.array_equal(runs[0].count, other.count)
        assert np.array_equal(runs[0].admissible, other.admissible)


@pytest.mark.parametrize("cell", [(5.0, 5.0), (5.0, 7.5)])
def test_lean_count_path_matches_the_float_path(tmp_path, cell):
    """The byte (GVOT_NORMAL) path of count-only GDAL-accuracy runs gives the same count,
    count by type and NoData as the float path: windows cut by the DEM's edges, NoData
    holes, an element with several viewpoints, a view cone, non-square cells."""
    cx, cy = cell
    rng = np.random.default_rng(11)
    nr, nc = 180, 220
    z = (30.0 + rng.normal(0.0, 0.4, (nr, nc))).astype(np.float32)
    rr, cc = np.mgrid[0:nr, 0:nc]
    z += np.clip(40.0 - 0.6 * np.hypot(rr - 90, cc - 120), 0.0, None).astype(np.float32)
    z[40:55, 30:70] = -9999.0        # NoData hole
    path = str(tmp_path / "dem.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, nc, nr, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((be.X0, cx, 0.0, be.Y0, 0.0, -cy))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).SetNoDataValue(-9999.0)
    ds.GetRasterBand(1).WriteArray(z)
    ds = None

    def vp(r, c, h, g, radius):
        return Viewpoint(be.X0 + (c + 0.5) * cx, be.Y0 - (r + 0.5) * cy, h, g, radius)

    vps = [vp(90, 120, 20.0, 0, 600.0),          # summit, window cut on every side
           vp(10, 10, 8.0, 1, 400.0), vp(20, 200, 8.0, 1, 450.0),   # one element, two viewpoints
           vp(170, 60, 15.0, 2, 350.0),          # near the bottom edge
           vp(60, 50, 12.0, 3, 300.0)]           # beside the NoData hole

    def cone(index, viewpoint, row0, col0, orow, ocol, ground):
        if index != 0:
            return None
        r, c = np.mgrid[0:ground.shape[0], 0:ground.shape[1]]
        return (c - ocol) >= 0   # east half only

    kw = dict(workers=2, repair=False, window_filter=cone)
    full = run_ztv(path, vps, 4, [0, 1, 2, 3], **kw)
    got = {}

    def on_group(g, gr):
        got[g] = gr

    lean = run_ztv(path, vps, 4, [0, 1, 2, 3], want_admissible=False, on_group=on_group, **kw)
    assert np.array_equal(full.count, lean.count)
    assert np.array_equal(full.count_by_kind, lean.count_by_kind)
    assert (lean.count[40:55, 30:70] == 65535).all()      # NoData stays NoData
    assert set(np.unique(lean.count)) >= {0, 1, 2, 65535}
    for g in range(4):
        assert got[g].visible_area_m2 == pytest.approx(full.groups[g].visible_area_m2)
        assert got[g].max_distance_m == pytest.approx(full.groups[g].max_distance_m)
    # the on_group masks were not overwritten by later viewpoints (scratch buffers)
    assert got[0].mask.sum() * cx * cy == pytest.approx(full.groups[0].visible_area_m2)
    assert got[3].mask.sum() * cx * cy == pytest.approx(full.groups[3].visible_area_m2)
