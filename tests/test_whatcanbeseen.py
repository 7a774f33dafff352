"""The map tool "What can be seen from here?" in a real QGIS desktop under Xvfb:
click, list, highlights, profile, PNG export, unload. Screenshots under test-output/."""

import json
import os

import pytest
from osgeo import ogr

from qgis_run import run_desktop

BODY = """
import json, time
from qgis.core import QgsRasterLayer, QgsVectorLayer, QgsProject, QgsPointXY
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QPoint, Qt
from qgis.PyQt.QtWidgets import QApplication, QDockWidget
import qgis.utils

def settle(n=30):
    for _ in range(n):
        QApplication.processEvents()
        time.sleep(0.02)

cfg = json.loads(%(cfg)r)
dem = QgsRasterLayer(cfg['dem'], 'Terrain')
els = QgsVectorLayer(cfg['gpkg'] + '|layername=elements', 'elements', 'ogr')
QgsProject.instance().addMapLayers([dem, els])
canvas = iface.mapCanvas()
canvas.setDestinationCrs(dem.crs())
canvas.setExtent(dem.extent())
canvas.refresh()
settle()
plugin = qgis.utils.plugins['vigie']
plugin.look.action.trigger()
settle()
tool = plugin.look.tool
dock = plugin.look.dock
dock.resize(520, 900)
result['action_text'] = plugin.look.action.text()
result['tool_active'] = canvas.mapTool() is tool
result['action_checked'] = plugin.look.action.isChecked()
result['dem_layer'] = dock.dem_combo.currentLayer().name()
result['elements_layer'] = dock.elements_combo.currentLayer().name()
result['height_field'] = dock.height_combo.currentField()
# a real click (mouse release) at the viewpoint
vp = QgsPointXY(cfg['x'], cfg['y'])
px = canvas.getCoordinateTransform().transform(vp)
ev = QgsMapMouseEvent(canvas, QEvent.MouseButtonRelease, QPoint(int(round(px.x())), int(round(px.y()))), Qt.LeftButton)
tool.canvasReleaseEvent(ev)
settle()
result['status'] = dock.status.text()
result['rows'] = dock.table.rowCount()
result['names'] = [dock.table.item(i, 0).text() for i in range(dock.table.rowCount())]
result['visible_m'] = [float(dock.table.item(i, 3).text()) for i in range(dock.table.rowCount())]
result['heights'] = [float(dock.table.item(i, 4).text()) for i in range(dock.table.rowCount())]
result['seconds'] = tool.last_seconds
result['band_lines'] = tool.lines.numberOfVertices()
result['band_points'] = tool.points.numberOfVertices()
# a click on an element on the map selects its row and draws its profile
k = tool.visible_index[-1]
tp = canvas.getCoordinateTransform().transform(QgsPointXY(tool.scene.x[k], tool.scene.y[k]))
ev = QgsMapMouseEvent(canvas, QEvent.MouseButtonRelease, QPoint(int(round(tp.x())) + 3, int(round(tp.y()))), Qt.LeftButton)
tool.canvasReleaseEvent(ev)
settle()
sel = dock.table.selectionModel().selectedRows()
result['map_pick_row'] = sel[0].row() if sel else None
result['map_pick_expected'] = dock.row_elements.index(k)
result['profile_after_map_pick'] = dock.profile.has_profile
# then a click in the list: the farthest element
dock.table.selectRow(dock.table.rowCount() - 1)
settle()
result['profile'] = dock.profile.has_profile
result['export_enabled'] = dock.export_button.isEnabled()
dock.profile.export_png(cfg['profile_png'])
dock.grab().save(cfg['dock_png'])
canvas.waitWhileRendering()
settle(50)
iface.mainWindow().grab().save(cfg['main_png'])
# a click outside the terrain: a clear message, nothing listed
out = QgsPointXY(cfg['x'] - 1e6, cfg['y'])
result['outside'] = tool.look_from(out).get('error', '')
result['rows_outside'] = dock.table.rowCount()
# unload: tool unset, panel gone
qgis.utils.unloadPlugin('vigie')
settle()
result['after_unload_tool'] = canvas.mapTool() is not None and canvas.mapTool().__class__.__name__ == 'WhatCanBeSeenTool'
docks = [d for d in iface.mainWindow().findChildren(QDockWidget, 'VigieWhatCanBeSeenDock') if d.isVisible()]
result['after_unload_docks'] = len(docks)
"""


def _viewpoint(gpkg, vid):
    ds = ogr.Open(gpkg)
    for f in ds.GetLayerByName("viewpoints"):
        if f["id"] == vid:
            g = f.GetGeometryRef()
            return g.GetX(), g.GetY()
    raise AssertionError(vid)


def test_what_can_be_seen_from_here_in_qgis_desktop(sample_small, tmp_path, out_dir):
    x, y = _viewpoint(sample_small["gpkg"], "V01")
    cfg = dict(dem=sample_small["dem"], gpkg=sample_small["gpkg"], x=x, y=y,
               profile_png=os.path.join(out_dir, "profile.png"), dock_png=os.path.join(out_dir, "panel.png"),
               main_png=os.path.join(out_dir, "qgis_whatcanbeseen.png"))
    result = run_desktop(str(tmp_path / "profiles"), BODY % {"cfg": json.dumps(cfg)}, str(tmp_path / "r.json"),
                         timeout=240)
    assert "error" not in result, result.get("error")
    assert result["action_text"] == "What can be seen from here?"
    assert result["tool_active"] and result["action_checked"]
    assert result["dem_layer"] == "Terrain" and result["elements_layer"] == "elements"
    assert result["height_field"] == "height_m"
    n = result["rows"]
    assert 0 < n < 31, result["status"]
    assert "{} of the".format(n) in result["status"]
    assert all(0 < v <= h + 1e-6 for v, h in zip(result["visible_m"], result["heights"]))
    assert result["band_points"] == n and result["band_lines"] == 2 * n
    assert result["map_pick_row"] == result["map_pick_expected"] and result["profile_after_map_pick"]
    assert result["profile"] and result["export_enabled"]
    assert "outside the terrain model" in result["outside"] and result["rows_outside"] == 0
    assert not result["after_unload_tool"] and result["after_unload_docks"] == 0
    for key in ("profile_png", "dock_png", "main_png"):
        assert os.path.getsize(cfg[key]) > 10000, key


def test_qu_est_ce_qu_on_voit_d_ici_in_french(sample_small, tmp_path, out_dir):
    body = """
import qgis.utils
plugin = qgis.utils.plugins['vigie']
result['action_text'] = plugin.look.action.text()
plugin.look.action.trigger()
result['dock_title'] = plugin.look.dock.windowTitle()
result['header'] = [plugin.look.dock.table.horizontalHeaderItem(i).text() for i in range(5)]
plugin.look.dock.grab().save(%r)
""" % os.path.join(out_dir, "panel_fr.png")
    result = run_desktop(str(tmp_path / "profiles"), body, str(tmp_path / "r.json"), locale="fr")
    assert "error" not in result, result.get("error")
    assert result["action_text"] == "Qu'est-ce qu'on voit d'ici ?"
    assert result["dock_title"] == "Qu'est-ce qu'on voit d'ici ?"
    assert result["header"][0] == "Nom"


def test_scene_reads_windows_of_a_large_dem_with_the_same_answer(qgis_app, vigie_provider, sample_small,
                                                                  monkeypatch):
    """Above WHOLE_DEM_MAX_CELLS the tool reads a window around the click: same answer."""
    import numpy as np
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    from vigie.core import sightline as sl
    from vigie.ui import whatcanbeseen as wcs

    dem = QgsRasterLayer(sample_small["dem"], "dem")
    els = QgsVectorLayer(sample_small["gpkg"] + "|layername=elements", "elements", "ogr")
    whole = wcs.Scene(dem, els, "height_m")
    x, y = _viewpoint(sample_small["gpkg"], "V02")
    a = sl.panorama(whole.terrain_for(x, y, 3000.0), x, y, 1.6, whole.x, whole.y, whole.h, 1 - 1 / 7.0, 3000.0)
    n_whole = whole.terrain.ground.size
    monkeypatch.setattr(wcs, "WHOLE_DEM_MAX_CELLS", 0)
    windowed = wcs.Scene(dem, els, "height_m")
    assert windowed.terrain is None
    t = windowed.terrain_for(x, y, 3000.0)
    assert t.ground.size < n_whole
    b = sl.panorama(t, x, y, 1.6, windowed.x, windowed.y, windowed.h, 1 - 1 / 7.0, 3000.0)
    assert a["visible"].sum() > 0
    np.testing.assert_array_equal(a["visible"], b["visible"])
    np.testing.assert_allclose(a["visible_height"], b["visible_height"], atol=1e-9)
    assert windowed.terrain_for(x + 100.0, y, 3000.0) is t    # a nearby click reuses the window


def test_scene_with_a_surface_model(qgis_app, vigie_provider, sample_small, tmp_path):
    """A surface model (a 60 m screen around the viewpoint) hides what the bare ground shows;
    a surface off the DEM's grid is refused with a clear message."""
    import numpy as np
    from osgeo import gdal
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    from vigie.core import sightline as sl
    from vigie.ui import whatcanbeseen as wcs

    x, y = _viewpoint(sample_small["gpkg"], "V02")
    src = gdal.Open(sample_small["dem"])
    gt = src.GetGeoTransform()
    z = src.GetRasterBand(1).ReadAsArray()
    rr, cc = np.mgrid[0:z.shape[0], 0:z.shape[1]]
    d = np.hypot(gt[0] + (cc + 0.5) * gt[1] - x, gt[3] + (rr + 0.5) * gt[5] - y)
    surf_path = str(tmp_path / "surface.tif")
    out = gdal.GetDriverByName("GTiff").CreateCopy(surf_path, src)
    out.GetRasterBand(1).WriteArray(np.where((d > 100) & (d < 200), z + 60.0, z))
    out = None
    bad_path = str(tmp_path / "bad.tif")
    gdal.Translate(bad_path, sample_small["dem"], srcWin=[0, 0, 50, 50])
    dem = QgsRasterLayer(sample_small["dem"], "dem")
    els = QgsVectorLayer(sample_small["gpkg"] + "|layername=elements", "elements", "ogr")
    bare = wcs.Scene(dem, els, "height_m")
    built = wcs.Scene(dem, els, "height_m", QgsRasterLayer(surf_path, "surface"))
    assert built.key != bare.key
    a = sl.panorama(bare.terrain_for(x, y, 5000.0), x, y, 1.6, bare.x, bare.y, bare.h, 1 - 1 / 7.0, 5000.0)
    b = sl.panorama(built.terrain_for(x, y, 5000.0), x, y, 1.6, built.x, built.y, built.h, 1 - 1 / 7.0, 5000.0)
    assert a["visible"].sum() > 0 and b["visible"].sum() < a["visible"].sum()
    with pytest.raises(ValueError, match="not on the DEM's grid"):
        wcs.Scene(dem, els, "height_m", QgsRasterLayer(bad_path, "bad"))
