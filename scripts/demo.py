"""make demo: build the sample landscape, run the main job end to end, write outputs and a summary.

Usage: python scripts/demo.py OUT_DIR   (DEMO_RADIUS=metres to change the ZTV radius)

After the ZTV, every ``scripts/demo_steps/*.py`` runs in file-name order: each has
``run(ctx) -> dict`` where ctx holds out_dir, dem, gpkg (the sample GeoPackage), ztv (the
vigie:ztv result dict), radius, feedback and summary; the dict it returns goes into
summary.json under the step's name. Steps write under ``ctx["out_dir"]/<topic>/``.
"""

import glob
import importlib.util
import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qgis_env  # noqa: E402


def main(out_dir: str) -> int:
    t0 = time.time()
    app, plugin = qgis_env.start()
    import processing
    from qgis.core import QgsProcessingFeedback, QgsVectorLayer
    from quicklook import render

    class Log(QgsProcessingFeedback):
        def pushInfo(self, m):  # noqa: N802
            print("  " + m)

        def pushWarning(self, m):  # noqa: N802
            print("  ! " + m)

        def reportError(self, m, fatalError=False):  # noqa: N802
            print("  ERROR " + m)

    os.makedirs(out_dir, exist_ok=True)
    sample_dir = os.path.join(out_dir, "sample")
    if os.path.isdir(sample_dir):
        shutil.rmtree(sample_dir)
    print("1/3 Sample landscape -> {}".format(sample_dir))
    res = processing.run("vigie:samplelandscape", {"OUTPUT_FOLDER": sample_dir}, feedback=Log())
    dem, gpkg = res["DEM"], res["GPKG"]
    radius = float(os.environ.get("DEMO_RADIUS", "4000"))
    ztv_dir = os.path.join(out_dir, "ztv")
    os.makedirs(ztv_dir, exist_ok=True)
    print("2/3 vigie:ztv of the sample elements (radius {:.0f} m)".format(radius))
    t1 = time.time()
    ztv = processing.run("vigie:ztv", {
        "DEM": dem,
        "ELEMENTS": gpkg + "|layername=elements",
        "RADIUS": radius,
        "SPACING": 250.0,
        "OUTPUT_COUNT": os.path.join(ztv_dir, "ztv_count.tif"),
        "OUTPUT_HEIGHT": os.path.join(ztv_dir, "ztv_admissible_height.tif"),
        "OUTPUT_ZONES": os.path.join(ztv_dir, "ztv_zones.gpkg"),
        "OUTPUT_TABLE": os.path.join(ztv_dir, "ztv_summary.csv"),
    }, feedback=Log())
    t_ztv = time.time() - t1
    print("3/3 Quicklooks")
    from qgis.core import QgsFillSymbol, QgsLineSymbol, QgsMarkerSymbol

    def layer(name, geometry_type, symbol):
        lyr = QgsVectorLayer("{}|layername={}|geometrytype={}".format(gpkg, name, geometry_type), name, "ogr")
        lyr.renderer().setSymbol(symbol)
        return lyr

    elements = [
        layer("elements", "Point", QgsMarkerSymbol.createSimple(
            {"name": "circle", "color": "#1f3b57", "size": "2.2", "outline_color": "white"})),
        layer("elements", "LineString", QgsLineSymbol.createSimple({"color": "#1f3b57", "width": "0.6"})),
        layer("elements", "Polygon", QgsFillSymbol.createSimple(
            {"color": "0,0,0,0", "outline_color": "#1f3b57", "outline_width": "0.5"})),
        layer("perimeter", "MultiPolygon", QgsFillSymbol.createSimple(
            {"color": "0,0,0,0", "outline_color": "#7a0177", "outline_width": "0.7"})),
        layer("buffer_zone", "MultiPolygon", QgsFillSymbol.createSimple(
            {"color": "0,0,0,0", "outline_color": "#7a0177", "outline_width": "0.4", "outline_style": "dash"})),
    ]
    png1 = render(ztv["OUTPUT_COUNT"], dem, os.path.join(out_dir, "ztv_count.png"),
                  "Nombre d'éléments inscrits visibles (rayon {:.0f} km, œil à 1,6 m)".format(radius / 1000), elements)
    png2 = render(ztv["OUTPUT_HEIGHT"], dem, os.path.join(out_dir, "ztv_admissible_height.png"),
                  "Hauteur admissible d'une construction nouvelle sans être vue des éléments", elements)

    import numpy as np
    from osgeo import gdal

    ds = gdal.Open(ztv["OUTPUT_COUNT"])
    count = ds.GetRasterBand(1).ReadAsArray()
    valid = count != 65535
    cell_ha = abs(ds.GetGeoTransform()[1] * ds.GetGeoTransform()[5]) / 10000.0
    hd = gdal.Open(ztv["OUTPUT_HEIGHT"])
    h = hd.GetRasterBand(1).ReadAsArray()
    zones = QgsVectorLayer(ztv["OUTPUT_ZONES"], "zones", "ogr")
    top = sorted(((f["visible_area_ha"], f["name"], f["max_distance_m"]) for f in zones.getFeatures()), reverse=True)
    summary = {
        "elements": int(QgsVectorLayer(ztv["OUTPUT_TABLE"], "t", "ogr").featureCount()),
        "radius_m": radius,
        "ztv_seconds": round(t_ztv, 1),
        "area_analysed_ha": round(float(valid.sum()) * cell_ha, 1),
        "area_seeing_at_least_one_element_ha": round(float((valid & (count > 0)).sum()) * cell_ha, 1),
        "max_elements_seen_from_one_cell": int(count[valid].max()),
        "area_where_admissible_height_below_10m_ha": round(float(((h >= 0) & (h < 10)).sum()) * cell_ha, 1),
        "most_visible_elements": [{"name": n, "visible_area_ha": a, "max_distance_m": d} for a, n, d in top[:5]],
        "outputs": {k: os.path.relpath(v, out_dir) for k, v in ztv.items()},
        "quicklooks": [os.path.relpath(png1, out_dir), os.path.relpath(png2, out_dir)],
        "total_seconds": round(time.time() - t0, 1),
    }
    ds = hd = None
    with open(os.path.join(out_dir, "summary.json"), "w", encoding="utf-8") as fh:
        json.dump(summary, fh, ensure_ascii=False, indent=2)
    lines = [
        "Vigie — démonstration sur le paysage minier d'exemple",
        "Éléments : {elements} ; rayon : {radius_m:.0f} m ; calcul ZVT : {ztv_seconds} s".format(**summary),
        "Surface analysée : {area_analysed_ha} ha, dont {area_seeing_at_least_one_element_ha} ha d'où au moins "
        "un élément est visible ; jusqu'à {max_elements_seen_from_one_cell} éléments visibles d'un même point.".format(**summary),
        "Surface où une construction de plus de 10 m serait vue : {area_where_admissible_height_below_10m_ha} ha.".format(**summary),
        "Éléments les plus visibles :",
    ] + ["  - {name} : {visible_area_ha} ha, jusqu'à {max_distance_m:.0f} m".format(**e) for e in summary["most_visible_elements"]]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out_dir, "summary.txt"), "w", encoding="utf-8") as fh:
        fh.write(text)
    print(text)
    ctx = {"out_dir": out_dir, "dem": dem, "gpkg": gpkg, "ztv": ztv, "radius": radius,
           "feedback": Log(), "summary": summary}
    for path in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo_steps", "*.py"))):
        name = os.path.splitext(os.path.basename(path))[0]
        print("+ {}".format(name))
        t2 = time.time()
        spec = importlib.util.spec_from_file_location("demo_step_" + name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        summary[name] = mod.run(ctx) or {}
        summary[name]["seconds"] = round(time.time() - t2, 1)
    summary["total_seconds"] = round(time.time() - t0, 1)
    with open(os.path.join(out_dir, "summary.json"), "w", encoding="utf-8") as fh:
        json.dump(summary, fh, ensure_ascii=False, indent=2)
    print("Outputs under {}".format(os.path.abspath(out_dir)))
    plugin.unload()
    del np
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "demo-output"))
