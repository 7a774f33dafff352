"""Demo step: the intervisibility network of the sample elements (vigie:intervisibility,
styled, with a quicklook), the panorama from the sample viewpoint V01 (vigie:viewpointpanorama)
and the lines of sight from V01 with their profiles (vigie:sightlines), one profile as PNG.
Writes under out_dir/network/.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

VIEWPOINT = "V01"


def _quicklook(network: str, gpkg: str, dem: str, out_png: str, title: str, note: str) -> str:
    from qgis.core import (
        QgsHillshadeRenderer,
        QgsMapRendererParallelJob,
        QgsMapSettings,
        QgsMarkerSymbol,
        QgsRasterLayer,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QRectF, QSize, Qt
    from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter

    from vigie.processing.styles import style_path

    lines = QgsVectorLayer(network, "network", "ogr")
    lines.loadNamedStyle(style_path("intervisibility.qml"))
    els = QgsVectorLayer(gpkg + "|layername=elements", "elements", "ogr")
    els.renderer().setSymbol(QgsMarkerSymbol.createSimple(
        {"name": "circle", "color": "#1f3b57", "size": "2.2", "outline_color": "white"}))
    vp = QgsVectorLayer(gpkg + "|layername=viewpoints|subset=\"id\" = '%s'" % VIEWPOINT, "vp", "ogr")
    vp.renderer().setSymbol(QgsMarkerSymbol.createSimple(
        {"name": "star", "color": "#ff9f00", "size": "5", "outline_color": "black"}))
    relief = QgsRasterLayer(dem, "dem")
    hs = QgsHillshadeRenderer(relief.dataProvider(), 1, 315, 45)
    hs.setZFactor(2.0)
    relief.setRenderer(hs)
    extent = lines.extent()
    extent.grow(800.0)
    extent = extent.intersect(relief.extent())
    width = 1400
    map_h = int(width * extent.height() / extent.width())
    ms = QgsMapSettings()
    ms.setLayers([vp, els, lines, relief])
    ms.setDestinationCrs(relief.crs())
    ms.setExtent(extent)
    ms.setOutputSize(QSize(width, map_h))
    ms.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(ms)
    job.start()
    job.waitForFinished()
    img = QImage(width, map_h + 100, QImage.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.drawImage(0, 60, job.renderedImage())
    f = QFont("DejaVu Sans", 15)
    f.setBold(True)
    p.setFont(f)
    p.drawText(QRectF(10, 8, width - 20, 44), Qt.AlignLeft | Qt.AlignVCenter, title)
    p.setFont(QFont("DejaVu Sans", 10))
    p.drawText(QRectF(10, map_h + 64, width - 20, 34), Qt.AlignLeft | Qt.TextWordWrap, note)
    p.end()
    img.save(out_png)
    return out_png


def run(ctx) -> dict:
    import processing
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from qgis.core import QgsVectorLayer

    from vigie.core import sightline as core_sl
    from vigie.ui.profile_plot import draw_profile

    out = os.path.join(ctx["out_dir"], "network")
    os.makedirs(out, exist_ok=True)
    dem, gpkg, fb = ctx["dem"], ctx["gpkg"], ctx["feedback"]
    elements = gpkg + "|layername=elements"
    t0 = time.time()
    net = processing.run("vigie:intervisibility", {
        "DEM": dem, "ELEMENTS": elements, "HEIGHT_FIELD": "height_m", "MAX_DISTANCE": 10000.0,
        "OUTPUT": os.path.join(out, "intervisibility.gpkg"),
        "OUTPUT_OBSTRUCTIONS": os.path.join(out, "first_obstructions.gpkg")}, feedback=fb)
    t_net = time.time() - t0
    quick = _quicklook(
        net["OUTPUT"], gpkg, dem, os.path.join(out, "intervisibility.png"),
        "Réseau d'intervisibilité des éléments (sommet à sommet, 10 km)",
        "Vert : les deux éléments se voient ; tirets rouges : ligne de visée masquée par le relief. "
        "Points : éléments ; étoile : point de vue %s (panorama et profils)." % VIEWPOINT)
    vp = gpkg + "|layername=viewpoints|subset=\"id\" = '%s'" % VIEWPOINT
    t1 = time.time()
    pano = processing.run("vigie:viewpointpanorama", {
        "DEM": dem, "VIEWPOINTS": vp, "VIEWPOINT_HEIGHT_FIELD": "height_m", "ELEMENTS": elements,
        "HEIGHT_FIELD": "height_m", "MAX_DISTANCE": 15000.0, "ONLY_VISIBLE": False,
        "OUTPUT": os.path.join(out, "panorama_%s.csv" % VIEWPOINT),
        "OUTPUT_POINTS": os.path.join(out, "panorama_%s.gpkg" % VIEWPOINT)}, feedback=fb)
    t_pano = time.time() - t1
    t2 = time.time()
    los = processing.run("vigie:sightlines", {
        "DEM": dem, "OBSERVERS": vp, "OBSERVER_HEIGHT_FIELD": "height_m", "TARGETS": elements,
        "TARGET_HEIGHT_FIELD": "height_m", "MAX_DISTANCE": 15000.0,
        "OUTPUT": os.path.join(out, "sightlines_%s.gpkg" % VIEWPOINT),
        "OUTPUT_PROFILE": os.path.join(out, "sightlines_%s_profiles.csv" % VIEWPOINT),
        "OUTPUT_OBSTRUCTIONS": os.path.join(out, "sightlines_%s_obstructions.gpkg" % VIEWPOINT)}, feedback=fb)
    t_los = time.time() - t2

    # one profile as PNG: the element that shows the least of its height while still visible,
    # else the nearest hidden one (the most telling view)
    rows = list(QgsVectorLayer(pano["OUTPUT_POINTS"], "p", "ogr").getFeatures())
    partly = [r for r in rows if r["visible"] and float(r["visible_height_m"]) < float(r["height_m"]) - 0.5]
    hidden = sorted([r for r in rows if not r["visible"]], key=lambda r: float(r["distance_m"]))
    pick = (min(partly, key=lambda r: float(r["visible_share_pct"])) if partly
            else (hidden[0] if hidden else rows[0]))
    vp_layer = QgsVectorLayer(vp, "vp", "ogr")
    vpf = next(vp_layer.getFeatures())
    x0, y0 = vpf.geometry().asPoint().x(), vpf.geometry().asPoint().y()
    eye = float(vpf["height_m"])
    tp = pick.geometry().asPoint()
    terrain = core_sl.read_terrain(dem)
    prof = core_sl.profile(terrain, x0, y0, eye, tp.x(), tp.y(), float(pick["height_m"]), 1.0 - 1.0 / 7.0)
    above = pick["above_horizon_m"]
    horizon = prof.z_b - float(above) if above is not None and str(above) != "NULL" else None
    fig = Figure(figsize=(8, 4), dpi=120)
    FigureCanvasAgg(fig)
    title = "{} → {}\n{}, {:.2f} km : {:.1f} m visibles sur ses {:.1f} m".format(
        vpf["name"], pick["name"], pick["type"], prof.length / 1000.0, float(pick["visible_height_m"]),
        float(pick["height_m"]))
    draw_profile(fig, prof, title, float(pick["visible_height_m"]), float(pick["height_m"]), horizon)
    profile_png = os.path.join(out, "profile_%s_%s.png" % (VIEWPOINT, pick["element_id"]))
    fig.savefig(profile_png)

    lines = list(QgsVectorLayer(net["OUTPUT"], "n", "ogr").getFeatures())
    return {
        "intervisibility_seconds": round(t_net, 1),
        "pairs": net["N_PAIRS"],
        "pairs_visible": net["N_VISIBLE"],
        "best_clearance_m": max((float(f["clearance_m"]) for f in lines if f["clearance_m"] is not None
                                 and str(f["clearance_m"]) != "NULL"), default=None),
        "panorama_viewpoint": VIEWPOINT,
        "panorama_seconds": round(t_pano, 1),
        "panorama_visible": sum(1 for r in rows if r["visible"]),
        "panorama_elements": len(rows),
        "sightlines_seconds": round(t_los, 1),
        "sightlines": los["N_LINES"],
        "profile_png": os.path.relpath(profile_png, ctx["out_dir"]),
        "profile_element": pick["element_id"],
        "quicklook": os.path.relpath(quick, ctx["out_dir"]),
        "outputs": {prefix + k.lower(): os.path.relpath(v, ctx["out_dir"])
                    for prefix, res in (("intervisibility_", net), ("panorama_", pano), ("sightlines_", los))
                    for k, v in res.items() if isinstance(v, str)},
    }
