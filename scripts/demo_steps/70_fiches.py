"""Demo step: the demo survey's fiches as PDF sheets — one file per cité, one combined file with
a table of contents, and the PLUi annex per commune — under out_dir/fiches/, plus PNG previews."""

import os
import shutil
import subprocess


def run(ctx: dict) -> dict:
    import processing

    survey = os.path.join(ctx["out_dir"], "survey", "survey.qgz")
    if not os.path.exists(os.path.join(ctx["out_dir"], "survey", "survey.gpkg")):
        print("  fiches: no demo survey (step 60_survey), nothing to print")
        return {"skipped": True}
    out = os.path.join(ctx["out_dir"], "fiches")
    if os.path.isdir(out):
        shutil.rmtree(out)
    g = ctx["gpkg"]
    refs = {"ELEMENTS": g + "|layername=elements", "PERIMETER": g + "|layername=perimeter",
            "BUFFER_ZONE": g + "|layername=buffer_zone", "BUILDINGS": g + "|layername=buildings",
            "DEM": ctx["dem"],
            "CREDITS": "Données d'exemple Vigie (paysage minier synthétique) · Enquête de démonstration"}
    summary = {}
    for key, mode, sub in (("per_cite", 0, "par_cite"), ("combined", 1, ""), ("plui_annex", 2, "annexe_plui")):
        res = processing.run("vigie:exportfiches", dict(refs, SURVEY=survey, MODE=mode,
                                                        OUTPUT_FOLDER=os.path.join(out, sub) if sub else out),
                             feedback=ctx["feedback"])
        summary[key] = [os.path.relpath(f, ctx["out_dir"]) for f in res["FILES"]]
        summary[key + "_problems"] = res["PROBLEMS"]
    previews = []
    if shutil.which("pdftoppm") and summary["combined"]:
        pdf = os.path.join(ctx["out_dir"], summary["combined"][0])
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "4", pdf,
                        os.path.join(out, "apercu_fiches")], check=False)
        previews = sorted(f for f in os.listdir(out) if f.startswith("apercu_") and f.endswith(".png"))
    summary["previews"] = [os.path.join("fiches", p) for p in previews]
    print("  fiches: {} per cité, combined {}, {} PLUi annex(es)".format(
        len(summary["per_cite"]), summary["combined"], len(summary["plui_annex"])))
    return summary
