"""vigie:influencezones — visibility zone of each element cut into distance bands,
intersected with the property perimeter, the buffer zone and the communes."""

import datetime
import os
from typing import Dict, List, Optional, Tuple

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProject,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import rasters
from ..core import viewshed as engine
from ..core import zones as core_zones
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
from .styles import keep_post_processor, style_path

STYLE = "influence_zones.qml"


class _ZonesStyle(QgsProcessingLayerPostProcessorInterface):
    """The band style, with the legend labels of the bands actually used."""

    def __init__(self, bands: List[float]) -> None:
        super().__init__()
        self.bands = bands

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 - QGIS API
        if layer is not None and layer.isValid():
            style_zones_layer(layer, self.bands)


def style_zones_layer(layer, bands: List[float]) -> None:
    """Load the band style on ``layer`` and label its categories with ``bands``."""
    layer.loadNamedStyle(style_path(STYLE))
    r = layer.renderer()
    if isinstance(r, QgsCategorizedSymbolRenderer):
        r = r.clone()  # set back below: rendererChanged refreshes the legend in the layer tree
        n = len(bands) - 1
        for k in reversed(range(len(r.categories()))):
            try:
                i = int(r.categories()[k].value())
            except (TypeError, ValueError):
                continue
            if i >= n:
                r.deleteCategory(k)
            else:
                r.updateCategoryLabel(k, core_zones.band_label(bands, i))
        layer.setRenderer(r)
    layer.triggerRepaint()


class InfluenceZonesAlgorithm(VigieAlgorithm):
    ALG_ID = "influencezones"
    GROUP = GROUP_VISIBILITY
    ICON = "influencezones.svg"

    DEM = "DEM"
    ELEMENTS = "ELEMENTS"
    ID_FIELD = "ID_FIELD"
    NAME_FIELD = "NAME_FIELD"
    TYPE_FIELD = "TYPE_FIELD"
    HEIGHT_FIELD = "HEIGHT_FIELD"
    SURFACE = "SURFACE"
    PERIMETER = "PERIMETER"
    BUFFER_ZONE = "BUFFER_ZONE"
    COMMUNES = "COMMUNES"
    COMMUNE_FIELD = "COMMUNE_FIELD"
    BANDS = "BANDS"
    MIN_AREA = "MIN_AREA"
    RADIUS = "RADIUS"
    EYE_HEIGHT = "EYE_HEIGHT"
    REFRACTION = "REFRACTION"
    CURVATURE = "CURVATURE"
    SPACING = "SPACING"
    ABSOLUTE = "ABSOLUTE_HEIGHTS"
    ACCURACY = "ACCURACY"
    OUTPUT = "OUTPUT"
    OUTPUT_ELEMENTS = "OUTPUT_ELEMENTS"
    OUTPUT_COMMUNES = "OUTPUT_COMMUNES"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Influence zones of elements (distance bands, Bien, buffer zone, communes)")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "The zone from which each inscribed element is seen, cut into distance bands and split "
            "between the property (Bien), the buffer zone and the outside, and between the "
            "communes when a communes layer is given: what each commune must consider in its "
            "local urban plan (PLU).\n\n"
            "Visibility is that of vigie:ztv (same engine, same conventions): a cell sees an "
            "element when the sight line from the element's top to an eye at the eye height "
            "(1.6 m) above the cell is clear; a polygon or line element is seen when its summit or "
            "one of the points along its outline is. Earth curvature and refraction (1/7) are "
            "applied; an optional surface model (vigie:surfacemodel) adds buildings and trees "
            "as obstacles.\n\n"
            "Distance bands are measured from the element itself: from the point, from the line, "
            "from the outline of a polygon (its inside is at 0 m). Default bands: 0–500 m proche, "
            "500 m–2 km intermédiaire, 2–5 km éloigné, 5–10 km lointain; give other limits in "
            "metres as an increasing list, e.g. 0,1000,3000. The radius of analysis is the last "
            "limit unless given. A visible piece lies in the Bien when inside the perimeter, else "
            "in the buffer zone, else outside.\n\n"
            "Polygons are valid and clean: parts smaller than the minimum area (default 1,000 m²) "
            "are dropped and their area is reported per band ('slivers'). Outputs: the polygons "
            "(element, band, zone, commune, area, share of the band that is visible: visible area "
            "of the band / area of the band within the radius and the terrain model), a table per "
            "element and band, and a table per commune and element (nearest band, areas in the "
            "Bien and the buffer zone)."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.DEM, self.tr("Terrain model (DEM, projected CRS in metres)")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ELEMENTS, self.tr("Inscribed elements"), [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterField(
            self.HEIGHT_FIELD, self.tr("Height field (metres above ground)"),
            parentLayerParameterName=self.ELEMENTS, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.SURFACE, self.tr("Surface model with obstacles (buildings, trees), same grid as the DEM"),
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PERIMETER, self.tr("Property perimeter (Bien)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BUFFER_ZONE, self.tr("Buffer zone"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.COMMUNES, self.tr("Communes"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.COMMUNE_FIELD, self.tr("Commune name field (default: nom, name, commune…)"),
            parentLayerParameterName=self.COMMUNES, optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.BANDS, self.tr("Distance band limits (m, increasing)"), "0,500,2000,5000,10000"))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_AREA, self.tr("Minimum polygon area (m²; smaller parts are dropped)"),
            QgsProcessingParameterNumber.Double, 1000.0, minValue=0.0))
        advanced = [
            QgsProcessingParameterNumber(
                self.RADIUS, self.tr("Radius of analysis (m; 0 = the last band limit)"),
                QgsProcessingParameterNumber.Double, 0.0, minValue=0.0),
            QgsProcessingParameterNumber(
                self.EYE_HEIGHT, self.tr("Observer eye height (m)"), QgsProcessingParameterNumber.Double, 1.6,
                minValue=0.0, maxValue=1000.0),
            QgsProcessingParameterEnum(
                self.ACCURACY, self.tr("Accuracy"),
                [self.tr("GDAL only (fastest, no repair)"), self.tr("Fast repair"),
                 self.tr("Balanced (exact line of sight near the visibility boundary)"),
                 self.tr("Exact (slowest)")], defaultValue=2),
            QgsProcessingParameterField(self.ID_FIELD, self.tr("Id field (default: a field named id, else the feature id)"),
                                        parentLayerParameterName=self.ELEMENTS, optional=True),
            QgsProcessingParameterField(self.NAME_FIELD, self.tr("Name field"),
                                        parentLayerParameterName=self.ELEMENTS, optional=True),
            QgsProcessingParameterField(self.TYPE_FIELD, self.tr("Type field (chevalement, terril, cité…)"),
                                        parentLayerParameterName=self.ELEMENTS, optional=True),
            QgsProcessingParameterBoolean(self.ABSOLUTE, self.tr("Heights are absolute elevations"), False),
            QgsProcessingParameterBoolean(self.CURVATURE, self.tr("Earth curvature and refraction"), True),
            QgsProcessingParameterNumber(
                self.REFRACTION, self.tr("Refraction coefficient"), QgsProcessingParameterNumber.Double,
                1.0 / 7.0, minValue=0.0, maxValue=1.0),
            QgsProcessingParameterNumber(self.SPACING, self.tr("Outline spacing of polygon and line elements (m)"),
                                         QgsProcessingParameterNumber.Double, 100.0, minValue=1.0),
        ]
        self.add_advanced(advanced)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Influence zones"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_ELEMENTS, self.tr("Summary per element and band"), QgsProcessing.TypeVector, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_COMMUNES, self.tr("Summary per commune and element"), QgsProcessing.TypeVector,
            optional=True))

    # ------------------------------------------------------------------
    def _polygons(self, source, label: str, dem_crs, context, feedback,
                  name_field: str = "") -> List[Tuple[str, bytes]]:
        """(name, WKB in the DEM's CRS) of every polygon feature of ``source``."""
        transform = None
        if source.sourceCrs().isValid() and source.sourceCrs() != dem_crs:
            transform = QgsCoordinateTransform(source.sourceCrs(), dem_crs, context.transformContext()
                                               if context else QgsProject.instance().transformContext())
            feedback.pushWarning(self.tr("Layer {layer} is in {src}: reprojected to the DEM's CRS {dst}.").format(
                layer=label, src=source.sourceCrs().authid(), dst=dem_crs.authid()))
        out: List[Tuple[str, bytes]] = []
        for f in source.getFeatures(QgsFeatureRequest()):
            if feedback.isCanceled():
                break
            geom = f.geometry()
            if geom is None or geom.isNull() or geom.isEmpty():
                continue
            if QgsWkbTypes.geometryType(geom.wkbType()) != QgsWkbTypes.PolygonGeometry:
                continue
            if not geom.isGeosValid():
                geom = geom.makeValid()
            if transform is not None:
                geom.transform(transform)
            name = str(f[name_field]) if name_field and f[name_field] is not None else str(f.id())
            out.append((name, bytes(geom.asWkb())))
        if not out:
            raise QgsProcessingException(self.tr(
                "The layer {layer} has no polygon: check its filter or selection.").format(layer=label))
        return out

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        dem_layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        dem_path = check_dem(dem_layer, dem_layer.name() if dem_layer else "")
        surface_path = check_surface(self.parameterAsRasterLayer(parameters, self.SURFACE, context), dem_layer)
        bands_text = self.parameterAsString(parameters, self.BANDS, context)
        try:
            bands = core_zones.parse_bands(bands_text)
        except core_zones.BandsError as err:
            reason = {
                "too_few": self.tr("give at least two distances (the limits of one band)"),
                "not_number": self.tr("{value!r} is not a distance in metres").format(value=err.value),
                "negative": self.tr("{value!r} is not a distance >= 0 m").format(value=err.value),
                "not_increasing": self.tr("the distances must increase ({a} then {b})").format(
                    a=err.previous, b=err.value),
            }[err.reason]
            raise QgsProcessingException(self.tr(
                "Distance bands {text!r}: {error}. Give increasing distances in metres separated by "
                "commas, e.g. 0,500,2000,5000,10000.").format(text=bands_text, error=reason))
        min_area = self.parameterAsDouble(parameters, self.MIN_AREA, context)
        radius = self.parameterAsDouble(parameters, self.RADIUS, context) or bands[-1]
        check_radius(radius, dem_layer)
        if radius < bands[-1]:
            feedback.pushWarning(self.tr(
                "The radius of analysis ({r:.0f} m) is shorter than the last band limit ({b:.0f} m): the "
                "farthest bands are only analysed up to the radius.").format(r=radius, b=bands[-1]))
        if radius > bands[-1]:
            feedback.pushWarning(self.tr(
                "The radius of analysis ({r:.0f} m) goes beyond the last band limit ({b:.0f} m): what is seen "
                "farther is in no band (its area is reported as 'beyond').").format(r=radius, b=bands[-1]))
        eye = self.parameterAsDouble(parameters, self.EYE_HEIGHT, context)
        refraction = self.parameterAsDouble(parameters, self.REFRACTION, context)
        curvature = self.parameterAsBool(parameters, self.CURVATURE, context)
        spacing = self.parameterAsDouble(parameters, self.SPACING, context) or 100.0
        absolute = self.parameterAsBool(parameters, self.ABSOLUTE, context)

        source = self.parameterAsSource(parameters, self.ELEMENTS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.ELEMENTS))
        el_name = source.sourceName() if hasattr(source, "sourceName") else "elements"
        if source.featureCount() == 0:
            raise QgsProcessingException(self.tr(
                "The layer {layer} has no feature: nothing to compute. Check its filter or selection.").format(
                layer=el_name))
        id_field = pick_field(source, self.parameterAsString(parameters, self.ID_FIELD, context), ("id", "id_unesco"))
        name_field = pick_field(source, self.parameterAsString(parameters, self.NAME_FIELD, context),
                                ("name", "nom", "denomination"))
        type_field = pick_field(source, self.parameterAsString(parameters, self.TYPE_FIELD, context),
                                ("type", "typologie", "kind"))
        height_field = pick_field(source, self.parameterAsString(parameters, self.HEIGHT_FIELD, context),
                                  ("height_m", "hauteur", "height"))

        feedback.setProgressText(self.tr("Reading the elements and the zones"))
        crs = dem_layer.crs()
        els, warnings = read_elements(source, crs, context, feedback, id_field, name_field, type_field,
                                      height_field)
        zone_layers = {}
        for key, pname in (("perimeter", self.PERIMETER), ("buffer", self.BUFFER_ZONE)):
            src = self.parameterAsSource(parameters, pname, context)
            if src is None:
                raise QgsProcessingException(self.invalidSourceError(parameters, pname))
            label = src.sourceName() if hasattr(src, "sourceName") else key
            zone_layers[key] = core_zones.union_of(w for _, w in self._polygons(src, label, crs, context, feedback))
        communes: List[Tuple[str, object]] = []
        communes_src = self.parameterAsSource(parameters, self.COMMUNES, context)
        if communes_src is not None:
            label = communes_src.sourceName() if hasattr(communes_src, "sourceName") else "communes"
            cfield = pick_field(communes_src, self.parameterAsString(parameters, self.COMMUNE_FIELD, context),
                                ("nom", "name", "commune", "nom_commune", "libelle", "nom_com", "insee", "code_insee"))
            if not cfield:
                feedback.pushWarning(self.tr(
                    "Layer {layer} has no name field (nom, name, commune…): communes are named by their feature "
                    "id. Choose the commune name field.").format(layer=label))
            communes, overlap = core_zones.disjoint_communes(
                self._polygons(communes_src, label, crs, context, feedback, cfield))
            if overlap > 1.0:
                feedback.pushWarning(self.tr(
                    "Layer {layer}: communes overlap on {ha:.2f} ha; each overlap is given to the first commune "
                    "of the layer. Check the communes layer.").format(layer=label, ha=overlap / 10000.0))

        if feedback.isCanceled():
            feedback.reportError(self.tr("Canceled: no output was written."))
            return {}
        prepared, viewpoints, dem_gt, (nrows, ncols, cx, cy) = prepare_viewpoints(
            els, warnings, dem_path, dem_layer.name(), el_name, radius, spacing, absolute, feedback)
        extent = (dem_gt[0], dem_gt[3] - nrows * cy, dem_gt[0] + ncols * cx, dem_gt[3])

        visible: Dict[int, Optional[bytes]] = {}

        def on_group(g, res):
            if res.mask is not None and res.mask.any():
                visible[g], _ = rasters.polygonize_mask(res.mask, dem_gt, res.row0, res.col0)

        feedback.setProgressText(self.tr("Computing the viewsheds"))
        try:
            result = engine.run_ztv(
                dem_path, viewpoints, len(prepared), [pe.kind for pe in prepared], eye_height=eye,
                refraction=refraction, curvature=curvature, surface_path=surface_path, on_group=on_group,
                progress=lambda p: feedback.setProgress(min(70.0, 0.7 * p)), is_canceled=feedback.isCanceled,
                by_kind=False, want_admissible=False,
                **accuracy_options(self.parameterAsEnum(parameters, self.ACCURACY, context)))
        except engine.Canceled:
            feedback.reportError(self.tr("Canceled: no output was written."))
            return {}
        except ValueError as err:
            raise QgsProcessingException(self.tr("Terrain model {dem}: {error}").format(dem=dem_layer.name(), error=err))
        for sk in result.skipped:
            feedback.pushWarning(self.tr("A viewpoint of element {name} was skipped: {reason}.").format(
                name=prepared[sk.viewpoint.group].name, reason=sk.reason))
        del result.count, result.admissible

        feedback.setProgressText(self.tr("Cutting the zones into bands, Bien, buffer zone and communes"))
        zones: Dict[int, core_zones.ElementZones] = {}
        perimeter = core_zones.ZoneLayer.of_geometry(zone_layers["perimeter"])
        buffer_zone = core_zones.ZoneLayer.of_geometry(zone_layers["buffer"])
        communes_layer = core_zones.ZoneLayer(communes)
        for g, pe in enumerate(prepared):
            if feedback.isCanceled():
                feedback.reportError(self.tr("Canceled: no output was written."))
                return {}
            feedback.setProgress(70.0 + 25.0 * g / max(1, len(prepared)))
            el_geom = core_zones.geometry(els[g].wkb)
            if el_geom is None or not pe.points:
                continue
            analysed = core_zones.analysed_area([(x, y) for x, y, _ in pe.points], pe.radius, extent)
            zones[g] = core_zones.cut_zone(core_zones.load(visible.get(g)), el_geom, bands, analysed,
                                           perimeter, buffer_zone, communes_layer, min_area)
        names = core_zones.band_names(bands)
        computed = datetime.datetime.now().isoformat(timespec="seconds")

        feedback.setProgressText(self.tr("Writing the outputs"))
        fields = QgsFields()
        for name, typ in (("element_id", QVariant.String), ("name", QVariant.String), ("type", QVariant.String),
                          ("band_index", QVariant.Int), ("band", QVariant.String), ("from_m", QVariant.Double),
                          ("to_m", QVariant.Double), ("zone", QVariant.String), ("commune", QVariant.String),
                          ("area_m2", QVariant.Double), ("area_ha", QVariant.Double),
                          ("band_area_ha", QVariant.Double), ("band_visible_share", QVariant.Double),
                          ("share_of_band", QVariant.Double), ("computed", QVariant.String)):
            fields.append(QgsField(name, typ))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        n_polygons = 0
        for g, ez in zones.items():
            pe = prepared[g]
            for p in ez.pieces:
                st = ez.bands[p.band]
                f = QgsFeature(fields)
                f.setAttributes([pe.key, pe.name, pe.type, p.band, names[p.band], bands[p.band], bands[p.band + 1],
                                 p.zone, p.commune, p.area_m2, round(p.area_m2 / 10000.0, 4),
                                 round(st.band_area_m2 / 10000.0, 4), round(st.visible_share, 6),
                                 round(p.area_m2 / st.band_area_m2, 6) if st.band_area_m2 > 0 else 0.0, computed])
                geom = QgsGeometry()
                geom.fromWkb(p.geometry.wkb)
                f.setGeometry(geom)
                sink.addFeature(f, QgsFeatureSink.FastInsert)
                n_polygons += 1
        outputs = {self.OUTPUT: dest}
        keep_post_processor(context, dest, _ZonesStyle(bands))
        feedback.pushInfo(self.tr("{n} influence zone polygons.").format(n=n_polygons))

        if parameters.get(self.OUTPUT_ELEMENTS) is not None:
            tf = QgsFields()
            for name, typ in (("element_id", QVariant.String), ("name", QVariant.String), ("type", QVariant.String),
                              ("band_index", QVariant.Int), ("band", QVariant.String), ("from_m", QVariant.Double),
                              ("to_m", QVariant.Double), ("band_area_ha", QVariant.Double),
                              ("visible_ha", QVariant.Double), ("visible_share", QVariant.Double),
                              ("bien_ha", QVariant.Double), ("zone_tampon_ha", QVariant.Double),
                              ("hors_zone_ha", QVariant.Double), ("slivers_ha", QVariant.Double),
                              ("communes", QVariant.String), ("element_visible_ha", QVariant.Double),
                              ("beyond_ha", QVariant.Double), ("status", QVariant.String)):
                tf.append(QgsField(name, typ))
            sink, tdest = self.parameterAsSink(parameters, self.OUTPUT_ELEMENTS, context, tf, QgsWkbTypes.NoGeometry)
            if sink is None:
                raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_ELEMENTS))
            for g, pe in enumerate(prepared):
                ez = zones.get(g)
                status = pe.problem or ("ok" if ez is not None and ez.visible_m2 > 0 else "not visible")
                for i in range(len(bands) - 1):
                    st = ez.bands[i] if ez is not None else core_zones.BandStats(i, 0.0, 0.0, {})
                    f = QgsFeature(tf)
                    f.setAttributes([
                        pe.key, pe.name, pe.type, i, names[i], bands[i], bands[i + 1],
                        round(st.band_area_m2 / 1e4, 6), round(st.visible_m2 / 1e4, 6), round(st.visible_share, 6),
                        round(st.zone_m2.get(core_zones.ZONE_BIEN, 0.0) / 1e4, 6),
                        round(st.zone_m2.get(core_zones.ZONE_TAMPON, 0.0) / 1e4, 6),
                        round(st.zone_m2.get(core_zones.ZONE_HORS, 0.0) / 1e4, 6),
                        round(st.slivers_m2 / 1e4, 6), ", ".join(st.communes),
                        round((ez.visible_m2 if ez else 0.0) / 1e4, 6), round((ez.beyond_m2 if ez else 0.0) / 1e4, 6),
                        status])
                    sink.addFeature(f, QgsFeatureSink.FastInsert)
            outputs[self.OUTPUT_ELEMENTS] = tdest

        if parameters.get(self.OUTPUT_COMMUNES) is not None:
            if communes_src is None:
                feedback.pushWarning(self.tr("No communes layer given: the summary per commune is empty."))
            cf = QgsFields()
            for name, typ in (("commune", QVariant.String), ("element_id", QVariant.String), ("name", QVariant.String),
                              ("type", QVariant.String), ("nearest_band", QVariant.String),
                              ("nearest_from_m", QVariant.Double), ("visible_ha", QVariant.Double),
                              ("bien_ha", QVariant.Double), ("zone_tampon_ha", QVariant.Double),
                              ("hors_zone_ha", QVariant.Double), ("bands", QVariant.String)):
                cf.append(QgsField(name, typ))
            sink, cdest = self.parameterAsSink(parameters, self.OUTPUT_COMMUNES, context, cf, QgsWkbTypes.NoGeometry)
            if sink is None:
                raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_COMMUNES))
            for row in core_zones.per_commune(zones):
                pe = prepared[row.element]
                nb = row.nearest_band
                detail = "; ".join("{} {:.2f} ha".format(names[i], a / 1e4).replace(".", ",")
                                   for i, a in sorted(row.band_m2.items()))
                f = QgsFeature(cf)
                f.setAttributes([row.commune, pe.key, pe.name, pe.type, names[nb], bands[nb],
                                 round(row.visible_m2 / 1e4, 6),
                                 round(row.zone_m2[core_zones.ZONE_BIEN] / 1e4, 6),
                                 round(row.zone_m2[core_zones.ZONE_TAMPON] / 1e4, 6),
                                 round(row.zone_m2[core_zones.ZONE_HORS] / 1e4, 6), detail])
                sink.addFeature(f, QgsFeatureSink.FastInsert)
            outputs[self.OUTPUT_COMMUNES] = cdest
        feedback.pushInfo(self.tr("DEM {dem}, radius {r:.0f} m, bands {bands} m, minimum area {a:g} m².").format(
            dem=os.path.basename(dem_path), r=radius, bands=",".join("{:g}".format(b) for b in bands), a=min_area))
        feedback.setProgress(100)
        return outputs
