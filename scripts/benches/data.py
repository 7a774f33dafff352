"""Benchmark of the downloads: cache miss against cache hit, side by side, with a floor.

Usage: python scripts/benches/data.py OUT_DIR

A local server (tests/fake_geoservices.py) serves a generated 5 m terrain (12 x 12 km) as
BIL32 tiles of at most 512 px and 4 000 generated buildings as BD TOPO features (pages of
1 000). Measured in the same run, best of 3:

* floor: reading the same window straight from the GeoTIFF with GDAL (no HTTP, no tiling);
* miss: vigie:downloadterrain / vigie:downloadbuildings with an empty cache;
* hit: the same call again, served from the disk cache (0 requests).

Writes OUT_DIR/data_bench.json and .md.
"""

import json
import os
import shutil
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.join(ROOT, "tests"))

DEM_EXTENT = (680000.0, 7030000.0, 692000.0, 7042000.0)
AREA = (681000.0, 7031000.0, 691000.0, 7041000.0)  # 10 x 10 km -> 2000 x 2000 cells at 5 m


def buildings(n: int):
    import numpy as np

    rng = np.random.default_rng(8)
    out = []
    for i in range(n):
        x, y = rng.uniform(AREA[0], AREA[2] - 20), rng.uniform(AREA[1], AREA[3] - 20)
        w, h = rng.uniform(6, 20), rng.uniform(6, 14)
        ring = [[x, y, 30.0], [x + w, y, 30.0], [x + w, y + h, 30.0], [x, y + h, 30.0], [x, y, 30.0]]
        out.append({"type": "Feature", "id": "batiment.B{:08d}".format(i),
                    "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]},
                    "properties": {"cleabs": "B{:08d}".format(i), "hauteur": round(float(rng.uniform(3, 25)), 1),
                                   "nombre_d_etages": int(rng.integers(1, 8)), "usage_1": "Résidentiel"}})
    return out


def main(out_dir: str) -> int:
    import qgis_env

    app, plugin = qgis_env.start()
    import processing
    from fake_geoservices import FakeGeoServices, analytic_dem
    from osgeo import gdal
    from qgis.core import QgsProcessingFeedback

    os.makedirs(out_dir, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="vigie_bench_data_")
    dem = analytic_dem(os.path.join(tmp, "dem.tif"), DEM_EXTENT, 5.0)
    srv = FakeGeoServices(dem_path=dem, buildings=buildings(4000), count_default=1000, max_size=512).start()
    os.environ.update(srv.env())
    ext = "{},{},{},{} [EPSG:2154]".format(AREA[0], AREA[2], AREA[1], AREA[3])
    rows = {}

    def floor():
        ds = gdal.Open(dem)
        gt = ds.GetGeoTransform()
        c0, r0 = int((AREA[0] - gt[0]) / gt[1]), int((gt[3] - AREA[3]) / -gt[5])
        arr = ds.GetRasterBand(1).ReadAsArray(c0, r0, 2000, 2000)
        drv = gdal.GetDriverByName("GTiff")
        o = drv.Create(os.path.join(tmp, "floor.tif"), 2000, 2000, 1, gdal.GDT_Float32,
                       ["TILED=YES", "COMPRESS=DEFLATE", "PREDICTOR=3"])
        o.GetRasterBand(1).WriteArray(arr)
        o = ds = None

    def terrain(k):
        processing.run("vigie:downloadterrain", {"EXTENT": ext, "RESOLUTION": 1, "CHECK": False,
                                                 "OUTPUT": os.path.join(tmp, "t{}.tif".format(k))},
                       feedback=QgsProcessingFeedback())

    def builds(k):
        processing.run("vigie:downloadbuildings", {"EXTENT": ext, "OUTPUT": os.path.join(tmp, "b{}.gpkg".format(k))},
                       feedback=QgsProcessingFeedback())

    def timed(fn, k):
        t0 = time.perf_counter()
        fn(k)
        return time.perf_counter() - t0

    try:
        for name, fn in (("terrain", terrain), ("buildings", builds)):
            miss, hit, reqs_miss, reqs_hit = [], [], [], []
            for rep in range(3):
                cache = os.path.join(tmp, "cache_{}_{}".format(name, rep))
                os.environ["VIGIE_CACHE_DIR"] = cache
                srv.clear()
                miss.append(timed(fn, "m%d" % rep))
                reqs_miss.append(srv.count())
                srv.clear()
                hit.append(timed(fn, "h%d" % rep))
                reqs_hit.append(srv.count())
            rows[name] = {"miss_s": round(min(miss), 3), "hit_s": round(min(hit), 3),
                          "miss_over_hit": round(min(miss) / min(hit), 2),
                          "requests_miss": reqs_miss[0], "requests_hit": max(reqs_hit)}
        fl = [timed(lambda k: floor(), 0) for _ in range(3)]
        rows["terrain"]["floor_gdal_local_s"] = round(min(fl), 3)
        rows["terrain"]["miss_over_floor"] = round(rows["terrain"]["miss_s"] / min(fl), 2)
        rows["terrain"]["hit_over_floor"] = round(rows["terrain"]["hit_s"] / min(fl), 2)
    finally:
        srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)
        plugin.unload()
    with open(os.path.join(out_dir, "data_bench.json"), "w", encoding="utf-8") as fh:
        json.dump(rows, fh, indent=2)
    t, b = rows["terrain"], rows["buildings"]
    md = "\n".join([
        "# Downloads: cache miss vs hit (local server, best of 3)",
        "",
        "| job | miss (s) | hit (s) | miss/hit | requests miss | requests hit |",
        "|---|---|---|---|---|---|",
        "| terrain 10 x 10 km at 5 m (16 BIL tiles) | {miss_s} | {hit_s} | {miss_over_hit} | {requests_miss} | "
        "{requests_hit} |".format(**t),
        "| 4 000 buildings (4 pages) | {miss_s} | {hit_s} | {miss_over_hit} | {requests_miss} | "
        "{requests_hit} |".format(**b),
        "",
        "Floor (GDAL reading + writing the same 2000 x 2000 window locally): {floor_gdal_local_s} s; "
        "terrain miss / floor = {miss_over_floor}, hit / floor = {hit_over_floor}.".format(**t),
        "",
    ])
    with open(os.path.join(out_dir, "data_bench.md"), "w", encoding="utf-8") as fh:
        fh.write(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "bench-output"))
