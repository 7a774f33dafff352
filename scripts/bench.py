#!/usr/bin/env python3
"""make bench: Vigie's vigie:ztv side by side with the GDAL floor, QGIS's gdal:viewshed and GRASS r.viewshed.

Usage: python scripts/bench.py [--scale full|medium|tiny] [--no-scaling] [--skip LIST] OUT_DIR

1. Generates (deterministic numpy seed) a synthetic DEM: GeoTIFF, EPSG:2154, 5 m, float32,
   a gently rolling plain with 0.3 m noise and conical spoil tips (50-150 m high, 300-800 m
   base radius), written in blocks; and point elements (headframe-like, 30-60 m high, on the
   plain and on spoil-tip summits) in a GeoPackage.
2. Runs every contender in its own subprocess (peak RSS per contender from os.wait4):
   * Vigie: processing.run('vigie:ztv') with count + admissible height + zones + table
     (default balanced accuracy); the count alone at GDAL's accuracy (like for like with the
     floor); every output at GDAL's accuracy; every output with the fast repair;
   * the agreement of the count rasters with the exact R3 line of sight on random cells;
   * the floor: gdal.ViewshedGenerate per viewpoint on a window of radius R read into a MEM
     dataset (one thread), summed into a uint16 count (curvature 0.85714, target 1.6 m,
     GVOT_NORMAL);
   * QGIS gdal:viewshed (processing.run) on the whole DEM file for a few viewpoints;
   * GRASS r.viewshed (-c, refraction 0.14286) on a window for a few viewpoints;
   * Vigie scaling runs: vs radius (0.2, 0.5, 1, 2 x R, on a spread subset of the elements, at the default
     and at GDAL's accuracy) and vs number of elements (25, 50, 100 %).
3. Prints and writes OUT_DIR/bench.md (tables with times and ratios; never pass/fail on
   time) and OUT_DIR/bench.json.

Scales: full (default) 20000 x 10000 cells, 353 elements (the property's count), R = 10 km; medium 6000 x 4000,
60 elements, R = 5 km; tiny 600 x 400, 6 elements, R = 1 km.
"""

import argparse
import json
import math
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

CS = 5.0
XMIN, YMIN = 600000.0, 7000000.0
NODATA = -9999.0
EYE = 1.6
REFRACTION = 1.0 / 7.0
CURV_COEFF = 0.85714
SEED = 20260101

SCALES = {
    # rows, cols, elements, radius (m), spoil tips, floor subset (None: all), gdal:viewshed vps, GRASS vps
    "full": dict(rows=10000, cols=20000, elements=353, radius=10000.0, tips=100, floor_max=60,
                 gdal_vps=5, grass_vps=3, grass_memory=3000, accuracy_cells=3000, radius_subset=24),
    "medium": dict(rows=4000, cols=6000, elements=60, radius=5000.0, tips=12, floor_max=None,
                   gdal_vps=5, grass_vps=3, grass_memory=1500, accuracy_cells=3000, radius_subset=12),
    "tiny": dict(rows=400, cols=600, elements=6, radius=1000.0, tips=2, floor_max=None,
                 gdal_vps=3, grass_vps=2, grass_memory=500, accuracy_cells=400),
}
RADIUS_FACTORS = (0.2, 0.5, 1.0, 2.0)
ELEMENT_FRACTIONS = (0.25, 0.5, 1.0)


# ----------------------------------------------------------------------------------------
# Data generation
# ----------------------------------------------------------------------------------------
def _plain(xs, ys):
    """Gently rolling plain (metres) on the grid of cell centres xs (cols) x ys (rows)."""
    import numpy as np

    X = xs[None, :]
    Y = ys[:, None]
    return (40.0 + 3.0 * np.sin(2 * math.pi * (X - XMIN) / 6000.0) * np.cos(2 * math.pi * (Y - YMIN) / 4500.0)
            + 2.0 * np.sin(2 * math.pi * ((X - XMIN) + 0.5 * (Y - YMIN)) / 11000.0)).astype(np.float32)


def generate(out_dir, sc, seed=SEED):
    """Write dem.tif and elements*.gpkg; return a description (tips, elements)."""
    import numpy as np
    from osgeo import gdal, ogr, osr

    gdal.UseExceptions()
    ogr.UseExceptions()
    rows, cols = sc["rows"], sc["cols"]
    ymax = YMIN + rows * CS
    rng = np.random.default_rng(seed)
    # spoil tips: centre cell, height, base radius (m)
    tips = []
    for _ in range(sc["tips"]):
        h = float(rng.uniform(50.0, 150.0))
        rb = float(rng.uniform(300.0, 800.0))
        m = int(math.ceil(rb / CS)) + 2
        r = int(rng.integers(min(m, rows // 2), max(rows - m, rows // 2 + 1)))
        c = int(rng.integers(min(m, cols // 2), max(cols - m, cols // 2 + 1)))
        tips.append((r, c, h, rb))

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    dem_path = os.path.join(out_dir, "dem.tif")
    drv = gdal.GetDriverByName("GTiff")
    ds = drv.Create(dem_path, cols, rows, 1, gdal.GDT_Float32,
                    ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "BIGTIFF=IF_SAFER"])
    ds.SetGeoTransform((XMIN, CS, 0.0, ymax, 0.0, -CS))
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(NODATA)
    xs = XMIN + (np.arange(cols) + 0.5) * CS
    block = 256
    for bi, r0 in enumerate(range(0, rows, block)):
        nr = min(block, rows - r0)
        ys = ymax - (np.arange(r0, r0 + nr) + 0.5) * CS
        z = _plain(xs, ys)
        z += np.random.default_rng([seed, bi]).normal(0.0, 0.3, (nr, cols)).astype(np.float32)
        for (tr, tc, h, rb) in tips:
            m = int(math.ceil(rb / CS))
            if tr + m < r0 or tr - m >= r0 + nr:
                continue
            ca, cb = max(0, tc - m), min(cols, tc + m + 1)
            rr = np.arange(r0, r0 + nr)[:, None]
            cc = np.arange(ca, cb)[None, :]
            d = np.hypot(rr - tr, cc - tc) * CS
            z[:, ca:cb] += np.clip(h * (1.0 - d / rb), 0.0, None).astype(np.float32)
        band.WriteArray(z, 0, r0)
    band.FlushCache()
    band = ds = None

    # elements: a third on spoil-tip summits, the rest on the plain (off every tip)
    n = sc["elements"]
    n_summit = min(len(tips), n // 3)
    cells = [(tips[i][0], tips[i][1]) for i in range(n_summit)]
    taken = set(cells)
    while len(cells) < n:
        r = int(rng.integers(0, rows))
        c = int(rng.integers(0, cols))
        if (r, c) in taken or any(math.hypot(r - tr, c - tc) * CS < rb + 20.0 for tr, tc, _, rb in tips):
            continue
        taken.add((r, c))
        cells.append((r, c))
    order = rng.permutation(len(cells))
    elements = []
    for k, i in enumerate(order):
        r, c = cells[int(i)]
        elements.append(dict(id="E%03d" % k, x=XMIN + (c + 0.5) * CS, y=ymax - (r + 0.5) * CS,
                             height=round(float(rng.uniform(30.0, 60.0)), 1), summit=bool(i < n_summit)))

    def write_gpkg(path, els):
        if os.path.exists(path):
            os.remove(path)
        gds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
        lyr = gds.CreateLayer("elements", srs, ogr.wkbPoint)
        for name, typ in (("id", ogr.OFTString), ("name", ogr.OFTString), ("type", ogr.OFTString),
                          ("height_m", ogr.OFTReal)):
            lyr.CreateField(ogr.FieldDefn(name, typ))
        lyr.StartTransaction()
        for e in els:
            f = ogr.Feature(lyr.GetLayerDefn())
            f.SetField("id", e["id"])
            f.SetField("name", "Chevalement " + e["id"])
            f.SetField("type", "chevalement")
            f.SetField("height_m", e["height"])
            f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (%r %r)" % (e["x"], e["y"])))
            lyr.CreateFeature(f)
        lyr.CommitTransaction()
        gds = None

    gpkgs = {}
    for frac in ELEMENT_FRACTIONS:
        k = max(1, int(round(frac * n)))
        path = os.path.join(out_dir, "elements.gpkg" if frac == 1.0 else "elements_%d.gpkg" % int(frac * 100))
        write_gpkg(path, elements[:k])
        gpkgs[frac] = (path, k)
    # the radius scaling runs on a spread subset (every step-th element): at 2 R a viewpoint costs
    # tens of seconds, 353 of them would take an hour
    k = min(n, sc.get("radius_subset") or n)
    step = max(1, n // k)
    rpath = os.path.join(out_dir, "elements_radius.gpkg")
    write_gpkg(rpath, elements[::step][:k])
    return dict(dem=dem_path, gpkgs=gpkgs, elements=elements, tips=tips, ymax=ymax,
                radius_subset=(rpath, k, step))


def window(row, col, radius, rows, cols):
    """Window (r0, c0, nr, nc) of radius ``radius`` around a cell, clipped to the DEM (as Vigie)."""
    k = int(math.ceil(radius / CS))
    r0, c0 = max(0, row - k), max(0, col - k)
    return r0, c0, min(rows, row + k + 1) - r0, min(cols, col + k + 1) - c0


def cell_of(x, y, ymax):
    return int((ymax - y) // CS), int((x - XMIN) // CS)


def subset(items, k):
    """Deterministic subset of k items spread over the list."""
    if k >= len(items):
        return list(items)
    step = len(items) / float(k)
    return [items[int(i * step)] for i in range(k)]


# ----------------------------------------------------------------------------------------
# Workers (run in a subprocess: python bench.py --worker KIND SPEC.json RESULT.json)
# ----------------------------------------------------------------------------------------
def worker_vigie(spec):
    sys.path.insert(0, HERE)
    import qgis_env

    t0 = time.perf_counter()
    app, plugin = qgis_env.start()
    import processing
    from qgis.core import QgsProcessingFeedback

    t_start = time.perf_counter() - t0

    class Log(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.lines = []

        def pushInfo(self, m):  # noqa: N802
            self.lines.append(m)
            print("    " + m, flush=True)

        def pushWarning(self, m):  # noqa: N802
            self.lines.append("! " + m)
            print("    ! " + m, flush=True)

        def reportError(self, m, fatalError=False):  # noqa: N802
            self.lines.append("ERROR " + m)
            print("    ERROR " + m, flush=True)

    runs = []
    for run in spec["runs"]:
        od = run["out_dir"]
        os.makedirs(od, exist_ok=True)
        params = {
            "DEM": spec["dem"],
            "ELEMENTS": run["gpkg"] + "|layername=elements",
            "RADIUS": run["radius"],
            "EYE_HEIGHT": EYE,
            "OUTPUT_COUNT": os.path.join(od, "ztv_count.tif"),
            "OUTPUT_HEIGHT": os.path.join(od, "ztv_admissible_height.tif"),
            "OUTPUT_ZONES": os.path.join(od, "ztv_zones.gpkg"),
            "OUTPUT_TABLE": os.path.join(od, "ztv_summary.csv"),
        }
        if run.get("count_only"):
            for k in ("OUTPUT_HEIGHT", "OUTPUT_ZONES", "OUTPUT_TABLE"):
                params.pop(k)
        if run.get("accuracy") is not None:
            params["ACCURACY"] = run["accuracy"]
        fb = Log()
        print("  vigie:ztv {} (radius {:.0f} m)".format(run["label"], run["radius"]), flush=True)
        rec = dict(label=run["label"], radius=run["radius"], n_elements=run["n_elements"])
        t1 = time.perf_counter()
        try:
            processing.run("vigie:ztv", params, feedback=fb)
            rec["seconds"] = time.perf_counter() - t1
        except Exception as err:  # noqa: BLE001 - recorded in the table
            rec["error"] = "{}: {}".format(type(err).__name__, err)
        rec["log"] = fb.lines
        rec["engine"] = {}
        for line in fb.lines:
            if line.startswith("Engine: "):
                for kv in line[len("Engine: "):].split(", "):
                    k, _, v = kv.partition("=")
                    try:
                        rec["engine"][k] = float(v)
                    except ValueError:
                        rec["engine"][k] = v
        if "seconds" in rec and spec.get("checksum"):
            rec["count_sum"] = count_sum(params["OUTPUT_COUNT"])
        runs.append(rec)
    plugin.unload()
    return dict(qgis_start_seconds=t_start, runs=runs)


def count_sum(path):
    """Sum of band 1 of a uint16 count raster (65535 = NoData), read in strips."""
    import numpy as np
    from osgeo import gdal

    ds = gdal.Open(path)
    b = ds.GetRasterBand(1)
    total = 0
    for r0 in range(0, ds.RasterYSize, 512):
        a = b.ReadAsArray(0, r0, ds.RasterXSize, min(512, ds.RasterYSize - r0))
        total += int(a[a != 65535].astype(np.int64).sum())
    return total


def exact_count_sample(dem, elements, radius, rasters, n_cells, seed=SEED):
    """Agreement of count rasters with the exact R3 line of sight at ``n_cells`` random cells.

    For every sampled cell, the exact count is the number of elements (points here)
    within ``radius`` whose top sees an eye EYE m above the cell (core/los.py, the reference
    of the engine tests: every crossing with a row or column line, linear interpolation,
    curvature 1 - 1/7).  Returns, per raster path, the % of sampled cells with exactly the
    exact count, the % of (cell, element) pairs classified right, and the cells' mean exact count.
    """
    import numpy as np
    from osgeo import gdal

    sys.path.insert(0, ROOT)
    from core import los

    ds = gdal.Open(dem)
    band = ds.GetRasterBand(1)
    rows, cols = ds.RasterYSize, ds.RasterXSize
    gt = ds.GetGeoTransform()
    rng = np.random.default_rng(seed)
    cr = rng.integers(0, rows, n_cells)
    cc = rng.integers(0, cols, n_cells)
    exact = np.zeros(n_cells, dtype=np.int64)
    for e in elements:
        r, c = cell_of(e["x"], e["y"], gt[3])
        inside = ((cr - r) ** 2 + (cc - c) ** 2) * CS * CS <= radius * radius
        if not inside.any():
            continue
        r0, c0, nr, nc = window(r, c, radius, rows, cols)
        z = band.ReadAsArray(c0, r0, nc, nr).astype(np.float64)
        idx = np.nonzero(inside)[0]
        v = los.visible(z, r - r0, c - c0, e["height"], (cr[idx] - r0, cc[idx] - c0), CS,
                        target_height=EYE, curv_coeff=1.0 - REFRACTION, nodata=NODATA)
        exact[idx] += v
    out = dict(n_cells=n_cells, mean_exact_count=float(exact.mean()))
    for label, path in rasters.items():
        if not path or not os.path.exists(path):
            continue
        cds = gdal.Open(path)   # keep the dataset alive while its band is read
        rb = cds.GetRasterBand(1)
        got = np.array([int(rb.ReadAsArray(int(c), int(r), 1, 1)[0, 0]) for r, c in zip(cr, cc)])
        rb = cds = None
        got = np.where(got == 65535, 0, got)
        out[label] = dict(count_agreement_pct=100.0 * float((got == exact).mean()),
                          mean_abs_error=float(np.abs(got - exact).mean()),
                          off_by_2_pct=100.0 * float((np.abs(got - exact) >= 2).mean()))
    return out


def worker_floor(spec):
    import numpy as np
    from osgeo import gdal

    gdal.UseExceptions()
    gdal.SetConfigOption("GDAL_NUM_THREADS", "1")
    ds = gdal.Open(spec["dem"])
    band = ds.GetRasterBand(1)
    rows, cols = ds.RasterYSize, ds.RasterXSize
    gt = ds.GetGeoTransform()
    nodata = band.GetNoDataValue()
    srs_wkt = ds.GetProjection()
    radius = spec["radius"]
    count = np.zeros((rows, cols), dtype=np.uint16)
    mem = gdal.GetDriverByName("MEM")
    per_vp = []
    t0 = time.perf_counter()
    for e in spec["elements"]:
        t1 = time.perf_counter()
        r, c = cell_of(e["x"], e["y"], gt[3])
        r0, c0, nr, nc = window(r, c, radius, rows, cols)
        a = band.ReadAsArray(c0, r0, nc, nr)
        w = mem.Create("", nc, nr, 1, gdal.GDT_Float32)
        w.SetGeoTransform((gt[0] + c0 * CS, CS, 0.0, gt[3] - r0 * CS, 0.0, -CS))
        w.SetProjection(srs_wkt)
        wb = w.GetRasterBand(1)
        if nodata is not None:
            wb.SetNoDataValue(nodata)
        wb.WriteArray(a)
        out = gdal.ViewshedGenerate(wb, "MEM", "", [], e["x"], e["y"], e["height"], EYE,
                                    1, 0, 0, 0, CURV_COEFF, gdal.GVM_Edge, radius,
                                    heightMode=gdal.GVOT_NORMAL)
        ogt = out.GetGeoTransform()
        v = out.GetRasterBand(1).ReadAsArray()
        orr = int(round((gt[3] - ogt[3]) / CS))
        oc = int(round((ogt[0] - gt[0]) / CS))
        count[orr:orr + v.shape[0], oc:oc + v.shape[1]] += v.astype(np.uint16)
        out = wb = w = None
        per_vp.append(time.perf_counter() - t1)
    seconds = time.perf_counter() - t0
    return dict(seconds=seconds, per_viewpoint=per_vp, count_sum=int(count.sum(dtype=np.int64)))


def worker_gdalalg(spec):
    sys.path.insert(0, HERE)
    import qgis_env

    app, plugin = qgis_env.start()
    import processing
    from qgis.core import QgsApplication

    alg = QgsApplication.processingRegistry().algorithmById("gdal:viewshed")
    names = [p.name() for p in alg.parameterDefinitions()] if alg else []
    res = dict(parameters=names, per_viewpoint=[], errors=[])
    for i, e in enumerate(spec["elements"]):
        params = {
            "INPUT": spec["dem"],
            "BAND": 1,
            "OBSERVER": "{!r},{!r} [EPSG:2154]".format(e["x"], e["y"]),
            "OBSERVER_HEIGHT": e["height"],
            "TARGET_HEIGHT": EYE,
            "MAX_DISTANCE": spec["radius"],
            "OUTPUT": os.path.join(spec["out_dir"], "viewshed_%d.tif" % i),
        }
        t1 = time.perf_counter()
        try:
            out = processing.run("gdal:viewshed", params)
            if not os.path.exists(out.get("OUTPUT", "")):
                raise RuntimeError("no output written")
            res["per_viewpoint"].append(time.perf_counter() - t1)
        except Exception as err:  # noqa: BLE001 - recorded in the table
            res["errors"].append("viewpoint {}: {}: {}".format(i, type(err).__name__, err))
    plugin.unload()
    return res


WORKERS = {"vigie": worker_vigie, "floor": worker_floor, "gdalalg": worker_gdalalg}


# ----------------------------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------------------------
def run_child(cmd, log_path, timeout=None, env=None):
    """Run cmd (own session), wait with os.wait4; return (returncode, wall s, peak RSS bytes)."""
    with open(log_path, "w") as log:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
        timer = None
        if timeout:
            def kill():
                try:
                    os.killpg(p.pid, signal.SIGKILL)  # the session this function started
                except OSError:
                    pass
            timer = threading.Timer(timeout, kill)
            timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        if timer:
            timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status
    return p.returncode, wall, ru.ru_maxrss * 1024  # Linux: kilobytes


def run_worker(kind, spec, work_dir, timeout=None):
    spec_path = os.path.join(work_dir, "spec_%s.json" % kind)
    res_path = os.path.join(work_dir, "result_%s.json" % kind)
    log_path = os.path.join(work_dir, "log_%s.txt" % kind)
    with open(spec_path, "w") as fh:
        json.dump(spec, fh)
    if os.path.exists(res_path):
        os.remove(res_path)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    rc, wall, rss = run_child([sys.executable, os.path.abspath(__file__), "--worker", kind, spec_path, res_path],
                              log_path, timeout, env)
    with open(log_path) as fh:
        log = fh.read()
    if rc == 0 and os.path.exists(res_path):
        with open(res_path) as fh:
            res = json.load(fh)
    else:
        tail = [ln for ln in log.strip().splitlines() if ln.strip()][-3:]
        res = dict(error="exit code {} ({})".format(rc, " | ".join(tail)[-300:]))
    res.update(wall_seconds=wall, peak_rss_bytes=rss, log_file=os.path.basename(log_path))
    return res


def run_grass(dem, elements, radius, rows, cols, ymax, memory, work_dir, timeout=None):
    """r.viewshed per viewpoint in a temporary GRASS location; only the r.viewshed call is timed."""
    res = dict(per_viewpoint=[], errors=[])
    grass = shutil.which("grass")
    if not grass:
        res["error"] = "grass not found on PATH"
        return res
    times_path = os.path.join(work_dir, "grass_times.txt")
    script = os.path.join(work_dir, "grass_run.sh")
    lines = ["#!/bin/bash",
             "r.external input='{}' output=dem -o --quiet --overwrite || {{ echo 'ERR import' >> '{}'; exit 3; }}".format(
                 dem, times_path)]
    for i, e in enumerate(elements):
        r, c = cell_of(e["x"], e["y"], ymax)
        r0, c0, nr, nc = window(r, c, radius, rows, cols)
        n, s = ymax - r0 * CS, ymax - (r0 + nr) * CS
        w, ea = XMIN + c0 * CS, XMIN + (c0 + nc) * CS
        lines += [
            "g.region n={!r} s={!r} w={!r} e={!r} res={!r} --quiet".format(n, s, w, ea, CS),
            "t0=$(date +%s.%N)",
            ("r.viewshed input=dem output=vs{i} coordinates={x!r},{y!r} observer_elevation={h!r} "
             "target_elevation={t!r} max_distance={r!r} refraction_coeff={k!r} memory={m} -c -b "
             "--overwrite --quiet").format(i=i, x=e["x"], y=e["y"], h=e["height"], t=EYE, r=radius,
                                           k=round(1.0 - CURV_COEFF, 5), m=memory),
            "rc=$?",
            "t1=$(date +%s.%N)",
            "echo \"VS {} $rc $t0 $t1\" >> '{}'".format(i, times_path),
        ]
    with open(script, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    os.chmod(script, 0o755)
    if os.path.exists(times_path):
        os.remove(times_path)
    rc, wall, rss = run_child([grass, "--tmp-location", "EPSG:2154", "--exec", script],
                              os.path.join(work_dir, "log_grass.txt"), timeout)
    res.update(wall_seconds=wall, peak_rss_bytes=rss, log_file="log_grass.txt", returncode=rc)
    if os.path.exists(times_path):
        with open(times_path) as fh:
            for ln in fh:
                p = ln.split()
                if p[0] == "VS":
                    if p[2] == "0":
                        res["per_viewpoint"].append(float(p[4]) - float(p[3]))
                    else:
                        res["errors"].append("viewpoint {}: r.viewshed exit code {}".format(p[1], p[2]))
                else:
                    res["errors"].append(ln.strip())
    if not res["per_viewpoint"]:
        with open(os.path.join(work_dir, "log_grass.txt")) as fh:
            tail = [ln for ln in fh.read().splitlines() if ln.strip()][-3:]
        res["error"] = "; ".join(res["errors"] + ["exit code {} ({})".format(rc, " | ".join(tail)[-300:])])
    return res


def fmt(v, nd=2):
    if v is None:
        return "—"
    if isinstance(v, float):
        if v != 0 and abs(v) < 0.01:
            return "{:.2g}".format(v)
        return "{:.{}f}".format(v, nd)
    return str(v)


def mb(b):
    return "{:.0f} MB".format(b / 1e6) if b else "—"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir", nargs="?", default="bench-output")
    ap.add_argument("--scale", choices=sorted(SCALES), default="full")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--no-scaling", action="store_true", help="skip the scaling runs")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per contender (default: none)")
    ap.add_argument("--skip", default="", help="comma list of contenders not to run while working on another: "
                    "vigie (the full run), count, allgdal, fast, gdal, grass (the report says they were skipped)")
    args = ap.parse_args(argv)
    sc = SCALES[args.scale]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    bad = skip - {"vigie", "count", "allgdal", "fast", "gdal", "grass"}
    if bad:
        ap.error("--skip: unknown contender(s) {}".format(", ".join(sorted(bad))))
    skipped = dict(error="skipped (--skip)", per_viewpoint=[], runs=[{}])
    out = os.path.abspath(args.out_dir)
    data_dir = os.path.join(out, "data")
    work = os.path.join(out, "work")
    for d in (data_dir, work):
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)
    t_all = time.perf_counter()
    rows, cols, radius = sc["rows"], sc["cols"], sc["radius"]
    print("Vigie bench, scale {}: DEM {} x {} cells ({:.0f} x {:.0f} km, 5 m), {} elements, radius {:.0f} m".format(
        args.scale, cols, rows, cols * CS / 1000, rows * CS / 1000, sc["elements"], radius), flush=True)
    t0 = time.perf_counter()
    data = generate(data_dir, sc, args.seed)
    t_gen = time.perf_counter() - t0
    els = data["elements"]
    n = len(els)
    ymax = data["ymax"]
    print("1. data generated in {:.1f} s: {} ({} spoil tips), {} elements ({} on summits)".format(
        t_gen, data["dem"], len(data["tips"]), n, sum(e["summit"] for e in els)), flush=True)
    spec_base = dict(dem=data["dem"], radius=radius)
    results = dict(scale=args.scale, rows=rows, cols=cols, cell_size=CS, radius=radius, n_elements=n,
                   n_tips=len(data["tips"]), seed=args.seed, generate_seconds=t_gen,
                   machine=dict(cpus=os.cpu_count(), python=platform.python_version(),
                                platform=platform.platform()))

    # 2. Vigie
    print("2. Vigie vigie:ztv (subprocess)", flush=True)
    vig = dict(skipped) if "vigie" in skip else run_worker("vigie", dict(spec_base, checksum=True, runs=[dict(
        label="all", gpkg=data["gpkgs"][1.0][0], radius=radius, n_elements=n,
        out_dir=os.path.join(work, "vigie"))]), work, args.timeout)
    vrun = (vig.get("runs") or [{}])[0]
    # the same elements, count output only, GDAL's own accuracy (no R3 repair): like for like with the floor
    print("2b. Vigie vigie:ztv, count only, GDAL accuracy (subprocess)", flush=True)
    lean = dict(skipped) if "count" in skip else run_worker("vigie_count", dict(spec_base, checksum=True, runs=[dict(
        label="count, GDAL accuracy", gpkg=data["gpkgs"][1.0][0], radius=radius, n_elements=n,
        count_only=True, accuracy=0, out_dir=os.path.join(work, "vigie_count"))]), work, args.timeout)
    results["vigie_count_gdal"] = lean
    # every output at GDAL's own accuracy: what the R3 repair costs in the full run
    print("2c. Vigie vigie:ztv, every output, GDAL accuracy (subprocess)", flush=True)
    allg = dict(skipped) if "allgdal" in skip else run_worker("vigie_allgdal", dict(spec_base, runs=[dict(
        label="all outputs, GDAL accuracy", gpkg=data["gpkgs"][1.0][0], radius=radius, n_elements=n,
        accuracy=0, out_dir=os.path.join(work, "vigie_allgdal"))]), work, args.timeout)
    results["vigie_all_gdal"] = allg
    # every output with the "fast" repair preset: the accuracy / time trade-off
    print("2d. Vigie vigie:ztv, every output, fast repair (subprocess)", flush=True)
    fast = dict(skipped) if "fast" in skip else run_worker("vigie_fast", dict(spec_base, runs=[dict(
        label="all outputs, fast repair", gpkg=data["gpkgs"][1.0][0], radius=radius, n_elements=n,
        accuracy=1, out_dir=os.path.join(work, "vigie_fast"))]), work, args.timeout)
    results["vigie_all_fast"] = fast
    # accuracy at full scale: the count rasters against the exact line of sight on sampled cells
    print("2e. agreement of the count rasters with the exact R3 line of sight ({} cells)".format(
        sc["accuracy_cells"]), flush=True)
    t0 = time.perf_counter()
    results["accuracy"] = exact_count_sample(data["dem"], els, radius, {
        "vigie": os.path.join(work, "vigie", "ztv_count.tif") if "vigie" not in skip else None,
        "vigie_fast": os.path.join(work, "vigie_fast", "ztv_count.tif") if "fast" not in skip else None,
        "vigie_count_gdal": os.path.join(work, "vigie_count", "ztv_count.tif") if "count" not in skip else None,
    }, sc["accuracy_cells"], args.seed)
    results["accuracy"]["seconds"] = time.perf_counter() - t0
    if "error" in vrun and "error" not in vig:
        vig["error"] = vrun["error"]
    results["vigie"] = vig
    out_bytes = rows * cols * (2 * 5 + 4)
    results["output_bytes"] = out_bytes
    results["rss_budget_bytes"] = int(1.5 * out_bytes + 1e9)

    # 3. floor
    k_floor = n if not sc["floor_max"] else min(n, sc["floor_max"])
    floor_els = subset(els, k_floor)
    print("3. floor: gdal.ViewshedGenerate on windows, {} viewpoints{} (subprocess)".format(
        k_floor, "" if k_floor == n else " of " + str(n)), flush=True)
    flo = run_worker("floor", dict(spec_base, elements=floor_els), work, args.timeout)
    flo["viewpoints"] = k_floor
    results["floor"] = flo

    # 4. gdal:viewshed
    g_els = subset(els, min(n, sc["gdal_vps"]))
    print("4. QGIS gdal:viewshed, {} viewpoints (subprocess)".format(len(g_els)), flush=True)
    gd = os.path.join(work, "gdal_viewshed")
    os.makedirs(gd)
    galg = dict(skipped) if "gdal" in skip else \
        run_worker("gdalalg", dict(spec_base, elements=g_els, out_dir=gd), work, args.timeout)
    if not galg.get("per_viewpoint") and "error" not in galg:
        galg["error"] = "; ".join(galg.get("errors") or ["no viewpoint ran"])
    results["gdal_viewshed"] = galg

    # 5. GRASS
    gr_els = subset(els, min(n, sc["grass_vps"]))
    print("5. GRASS r.viewshed, {} viewpoints".format(len(gr_els)), flush=True)
    try:
        if "grass" in skip:
            raise RuntimeError("skipped (--skip)")
        grs = run_grass(data["dem"], gr_els, radius, rows, cols, ymax, sc["grass_memory"], work, args.timeout)
    except Exception as err:  # noqa: BLE001 - recorded in the table
        grs = dict(error="{}: {}".format(type(err).__name__, err), per_viewpoint=[])
    results["grass"] = grs

    # 6. scaling
    scal = []
    if not args.no_scaling:
        runs = []
        rpath, rk, rstep = data["radius_subset"]
        for kind, acc, tag in (("radius", None, ""), ("radius_gdal", 0, ", GDAL accuracy")):
            for f in RADIUS_FACTORS:
                runs.append(dict(label="radius x{:g}{}".format(f, tag), gpkg=rpath, radius=radius * f,
                                 n_elements=rk, kind=kind, factor=f, accuracy=acc, step=rstep,
                                 out_dir=os.path.join(work, "scal_%s%g" % (kind, f))))
        for f in ELEMENT_FRACTIONS:
            if f != 1.0:
                path, k = data["gpkgs"][f]
                runs.append(dict(label="elements {:d} %".format(int(f * 100)), gpkg=path, radius=radius,
                                 n_elements=k, kind="elements", factor=f,
                                 out_dir=os.path.join(work, "scal_n%g" % f)))
        print("6. Vigie scaling: {} runs (one subprocess)".format(len(runs)), flush=True)
        sres = run_worker("vigie_scaling", dict(spec_base, runs=runs), work, args.timeout) \
            if runs else dict(runs=[])
        by_label = {r["label"]: r for r in sres.get("runs", [])}
        for run in runs:
            rec = dict(by_label.get(run["label"], dict(error=sres.get("error", "not run"))))
            rec.update(kind=run["kind"], factor=run["factor"], radius=run["radius"], n_elements=run["n_elements"])
            scal.append(rec)
        ref = dict(vrun, kind="ref", factor=1.0, radius=radius, n_elements=n, label="reference (main run)")
        scal.append(ref)
        for rec, run in zip(scal, runs + [None]):
            rec["step"] = run["step"] if run and "step" in run else 1
            sub = els[::rec["step"]][:rec["n_elements"]]
            rec["window_cells"] = sum(window(*cell_of(e["x"], e["y"], ymax), rec["radius"], rows, cols)[2] *
                                      window(*cell_of(e["x"], e["y"], ymax), rec["radius"], rows, cols)[3]
                                      for e in sub)
        results["scaling"] = scal
    results["total_seconds"] = time.perf_counter() - t_all

    md = report(results)
    with open(os.path.join(out, "bench.md"), "w", encoding="utf-8") as fh:
        fh.write(md)
    with open(os.path.join(out, "bench.json"), "w", encoding="utf-8") as fh:
        json.dump(results, fh, indent=2)
    print()
    print(md)
    print("Written {} and {}".format(os.path.join(out, "bench.md"), os.path.join(out, "bench.json")))
    return 0


def report(res):
    n = res["n_elements"]
    vig, flo, galg, grs = res["vigie"], res["floor"], res["gdal_viewshed"], res["grass"]
    vrun = (vig.get("runs") or [{}])[0]
    rows = []

    # per-viewpoint seconds of every contender
    def per_vp(times):
        return sum(times) / len(times) if times else None

    v_s = vrun.get("seconds")
    v_vp = v_s / n if v_s else None
    f_s = flo.get("seconds")
    f_vp = f_s / flo["viewpoints"] if f_s else None
    f_all = f_vp * n if f_vp else None  # floor total on the same viewpoints as Vigie (extrapolated if subset)
    g_vp = per_vp(galg.get("per_viewpoint"))
    r_vp = per_vp(grs.get("per_viewpoint"))

    def ratio(a, b):
        return a / b if a and b else None

    floor_note = "all viewpoints" if flo["viewpoints"] == n else \
        "subset of {} of {} viewpoints; total extrapolated per viewpoint: {} s".format(
            flo["viewpoints"], n, fmt(f_all, 1))
    rows.append(("Vigie vigie:ztv (count + height + zones + table, 2 workers)", n, v_s, v_vp,
                 ratio(v_s, f_all), ratio(v_vp, r_vp), vig.get("peak_rss_bytes"),
                 vig.get("error") or "processing.run only (QGIS start {} s)".format(
                     fmt(vig.get("qgis_start_seconds"), 1))))
    # the other Vigie runs: one row each, same columns
    for key, label, note in (
            ("vigie_count_gdal", "Vigie vigie:ztv, count output only, GDAL accuracy (no R3 repair), 2 workers",
             "like for like with the floor (same algorithm)"),
            ("vigie_all_gdal", "Vigie vigie:ztv, every output, GDAL accuracy (no R3 repair), 2 workers",
             "what the repair costs: compare with the first row"),
            ("vigie_all_fast", "Vigie vigie:ztv, every output, fast repair preset, 2 workers",
             "accuracy / time trade-off: see the agreement table")):
        other = res.get(key) or {}
        if not other:
            continue
        orun = (other.get("runs") or [{}])[0]
        o_s = orun.get("seconds")
        o_vp = o_s / n if o_s else None
        rows.append((label, n, o_s, o_vp, ratio(o_s, f_all), ratio(o_vp, r_vp), other.get("peak_rss_bytes"),
                     orun.get("error") or other.get("error") or note))
    lrun = ((res.get("vigie_count_gdal") or {}).get("runs") or [{}])[0]
    rows.append(("Floor: gdal.ViewshedGenerate on windows (MEM, 1 thread) + numpy sum", flo["viewpoints"], f_s, f_vp,
                 1.0 if f_s else None, ratio(f_vp, r_vp), flo.get("peak_rss_bytes"),
                 flo.get("error") or floor_note))
    gerr = galg.get("error") or "; ".join(galg.get("errors") or [])
    rows.append(("QGIS gdal:viewshed (processing.run, whole DEM, MAX_DISTANCE=R)", len(galg.get("per_viewpoint") or []),
                 sum(galg.get("per_viewpoint") or []) or None, g_vp, ratio(g_vp, f_vp), ratio(g_vp, r_vp),
                 galg.get("peak_rss_bytes"), gerr or "per viewpoint, extrapolated: {} s for {}".format(
                     fmt(g_vp * n if g_vp else None, 1), n)))
    rerr = grs.get("error") or "; ".join(grs.get("errors") or [])
    rows.append(("GRASS r.viewshed -c -b (window, refraction 0.14286)", len(grs.get("per_viewpoint") or []),
                 sum(grs.get("per_viewpoint") or []) or None, r_vp, ratio(r_vp, f_vp), 1.0 if r_vp else None,
                 grs.get("peak_rss_bytes"), rerr or "r.viewshed call only; extrapolated: {} s for {}".format(
                     fmt(r_vp * n if r_vp else None, 1), n)))
    lines = [
        "# Vigie benchmark — scale `{}`".format(res["scale"]),
        "",
        "DEM {cols} × {rows} cells at {cs:g} m ({w:.0f} × {h:.0f} km, EPSG:2154, float32), {t} spoil tips; "
        "{n} point elements (30–60 m); radius {r:.0f} m; eye / target height {eye} m; curvature coefficient "
        "{cc}. Machine: {cpu} CPUs, Python {py}. Times are wall-clock seconds on a possibly shared machine: "
        "read the ratios, not pass/fail.".format(
            cols=res["cols"], rows=res["rows"], cs=res["cell_size"], w=res["cols"] * res["cell_size"] / 1000,
            h=res["rows"] * res["cell_size"] / 1000, t=res["n_tips"], n=n, r=res["radius"], eye=EYE,
            cc=CURV_COEFF, cpu=res["machine"]["cpus"], py=res["machine"]["python"]),
        "",
        "Ratio vs floor: Vigie total / floor total on the same {} viewpoints (per viewpoint for the others). "
        "Ratio vs GRASS: seconds per viewpoint / GRASS seconds per viewpoint.".format(n),
        "",
        "| contender | viewpoints | seconds | s / viewpoint | ratio vs floor | ratio vs GRASS / vp | peak RSS | note |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    res["table"] = [dict(zip(("contender", "viewpoints", "seconds", "seconds_per_viewpoint", "ratio_vs_floor",
                              "ratio_vs_grass_per_viewpoint", "peak_rss_bytes", "note"), r)) for r in rows]
    for r in rows:
        lines.append("| {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r[0], r[1], fmt(r[2]), fmt(r[3], 3), fmt(r[4]), fmt(r[5]), mb(r[6]), str(r[7]).replace("|", "/")))
    rss = vig.get("peak_rss_bytes")
    lines += [
        "",
        "## Memory",
        "",
        "| Vigie peak RSS | output bytes (rows × cols × (2 B × 5 bands + 4 B)) | budget 1.5 × output + 1 GB | RSS / budget |",
        "|---:|---:|---:|---:|",
        "| {} | {} | {} | {} |".format(mb(rss), mb(res["output_bytes"]), mb(res["rss_budget_bytes"]),
                                      fmt(ratio(rss, res["rss_budget_bytes"]))),
        "",
    ]
    if vrun.get("count_sum") is not None and flo.get("count_sum") is not None and flo["viewpoints"] == n:
        lines += ["Sum of the count raster (cell × element views): Vigie {}, floor {} (ratio {}).".format(
            vrun["count_sum"], flo["count_sum"], fmt(ratio(vrun["count_sum"], flo["count_sum"]), 4)), ""]
        if lrun.get("count_sum") is not None:
            lines += ["Count-only GDAL-accuracy run: sum {} (ratio to the floor {}).".format(
                lrun["count_sum"], fmt(ratio(lrun["count_sum"], flo["count_sum"]), 4)), ""]
    acc = res.get("accuracy") or {}
    if acc.get("n_cells"):
        lines += [
            "## Agreement with the exact line of sight at this scale",
            "",
            "{} random cells of the DEM; at each, the exact count (core/los.py R3 reference, every element within "
            "the radius) against the count raster. Mean exact count per cell {}; measured in {} s.".format(
                acc["n_cells"], fmt(acc.get("mean_exact_count")), fmt(acc.get("seconds"), 1)),
            "",
            "| count raster | cells with the exact count | mean abs. error (elements) | cells off by ≥ 2 |",
            "|---|---:|---:|---:|",
        ]
        for key, label in (("vigie", "Vigie default (balanced repair)"), ("vigie_fast", "Vigie fast repair"),
                           ("vigie_count_gdal", "GDAL accuracy (= the floor's counts)")):
            if key in acc:
                a = acc[key]
                lines.append("| {} | {} % | {} | {} % |".format(label, fmt(a["count_agreement_pct"], 2),
                                                              fmt(a["mean_abs_error"], 4),
                                                              fmt(a["off_by_2_pct"], 2)))
        lines.append("")
    scal = res.get("scaling")
    if scal:
        ref = [s for s in scal if s["kind"] == "ref"][0]
        base_of = {"elements": ref, "ref": ref}
        for kind in ("radius", "radius_gdal"):
            one = [s for s in scal if s["kind"] == kind and s["factor"] == 1.0]
            if one:
                base_of[kind] = one[0]
        lines += [
            "## Scaling of Vigie",
            "",
            "Whole processing.run (including the writing of outputs) and the engine's own seconds. Against the "
            "radius: the same {} elements (every {}-th, spread over the DEM) at each radius, at the default "
            "accuracy and at GDAL's (no R3 repair: GDAL's own growth); ratios against the same elements at R. "
            "Against the number of elements: at R, ratios against the main run. Expected: ≈ R² and ≈ N; "
            "'window cells' counts the cells of the windows clipped to the DEM (the real expected ratio where "
            "windows reach the DEM edge).".format(
                next((s["n_elements"] for s in scal if s["kind"] == "radius"), "—"),
                next((s.get("step", 1) for s in scal if s["kind"] == "radius"), "—")),
            "",
            "| run | radius m | elements | seconds | engine s | engine s / vp | ratio (engine) | expected (R/R0)² × N/N0 | window-cells ratio |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        order = {"radius": 0, "radius_gdal": 1, "elements": 2, "ref": 2}
        for s in sorted(scal, key=lambda s: (order[s["kind"]], s["radius"], s["n_elements"])):
            base = base_of.get(s["kind"], ref)
            e = (s.get("engine") or {}).get("seconds")
            base_e = (base.get("engine") or {}).get("seconds")
            exp = (s["radius"] / base["radius"]) ** 2 * s["n_elements"] / float(base["n_elements"])
            lines.append("| {} | {:.0f} | {} | {} | {} | {} | {} | {} | {} |".format(
                s.get("label", s["kind"]) if not s.get("error") else "{} (error: {})".format(
                    s.get("label", s["kind"]), s["error"][:120].replace("|", "/")),
                s["radius"], s["n_elements"], fmt(s.get("seconds")), fmt(e), fmt(e / s["n_elements"] if e else None, 3),
                fmt(ratio(e, base_e) if e else ratio(s.get("seconds"), base.get("seconds"))), fmt(exp),
                fmt(s["window_cells"] / float(base["window_cells"]))))
        lines.append("")
    logs = [ln for ln in vrun.get("log", [])]
    if logs:
        lines += ["## Vigie log (feedback pushInfo / warnings)", "", "```"] + logs + ["```", ""]
    lines.append("Data generated in {} s; whole bench {} s.".format(
        fmt(res["generate_seconds"], 1), fmt(res.get("total_seconds"), 1)))
    return "\n".join(lines) + "\n"


def worker_main(kind, spec_path, res_path):
    with open(spec_path) as fh:
        spec = json.load(fh)
    fn = WORKERS["vigie" if kind in ("vigie_scaling", "vigie_count", "vigie_allgdal", "vigie_fast") else kind]
    res = fn(spec)
    with open(res_path, "w") as fh:
        json.dump(res, fh)
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "--worker":
        sys.exit(worker_main(sys.argv[2], sys.argv[3], sys.argv[4]))
    sys.exit(main())
