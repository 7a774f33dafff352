"""Glue shared by vigie:intervisibility, vigie:sightlines and vigie:viewpointpanorama:
element tops as plain values, terrain loading, parameters of the sight-line model."""

import math
from dataclasses import dataclass
from typing import List, Optional, Tuple

from qgis.core import QgsProcessingException, QgsWkbTypes

from ..core import elements as core_elements
from ..core import sightline as core_sl
from ..i18n import tr
from .common import pick_field, read_elements

ID_CANDIDATES = ("id", "id_unesco")
NAME_CANDIDATES = ("name", "nom", "denomination")
TYPE_CANDIDATES = ("type", "typologie", "kind")
HEIGHT_CANDIDATES = ("height_m", "hauteur", "height")


@dataclass
class Top:
    """The top of one element: where sight lines start or end."""

    key: str
    name: str
    type: str
    kind: int
    x: float
    y: float
    height: float          # above the ground (m)
    height_source: str


def check_ids(source, id_field: str, layer_name: str) -> None:
    """Every feature must have a non-empty id and ids must be unique."""
    if not id_field:
        return
    seen = {}
    for f in source.getFeatures():
        v = f[id_field]
        if v is None or str(v) in ("", "NULL"):
            raise QgsProcessingException(tr(
                "Layer {layer}: feature {fid} has no value in the id field {field}. Every element "
                "needs an id (fill it in, or choose another id field).").format(
                layer=layer_name, fid=f.id(), field=id_field))
        key = str(v)
        if key in seen:
            raise QgsProcessingException(tr(
                "Layer {layer}: the id {key} is used by features {a} and {b} of the field {field}. "
                "Sight lines are named by ids: make them unique, or choose another id field.").format(
                layer=layer_name, key=key, a=seen[key], b=f.id(), field=id_field))
        seen[key] = f.id()


def element_tops(alg, parameters, context, feedback, source, dem_layer, dem_path: str,
                 id_param: str, name_param: str, type_param: str, height_param: str,
                 require_ids: bool = True, default_height: Optional[float] = None) -> Tuple[List[Top], str]:
    """Read the elements of ``source`` and return their tops (and the height field used).

    A point element is its point; a polygon or a line is its highest ground cell
    (a spoil tip's summit). Heights: the height field, else ``default_height``
    when given, else the default by type.
    """
    layer_name = source.sourceName() if hasattr(source, "sourceName") else "elements"
    if source.featureCount() == 0:
        raise QgsProcessingException(tr(
            "The layer {layer} has no feature: nothing to compute. Check its filter or selection.").format(
            layer=layer_name))
    id_field = pick_field(source, alg.parameterAsString(parameters, id_param, context), ID_CANDIDATES) \
        if id_param else ""
    if require_ids and not id_field:
        raise QgsProcessingException(tr(
            "Layer {layer} has no field named id: choose the id field of the elements.").format(layer=layer_name))
    check_ids(source, id_field, layer_name)
    # without a parameter, the usual names are looked for (the type gives the default heights)
    name_field = pick_field(source, alg.parameterAsString(parameters, name_param, context) if name_param else "",
                            NAME_CANDIDATES)
    type_field = pick_field(source, alg.parameterAsString(parameters, type_param, context) if type_param else "",
                            TYPE_CANDIDATES)
    height_field = pick_field(source, alg.parameterAsString(parameters, height_param, context), HEIGHT_CANDIDATES) \
        if height_param else ""
    els, warnings = read_elements(source, dem_layer.crs(), context, feedback, id_field, name_field,
                                  type_field, height_field)
    try:
        ground = core_elements.GroundSampler(dem_path)
        prepared, more = core_elements.prepare(els, ground, 1.0, spacing=1e12)
    except ValueError as err:
        raise QgsProcessingException(tr("Layer {layer}: {error}").format(layer=layer_name, error=err))
    finally:
        ground = None
    for w in warnings + more:
        if default_height is not None and "without height: default" in w:
            continue
        feedback.pushWarning(w)
    tops = []
    for pe in prepared:
        if not pe.points:
            continue
        x, y, h = pe.points[0]
        if default_height is not None and pe.height_source == "default":
            h = float(default_height)
        tops.append(Top(pe.key, pe.name, pe.type, pe.kind, x, y, h, pe.height_source))
    if not tops:
        raise QgsProcessingException(tr(
            "No element of {layer} lies on the terrain model {dem}: check that they overlap "
            "(and that the DEM has data there).").format(layer=layer_name, dem=dem_layer.name()))
    return tops, height_field


def load_terrain(dem_path: str, surface_path: Optional[str], dem_name: str,
                 xs, ys, margin: float) -> core_sl.Terrain:
    """The DEM (and surface) window covering the points, as a clear error when unreadable."""
    try:
        return core_sl.read_terrain(dem_path, surface_path,
                                    (min(xs), min(ys), max(xs), max(ys)), margin)
    except ValueError as err:
        raise QgsProcessingException(tr("Terrain model {dem}: {error}").format(dem=dem_name, error=err))


def curvature_coefficient(curvature: bool, refraction: float) -> float:
    """GDAL's convention: 1 - refraction, 0 without curvature."""
    return (1.0 - refraction) if curvature else 0.0


def status_text(status: int) -> str:
    return {core_sl.OK: "ok", core_sl.OUTSIDE: tr("outside the DEM"), core_sl.NODATA_END: tr("on NoData"),
            core_sl.SAME_CELL: tr("same DEM cell")}.get(int(status), "?")


def num(value, digits: int = 3) -> Optional[float]:
    """A float for an output field (None for NaN/inf), rounded to ``digits``."""
    if value is None:
        return None
    v = float(value)
    return None if math.isnan(v) or math.isinf(v) else round(v, digits)


def point_geometry_type() -> int:
    return QgsWkbTypes.Point
