"""Benchmark of vigie:projectimpact's engine: one wind farm of 8 turbines against the 353 real
inscribed elements of the Bassin minier (shared data) on a synthetic 5 m terrain covering the
farm +- 21 km (no DEM of the Bassin minier is available), range 20 km.

Baseline side by side: the GDAL floor of the farm's own ZTV, 8 ``gdal.ViewshedGenerate`` runs
(one per turbine, at tip height, radius 20 km, on the same DEM file).

Usage: .venv/bin/python scripts/benches/impact.py OUT_DIR
Writes OUT_DIR/impact/bench.json and bench.md.
"""
import json
import os
import sys
import time

import numpy as np
from osgeo import gdal, ogr, osr

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from core import elements as core_elements  # noqa: E402
from core import impact, impact_rules  # noqa: E402

gdal.UseExceptions()
GPKG = os.path.join(ROOT, "..", "shared", "data", "bassin_minier_unesco", "bassin_minier_unesco_l93.gpkg")
LAYERS = {"batis": ("denomination", "typologie"), "cites_minieres": ("nom", "=cité"),
          "cavaliers": ("objet", "=cavalier"), "espace_neonaturel": ("nom", "=espace néonaturel"),
          "terrils": ("nom", "=terril")}
FARM_X, FARM_Y = 690000.0, 7035000.0
HALF = 21000.0
CELL = 5.0


def make_dem(path: str) -> None:
    n = int(2 * HALF / CELL)
    x0, y1 = FARM_X - HALF, FARM_Y + HALF
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    tmp = path + ".part.tif"
    ds = gdal.GetDriverByName("GTiff").Create(tmp, n, n, 1, gdal.GDT_Float32,
                                              ["COMPRESS=DEFLATE", "ZLEVEL=1", "TILED=YES", "PREDICTOR=3"])
    ds.SetGeoTransform((x0, CELL, 0, y1, 0, -CELL))
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-9999)
    xs = x0 + (np.arange(n) + 0.5) * CELL
    rng = np.random.default_rng(1360)
    waves = [(rng.uniform(1500, 9000), rng.uniform(0, 2 * np.pi), rng.uniform(0, 2 * np.pi), rng.uniform(3, 14))
             for _ in range(9)]
    for r0 in range(0, n, 512):
        r1 = min(n, r0 + 512)
        ys = y1 - (np.arange(r0, r1) + 0.5) * CELL
        xx, yy = np.meshgrid(xs, ys)
        z = 60.0 + 0.0008 * (xx - FARM_X)
        for wl, a, ph, amp in waves:
            z += amp * np.sin((np.cos(a) * xx + np.sin(a) * yy) * 2 * np.pi / wl + ph)
        band.WriteArray(z.astype(np.float32), 0, r0)
    band = None
    ds = None
    os.replace(tmp, path)


def read_elements():
    src = ogr.Open(GPKG)
    out, ids = [], set()
    for lname, (nf, tf) in LAYERS.items():
        for f in src.GetLayerByName(lname):
            uid = f["id_unesco"]
            if not uid or uid in ids:
                continue
            ids.add(uid)
            etype = tf[1:] if tf.startswith("=") else (f[tf] or "")
            g = f.GetGeometryRef()
            out.append(core_elements.Element(uid, f[nf] or uid, etype, bytes(g.ExportToIsoWkb()), None))
    perim = ogr.Geometry(ogr.wkbMultiPolygon)
    for f in src.GetLayerByName("bien_inscrit"):
        g = f.GetGeometryRef()
        for i in range(g.GetGeometryCount()) if g.GetGeometryType() == ogr.wkbMultiPolygon else [None]:
            perim.AddGeometry(g.GetGeometryRef(i).Clone() if i is not None else g.Clone())
    buf = ogr.Geometry(ogr.wkbMultiPolygon)
    for f in src.GetLayerByName("zone_tampon"):
        g = f.GetGeometryRef()
        for i in range(g.GetGeometryCount()) if g.GetGeometryType() == ogr.wkbMultiPolygon else [None]:
            buf.AddGeometry(g.GetGeometryRef(i).Clone() if i is not None else g.Clone())
    return out, bytes(perim.ExportToIsoWkb()), bytes(buf.ExportToIsoWkb())


def gdal_floor(dem: str, farm) -> float:
    ds = gdal.Open(dem)
    band = ds.GetRasterBand(1)
    t = time.perf_counter()
    for x, y, tip, _hub in farm:
        res = gdal.ViewshedGenerate(band, "MEM", "", [], x, y, tip, 1.6, 1, 0, 0, 0, 0.85714,
                                    gdal.GVM_Edge, 20000.0, heightMode=gdal.GVOT_NORMAL)
        res.GetRasterBand(1).Checksum()
        del res
    return time.perf_counter() - t


def main(out_dir: str) -> dict:
    out = os.path.join(out_dir, "impact")
    os.makedirs(out, exist_ok=True)
    dem = os.path.join(out, "dem_5m.tif")
    t = time.perf_counter()
    if not os.path.exists(dem):
        make_dem(dem)
    t_dem = time.perf_counter() - t
    elements, perim, buf = read_elements()
    assert len(elements) == 353, len(elements)
    farm = [(FARM_X + 450.0 * (i % 4) - 675.0, FARM_Y + 500.0 * (i // 4) - 250.0, 180.0, 120.0) for i in range(8)]
    from shapely.geometry import MultiPoint
    project = impact.Project("WF1", "Parc éolien de référence (8 éoliennes)", "eolienne",
                             MultiPoint([(x, y) for x, y, _t, _h in farm]).wkb, 180.0, 120.0)
    params = impact.Params(rules=impact_rules.Rules())
    t = time.perf_counter()
    res = impact.assess(dem, [project], elements, [], perim, buf, params)
    t_vigie = time.perf_counter() - t
    print("vigie", round(t_vigie, 1), res.timings, flush=True)
    t_floor = gdal_floor(dem, farm)
    n_rows = len(res.rows)
    fig = {
        "dem_cells": int((2 * HALF / CELL) ** 2), "dem_generation_s": round(t_dem, 1),
        "elements": len(elements), "elements_within_20km": n_rows,
        "element_viewpoints_in_range": int(sum(len(res.prepared[r.observer].points) for r in res.rows)),
        "turbines": 8, "vigie_total_s": round(t_vigie, 2),
        "split_s": {k: round(v, 2) for k, v in res.timings.items() if k.endswith("_s")},
        "r3_crossings": int(res.timings.get("crossings", 0)),
        "baseline_gdal_8_viewsheds_s": round(t_floor, 2),
        "ratio_vigie_over_gdal_floor": round(t_vigie / t_floor, 2) if t_floor else None,
        "grades": res.summaries[0].counts, "covisibility_zones": len(res.covis),
        "ztv_km2": round(res.summaries[0].ztv_km2, 1), "target_s": 60.0,
    }
    with open(os.path.join(out, "bench.json"), "w", encoding="utf-8") as fh:
        json.dump(fig, fh, indent=2, ensure_ascii=False)
    lines = ["# vigie:projectimpact benchmark", "",
             "8 turbines (tip 180 m, hub 120 m) against the 353 real elements, 5 m DEM of "
             "{} cells, range 20 km.".format(fig["dem_cells"]), "",
             "| step | seconds |", "|---|---|"]
    lines += ["| {} | {} |".format(k, v) for k, v in fig["split_s"].items()]
    lines += ["", "GDAL floor (8 ViewshedGenerate, 20 km): {} s; Vigie / floor = {}.".format(
        fig["baseline_gdal_8_viewsheds_s"], fig["ratio_vigie_over_gdal_floor"]),
        "Elements within 20 km: {}; grades: {}.".format(n_rows, fig["grades"])]
    with open(os.path.join(out, "bench.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print(json.dumps(fig, indent=2, ensure_ascii=False))
    return fig


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench-output")
