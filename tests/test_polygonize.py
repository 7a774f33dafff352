"""The numpy polygonizer (core/polygonize.py) against gdal.Polygonize. No QGIS needed."""
import os
import struct
import sys

import numpy as np
import pytest
from osgeo import gdal, ogr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import bench_engine as be  # noqa: E402

from core import los, rasters  # noqa: E402
from core.polygonize import polygonize  # noqa: E402
from core.viewshed import viewshed_window  # noqa: E402

gdal.UseExceptions()
GT = (651000.0, 5.0, 0.0, 7030000.0, 0.0, -5.0)


def same_as_gdal(m, gt=GT, r0=0, c0=0):
    """Both polygonizers on one mask: same parts, same area, no area of difference,
    valid (GEOS). Returns the new geometry."""
    a, na = rasters.polygonize_mask_gdal(m, gt, r0, c0)
    b, nb = polygonize(m, gt, r0, c0)
    if a is None:
        assert b is None and nb == 0
        return None
    ga = ogr.CreateGeometryFromWkb(a)
    gb = ogr.CreateGeometryFromWkb(b)
    assert gb is not None and gb.GetGeometryName() == "MULTIPOLYGON"
    assert gb.IsValid(), m.astype(int)
    assert nb == na == gb.GetGeometryCount()
    cell = abs(gt[1] * gt[5])
    assert gb.GetArea() == pytest.approx(m.sum() * cell)
    assert ga.SymDifference(gb).GetArea() == pytest.approx(0.0, abs=1e-6 * cell)
    return gb


def ring_signed_area(ring):
    pts = np.array(ring.GetPoints())
    x, y = pts[:, 0], pts[:, 1]
    return 0.5 * float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def test_random_masks_same_as_gdal():
    """400 random masks of every density, widths on and off a multiple of 8 (the
    packed bits), so pinches (cells touching by a corner), holes, islands in holes
    and parts on the window's edges all occur."""
    rng = np.random.default_rng(7)
    for _ in range(400):
        shape = (int(rng.integers(1, 40)), int(rng.integers(1, 40)))
        m = rng.random(shape) < rng.random()
        same_as_gdal(m, r0=int(rng.integers(0, 50)), c0=int(rng.integers(0, 50)))
    for w in (7, 8, 9, 16, 17, 64, 65):
        same_as_gdal(rng.random((23, w)) < 0.5)


def test_topology_cases():
    # a checkerboard: every True cell is its own part (4-connectivity)
    cb = np.indices((9, 10)).sum(0) % 2 == 0
    g = same_as_gdal(cb)
    assert g.GetGeometryCount() == cb.sum()
    # a hole touching the exterior at one point (same part on both sides of a pinch):
    # one polygon with one hole, valid
    m = np.ones((3, 3), dtype=bool)
    m[1, 1] = False
    m[2, 2] = False
    g = same_as_gdal(m)
    assert g.GetGeometryCount() == 1 and g.GetGeometryRef(0).GetGeometryCount() == 2
    # an island in a hole in a polygon: two parts, the outer one with a hole
    m = np.zeros((7, 7), dtype=bool)
    m[0:7, 0:7] = True
    m[1:6, 1:6] = False
    m[3, 3] = True
    g = same_as_gdal(m)
    assert sorted(g.GetGeometryRef(i).GetGeometryCount() for i in range(2)) == [1, 2]
    # a single cell, every cell, nothing
    one = np.zeros((5, 5), dtype=bool)
    one[4, 4] = True
    g = same_as_gdal(one, r0=10, c0=20)
    env = g.GetEnvelope()
    assert env == (GT[0] + 24 * 5.0, GT[0] + 25 * 5.0, GT[3] - 15 * 5.0, GT[3] - 14 * 5.0)
    g = same_as_gdal(np.ones((4, 9), dtype=bool))   # (keep the parent alive: GDAL)
    assert g.GetGeometryRef(0).GetGeometryRef(0).GetPointCount() == 5
    assert polygonize(np.zeros((4, 4), dtype=bool), GT) == (None, 0)


def test_ring_orientation_and_vertices():
    """Exterior rings counter-clockwise, holes clockwise (map frame, OGC / GeoJSON
    convention), only where the boundary turns; also for a south-up grid."""
    m = np.zeros((6, 8), dtype=bool)
    m[1:5, 1:7] = True
    m[2:4, 3:5] = False
    for gt in (GT, (0.0, 5.0, 0.0, 0.0, 0.0, 5.0)):
        wkb, n = polygonize(m, gt)
        multi = ogr.CreateGeometryFromWkb(wkb)    # (keep the parent alive: GDAL)
        poly = multi.GetGeometryRef(0)
        assert ring_signed_area(poly.GetGeometryRef(0)) == pytest.approx(24 * 25.0)
        assert ring_signed_area(poly.GetGeometryRef(1)) == pytest.approx(-4 * 25.0)
        assert poly.GetGeometryRef(0).GetPointCount() == 5
        assert poly.GetGeometryRef(1).GetPointCount() == 5
    # the WKB is a MultiPolygon in little-endian ISO WKB
    assert struct.unpack("<BI", wkb[:5]) == (1, 6)


def test_viewshed_zone_same_as_gdal():
    """A real viewshed (fractal hills, 25 m cells, 3 km radius): thousands of
    boundary edges, specks, holes and islands."""
    z = be.make_fractal(257, seed=3).astype(np.float32)
    w = viewshed_window(z, 128, 128, 10.0, 1.6, 25.0, 25.0, 3000.0,
                        1 - 1 / 7, los.EARTH_DIAMETER, "", repair=False)
    g = same_as_gdal(w.visible, r0=40, c0=60)
    rings = sum(g.GetGeometryRef(i).GetGeometryCount() for i in range(g.GetGeometryCount()))
    assert g.GetGeometryCount() >= 5 and rings > g.GetGeometryCount()
