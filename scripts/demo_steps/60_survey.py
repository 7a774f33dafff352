"""Demo step: a field survey of the sample cités, two fiches filled with photos and préconisations, checked."""

import glob
import os
import shutil


def run(ctx: dict) -> dict:
    import processing

    from vigie.core import survey_sample

    out = os.path.join(ctx["out_dir"], "survey")
    if os.path.isdir(out):
        shutil.rmtree(out)
    res = processing.run("vigie:createsurvey", {
        "CITES": ctx["gpkg"] + "|layername=cites",
        "VISIBILITY_ZONES": ctx["ztv"]["OUTPUT_ZONES"],
        "OUTPUT_FOLDER": out,
    }, feedback=ctx["feedback"])
    photos = sorted(glob.glob(os.path.join(os.path.dirname(ctx["gpkg"]), "photos", "*.jpg")))
    filled = survey_sample.fill_sample_fiches(out, photos, count=2)
    check = processing.run("vigie:checksurvey", {
        "SURVEY": out, "OUTPUT": os.path.join(ctx["out_dir"], "survey_check.csv")}, feedback=ctx["feedback"])
    print("  survey: {} -> {} fiches, {} problem(s)".format(res["PROJECT"], len(filled), check["PROBLEMS"]))
    return {"project": os.path.relpath(res["PROJECT"], ctx["out_dir"]),
            "fiches": [f["cite"] for f in filled], "problems": check["PROBLEMS"]}
