"""core/sightline.py against the exact R3 line of sight (core/los.py) on real DEMs,
and against analytic truths (a wall between two towers, a target beyond the horizon)."""

import math
import os

import numpy as np
import pytest
from osgeo import gdal

from conftest import SHARED_DATA
from core import los
from core import sightline as sl

SRTM = os.path.join(SHARED_DATA, "dem_test", "srtm3_N44W072_white_mountains_nh.tif")
DSM = os.path.join(SHARED_DATA, "dem_test", "dsm_1m_slovakia_krovak_jancaha.tif")
K = 1.0 - 1.0 / 7.0


def _array(path):
    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    a = band.ReadAsArray().astype(np.float64)
    nd = band.GetNoDataValue()
    if nd is not None:
        a[a == nd] = np.nan
    return a


def _terrain(z, cell):
    return sl.Terrain(z.astype(np.float32), 0.0, z.shape[0] * cell, cell, cell)


@pytest.mark.parametrize("path,cell,window,heights", [
    (SRTM, 90.0, (300, 300, 400, 400), (2.0, 40.0)),   # mountains, 90 m cells (the array, in metres)
    (DSM, 1.0, (0, 0, 175, 223), (1.6, 10.0)),          # 1 m surface model with buildings
])
@pytest.mark.parametrize("curv", [0.0, K])
def test_agrees_with_exact_r3_on_random_pairs(path, cell, window, heights, curv):
    if not os.path.exists(path):
        pytest.skip("shared real data not present")
    r0, c0, nr, nc = window
    z = _array(path)[r0:r0 + nr, c0:c0 + nc]
    terrain = _terrain(z, cell)
    rng = np.random.default_rng(6)
    n_obs, n_tg = 12, 150
    disagreements = 0
    total = 0
    for _ in range(n_obs):
        ro, co = rng.integers(0, nr), rng.integers(0, nc)
        while np.isnan(z[ro, co]):
            ro, co = rng.integers(0, nr), rng.integers(0, nc)
        rows, cols = rng.integers(0, nr, n_tg), rng.integers(0, nc, n_tg)
        keep = (rows != ro) | (cols != co)
        rows, cols = rows[keep], cols[keep]
        ho = rng.uniform(*heights)
        ht = rng.uniform(0.0, heights[1], rows.size)
        ref = los.min_visible_height(z.astype(np.float32), int(ro), int(co), ho, (rows, cols), cell,
                                     curv_coeff=curv, earth_diameter=terrain.earth_diameter)
        xo, yo = terrain.centre(ro, co)
        xt, yt = terrain.centre(rows, cols)
        # ends anywhere inside their cells: moved to the centres, same answer
        jx, jy = rng.uniform(-0.45, 0.45, (2, rows.size)) * cell
        res = sl.line_of_sight(terrain, np.full(rows.size, xo), np.full(rows.size, yo), ho,
                               xt + jx, yt + jy, ht, curv)
        # NoData targets: never visible, like R3
        assert ((res["status"] == sl.OK) == np.isfinite(ref)).all()
        assert not res["visible"][~np.isfinite(ref)].any()
        np.testing.assert_allclose(res["min_visible_height"], ref, atol=2e-3)
        vis_ref = ref <= ht
        near = np.abs(ref - ht) < 2e-3
        disagreements += int(((res["visible"] != vis_ref) & ~near).sum())
        total += rows.size
        # the clearance has the sign of the visibility (ties aside)
        has = ~np.isnan(res["clearance"])
        assert ((res["clearance"][has] >= -1e-6) == res["visible"][has]).mean() > 0.999
        # first obstruction only on blocked lines, inside the line
        ft = res["obstruction_t"]
        assert np.isnan(ft[res["visible"]]).all()
        blocked = ~res["visible"] & has
        assert ((ft[blocked] > 0) & (ft[blocked] < 1)).all()
        # symmetric: B to A gives the same clearance
        back = sl.line_of_sight(terrain, xt, yt, ht, np.full(rows.size, xo), np.full(rows.size, yo), ho, curv)
        np.testing.assert_allclose(back["clearance"], res["clearance"], atol=1e-6)
        np.testing.assert_array_equal(back["visible"] | near, res["visible"] | near)
    assert disagreements == 0 and total > 1500


def _flat(nr, nc, cell, value=0.0):
    return np.full((nr, nc), value, dtype=np.float64)


@pytest.mark.parametrize("curv", [0.0, K])
def test_wall_between_two_towers(curv):
    """Towers of 30 m and 40 m on flat ground 1 km apart, a 20 m wall half way:
    the margin is the line at the wall (35 m) minus the wall, minus k D^2 / 4."""
    cell = 5.0
    z = _flat(21, 401, cell, 50.0)
    z[:, 200] = 70.0                      # wall across, 20 m high, at 1000 m from A
    terrain = _terrain(z, cell)
    xa, ya = terrain.centre(10, 0)
    xb, yb = terrain.centre(10, 400)       # 2000 m
    kc = curv / terrain.earth_diameter
    d = 2000.0
    expected = 35.0 - 20.0 - kc * d * d / 4.0
    res = sl.line_of_sight(terrain, xa, ya, 30.0, xb, yb, 40.0, curv)
    assert res["visible"][0]
    assert res["clearance"][0] == pytest.approx(expected, abs=1e-6)
    # a higher wall blocks: clearance negative by the same rule, obstruction at the wall
    z[:, 200] = 100.0
    terrain = _terrain(z, cell)
    res = sl.line_of_sight(terrain, xa, ya, 30.0, xb, yb, 40.0, curv)
    assert not res["visible"][0]
    assert res["clearance"][0] == pytest.approx(35.0 - 50.0 - kc * d * d / 4.0, abs=1e-6)
    assert res["obstruction_t"][0] * res["distance"][0] == pytest.approx(1000.0, abs=1e-6)
    # visible part of B above the horizon: the wall top seen from A's eye (80 m at 1 km,
    # 100 m at 1 km -> 120 m at 2 km minus curvature), B's top is at 90 m
    horizon_at_b = 80.0 + (100.0 - kc * 1000.0 ** 2 - 80.0) * 2.0 + kc * d * d
    assert res["above_horizon"][0] == pytest.approx(90.0 - horizon_at_b, abs=1e-6)
    assert res["min_visible_height"][0] == pytest.approx(horizon_at_b - 50.0, abs=1e-6)
    prof = sl.profile(terrain, float(xa), float(ya), 30.0, float(xb), float(yb), 40.0, curv)
    wall = np.argmax(prof.obstacle)
    assert prof.distance[wall] == pytest.approx(1000.0)
    assert (prof.sightline - prof.obstacle)[1:-1].min() == pytest.approx(res["clearance"][0], abs=1e-6)
    parts = sl.visible_parts(prof)
    assert parts[0][2] and not parts[-1][2]       # ground seen up to the wall, hidden behind it
    assert parts[0][1] == pytest.approx(0.5, abs=0.01)


def test_target_beyond_the_horizon_by_curvature_alone():
    """Flat sea-level ground, eye 2 m: the horizon is sqrt(2/k) away; a 10 m target
    is seen up to sqrt(2/k) + sqrt(10/k) and its hidden part is k (D - sqrt(2/k))^2."""
    cell = 50.0
    z = _flat(3, 801, cell)
    terrain = _terrain(z, cell)
    kc = K / terrain.earth_diameter
    reach = math.sqrt(2.0 / kc) + math.sqrt(10.0 / kc)
    xa, ya = terrain.centre(1, 0)
    cols = np.arange(20, 801, 20)
    xb, yb = terrain.centre(np.ones(cols.size, dtype=int), cols)
    res = sl.line_of_sight(terrain, np.full(cols.size, xa), np.full(cols.size, ya), 2.0, xb, yb, 10.0, K)
    d = res["distance"]
    far = np.abs(d - reach) > 2 * cell
    assert (res["visible"][far] == (d[far] < reach)).all()
    assert res["visible"].any() and not res["visible"].all()
    # no curvature: everything is visible
    flat = sl.line_of_sight(terrain, np.full(cols.size, xa), np.full(cols.size, ya), 2.0, xb, yb, 10.0, 0.0)
    assert flat["visible"].all()
    # the analytic minimum margin of the straight line over the curved ground
    beyond = d > math.sqrt(2.0 / kc) + 2 * cell
    hidden = kc * (d[beyond] - math.sqrt(2.0 / kc)) ** 2
    np.testing.assert_allclose(res["min_visible_height"][beyond], hidden, rtol=2e-2, atol=0.05)
    # sight line minus the curved ground (0 - k d^2), at the column crossings t = s / n
    a = 10.0 - kc * d * d - 2.0
    m_exact = np.array([min(2.0 + t * ai + kc * (t * di) ** 2 for t in np.arange(1, n) / n)
                        for ai, di, n in zip(a, d, cols)])
    np.testing.assert_allclose(res["clearance"], m_exact, atol=2e-3)


def test_bad_ends_and_pairs():
    z = _flat(10, 10, 5.0)
    z[5, 5] = np.nan
    terrain = _terrain(z, 5.0)
    xs, ys = terrain.centre(np.array([1, 1, 1]), np.array([1, 1, 1]))
    xt, yt = terrain.centre(np.array([1, 5, 8]), np.array([1, 5, 8]))
    xt[2] += 1000.0
    res = sl.line_of_sight(terrain, xs, ys, 2.0, xt, yt, 2.0)
    assert list(res["status"]) == [sl.SAME_CELL, sl.NODATA_END, sl.OUTSIDE]
    assert not res["visible"].any()


def test_pairs_within_matches_brute_force():
    rng = np.random.default_rng(3)
    x, y = rng.uniform(0, 50000, (2, 400))
    i, j = sl.pairs_within(x, y, 7000.0)
    d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    bi, bj = np.nonzero(np.triu(d <= 7000.0, 1))
    assert set(zip(i.tolist(), j.tolist())) == set(zip(bi.tolist(), bj.tolist()))
    assert (i < j).all() and len(i) == len(set(zip(i.tolist(), j.tolist())))
