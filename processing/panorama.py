"""vigie:viewpointpanorama — the inscribed elements seen from one viewpoint, with how
much of each shows above the horizon."""

import numpy as np
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
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterPoint,
    QgsProcessingParameterRasterLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import elements as core_elements
from ..core import sightline as core_sl
from .base import GROUP_VISIBILITY, VigieAlgorithm
from .common import check_dem, check_surface, pick_field
from .sightline_common import HEIGHT_CANDIDATES, ID_CANDIDATES, curvature_coefficient, element_tops, num
from .styles import apply_style_on_load


class ViewpointPanoramaAlgorithm(VigieAlgorithm):
    ALG_ID = "viewpointpanorama"
    GROUP = GROUP_VISIBILITY
    ICON = "panorama.svg"

    DEM = "DEM"
    VIEWPOINT = "VIEWPOINT"
    VIEWPOINTS = "VIEWPOINTS"
    VIEWPOINT_HEIGHT_FIELD = "VIEWPOINT_HEIGHT_FIELD"
    EYE_HEIGHT = "EYE_HEIGHT"
    ELEMENTS = "ELEMENTS"
    ID_FIELD = "ID_FIELD"
    NAME_FIELD = "NAME_FIELD"
    TYPE_FIELD = "TYPE_FIELD"
    HEIGHT_FIELD = "HEIGHT_FIELD"
    MAX_DISTANCE = "MAX_DISTANCE"
    ONLY_VISIBLE = "ONLY_VISIBLE"
    CURVATURE = "CURVATURE"
    REFRACTION = "REFRACTION"
    SURFACE = "SURFACE"
    OUTPUT = "OUTPUT"
    OUTPUT_POINTS = "OUTPUT_POINTS"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Panorama from a viewpoint")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "From one viewpoint (the top of a spoil tip, a belvedere), the inscribed elements that "
            "are visible, with their distance, azimuth (degrees clockwise from north), elevation "
            "angle of their top and the visible part of their height: how many metres of the "
            "headframe show above the horizon (the terrain, or the surface model, between the "
            "viewpoint and the element).\n\n"
            "The viewpoint is the point given, or every feature of a viewpoints layer (eye height "
            "from its height field; NULL: the eye height, 1.6 m by default). A point element is "
            "its point; a polygon or a line is its highest ground cell. Element heights come from "
            "the height field (NULL: the default by type).\n\n"
            "Method: the exact R3 line of sight (the reference of vigie:ztv), earth curvature and "
            "refraction (1/7): the horizon in the element's direction is the highest terrain "
            "crossing seen from the eye; visible_height_m = the element's top minus that horizon "
            "line at the element, between 0 and its height; above_horizon_m is the same without "
            "the upper limit (a spoil tip standing out of the horizon shows more than the height "
            "of a person on it).\n\n"
            "Outputs: a table sorted by viewpoint and azimuth, and the same as points at the tops "
            "of the elements. By default only the visible elements are listed."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.DEM, self.tr("Terrain model (DEM, projected CRS in metres)")))
        self.addParameter(QgsProcessingParameterPoint(
            self.VIEWPOINT, self.tr("Viewpoint (a point; or use a viewpoints layer)"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.VIEWPOINTS, self.tr("Viewpoints layer (instead of the point)"), [QgsProcessing.TypeVectorPoint],
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.VIEWPOINT_HEIGHT_FIELD, self.tr("Viewpoint eye height field (m above ground)"),
            parentLayerParameterName=self.VIEWPOINTS, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.EYE_HEIGHT, self.tr("Eye height (m above ground)"), QgsProcessingParameterNumber.Double, 1.6,
            minValue=0.0))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ELEMENTS, self.tr("Inscribed elements"), [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField(
            self.HEIGHT_FIELD, self.tr("Height field (metres above ground)"),
            parentLayerParameterName=self.ELEMENTS, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MAX_DISTANCE, self.tr("Maximum distance (m, 0 = no limit)"), QgsProcessingParameterNumber.Double,
            15000.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.ONLY_VISIBLE, self.tr("List only the visible elements"), True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.SURFACE, self.tr("Surface model with obstacles (buildings, trees), same grid as the DEM"),
            optional=True))
        advanced = [
            QgsProcessingParameterField(self.ID_FIELD, self.tr("Id field (default: a field named id)"),
                                        parentLayerParameterName=self.ELEMENTS, optional=True),
            QgsProcessingParameterField(self.NAME_FIELD, self.tr("Name field"),
                                        parentLayerParameterName=self.ELEMENTS, optional=True),
            QgsProcessingParameterField(self.TYPE_FIELD, self.tr("Type field (chevalement, terril, cité…)"),
                                        parentLayerParameterName=self.ELEMENTS, optional=True),
            QgsProcessingParameterBoolean(self.CURVATURE, self.tr("Earth curvature and refraction"), True),
            QgsProcessingParameterNumber(self.REFRACTION, self.tr("Refraction coefficient"),
                                         QgsProcessingParameterNumber.Double, 1.0 / 7.0, minValue=0.0, maxValue=1.0),
        ]
        self.add_advanced(advanced)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Panorama table"), QgsProcessing.TypeVector))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_POINTS, self.tr("Elements seen (points)"), QgsProcessing.TypeVectorPoint, optional=True))

    def _viewpoints(self, parameters, context, dem_layer, eye):
        """[(id, x, y, eye height)] in the DEM's CRS."""
        vps = []
        source = self.parameterAsSource(parameters, self.VIEWPOINTS, context)
        if source is not None:
            transform = None
            if source.sourceCrs().isValid() and source.sourceCrs() != dem_layer.crs():
                transform = QgsCoordinateTransform(source.sourceCrs(), dem_layer.crs(), context.transformContext())
            hf = pick_field(source, self.parameterAsString(parameters, self.VIEWPOINT_HEIGHT_FIELD, context),
                            HEIGHT_CANDIDATES)
            idf = pick_field(source, "", ID_CANDIDATES)
            for f in source.getFeatures():
                g = f.geometry()
                if g is None or g.isEmpty():
                    continue
                if transform is not None:
                    g.transform(transform)
                p = g.centroid().asPoint() if g.isMultipart() else g.asPoint()
                h = f[hf] if hf else None
                try:
                    h = float(h) if h is not None and str(h) != "NULL" else eye
                except (TypeError, ValueError):
                    h = eye
                vps.append((str(f[idf]) if idf and f[idf] is not None else str(f.id()), p.x(), p.y(), h))
            if not vps:
                raise QgsProcessingException(self.tr("The viewpoints layer has no feature with a geometry."))
            return vps
        if parameters.get(self.VIEWPOINT) in (None, ""):
            raise QgsProcessingException(self.tr("Give a viewpoint: a point, or a viewpoints layer."))
        p = self.parameterAsPoint(parameters, self.VIEWPOINT, context, dem_layer.crs())
        return [("viewpoint", p.x(), p.y(), eye)]

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        dem_layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        dem_path = check_dem(dem_layer, dem_layer.name() if dem_layer else "")
        surface_path = check_surface(self.parameterAsRasterLayer(parameters, self.SURFACE, context), dem_layer)
        source = self.parameterAsSource(parameters, self.ELEMENTS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.ELEMENTS))
        eye = self.parameterAsDouble(parameters, self.EYE_HEIGHT, context)
        max_d = self.parameterAsDouble(parameters, self.MAX_DISTANCE, context)
        only_visible = self.parameterAsBool(parameters, self.ONLY_VISIBLE, context)
        curv = curvature_coefficient(self.parameterAsBool(parameters, self.CURVATURE, context),
                                     self.parameterAsDouble(parameters, self.REFRACTION, context))
        vps = self._viewpoints(parameters, context, dem_layer, eye)
        tops, _ = element_tops(self, parameters, context, feedback, source, dem_layer, dem_path,
                               self.ID_FIELD, self.NAME_FIELD, self.TYPE_FIELD, self.HEIGHT_FIELD,
                               require_ids=False)
        tx = np.array([t.x for t in tops])
        ty = np.array([t.y for t in tops])
        th = np.array([t.height for t in tops])
        near = np.zeros(len(tops), dtype=bool)
        for _, x, y, _ in vps:
            near |= (np.hypot(tx - x, ty - y) <= max_d) if max_d > 0 else True
        bx = np.concatenate([tx[near], [v[1] for v in vps]])
        by = np.concatenate([ty[near], [v[2] for v in vps]])
        try:
            terrain = core_sl.read_terrain(dem_path, surface_path, (bx.min(), by.min(), bx.max(), by.max()))
        except ValueError as err:
            raise QgsProcessingException(self.tr("Terrain model {dem}: {error}").format(dem=dem_layer.name(), error=err))

        fields = QgsFields()
        for name, typ in (("viewpoint_id", QVariant.String), ("element_id", QVariant.String),
                          ("name", QVariant.String), ("type", QVariant.String), ("kind", QVariant.String),
                          ("distance_m", QVariant.Double), ("azimuth_deg", QVariant.Double),
                          ("elevation_deg", QVariant.Double), ("horizon_deg", QVariant.Double),
                          ("height_m", QVariant.Double), ("visible", QVariant.Bool),
                          ("visible_height_m", QVariant.Double), ("visible_share_pct", QVariant.Double),
                          ("above_horizon_m", QVariant.Double), ("clearance_m", QVariant.Double)):
            fields.append(QgsField(name, typ))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        psink = pdest = None
        if parameters.get(self.OUTPUT_POINTS) is not None:
            psink, pdest = self.parameterAsSink(parameters, self.OUTPUT_POINTS, context, fields, QgsWkbTypes.Point,
                                                dem_layer.crs())
        n_rows = 0
        for vid, x, y, h in vps:
            if feedback.isCanceled():
                return {}
            try:
                res = core_sl.panorama(terrain, x, y, h, tx, ty, th, curv, max_d if max_d > 0 else None)
            except ValueError as err:
                raise QgsProcessingException(self.tr(
                    "Viewpoint {id}: {error}. Choose a viewpoint on the terrain model {dem}.").format(
                    id=vid, error=err, dem=dem_layer.name()))
            keep = res["in_range"] & (res["status"] == core_sl.OK)
            if only_visible:
                keep &= res["visible"]
            order = [k for k in np.argsort(res["azimuth"], kind="stable") if keep[k]]
            for k in order:
                t = tops[k]
                vh = float(res["visible_height"][k])
                f = QgsFeature(fields)
                f.setAttributes([vid, t.key, t.name, t.type, core_elements.KIND_LABELS[t.kind],
                                 round(float(np.hypot(t.x - x, t.y - y)), 1), num(res["azimuth"][k], 4),
                                 num(res["elevation_angle"][k], 4), num(res["horizon_angle"][k], 4), t.height,
                                 bool(res["visible"][k]), round(vh, 2),
                                 round(100.0 * vh / t.height, 1) if t.height > 0 else None,
                                 num(res["above_horizon"][k]), num(res["clearance"][k])])
                sink.addFeature(f, QgsFeatureSink.FastInsert)
                if psink is not None:
                    g = QgsFeature(f)
                    g.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(t.x, t.y)))
                    psink.addFeature(g, QgsFeatureSink.FastInsert)
                n_rows += 1
            feedback.pushInfo(self.tr("Viewpoint {id}: {n} elements visible.").format(
                id=vid, n=int(res["visible"].sum())))
        out = {self.OUTPUT: dest, "N_ROWS": n_rows}
        if pdest is not None:
            out[self.OUTPUT_POINTS] = pdest
            apply_style_on_load(context, pdest, "panorama_points.qml")
        return out
