"""vigie:ztv — zone of theoretical visibility of a set of inscribed elements."""

import datetime
import os
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import elements as core_elements
from ..core import rasters
from ..core import viewshed as engine
from .base import GROUP_VISIBILITY, VigieAlgorithm
from .common import (
    accuracy_options,
    check_dem,
    check_radius,
    check_surface,
    pick_field,
    prepare_viewpoints,
    read_elements,
)
from .styles import apply_style_on_load, write_sidecar_style

NO_LIMIT = 999.0  # admissible height where no element constrains (inside the radius)


class ZtvAlgorithm(VigieAlgorithm):
    ALG_ID = "ztv"
    GROUP = GROUP_VISIBILITY
    ICON = "ztv.svg"

    DEM = "DEM"
    ELEMENTS = "ELEMENTS"
    ID_FIELD = "ID_FIELD"
    NAME_FIELD = "NAME_FIELD"
    TYPE_FIELD = "TYPE_FIELD"
    HEIGHT_FIELD = "HEIGHT_FIELD"
    ABSOLUTE = "ABSOLUTE_HEIGHTS"
    EYE_HEIGHT = "EYE_HEIGHT"
    RADIUS = "RADIUS"
    RADIUS_FIELD = "RADIUS_FIELD"
    CURVATURE = "CURVATURE"
    REFRACTION = "REFRACTION"
    SPACING = "SPACING"
    SURFACE = "SURFACE"
    ACCURACY = "ACCURACY"
    OUTPUT_COUNT = "OUTPUT_COUNT"
    OUTPUT_HEIGHT = "OUTPUT_HEIGHT"
    OUTPUT_ZONES = "OUTPUT_ZONES"
    OUTPUT_TABLE = "OUTPUT_TABLE"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Zone of theoretical visibility (ZTV) of elements")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "For every cell of the terrain model: how many inscribed elements are visible from it "
            "(in total and by type: headframes, spoil tips, cités, others), the greatest height a "
            "new structure there can have and stay invisible from every element, and, per element, "
            "the zone from which it is seen.\n\n"
            "Visibility is reciprocal: a cell sees an element when the sight line from the "
            "element's top to an eye at the eye height above the ground of the cell is clear. "
            "A point element is one viewpoint at its top; a polygon or a line is its highest ground "
            "cell (a spoil tip's summit) plus points along its outline every 'outline spacing' "
            "metres, and it is seen when any of them is. Heights are metres above the ground "
            "model (or elevations in absolute mode); a NULL height takes a default by type "
            "(headframe 40 m, pit 15 m, cité 8 m; spoil tips and embankments are in the terrain, their viewpoints are a person of 1.6 m standing on them).\n\n"
            "Earth curvature and atmospheric refraction are applied (coefficient 1/7 = 0.143, as "
            "GDAL and GRASS; ArcGIS uses 0.13). An optional surface model (buildings, trees) "
            "blocks the views while heights stay relative to the ground. NoData cells are never "
            "visible and never block. The engine runs GDAL's viewshed on a window around each "
            "viewpoint and repairs it near the visibility boundary with an exact line of sight.\n\n"
            "Outputs lie on the DEM's grid; NoData outside every radius. Every output records "
            "the parameters used."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.DEM, self.tr("Terrain model (DEM, projected CRS in metres)")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ELEMENTS, self.tr("Inscribed elements"), [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField(
            self.ID_FIELD, self.tr("Id field (default: a field named id, else the feature id)"),
            parentLayerParameterName=self.ELEMENTS, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.HEIGHT_FIELD, self.tr("Height field (metres above ground)"),
            parentLayerParameterName=self.ELEMENTS, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.EYE_HEIGHT, self.tr("Observer eye height (m)"), QgsProcessingParameterNumber.Double, 1.6,
            minValue=0.0, maxValue=1000.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.RADIUS, self.tr("Radius of analysis (m)"), QgsProcessingParameterNumber.Double, 10000.0,
            minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.REFRACTION, self.tr("Refraction coefficient"), QgsProcessingParameterNumber.Double,
            1.0 / 7.0, minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.SURFACE, self.tr("Surface model with obstacles (buildings, trees), same grid as the DEM"),
            optional=True))
        advanced = [
            QgsProcessingParameterEnum(
                self.ACCURACY, self.tr("Accuracy"),
                [self.tr("GDAL only (fastest, no repair)"), self.tr("Fast repair"),
                 self.tr("Balanced (exact line of sight near the visibility boundary)"),
                 self.tr("Exact (slowest)")], defaultValue=2),
            QgsProcessingParameterField(self.NAME_FIELD, self.tr("Name field"),
                                        parentLayerParameterName=self.ELEMENTS, optional=True),
            QgsProcessingParameterField(self.TYPE_FIELD, self.tr("Type field (chevalement, terril, cité…)"),
                                        parentLayerParameterName=self.ELEMENTS, optional=True),
            QgsProcessingParameterBoolean(self.ABSOLUTE, self.tr("Heights are absolute elevations"), False),
            QgsProcessingParameterField(self.RADIUS_FIELD, self.tr("Per-element radius field (m)"),
                                        parentLayerParameterName=self.ELEMENTS,
                                        type=QgsProcessingParameterField.Numeric, optional=True),
            QgsProcessingParameterBoolean(self.CURVATURE, self.tr("Earth curvature and refraction"), True),
            QgsProcessingParameterNumber(self.SPACING, self.tr("Outline spacing of polygon and line elements (m)"),
                                         QgsProcessingParameterNumber.Double, 100.0, minValue=1.0),
        ]
        self.add_advanced(advanced)
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_COUNT, self.tr("Number of elements visible")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_HEIGHT, self.tr("Admissible height of a new structure"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_ZONES, self.tr("Visibility zone of each element"), QgsProcessing.TypeVectorPolygon,
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_TABLE, self.tr("Summary per element"), QgsProcessing.TypeVector, optional=True))

    # ------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        dem_layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        dem_path = check_dem(dem_layer, dem_layer.name() if dem_layer else "")
        surface_path = check_surface(self.parameterAsRasterLayer(parameters, self.SURFACE, context), dem_layer)
        source = self.parameterAsSource(parameters, self.ELEMENTS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.ELEMENTS))
        el_name = source.sourceName() if hasattr(source, "sourceName") else "elements"
        if source.featureCount() == 0:
            raise QgsProcessingException(self.tr(
                "The layer {layer} has no feature: nothing to compute. Check its filter or selection.").format(
                layer=el_name))
        eye = self.parameterAsDouble(parameters, self.EYE_HEIGHT, context)
        radius = self.parameterAsDouble(parameters, self.RADIUS, context)
        refraction = self.parameterAsDouble(parameters, self.REFRACTION, context)
        curvature = self.parameterAsBool(parameters, self.CURVATURE, context)
        spacing = self.parameterAsDouble(parameters, self.SPACING, context) or 100.0
        absolute = self.parameterAsBool(parameters, self.ABSOLUTE, context)
        check_radius(radius, dem_layer)
        id_field = pick_field(source, self.parameterAsString(parameters, self.ID_FIELD, context), ("id", "id_unesco"))
        name_field = pick_field(source, self.parameterAsString(parameters, self.NAME_FIELD, context),
                                ("name", "nom", "denomination"))
        type_field = pick_field(source, self.parameterAsString(parameters, self.TYPE_FIELD, context),
                                ("type", "typologie", "kind"))
        height_field = pick_field(source, self.parameterAsString(parameters, self.HEIGHT_FIELD, context),
                                  ("height_m", "hauteur", "height"))
        radius_field = self.parameterAsString(parameters, self.RADIUS_FIELD, context)

        feedback.setProgressText(self.tr("Reading the elements"))
        els, warnings = read_elements(source, dem_layer.crs(), context, feedback, id_field, name_field,
                                      type_field, height_field, radius_field)
        prepared, viewpoints, dem_gt, _grid = prepare_viewpoints(
            els, warnings, dem_path, dem_layer.name(), el_name, radius, spacing, absolute, feedback)

        zones = {}

        want_zones = parameters.get(self.OUTPUT_ZONES) is not None
        want_table = parameters.get(self.OUTPUT_TABLE) is not None

        def on_group(g, res):
            if want_zones and res.mask is not None and res.mask.any():
                wkb, _ = rasters.polygonize_mask(res.mask, dem_gt, res.row0, res.col0)
                zones[g] = wkb

        feedback.setProgressText(self.tr("Computing the viewsheds"))
        height_path = self.parameterAsOutputLayer(parameters, self.OUTPUT_HEIGHT, context)
        try:
            result = engine.run_ztv(
                dem_path, viewpoints, len(prepared), [pe.kind for pe in prepared], eye_height=eye,
                refraction=refraction, curvature=curvature, surface_path=surface_path,
                on_group=on_group if want_zones else None,
                progress=lambda p: feedback.setProgress(min(95.0, 0.95 * p)), is_canceled=feedback.isCanceled,
                want_admissible=bool(height_path), want_distance=want_zones or want_table,
                **accuracy_options(self.parameterAsEnum(parameters, self.ACCURACY, context)))
        except engine.Canceled:
            feedback.reportError(self.tr("Canceled: no output was written."))
            return {}
        except ValueError as err:
            raise QgsProcessingException(self.tr("Terrain model {dem}: {error}").format(dem=dem_layer.name(), error=err))
        for sk in result.skipped:
            feedback.pushWarning(self.tr("A viewpoint of element {name} was skipped: {reason}.").format(
                name=prepared[sk.viewpoint.group].name, reason=sk.reason))
        if result.stats:
            feedback.pushInfo(self.tr("Engine: {s}").format(
                s=", ".join("{}={:g}".format(k, v) for k, v in sorted(result.stats.items()))))
        if feedback.isCanceled():
            return {}

        meta = {
            "VIGIE_ALGORITHM": "vigie:ztv",
            "VIGIE_DATE": datetime.datetime.now().isoformat(timespec="seconds"),
            "VIGIE_DEM": os.path.basename(dem_path),
            "VIGIE_SURFACE": os.path.basename(surface_path) if surface_path else "",
            "VIGIE_ELEMENTS": el_name,
            "VIGIE_N_ELEMENTS": str(len(prepared)),
            "VIGIE_N_VIEWPOINTS": str(len(viewpoints)),
            "VIGIE_EYE_HEIGHT_M": "{:g}".format(eye),
            "VIGIE_RADIUS_M": "{:g}".format(radius),
            "VIGIE_CURVATURE": "yes" if curvature else "no",
            "VIGIE_REFRACTION": "{:g}".format(refraction),
            "VIGIE_OUTLINE_SPACING_M": "{:g}".format(spacing),
            "VIGIE_HEIGHT_FIELD": height_field or "(defaults by type)",
            "VIGIE_ABSOLUTE_HEIGHTS": "yes" if absolute else "no",
            "VIGIE_ACCURACY": ("gdal", "fast", "balanced", "exact")[self.parameterAsEnum(parameters, self.ACCURACY, context)],
            "VIGIE_SAMPLE_AGREEMENT_MIN_PCT": "{:g}".format(result.stats.get("sample_agreement_min", float("nan"))),
        }
        feedback.setProgressText(self.tr("Writing the outputs"))
        t_write = time.perf_counter()
        outputs = {}
        count_path = self.parameterAsOutputLayer(parameters, self.OUTPUT_COUNT, context)
        cbk = result.count_by_kind
        if cbk is None:
            raise QgsProcessingException("internal error: the engine returned no count by type")
        count_names = [self.tr("Number of elements visible"), self.tr("Headframes visible"),
                       self.tr("Spoil tips visible"), self.tr("Cités visible"), self.tr("Other elements visible")]
        height_names = [self.tr("Admissible height above ground (m)")]

        def write_rasters():
            rasters.write_raster(count_path, [result.count, cbk[0], cbk[1], cbk[2], cbk[3]], result.geotransform,
                                 result.projection, engine.COUNT_NODATA, count_names, meta)
            if height_path:
                adm = rasters.replace_inplace(result.admissible, np.inf, NO_LIMIT)
                rasters.write_raster(height_path, [adm], result.geotransform, result.projection,
                                     engine.ADMISSIBLE_NODATA, height_names,
                                     dict(meta, VIGIE_NO_LIMIT_VALUE="{:g}".format(NO_LIMIT)))

        fields = QgsFields()
        for name, typ in (("element_id", QVariant.String), ("name", QVariant.String), ("type", QVariant.String),
                          ("kind", QVariant.String), ("height_m", QVariant.Double),
                          ("height_source", QVariant.String), ("viewpoints", QVariant.Int),
                          ("radius_m", QVariant.Double), ("visible_area_ha", QVariant.Double),
                          ("max_distance_m", QVariant.Double), ("status", QVariant.String),
                          ("eye_height_m", QVariant.Double), ("refraction", QVariant.Double),
                          ("dem", QVariant.String), ("computed", QVariant.String)):
            fields.append(QgsField(name, typ))

        def row(g):
            pe = prepared[g]
            st = result.groups[g]
            status = pe.problem or ("skipped" if st.skipped else "ok")
            f = QgsFeature(fields)
            f.setAttributes([pe.key, pe.name, pe.type, core_elements.KIND_LABELS[pe.kind], pe.height,
                             pe.height_source, st.n_viewpoints, pe.radius,
                             round(st.visible_area_m2 / 10000.0, 4), round(st.max_distance_m, 1), status,
                             eye, refraction if curvature else 0.0, os.path.basename(dem_path),
                             meta["VIGIE_DATE"]])
            return f

        # the rasters are written by GDAL in a thread (it releases the GIL and compresses with
        # both cores; each file is written atomically) while this thread writes the zones and
        # the table (two raster writes at once are slower than one after the other); leaving
        # the block waits for them, also when writing the zones fails
        with ThreadPoolExecutor(max_workers=1) as pool:
            rasters_job = pool.submit(write_rasters)
            if parameters.get(self.OUTPUT_ZONES) is not None:
                sink, dest = self.parameterAsSink(parameters, self.OUTPUT_ZONES, context, fields,
                                                  QgsWkbTypes.MultiPolygon, dem_layer.crs())
                if sink is None:
                    raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_ZONES))
                for g in range(len(prepared)):
                    if g not in zones:
                        continue
                    f = row(g)
                    geom = QgsGeometry()
                    geom.fromWkb(zones[g])
                    f.setGeometry(geom)
                    sink.addFeature(f, QgsFeatureSink.FastInsert)
                outputs[self.OUTPUT_ZONES] = dest
                apply_style_on_load(context, dest, "ztv_zones.qml")
            if parameters.get(self.OUTPUT_TABLE) is not None:
                sink, dest = self.parameterAsSink(parameters, self.OUTPUT_TABLE, context, fields, QgsWkbTypes.NoGeometry)
                if sink is None:
                    raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_TABLE))
                for g in range(len(prepared)):
                    sink.addFeature(row(g), QgsFeatureSink.FastInsert)
                outputs[self.OUTPUT_TABLE] = dest
            rasters_job.result()   # re-raises a write error
        write_sidecar_style(count_path, "ztv_count.qml")
        outputs[self.OUTPUT_COUNT] = count_path
        if height_path:
            write_sidecar_style(height_path, "ztv_height.qml")
            outputs[self.OUTPUT_HEIGHT] = height_path
        del result.count_by_kind
        feedback.pushInfo(self.tr("Viewsheds computed in {a:.1f} s, outputs written in {b:.1f} s.").format(
            a=result.stats.get("seconds", 0.0), b=time.perf_counter() - t_write))
        feedback.setProgress(100)
        return outputs
