""""Exporter la fiche en PDF": a feature action on the fiche layers of a survey project.

For every layer of the project whose data is the ``fiche`` table of a GeoPackage, a
``QgsMapLayerAction`` is registered (attribute table, identify results, feature form's
actions menu). It runs ``vigie:exportfiches`` for that one fiche into ``<survey folder>/PDF/``,
with the project's reference layers when it has them (found by name), then opens the PDF.
Everything registered is unregistered by :meth:`FicheActions.stop` (plugin unload).
"""

import os
from typing import Dict, List, Optional

from qgis.core import (
    QgsMapLayer,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsProviderRegistry,
    QgsVectorLayer,
)
from qgis.gui import QgsGui, QgsMapLayerAction
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtGui import QDesktopServices

from ..i18n import tr
from ..processing.base import icon

# Reference layers of the map, recognised by (lower-case) layer name.
REFERENCE_NAMES = {
    "ELEMENTS": ("elements", "éléments inscrits", "elements inscrits", "éléments", "biens"),
    "PERIMETER": ("perimeter", "périmètre", "périmètre du bien", "bien inscrit"),
    "BUFFER_ZONE": ("buffer_zone", "zone tampon", "zone_tampon"),
    "BUILDINGS": ("buildings", "bâti", "bati", "batiments", "bâtiments"),
    "DEM": ("dem", "mnt", "modèle numérique de terrain"),
}


def fiche_table_source(layer: QgsMapLayer) -> Optional[str]:
    """The GeoPackage path when ``layer`` is the fiche table of a GeoPackage, else None."""
    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "ogr":
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    if str(parts.get("layerName") or "") != "fiche":
        return None
    path = str(parts.get("path") or "")
    return path if path.lower().endswith(".gpkg") else None


def reference_layers(project: QgsProject) -> Dict[str, QgsMapLayer]:
    found: Dict[str, QgsMapLayer] = {}
    for layer in project.mapLayers().values():
        name = layer.name().strip().lower()
        for key, names in REFERENCE_NAMES.items():
            if key not in found and name in names:
                found[key] = layer
    return found


class FicheActions:
    """Registers the "Exporter la fiche en PDF" action on fiche layers as they are added."""

    def __init__(self, iface) -> None:
        self.iface = iface
        self.actions: Dict[str, QgsMapLayerAction] = {}
        self.open_pdf = True  # tests switch it off
        self.last_result: Optional[dict] = None
        self._connected = False

    def start(self) -> None:
        project = QgsProject.instance()
        project.layersAdded.connect(self._layers_added)
        project.layersWillBeRemoved.connect(self._layers_removed)
        self._connected = True
        self._layers_added(list(project.mapLayers().values()))

    def stop(self) -> None:
        if self._connected:
            project = QgsProject.instance()
            project.layersAdded.disconnect(self._layers_added)
            project.layersWillBeRemoved.disconnect(self._layers_removed)
            self._connected = False
        registry = QgsGui.mapLayerActionRegistry()
        for action in self.actions.values():
            registry.removeMapLayerAction(action)
            action.deleteLater()
        self.actions = {}

    def _layers_added(self, layers: List[QgsMapLayer]) -> None:
        for layer in layers:
            if layer.id() in self.actions or fiche_table_source(layer) is None:
                continue
            parent = self.iface.mainWindow() if self.iface is not None else None
            action = QgsMapLayerAction(tr("Export the fiche as PDF"), parent, layer,
                                       QgsMapLayerAction.SingleFeature, icon("fiches_pdf.svg"))
            action.setObjectName("vigie_export_fiche_pdf")
            action.triggeredForFeature.connect(self.export_feature)
            QgsGui.mapLayerActionRegistry().addMapLayerAction(action)
            self.actions[layer.id()] = action

    def _layers_removed(self, layer_ids: List[str]) -> None:
        registry = QgsGui.mapLayerActionRegistry()
        for lid in layer_ids:
            action = self.actions.pop(lid, None)
            if action is not None:
                registry.removeMapLayerAction(action)
                action.deleteLater()

    def export_feature(self, layer: QgsMapLayer, feature) -> Optional[str]:
        """Export one fiche; returns the PDF path (None on failure, reported in the message bar)."""
        import processing

        gpkg = fiche_table_source(layer)
        uuid = feature["uuid"] if feature.fields().indexOf("uuid") >= 0 else None
        if not gpkg or not uuid:
            self._message(tr("This fiche has no uuid: save it first, then export it."), error=True)
            return None
        folder = os.path.join(os.path.dirname(gpkg), "PDF")
        params = {"SURVEY": gpkg, "FICHES": "\"uuid\" = '{}'".format(str(uuid).replace("'", "''")),
                  "MODE": 0, "OUTPUT_FOLDER": folder}
        for key, lyr in reference_layers(QgsProject.instance()).items():
            params[key] = lyr
        feedback = QgsProcessingFeedback()
        try:
            result = processing.run("vigie:exportfiches", params, feedback=feedback)
        except QgsProcessingException as exc:
            self._message(str(exc), error=True)
            self.last_result = {"error": str(exc)}
            return None
        self.last_result = dict(result)
        files = result.get("FILES") or []
        if not files:
            self._message(tr("The fiche could not be exported: see the Processing log."), error=True)
            return None
        self._message(tr("Fiche exported: {path}").format(path=files[0]))
        if self.open_pdf:
            QDesktopServices.openUrl(QUrl.fromLocalFile(files[0]))
        return files[0]

    def _message(self, text: str, error: bool = False) -> None:
        if self.iface is None:
            return
        from qgis.core import Qgis

        bar = self.iface.messageBar()
        bar.pushMessage("Vigie", text, Qgis.Critical if error else Qgis.Success, 8)


def registered_action_names(layer: QgsMapLayer) -> List[str]:
    """Texts of the map layer actions offered for ``layer`` (for tests)."""
    return [a.text() for a in QgsGui.mapLayerActionRegistry().mapLayerActions(layer)]

