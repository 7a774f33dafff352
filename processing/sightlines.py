"""vigie:sightlines — lines of sight from viewpoints to targets, split into visible and
hidden parts, with the obstruction point and a profile table (like ArcGIS's Line Of Sight)."""

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
from .common import check_dem, check_surface, pick_field
from .sightline_common import (
    ID_CANDIDATES,
    curvature_coefficient,
    element_tops,
    load_terrain,
    num,
    status_text,
)
from .styles import apply_style_on_load


class SightlinesAlgorithm(VigieAlgorithm):
    ALG_ID = "sightlines"
    GROUP = GROUP_VISIBILITY
    ICON = "sightlines.svg"

    DEM = "DEM"
    OBSERVERS = "OBSERVERS"
    OBSERVER_ID_FIELD = "OBSERVER_ID_FIELD"
    OBSERVER_HEIGHT_FIELD = "OBSERVER_HEIGHT_FIELD"
    OBSERVER_HEIGHT = "OBSERVER_HEIGHT"
    TARGETS = "TARGETS"
    TARGET_ID_FIELD = "TARGET_ID_FIELD"
    TARGET_HEIGHT_FIELD = "TARGET_HEIGHT_FIELD"
    PAIRING_FIELD = "PAIRING_FIELD"
    MAX_DISTANCE = "MAX_DISTANCE"
    CURVATURE = "CURVATURE"
    REFRACTION = "REFRACTION"
    SURFACE = "SURFACE"
    OUTPUT = "OUTPUT"
    OUTPUT_PROFILE = "OUTPUT_PROFILE"
    OUTPUT_OBSTRUCTIONS = "OUTPUT_OBSTRUCTIONS"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Lines of sight with profiles")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Lines of sight from viewpoints (observers) to targets, like ArcGIS's Line Of Sight: each "
            "line is split into its visible and hidden parts (where the ground, or the surface model, "
            "is seen from the observer's eye or not), with the point where the sight line to the "
            "target is first obstructed, and the terrain profile of every line as a table.\n\n"
            "Pairs: every observer with every target (within the maximum distance; 0 = no limit), or, "
            "with a pairing field on the observers, each observer with the target whose id that field "
            "holds. Observer heights come from their height field (NULL: the observer height, 1.6 m by "
            "default); target heights from theirs (NULL: the default by type: headframe 40 m, pit "
            "15 m, cité 8 m, other 10 m). A polygon target is its highest ground cell.\n\n"
            "Method: the exact R3 line of sight (the reference of vigie:ztv): both ends at the centre "
            "of their DEM cell, the terrain interpolated at every crossing with a row or column of "
            "cell centres, earth curvature and refraction (1/7). The profile gives, at each crossing, "
            "the distance from the observer, the ground, the surface (when given) and the height of "
            "the sight line from the observer's eye to the target's top (curvature included, so that "
            "sight line minus surface is the vertical margin).\n\n"
            "Outputs: the parts (line_id, observer_id, target_id, part, visible, from_m, to_m, "
            "target_visible, clearance_m), the profile table (line_id, distance_m, ground_m, "
            "surface_m, sightline_m, ground_visible) and the obstruction points."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.DEM, self.tr("Terrain model (DEM, projected CRS in metres)")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.OBSERVERS, self.tr("Viewpoints (observers)"), [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField(
            self.OBSERVER_ID_FIELD, self.tr("Viewpoint id field (default: a field named id, else the feature id)"),
            parentLayerParameterName=self.OBSERVERS, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.OBSERVER_HEIGHT_FIELD, self.tr("Viewpoint eye height field (m above ground)"),
            parentLayerParameterName=self.OBSERVERS, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.OBSERVER_HEIGHT, self.tr("Eye height when the field is empty (m)"),
            QgsProcessingParameterNumber.Double, 1.6, minValue=0.0))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.TARGETS, self.tr("Targets (e.g. the inscribed elements)"), [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField(
            self.TARGET_ID_FIELD, self.tr("Target id field (default: a field named id, else the feature id)"),
            parentLayerParameterName=self.TARGETS, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.TARGET_HEIGHT_FIELD, self.tr("Target height field (m above ground)"),
            parentLayerParameterName=self.TARGETS, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.PAIRING_FIELD, self.tr("Pairing field of the viewpoints (target id; empty: all pairs)"),
            parentLayerParameterName=self.OBSERVERS, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.MAX_DISTANCE, self.tr("Maximum distance (m, 0 = no limit)"),
            QgsProcessingParameterNumber.Double, 10000.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.SURFACE, self.tr("Surface model with obstacles (buildings, trees), same grid as the DEM"),
            optional=True))
        self.add_advanced([
            QgsProcessingParameterBoolean(self.CURVATURE, self.tr("Earth curvature and refraction"), True),
            QgsProcessingParameterNumber(self.REFRACTION, self.tr("Refraction coefficient"),
                                         QgsProcessingParameterNumber.Double, 1.0 / 7.0, minValue=0.0,
                                         maxValue=1.0)])
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Lines of sight (visible and hidden parts)"), QgsProcessing.TypeVectorLine))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_PROFILE, self.tr("Profiles of the lines of sight"), QgsProcessing.TypeVector, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_OBSTRUCTIONS, self.tr("Obstruction points"), QgsProcessing.TypeVectorPoint, optional=True))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        dem_layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        dem_path = check_dem(dem_layer, dem_layer.name() if dem_layer else "")
        surface_path = check_surface(self.parameterAsRasterLayer(parameters, self.SURFACE, context), dem_layer)
        observers = self.parameterAsSource(parameters, self.OBSERVERS, context)
        if observers is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.OBSERVERS))
        targets = self.parameterAsSource(parameters, self.TARGETS, context)
        if targets is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.TARGETS))
        max_d = self.parameterAsDouble(parameters, self.MAX_DISTANCE, context)
        curv = curvature_coefficient(self.parameterAsBool(parameters, self.CURVATURE, context),
                                     self.parameterAsDouble(parameters, self.REFRACTION, context))
        eye = self.parameterAsDouble(parameters, self.OBSERVER_HEIGHT, context)
        obs, _ = element_tops(self, parameters, context, feedback, observers, dem_layer, dem_path,
                              self.OBSERVER_ID_FIELD, "", "", self.OBSERVER_HEIGHT_FIELD,
                              require_ids=False, default_height=eye)
        tgs, _ = element_tops(self, parameters, context, feedback, targets, dem_layer, dem_path,
                              self.TARGET_ID_FIELD, "", "", self.TARGET_HEIGHT_FIELD, require_ids=False)
        pairing = self.parameterAsString(parameters, self.PAIRING_FIELD, context)
        pairs = []
        if pairing:
            by_key = {t.key: k for k, t in enumerate(tgs)}
            values = {}
            id_field = pick_field(observers, self.parameterAsString(parameters, self.OBSERVER_ID_FIELD, context),
                                  ID_CANDIDATES)
            for f in observers.getFeatures():
                key = str(f[id_field]) if id_field and f[id_field] is not None else str(f.id())
                values[key] = f[pairing]
            for i, o in enumerate(obs):
                v = values.get(o.key)
                if v is None or str(v) in ("", "NULL"):
                    feedback.pushWarning(self.tr("Viewpoint {id}: no target in the pairing field {field}.").format(
                        id=o.key, field=pairing))
                    continue
                for part in str(v).split(","):
                    part = part.strip()
                    if part not in by_key:
                        raise QgsProcessingException(self.tr(
                            "Viewpoint {id}: the pairing field {field} names the target {target}, which is not "
                            "among the targets' ids. Check the field or the target id field.").format(
                            id=o.key, field=pairing, target=part))
                    pairs.append((i, by_key[part]))
        else:
            for i, o in enumerate(obs):
                for j, t in enumerate(tgs):
                    if max_d <= 0 or np.hypot(t.x - o.x, t.y - o.y) <= max_d:
                        pairs.append((i, j))
        if not pairs:
            raise QgsProcessingException(self.tr(
                "No pair of viewpoint and target to compute (maximum distance {d:.0f} m): raise the maximum "
                "distance or check the pairing field.").format(d=max_d))
        xs = [o.x for o in obs] + [t.x for t in tgs]
        ys = [o.y for o in obs] + [t.y for t in tgs]
        terrain = load_terrain(dem_path, surface_path, dem_layer.name(), xs, ys, 0.0)

        fields = QgsFields()
        for name, typ in (("line_id", QVariant.Int), ("observer_id", QVariant.String),
                          ("target_id", QVariant.String), ("target_name", QVariant.String),
                          ("part", QVariant.Int), ("visible", QVariant.Bool),
                          ("from_m", QVariant.Double), ("to_m", QVariant.Double),
                          ("target_visible", QVariant.Bool), ("clearance_m", QVariant.Double),
                          ("status", QVariant.String)):
            fields.append(QgsField(name, typ))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.LineString,
                                          dem_layer.crs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        psink = pdest = None
        if parameters.get(self.OUTPUT_PROFILE) is not None:
            pfields = QgsFields()
            for name, typ in (("line_id", QVariant.Int), ("observer_id", QVariant.String),
                              ("target_id", QVariant.String), ("distance_m", QVariant.Double),
                              ("ground_m", QVariant.Double), ("surface_m", QVariant.Double),
                              ("sightline_m", QVariant.Double), ("ground_visible", QVariant.Bool)):
                pfields.append(QgsField(name, typ))
            psink, pdest = self.parameterAsSink(parameters, self.OUTPUT_PROFILE, context, pfields,
                                                QgsWkbTypes.NoGeometry)
        osink = odest = None
        if parameters.get(self.OUTPUT_OBSTRUCTIONS) is not None:
            ofields = QgsFields()
            for name, typ in (("line_id", QVariant.Int), ("observer_id", QVariant.String),
                              ("target_id", QVariant.String), ("distance_m", QVariant.Double),
                              ("obstacle_m", QVariant.Double), ("clearance_m", QVariant.Double)):
                ofields.append(QgsField(name, typ))
            osink, odest = self.parameterAsSink(parameters, self.OUTPUT_OBSTRUCTIONS, context, ofields,
                                                QgsWkbTypes.Point, dem_layer.crs())
        n_vis = 0
        for line_id, (i, j) in enumerate(pairs, start=1):
            if feedback.isCanceled():
                return {}
            o, t = obs[i], tgs[j]
            prof = core_sl.profile(terrain, o.x, o.y, o.height, t.x, t.y, t.height, curv)
            length = float(np.hypot(t.x - o.x, t.y - o.y))
            if prof.status != core_sl.OK:
                feedback.pushWarning(self.tr("Line {n} ({a} → {b}) not computed: {reason}.").format(
                    n=line_id, a=o.key, b=t.key, reason=status_text(prof.status)))
                continue
            n_vis += prof.visible
            clear = num(prof.clearance)
            for k, (t0, t1, vis) in enumerate(core_sl.visible_parts(prof), start=1):
                f = QgsFeature(fields)
                f.setGeometry(QgsGeometry.fromPolylineXY([
                    QgsPointXY(o.x + t0 * (t.x - o.x), o.y + t0 * (t.y - o.y)),
                    QgsPointXY(o.x + t1 * (t.x - o.x), o.y + t1 * (t.y - o.y))]))
                f.setAttributes([line_id, o.key, t.key, t.name, k, vis, round(float(t0) * length, 2),
                                 round(float(t1) * length, 2), prof.visible, clear, "ok"])
                sink.addFeature(f, QgsFeatureSink.FastInsert)
            if psink is not None:
                scale = length / prof.length if prof.length > 0 else 1.0
                has_surface = terrain.obstacles is not None
                for k in range(prof.t.size):
                    f = QgsFeature(pfields)
                    f.setAttributes([line_id, o.key, t.key, round(float(prof.distance[k]) * scale, 3),
                                     num(prof.ground[k]), num(prof.obstacle[k]) if has_surface else None,
                                     num(prof.sightline[k]), bool(prof.ground_visible[k])])
                    psink.addFeature(f, QgsFeatureSink.FastInsert)
            if osink is not None and not prof.visible and not np.isnan(prof.obstruction_t):
                ft = float(prof.obstruction_t)
                k = int(np.argmin(np.abs(prof.t - ft)))
                f = QgsFeature(ofields)
                f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(o.x + ft * (t.x - o.x), o.y + ft * (t.y - o.y))))
                f.setAttributes([line_id, o.key, t.key, round(float(ft) * length, 2), num(prof.obstacle[k]), clear])
                osink.addFeature(f, QgsFeatureSink.FastInsert)
            feedback.setProgress(100.0 * line_id / len(pairs))
        feedback.pushInfo(self.tr("{v} of {n} targets seen from their viewpoint.").format(v=n_vis, n=len(pairs)))
        apply_style_on_load(context, dest, "sightlines.qml")
        out = {self.OUTPUT: dest, "N_LINES": len(pairs), "N_VISIBLE": n_vis}
        if pdest is not None:
            out[self.OUTPUT_PROFILE] = pdest
        if odest is not None:
            out[self.OUTPUT_OBSTRUCTIONS] = odest
            apply_style_on_load(context, odest, "obstructions.qml")
        return out
