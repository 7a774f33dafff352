"""Location maps rendered by QGIS for the PDF sheets (fiches, PLUi annex, impact sheets).

:class:`MapRenderer` takes the reference layers once (inscribed elements, property perimeter,
buffer zone, buildings, other polygons, an optional DEM for a hillshade), copies the features
it needs into styled memory layers (the user's layers and styles are never touched; mixed
geometry layers are split by geometry type), then renders any number of maps with
``QgsMapSettings`` + ``QgsMapRendererParallelJob`` into JPEG bytes, returned with the exact
extent so that ``core.pdf.base.MapFlowable`` can draw the scale bar, the north arrow and the
numbered photo markers as vector graphics on the sheet.

Symbology comes from ``core.pdf.base.MAP_STYLES`` so the legends printed on the sheets match.
"""

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsGeometry,
    QgsHillshadeRenderer,
    QgsLineSymbol,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice, QSize
from qgis.PyQt.QtGui import QColor, QFont

from ..core.pdf.base import MAP_STYLES

EPSG = "EPSG:2154"
POINTS_PER_INCH = 72.0


def _rgba(hex_colour: str, alpha: float = 1.0) -> str:
    c = QColor(hex_colour)
    return "{},{},{},{}".format(c.red(), c.green(), c.blue(), int(round(alpha * 255)))


def _symbol(style_key: str, geometry_type: int):
    fill, alpha, stroke, width, dash, _shape = MAP_STYLES[style_key]
    if geometry_type == QgsWkbTypes.PointGeometry:
        return QgsMarkerSymbol.createSimple({
            "name": "circle", "color": _rgba(fill or "#5a1e12", max(alpha, 0.8)),
            "outline_color": _rgba(stroke or "#000000"), "outline_width": str(max(width, 0.2)),
            "size": "2.6", "size_unit": "MM"})
    if geometry_type == QgsWkbTypes.LineGeometry:
        props = {"line_color": _rgba(stroke or fill or "#000000"), "line_width": str(max(width, 0.6)),
                 "capstyle": "round"}
        if style_key == "elements":
            props["line_width"] = "1.1"
            props["line_color"] = _rgba(fill)
        return QgsLineSymbol.createSimple(props)
    if style_key == "elements":  # inscribed areas (cités, terrils): light fill, strong outline
        alpha = 0.22
        stroke, width = fill, 0.6
    props = {"color": _rgba(fill, alpha) if fill else "0,0,0,0",
             "style": "solid" if fill else "no",
             "outline_color": _rgba(stroke) if stroke else "0,0,0,0",
             "outline_width": str(width), "outline_style": "solid" if stroke else "no",
             "joinstyle": "round"}
    if dash:
        props["outline_style"] = "dash"
        props["customdash"] = "{};{}".format(dash[0], dash[1])
        props["use_custom_dash"] = "1"
        props["customdash_unit"] = "MM"
    return QgsFillSymbol.createSimple(props)


def _memory_layer(geometry_type: int, name: str, fields=None) -> QgsVectorLayer:
    kind = {QgsWkbTypes.PointGeometry: "MultiPoint", QgsWkbTypes.LineGeometry: "MultiLineString",
            QgsWkbTypes.PolygonGeometry: "MultiPolygon"}[geometry_type]
    layer = QgsVectorLayer("{}?crs={}".format(kind, EPSG), name, "memory")
    if fields is not None:
        layer.dataProvider().addAttributes(list(fields))
        layer.updateFields()
    return layer


def _label(layer: QgsVectorLayer, field: str, size: float = 7.0) -> None:
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    fmt = QgsTextFormat()
    font = QFont("DejaVu Sans")
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setSizeUnit(QgsUnitTypes.RenderPoints)
    fmt.setColor(QColor("#2b0d07"))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(0.8)
    buf.setColor(QColor(255, 255, 255, 220))
    fmt.setBuffer(buf)
    settings.setFormat(fmt)
    if layer.geometryType() == QgsWkbTypes.PointGeometry:
        settings.placement = QgsPalLayerSettings.OrderedPositionsAroundPoint
        settings.dist = 1.2
    elif layer.geometryType() == QgsWkbTypes.LineGeometry:
        settings.placement = QgsPalLayerSettings.Line
    else:
        settings.placement = QgsPalLayerSettings.Horizontal
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


class MapRenderer:
    """Styled copies of the reference layers and a ``render`` method (JPEG bytes + extent).

    ``layers``: style key (``elements``, ``perimeter``, ``buffer_zone``, ``buildings``,
    ``cites``) -> QgsVectorLayer or QgsFeatureSource (what ``parameterAsSource`` gives: safe to
    read from the algorithm's thread) or None. ``area``: only features intersecting this rectangle
    (EPSG:2154) are copied (None: all). ``label_fields``: style key -> field to label with.
    """

    def __init__(self, layers: Dict[str, Optional[QgsVectorLayer]], dem: Optional[QgsRasterLayer] = None,
                 area: Optional[QgsRectangle] = None, label_fields: Optional[Dict[str, str]] = None,
                 transform_context=None) -> None:
        self.crs = QgsCoordinateReferenceSystem(EPSG)
        self.context = transform_context or QgsProject.instance().transformContext()
        self._layers: List[Tuple[str, QgsVectorLayer]] = []
        self.legend: List[Tuple[str, str]] = []
        self.hillshade: Optional[QgsRasterLayer] = None
        label_fields = label_fields or {}
        for key in ("buffer_zone", "perimeter", "buildings", "cites", "elements"):
            src = layers.get(key)
            if src is None or (isinstance(src, QgsVectorLayer) and not src.isValid()):
                continue
            for lyr in self._copy(src, key, area, label_fields.get(key)):
                self._layers.append((key, lyr))
        self._vsimem: List[str] = []
        if dem is not None and dem.isValid():
            self.hillshade = self._hillshade(dem, area)

    def _hillshade(self, dem: QgsRasterLayer, area: Optional[QgsRectangle]) -> QgsRasterLayer:
        """A hillshade computed once by GDAL over the area (fast to draw on every map); falls
        back to QGIS's on-the-fly hillshade renderer when the DEM is not a GDAL file."""
        import uuid

        from osgeo import gdal

        source = dem.source() if dem.providerType() == "gdal" else ""
        try:
            if not source:
                raise RuntimeError("not a GDAL raster")
            gdal.UseExceptions()
            base = "/vsimem/vigie_hillshade_{}".format(uuid.uuid4().hex)
            crop, shade = base + "_dem.tif", base + ".tif"
            opts = {}
            if area is not None:
                r = QgsRectangle(area)
                if dem.crs() != self.crs and dem.crs().isValid():
                    r = QgsCoordinateTransform(self.crs, dem.crs(), self.context).transformBoundingBox(r)
                r = r.intersect(dem.extent())
                if r.isEmpty():
                    raise RuntimeError("the DEM does not cover the cités")
                opts["projWin"] = [r.xMinimum(), r.yMaximum(), r.xMaximum(), r.yMinimum()]
            gdal.Translate(crop, source, **opts)
            self._vsimem.append(crop)
            gdal.DEMProcessing(shade, crop, "hillshade", zFactor=1.5, azimuth=315.0, altitude=45.0,
                               computeEdges=True)
            self._vsimem.append(shade)
            layer = QgsRasterLayer(shade, "hillshade", "gdal")
            if not layer.isValid():
                raise RuntimeError("hillshade not readable")
            from qgis.core import QgsContrastEnhancement, QgsSingleBandGrayRenderer

            renderer = QgsSingleBandGrayRenderer(layer.dataProvider(), 1)
            ce = QgsContrastEnhancement(layer.dataProvider().dataType(1))
            ce.setContrastEnhancementAlgorithm(QgsContrastEnhancement.StretchToMinimumMaximum)
            ce.setMinimumValue(0)
            ce.setMaximumValue(255)
            renderer.setContrastEnhancement(ce)
            layer.setRenderer(renderer)
        except RuntimeError:
            layer = dem.clone()
            renderer = QgsHillshadeRenderer(layer.dataProvider(), 1, 315.0, 45.0)
            renderer.setZFactor(1.5)
            layer.setRenderer(renderer)
        layer.setOpacity(0.45)
        return layer

    def close(self) -> None:
        """Free the in-memory hillshade."""
        from osgeo import gdal

        self.hillshade = None
        for path in self._vsimem:
            gdal.Unlink(path)
        self._vsimem = []

    def _copy(self, src: Any, key: str, area: Optional[QgsRectangle],
              label_field: Optional[str]) -> List[QgsVectorLayer]:
        transform = None
        crs = src.sourceCrs()  # a layer or a (thread-safe) processing feature source
        if crs != self.crs and crs.isValid():
            transform = QgsCoordinateTransform(crs, self.crs, self.context)
        request = QgsFeatureRequest()
        if area is not None:
            r = QgsRectangle(area)
            if transform is not None:
                r = QgsCoordinateTransform(self.crs, crs, self.context).transformBoundingBox(r)
            request.setFilterRect(r)
        fields = src.fields()
        label_idx = fields.indexOf(label_field) if label_field else -1
        by_type: Dict[int, List[QgsFeature]] = {}
        for f in src.getFeatures(request):
            g = QgsGeometry(f.geometry())
            if g.isNull() or g.isEmpty():
                continue
            if transform is not None:
                g.transform(transform)
            g.convertToMultiType()
            nf = QgsFeature()
            nf.setGeometry(g)
            if label_idx >= 0:
                nf.setAttributes([f.attribute(label_idx)])
            by_type.setdefault(g.type(), []).append(nf)
        out = []
        for gtype in (QgsWkbTypes.PolygonGeometry, QgsWkbTypes.LineGeometry, QgsWkbTypes.PointGeometry):
            feats = by_type.get(gtype)
            if not feats:
                continue
            lyr = _memory_layer(gtype, key, [fields.field(label_idx)] if label_idx >= 0 else None)
            lyr.dataProvider().addFeatures(feats)
            lyr.updateExtents()
            lyr.setRenderer(QgsSingleSymbolRenderer(_symbol(key, gtype)))
            if label_idx >= 0:
                _label(lyr, fields.field(label_idx).name())
            out.append(lyr)
        return out

    @staticmethod
    def _shows(layer: QgsVectorLayer, extent: QgsRectangle) -> bool:
        request = QgsFeatureRequest().setFilterRect(extent).setLimit(1)
        request.setFlags(QgsFeatureRequest.ExactIntersect)
        request.setNoAttributes()
        return any(True for _f in layer.getFeatures(request))

    def has(self, key: str) -> bool:
        return any(k == key for k, _l in self._layers)

    @staticmethod
    def fit_extent(bounds: Tuple[float, float, float, float], width_pt: float, height_pt: float,
                   margin: float = 0.25, min_width: float = 500.0) -> QgsRectangle:
        """The bounds grown by ``margin`` on each side, at least ``min_width`` metres wide,
        at the aspect of the picture (``width_pt`` × ``height_pt``), centred."""
        xmin, ymin, xmax, ymax = bounds
        w, h = xmax - xmin, ymax - ymin
        cx, cy = (xmin + xmax) / 2.0, (ymin + ymax) / 2.0
        w, h = max(w * (1 + 2 * margin), 1.0), max(h * (1 + 2 * margin), 1.0)
        aspect = width_pt / height_pt
        w = max(w, h * aspect, min_width)
        h = w / aspect
        return QgsRectangle(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)

    def render(self, extent: QgsRectangle, width_pt: float, height_pt: float, dpi: float = 200.0,
               highlight: Iterable[QgsGeometry] = (), quality: int = 85,
               above: Sequence[Any] = (), middle: Sequence[Any] = ()) -> Dict[str, Any]:
        """Render the map: {"jpeg": bytes, "extent": (xmin, ymin, xmax, ymax), "legend": [...]}.

        ``highlight``: geometries (EPSG:2154) drawn on top in the "cite" style (the cité of the sheet).
        ``above``: extra styled layers drawn on top of everything (top first); ``middle``: extra
        layers drawn between the perimeter and the buffer zone (e.g. a ZTV raster).
        """
        px_w = max(16, int(round(width_pt / POINTS_PER_INCH * dpi)))
        px_h = max(16, int(round(height_pt / POINTS_PER_INCH * dpi)))
        layers: List[Any] = []
        hl_layer = None
        geoms = [g for g in highlight if g is not None and not g.isNull()]
        if geoms:
            hl_layer = _memory_layer(QgsWkbTypes.PolygonGeometry, "cite")
            feats = []
            for g in geoms:
                f = QgsFeature()
                gg = QgsGeometry(g)
                gg.convertToMultiType()
                f.setGeometry(gg)
                feats.append(f)
            hl_layer.dataProvider().addFeatures(feats)
            hl_layer.updateExtents()
            hl_layer.setRenderer(QgsSingleSymbolRenderer(_symbol("cite", QgsWkbTypes.PolygonGeometry)))
            layers.append(hl_layer)
        # top first
        layers = list(above) + layers
        order = ["elements", "cites", "buildings", "perimeter", "buffer_zone"]
        for key in order:
            if key == "buffer_zone":
                layers += list(middle)
            layers += [lyr for k, lyr in self._layers if k == key]
        if self.hillshade is not None:
            layers.append(self.hillshade)
        settings = QgsMapSettings()
        settings.setLayers(layers)
        settings.setDestinationCrs(self.crs)
        settings.setTransformContext(self.context)
        settings.setOutputSize(QSize(px_w, px_h))
        settings.setOutputDpi(dpi)
        settings.setExtent(extent)
        settings.setBackgroundColor(QColor(255, 255, 255))
        settings.setFlag(QgsMapSettings.Antialiasing, True)
        settings.setFlag(QgsMapSettings.DrawLabeling, True)
        settings.setFlag(QgsMapSettings.UseAdvancedEffects, True)
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()
        image = job.renderedImage()
        real = settings.visibleExtent()
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.WriteOnly)
        image.convertToFormat(image.Format_RGB32).save(buf, "JPG", quality)
        buf.close()
        legend = []
        names = {"cite": "Cité de la fiche", "elements": "Élément inscrit", "perimeter": "Bien inscrit",
                 "buffer_zone": "Zone tampon", "buildings": "Bâti", "cites": "Cités de l'enquête"}
        if hl_layer is not None:
            legend.append((names["cite"], "cite"))
        present = {k for k, lyr in self._layers if self._shows(lyr, extent)}
        for key in ("elements", "perimeter", "buffer_zone", "buildings", "cites"):
            if key in present:
                legend.append((names[key], key))
        return {"jpeg": bytes(data), "extent": (real.xMinimum(), real.yMinimum(), real.xMaximum(),
                                                real.yMaximum()), "legend": legend,
                "size_px": (px_w, px_h)}


def bounds_union(items: Sequence[Optional[Tuple[float, float, float, float]]]) -> Optional[
        Tuple[float, float, float, float]]:
    boxes = [b for b in items if b]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))
