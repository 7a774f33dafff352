#!/usr/bin/env python3
"""Benchmark of the Vigie visibility engine against the GDAL floor.

Side by side on a generated flat plain with spoil tips (cones) at 5 m:

(a) the floor: plain ``gdal.ViewshedGenerate`` per viewpoint on a window
    (GVOT_NORMAL, target = eye height), one thread, summed in numpy;
(b) Vigie ``run_ztv`` without repair (GDAL only, 2 workers);
(c) Vigie ``run_ztv`` (2 workers): GDAL + exact R3 repair near the boundary.

Prints wall and CPU times, the ratios to the floor, the cells repaired per
viewpoint and the agreement with the exact R3 reference on a sample of cells
of the first viewpoint.

    python3 scripts/bench_engine.py --size 4000x3000 --viewpoints 8 --radius 3000
"""
import argparse
import os
import sys
import tempfile
import time
from typing import List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, osr

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core import los  # noqa: E402
from core.viewshed import Viewpoint, run_ztv  # noqa: E402

gdal.UseExceptions()

X0, Y0 = 600000.0, 7000000.0


def make_plain(nrows: int, ncols: int, cs: float = 5.0, seed: int = 0,
               n_tips: Optional[int] = None, noise: float = 0.3
               ) -> Tuple[np.ndarray, List[Tuple[int, int, float]]]:
    """Flat noisy plain (about 30 m) with conical spoil tips; returns (z, tips)."""
    rng = np.random.default_rng(seed)
    z = (30.0 + rng.normal(0.0, noise, (nrows, ncols))).astype(np.float64)
    if n_tips is None:
        n_tips = max(1, int(nrows * ncols / 250000))
    tips = []
    for _ in range(n_tips):
        r0 = int(rng.integers(0, nrows))
        c0 = int(rng.integers(0, ncols))
        h = float(rng.uniform(20.0, 120.0))
        rad = h / np.tan(np.radians(30.0)) / cs
        ri = int(np.ceil(rad))
        ra, rb = max(0, r0 - ri), min(nrows, r0 + ri + 1)
        ca, cb = max(0, c0 - ri), min(ncols, c0 + ri + 1)
        rr, cc = np.mgrid[ra:rb, ca:cb]
        d = np.hypot(rr - r0, cc - c0)
        z[ra:rb, ca:cb] += np.clip(h * (1.0 - d / rad), 0.0, None)
        tips.append((r0, c0, h))
    return z, tips


def make_fractal(n: int, seed: int = 0, beta: float = 2.2, amp: float = 150.0) -> np.ndarray:
    """Seeded spectral-synthesis fractal terrain, n x n, 100..100+amp m."""
    rng = np.random.default_rng(seed)
    ky = np.fft.fftfreq(n)[:, None]
    kx = np.fft.fftfreq(n)[None, :]
    k = np.hypot(kx, ky)
    k[0, 0] = 1.0
    spec = (rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n))) / k ** beta
    spec[0, 0] = 0.0
    z = np.real(np.fft.ifft2(spec))
    return (z - z.min()) / (z.max() - z.min()) * amp + 100.0


def write_dem(z: np.ndarray, cs: float, path: str, epsg: int = 2154,
              nodata: Optional[float] = None) -> str:
    """Write a north-up Float32 GeoTIFF with origin (X0, Y0)."""
    ds = gdal.GetDriverByName("GTiff").Create(path, z.shape[1], z.shape[0], 1,
                                              gdal.GDT_Float32)
    ds.SetGeoTransform((X0, cs, 0.0, Y0, 0.0, -cs))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    band.WriteArray(z)
    band.FlushCache()
    del band
    ds = None
    return path


def cell_xy(r: int, c: int, cs: float) -> Tuple[float, float]:
    return X0 + (c + 0.5) * cs, Y0 - (r + 0.5) * cs


def floor_gdal(path: str, vps: Sequence[Viewpoint], eye: float, curv: float
               ) -> np.ndarray:
    """(a) plain GDAL per viewpoint on a window, one thread, summed in numpy."""
    src = gdal.Open(path)
    band = src.GetRasterBand(1)
    gt = src.GetGeoTransform()
    cs = gt[1]
    nr, nc = src.RasterYSize, src.RasterXSize
    count = np.zeros((nr, nc), dtype=np.uint16)
    drv = gdal.GetDriverByName("MEM")
    wkt = src.GetProjection()
    for vp in vps:
        r = int((vp.y - gt[3]) / gt[5])
        c = int((vp.x - gt[0]) / gt[1])
        k = int(np.ceil(vp.radius / cs))
        r0, c0 = max(0, r - k), max(0, c - k)
        r1, c1 = min(nr, r + k + 1), min(nc, c + k + 1)
        win = band.ReadAsArray(c0, r0, c1 - c0, r1 - r0)
        ds = drv.Create("", c1 - c0, r1 - r0, 1, gdal.GDT_Float32)
        ds.SetGeoTransform((gt[0] + c0 * cs, cs, 0, gt[3] - r0 * cs, 0, -cs))
        ds.SetProjection(wkt)
        b = ds.GetRasterBand(1)
        b.WriteArray(win)
        out = gdal.ViewshedGenerate(b, "MEM", "", [], vp.x, vp.y, vp.height, eye,
                                    1, 0, 0, -1, curv, gdal.GVM_Edge, vp.radius)
        ob = out.GetRasterBand(1)
        a = ob.ReadAsArray()
        ogt = out.GetGeoTransform()
        oc = int(round((ogt[0] - gt[0]) / cs))
        orr = int(round((gt[3] - ogt[3]) / cs))
        count[orr:orr + a.shape[0], oc:oc + a.shape[1]] += a
        del ob, out, b, ds
    return count


def pick_viewpoints(z: np.ndarray, tips, n: int, cs: float, radius: float,
                    seed: int = 1) -> List[Viewpoint]:
    """Viewpoints on the tops of spoil tips (one group each) then random masts."""
    rng = np.random.default_rng(seed)
    vps = []
    for i in range(n):
        if i < len(tips):
            r, c, _ = tips[i]
            h = 2.0
        else:
            r = int(rng.integers(0, z.shape[0]))
            c = int(rng.integers(0, z.shape[1]))
            h = float(rng.uniform(10.0, 60.0))
        x, y = cell_xy(r, c, cs)
        vps.append(Viewpoint(x, y, h, i, radius))
    return vps


def cpu_wall(fn):
    t0 = time.perf_counter()
    c0 = time.process_time()
    res = fn()
    return res, time.perf_counter() - t0, time.process_time() - c0


def main(argv: Optional[Sequence[str]] = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="4000x3000", help="COLSxROWS of the plain")
    ap.add_argument("--viewpoints", type=int, default=8)
    ap.add_argument("--radius", type=float, default=3000.0, help="metres")
    ap.add_argument("--cellsize", type=float, default=5.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sample", type=int, default=3000, help="R3 sample size")
    ap.add_argument("--eye", type=float, default=1.6)
    a = ap.parse_args(argv)
    ncols, nrows = (int(v) for v in a.size.lower().split("x"))
    cs = a.cellsize
    curv = 1.0 - 1.0 / 7.0
    z, tips = make_plain(nrows, ncols, cs)
    tmp = tempfile.mkdtemp(prefix="vigie_bench_")
    path = write_dem(z, cs, os.path.join(tmp, "plain.tif"))
    vps = pick_viewpoints(z, tips, a.viewpoints, cs, a.radius)
    ng = len(vps)
    kinds = [1] * ng

    cnt_a, wa, ca = cpu_wall(lambda: floor_gdal(path, vps, a.eye, curv))
    res_c, wc, cc = cpu_wall(lambda: run_ztv(path, vps, ng, kinds, eye_height=a.eye,
                                             workers=a.workers, repair=False))
    res_b, wb, cb = cpu_wall(lambda: run_ztv(path, vps, ng, kinds, eye_height=a.eye,
                                             workers=a.workers))
    res_1, w1, c1 = cpu_wall(lambda: run_ztv(path, vps, ng, kinds, eye_height=a.eye,
                                             workers=1, repair=False))

    # agreement with R3 on a sample of cells of the first viewpoint
    vp = vps[0]
    r0 = int((Y0 - vp.y) / cs)
    c0 = int((vp.x - X0) / cs)
    rng = np.random.default_rng(7)
    k = int(a.radius / cs)
    rr = rng.integers(max(0, r0 - k), min(nrows, r0 + k + 1), a.sample * 2)
    ccs = rng.integers(max(0, c0 - k), min(ncols, c0 + k + 1), a.sample * 2)
    ok = ((rr - r0) ** 2 + (ccs - c0) ** 2) * cs * cs <= a.radius ** 2
    rr, ccs = rr[ok][:a.sample], ccs[ok][:a.sample]
    ref = los.visible(z, r0, c0, vp.height, (rr, ccs), cs, a.eye, curv)
    one_g = floor_gdal(path, [vp], a.eye, curv)[rr, ccs] > 0
    one_v = run_ztv(path, [vp], 1, [1], eye_height=a.eye, workers=1).count[rr, ccs] == 1
    agree_g = float((one_g == ref).mean()) * 100
    agree_v = float((one_v == ref).mean()) * 100

    rep = res_b.stats["repaired_cells"] / max(1.0, res_b.stats["viewpoints"])
    flp = res_b.stats["flipped_cells"] / max(1.0, res_b.stats["viewpoints"])
    print("plain %dx%d at %.0f m, %d viewpoints, radius %.0f m" % (ncols, nrows, cs, ng, a.radius))
    print("%-40s %9s %9s %8s %8s" % ("run", "wall s", "cpu s", "wall/a", "cpu/a"))
    for name, w, c in [("(a) GDAL floor, 1 thread", wa, ca),
                       ("Vigie no repair, 1 worker", w1, c1),
                       ("Vigie no repair, %d workers" % a.workers, wc, cc),
                       ("(b) Vigie, %d workers" % a.workers, wb, cb)]:
        print("%-40s %9.3f %9.3f %8.2f %8.2f" % (name, w, c, w / wa, c / ca))
    print("cells repaired per viewpoint: %.0f (flipped %.0f)" % (rep, flp))
    print("agreement with R3 on %d cells of viewpoint 0: GDAL %.2f %%, Vigie %.2f %%"
          % (len(rr), agree_g, agree_v))
    return {"wall_a": wa, "wall_b": wb, "cpu_a": ca, "cpu_b": cb,
            "agree_gdal": agree_g, "agree_vigie": agree_v,
            "repaired_per_vp": rep, "count_equal_no_repair":
            bool((res_c.count == res_1.count).all())}


if __name__ == "__main__":
    main()
