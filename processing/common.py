"""Glue shared by the visibility algorithms: QGIS inputs -> plain values for core/."""

import math
import os
from typing import List, Optional, Tuple

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProject,
    QgsRasterLayer,
    QgsWkbTypes,
)

from ..core import elements as core_elements
from ..core import viewshed as engine
from ..core.elements import Element
from ..i18n import tr

STYLE_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "styles")


def check_dem(layer: Optional[QgsRasterLayer], label: str) -> str:
    """The file path of a usable DEM layer, or a clear QgsProcessingException."""
    if layer is None:
        raise QgsProcessingException(tr("No terrain model given: choose a DEM raster layer."))
    path = layer.source().split("|")[0]
    crs = layer.crs()
    if not crs.isValid():
        raise QgsProcessingException(
            tr("The raster {layer} has no coordinate reference system. Assign its projected CRS "
               "(e.g. Lambert-93, EPSG:2154) in its properties, then run again.").format(layer=label))
    if crs.isGeographic():
        raise QgsProcessingException(
            tr("The raster {layer} is in a geographic CRS ({crs}, degrees): distances and heights "
               "would be wrong. Reproject it to a projected CRS in metres (Lambert-93, EPSG:2154) "
               "with Raster ▸ Projections ▸ Warp, then run again.").format(layer=label, crs=crs.authid()))
    if layer.width() < 2 or layer.height() < 2:
        raise QgsProcessingException(
            tr("The raster {layer} has {w} × {h} cells: a terrain model needs at least 2 × 2.").format(
                layer=label, w=layer.width(), h=layer.height()))
    if not os.path.exists(path):
        raise QgsProcessingException(
            tr("The raster {layer} is not a file on disk ({path}); save it as a GeoTIFF first.").format(
                layer=label, path=path))
    return path


def pick_field(source, wanted: str, candidates: Tuple[str, ...]) -> str:
    """The field to use: the one given, else the first existing candidate, else ''."""
    names = source.fields().names()
    if wanted:
        if wanted not in names:
            raise QgsProcessingException(tr("The field {field} does not exist.").format(field=wanted))
        return wanted
    lower = {n.lower(): n for n in names}
    for c in candidates:
        if c in lower:
            return lower[c]
    return ""


def read_elements(source, dem_crs, context, feedback, id_field: str, name_field: str, type_field: str,
                  height_field: str, radius_field: str = "") -> Tuple[List[Element], List[str]]:
    """Features of ``source`` as plain Elements, geometries in the DEM's CRS."""
    transform = None
    if source.sourceCrs().isValid() and source.sourceCrs() != dem_crs:
        transform = QgsCoordinateTransform(source.sourceCrs(), dem_crs, context.transformContext()
                                           if context else QgsProject.instance().transformContext())
        feedback.pushInfo(tr("Elements reprojected from {src} to {dst}.").format(
            src=source.sourceCrs().authid(), dst=dem_crs.authid()))
    elements: List[Element] = []
    warnings: List[str] = []
    keys = set()
    for i, f in enumerate(source.getFeatures(QgsFeatureRequest())):
        if feedback.isCanceled():
            break
        key = str(f[id_field]) if id_field and f[id_field] is not None else str(f.id())
        if key in keys:
            warnings.append(tr("Duplicate id {key}: the second element keeps it, check the id field.").format(key=key))
        keys.add(key)
        name = str(f[name_field]) if name_field and f[name_field] is not None else key
        etype = str(f[type_field]) if type_field and f[type_field] is not None else ""
        height = None
        if height_field:
            v = f[height_field]
            if v is not None and str(v) != "NULL":
                try:
                    height = float(v)
                except (TypeError, ValueError):
                    raise QgsProcessingException(
                        tr("Element {key}: the height field {field} holds {value!r}, not a number.").format(
                            key=key, field=height_field, value=v))
        radius = None
        if radius_field:
            v = f[radius_field]
            if v is not None and str(v) != "NULL":
                radius = float(v)
        geom = f.geometry()
        wkb = b""
        if geom is not None and not geom.isNull() and not geom.isEmpty():
            if not geom.isGeosValid() and QgsWkbTypes.geometryType(geom.wkbType()) == QgsWkbTypes.PolygonGeometry:
                geom = geom.makeValid()
            if transform is not None:
                geom.transform(transform)
            wkb = bytes(geom.asWkb())
        elements.append(Element(key, name, etype, wkb, height, radius, i))
    return elements, warnings


def accuracy_options(index: int) -> dict:
    """Engine keywords for the ACCURACY enum (0 GDAL only, 1 fast, 2 balanced, 3 exact)."""
    if index == 0:
        return {"repair": False}
    return {"accuracy": ("fast", "balanced", "exact")[min(max(index, 1), 3) - 1]}


def check_surface(surface_layer: Optional[QgsRasterLayer], dem_layer: QgsRasterLayer) -> Optional[str]:
    """The file path of an optional surface model on the DEM's grid, or a clear error."""
    if surface_layer is None:
        return None
    path = check_dem(surface_layer, surface_layer.name())
    if (surface_layer.width(), surface_layer.height()) != (dem_layer.width(), dem_layer.height()) or \
            surface_layer.extent() != dem_layer.extent():
        raise QgsProcessingException(tr(
            "The surface model {surface} is not on the grid of the DEM {dem} (extent and size must "
            "match). Make it with vigie:surfacemodel or align it with Raster ▸ Align rasters.").format(
            surface=surface_layer.name(), dem=dem_layer.name()))
    return path


def check_radius(radius: float, dem_layer: QgsRasterLayer) -> None:
    """A radius must be positive and fit in the DEM."""
    if radius <= 0:
        raise QgsProcessingException(tr("The radius must be greater than 0 m (got {r}).").format(r=radius))
    ext = dem_layer.extent()
    diag = math.hypot(ext.width(), ext.height())
    if radius > diag:
        raise QgsProcessingException(tr(
            "The radius ({r:.0f} m) is larger than the whole DEM {dem} (diagonal {d:.0f} m). Give a radius "
            "within the terrain, or a larger terrain model.").format(r=radius, dem=dem_layer.name(), d=diag))


def prepare_viewpoints(els: List[Element], warnings: List[str], dem_path: str, dem_label: str,
                       layer_label: str, radius: float, spacing: float, absolute: bool, feedback
                       ) -> Tuple[list, List["engine.Viewpoint"], Tuple[float, ...], Tuple[int, int, float, float]]:
    """Elements -> prepared elements and engine viewpoints (vigie:ztv's conventions), warnings pushed.

    Returns (prepared, viewpoints, DEM geotransform, (rows, cols, cell x, cell y)); a clear error
    when an element cannot be prepared or none lies on the terrain.
    """
    try:
        ground = core_elements.GroundSampler(dem_path)
        prepared, more = core_elements.prepare(els, ground, radius, spacing, absolute)
    except ValueError as err:
        raise QgsProcessingException(tr("Layer {layer}: {error}").format(layer=layer_label, error=err))
    grid = (ground.nrows, ground.ncols, ground.cx, ground.cy)
    dem_gt = ground.gt
    del ground
    for w in warnings + more:
        feedback.pushWarning(w)
    viewpoints = []
    for g, pe in enumerate(prepared):
        for x, y, h in pe.points:
            viewpoints.append(engine.Viewpoint(x, y, h, g, pe.radius))
    if not viewpoints:
        raise QgsProcessingException(tr(
            "No element of {layer} lies on the terrain model {dem}: check that they overlap "
            "(and that the DEM has data there).").format(layer=layer_label, dem=dem_label))
    feedback.pushInfo(tr("{n} elements, {v} viewpoints, radius {r:.0f} m.").format(
        n=len(prepared), v=len(viewpoints), r=radius))
    return prepared, viewpoints, dem_gt, grid
