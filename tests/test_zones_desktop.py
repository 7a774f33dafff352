"""vigie:influencezones in a real QGIS desktop (French, under Xvfb): the dialog, and a run
loaded into the project with the band style and its legend (screenshots kept under test-output/)."""

import os

from test_influence_zones import BANDS, RADIUS, hand  # noqa: F401 - the fixture

from qgis_run import run_desktop


def test_dialog_and_styled_result_in_french(tmp_path, out_dir, sample_small, hand):  # noqa: F811
    dialog_png = os.path.join(out_dir, "influencezones_dialog_fr.png")
    map_png = os.path.join(out_dir, "influencezones_map_fr.png")
    params = {"DEM": sample_small["dem"], "ELEMENTS": hand["elements"], "PERIMETER": hand["perimeter"],
              "BUFFER_ZONE": hand["buffer"], "COMMUNES": hand["communes"], "BANDS": BANDS, "RADIUS": RADIUS,
              "ACCURACY": 0, "OUTPUT": str(tmp_path / "zones.gpkg")}
    body = """
from qgis.PyQt.QtWidgets import QApplication
from qgis.core import QgsProject, QgsCategorizedSymbolRenderer
import processing
dlg = processing.createAlgorithmDialog('vigie:influencezones')
dlg.resize(1100, 850)
dlg.show()
for _ in range(20):
    QApplication.processEvents()
result['title'] = dlg.windowTitle()
dlg.grab().save(%r)
dlg.close()
res = processing.runAndLoadResults('vigie:influencezones', %r)
layers = [l for l in QgsProject.instance().mapLayers().values() if l.source().startswith(%r)]
result['loaded'] = len(layers)
lyr = layers[0]
r = lyr.renderer()
result['renderer'] = r.type()
result['labels'] = [c.label() for c in r.categories()] if isinstance(r, QgsCategorizedSymbolRenderer) else []
result['count'] = lyr.featureCount()
model = iface.layerTreeView().layerTreeModel()
node = QgsProject.instance().layerTreeRoot().findLayer(lyr.id())
result['legend'] = [n.data(0) for n in model.layerLegendNodes(node)]
canvas = iface.mapCanvas()
canvas.setExtent(lyr.extent())
canvas.refresh()
for _ in range(60):
    QApplication.processEvents()
    import time; time.sleep(0.05)
iface.mainWindow().grab().save(%r)
""" % (dialog_png, params, params["OUTPUT"], map_png)
    result = run_desktop(str(tmp_path / "profiles"), body, str(tmp_path / "result.json"), locale="fr", timeout=300)
    assert "error" not in result, result.get("error")
    assert "Zones d'influence des éléments" in result["title"]
    assert result["loaded"] == 1 and result["count"] > 10
    assert result["renderer"] == "categorizedSymbol"
    assert result["labels"] == ["0–500 m", "500 m–1 km", "1–2,5 km"]
    assert result["legend"] == result["labels"]  # what the planner reads in the Layers panel
    assert os.path.getsize(dialog_png) > 10000 and os.path.getsize(map_png) > 10000
