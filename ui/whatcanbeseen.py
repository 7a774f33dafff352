"""The map tool "What can be seen from here?": click anywhere, list the inscribed
elements visible from that point, highlight them and their sight lines, draw the
terrain profile of one sight line (exportable as PNG).

The terrain and the element tops are read once per (DEM, elements layer, height
field) and kept; a click is one vectorised call of :func:`core.sightline.panorama`.
"""

import math
import time
from typing import Dict, List, Optional

import numpy as np
from qgis.core import (
    QgsCoordinateTransform,
    QgsGeometry,
    QgsMapLayerProxyModel,
    QgsPointXY,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.gui import QgsFieldComboBox, QgsMapLayerComboBox, QgsMapTool, QgsRubberBand, QgsVertexMarker
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor, QCursor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import elements as core_elements
from ..core import sightline as core_sl
from ..i18n import tr
from .profile_plot import draw_profile

#: above this many cells the DEM is read by windows around the click, not whole
WHOLE_DEM_MAX_CELLS = 60_000_000
VISIBLE_COLOR = QColor(26, 150, 65)
SELECTED_COLOR = QColor(255, 160, 0)
HIDDEN_COLOR = QColor(215, 25, 28)


def _height_field(layer: QgsVectorLayer) -> str:
    names = {n.lower(): n for n in layer.fields().names()}
    for c in ("height_m", "hauteur", "height"):
        if c in names:
            return names[c]
    return ""


def _guess_layers(project) -> (Optional[QgsRasterLayer], Optional[QgsVectorLayer]):
    dem = elements = None
    for layer in project.mapLayers().values():
        if isinstance(layer, QgsRasterLayer) and dem is None and layer.bandCount() == 1:
            dem = layer
        if isinstance(layer, QgsVectorLayer) and layer.isSpatial():
            name = layer.name().lower()
            named = "element" in name or "élément" in name
            if elements is None or (named and not elements.name().lower().startswith("element")):
                elements = layer
    return dem, elements


class Scene:
    """The terrain (whole or a window) and the element tops, in the DEM's CRS."""

    def __init__(self, dem_layer: QgsRasterLayer, elements: QgsVectorLayer, height_field: str,
                 surface_layer: Optional[QgsRasterLayer] = None) -> None:
        from ..processing.common import pick_field, read_elements

        self.dem_layer = dem_layer
        self.dem_path = dem_layer.source().split("|")[0]
        self.crs = dem_layer.crs()
        self.surface_path = surface_layer.source().split("|")[0] if surface_layer is not None else None
        self.key = (dem_layer.id(), elements.id(), height_field, surface_layer.id() if surface_layer else "")
        id_field = pick_field(elements, "", ("id", "id_unesco"))
        name_field = pick_field(elements, "", ("name", "nom", "denomination"))
        type_field = pick_field(elements, "", ("type", "typologie", "kind"))
        els, _ = read_elements(elements, self.crs, None, QgsProcessingFeedback(), id_field, name_field,
                               type_field, height_field)
        ground = core_elements.GroundSampler(self.dem_path)
        prepared, _ = core_elements.prepare(els, ground, 1.0, spacing=1e12)
        self.cells = ground.nrows * ground.ncols
        del ground
        self.tops = [pe for pe in prepared if pe.points]
        self.x = np.array([pe.points[0][0] for pe in self.tops])
        self.y = np.array([pe.points[0][1] for pe in self.tops])
        self.h = np.array([pe.points[0][2] for pe in self.tops])
        self.terrain: Optional[core_sl.Terrain] = None
        self.window_bounds = None
        if self.cells <= WHOLE_DEM_MAX_CELLS:
            self.terrain = core_sl.read_terrain(self.dem_path, self.surface_path)

    def terrain_for(self, x: float, y: float, max_distance: float) -> core_sl.Terrain:
        if self.cells <= WHOLE_DEM_MAX_CELLS:
            return self.terrain
        b = (x - max_distance, y - max_distance, x + max_distance, y + max_distance)
        wb = self.window_bounds
        if self.terrain is None or wb is None or b[0] < wb[0] or b[1] < wb[1] or b[2] > wb[2] or b[3] > wb[3]:
            pad = 0.25 * max_distance
            self.window_bounds = (b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad)
            self.terrain = core_sl.read_terrain(self.dem_path, self.surface_path, self.window_bounds)
        return self.terrain


class ProfileCanvas(QWidget):
    """The terrain profile of one sight line (matplotlib)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.figure = None
        self.canvas = None
        try:
            from matplotlib.backends.backend_qt5agg import FigureCanvasQTAgg
            from matplotlib.figure import Figure

            self.figure = Figure(figsize=(5, 3.0), dpi=100)
            self.canvas = FigureCanvasQTAgg(self.figure)
            layout.addWidget(self.canvas)
        except Exception:  # pragma: no cover - matplotlib missing
            layout.addWidget(QLabel(tr("The profile needs the Python module matplotlib.")))
        self.has_profile = False
        self.clear()

    def clear(self, text: str = "") -> None:
        self.has_profile = False
        if self.figure is None:
            return
        self.figure.clear()
        ax = self.figure.add_subplot(111)
        ax.axis("off")
        ax.text(0.5, 0.5, text or tr("Click an element of the list (or on the map) to draw its profile."),
                ha="center", va="center", fontsize=9, color="#555555", wrap=True)
        self.canvas.draw()

    def plot(self, prof: core_sl.Profile, title: str, vis_height: float, height: float,
             horizon_at_target: Optional[float]) -> None:
        if self.figure is None:
            return
        draw_profile(self.figure, prof, title, vis_height, height, horizon_at_target)
        self.canvas.draw()
        self.has_profile = True

    def export_png(self, path: str) -> None:
        if self.figure is not None:
            self.figure.savefig(path, dpi=150)


class WhatCanBeSeenDock(QDockWidget):
    """The panel: layers, eye height, the list of visible elements and the profile."""

    elementSelected = pyqtSignal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(tr("What can be seen from here?"), parent)
        self.setObjectName("VigieWhatCanBeSeenDock")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        form = QFormLayout()
        self.dem_combo = QgsMapLayerComboBox(body)
        self.dem_combo.setFilters(QgsMapLayerProxyModel.RasterLayer)
        self.elements_combo = QgsMapLayerComboBox(body)
        self.elements_combo.setFilters(QgsMapLayerProxyModel.VectorLayer)
        self.surface_combo = QgsMapLayerComboBox(body)
        self.surface_combo.setFilters(QgsMapLayerProxyModel.RasterLayer)
        self.surface_combo.setAllowEmptyLayer(True)
        self.surface_combo.setLayer(None)
        self.height_combo = QgsFieldComboBox(body)
        self.height_combo.setAllowEmptyFieldName(True)
        self.elements_combo.layerChanged.connect(self._layer_changed)
        self.eye = QDoubleSpinBox(body)
        self.eye.setRange(0.0, 500.0)
        self.eye.setDecimals(1)
        self.eye.setValue(1.6)
        self.eye.setSuffix(" m")
        self.max_distance = QDoubleSpinBox(body)
        self.max_distance.setRange(0.1, 100.0)
        self.max_distance.setDecimals(1)
        self.max_distance.setValue(15.0)
        self.max_distance.setSuffix(" km")
        form.addRow(tr("Terrain model"), self.dem_combo)
        form.addRow(tr("Elements"), self.elements_combo)
        form.addRow(tr("Height field"), self.height_combo)
        form.addRow(tr("Surface (optional)"), self.surface_combo)
        row = QHBoxLayout()
        row.addWidget(self.eye)
        row.addWidget(QLabel(tr("up to")))
        row.addWidget(self.max_distance)
        form.addRow(tr("Eye height"), row)
        layout.addLayout(form)
        self.status = QLabel(tr("Click on the map: the elements visible from that point are listed here."))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        split = QSplitter(Qt.Vertical, body)
        self.table = QTableWidget(0, 5, split)
        self.table.setHorizontalHeaderLabels([tr("Name"), tr("Type"), tr("km"), tr("Visible (m)"), tr("Height (m)")])
        tips = [tr("Name"), tr("Type"), tr("Distance from the viewpoint (km)"),
                tr("Metres of the element's height seen above the horizon"), tr("Height of the element (m)")]
        for c, tip in enumerate(tips):
            self.table.horizontalHeaderItem(c).setToolTip(tip)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.Stretch)
        for c in range(1, 5):
            hh.setSectionResizeMode(c, QHeaderView.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._row_selected)
        self.profile = ProfileCanvas(split)
        split.addWidget(self.table)
        split.addWidget(self.profile)
        split.setSizes([260, 300])
        layout.addWidget(split, 1)
        self.export_button = QPushButton(tr("Export the profile as PNG…"), body)
        self.export_button.clicked.connect(self._export)
        self.export_button.setEnabled(False)
        layout.addWidget(self.export_button)
        self.setWidget(body)
        self.setMinimumWidth(470)
        self.row_elements: List[int] = []

    def _layer_changed(self, layer) -> None:
        self.height_combo.setLayer(layer)
        if layer is not None:
            self.height_combo.setField(_height_field(layer))

    def set_rows(self, rows: List[Dict]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        self.row_elements = []
        for i, r in enumerate(rows):
            values = [r["name"], r["type"], "{:.2f}".format(r["distance"] / 1000.0),
                      "{:.1f}".format(r["visible_height"]), "{:.1f}".format(r["height"])]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(i, c, item)
            self.row_elements.append(r["index"])
        self.table.clearSelection()
        self.table.blockSignals(False)

    def select_element(self, index: int) -> None:
        if index in self.row_elements:
            self.table.selectRow(self.row_elements.index(index))

    def _row_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.elementSelected.emit(self.row_elements[rows[0].row()])

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export the profile as PNG"), "profile.png", "PNG (*.png)")
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            self.profile.export_png(path)


class WhatCanBeSeenTool(QgsMapTool):
    """Click: the viewpoint (or, near a listed element, that element's profile)."""

    PICK_PIXELS = 10

    def __init__(self, iface, dock: WhatCanBeSeenDock) -> None:
        super().__init__(iface.mapCanvas())
        self.iface = iface
        self.canvas = iface.mapCanvas()
        self.dock = dock
        self.scene: Optional[Scene] = None
        self.result = None
        self.viewpoint = None
        self.visible_index: List[int] = []
        self.last_seconds = 0.0
        self.setCursor(QCursor(Qt.CrossCursor))
        self.lines = QgsRubberBand(self.canvas, QgsWkbTypes.LineGeometry)
        self.lines.setColor(VISIBLE_COLOR)
        self.lines.setWidth(2)
        self.points = QgsRubberBand(self.canvas, QgsWkbTypes.PointGeometry)
        self.points.setColor(VISIBLE_COLOR)
        self.points.setIcon(QgsRubberBand.ICON_CIRCLE)
        self.points.setIconSize(12)
        self.points.setWidth(3)
        self.selected = QgsRubberBand(self.canvas, QgsWkbTypes.LineGeometry)
        self.selected.setColor(SELECTED_COLOR)
        self.selected.setWidth(4)
        self.marker = QgsVertexMarker(self.canvas)
        self.marker.setIconType(QgsVertexMarker.ICON_CROSS)
        self.marker.setColor(QColor(31, 59, 87))
        self.marker.setIconSize(16)
        self.marker.setPenWidth(3)
        self.marker.hide()
        dock.elementSelected.connect(self.show_profile)

    # -- the scene --------------------------------------------------------
    def _scene(self) -> Scene:
        dem = self.dock.dem_combo.currentLayer()
        elements = self.dock.elements_combo.currentLayer()
        if dem is None or elements is None:
            raise ValueError(tr("Choose a terrain model and an elements layer in the panel."))
        field = self.dock.height_combo.currentField()
        surface = self.dock.surface_combo.currentLayer()
        key = (dem.id(), elements.id(), field, surface.id() if surface is not None else "")
        if self.scene is None or self.scene.key != key:
            self.dock.status.setText(tr("Reading the terrain and the elements…"))
            self.scene = Scene(dem, elements, field, surface)
        return self.scene

    def _to_dem(self, point: QgsPointXY) -> QgsPointXY:
        src = self.canvas.mapSettings().destinationCrs()
        if src == self.scene.crs:
            return point
        return QgsCoordinateTransform(src, self.scene.crs, QgsProject.instance()).transform(point)

    # -- events -----------------------------------------------------------
    def canvasReleaseEvent(self, event) -> None:  # noqa: N802 - QGIS API
        point = self.toMapCoordinates(event.pos())
        picked = self.element_near(point)
        if picked is not None:
            self.dock.select_element(picked)
            return
        self.look_from(point)

    def element_near(self, map_point: QgsPointXY) -> Optional[int]:
        """The visible element whose top is within a few pixels of the map point."""
        if self.result is None or not self.visible_index:
            return None
        to_pixels = self.canvas.getCoordinateTransform()
        click = to_pixels.transform(map_point)
        dst = self.canvas.mapSettings().destinationCrs()
        back = None if dst == self.scene.crs else QgsCoordinateTransform(self.scene.crs, dst, QgsProject.instance())
        best, best_d = None, float(self.PICK_PIXELS)
        for k in self.visible_index:
            top = QgsPointXY(self.scene.x[k], self.scene.y[k])
            if back is not None:
                top = back.transform(top)
            px = to_pixels.transform(top)
            d = math.hypot(px.x() - click.x(), px.y() - click.y())
            if d <= best_d:
                best, best_d = k, d
        return best

    def look_from(self, map_point: QgsPointXY) -> Dict:
        """Compute and show what is seen from ``map_point`` (map CRS). Returns a summary."""
        try:
            scene = self._scene()
        except ValueError as err:
            msg = tr("Cannot use these layers: {error}").format(error=err)
            self.dock.status.setText(msg)
            return {"error": msg}
        p = self._to_dem(map_point)
        t0 = time.perf_counter()
        eye = self.dock.eye.value()
        max_d = self.dock.max_distance.value() * 1000.0
        try:
            terrain = scene.terrain_for(p.x(), p.y(), max_d)
            res = core_sl.panorama(terrain, p.x(), p.y(), eye, scene.x, scene.y, scene.h,
                                   1.0 - 1.0 / 7.0, max_d)
        except ValueError as err:
            self._clear_bands()
            self.result = None
            msg = tr("No answer here: {error}. Click on the terrain model.").format(error=err)
            self.dock.status.setText(msg)
            self.dock.set_rows([])
            self.dock.profile.clear()
            return {"error": msg}
        self.last_seconds = time.perf_counter() - t0
        self.result = res
        self.viewpoint = (p.x(), p.y(), eye)
        vis = np.nonzero(res["visible"])[0]
        order = vis[np.argsort(res["distance"][vis])]
        self.visible_index = [int(k) for k in order]
        rows = []
        for k in self.visible_index:
            pe = scene.tops[k]
            rows.append({"index": k, "name": pe.name, "type": pe.type, "distance": float(res["distance"][k]),
                         "visible_height": float(res["visible_height"][k]), "height": float(scene.h[k])})
        self.dock.set_rows(rows)
        self.dock.profile.clear()
        self.dock.export_button.setEnabled(False)
        n_range = int(res["in_range"].sum())
        self.dock.status.setText(tr(
            "From {x:.0f}, {y:.0f} (eye {eye:.1f} m): {n} of the {m} elements within {d:.1f} km are "
            "visible ({ms:.0f} ms).").format(x=p.x(), y=p.y(), eye=eye, n=len(rows), m=n_range, d=max_d / 1000.0,
                                            ms=1000.0 * self.last_seconds))
        self._draw_bands()
        self.marker.setCenter(map_point)
        self.marker.show()
        return {"visible": len(rows), "in_range": n_range, "seconds": self.last_seconds}

    # -- map highlights ---------------------------------------------------
    def _clear_bands(self) -> None:
        for band, geom_type in ((self.lines, QgsWkbTypes.LineGeometry), (self.points, QgsWkbTypes.PointGeometry),
                                (self.selected, QgsWkbTypes.LineGeometry)):
            band.reset(geom_type)
        self.marker.hide()

    def _draw_bands(self) -> None:
        self._clear_bands()
        x0, y0, _ = self.viewpoint
        crs = self.scene.crs
        for k in self.visible_index:
            line = QgsGeometry.fromPolylineXY([QgsPointXY(x0, y0), QgsPointXY(self.scene.x[k], self.scene.y[k])])
            self.lines.addGeometry(line, crs)
            self.points.addGeometry(QgsGeometry.fromPointXY(QgsPointXY(self.scene.x[k], self.scene.y[k])), crs)

    def show_profile(self, k: int) -> Optional[core_sl.Profile]:
        """Draw the profile of the sight line to element ``k`` in the panel."""
        if self.result is None or self.viewpoint is None:
            return None
        x0, y0, eye = self.viewpoint
        terrain = self.scene.terrain_for(x0, y0, self.dock.max_distance.value() * 1000.0)
        curv = 1.0 - 1.0 / 7.0
        prof = core_sl.profile(terrain, x0, y0, eye, float(self.scene.x[k]), float(self.scene.y[k]),
                               float(self.scene.h[k]), curv)
        pe = self.scene.tops[k]
        vh = float(self.result["visible_height"][k])
        horizon = None
        above = float(self.result["above_horizon"][k])
        if math.isfinite(above):
            horizon = prof.z_b - above
        title = pe.name + "\n" + tr("{type}, {d:.2f} km: {v:.1f} m of its {h:.1f} m visible").format(
            type=pe.type or "?", d=prof.length / 1000.0, v=vh, h=float(self.scene.h[k]))
        self.dock.profile.plot(prof, title, vh, float(self.scene.h[k]), horizon)
        self.dock.export_button.setEnabled(True)
        self.selected.reset(QgsWkbTypes.LineGeometry)
        self.selected.addGeometry(QgsGeometry.fromPolylineXY(
            [QgsPointXY(x0, y0), QgsPointXY(self.scene.x[k], self.scene.y[k])]), self.scene.crs)
        return prof

    def remove(self) -> None:
        """Take the highlights off the map (on unload)."""
        self._clear_bands()
        scene = self.canvas.scene()
        for item in (self.lines, self.points, self.selected, self.marker):
            scene.removeItem(item)


def setup_dock(iface) -> WhatCanBeSeenDock:
    """The panel, docked on the right, with the DEM and elements layers guessed from the project."""
    dock = WhatCanBeSeenDock(iface.mainWindow())
    iface.addDockWidget(Qt.RightDockWidgetArea, dock)
    dem, elements = _guess_layers(QgsProject.instance())
    if dem is not None:
        dock.dem_combo.setLayer(dem)
    if elements is not None:
        dock.elements_combo.setLayer(elements)
        dock._layer_changed(elements)
    return dock


class LookController:
    """The checkable action, the map tool and the panel, created lazily; undone by unload()."""

    def __init__(self, iface, menu, toolbar, icon) -> None:
        from qgis.PyQt.QtWidgets import QAction

        self.iface = iface
        self.menu = menu
        self.toolbar = toolbar
        self.dock: Optional[WhatCanBeSeenDock] = None
        self.tool: Optional[WhatCanBeSeenTool] = None
        self.action = QAction(icon, tr("What can be seen from here?"), iface.mainWindow())
        self.action.setObjectName("vigie_whatcanbeseen")
        self.action.setCheckable(True)
        self.action.triggered.connect(self.activate)
        menu.addSeparator()
        menu.addAction(self.action)
        toolbar.addAction(self.action)

    def activate(self, checked: bool = True) -> None:
        if not checked:
            if self.tool is not None and self.iface.mapCanvas().mapTool() is self.tool:
                self.iface.mapCanvas().unsetMapTool(self.tool)
            return
        if self.dock is None:
            self.dock = setup_dock(self.iface)
        self.dock.show()
        if self.tool is None:
            self.tool = WhatCanBeSeenTool(self.iface, self.dock)
            self.tool.setAction(self.action)
        self.iface.mapCanvas().setMapTool(self.tool)

    def unload(self) -> None:
        canvas = self.iface.mapCanvas()
        if self.tool is not None:
            if canvas.mapTool() is self.tool:
                canvas.unsetMapTool(self.tool)
            self.tool.remove()
            self.tool.deleteLater()
            self.tool = None
        if self.dock is not None:
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        self.menu.removeAction(self.action)
        self.toolbar.removeAction(self.action)
        self.action.deleteLater()
