"""The map of an impact sheet, rendered by QGIS: project, elements, ZTV, co-visibility zones."""

import os
import shutil
import tempfile
from typing import Any, Dict, Optional

import numpy as np
from qgis.core import (
    QgsFeature,
    QgsFillSymbol,
    QgsGeometry,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsRasterLayer,
    QgsRectangle,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core import impact, rasters
from .maprender import MapRenderer
from .styles import style_path

MAP_WIDTH_PT = 510.0
MAP_HEIGHT_PT = 330.0
PROJECT_COLOUR = "#d7191c"
COVIS_COLOUR = "#2166ac"


def _memory(gtype: int, name: str) -> QgsVectorLayer:
    uri = {QgsWkbTypes.PointGeometry: "MultiPoint", QgsWkbTypes.LineGeometry: "MultiLineString",
           QgsWkbTypes.PolygonGeometry: "MultiPolygon"}[gtype] + "?crs=EPSG:2154"
    return QgsVectorLayer(uri, name, "memory")


def _project_layer(wkb: bytes) -> Optional[QgsVectorLayer]:
    g = QgsGeometry()
    g.fromWkb(wkb)
    if g.isNull():
        return None
    gtype = g.type()
    g.convertToMultiType()
    lyr = _memory(gtype, "project")
    f = QgsFeature()
    f.setGeometry(g)
    lyr.dataProvider().addFeatures([f])
    lyr.updateExtents()
    if gtype == QgsWkbTypes.PointGeometry:
        sym = QgsMarkerSymbol.createSimple({"name": "triangle", "color": PROJECT_COLOUR, "outline_color": "35,35,35",
                                            "outline_width": "0.3", "size": "4.2", "size_unit": "MM"})
    elif gtype == QgsWkbTypes.LineGeometry:
        sym = QgsLineSymbol.createSimple({"line_color": PROJECT_COLOUR, "line_width": "1.2"})
    else:
        sym = QgsFillSymbol.createSimple({"color": PROJECT_COLOUR, "outline_color": "35,35,35",
                                          "outline_width": "0.4"})
    lyr.setRenderer(QgsSingleSymbolRenderer(sym))
    return lyr


def render_project_map(res: "impact.ImpactResult", pi: int, projects, layers: Dict[str, Any], dem_layer,
                       params: "impact.Params") -> Optional[Dict[str, Any]]:
    """JPEG bytes, extent and legend of the map of project ``pi`` (None when nothing can be drawn)."""
    p = projects[pi]
    pg = QgsGeometry()
    pg.fromWkb(p.wkb)
    bb = pg.boundingBox()
    # the elements and viewpoints it affects (graded above negligible), nearest first, within 8 km:
    # the sheet's map must show what the table talks about
    affected = sorted((r for r in res.rows if r.project == pi and r.visible and r.grade != "negligible"
                       and r.distance <= 8000.0 and r.line != ((0.0, 0.0), (0.0, 0.0))), key=lambda r: r.distance)
    for r in affected[:12]:
        (ox, oy), _ = r.line
        bb.combineExtentWith(ox, oy)
    zones = [z for z in res.covis if z.project == pi]
    for z in zones:
        g = QgsGeometry()
        g.fromWkb(z.wkb)
        bb.combineExtentWith(g.boundingBox())
    pad = max(1500.0, 0.15 * max(bb.width(), bb.height()))
    area = QgsRectangle(bb.xMinimum() - pad, bb.yMinimum() - pad, bb.xMaximum() + pad, bb.yMaximum() + pad)
    renderer = MapRenderer(layers, dem=dem_layer, area=area)
    extent = MapRenderer.fit_extent((area.xMinimum(), area.yMinimum(), area.xMaximum(), area.yMaximum()),
                                    MAP_WIDTH_PT, MAP_HEIGHT_PT, margin=0.0, min_width=4000.0)
    tmp = tempfile.mkdtemp(prefix="vigie-impact-map-")
    try:
        ztv_path = os.path.join(tmp, "ztv.tif")
        z = np.array(res.ztv_by_project[pi], dtype=np.uint16)
        z[res.ztv == impact.ZTV_NODATA] = impact.ZTV_NODATA
        rasters.write_raster(ztv_path, [z], res.geotransform, res.projection, impact.ZTV_NODATA)
        ztv = QgsRasterLayer(ztv_path, "ztv")
        middle = []
        if ztv.isValid():
            ztv.loadNamedStyle(style_path("impact_ztv.qml"))
            ztv.setOpacity(0.6)
            middle.append(ztv)
        above = []
        if zones:
            cl = _memory(QgsWkbTypes.PolygonGeometry, "covis")
            geoms = []
            for zz in zones:
                g = QgsGeometry()
                g.fromWkb(zz.wkb)
                geoms.append(g)
            u = QgsGeometry.unaryUnion(geoms)
            u.convertToMultiType()
            f = QgsFeature()
            f.setGeometry(u)
            cl.dataProvider().addFeatures([f])
            cl.updateExtents()
            cl.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
                {"color": COVIS_COLOUR, "style": "b_diagonal", "outline_color": COVIS_COLOUR,
                 "outline_width": "0.3"})))
            middle.insert(0, cl)
        pl = _project_layer(p.wkb)
        if pl is not None:
            above.append(pl)
        if pg.type() != QgsWkbTypes.PointGeometry:
            above.insert(0, _project_layer(pg.pointOnSurface().asWkb()))
        out = renderer.render(extent, MAP_WIDTH_PT, MAP_HEIGHT_PT, dpi=170.0, above=above, middle=middle)
        del ztv, middle, above
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    top = int(res.ztv_by_project[pi].max()) if res.ztv_by_project[pi].size else 0
    legend = [("Projet", PROJECT_COLOUR, "triangle"), ("Élément inscrit", "#5a1e12", "point")]
    if zones:
        legend.append(("Zones de covisibilité", COVIS_COLOUR, "hatch"))
    if top == 1:
        legend.append(("ZVT : projet visible", "#fcc5c0", "area"))
    elif top > 1:
        legend.append(("ZVT : 1 partie vue", "#fcc5c0", "area"))
        legend.append(("ZVT : 2 à 6 parties" if top > 3 else "ZVT : 2 à 3 parties", "#e04e9c", "area"))
        if top > 6:
            legend.append(("ZVT : plus de 6 parties", "#7a0177", "area"))
    legend += [("Bien inscrit", "#1f3a5f", "line"), ("Zone tampon", "#c9d5e3", "area")]
    out["legend"] = legend
    return out
