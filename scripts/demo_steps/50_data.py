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


def _quicklook(dem: str, buildings_uri: str, png: str, credits: list) -> str:
    """Hillshade + tinted altitudes of the downloaded terrain, buildings coloured by hauteur."""
    from qgis.core import (
        QgsColorRampShader,
        QgsFillSymbol,
        QgsGraduatedSymbolRenderer,
        QgsHillshadeRenderer,
        QgsMapRendererParallelJob,
        QgsMapSettings,
        QgsRasterLayer,
        QgsRasterShader,
        QgsRendererRange,
        QgsSingleBandPseudoColorRenderer,
        QgsStyle,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QRectF, QSize, Qt
    from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter

    hs = QgsRasterLayer(dem, "hs")
    hsr = QgsHillshadeRenderer(hs.dataProvider(), 1, 315, 45)
    hsr.setZFactor(3.0)
    hs.setRenderer(hsr)
    tint = QgsRasterLayer(dem, "tint")
    stats = tint.dataProvider().bandStatistics(1)
    ramp = QgsStyle.defaultStyle().colorRamp("Greens")
    fcn = QgsColorRampShader(stats.minimumValue, stats.maximumValue, ramp)
    fcn.classifyColorRamp(8)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(fcn)
    tint.setRenderer(QgsSingleBandPseudoColorRenderer(tint.dataProvider(), 1, shader))
    tint.renderer().setOpacity(0.45)
    bl = QgsVectorLayer(buildings_uri, "b", "ogr")
    ranges = []
    for lo, hi, color in ((0, 6, "#fee5d9"), (6, 9, "#fcae91"), (9, 12, "#fb6a4a"), (12, 20, "#de2d26"),
                          (20, 200, "#a50f15")):
        sym = QgsFillSymbol.createSimple({"color": color, "outline_color": "#3b0a0a", "outline_width": "0.1"})
        ranges.append(QgsRendererRange(lo, hi, sym, "{}–{}".format(lo, hi) if hi < 200 else "≥ {}".format(lo)))
    renderer = QgsGraduatedSymbolRenderer("hauteur", ranges)
    bl.setRenderer(renderer)
    width, map_w = 1400, 1080
    ext = hs.extent()
    map_h = int(map_w * ext.height() / ext.width())
    ms = QgsMapSettings()
    ms.setLayers([bl, tint, hs])
    ms.setDestinationCrs(hs.crs())
    ms.setExtent(ext)
    ms.setOutputSize(QSize(map_w, map_h))
    job = QgsMapRendererParallelJob(ms)
    job.start()
    job.waitForFinished()
    img = QImage(width, map_h + 60 + 70, QImage.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.drawImage(0, 60, job.renderedImage())
    p.setFont(QFont("DejaVu Sans", 15, QFont.Bold))
    p.drawText(QRectF(10, 0, width - 20, 60), Qt.AlignVCenter,
               "Téléchargé en une fois : terrain RGE ALTI 5 m et bâtiments BD TOPO avec hauteurs")
    p.setFont(QFont("DejaVu Sans", 11))
    y = 80
    p.drawText(QRectF(map_w + 15, y, width - map_w - 25, 30), Qt.AlignLeft, "Hauteur des bâtiments")
    for r in renderer.ranges():
        y += 28
        p.fillRect(QRectF(map_w + 15, y, 22, 16), r.symbol().color())
        p.drawRect(QRectF(map_w + 15, y, 22, 16))
        p.drawText(QRectF(map_w + 45, y - 2, 200, 22), Qt.AlignLeft, r.label() + " m")
    p.setFont(QFont("DejaVu Sans", 10))
    p.drawText(QRectF(map_w + 15, y + 40, width - map_w - 25, 200), Qt.TextWordWrap,
               "Relief ombré et altitudes (vert clair bas, vert foncé haut) du terrain téléchargé, "
               "{:.0f} à {:.0f} m. Démonstration hors ligne : un serveur local joue la Géoplateforme "
               "avec le paysage d'exemple.".format(stats.minimumValue, stats.maximumValue))
    p.setFont(QFont("DejaVu Sans", 8))
    p.drawText(QRectF(10, map_h + 65, width - 20, 65), Qt.TextWordWrap, "Sources : " + " | ".join(credits))
    p.end()
    img.save(png)
    return png


def run(ctx: dict) -> dict:
    import processing
    from fake_geoservices import FakeGeoServices, bdtopo_buildings

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
    credits = sources.credit_lines([first["terrain"]["OUTPUT"], first["buildings"]["OUTPUT"]])
    png = _quicklook(first["terrain"]["OUTPUT"], first["buildings"]["BUILDINGS"], os.path.join(out, "data_download.png"),
                     credits)
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
