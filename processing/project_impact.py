"""vigie:projectimpact — impact of proposed projects on the views of and from the inscribed elements."""

import datetime
import math
import os
from typing import Dict, List, Optional

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import impact, impact_rules, rasters
from .base import GROUP_VISIBILITY, VigieAlgorithm
from .common import check_dem, check_surface, pick_field, read_elements
from .styles import apply_style_on_load, write_sidecar_style

ACCURACIES = ("gdal", "fast", "balanced", "exact")


def _num(feature, field: str) -> Optional[float]:
    if not field:
        return None
    v = feature[field]
    if v is None or str(v) == "NULL":
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def grade_labels() -> Dict[str, str]:
    from ..i18n import tr

    return {"negligible": tr("negligible"), "minor": tr("minor"), "moderate": tr("moderate"), "major": tr("major")}


def reason_templates() -> Dict[str, str]:
    """The translated reason templates of core/impact_rules (tr() needs the literal strings)."""
    from ..i18n import tr

    return {
        impact_rules.R_INSIDE: tr("the project stands inside the element"),
        impact_rules.R_NOT_VISIBLE: tr("not visible from the element's top: hidden by the terrain"),
        impact_rules.R_NOT_VISIBLE_VP: tr("not visible from the viewpoint: hidden by the terrain"),
        impact_rules.R_BASE: tr("{visible:.0f} m of the project visible at {distance:.1f} km (band {band})"),
        impact_rules.R_BELOW: tr("{visible:.0f} m of the project visible at {distance:.1f} km (band {band}), "
                                 "below the {threshold:.0f} m threshold: negligible"),
        impact_rules.R_COVIS: tr("seen together with the element over {area:.1f} ha "
                                 "(threshold {threshold:.1f} ha): one grade higher"),
        impact_rules.R_SKYLINE: tr("breaks the skyline behind the element seen from {viewpoints}: one grade higher"),
        impact_rules.R_CONE: tr("inside the view cone of the viewpoint: one grade higher"),
    }


def location_labels() -> Dict[str, str]:
    from ..i18n import tr

    return {impact.LOC_PROPERTY: tr("in the inscribed property"), impact.LOC_BUFFER: tr("in the buffer zone"),
            impact.LOC_OUTSIDE: tr("outside the property and its buffer zone")}


class ProjectImpactAlgorithm(VigieAlgorithm):
    ALG_ID = "projectimpact"
    GROUP = GROUP_VISIBILITY
    ICON = "impact.svg"

    DEM = "DEM"
    PROJECTS = "PROJECTS"
    PROJECT_ID_FIELD = "PROJECT_ID_FIELD"
    PROJECT_NAME_FIELD = "PROJECT_NAME_FIELD"
    PROJECT_KIND_FIELD = "PROJECT_KIND_FIELD"
    PROJECT_HEIGHT_FIELD = "PROJECT_HEIGHT_FIELD"
    HUB_HEIGHT_FIELD = "HUB_HEIGHT_FIELD"
    ELEMENTS = "ELEMENTS"
    ID_FIELD = "ID_FIELD"
    NAME_FIELD = "NAME_FIELD"
    TYPE_FIELD = "TYPE_FIELD"
    HEIGHT_FIELD = "HEIGHT_FIELD"
    PERIMETER = "PERIMETER"
    BUFFER_ZONE = "BUFFER_ZONE"
    VIEWPOINTS = "VIEWPOINTS"
    VP_ID_FIELD = "VIEWPOINT_ID_FIELD"
    VP_HEIGHT_FIELD = "VIEWPOINT_HEIGHT_FIELD"
    AZ_MIN_FIELD = "AZIMUTH_MIN_FIELD"
    AZ_MAX_FIELD = "AZIMUTH_MAX_FIELD"
    V_MIN_FIELD = "ANGLE_MIN_FIELD"
    V_MAX_FIELD = "ANGLE_MAX_FIELD"
    VP_RADIUS_FIELD = "VIEWPOINT_RADIUS_FIELD"
    SURFACE = "SURFACE"
    DISTANCE_BANDS = "DISTANCE_BANDS"
    GRADE_THRESHOLDS = "GRADE_THRESHOLDS"
    COVIS_RAISE_HA = "COVIS_RAISE_HA"
    EYE_HEIGHT = "EYE_HEIGHT"
    COVIS_ANGLE = "COVIS_ANGLE"
    SKYLINE_ANGLE = "SKYLINE_ANGLE"
    COVIS_RADIUS = "COVIS_RADIUS"
    SPACING = "SPACING"
    PART_SPACING = "PART_SPACING"
    CURVATURE = "CURVATURE"
    REFRACTION = "REFRACTION"
    ACCURACY = "ACCURACY"
    COVIS_ACCURACY = "COVIS_ACCURACY"
    OUTPUT = "OUTPUT"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"
    OUTPUT_COVISIBILITY = "OUTPUT_COVISIBILITY"
    OUTPUT_ZTV = "OUTPUT_ZTV"
    OUTPUT_SHEETS = "OUTPUT_SHEETS"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Impact of proposed projects on the views")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "For each proposed project (wind turbine points with a tip height and an optional hub height, "
            "a multipoint being a wind farm; building polygons with a height; lines for long structures): "
            "where it stands (in the property, in the buffer zone or outside; distance to the nearest "
            "element and to the perimeter) and, for each inscribed element and each remarkable viewpoint "
            "within range (the last distance band, 20 km by default), whether the project is seen from the "
            "element's top or the viewpoint and how many metres of it show above the horizon (tip and hub "
            "separately for turbines), the distance band, azimuth and elevation angle, whether it lies in "
            "the viewpoint's view cone (azimuth range clockwise, 350 to 20 crosses north) and whether it "
            "breaks the skyline behind an element seen from a viewpoint; the co-visibility zone (cells from "
            "which the element and the project are both seen within the tolerance angle, in the same field "
            "of view) with its area and the part of it in the buffer zone; the project's own zone of "
            "theoretical visibility (number of its parts seen from each cell).\n\n"
            "Method: exact line of sight on the DEM grid (R3) from every viewpoint of the element (its top "
            "and points along its outline every 'outline spacing' metres, as vigie:ztv) to every part of "
            "the project (turbines; building outlines and lines sampled every 'part spacing' metres, "
            "vertices kept); visible height = part height minus the minimum height a target needs there "
            "to be seen; these heights and the grades are always exact. Earth curvature and refraction "
            "(1/7) applied. The projects' ZTV uses GDAL's viewshed by default (choose a repair preset "
            "for an exact map, at a cost); the elements' viewsheds of the co-visibility zones use the "
            "'fast' repair preset of the Vigie engine.\n\n"
            "Grade of each row (negligible, minor, moderate, major), documented in docs/project-impact.md: "
            "base grade from the visible height against thresholds per distance band (minor/moderate/major "
            "in metres, e.g. 0/5/20 for 0-2 km); one grade higher for a co-visibility zone of at least the "
            "given area, for a skyline break behind the element, and for a visible project inside a "
            "viewpoint's view cone; major when the project stands inside the element. Each row gives the "
            "reason of its grade. An optional folder receives one impact sheet per project (PDF, French)."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        dbl = QgsProcessingParameterNumber.Double
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.DEM, self.tr("Terrain model (DEM, projected CRS in metres)")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PROJECTS, self.tr("Proposed projects (turbine points, building polygons, lines)"),
            [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField(
            self.PROJECT_ID_FIELD, self.tr("Project id field"), "id", self.PROJECTS, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.PROJECT_HEIGHT_FIELD, self.tr("Project height field (total height; tip height for a turbine, m)"),
            parentLayerParameterName=self.PROJECTS, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.HUB_HEIGHT_FIELD, self.tr("Hub height field (turbines, m, optional)"),
            parentLayerParameterName=self.PROJECTS, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ELEMENTS, self.tr("Inscribed elements"), [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField(self.ID_FIELD, self.tr("Element id field"), "id", self.ELEMENTS,
                                                      optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.HEIGHT_FIELD, self.tr("Element height field (m above ground; empty = default by type)"),
            parentLayerParameterName=self.ELEMENTS, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PERIMETER, self.tr("Property perimeter"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BUFFER_ZONE, self.tr("Buffer zone"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.VIEWPOINTS, self.tr("Remarkable viewpoints (optional view cones)"),
            [QgsProcessing.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.DISTANCE_BANDS, self.tr("Distance bands (upper limits in m, the last one is the range)"),
            "2000, 5000, 10000, 20000"))
        self.addParameter(QgsProcessingParameterString(
            self.GRADE_THRESHOLDS, self.tr("Visible height thresholds per band, minor/moderate/major (m; - = never)"),
            impact_rules.format_thresholds(impact_rules.DEFAULT_THRESHOLDS)))
        self.addParameter(QgsProcessingParameterNumber(
            self.COVIS_RAISE_HA, self.tr("Co-visibility area that raises the grade (ha)"), dbl,
            impact_rules.DEFAULT_COVIS_RAISE_HA, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.EYE_HEIGHT, self.tr("Observer eye height (m)"), dbl, 1.6, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.COVIS_ANGLE, self.tr("Co-visibility tolerance angle (°, same field of view)"), dbl, 30.0,
            minValue=0.0, maxValue=180.0))
        advanced = [
            QgsProcessingParameterField(self.PROJECT_NAME_FIELD, self.tr("Project name field"),
                                        parentLayerParameterName=self.PROJECTS, optional=True),
            QgsProcessingParameterField(self.PROJECT_KIND_FIELD, self.tr("Project kind field"),
                                        parentLayerParameterName=self.PROJECTS, optional=True),
            QgsProcessingParameterField(self.NAME_FIELD, self.tr("Element name field"),
                                        parentLayerParameterName=self.ELEMENTS, optional=True),
            QgsProcessingParameterField(self.TYPE_FIELD, self.tr("Element type field"),
                                        parentLayerParameterName=self.ELEMENTS, optional=True),
            QgsProcessingParameterField(self.VP_ID_FIELD, self.tr("Viewpoint id field"),
                                        parentLayerParameterName=self.VIEWPOINTS, optional=True),
            QgsProcessingParameterField(self.VP_HEIGHT_FIELD, self.tr("Viewpoint eye height field (m)"),
                                        parentLayerParameterName=self.VIEWPOINTS,
                                        type=QgsProcessingParameterField.Numeric, optional=True),
            QgsProcessingParameterField(self.AZ_MIN_FIELD, self.tr("View cone: start azimuth field (°)"),
                                        parentLayerParameterName=self.VIEWPOINTS,
                                        type=QgsProcessingParameterField.Numeric, optional=True),
            QgsProcessingParameterField(self.AZ_MAX_FIELD, self.tr("View cone: end azimuth field (°)"),
                                        parentLayerParameterName=self.VIEWPOINTS,
                                        type=QgsProcessingParameterField.Numeric, optional=True),
            QgsProcessingParameterField(self.V_MIN_FIELD, self.tr("View cone: lowest vertical angle field (°)"),
                                        parentLayerParameterName=self.VIEWPOINTS,
                                        type=QgsProcessingParameterField.Numeric, optional=True),
            QgsProcessingParameterField(self.V_MAX_FIELD, self.tr("View cone: highest vertical angle field (°)"),
                                        parentLayerParameterName=self.VIEWPOINTS,
                                        type=QgsProcessingParameterField.Numeric, optional=True),
            QgsProcessingParameterField(self.VP_RADIUS_FIELD, self.tr("View cone: radius field (m)"),
                                        parentLayerParameterName=self.VIEWPOINTS,
                                        type=QgsProcessingParameterField.Numeric, optional=True),
            QgsProcessingParameterNumber(self.SKYLINE_ANGLE,
                                         self.tr("Skyline: angle within which the project is behind the element (°)"),
                                         dbl, 10.0, minValue=0.0, maxValue=180.0),
            QgsProcessingParameterNumber(self.COVIS_RADIUS, self.tr("Co-visibility: radius around the elements (m)"),
                                         dbl, 3000.0, minValue=0.0),
            QgsProcessingParameterNumber(self.SPACING, self.tr("Element outline spacing (m)"), dbl, 200.0,
                                         minValue=1.0),
            QgsProcessingParameterNumber(self.PART_SPACING,
                                         self.tr("Project outline / line sampling (m)"), dbl, 500.0, minValue=1.0),
            QgsProcessingParameterBoolean(self.CURVATURE, self.tr("Earth curvature and refraction"), True),
            QgsProcessingParameterNumber(self.REFRACTION, self.tr("Refraction coefficient"), dbl, 1.0 / 7.0,
                                         minValue=0.0, maxValue=1.0),
            QgsProcessingParameterEnum(
                self.ACCURACY, self.tr("Accuracy of the projects' ZTV"),
                [self.tr("GDAL only (fastest, no repair)"), self.tr("Fast repair"),
                 self.tr("Balanced (exact line of sight near the visibility boundary)"),
                 self.tr("Exact (slowest)")], defaultValue=0),
            QgsProcessingParameterEnum(
                self.COVIS_ACCURACY, self.tr("Accuracy of the elements' viewsheds (co-visibility)"),
                [self.tr("GDAL only (fastest, no repair)"), self.tr("Fast repair"),
                 self.tr("Balanced (exact line of sight near the visibility boundary)"),
                 self.tr("Exact (slowest)")], defaultValue=1),
            QgsProcessingParameterRasterLayer(self.SURFACE, self.tr("Surface model with obstacles, same grid as the DEM"),
                                              optional=True),
        ]
        self.add_advanced(advanced)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Impact table (project × element / viewpoint)"), QgsProcessing.TypeVectorLine))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_SUMMARY, self.tr("Project summary"), QgsProcessing.TypeVectorPoint, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_COVISIBILITY, self.tr("Co-visibility zones"), QgsProcessing.TypeVectorPolygon, optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_ZTV, self.tr("ZTV of the projects (number of project parts seen)"), optional=True))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_SHEETS, self.tr("Folder of the impact sheets (PDF, one per project)"), optional=True))

    # ------------------------------------------------------------------------------------------
    def _read_projects(self, source, dem_crs, context, feedback, fields) -> List[impact.Project]:
        transform = None
        if source.sourceCrs().isValid() and source.sourceCrs() != dem_crs:
            transform = QgsCoordinateTransform(source.sourceCrs(), dem_crs, context.transformContext())
        out = []
        for f in source.getFeatures():
            if feedback.isCanceled():
                break
            key = f[fields["id"]] if fields["id"] else None
            key = str(f.id()) if key is None or str(key) == "NULL" else str(key)
            g = f.geometry()
            wkb = b""
            if g is not None and not g.isNull() and not g.isEmpty():
                if transform is not None:
                    g.transform(transform)
                if not g.isGeosValid() and QgsWkbTypes.geometryType(g.wkbType()) == QgsWkbTypes.PolygonGeometry:
                    g = g.makeValid()
                wkb = bytes(g.asWkb())
            raw_h = f[fields["h"]] if fields["h"] else None
            h = _num(f, fields["h"])
            if raw_h is not None and str(raw_h) != "NULL" and h is None:
                raise QgsProcessingException(self.tr(
                    "Project {id}: the height field {field} holds {value!r}, not a number.").format(
                    id=key, field=fields["h"], value=raw_h))
            name = str(f[fields["name"]]) if fields["name"] and f[fields["name"]] is not None else key
            kind = str(f[fields["kind"]]) if fields["kind"] and f[fields["kind"]] is not None else ""
            out.append(impact.Project(key, name, kind, wkb, h, _num(f, fields["hub"])))
        return out

    def _read_polygons(self, parameters, name, context, dem_crs) -> Optional[bytes]:
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            return None
        transform = None
        if source.sourceCrs().isValid() and source.sourceCrs() != dem_crs:
            transform = QgsCoordinateTransform(source.sourceCrs(), dem_crs, context.transformContext())
        geoms = []
        for f in source.getFeatures():
            g = f.geometry()
            if g is None or g.isEmpty():
                continue
            if transform is not None:
                g.transform(transform)
            if not g.isGeosValid():
                g = g.makeValid()
            geoms.append(g)
        if not geoms:
            return None
        return bytes(QgsGeometry.unaryUnion(geoms).asWkb())

    def _read_viewpoints(self, parameters, context, feedback, dem_crs) -> List[impact.RemarkableViewpoint]:
        source = self.parameterAsSource(parameters, self.VIEWPOINTS, context)
        if source is None:
            return []
        f_id = pick_field(source, self.parameterAsString(parameters, self.VP_ID_FIELD, context), ("id",))
        f_name = pick_field(source, "", ("name", "nom"))
        fields = {
            "h": pick_field(source, self.parameterAsString(parameters, self.VP_HEIGHT_FIELD, context),
                            ("height_m", "hauteur")),
            "a0": pick_field(source, self.parameterAsString(parameters, self.AZ_MIN_FIELD, context),
                             ("azimuth_min", "az_min")),
            "a1": pick_field(source, self.parameterAsString(parameters, self.AZ_MAX_FIELD, context),
                             ("azimuth_max", "az_max")),
            "v0": pick_field(source, self.parameterAsString(parameters, self.V_MIN_FIELD, context),
                             ("angle_min",)),
            "v1": pick_field(source, self.parameterAsString(parameters, self.V_MAX_FIELD, context),
                             ("angle_max",)),
            "r": pick_field(source, self.parameterAsString(parameters, self.VP_RADIUS_FIELD, context),
                            ("radius_m", "rayon")),
        }
        transform = None
        if source.sourceCrs().isValid() and source.sourceCrs() != dem_crs:
            transform = QgsCoordinateTransform(source.sourceCrs(), dem_crs, context.transformContext())
        out = []
        for f in source.getFeatures():
            g = f.geometry()
            key = str(f[f_id]) if f_id and f[f_id] is not None else str(f.id())
            if g is None or g.isEmpty():
                feedback.pushWarning(self.tr("Viewpoint {id} has no geometry: skipped.").format(id=key))
                continue
            if transform is not None:
                g.transform(transform)
            pt = g.centroid().asPoint() if g.isMultipart() else g.asPoint()
            h = _num(f, fields["h"])
            a0, a1 = _num(f, fields["a0"]), _num(f, fields["a1"])
            if (a0 is None) != (a1 is None):
                raise QgsProcessingException(self.tr(
                    "Viewpoint {id}: give both the start and the end azimuth of its view cone, or neither.").format(
                    id=key))
            name = str(f[f_name]) if f_name and f[f_name] is not None else key
            out.append(impact.RemarkableViewpoint(key, name, pt.x(), pt.y(), h if h is not None and h >= 0 else 1.6,
                                                  a0, a1, _num(f, fields["v0"]), _num(f, fields["v1"]),
                                                  _num(f, fields["r"])))
        return out

    def _id_field(self, source, parameters, name, context, candidates) -> str:
        """The id field given, else the first candidate present ("id" is the default), else '' (feature ids)."""
        given = self.parameterAsString(parameters, name, context)
        if given and given not in source.fields().names() and given in candidates:
            given = ""
        return pick_field(source, given, candidates)

    def _check_problems(self, problems, layer: str, fields) -> None:
        if not problems:
            return
        code, key, vals = problems[0]
        msgs = {
            "duplicate": self.tr("The projects layer {layer} has the id {id} twice in the field {field}: each "
                                 "project needs its own id."),
            "empty": self.tr("Project {id} of {layer} has no geometry: draw it or remove it."),
            "no_height": self.tr("Project {id} of {layer} has no height in the field {hfield}: give its total "
                                 "height in metres (tip height for a turbine)."),
            "bad_height": self.tr("Project {id} of {layer}: its height {value} m in {hfield} is not between 0 and "
                                  "1000 m."),
            "bad_hub": self.tr("Project {id} of {layer}: its hub height {value} m in {hubfield} must be above 0 m."),
            "hub_above_tip": self.tr("Project {id} of {layer}: the hub height {hub} m ({hubfield}) is above the "
                                     "total (tip) height {tip} m ({hfield}); the tip height is the hub height plus "
                                     "the blade length."),
            "outside_dem": self.tr("Project {id} of {layer} lies outside the terrain model (at {x:.0f}, {y:.0f}): "
                                   "use a DEM that covers it and its surroundings."),
            "nodata": self.tr("Project {id} of {layer} stands on a NoData cell of the terrain model (at {x:.0f}, "
                              "{y:.0f}): fill the DEM there."),
        }
        msg = msgs[code].format(id=key, layer=layer, field=fields["id"] or "fid", hfield=fields["h"] or "?",
                                hubfield=fields["hub"] or "?", **vals)
        if len(problems) > 1:
            msg += " " + self.tr("({n} other problem(s) in the projects layer.)").format(n=len(problems) - 1)
        raise QgsProcessingException(msg)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        dem_layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        dem_path = check_dem(dem_layer, dem_layer.name() if dem_layer else "")
        surface_path = check_surface(self.parameterAsRasterLayer(parameters, self.SURFACE, context), dem_layer)
        psource = self.parameterAsSource(parameters, self.PROJECTS, context)
        if psource is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.PROJECTS))
        player = psource.sourceName() or self.tr("projects")
        if psource.featureCount() == 0:
            raise QgsProcessingException(self.tr(
                "The projects layer {layer} has no feature: add the proposed projects (points for turbines, "
                "polygons for buildings, lines for long structures), or check its filter or selection.").format(
                layer=player))
        esource = self.parameterAsSource(parameters, self.ELEMENTS, context)
        if esource is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.ELEMENTS))
        if esource.featureCount() == 0:
            raise QgsProcessingException(self.tr(
                "The layer {layer} has no feature: nothing to compute. Check its filter or selection.").format(
                layer=esource.sourceName()))
        try:
            bands = impact_rules.parse_bands(self.parameterAsString(parameters, self.DISTANCE_BANDS, context))
            thresholds = impact_rules.parse_thresholds(
                self.parameterAsString(parameters, self.GRADE_THRESHOLDS, context))
            rules = impact_rules.Rules(bands, thresholds,
                                       self.parameterAsDouble(parameters, self.COVIS_RAISE_HA, context))
        except ValueError as err:
            raise QgsProcessingException(self.tr(
                "Distance bands and grade thresholds: {error}. Example: bands 2000, 5000, 10000, 20000 with "
                "thresholds 0/5/20; 0/15/50; 5/40/120; 20/100/- (one minor/moderate/major triple per band).").format(
                error=err))
        pfields = {
            "id": self._id_field(psource, parameters, self.PROJECT_ID_FIELD, context, ("id",)),
            "name": pick_field(psource, self.parameterAsString(parameters, self.PROJECT_NAME_FIELD, context),
                               ("name", "nom")),
            "kind": pick_field(psource, self.parameterAsString(parameters, self.PROJECT_KIND_FIELD, context),
                               ("kind", "type", "nature")),
            "h": pick_field(psource, self.parameterAsString(parameters, self.PROJECT_HEIGHT_FIELD, context),
                            ("height_m", "hauteur", "height", "tip_height_m")),
            "hub": pick_field(psource, self.parameterAsString(parameters, self.HUB_HEIGHT_FIELD, context),
                              ("hub_height_m", "hauteur_moyeu", "hub_height")),
        }
        if not pfields["h"]:
            raise QgsProcessingException(self.tr(
                "The projects layer {layer} has no height field: choose the field of the total height "
                "(tip height for a turbine) in metres.").format(layer=player))
        part_spacing = self.parameterAsDouble(parameters, self.PART_SPACING, context)
        projects = self._read_projects(psource, dem_layer.crs(), context, feedback, pfields)
        self._check_problems(impact.check_projects(projects, dem_path, part_spacing), player, pfields)

        efields = {
            "id": self._id_field(esource, parameters, self.ID_FIELD, context, ("id", "id_unesco")),
            "name": pick_field(esource, self.parameterAsString(parameters, self.NAME_FIELD, context),
                               ("name", "nom", "denomination")),
            "type": pick_field(esource, self.parameterAsString(parameters, self.TYPE_FIELD, context),
                               ("type", "typologie", "kind")),
            "h": pick_field(esource, self.parameterAsString(parameters, self.HEIGHT_FIELD, context),
                            ("height_m", "hauteur", "height")),
        }
        elements, warnings = read_elements(esource, dem_layer.crs(), context, feedback, efields["id"],
                                           efields["name"], efields["type"], efields["h"])
        for w in warnings:
            feedback.pushWarning(w)
        perimeter = self._read_polygons(parameters, self.PERIMETER, context, dem_layer.crs())
        bufzone = self._read_polygons(parameters, self.BUFFER_ZONE, context, dem_layer.crs())
        viewpoints = self._read_viewpoints(parameters, context, feedback, dem_layer.crs())
        params = impact.Params(
            rules=rules, eye_height=self.parameterAsDouble(parameters, self.EYE_HEIGHT, context),
            curvature=self.parameterAsBool(parameters, self.CURVATURE, context),
            refraction=self.parameterAsDouble(parameters, self.REFRACTION, context),
            tolerance=self.parameterAsDouble(parameters, self.COVIS_ANGLE, context),
            skyline_angle=self.parameterAsDouble(parameters, self.SKYLINE_ANGLE, context),
            covis_radius=self.parameterAsDouble(parameters, self.COVIS_RADIUS, context),
            part_spacing=part_spacing, spacing=self.parameterAsDouble(parameters, self.SPACING, context),
            accuracy=ACCURACIES[self.parameterAsEnum(parameters, self.ACCURACY, context)],
            covis_accuracy=ACCURACIES[self.parameterAsEnum(parameters, self.COVIS_ACCURACY, context)])
        feedback.pushInfo(self.tr("{p} project(s), {e} element(s), {v} viewpoint(s); range {r:.0f} m.").format(
            p=len(projects), e=len(elements), v=len(viewpoints), r=rules.max_range))
        feedback.setProgressText(self.tr("Sight lines, ZTV and co-visibility zones"))
        try:
            res = impact.assess(dem_path, projects, elements, viewpoints, perimeter, bufzone, params, surface_path,
                                progress=lambda p: feedback.setProgress(min(90.0, 0.9 * p)),
                                is_canceled=feedback.isCanceled)
        except (impact.Canceled, impact.engine.Canceled):
            feedback.reportError(self.tr("Canceled: no output was written."))
            return {}
        except ValueError as err:
            raise QgsProcessingException(self.tr("Terrain model {dem}: {error}").format(
                dem=dem_layer.name(), error=err))
        for w in res.warnings:
            feedback.pushWarning(w)
        for r in res.rows:
            if r.inside:
                feedback.pushWarning(self.tr(
                    "Project {p} stands inside the element {e} ({name}): graded major, its whole height counted "
                    "as visible from the element.").format(p=projects[r.project].key, e=r.observer_id,
                                                            name=r.observer_name))
        t = res.timings
        feedback.pushInfo(self.tr("Times (s): loading {a:.1f}, sight lines {b:.1f}, ZTV {c:.1f}, co-visibility "
                                  "{d:.1f}, total {e:.1f}.").format(
            a=t.get("load_s", 0), b=t.get("sight_lines_elements_s", 0) + t.get("viewpoints_s", 0),
            c=t.get("ztv_s", 0), d=t.get("covisibility_s", 0), e=t.get("total_s", 0)))
        if feedback.isCanceled():
            return {}
        return self._write(parameters, context, feedback, res, projects, elements, viewpoints, params, dem_layer,
                           dem_path, player)

    # ------------------------------------------------------------------------------------------
    def _write(self, parameters, context, feedback, res, projects, elements, viewpoints, params, dem_layer,
               dem_path, player):
        crs = dem_layer.crs()
        labels = grade_labels()
        templates = reason_templates()
        outputs = {}
        feedback.setProgressText(self.tr("Writing the outputs"))

        def reason_text(r) -> str:
            return "; ".join(x.text(lambda tpl: templates.get(tpl, tpl)) for x in r.reasons)

        fields = QgsFields()
        for name, typ in [("project_id", QVariant.String), ("project_name", QVariant.String),
                          ("project_kind", QVariant.String), ("project_height_m", QVariant.Double),
                          ("observer_type", QVariant.String), ("element_id", QVariant.String),
                          ("element_name", QVariant.String), ("element_type", QVariant.String),
                          ("visible", QVariant.Bool), ("visible_height_m", QVariant.Double),
                          ("visible_hub_m", QVariant.Double), ("distance_m", QVariant.Double),
                          ("band", QVariant.String), ("azimuth_deg", QVariant.Double),
                          ("elevation_deg", QVariant.Double), ("apparent_height_deg", QVariant.Double),
                          ("in_view_cone", QVariant.Bool), ("skyline_break", QVariant.Bool),
                          ("skyline_with", QVariant.String), ("inside_element", QVariant.Bool),
                          ("covis_ha", QVariant.Double), ("covis_buffer_ha", QVariant.Double),
                          ("grade", QVariant.String), ("grade_rank", QVariant.Int),
                          ("grade_label", QVariant.String), ("reason", QVariant.String)]:
            fields.append(QgsField(name, typ))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.LineString, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))

        def nan_none(v):
            return None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 2)

        for r in res.rows:
            p = projects[r.project]
            f = QgsFeature(fields)
            (x0, y0), (x1, y1) = r.line
            f.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(x0, y0), QgsPointXY(x1, y1)]))
            f.setAttributes([p.key, p.name, p.kind, p.height, r.observer_type, r.observer_id, r.observer_name,
                             r.observer_kind, r.visible, round(r.visible_height, 2), nan_none(r.visible_hub),
                             round(r.distance, 1), r.band_label, nan_none(r.azimuth), nan_none(r.elevation),
                             nan_none(r.apparent_height), r.in_cone, r.skyline, ", ".join(r.skyline_with), r.inside,
                             round(r.covis_ha, 2), round(r.covis_buffer_ha, 2), r.grade,
                             impact_rules.GRADES.index(r.grade), labels[r.grade], reason_text(r)])
            sink.addFeature(f, QgsFeatureSink.FastInsert)
        del sink
        apply_style_on_load(context, dest, "impact_rows.qml")
        outputs[self.OUTPUT] = dest

        if parameters.get(self.OUTPUT_SUMMARY) is not None:
            locs = location_labels()
            sf = QgsFields()
            for name, typ in [("project_id", QVariant.String), ("project_name", QVariant.String),
                              ("project_kind", QVariant.String), ("height_m", QVariant.Double),
                              ("hub_height_m", QVariant.Double), ("n_parts", QVariant.Int),
                              ("location", QVariant.String), ("location_label", QVariant.String),
                              ("nearest_element", QVariant.String), ("dist_element_m", QVariant.Double),
                              ("dist_perimeter_m", QVariant.Double), ("n_in_range", QVariant.Int),
                              ("n_visible", QVariant.Int), ("n_negligible", QVariant.Int), ("n_minor", QVariant.Int),
                              ("n_moderate", QVariant.Int), ("n_major", QVariant.Int), ("worst_grade", QVariant.String),
                              ("worst_label", QVariant.String), ("ztv_km2", QVariant.Double),
                              ("covis_ha", QVariant.Double), ("covis_buffer_ha", QVariant.Double),
                              ("inside_elements", QVariant.String)]:
                sf.append(QgsField(name, typ))
            sink, sdest = self.parameterAsSink(parameters, self.OUTPUT_SUMMARY, context, sf, QgsWkbTypes.Point, crs)
            if sink is None:
                raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_SUMMARY))
            for s in res.summaries:
                p = projects[s.project]
                g = QgsGeometry()
                g.fromWkb(p.wkb)
                pt = g.centroid() if QgsWkbTypes.geometryType(g.wkbType()) != QgsWkbTypes.PolygonGeometry \
                    else g.pointOnSurface()
                f = QgsFeature(sf)
                f.setGeometry(pt)
                f.setAttributes([p.key, p.name, p.kind, p.height, p.hub_height, s.n_parts, s.location,
                                 locs[s.location], s.nearest_element, nan_none(s.dist_element),
                                 nan_none(s.dist_perimeter), s.n_rows, s.n_visible, s.counts["negligible"],
                                 s.counts["minor"], s.counts["moderate"], s.counts["major"], s.worst, labels[s.worst],
                                 round(s.ztv_km2, 3), round(s.covis_ha, 2), round(s.covis_buffer_ha, 2),
                                 ", ".join(s.inside_elements)])
                sink.addFeature(f, QgsFeatureSink.FastInsert)
            del sink
            apply_style_on_load(context, sdest, "impact_summary.qml")
            outputs[self.OUTPUT_SUMMARY] = sdest

        if parameters.get(self.OUTPUT_COVISIBILITY) is not None:
            cf = QgsFields()
            for name, typ in [("project_id", QVariant.String), ("element_id", QVariant.String),
                              ("element_name", QVariant.String), ("area_ha", QVariant.Double),
                              ("area_buffer_ha", QVariant.Double), ("grade", QVariant.String)]:
                cf.append(QgsField(name, typ))
            sink, cdest = self.parameterAsSink(parameters, self.OUTPUT_COVISIBILITY, context, cf,
                                               QgsWkbTypes.MultiPolygon, crs)
            if sink is None:
                raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_COVISIBILITY))
            grade_of = {(r.project, r.observer): r.grade for r in res.rows if r.observer_type == "element"}
            for z in res.covis:
                g = QgsGeometry()
                g.fromWkb(z.wkb)
                f = QgsFeature(cf)
                f.setGeometry(g)
                f.setAttributes([projects[z.project].key, elements[z.element].key, elements[z.element].name,
                                 round(z.area_m2 / 1e4, 2), round(z.area_buffer_m2 / 1e4, 2),
                                 grade_of.get((z.project, z.element), "")])
                sink.addFeature(f, QgsFeatureSink.FastInsert)
            del sink
            apply_style_on_load(context, cdest, "impact_covisibility.qml")
            outputs[self.OUTPUT_COVISIBILITY] = cdest

        meta = {
            "VIGIE_ALGORITHM": "vigie:projectimpact",
            "VIGIE_DATE": datetime.datetime.now().isoformat(timespec="seconds"),
            "VIGIE_DEM": os.path.basename(dem_path),
            "VIGIE_PROJECTS": ", ".join(p.key for p in projects),
            "VIGIE_EYE_HEIGHT_M": "{:g}".format(params.eye_height),
            "VIGIE_RANGE_M": "{:g}".format(params.rules.max_range),
            "VIGIE_CURVATURE": "yes" if params.curvature else "no",
            "VIGIE_REFRACTION": "{:g}".format(params.refraction),
            "VIGIE_ACCURACY": params.accuracy,
        }
        zpath = self.parameterAsOutputLayer(parameters, self.OUTPUT_ZTV, context)
        if zpath:
            rasters.write_raster(zpath, [res.ztv], res.geotransform, res.projection, impact.ZTV_NODATA,
                                 [self.tr("Number of project parts seen from the cell")], meta)
            write_sidecar_style(zpath, "impact_ztv.qml")
            apply_style_on_load(context, zpath, "impact_ztv.qml")
            outputs[self.OUTPUT_ZTV] = zpath

        folder = self.parameterAsString(parameters, self.OUTPUT_SHEETS, context)
        if folder and parameters.get(self.OUTPUT_SHEETS) is not None:
            from .base import check_pdf_dependencies

            check_pdf_dependencies()
            from ..core import impact_sheet
            from . import impact_map

            os.makedirs(folder, exist_ok=True)
            paths = []
            layers = {key: self.parameterAsVectorLayer(parameters, name, context)
                      for key, name in (("elements", self.ELEMENTS), ("perimeter", self.PERIMETER),
                                        ("buffer_zone", self.BUFFER_ZONE))}
            for pi in range(len(projects)):
                if feedback.isCanceled():
                    break
                feedback.setProgressText(self.tr("Impact sheet of project {id}").format(id=projects[pi].key))
                map_ = impact_map.render_project_map(res, pi, projects, layers, dem_layer, params)
                paths.append(impact_sheet.write_sheet(
                    os.path.join(folder, impact_sheet.sheet_name(projects[pi].key)), res, pi, projects, elements,
                    viewpoints, params, dem_path, layer_name=player, map_=map_))
                feedback.setProgress(90.0 + 10.0 * (pi + 1) / len(projects))
            feedback.pushInfo(self.tr("{n} impact sheet(s) written in {folder}.").format(n=len(paths), folder=folder))
            outputs[self.OUTPUT_SHEETS] = folder
        feedback.setProgress(100)
        return outputs
