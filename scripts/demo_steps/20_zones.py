"""Demo step: surface model of the sample landscape (buildings) and the influence zones of
its headframes (distance bands × Bien / zone tampon / hors zone × communes), with a quicklook.

The communes are not in the sample: they are made here as the Voronoi cells of the
communes of the sample cités (a stand-in for the IGN communes layer).
Writes under out_dir/zones/.
"""

import os
import sys
import time

from osgeo import ogr, osr

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _communes(gpkg: str, out: str) -> str:
    """Voronoi cells of the cités' communes (centroid of each commune's cités), cut to the DEM extent."""
    from shapely import wkb
    from shapely.geometry import MultiPoint, box
    from shapely.ops import voronoi_diagram

    ds = ogr.Open(gpkg)
    lyr = ds.GetLayerByName("cites")
    pts = {}
    for f in lyr:
        g = wkb.loads(bytes(f.GetGeometryRef().ExportToWkb()))
        pts.setdefault(f["commune"], []).append(g.centroid)
    ext = lyr.GetExtent()
    del lyr, ds
    frame = box(680000.0, 7032000.0, 700000.0, 7044000.0)
    centres = {name: MultiPoint(p).centroid for name, p in pts.items()}
    cells = voronoi_diagram(MultiPoint(list(centres.values())), envelope=frame)
    drv = ogr.GetDriverByName("GPKG")
    if os.path.exists(out):
        drv.DeleteDataSource(out)
    ods = drv.CreateDataSource(out)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    olyr = ods.CreateLayer("communes", srs=srs, geom_type=ogr.wkbPolygon)
    olyr.CreateField(ogr.FieldDefn("nom", ogr.OFTString))
    for cell in cells.geoms:
        name = next(n for n, c in centres.items() if cell.contains(c))
        f = ogr.Feature(olyr.GetLayerDefn())
        f.SetGeometry(ogr.CreateGeometryFromWkb(cell.intersection(frame).wkb))
        f.SetField("nom", name)
        olyr.CreateFeature(f)
    del olyr, ods
    assert ext
    return out + "|layername=communes"


def run(ctx) -> dict:
    import processing
    from qgis.core import (
        QgsFillSymbol,
        QgsMarkerSymbol,
        QgsPalLayerSettings,
        QgsRectangle,
        QgsTextFormat,
        QgsVectorLayer,
        QgsVectorLayerSimpleLabeling,
    )
    from qgis.PyQt.QtGui import QColor, QFont
    from zones_quicklook import render_zones

    from vigie.processing.influence_zones import style_zones_layer

    out = os.path.join(ctx["out_dir"], "zones")
    os.makedirs(out, exist_ok=True)
    dem, gpkg, fb = ctx["dem"], ctx["gpkg"], ctx["feedback"]
    t0 = time.time()
    surf = processing.run("vigie:surfacemodel", {
        "DEM": dem, "BUILDINGS": gpkg + "|layername=buildings",
        "OUTPUT": os.path.join(out, "surface_model.tif")}, feedback=fb)["OUTPUT"]
    t_surface = time.time() - t0
    communes = _communes(gpkg, os.path.join(out, "communes.gpkg"))
    headframes = gpkg + "|layername=elements|subset=\"type\" = 'chevalement'"
    t1 = time.time()
    res = processing.run("vigie:influencezones", {
        "DEM": dem, "ELEMENTS": headframes, "SURFACE": surf,
        "PERIMETER": gpkg + "|layername=perimeter", "BUFFER_ZONE": gpkg + "|layername=buffer_zone",
        "COMMUNES": communes, "RADIUS": ctx["radius"], "MIN_AREA": 1000.0,
        "OUTPUT": os.path.join(out, "influence_zones.gpkg"),
        "OUTPUT_ELEMENTS": os.path.join(out, "influence_zones_elements.csv"),
        "OUTPUT_COMMUNES": os.path.join(out, "influence_zones_communes.csv"),
    }, feedback=fb)
    t_zones = time.time() - t1

    zones = QgsVectorLayer(res["OUTPUT"], "zones", "ogr")
    bands = [0.0, 500.0, 2000.0, 5000.0, 10000.0]
    style_zones_layer(zones, bands)

    def outline(uri, name, color, width, style="solid"):
        lyr = QgsVectorLayer(uri, name, "ogr")
        lyr.renderer().setSymbol(QgsFillSymbol.createSimple(
            {"color": "0,0,0,0", "outline_color": color, "outline_width": str(width), "outline_style": style}))
        return lyr

    com = outline(communes, "communes", "#555555", 0.3, "dot")
    pal = QgsPalLayerSettings()
    pal.fieldName = "nom"
    fmt = QgsTextFormat()
    fmt.setFont(QFont("DejaVu Sans", 9))
    fmt.setColor(QColor("#333333"))
    pal.setFormat(fmt)
    com.setLabeling(QgsVectorLayerSimpleLabeling(pal))
    com.setLabelsEnabled(True)
    hf = QgsVectorLayer(headframes, "chevalements", "ogr")
    hf.renderer().setSymbol(QgsMarkerSymbol.createSimple(
        {"name": "triangle", "color": "#1f3b57", "size": "3", "outline_color": "white"}))
    layers = [hf, outline(gpkg + "|layername=perimeter", "perimeter", "#7a0177", 0.7),
              outline(gpkg + "|layername=buffer_zone", "buffer", "#7a0177", 0.4, "dash"), com]
    e = zones.extent()
    e.grow(300.0)
    png = render_zones(
        zones, dem, os.path.join(out, "influence_zones.png"),
        "Zones d'influence des chevalements (rayon {:.0f} km, bâti compris)".format(ctx["radius"] / 1000),
        layers, note="D'où chaque chevalement est vu, par bande de distance (la plus proche par-dessus). "
                     "Triangles : chevalements ; violet : Bien (trait plein) et zone tampon (tirets) ; "
                     "pointillés : communes (fictives, d'après les cités).",
        extent=QgsRectangle(e))

    # visible area with the buildings (here) vs bare ground (the demo's vigie:ztv)
    table = list(QgsVectorLayer(res["OUTPUT_ELEMENTS"], "t", "ogr").getFeatures())
    ztv = {f["element_id"]: float(f["visible_area_ha"])
           for f in QgsVectorLayer(ctx["ztv"]["OUTPUT_TABLE"], "z", "ogr").getFeatures()}
    per_element = {}
    for f in table:
        d = per_element.setdefault(f["element_id"], {"name": f["name"], "visible_ha_with_buildings":
                                                     round(float(f["element_visible_ha"]), 1),
                                                     "visible_ha_bare_ground": round(ztv.get(f["element_id"], 0.0), 1),
                                                     "bands": {}})
        d["bands"][f["band"]] = {"visible_ha": round(float(f["visible_ha"]), 1),
                                 "share": round(float(f["visible_share"]), 3),
                                 "bien_ha": round(float(f["bien_ha"]), 1)}
    com_rows = list(QgsVectorLayer(res["OUTPUT_COMMUNES"], "c", "ogr").getFeatures())
    return {
        "surface_model": os.path.relpath(surf, ctx["out_dir"]),
        "surface_seconds": round(t_surface, 1),
        "influence_zones_seconds": round(t_zones, 1),
        "polygons": zones.featureCount(),
        "headframes": per_element,
        "communes_concerned": sorted({f["commune"] for f in com_rows}),
        "quicklook": os.path.relpath(png, ctx["out_dir"]),
        "outputs": {k: os.path.relpath(v, ctx["out_dir"]) for k, v in res.items()},
    }
