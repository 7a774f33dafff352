"""Styles of the outputs: .qml files in resources/styles/."""

import os
import shutil
from typing import List

from qgis.core import QgsProcessingLayerPostProcessorInterface

STYLE_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "styles")

# Post-processors must outlive the algorithm run (Processing keeps no reference).
_KEEP: List[QgsProcessingLayerPostProcessorInterface] = []


def style_path(name: str) -> str:
    return os.path.join(STYLE_DIR, name)


def write_sidecar_style(raster_path: str, qml: str) -> None:
    """Copy the style next to a raster file: QGIS loads <name>.qml as its default style."""
    base = os.path.splitext(raster_path)[0]
    shutil.copyfile(style_path(qml), base + ".qml")


class _StylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, qml: str) -> None:
        super().__init__()
        self.qml = qml

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 - QGIS API
        if layer is not None and layer.isValid():
            layer.loadNamedStyle(style_path(self.qml))
            layer.triggerRepaint()


def apply_style_on_load(context, dest_id: str, qml: str) -> None:
    """Style the output ``dest_id`` when Processing loads it into the project."""
    if context.willLoadLayerOnCompletion(dest_id):
        proc = _StylePostProcessor(qml)
        _KEEP.append(proc)
        del _KEEP[:-20]
        context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(proc)


def keep_post_processor(context, dest_id: str, proc: QgsProcessingLayerPostProcessorInterface) -> None:
    """Attach a custom post-processor to the output ``dest_id`` (kept alive here)."""
    if context.willLoadLayerOnCompletion(dest_id):
        _KEEP.append(proc)
        del _KEEP[:-20]
        context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(proc)
