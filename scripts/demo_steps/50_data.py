"""Demo step: "real data in one step", offline.

A local server (tests/fake_geoservices.py) plays the Géoplateforme: its WMS-R serves the
sample terrain as 32-bit float BIL tiles (at most 512 pixels a side, to show the tiling)
and its WFS serves the sample buildings as BD TOPO ``batiment`` features (pages of 500).
vigie:downloadterrain and vigie:downloadbuildings fetch an area of the sample landscape
through it, exactly as they would from data.geopf.fr; a second run is served from the
disk cache without a single request. Writes under out_dir/data/.
"""

import os
import shutil
import sys
import time

import numpy as np
from osgeo import gdal

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

AREA = (684000.0, 7035000.0, 690000.0, 7039000.0)  # 6 x 4 km around cités and spoil tips


def run(ctx: dict) -> dict:
    import processing
    from fake_geoservices import FakeGeoServices, bdtopo_buildings
    from qgis.core import QgsFillSymbol, QgsVectorLayer
    from quicklook import render

    from vigie.core import sources

    out = os.path.join(ctx["out_dir"], "data")
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    cache = os.path.join(out, "cache")
    srv = FakeGeoServices(dem_path=ctx["dem"], buildings=bdtopo_buildings(ctx["gpkg"]),
                          count_default=500, max_size=512).start()
    saved = {k: os.environ.get(k) for k in list(srv.env()) + ["VIGIE_CACHE_DIR"]}
    os.environ.update(srv.env())
    os.environ["VIGIE_CACHE_DIR"] = cache
    ext = "{},{},{},{} [EPSG:2154]".format(AREA[0], AREA[2], AREA[1], AREA[3])
    runs = []
    try:
        for k in range(2):
            srv.clear()
            t0 = time.time()
            terrain = processing.run("vigie:downloadterrain", {
                "EXTENT": ext, "RESOLUTION": 1, "CHECK": True,
                "OUTPUT": os.path.join(out, "rgealti_5m{}.tif".format("" if k == 0 else "_cache"))},
                feedback=ctx["feedback"])
            buildings = processing.run("vigie:downloadbuildings", {
                "EXTENT": ext, "OUTPUT": os.path.join(out, "batiments_bdtopo{}.gpkg".format("" if k == 0 else "_cache"))},
                feedback=ctx["feedback"])
            runs.append({"requests": srv.count(), "tiles": terrain["TILES"], "seconds": round(time.time() - t0, 2),
                         "terrain": terrain, "buildings": buildings})
    finally:
        srv.stop()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    first, second = runs
    # the downloaded terrain against the sample terrain it was served from
    got = gdal.Open(first["terrain"]["OUTPUT"])
    src = gdal.Open(ctx["dem"])
    gt = src.GetGeoTransform()
    c0, r0 = int(round((AREA[0] - gt[0]) / gt[1])), int(round((gt[3] - AREA[3]) / -gt[5]))
    a = got.GetRasterBand(1).ReadAsArray()
    b = src.GetRasterBand(1).ReadAsArray(c0, r0, got.RasterXSize, got.RasterYSize)
    max_diff = float(np.abs(a - b).max())
    got = src = None
    blayer = QgsVectorLayer(first["buildings"]["BUILDINGS"], "buildings", "ogr")
    blayer.renderer().setSymbol(QgsFillSymbol.createSimple(
        {"color": "#d7301f", "outline_color": "#67000d", "outline_width": "0.1"}))
    png = render(first["terrain"]["OUTPUT"], first["terrain"]["OUTPUT"], os.path.join(out, "data_download.png"),
                 "Terrain (RGE ALTI 5 m) et bâtiments BD TOPO téléchargés (serveur local de démonstration)",
                 [blayer])
    credits = sources.credit_lines([first["terrain"]["OUTPUT"], first["buildings"]["OUTPUT"]])
    with open(os.path.join(out, "credits.txt"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(credits) + "\n")
    print("  terrain: {} tiles, max |downloaded - sample| = {:.3g} m; buildings: {} ({} with a height)".format(
        first["tiles"], max_diff, first["buildings"]["COUNT"], first["buildings"]["WITH_HEIGHT"]))
    print("  requests: first run {}, second run {} (cache)".format(first["requests"], second["requests"]))
    return {
        "area_l93": list(AREA),
        "terrain_tiles": first["tiles"],
        "terrain_max_abs_difference_m": max_diff,
        "altimetry_check_max_difference_m": round(first["terrain"]["MAX_DIFFERENCE"], 3),
        "buildings": first["buildings"]["COUNT"],
        "buildings_with_height": first["buildings"]["WITH_HEIGHT"],
        "requests_first_run": first["requests"],
        "requests_second_run_from_cache": second["requests"],
        "seconds_first_run": first["seconds"],
        "seconds_second_run": second["seconds"],
        "credits": credits,
        "outputs": [os.path.relpath(p, ctx["out_dir"]) for p in
                    (first["terrain"]["OUTPUT"], first["buildings"]["OUTPUT"], png)],
    }
