"""Demo step: the impact of the sample projects (4 wind turbines, 2 warehouses, a housing scheme)
on the views of and from the sample elements (vigie:projectimpact), with the remarkable
viewpoints and their view cones, and one French impact sheet (PDF) per project.
Writes under out_dir/impact/.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(ctx) -> dict:
    import processing
    from qgis.core import QgsVectorLayer

    from vigie.core import impact, impact_rules

    out = os.path.join(ctx["out_dir"], "impact")
    os.makedirs(out, exist_ok=True)
    dem, gpkg, fb = ctx["dem"], ctx["gpkg"], ctx["feedback"]
    t0 = time.time()
    res = processing.run("vigie:projectimpact", {
        "DEM": dem, "PROJECTS": gpkg + "|layername=projects", "PROJECT_ID_FIELD": "id",
        "PROJECT_HEIGHT_FIELD": "height_m", "HUB_HEIGHT_FIELD": "hub_height_m",
        "ELEMENTS": gpkg + "|layername=elements", "ID_FIELD": "id", "HEIGHT_FIELD": "height_m",
        "PERIMETER": gpkg + "|layername=perimeter", "BUFFER_ZONE": gpkg + "|layername=buffer_zone",
        "VIEWPOINTS": gpkg + "|layername=viewpoints",
        # range 10 km for the demo (20 km by default): the sample landscape is 20 x 12 km
        "DISTANCE_BANDS": os.environ.get("DEMO_IMPACT_BANDS", "2000, 4000, 7000, 10000"),
        "OUTPUT": os.path.join(out, "impact_table.gpkg"),
        "OUTPUT_SUMMARY": os.path.join(out, "impact_summary.gpkg"),
        "OUTPUT_COVISIBILITY": os.path.join(out, "covisibility.gpkg"),
        "OUTPUT_ZTV": os.path.join(out, "projects_ztv.tif"),
        "OUTPUT_SHEETS": out}, feedback=fb)
    seconds = time.time() - t0
    summ = QgsVectorLayer(res["OUTPUT_SUMMARY"], "s", "ogr")
    lines = []
    for f in summ.getFeatures():
        lines.append("  {} {} ({}) : niveau le plus élevé {} ; {} fort(s), {} modéré(s) ; ZVT {:.1f} km²".format(
            f["project_id"], f["project_name"], impact.LOCATIONS_FR[f["location"]],
            impact_rules.GRADES_FR[f["worst_grade"]], f["n_major"],
            f["n_moderate"], f["ztv_km2"]))
    sheets = sorted(x for x in os.listdir(out) if x.endswith(".pdf"))
    text = "Impact des projets (vigie:projectimpact, {:.0f} s) : {} fiches PDF dans impact/\n{}".format(
        seconds, len(sheets), "\n".join(lines))
    return {"seconds": round(seconds, 1), "sheets": sheets, "table": res["OUTPUT"], "summary_text": text}
