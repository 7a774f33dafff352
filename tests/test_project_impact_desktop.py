"""vigie:projectimpact in a real QGIS desktop (French, under Xvfb): the dialog, and a run loaded
into the project with the grade styles (screenshots kept under test-output/)."""

import os

from qgis_run import run_desktop


def test_dialog_and_styled_outputs_in_french(tmp_path, out_dir, sample_small):
    dialog_png = os.path.join(out_dir, "projectimpact_dialog_fr.png")
    map_png = os.path.join(out_dir, "projectimpact_map_fr.png")
    gpkg = sample_small["gpkg"]
    params = {"DEM": sample_small["dem"], "PROJECTS": gpkg + "|layername=projects",
              "ELEMENTS": gpkg + "|layername=elements", "HEIGHT_FIELD": "height_m",
              "PERIMETER": gpkg + "|layername=perimeter", "BUFFER_ZONE": gpkg + "|layername=buffer_zone",
              "VIEWPOINTS": gpkg + "|layername=viewpoints", "DISTANCE_BANDS": "2000, 5000, 10000",
              "GRADE_THRESHOLDS": "0/5/20; 0/15/50; 5/40/120",
              "OUTPUT": str(tmp_path / "rows.gpkg"), "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg"),
              "OUTPUT_COVISIBILITY": str(tmp_path / "covis.gpkg"), "OUTPUT_ZTV": str(tmp_path / "ztv.tif")}
    body = """
from qgis.PyQt.QtWidgets import QApplication
from qgis.core import QgsProject, QgsCategorizedSymbolRenderer
import processing
dlg = processing.createAlgorithmDialog('vigie:projectimpact')
dlg.resize(1100, 900)
dlg.show()
for _ in range(20):
    QApplication.processEvents()
result['title'] = dlg.windowTitle()
dlg.grab().save(%r)
dlg.close()
result['menu'] = [a.text() for a in iface.mainWindow().findChild(__import__('qgis.PyQt.QtWidgets', fromlist=['QMenu']).QMenu, 'VigieMenu').actions()]
res = processing.runAndLoadResults('vigie:projectimpact', %r)
layers = {l.source().split('|')[0]: l for l in QgsProject.instance().mapLayers().values()}
rows = layers[%r]
summ = layers[%r]
result['rows_renderer'] = rows.renderer().type()
result['rows_labels'] = [c.label() for c in rows.renderer().categories()]
result['summary_labels'] = [c.label() for c in summ.renderer().categories()]
result['n_rows'] = rows.featureCount()
ztv = layers[%r]
result['ztv_renderer'] = ztv.renderer().type()
ztv_node = QgsProject.instance().layerTreeRoot().findLayer(ztv.id())
ztv_node.parent().insertChildNode(-1, ztv_node.clone())
ztv_node.parent().removeChildNode(ztv_node)
canvas = iface.mapCanvas()
canvas.setExtent(rows.extent())
canvas.refresh()
for _ in range(60):
    QApplication.processEvents()
    import time; time.sleep(0.05)
iface.mainWindow().grab().save(%r)
""" % (dialog_png, params, params["OUTPUT"], params["OUTPUT_SUMMARY"], params["OUTPUT_ZTV"], map_png)
    result = run_desktop(str(tmp_path / "profiles"), body, str(tmp_path / "result.json"), locale="fr", timeout=300)
    assert "error" not in result, result.get("error")
    assert "Impact des projets sur les vues" in result["title"]
    assert "Impact des projets…" in result["menu"]
    assert result["rows_renderer"] == "categorizedSymbol"
    assert result["rows_labels"] == ["Négligeable", "Faible", "Modéré", "Fort"]
    assert result["summary_labels"] == ["Négligeable", "Faible", "Modéré", "Fort"]
    assert result["n_rows"] > 100
    assert result["ztv_renderer"] == "singlebandpseudocolor"
    assert os.path.getsize(dialog_png) > 10000 and os.path.getsize(map_png) > 10000
