#!/usr/bin/env python3
"""Benchmark: intervisibility of the 353 real inscribed elements and the panorama query.

Usage: python scripts/benches/intervisibility.py OUT_DIR [--quick]

Data: the 353 elements of the UNESCO property (../shared/data, Lambert-93) on a
synthetic 5 m terrain covering their extent (no DEM of the Bassin minier is
available): a rolling plain plus a cone on every spoil tip (50-90 m high),
about 19 000 x 6 500 cells, written as a GeoTIFF under OUT_DIR and removed at the end.
Element tops as vigie:intervisibility takes them (points, highest cell of polygons),
heights by type.

Contenders, side by side in this run (never pass/fail on time):

* Vigie: ``core.sightline.line_of_sight`` on all pairs closer than 10 km (exact R3,
  vectorised, curvature 1/7), what vigie:intervisibility computes;
* the baseline: GDAL 3.6's Python binding has no ``gdal.IsLineOfSightVisible`` (it came
  with GDAL 3.9), so a per-pair loop in its style: walk the line cell by cell
  (one step per cell along the major axis, nearest cell), compare the terrain with the
  sight line, stop at the first obstruction. Run on a random sample of pairs (the full
  set would take many minutes); its time for all pairs is extrapolated per pair.
  The Visibility Analysis plugin is not installed here.
* Panorama: ``core.sightline.panorama`` from random viewpoints to the 353 elements within
  15 km (what the map tool does per click by default; terrain and tops preloaded), vs the
  baseline loop on the same lines; and to all 353 elements without a distance limit.

Also reported: agreement of the baseline with the exact R3 answer.
Writes OUT_DIR/intervisibility.json and OUT_DIR/intervisibility.md.
"""

import json
import math
import os
import sys
import time

import numpy as np
from osgeo import gdal, ogr, osr

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, ROOT)

from core import elements as core_elements  # noqa: E402
from core import sightline as sl  # noqa: E402

GPKG = os.path.normpath(os.path.join(ROOT, "..", "shared", "data", "bassin_minier_unesco",
                                     "bassin_minier_unesco_l93.gpkg"))
LAYERS = {"batis": ("denomination", "typologie"), "cites_minieres": ("nom", "=cité"),
          "cavaliers": ("objet", "=cavalier"), "espace_neonaturel": ("nom", "=espace néonaturel"),
          "terrils": ("nom", "=terril")}
CS = 5.0
CURV = 1.0 - 1.0 / 7.0
MAX_D = 10000.0
PANORAMA_D = 15000.0   # the map tool's default
SEED = 1360

gdal.UseExceptions()


def read_elements():
    src = ogr.Open(GPKG)
    out, seen = [], set()
    for lname, (nf, tf) in LAYERS.items():
        for f in src.GetLayerByName(lname):
            uid = f["id_unesco"]
            if not uid or uid in seen:
                continue
            seen.add(uid)
            t = tf[1:] if tf.startswith("=") else (f[tf] or "")
            out.append(core_elements.Element(uid, f[nf] or uid, t, bytes(f.GetGeometryRef().ExportToWkb())))
    return out


def make_dem(path, elements, rng):
    env = [ogr.CreateGeometryFromWkb(e.wkb).GetEnvelope() for e in elements]
    x0 = math.floor(min(e[0] for e in env) / 1000.0) * 1000.0 - 1000.0
    x1 = math.ceil(max(e[1] for e in env) / 1000.0) * 1000.0 + 1000.0
    y0 = math.floor(min(e[2] for e in env) / 1000.0) * 1000.0 - 1000.0
    y1 = math.ceil(max(e[3] for e in env) / 1000.0) * 1000.0 + 1000.0
    cols, rows = int((x1 - x0) / CS), int((y1 - y0) / CS)
    tips = []
    for e in elements:
        if "terril" in e.type:
            c = ogr.CreateGeometryFromWkb(e.wkb).Centroid()
            tips.append((c.GetX(), c.GetY(), rng.uniform(50, 90), rng.uniform(250, 400)))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    ds = gdal.GetDriverByName("GTiff").Create(path, cols, rows, 1, gdal.GDT_Float32, ["TILED=YES", "BIGTIFF=YES"])
    ds.SetGeoTransform((x0, CS, 0, y1, 0, -CS))
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-9999.0)
    xs = x0 + (np.arange(cols) + 0.5) * CS
    block = 512
    for r0 in range(0, rows, block):
        nr = min(block, rows - r0)
        ys = y1 - (np.arange(r0, r0 + nr) + 0.5) * CS
        xx, yy = np.meshgrid(xs, ys)
        z = (40.0 + 18.0 * np.sin(xx / 2900.0) * np.cos(yy / 2300.0) + 6.0 * np.sin(xx / 830.0 + yy / 1270.0)
             + rng.normal(0.0, 0.3, xx.shape)).astype(np.float32)
        for tx, ty, th, tr in tips:
            if ty - tr > ys[0] + CS or ty + tr < ys[-1] - CS:
                continue
            c0 = max(0, int((tx - tr - x0) / CS))
            c1 = min(cols, int((tx + tr - x0) / CS) + 1)
            d = np.hypot(xx[:, c0:c1] - tx, yy[:, c0:c1] - ty)
            z[:, c0:c1] += np.where(d < tr, th * (1.0 - d / tr), 0.0).astype(np.float32)
        band.WriteArray(z, 0, r0)
    ds = None
    return rows, cols


def baseline_pair(z, r0, c0, h0, r1, c1, h1, cs, kc):
    """Naive per-pair loop in the style of GDAL's IsLineOfSightVisible: one step per cell
    along the major axis (nearest cell), stop at the first cell above the sight line."""
    za = z[r0, c0] + h0
    zb = z[r1, c1] + h1
    dr, dc = r1 - r0, c1 - c0
    n = max(abs(dr), abs(dc))
    dist = math.hypot(dr * cs, dc * cs)
    zb_c = zb - kc * dist * dist
    for i in range(1, n):
        t = i / n
        r = int(round(r0 + t * dr))
        c = int(round(c0 + t * dc))
        d = t * dist
        if z[r, c] - kc * d * d > za + t * (zb_c - za):
            return False
    return True


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "bench-output"
    quick = "--quick" in sys.argv
    os.makedirs(out_dir, exist_ok=True)
    if not os.path.exists(GPKG):
        print("shared real data not present: skipped")
        return
    rng = np.random.default_rng(SEED)
    els = read_elements()
    dem = os.path.join(out_dir, "intervisibility_dem.tif")
    t = time.perf_counter()
    rows, cols = make_dem(dem, els, rng)
    t_dem = time.perf_counter() - t
    rec = {"elements": len(els), "dem_cells": [rows, cols], "cell_m": CS, "dem_seconds": round(t_dem, 1)}
    try:
        t = time.perf_counter()
        ground = core_elements.GroundSampler(dem)
        prepared, _ = core_elements.prepare(els, ground, 1.0, spacing=1e12)
        del ground
        tops = [p for p in prepared if p.points]
        x = np.array([p.points[0][0] for p in tops])
        y = np.array([p.points[0][1] for p in tops])
        h = np.array([p.points[0][2] for p in tops])
        rec["tops_seconds"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        terrain = sl.read_terrain(dem)
        rec["read_dem_seconds"] = round(time.perf_counter() - t, 2)
        ii, jj = sl.pairs_within(x, y, MAX_D)
        rec["pairs_within_10km"] = int(ii.size)
        # Vigie: all pairs
        t = time.perf_counter()
        res = sl.line_of_sight(terrain, x[ii], y[ii], h[ii], x[jj], y[jj], h[jj], CURV)
        t_vigie = time.perf_counter() - t
        rec["vigie_all_pairs_seconds"] = round(t_vigie, 2)
        rec["visible_pairs"] = int(res["visible"].sum())
        # baseline on a sample of pairs
        z = terrain.ground
        kc = CURV / terrain.earth_diameter
        n_sample = min(ii.size, 300 if quick else 2000)
        sample = rng.choice(ii.size, n_sample, replace=False)
        ra, ca = terrain.cell(x, y)
        t = time.perf_counter()
        base = [baseline_pair(z, ra[ii[k]], ca[ii[k]], h[ii[k]], ra[jj[k]], ca[jj[k]], h[jj[k]], CS, kc)
                for k in sample]
        t_base = time.perf_counter() - t
        t = time.perf_counter()
        sl.line_of_sight(terrain, x[ii[sample]], y[ii[sample]], h[ii[sample]], x[jj[sample]], y[jj[sample]],
                         h[jj[sample]], CURV)
        t_vigie_sample = time.perf_counter() - t
        agree = float(np.mean(np.array(base) == res["visible"][sample]))
        rec.update({
            "baseline_sample_pairs": int(n_sample),
            "baseline_sample_seconds": round(t_base, 2),
            "vigie_sample_seconds": round(t_vigie_sample, 3),
            "ratio_on_sample": round(t_base / t_vigie_sample, 1),
            "baseline_all_pairs_extrapolated_seconds": round(t_base / n_sample * ii.size, 1),
            "ratio_all_pairs_extrapolated": round(t_base / n_sample * ii.size / t_vigie, 1),
            "baseline_agreement_with_r3_pct": round(100.0 * agree, 2),
        })
        # panorama from random viewpoints on the terrain, near the elements
        times, btimes, nvis, times_all = [], [], [], []
        for _ in range(5 if quick else 20):
            k = rng.integers(0, x.size)
            vx = float(x[k] + rng.uniform(-2000, 2000))
            vy = float(y[k] + rng.uniform(-2000, 2000))
            t = time.perf_counter()
            p = sl.panorama(terrain, vx, vy, 1.6, x, y, h, CURV, PANORAMA_D)
            times.append(time.perf_counter() - t)
            nvis.append(int(p["visible"].sum()))
            t = time.perf_counter()
            sl.panorama(terrain, vx, vy, 1.6, x, y, h, CURV)
            times_all.append(time.perf_counter() - t)
            vr, vc = terrain.cell(vx, vy)
            near = np.hypot(x - vx, y - vy) <= PANORAMA_D
            t = time.perf_counter()
            for j in np.nonzero(near)[0]:
                if (ra[j], ca[j]) != (int(vr), int(vc)):
                    baseline_pair(z, int(vr), int(vc), 1.6, ra[j], ca[j], h[j], CS, kc)
            btimes.append(time.perf_counter() - t)
        rec.update({
            "panorama_elements": int(x.size),
            "panorama_max_distance_m": PANORAMA_D,
            "panorama_all_353_no_distance_limit_median_seconds": round(float(np.median(times_all)), 3),
            "panorama_median_seconds": round(float(np.median(times)), 3),
            "panorama_max_seconds": round(float(np.max(times)), 3),
            "panorama_baseline_median_seconds": round(float(np.median(btimes)), 2),
            "panorama_ratio": round(float(np.median(btimes) / np.median(times)), 1),
            "panorama_visible_median": int(np.median(nvis)),
        })
    finally:
        if os.path.exists(dem):
            os.remove(dem)
    with open(os.path.join(out_dir, "intervisibility.json"), "w") as fh:
        json.dump(rec, fh, indent=1)
    lines = [
        "# Intervisibility and panorama (353 real elements, synthetic 5 m terrain)",
        "",
        "| measure | value |",
        "|---|---|",
    ] + ["| {} | {} |".format(k, v) for k, v in rec.items()]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out_dir, "intervisibility.md"), "w") as fh:
        fh.write(text)
    print(text)


if __name__ == "__main__":
    main()
