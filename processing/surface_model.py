"""vigie:surfacemodel — ground DEM + buildings (+ vegetation) on the DEM's grid."""

import datetime
import os
from typing import List, Optional, Tuple

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProject,
    QgsWkbTypes,
)

from ..core import surface as core_surface
from .base import GROUP_VISIBILITY, VigieAlgorithm
from .common import check_dem, pick_field

HEIGHT_CANDIDATES = ("hauteur", "height_m", "height", "haut")
FLOORS_CANDIDATES = ("nombre_d_etages", "floors", "nb_etages", "etages", "building_levels", "levels")


def _ids(ids: List[int], limit: int = 12) -> str:
    text = ", ".join(str(i) for i in ids[:limit])
    return text + (" …" if len(ids) > limit else "")


class SurfaceModelAlgorithm(VigieAlgorithm):
    ALG_ID = "surfacemodel"
    GROUP = GROUP_VISIBILITY
    ICON = "surfacemodel.svg"

    DEM = "DEM"
    BUILDINGS = "BUILDINGS"
    HEIGHT_FIELD = "HEIGHT_FIELD"
    FLOORS_FIELD = "FLOORS_FIELD"
    STOREY_HEIGHT = "STOREY_HEIGHT"
    DEFAULT_HEIGHT = "DEFAULT_HEIGHT"
    VEGETATION = "VEGETATION"
    VEGETATION_HEIGHT_FIELD = "VEGETATION_HEIGHT_FIELD"
    VEGETATION_DEFAULT_HEIGHT = "VEGETATION_DEFAULT_HEIGHT"
    ALL_TOUCHED = "ALL_TOUCHED"
    OUTPUT = "OUTPUT"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Surface model (ground + buildings + vegetation)")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Builds the obstacle surface used by the visibility algorithms (their 'surface model' "
            "input): the ground elevation of the DEM plus the height of the buildings and, "
            "optionally, of vegetation polygons. The result is a GeoTIFF on exactly the DEM's grid "
            "(same size, cell size, origin and CRS); NoData cells of the DEM stay NoData.\n\n"
            "Building height: the height field when it is set (BD TOPO: 'hauteur'), else the "
            "number of floors × the storey height (BD TOPO: 'nombre_d_etages'; 3 m by default), "
            "else the default height (6 m; 0 leaves such buildings out). The fields are found by "
            "name when not given. The log says how many buildings took each rule. A negative "
            "height or number of floors skips the building and the log names its feature ids; a "
            "height above 350 m stops the run (elevations given as heights?). Vegetation takes "
            "its height field, else its default height (10 m).\n\n"
            "Where footprints overlap (buildings, trees) the highest wins. A cell is raised when "
            "its centre lies in a footprint (GDAL's rasterisation rule: the raised area matches "
            "the footprint area on average, but a footprint smaller than a cell may raise none); "
            "tick 'every cell touched' to raise every cell a footprint touches (conservative: "
            "footprints grow by up to one cell). Layers in another CRS are reprojected to the "
            "DEM's CRS (the log says so)."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.DEM, self.tr("Terrain model (DEM, projected CRS in metres)")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BUILDINGS, self.tr("Buildings (footprints)"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.HEIGHT_FIELD, self.tr("Building height field (m; default: hauteur, height_m…)"),
            parentLayerParameterName=self.BUILDINGS, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.FLOORS_FIELD, self.tr("Number of floors field (default: nombre_d_etages, floors…)"),
            parentLayerParameterName=self.BUILDINGS, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.STOREY_HEIGHT, self.tr("Storey height (m)"), QgsProcessingParameterNumber.Double, 3.0,
            minValue=0.1, maxValue=20.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.DEFAULT_HEIGHT, self.tr("Default building height when unknown (m; 0 = leave out)"),
            QgsProcessingParameterNumber.Double, 6.0, minValue=0.0, maxValue=350.0))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.VEGETATION, self.tr("Vegetation (woods, hedges; polygons)"), [QgsProcessing.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.VEGETATION_HEIGHT_FIELD, self.tr("Vegetation height field (m)"),
            parentLayerParameterName=self.VEGETATION, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.VEGETATION_DEFAULT_HEIGHT, self.tr("Default vegetation height (m)"),
            QgsProcessingParameterNumber.Double, 10.0, minValue=0.0, maxValue=150.0))
        self.add_advanced([QgsProcessingParameterBoolean(
            self.ALL_TOUCHED, self.tr("Raise every cell a footprint touches (default: cells whose centre is inside)"),
            False)])
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Surface model")))

    # ------------------------------------------------------------------
    def _read(self, source, label: str, dem_crs, context, feedback, height_field: str,
              floors_field: str) -> List[core_surface.Footprint]:
        """Polygon features as plain Footprints in the DEM's CRS."""
        transform = None
        if source.sourceCrs().isValid() and source.sourceCrs() != dem_crs:
            transform = QgsCoordinateTransform(source.sourceCrs(), dem_crs, context.transformContext()
                                               if context else QgsProject.instance().transformContext())
            feedback.pushWarning(self.tr("Layer {layer} is in {src}: reprojected to the DEM's CRS {dst}.").format(
                layer=label, src=source.sourceCrs().authid(), dst=dem_crs.authid()))
        elif not source.sourceCrs().isValid():
            feedback.pushWarning(self.tr("Layer {layer} has no CRS: its coordinates are taken as in the "
                                         "DEM's CRS {dst}.").format(layer=label, dst=dem_crs.authid()))
        out: List[core_surface.Footprint] = []
        not_polygons = 0

        def number(f, name: str) -> Optional[float]:
            if not name:
                return None
            v = f[name]
            if v is None or str(v) == "NULL" or v == "":
                return None
            try:
                return float(v)
            except (TypeError, ValueError):
                raise QgsProcessingException(self.tr(
                    "Layer {layer}, feature {fid}: the field {field} holds {value!r}, not a number. Fix the "
                    "value or choose another field.").format(layer=label, fid=f.id(), field=name, value=v))

        for f in source.getFeatures(QgsFeatureRequest()):
            if feedback.isCanceled():
                break
            geom = f.geometry()
            if geom is None or geom.isNull() or geom.isEmpty():
                continue
            if QgsWkbTypes.geometryType(geom.wkbType()) != QgsWkbTypes.PolygonGeometry:
                not_polygons += 1
                continue
            if not geom.isGeosValid():
                geom = geom.makeValid()
            if transform is not None:
                geom.transform(transform)
            out.append(core_surface.Footprint(f.id(), bytes(geom.asWkb()), number(f, height_field),
                                              number(f, floors_field)))
        if not_polygons:
            feedback.pushWarning(self.tr("Layer {layer}: {n} features are not polygons and were left out.").format(
                layer=label, n=not_polygons))
        return out

    def _report(self, label: str, rep: core_surface.HeightReport, feedback, default: float,
                height_field: str, floors_field: str, storey: float) -> None:
        if rep.too_high:
            raise QgsProcessingException(self.tr(
                "Layer {layer}: {n} features are higher than {max:.0f} m (feature ids {ids}). Are these "
                "elevations rather than heights above the ground? Fix the height field {field}.").format(
                layer=label, n=len(rep.too_high), max=core_surface.MAX_OBSTACLE_HEIGHT, ids=_ids(rep.too_high),
                field=height_field or floors_field))
        if rep.negative:
            feedback.pushWarning(self.tr(
                "Layer {layer}: {n} features with a negative height or number of floors were left out "
                "(feature ids {ids}).").format(layer=label, n=len(rep.negative), ids=_ids(rep.negative)))
        if rep.from_field:
            feedback.pushInfo(self.tr("Layer {layer}: {n} heights from the field {field}.").format(
                layer=label, n=len(rep.from_field), field=height_field))
        if rep.from_floors:
            feedback.pushInfo(self.tr(
                "Layer {layer}: {n} heights from the number of floors ({field}) × {storey:g} m.").format(
                layer=label, n=len(rep.from_floors), field=floors_field, storey=storey))
        if rep.from_default:
            feedback.pushWarning(self.tr(
                "Layer {layer}: {n} features have no height: the default height {h:g} m was used.").format(
                layer=label, n=len(rep.from_default), h=default))
        if rep.without_height:
            feedback.pushWarning(self.tr(
                "Layer {layer}: {n} features have no height and the default height is 0: they were "
                "left out.").format(layer=label, n=len(rep.without_height)))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        dem_layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        dem_path = check_dem(dem_layer, dem_layer.name() if dem_layer else "")
        buildings = self.parameterAsSource(parameters, self.BUILDINGS, context)
        vegetation = self.parameterAsSource(parameters, self.VEGETATION, context)
        if buildings is None and vegetation is None:
            raise QgsProcessingException(self.tr(
                "Give a buildings layer, a vegetation layer or both: without obstacles the surface "
                "model would be the DEM itself."))
        storey = self.parameterAsDouble(parameters, self.STOREY_HEIGHT, context)
        default = self.parameterAsDouble(parameters, self.DEFAULT_HEIGHT, context)
        veg_default = self.parameterAsDouble(parameters, self.VEGETATION_DEFAULT_HEIGHT, context)
        all_touched = self.parameterAsBool(parameters, self.ALL_TOUCHED, context)
        obstacles: List[Tuple[bytes, float]] = []
        meta = {
            "VIGIE_ALGORITHM": "vigie:surfacemodel",
            "VIGIE_DATE": datetime.datetime.now().isoformat(timespec="seconds"),
            "VIGIE_DEM": os.path.basename(dem_path),
            "VIGIE_STOREY_HEIGHT_M": "{:g}".format(storey),
            "VIGIE_DEFAULT_HEIGHT_M": "{:g}".format(default),
            "VIGIE_VEGETATION_DEFAULT_HEIGHT_M": "{:g}".format(veg_default),
            "VIGIE_ALL_TOUCHED": "yes" if all_touched else "no",
        }
        feedback.setProgressText(self.tr("Reading the obstacles"))
        if buildings is not None:
            label = buildings.sourceName() if hasattr(buildings, "sourceName") else "buildings"
            hf = pick_field(buildings, self.parameterAsString(parameters, self.HEIGHT_FIELD, context),
                            HEIGHT_CANDIDATES)
            ff = pick_field(buildings, self.parameterAsString(parameters, self.FLOORS_FIELD, context),
                            FLOORS_CANDIDATES)
            if not hf and not ff:
                feedback.pushWarning(self.tr(
                    "Layer {layer} has no height field nor number of floors field (looked for hauteur, "
                    "height_m, nombre_d_etages, floors…): every building takes the default height.").format(
                    layer=label))
            fps = self._read(buildings, label, dem_layer.crs(), context, feedback, hf, ff)
            try:
                heights, rep = core_surface.resolve_heights(fps, storey, default)
            except ValueError as err:
                raise QgsProcessingException(str(err))
            self._report(label, rep, feedback, default, hf, ff, storey)
            obstacles += [(fp.wkb, h) for fp, h in zip(fps, heights) if h is not None]
            meta.update({"VIGIE_BUILDINGS": label, "VIGIE_HEIGHT_FIELD": hf, "VIGIE_FLOORS_FIELD": ff,
                         "VIGIE_N_BUILDINGS": str(sum(1 for h in heights if h))})
        if vegetation is not None:
            label = vegetation.sourceName() if hasattr(vegetation, "sourceName") else "vegetation"
            vf = pick_field(vegetation, self.parameterAsString(parameters, self.VEGETATION_HEIGHT_FIELD, context),
                            HEIGHT_CANDIDATES)
            fps = self._read(vegetation, label, dem_layer.crs(), context, feedback, vf, "")
            heights, rep = core_surface.resolve_heights(fps, storey, veg_default)
            self._report(label, rep, feedback, veg_default, vf, "", storey)
            obstacles += [(fp.wkb, h) for fp, h in zip(fps, heights) if h is not None]
            meta.update({"VIGIE_VEGETATION": label, "VIGIE_VEGETATION_HEIGHT_FIELD": vf,
                         "VIGIE_N_VEGETATION": str(sum(1 for h in heights if h))})
        if feedback.isCanceled():
            return {}
        out_path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        feedback.setProgressText(self.tr("Rasterising the obstacles on the DEM's grid"))
        try:
            stats = core_surface.build_surface(
                dem_path, out_path, obstacles, all_touched=all_touched, metadata=meta,
                progress=feedback.setProgress, is_canceled=feedback.isCanceled)
        except core_surface.Canceled:
            feedback.reportError(self.tr("Canceled: no output was written."))
            return {}
        except (ValueError, RuntimeError) as err:
            raise QgsProcessingException(self.tr("Terrain model {dem}: {error}").format(
                dem=dem_layer.name(), error=err))
        feedback.pushInfo(self.tr(
            "{n} obstacles burnt: {cells} cells raised ({ha:.1f} ha), highest {h:.1f} m above the ground.").format(
            n=int(stats["obstacles"]), cells=int(stats["raised_cells"]), ha=stats["raised_area_m2"] / 10000.0,
            h=stats["max_height_m"]))
        return {self.OUTPUT: out_path}
