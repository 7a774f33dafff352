"""vigie:intervisibility — the network of sight lines between the elements, top to top."""

import numpy as np
from qgis.core import (
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
    QgsProcessingParameterRasterLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import sightline as core_sl
from .base import GROUP_VISIBILITY, VigieAlgorithm
from .common import check_dem, check_surface
from .sightline_common import curvature_coefficient, element_tops, load_terrain, num, status_text
from .styles import apply_style_on_load


class IntervisibilityAlgorithm(VigieAlgorithm):
    ALG_ID = "intervisibility"
    GROUP = GROUP_VISIBILITY
    ICON = "intervisibility.svg"

    DEM = "DEM"
    ELEMENTS = "ELEMENTS"
    ID_FIELD = "ID_FIELD"
    NAME_FIELD = "NAME_FIELD"
    TYPE_FIELD = "TYPE_FIELD"
    HEIGHT_FIELD = "HEIGHT_FIELD"
    MAX_DISTANCE = "MAX_DISTANCE"
    CURVATURE = "CURVATURE"
    REFRACTION = "REFRACTION"
    SURFACE = "SURFACE"
    OUTPUT = "OUTPUT"
    OUTPUT_OBSTRUCTIONS = "OUTPUT_OBSTRUCTIONS"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Intervisibility network between elements")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Which elements see each other (the 'chaîne des terrils', headframes that answer each "
            "other across the landscape): one line per pair of elements closer than the maximum "
            "distance, from the top of one to the top of the other, computed once per pair.\n\n"
            "A point element is its point; a polygon or a line is its highest ground cell (a spoil "
            "tip's summit). Its top is the height field above the ground (NULL: the default by type, "
            "headframe 40 m, pit 15 m, cité 8 m, spoil tip 1.6 m: a person on its summit).\n\n"
            "Method: the exact R3 line of sight used as the reference of vigie:ztv. Both ends are "
            "taken at the centre of their DEM cell; the sight line is tested at every crossing with "
            "a row or column of cell centres, the terrain (or the optional surface model with "
            "buildings and trees; heights stay relative to the ground) interpolated linearly "
            "between the two bracketing cells. Earth curvature and refraction (coefficient 1/7) "
            "lower the terrain by (1 - k) d² / earth diameter.\n\n"
            "Each line carries: from_id, to_id, their names and types, distance_m, visible (true "
            "when the two tops see each other), clearance_m (the smallest vertical margin between "
            "the sight line and the terrain, negative when blocked: how much lower or higher the "
            "terrain would have to be), and the first obstruction from the 'from' element "
            "(obstruction_m along the line, obstruction_x, obstruction_y; optionally as a point "
            "layer). Styled: visible lines green, blocked lines red dashed."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.DEM, self.tr("Terrain model (DEM, projected CRS in metres)")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ELEMENTS, self.tr("Inscribed elements"), [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField(
            self.ID_FIELD, self.tr("Id field (default: a field named id)"),
            parentLayerParameterName=self.ELEMENTS, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.HEIGHT_FIELD, self.tr("Height field (metres above ground)"),
            parentLayerParameterName=self.ELEMENTS, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MAX_DISTANCE, self.tr("Maximum distance between two elements (m)"),
            QgsProcessingParameterNumber.Double, 10000.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.SURFACE, self.tr("Surface model with obstacles (buildings, trees), same grid as the DEM"),
            optional=True))
        advanced = [
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
            self.OUTPUT, self.tr("Intervisibility network"), QgsProcessing.TypeVectorLine))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_OBSTRUCTIONS, self.tr("First obstructions"), QgsProcessing.TypeVectorPoint,
            optional=True, createByDefault=False))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        dem_layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        dem_path = check_dem(dem_layer, dem_layer.name() if dem_layer else "")
        surface_path = check_surface(self.parameterAsRasterLayer(parameters, self.SURFACE, context), dem_layer)
        source = self.parameterAsSource(parameters, self.ELEMENTS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.ELEMENTS))
        max_d = self.parameterAsDouble(parameters, self.MAX_DISTANCE, context)
        if max_d <= 0:
            raise QgsProcessingException(self.tr("The maximum distance must be greater than 0 m (got {d}).").format(d=max_d))
        curv = curvature_coefficient(self.parameterAsBool(parameters, self.CURVATURE, context),
                                     self.parameterAsDouble(parameters, self.REFRACTION, context))
        feedback.setProgressText(self.tr("Reading the elements"))
        tops, _ = element_tops(self, parameters, context, feedback, source, dem_layer, dem_path,
                               self.ID_FIELD, self.NAME_FIELD, self.TYPE_FIELD, self.HEIGHT_FIELD)
        xs = np.array([t.x for t in tops])
        ys = np.array([t.y for t in tops])
        hs = np.array([t.height for t in tops])
        ii, jj = core_sl.pairs_within(xs, ys, max_d)
        feedback.pushInfo(self.tr("{n} elements, {p} pairs closer than {d:.0f} m.").format(
            n=len(tops), p=len(ii), d=max_d))
        terrain = load_terrain(dem_path, surface_path, dem_layer.name(), xs, ys, 0.0)
        feedback.setProgressText(self.tr("Computing the sight lines"))
        try:
            res = core_sl.line_of_sight(terrain, xs[ii], ys[ii], hs[ii], xs[jj], ys[jj], hs[jj], curv,
                                        is_canceled=feedback.isCanceled,
                                        progress=lambda p: feedback.setProgress(0.9 * p))
        except core_sl.Canceled:
            feedback.reportError(self.tr("Canceled: no output was written."))
            return {}
        same = np.nonzero(res["status"] == core_sl.SAME_CELL)[0]
        for k in same:
            a, b = tops[ii[k]], tops[jj[k]]
            feedback.pushWarning(self.tr(
                "Elements {a} and {b} stand in the same DEM cell (identical positions?): their sight "
                "line is not computed.").format(a=a.key, b=b.key))

        fields = QgsFields()
        for name, typ in (("from_id", QVariant.String), ("to_id", QVariant.String),
                          ("from_name", QVariant.String), ("to_name", QVariant.String),
                          ("from_type", QVariant.String), ("to_type", QVariant.String),
                          ("from_height_m", QVariant.Double), ("to_height_m", QVariant.Double),
                          ("distance_m", QVariant.Double), ("visible", QVariant.Bool),
                          ("clearance_m", QVariant.Double), ("obstruction_m", QVariant.Double),
                          ("obstruction_x", QVariant.Double), ("obstruction_y", QVariant.Double),
                          ("status", QVariant.String)):
            fields.append(QgsField(name, typ))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.LineString,
                                          dem_layer.crs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        osink, odest = None, None
        if parameters.get(self.OUTPUT_OBSTRUCTIONS) is not None:
            ofields = QgsFields()
            for name, typ in (("from_id", QVariant.String), ("to_id", QVariant.String),
                              ("distance_from_m", QVariant.Double), ("clearance_m", QVariant.Double)):
                ofields.append(QgsField(name, typ))
            osink, odest = self.parameterAsSink(parameters, self.OUTPUT_OBSTRUCTIONS, context, ofields,
                                                QgsWkbTypes.Point, dem_layer.crs())
        feedback.setProgressText(self.tr("Writing the network"))
        n_vis = 0
        for k in range(len(ii)):
            if feedback.isCanceled():
                return {}
            a, b = tops[ii[k]], tops[jj[k]]
            st = int(res["status"][k])
            vis = bool(res["visible"][k])
            n_vis += vis
            ft = res["obstruction_t"][k]
            ox = oy = om = None
            if st == core_sl.OK and not vis and not np.isnan(ft):
                # the obstruction on the cell-centre line, reported on the drawn line
                om = float(ft) * float(np.hypot(b.x - a.x, b.y - a.y))
                ox = a.x + float(ft) * (b.x - a.x)
                oy = a.y + float(ft) * (b.y - a.y)
            f = QgsFeature(fields)
            f.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(a.x, a.y), QgsPointXY(b.x, b.y)]))
            f.setAttributes([a.key, b.key, a.name, b.name, a.type, b.type, a.height, b.height,
                             num(np.hypot(b.x - a.x, b.y - a.y)), vis if st == core_sl.OK else None,
                             num(res["clearance"][k]), num(om), num(ox), num(oy), status_text(st)])
            sink.addFeature(f, QgsFeatureSink.FastInsert)
            if osink is not None and om is not None:
                p = QgsFeature(ofields)
                p.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(ox, oy)))
                p.setAttributes([a.key, b.key, num(om), num(res["clearance"][k])])
                osink.addFeature(p, QgsFeatureSink.FastInsert)
        feedback.pushInfo(self.tr("{v} of {p} pairs see each other.").format(v=n_vis, p=len(ii)))
        apply_style_on_load(context, dest, "intervisibility.qml")
        outputs = {self.OUTPUT: dest, "N_PAIRS": len(ii), "N_VISIBLE": n_vis}
        if odest is not None:
            outputs[self.OUTPUT_OBSTRUCTIONS] = odest
            apply_style_on_load(context, odest, "obstructions.qml")
        feedback.setProgress(100)
        return outputs

