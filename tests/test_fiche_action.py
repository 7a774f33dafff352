""""Export the fiche as PDF" in a real QGIS desktop under Xvfb: the action appears on fiche layers only,
exports the current fiche with the project's reference layers, and goes away when the plugin unloads."""

import os
import subprocess

import pdf_survey

BODY = r'''
import os
import qgis.utils
from qgis.core import QgsProject, QgsVectorLayer, QgsRasterLayer
from qgis.gui import QgsGui
from qgis.PyQt.QtWidgets import QApplication
fiche = QgsVectorLayer(GPKG + "|layername=fiche", "Fiches patrimoine", "ogr")
cite = QgsVectorLayer(GPKG + "|layername=cite", "Cités minières", "ogr")
refs = [QgsVectorLayer(SAMPLE + "|layername=" + n, n, "ogr") for n in ("elements", "perimeter", "buffer_zone", "buildings")]
QgsProject.instance().addMapLayers([fiche, cite] + refs + [QgsRasterLayer(DEM, "dem")])
plugin = qgis.utils.plugins["vigie"]
plugin.fiche_actions.open_pdf = False
reg = QgsGui.mapLayerActionRegistry()
result["fiche_actions"] = [a.objectName() for a in reg.mapLayerActions(fiche)]
result["cite_actions"] = [a.objectName() for a in reg.mapLayerActions(cite)]
feat = [f for f in fiche.getFeatures() if f["uuid"] == UUID][0]
action = [a for a in reg.mapLayerActions(fiche) if a.objectName() == "vigie_export_fiche_pdf"][0]
result["text"] = action.text()
action.triggerForFeature(fiche, feat)
result["last"] = {k: (v if isinstance(v, (str, int, float, list)) else str(v)) for k, v in (plugin.fiche_actions.last_result or {}).items()}
iface.showAttributeTable(fiche)
QApplication.processEvents()
iface.mainWindow().grab().save(SHOT)
import processing
dlg = processing.createAlgorithmDialog("vigie:exportfiches")
dlg.resize(900, 760)
dlg.show()
QApplication.processEvents()
dlg.grab().save(DIALOG_SHOT)
result["dialog_title"] = dlg.windowTitle()
dlg.close()
qgis.utils.unloadPlugin("vigie")
result["after_unload"] = [a.objectName() for a in reg.mapLayerActions(fiche)]
'''


def test_export_action_on_fiche_layer_in_desktop(sample_small, tmp_path, out_dir):
    from qgis_run import run_desktop

    folder = str(tmp_path / "survey")
    info = pdf_survey.make_survey(folder, sample_small["gpkg"], cites=2, photos=2)
    shot = os.path.join(out_dir, "desktop.png")
    dialog_shot = os.path.join(out_dir, "dialog.png")
    body = "GPKG = {!r}\nSAMPLE = {!r}\nDEM = {!r}\nUUID = {!r}\nSHOT = {!r}\nDIALOG_SHOT = {!r}\n".format(
        info["gpkg"], sample_small["gpkg"], sample_small["dem"], info["fiches"][1], shot, dialog_shot) + BODY
    out = run_desktop(str(tmp_path / "profiles"), body, str(tmp_path / "result.json"), locale="fr")
    assert "error" not in out, out.get("error")
    assert out["fiche_actions"].count("vigie_export_fiche_pdf") == 1
    assert "vigie_export_fiche_pdf" not in out["cite_actions"]
    assert out["text"] == "Exporter la fiche en PDF"
    files = out["last"]["FILES"]
    assert len(files) == 1 and files[0].startswith(os.path.join(folder, "PDF") + os.sep)
    assert out["last"]["SHEETS"] == 1 and out["last"]["PROBLEMS"] == 0
    text = subprocess.run(["pdftotext", files[0], "-"], capture_output=True, text=True, check=True).stdout
    assert info["cites"][1] in text and info["cites"][0] not in text
    images = subprocess.run(["pdfimages", "-list", files[0]], capture_output=True, text=True, check=True).stdout
    assert len(images.splitlines()) - 2 == 3  # the map and two photos
    assert out["after_unload"] == []
    assert os.path.getsize(shot) > 10000
    assert out["dialog_title"] == "Exporter les fiches en PDF" and os.path.getsize(dialog_shot) > 10000
