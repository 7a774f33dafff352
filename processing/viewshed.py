"""vigie:viewshed — viewsheds from viewpoints (points with heights), with optional view cones."""

import datetime
import os

import numpy as np
from qgis.core import (
    QgsCoordinateTransform,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
)

from ..core import cones, rasters
from ..core import viewshed as engine
from ..core.elements import GroundSampler
from .base import GROUP_VISIBILITY, VigieAlgorithm
from .common import accuracy_options, check_dem, check_radius, check_surface, pick_field
from .styles import write_sidecar_style


def _num(feature, field):
    if not field:
        return None
    v = feature[field]
    if v is None or str(v) == "NULL":
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


class ViewshedAlgorithm(VigieAlgorithm):
    ALG_ID = "viewshed"
    GROUP = GROUP_VISIBILITY
    ICON = "viewshed.svg"

    DEM = "DEM"
    VIEWPOINTS = "VIEWPOINTS"
    HEIGHT_FIELD = "HEIGHT_FIELD"
    OBSERVER_HEIGHT = "OBSERVER_HEIGHT"
    TARGET_HEIGHT = "TARGET_HEIGHT"
    RADIUS = "RADIUS"
    RADIUS_FIELD = "RADIUS_FIELD"
    AZ_MIN_FIELD = "AZIMUTH_MIN_FIELD"
    AZ_MAX_FIELD = "AZIMUTH_MAX_FIELD"
    V_MIN_FIELD = "ANGLE_MIN_FIELD"
    V_MAX_FIELD = "ANGLE_MAX_FIELD"
    CURVATURE = "CURVATURE"
    REFRACTION = "REFRACTION"
    SURFACE = "SURFACE"
    ACCURACY = "ACCURACY"
    OUTPUT = "OUTPUT"
    OUTPUT_HEIGHT = "OUTPUT_HEIGHT"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Viewshed from viewpoints")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "What is seen from one or several viewpoints (a belvedere, the top of a spoil tip, a "
            "remarkable view): for each cell, the number of viewpoints that see a target of the "
            "target height there (0/1 for a single viewpoint), and the minimum height a target "
            "must have to be seen.\n\n"
            "The observer stands at the viewpoint, its eye at the height field (or the observer "
            "height) above the ground. Optional fields restrict each viewpoint to a view cone: an "
            "azimuth range in degrees clockwise from north (350 to 20 crosses north) and vertical "
            "angle limits in degrees. Earth curvature and refraction (1/7) as in vigie:ztv; same "
            "engine, same exactness check."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.DEM, self.tr("Terrain model (DEM, projected CRS in metres)")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.VIEWPOINTS, self.tr("Viewpoints"), [QgsProcessing.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterField(
            self.HEIGHT_FIELD, self.tr("Observer height field (m above ground)"), parentLayerParameterName=self.VIEWPOINTS,
            type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.OBSERVER_HEIGHT, self.tr("Observer height when the field is empty (m)"),
            QgsProcessingParameterNumber.Double, 1.6, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.TARGET_HEIGHT, self.tr("Target height (m above ground)"), QgsProcessingParameterNumber.Double, 0.0,
            minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.RADIUS, self.tr("Radius of analysis (m)"), QgsProcessingParameterNumber.Double, 10000.0, minValue=0.0))
        advanced = [
            QgsProcessingParameterEnum(
                self.ACCURACY, self.tr("Accuracy"),
                [self.tr("GDAL only (fastest, no repair)"), self.tr("Fast repair"),
                 self.tr("Balanced (exact line of sight near the visibility boundary)"),
                 self.tr("Exact (slowest)")], defaultValue=2),
            QgsProcessingParameterField(self.RADIUS_FIELD, self.tr("Per-viewpoint radius field (m)"),
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
            QgsProcessingParameterBoolean(self.CURVATURE, self.tr("Earth curvature and refraction"), True),
            QgsProcessingParameterNumber(self.REFRACTION, self.tr("Refraction coefficient"),
                                         QgsProcessingParameterNumber.Double, 1.0 / 7.0, minValue=0.0, maxValue=1.0),
            QgsProcessingParameterRasterLayer(self.SURFACE, self.tr("Surface model with obstacles, same grid as the DEM"),
                                              optional=True),
        ]
        self.add_advanced(advanced)
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Viewshed (number of viewpoints)")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_HEIGHT, self.tr("Minimum visible height"), optional=True))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        dem_layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        dem_path = check_dem(dem_layer, dem_layer.name() if dem_layer else "")
        surface_path = check_surface(self.parameterAsRasterLayer(parameters, self.SURFACE, context), dem_layer)
        source = self.parameterAsSource(parameters, self.VIEWPOINTS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.VIEWPOINTS))
        if source.featureCount() == 0:
            raise QgsProcessingException(self.tr("The viewpoints layer has no feature: nothing to compute."))
        radius = self.parameterAsDouble(parameters, self.RADIUS, context)
        check_radius(radius, dem_layer)
        obs_default = self.parameterAsDouble(parameters, self.OBSERVER_HEIGHT, context)
        target = self.parameterAsDouble(parameters, self.TARGET_HEIGHT, context)
        curvature = self.parameterAsBool(parameters, self.CURVATURE, context)
        refraction = self.parameterAsDouble(parameters, self.REFRACTION, context)
        fields = {
            "h": pick_field(source, self.parameterAsString(parameters, self.HEIGHT_FIELD, context), ("height_m", "hauteur")),
            "r": pick_field(source, self.parameterAsString(parameters, self.RADIUS_FIELD, context), ("radius_m", "rayon")),
            "a0": pick_field(source, self.parameterAsString(parameters, self.AZ_MIN_FIELD, context), ()),
            "a1": pick_field(source, self.parameterAsString(parameters, self.AZ_MAX_FIELD, context), ()),
            "v0": pick_field(source, self.parameterAsString(parameters, self.V_MIN_FIELD, context), ()),
            "v1": pick_field(source, self.parameterAsString(parameters, self.V_MAX_FIELD, context), ()),
        }
        transform = None
        if source.sourceCrs().isValid() and source.sourceCrs() != dem_layer.crs():
            transform = QgsCoordinateTransform(source.sourceCrs(), dem_layer.crs(), context.transformContext())
        vps, cones_by_group, names = [], [], []
        for f in source.getFeatures():
            g = f.geometry()
            if g is None or g.isEmpty():
                feedback.pushWarning(self.tr("Viewpoint {id} has no geometry: skipped.").format(id=f.id()))
                continue
            if transform is not None:
                g.transform(transform)
            pt = g.centroid().asPoint() if g.isMultipart() else g.asPoint()
            h = _num(f, fields["h"])
            if h is None or h < 0:
                h = obs_default
            r = _num(f, fields["r"]) or radius
            group = len(cones_by_group)
            vps.append(engine.Viewpoint(pt.x(), pt.y(), h, group, r))
            cones_by_group.append((pt.x(), pt.y(), h, _num(f, fields["a0"]), _num(f, fields["a1"]),
                                   _num(f, fields["v0"]), _num(f, fields["v1"])))
            names.append(str(f.id()))
        if not vps:
            raise QgsProcessingException(self.tr("No viewpoint with a geometry."))

        ground = GroundSampler(dem_path)
        gt = ground.gt
        del ground
        curv_coeff = (1.0 - refraction) if curvature else 0.0

        def view_cone(i, vp, row0, col0, orow, ocol, window):
            x, y, h, a0, a1, v0, v1 = cones_by_group[vp.group]
            if a0 is None and a1 is None and v0 is None and v1 is None:
                return None
            angles = None
            if v0 is not None or v1 is not None:
                eye_z = float(window[orow, ocol]) + h
                angles = cones.elevation_angles(window, row0, col0, gt, x, y, eye_z, target, curv_coeff)
            return cones.cone_mask(window.shape, row0, col0, gt, x, y, a0, a1, angles, v0, v1)

        try:
            result = engine.run_ztv(
                dem_path, vps, len(vps), [3] * len(vps), eye_height=target, by_kind=False, refraction=refraction,
                curvature=curvature, surface_path=surface_path, window_filter=view_cone,
                progress=lambda p: feedback.setProgress(min(95.0, 0.95 * p)), is_canceled=feedback.isCanceled,
                **accuracy_options(self.parameterAsEnum(parameters, self.ACCURACY, context)))
        except engine.Canceled:
            feedback.reportError(self.tr("Canceled: no output was written."))
            return {}
        except ValueError as err:
            raise QgsProcessingException(self.tr("Terrain model {dem}: {error}").format(dem=dem_layer.name(), error=err))
        for sk in result.skipped:
            feedback.pushWarning(self.tr("Viewpoint {id} skipped: {reason}.").format(
                id=names[sk.viewpoint.group], reason=sk.reason))
        count = result.count  # one group per viewpoint: the number of viewpoints that see the cell
        outside = count == engine.COUNT_NODATA
        meta = {
            "VIGIE_ALGORITHM": "vigie:viewshed",
            "VIGIE_DATE": datetime.datetime.now().isoformat(timespec="seconds"),
            "VIGIE_DEM": os.path.basename(dem_path),
            "VIGIE_N_VIEWPOINTS": str(len(vps)),
            "VIGIE_TARGET_HEIGHT_M": "{:g}".format(target),
            "VIGIE_RADIUS_M": "{:g}".format(radius),
            "VIGIE_CURVATURE": "yes" if curvature else "no",
            "VIGIE_REFRACTION": "{:g}".format(refraction),
            "VIGIE_VIEW_CONES": "yes" if any(c[3] is not None or c[5] is not None for c in cones_by_group) else "no",
        }
        out = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        rasters.write_raster(out, [count], result.geotransform, result.projection, engine.COUNT_NODATA,
                             [self.tr("Number of viewpoints that see the cell")], meta)
        write_sidecar_style(out, "viewshed.qml")
        outputs = {self.OUTPUT: out}
        hpath = self.parameterAsOutputLayer(parameters, self.OUTPUT_HEIGHT, context)
        if hpath:
            adm = rasters.replace_inplace(result.admissible, np.inf, 9999.0)
            adm[outside] = engine.ADMISSIBLE_NODATA
            rasters.write_raster(hpath, [adm], result.geotransform, result.projection, engine.ADMISSIBLE_NODATA,
                                 [self.tr("Minimum height above ground to be seen (m)")], meta)
            write_sidecar_style(hpath, "viewshed_height.qml")
            outputs[self.OUTPUT_HEIGHT] = hpath
        feedback.setProgress(100)
        return outputs
