"""Benchmark of the PDF fiches: vigie:exportfiches against a QGIS Atlas print layout, side by side.

Usage: python scripts/benches/fiches.py OUT_DIR [N_FICHES]

A survey of N fiches (default 100; the sample landscape's cités, numbered copies beyond its
count) is written with 4 photos of 2048 × 1536 px per fiche (distinct files) and 4
préconisations. In the same run:

* Vigie: ``vigie:exportfiches`` in combined mode (one PDF, cover + table of contents +
  bookmarks, two layout passes), maps rendered by QGIS at 200 dpi with hillshade, elements,
  perimeter, buffer zone, buildings and cités;
* Atlas: what a QGIS user would build by hand — a ``QgsPrintLayout`` of two A4 pages per fiche
  (title, atlas-driven map with the same layers and hillshade, scale bar, north arrow, the 4
  photos as data-defined pictures, the identification, the fiche's sections and the
  préconisations as text labels), exported with ``QgsLayoutExporter.exportToPdf`` over
  ``QgsLayoutAtlas`` at 200 dpi into one PDF.

Both run warm (a 3-fiche export first). Reported: seconds, seconds per fiche, the ratio
Atlas / Vigie, pages, PDF sizes. Writes OUT_DIR/fiches_bench.json and .md.
"""

import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
PLUGIN_PATH = os.path.join(ROOT, ".pluginpath")
QGIS_PYTHON_PLUGINS = "/usr/share/qgis/python/plugins"


def start_qgis():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for p in (PLUGIN_PATH, QGIS_PYTHON_PLUGINS):
        if p not in sys.path:
            sys.path.insert(0, p)
    from qgis.core import QgsApplication

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    import processing  # noqa: F401
    from processing.core.Processing import Processing

    Processing.initialize()
    import vigie

    plugin = vigie.classFactory(None)
    plugin.initProcessing()
    return app, plugin


def pages(pdf: str) -> int:
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def run_vigie(survey_gpkg: str, sample: dict, out: str, count_check: int) -> dict:
    import processing

    g = sample["gpkg"]
    params = {"SURVEY": survey_gpkg, "MODE": 1, "OUTPUT_FOLDER": out, "DPI": 200,
              "ELEMENTS": g + "|layername=elements", "PERIMETER": g + "|layername=perimeter",
              "BUFFER_ZONE": g + "|layername=buffer_zone", "BUILDINGS": g + "|layername=buildings",
              "DEM": sample["dem"]}
    t = time.perf_counter()
    res = processing.run("vigie:exportfiches", params)
    dt = time.perf_counter() - t
    assert res["SHEETS"] == count_check, res
    pdf = res["FILES"][0]
    return {"seconds": dt, "pdf": pdf, "bytes": os.path.getsize(pdf), "pages": pages(pdf)}


def atlas_layer(survey_gpkg: str):
    """The atlas coverage: one feature per fiche, the cité's polygon, texts and photo paths."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    from vigie.core.pdf import fiche_data

    sv = fiche_data.load_survey(survey_gpkg)
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:2154", "fiches", "memory")
    names = ["nom", "sous_titre", "ident", "body", "photo1", "photo2", "photo3", "photo4", "legendes"]
    layer.dataProvider().addAttributes([QgsField(n, QVariant.String) for n in names])
    layer.updateFields()
    feats = []
    records = sorted(sv.fiches, key=lambda r: (sv.cites[r["cite_uuid"]]["nom"], r["date_visite"] or ""))
    for rec in records:
        d = fiche_data.sheet_data(sv, rec)
        f = QgsFeature(layer.fields())
        g = QgsGeometry()
        g.fromWkb(bytes(sv.cites[rec["cite_uuid"]]["wkb"]))
        f.setGeometry(g)
        body = []
        for tab, rows in d["sections"]:
            body.append(tab.upper())
            body += ["{} : {}".format(lab, val or "non renseigné") for lab, val in rows]
        body.append("ÉTAT PAR COMPOSANTE")
        body += ["{} : {} (précédente : {})".format(s["label"], s["value"] or "non renseigné",
                                                   s["previous_value"] or "—") for s in d["scores"]]
        body.append("PRÉCONISATIONS")
        body += ["{}. {} — {} — {} — {} — {}".format(i + 1, p["theme"], p["action"], p["text"], p["instrument"],
                                                    p["priority"]) for i, p in enumerate(d["preconisations"])]
        photos = [p["path"] for p in d["photos"]][:4] + [""] * 4
        f.setAttributes([d["cite_name"], "{} · {}".format(d["communes"], d["unesco"]),
                         "\n".join("{} : {}".format(lab, val or "non renseigné") for lab, val in d["cite_rows"]),
                         "\n".join(body)] + photos[:4] +
                        ["\n".join("{}. {}".format(p["number"], p["caption"]) for p in d["photos"])])
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer, len(feats)


def run_atlas(survey_gpkg: str, sample: dict, out: str) -> dict:
    from qgis.core import (
        QgsHillshadeRenderer,
        QgsLayoutExporter,
        QgsLayoutItemLabel,
        QgsLayoutItemMap,
        QgsLayoutItemPage,
        QgsLayoutItemPicture,
        QgsLayoutItemScaleBar,
        QgsLayoutObject,
        QgsLayoutPoint,
        QgsLayoutSize,
        QgsPrintLayout,
        QgsProject,
        QgsProperty,
        QgsRasterLayer,
        QgsUnitTypes,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtGui import QFont

    project = QgsProject.instance()
    project.clear()
    g = sample["gpkg"]
    layers = [QgsVectorLayer(g + "|layername=" + n, n, "ogr") for n in ("elements", "cites", "buildings",
                                                                        "perimeter", "buffer_zone")]
    from qgis.core import QgsScaleBarSettings, QgsSingleSymbolRenderer, QgsWkbTypes

    from vigie.processing.maprender import _label, _symbol

    for lyr in layers:  # the same symbology as Vigie's maps
        key = "cites" if lyr.name() == "cites" else lyr.name()
        gtype = lyr.geometryType() if lyr.geometryType() in (0, 1, 2) else QgsWkbTypes.PolygonGeometry
        lyr.setRenderer(QgsSingleSymbolRenderer(_symbol(key, gtype)))
    _label(layers[0], "name")
    dem = QgsRasterLayer(sample["dem"], "dem")
    dem.setRenderer(QgsHillshadeRenderer(dem.dataProvider(), 1, 315.0, 45.0))
    dem.setOpacity(0.45)
    coverage, n = atlas_layer(survey_gpkg)
    coverage.setRenderer(QgsSingleSymbolRenderer(_symbol("cite", QgsWkbTypes.PolygonGeometry)))
    project.addMapLayers(layers + [dem, coverage])
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.pageCollection().page(0).setPageSize("A4", QgsLayoutItemPage.Portrait)
    page2 = QgsLayoutItemPage(layout)
    page2.setPageSize("A4", QgsLayoutItemPage.Portrait)
    layout.pageCollection().addPage(page2)
    mm = QgsUnitTypes.LayoutMillimeters

    def label(text, x, y, w, h, size, page=0, bold=False):
        item = QgsLayoutItemLabel(layout)
        item.setText(text)
        font = QFont("DejaVu Sans", size)
        font.setBold(bold)
        item.setFont(font)
        layout.addLayoutItem(item)
        item.attemptMove(QgsLayoutPoint(x, y, mm), page=page)
        item.attemptResize(QgsLayoutSize(w, h, mm))
        return item

    label('[% "nom" %]', 16, 14, 178, 10, 18, bold=True)
    label('[% "sous_titre" %]', 16, 25, 178, 6, 10)
    mp = QgsLayoutItemMap(layout)
    layout.addLayoutItem(mp)
    mp.attemptMove(QgsLayoutPoint(16, 34, mm))
    mp.attemptResize(QgsLayoutSize(104, 92, mm))
    mp.setLayers([coverage] + layers + [dem])
    mp.setCrs(coverage.crs())
    mp.setFrameEnabled(True)
    mp.setAtlasDriven(True)
    mp.setAtlasScalingMode(QgsLayoutItemMap.Auto)
    mp.setAtlasMargin(0.25)
    sb = QgsLayoutItemScaleBar(layout)
    sb.setStyle("Single Box")
    sb.setLinkedMap(mp)
    sb.setUnits(QgsUnitTypes.DistanceMeters)
    sb.setNumberOfSegments(2)
    sb.setNumberOfSegmentsLeft(0)
    sb.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeFitWidth)
    sb.setMinimumBarWidth(20)
    sb.setMaximumBarWidth(40)
    sb.setUnitLabel("m")
    layout.addLayoutItem(sb)
    sb.attemptMove(QgsLayoutPoint(18, 116, mm))
    north = QgsLayoutItemPicture(layout)
    north.setPicturePath("/usr/share/qgis/svg/arrows/NorthArrow_02.svg")
    north.setLinkedMap(mp)
    layout.addLayoutItem(north)
    north.attemptMove(QgsLayoutPoint(108, 36, mm))
    north.attemptResize(QgsLayoutSize(10, 10, mm))
    label('[% "ident" %]', 124, 34, 70, 92, 7)
    for i in range(4):
        pic = QgsLayoutItemPicture(layout)
        pic.setResizeMode(QgsLayoutItemPicture.Zoom)
        pic.dataDefinedProperties().setProperty(QgsLayoutObject.PictureSource,
                                                QgsProperty.fromField("photo{}".format(i + 1)))
        layout.addLayoutItem(pic)
        pic.attemptMove(QgsLayoutPoint(16 + (i % 2) * 92, 132 + (i // 2) * 70, mm))
        pic.attemptResize(QgsLayoutSize(86, 62, mm))
    label('[% "legendes" %]', 16, 272, 178, 14, 7)
    label('[% "body" %]', 16, 14, 178, 265, 7, page=1)
    atlas = layout.atlas()
    atlas.setCoverageLayer(coverage)
    atlas.setEnabled(True)
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = 200
    pdf = os.path.join(out, "atlas.pdf")
    os.makedirs(out, exist_ok=True)
    t = time.perf_counter()
    result, error = QgsLayoutExporter.exportToPdf(atlas, pdf, settings)
    dt = time.perf_counter() - t
    assert result == QgsLayoutExporter.Success, error
    return {"seconds": dt, "pdf": pdf, "bytes": os.path.getsize(pdf), "pages": pages(pdf), "fiches": n}


def main(out_root: str, n: int = 100) -> int:
    app, plugin = start_qgis()
    import pdf_survey

    from vigie.core import landscape

    out = os.path.join(out_root, "fiches")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    sample = landscape.generate(os.path.join(out, "sample"), small=True)
    t = time.perf_counter()
    survey = pdf_survey.make_survey(os.path.join(out, "survey"), sample["gpkg"], cites=n, photos=4,
                                    photo_size=(2048, 1536), previous_for_first=False)
    print("survey of {} fiches written in {:.1f} s".format(n, time.perf_counter() - t))
    warm = pdf_survey.make_survey(os.path.join(out, "warm"), sample["gpkg"], cites=3, photos=4,
                                  previous_for_first=False)
    run_vigie(warm["gpkg"], sample, os.path.join(out, "warm_vigie"), 3)
    run_atlas(warm["gpkg"], sample, os.path.join(out, "warm_atlas"))
    vigie = run_vigie(survey["gpkg"], sample, os.path.join(out, "vigie"), n)
    print("vigie: {:.1f} s".format(vigie["seconds"]))
    atlas = run_atlas(survey["gpkg"], sample, os.path.join(out, "atlas"))
    print("atlas: {:.1f} s".format(atlas["seconds"]))
    report = {
        "fiches": n, "photos_per_fiche": 4, "photo_px": [2048, 1536], "dpi": 200,
        "vigie": {k: v for k, v in vigie.items() if k != "pdf"},
        "atlas": {k: v for k, v in atlas.items() if k != "pdf"},
        "vigie_s_per_fiche": vigie["seconds"] / n,
        "atlas_s_per_fiche": atlas["seconds"] / n,
        "ratio_atlas_over_vigie": atlas["seconds"] / vigie["seconds"],
        "size_ratio_atlas_over_vigie": atlas["bytes"] / float(vigie["bytes"]),
        "photos_bytes_on_disk": sum(os.path.getsize(os.path.join(out, "survey", "DCIM", f))
                                    for f in os.listdir(os.path.join(out, "survey", "DCIM"))),
    }
    report["targets_met"] = {"no_slower_than_atlas": report["ratio_atlas_over_vigie"] >= 1.0,
                             "under_1_s_per_fiche": report["vigie_s_per_fiche"] < 1.0}
    with open(os.path.join(out_root, "fiches_bench.json"), "w") as fh:
        json.dump(report, fh, indent=2)
    md = [
        "# PDF fiches: vigie:exportfiches vs QGIS Atlas ({} fiches, map + 4 photos each, 200 dpi)".format(n),
        "",
        "| | seconds | s / fiche | pages | PDF size |",
        "|---|---:|---:|---:|---:|",
        "| Vigie (combined, TOC, bookmarks) | {:.1f} | {:.2f} | {} | {:.1f} MB |".format(
            vigie["seconds"], report["vigie_s_per_fiche"], vigie["pages"], vigie["bytes"] / 1e6),
        "| QGIS Atlas (2-page layout) | {:.1f} | {:.2f} | {} | {:.1f} MB |".format(
            atlas["seconds"], report["atlas_s_per_fiche"], atlas["pages"], atlas["bytes"] / 1e6),
        "",
        "Atlas / Vigie time ratio: **{:.2f}** (> 1: Vigie faster); size ratio {:.2f}. Photos on disk: {:.0f} MB.".format(
            report["ratio_atlas_over_vigie"], report["size_ratio_atlas_over_vigie"],
            report["photos_bytes_on_disk"] / 1e6),
        "Targets: no slower than the Atlas: {}; under 1 s per fiche: {}.".format(
            report["targets_met"]["no_slower_than_atlas"], report["targets_met"]["under_1_s_per_fiche"]),
    ]
    with open(os.path.join(out_root, "fiches_bench.md"), "w") as fh:
        fh.write("\n".join(md) + "\n")
    print("\n".join(md))
    shutil.rmtree(os.path.join(out, "survey", "DCIM"), ignore_errors=True)  # 100+ MB of generated photos
    plugin.unload()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100))
