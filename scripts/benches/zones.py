"""Benchmark of vigie:surfacemodel's rasterisation against the gdal_rasterize command line.

A synthetic 5 m DEM of 6000 x 6000 cells (30 km x 30 km, EPSG:2154) and 60 000 building
footprints (rotated rectangles of 6-40 m, 4-30 m high, some overlapping) in a GeoPackage
with a ``hauteur`` field. Side by side in one run:

* Vigie: ``core.surface.build_surface`` (what vigie:surfacemodel calls after reading the
  layer: OGR memory layer sorted by height, ``gdal.RasterizeLayer`` by blocks of rows,
  ground + heights, NoData kept, atomic GeoTIFF);
* the baseline: ``gdal_rasterize -a hauteur -sql "... ORDER BY hauteur"`` (the same
  max-by-order trick) into a float32 GeoTIFF on the DEM's grid, then ground + heights with
  numpy and a GeoTIFF write with the same creation options.

Both raise the same cells by the same heights: the agreement is reported (cells equal).
Usage: .venv/bin/python scripts/benches/zones.py OUT_DIR  -> OUT_DIR/zones/bench.json, bench.md
"""

import json
import math
import os
import subprocess
import sys
import time

import numpy as np
from osgeo import gdal, ogr, osr

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from core import surface  # noqa: E402

gdal.UseExceptions()
N = 6000
CELL = 5.0
X0, Y1 = 650000.0, 7060000.0
N_BUILDINGS = 60000
OPTS = ["COMPRESS=DEFLATE", "ZLEVEL=1", "PREDICTOR=3", "TILED=YES", "BIGTIFF=IF_SAFER", "NUM_THREADS=ALL_CPUS"]


def make_inputs(folder: str):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    dem = os.path.join(folder, "dem.tif")
    if not os.path.exists(dem):
        ds = gdal.GetDriverByName("GTiff").Create(dem, N, N, 1, gdal.GDT_Float32, OPTS)
        ds.SetGeoTransform((X0, CELL, 0, Y1, 0, -CELL))
        ds.SetProjection(srs.ExportToWkt())
        b = ds.GetRasterBand(1)
        b.SetNoDataValue(-9999.0)
        xs = np.arange(N, dtype=np.float32)
        for r in range(0, N, 500):
            yy = np.arange(r, min(N, r + 500), dtype=np.float32)[:, None]
            b.WriteArray((40 + 10 * np.sin(xs / 300.0) * np.cos(yy / 250.0)).astype(np.float32), 0, r)
        del b
        ds = None
    gpkg = os.path.join(folder, "buildings.gpkg")
    if not os.path.exists(gpkg):
        rng = np.random.default_rng(2012)
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(gpkg)
        lyr = ds.CreateLayer("batiment", srs, ogr.wkbPolygon)
        lyr.CreateField(ogr.FieldDefn("hauteur", ogr.OFTReal))
        lyr.StartTransaction()
        for _ in range(N_BUILDINGS):
            cx = X0 + rng.uniform(100, N * CELL - 100)
            cy = Y1 - rng.uniform(100, N * CELL - 100)
            w, d, a = rng.uniform(6, 40), rng.uniform(6, 25), rng.uniform(0, math.pi)
            c, s = math.cos(a), math.sin(a)
            pts = [(cx + c * u - s * v, cy + s * u + c * v) for u, v in
                   ((-w / 2, -d / 2), (w / 2, -d / 2), (w / 2, d / 2), (-w / 2, d / 2), (-w / 2, -d / 2))]
            f = ogr.Feature(lyr.GetLayerDefn())
            f.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON((" + ",".join("%.2f %.2f" % p for p in pts) + "))"))
            f.SetField("hauteur", round(float(rng.uniform(4, 30)), 1))
            lyr.CreateFeature(f)
        lyr.CommitTransaction()
        ds = None
    return dem, gpkg


def run_vigie(dem: str, gpkg: str, out: str) -> float:
    t = time.perf_counter()
    ds = ogr.Open(gpkg)
    lyr = ds.GetLayer(0)
    obstacles = [(bytes(f.GetGeometryRef().ExportToWkb()), float(f["hauteur"])) for f in lyr]
    del lyr, ds
    surface.build_surface(dem, out, obstacles)
    return time.perf_counter() - t


def run_baseline(dem: str, gpkg: str, out: str) -> float:
    t = time.perf_counter()
    heights = out + ".heights.tif"
    subprocess.run(["gdal_rasterize", "-q", "-a", "hauteur", "-sql", "SELECT * FROM batiment ORDER BY hauteur",
                    "-te", str(X0), str(Y1 - N * CELL), str(X0 + N * CELL), str(Y1), "-tr", str(CELL), str(CELL),
                    "-ot", "Float32", "-init", "0", "-co", "TILED=YES", gpkg, heights], check=True)
    g = gdal.Open(dem)
    h = gdal.Open(heights)
    z = g.GetRasterBand(1).ReadAsArray()
    s = z + h.GetRasterBand(1).ReadAsArray()
    s[z == -9999.0] = -9999.0
    o = gdal.GetDriverByName("GTiff").Create(out, N, N, 1, gdal.GDT_Float32, OPTS)
    o.SetGeoTransform(g.GetGeoTransform())
    o.SetProjection(g.GetProjection())
    o.GetRasterBand(1).SetNoDataValue(-9999.0)
    o.GetRasterBand(1).WriteArray(s)
    o = None
    del g, h
    os.remove(heights)
    return time.perf_counter() - t


def main(out_dir: str) -> int:
    folder = os.path.join(out_dir, "zones")
    os.makedirs(folder, exist_ok=True)
    dem, gpkg = make_inputs(folder)
    res = {"grid": "%d x %d cells of %g m" % (N, N, CELL), "buildings": N_BUILDINGS, "runs": []}
    for _rep in range(2):  # alternate, keep the best of two
        tv = run_vigie(dem, gpkg, os.path.join(folder, "surface_vigie.tif"))
        tb = run_baseline(dem, gpkg, os.path.join(folder, "surface_gdal_rasterize.tif"))
        res["runs"].append({"vigie_s": round(tv, 2), "gdal_rasterize_s": round(tb, 2)})
    a = gdal.Open(os.path.join(folder, "surface_vigie.tif")).ReadAsArray()
    b = gdal.Open(os.path.join(folder, "surface_gdal_rasterize.tif")).ReadAsArray()
    z = gdal.Open(dem).ReadAsArray()
    res["cells_equal_pct"] = round(100.0 * float(np.mean(a == b)), 4)
    res["cells_raised"] = int(np.count_nonzero(a > z))
    tv = min(r["vigie_s"] for r in res["runs"])
    tb = min(r["gdal_rasterize_s"] for r in res["runs"])
    res["vigie_s"], res["gdal_rasterize_s"] = tv, tb
    res["ratio_vigie_over_baseline"] = round(tv / tb, 2) if tb > 0 else None
    with open(os.path.join(folder, "bench.json"), "w", encoding="utf-8") as fh:
        json.dump(res, fh, indent=2)
    md = ["# Surface model rasterisation (vigie:surfacemodel core vs gdal_rasterize)", "",
          "Grid {grid}, {buildings} buildings (heights 4-30 m, overlaps: the highest wins).".format(**res), "",
          "| contender | best of 2 (s) | ratio |", "|---|---|---|",
          "| Vigie core.surface.build_surface | {:.2f} | {:.2f} |".format(tv, res["ratio_vigie_over_baseline"] or 0),
          "| gdal_rasterize CLI + numpy sum + GeoTIFF | {:.2f} | 1.00 |".format(tb), "",
          "Cells equal: {cells_equal_pct} % ({cells_raised} cells raised).".format(**res), ""]
    with open(os.path.join(folder, "bench.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(md))
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "bench-output"))
