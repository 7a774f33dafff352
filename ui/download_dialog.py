"""The "Download data" dialog: property layers, terrain and buildings for an area, in one click.

Runs vigie:downloadproperty, vigie:downloadterrain and vigie:downloadbuildings one after
the other for the current map extent or the extent of a layer, shows their progress,
can be canceled, and adds what they wrote to the project.
"""

import os
from typing import Dict, List, Optional, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsMapLayerProxyModel,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from ..i18n import tr

L93 = QgsCoordinateReferenceSystem("EPSG:2154")


def _RESULTS_PREFIX() -> str:  # noqa: N802
    return QCoreApplication.translate("Processing", "Results: {}").split("{")[0]


class _Feedback(QgsProcessingFeedback):
    def __init__(self, dialog: "DownloadDialog") -> None:
        super().__init__()
        self.dialog = dialog

    def pushInfo(self, info):  # noqa: N802 - QGIS API
        if not info.startswith(_RESULTS_PREFIX()):  # Processing's own dump of the result dict
            self.dialog.log(info)

    def pushWarning(self, warning):  # noqa: N802 - QGIS API
        self.dialog.log("⚠ " + warning)

    def reportError(self, error, fatalError=False):  # noqa: N802 - QGIS API
        self.dialog.log("✖ " + error)


class DownloadDialog(QDialog):
    def __init__(self, canvas=None, parent=None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.feedback: Optional[_Feedback] = None
        self.running = False
        self.results: Dict[str, Dict] = {}
        self.setObjectName("VigieDownloadDialog")
        self.setWindowTitle(tr("Vigie — download data"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)

        area = QGroupBox(tr("Area"))
        grid = QGridLayout(area)
        self.use_canvas = QRadioButton(tr("Current map extent"))
        self.use_layer = QRadioButton(tr("Extent of a layer"))
        self.layer_combo = QgsMapLayerComboBox()
        self.layer_combo.setFilters(QgsMapLayerProxyModel.HasGeometry | QgsMapLayerProxyModel.RasterLayer)
        self.use_drawn = QRadioButton(tr("Area drawn on the map"))
        self.draw_button = QPushButton(tr("Draw…"))
        self.drawn: Optional[Tuple[QgsRectangle, QgsCoordinateReferenceSystem]] = None
        self.map_tool = None
        self.previous_tool = None
        self.use_canvas.setChecked(canvas is not None)
        self.use_layer.setChecked(canvas is None)
        self.use_canvas.setEnabled(canvas is not None)
        self.use_drawn.setEnabled(canvas is not None)
        self.draw_button.setEnabled(canvas is not None)
        grid.addWidget(self.use_canvas, 0, 0, 1, 2)
        grid.addWidget(self.use_layer, 1, 0)
        grid.addWidget(self.layer_combo, 1, 1)
        grid.addWidget(self.use_drawn, 3, 0)
        grid.addWidget(self.draw_button, 3, 1)
        self.extent_label = QLabel()
        self.extent_label.setWordWrap(True)
        self.extent_label.setMinimumHeight(2 * self.extent_label.fontMetrics().lineSpacing() + 6)
        grid.addWidget(self.extent_label, 4, 0, 1, 2)
        layout.addWidget(area)

        what = QGroupBox(tr("Data"))
        grid = QGridLayout(what)
        self.get_property = QCheckBox(tr("UNESCO property: perimeter, buffer zone, the 353 elements"))
        self.get_terrain = QCheckBox(tr("Terrain model (IGN RGE ALTI)"))
        self.resolution = QComboBox()
        self.resolution.addItems(["1 m", "5 m", "25 m"])
        self.resolution.setCurrentIndex(1)
        self.get_buildings = QCheckBox(tr("Buildings with heights (IGN BD TOPO)"))
        for cb in (self.get_property, self.get_terrain, self.get_buildings):
            cb.setChecked(True)
        grid.addWidget(self.get_property, 0, 0, 1, 3)
        grid.addWidget(self.get_terrain, 1, 0)
        grid.addWidget(QLabel(tr("Resolution")), 1, 1)
        grid.addWidget(self.resolution, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.addWidget(self.get_buildings, 2, 0, 1, 3)
        layout.addWidget(what)

        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Output folder")))
        self.folder = QgsFileWidget()
        self.folder.setStorageMode(QgsFileWidget.GetDirectory)
        self.folder.setFilePath(self.default_folder())
        row.addWidget(self.folder, 1)
        layout.addLayout(row)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        layout.addWidget(self.progress)
        self.messages = QPlainTextEdit()
        self.messages.setReadOnly(True)
        self.messages.setMinimumHeight(120)
        layout.addWidget(self.messages)
        sources = QLabel(tr("Sources: Mission Bassin Minier (data.gouv.fr, Géo2France), © IGN Géoplateforme; "
                            "Licence Ouverte 2.0. Recorded in each file's metadata."))
        sources.setWordWrap(True)
        sources.setStyleSheet("color: #555;")
        layout.addWidget(sources)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.run_button = QPushButton(tr("Download"))
        self.run_button.setDefault(True)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(tr("Close"))
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        for w in (self.use_canvas, self.use_layer, self.use_drawn):
            w.toggled.connect(self.update_extent_label)
        self.draw_button.clicked.connect(self.start_drawing)
        if canvas is not None:
            canvas.extentsChanged.connect(self.update_extent_label)
        self.layer_combo.layerChanged.connect(self.update_extent_label)
        self.get_terrain.toggled.connect(self.resolution.setEnabled)
        self.update_extent_label()

    # -- area ----------------------------------------------------------------------
    @staticmethod
    def default_folder() -> str:
        home = QgsProject.instance().homePath() or os.path.expanduser("~")
        return os.path.join(home, "vigie_data")

    def extent(self) -> Optional[QgsRectangle]:
        """The chosen area in Lambert-93, or None."""
        transform_context = QgsProject.instance().transformContext()
        if self.use_drawn.isChecked():
            if self.drawn is None:
                return None
            rect, crs = self.drawn
        elif self.use_canvas.isChecked() and self.canvas is not None:
            rect = self.canvas.extent()
            crs = self.canvas.mapSettings().destinationCrs()
        else:
            layer = self.layer_combo.currentLayer()
            if layer is None:
                return None
            rect = layer.extent()
            crs = layer.crs()
        if rect.isEmpty():
            return None
        if crs.isValid() and crs != L93:
            rect = QgsCoordinateTransform(crs, L93, transform_context).transformBoundingBox(rect)
        return rect

    def start_drawing(self) -> None:
        """Let the user drag a rectangle on the map, then come back with it."""
        from qgis.gui import QgsMapToolExtent

        if self.canvas is None:
            return
        self.previous_tool = self.canvas.mapTool()
        self.map_tool = QgsMapToolExtent(self.canvas)
        self.map_tool.extentChanged.connect(self.set_drawn_extent)
        self.canvas.setMapTool(self.map_tool)
        self.hide()

    def set_drawn_extent(self, rect: QgsRectangle) -> None:
        if self.canvas is not None:
            self.drawn = (QgsRectangle(rect), self.canvas.mapSettings().destinationCrs())
            if self.map_tool is not None:
                self.canvas.unsetMapTool(self.map_tool)
                if self.previous_tool is not None:
                    self.canvas.setMapTool(self.previous_tool)
        self.use_drawn.setChecked(True)
        self.update_extent_label()
        self.show()
        self.raise_()

    def update_extent_label(self, *args) -> None:
        rect = self.extent()
        if rect is None:
            self.extent_label.setText(tr("Choose an area: the map extent or a layer."))
            return
        self.extent_label.setText(tr("{w:.2f} × {h:.2f} km\nLambert-93 (EPSG:2154): {xmin:.0f}, {ymin:.0f} – "
                                     "{xmax:.0f}, {ymax:.0f}").format(
            w=rect.width() / 1000, h=rect.height() / 1000, xmin=rect.xMinimum(), ymin=rect.yMinimum(),
            xmax=rect.xMaximum(), ymax=rect.yMaximum()))

    # -- run -------------------------------------------------------------------------
    def log(self, text: str) -> None:
        self.messages.appendPlainText(text)
        QCoreApplication.processEvents()

    def cancel(self) -> None:
        if self.feedback is not None:
            self.feedback.cancel()
            self.log(tr("Canceling…"))

    def jobs(self, rect: QgsRectangle, folder: str) -> List[Tuple[str, str, Dict]]:
        ext = "{},{},{},{} [EPSG:2154]".format(rect.xMinimum(), rect.xMaximum(), rect.yMinimum(), rect.yMaximum())
        out: List[Tuple[str, str, Dict]] = []
        if self.get_property.isChecked():
            out.append(("vigie:downloadproperty", tr("UNESCO property"), {
                "DATAGOUV": True, "GEO2FRANCE": True, "OUTPUT": os.path.join(folder, "bien_unesco.gpkg")}))
        if self.get_terrain.isChecked():
            res = ("1m", "5m", "25m")[self.resolution.currentIndex()]
            out.append(("vigie:downloadterrain", tr("Terrain"), {
                "EXTENT": ext, "RESOLUTION": self.resolution.currentIndex(), "CHECK": True,
                "OUTPUT": os.path.join(folder, "rgealti_{}.tif".format(res))}))
        if self.get_buildings.isChecked():
            out.append(("vigie:downloadbuildings", tr("Buildings"), {
                "EXTENT": ext, "OUTPUT": os.path.join(folder, "batiments_bdtopo.gpkg")}))
        return out

    def run(self) -> bool:
        import processing

        rect = self.extent()
        folder = self.folder.filePath()
        jobs = self.jobs(rect, folder) if rect is not None else []
        if rect is None or not jobs or not folder:
            self.log(tr("Choose an area, at least one kind of data and an output folder."))
            return False
        os.makedirs(folder, exist_ok=True)
        self.results = {}
        self.running = True
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        ok = True
        try:
            for i, (alg_id, label, params) in enumerate(jobs):
                self.feedback = _Feedback(self)
                n = len(jobs)
                self.feedback.progressChanged.connect(
                    lambda p, i=i, n=n: (self.progress.setValue(int((100 * i + p) / n)),
                                         QCoreApplication.processEvents()))
                self.log(tr("{i}/{n} {label}…").format(i=i + 1, n=n, label=label))
                try:
                    self.results[alg_id] = processing.run(alg_id, params, feedback=self.feedback)
                except QgsProcessingException as err:
                    self.log("✖ " + str(err))
                    ok = False
                    if self.feedback.isCanceled():
                        break
                    continue
                self.add_to_project(alg_id, self.results[alg_id])
            if ok:
                self.progress.setValue(100)
                self.log(tr("Done: the layers were added to the project."))
        finally:
            self.running = False
            self.feedback = None
            self.run_button.setEnabled(True)
            self.cancel_button.setEnabled(False)
        return ok

    def add_to_project(self, alg_id: str, result: Dict) -> None:
        from ..core import sources
        from ..processing import data_sources as glue

        project = QgsProject.instance()
        if alg_id == "vigie:downloadterrain":
            path = result["OUTPUT"]
            layer = QgsRasterLayer(path, tr("Terrain (RGE ALTI)"), "gdal")
            layers = [(layer, path)]
        elif alg_id == "vigie:downloadbuildings":
            layers = [(QgsVectorLayer(result["BUILDINGS"], tr("Buildings (BD TOPO)"), "ogr"), result["OUTPUT"])]
        else:
            path = result["OUTPUT"]
            layers = [(QgsVectorLayer("{}|layername={}".format(path, n), n, "ogr"), path)
                      for n in ("zone_tampon", "bien_inscrit", "elements")]
        for layer, path in layers:
            if layer.isValid():
                provs = sources.read_provenance(path)
                if provs:
                    layer.setMetadata(glue.qgis_metadata(provs, layer.name()))
                project.addMapLayer(layer)


def open_dialog(iface) -> DownloadDialog:
    canvas = iface.mapCanvas() if iface is not None else None
    parent = iface.mainWindow() if iface is not None else None
    dlg = DownloadDialog(canvas, parent)
    dlg.show()
    return dlg
