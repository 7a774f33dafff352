"""Render a styled raster over a hillshade, with the elements and a legend, to PNG (QGIS renderer)."""

from typing import List, Optional

from qgis.core import (
    QgsHillshadeRenderer,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsRasterLayer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter


def render(raster_path: str, dem_path: str, out_png: str, title: str,
           vectors: Optional[List[QgsVectorLayer]] = None, width: int = 1400) -> str:
    layer = QgsRasterLayer(raster_path, "out")  # the sidecar .qml style loads by default
    dem = QgsRasterLayer(dem_path, "dem")
    hs = QgsHillshadeRenderer(dem.dataProvider(), 1, 315, 45)
    hs.setZFactor(2.0)
    dem.setRenderer(hs)
    extent = dem.extent()
    map_w = width - 330
    map_h = int(map_w * extent.height() / extent.width())
    ms = QgsMapSettings()
    ms.setLayers(list(vectors or []) + [layer, dem])
    ms.setDestinationCrs(dem.crs())
    ms.setExtent(extent)
    ms.setOutputSize(QSize(map_w, map_h))
    ms.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(ms)
    job.start()
    job.waitForFinished()
    img = QImage(width, map_h + 60, QImage.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.Antialiasing)
    p.drawImage(0, 60, job.renderedImage())
    f = QFont("DejaVu Sans", 15)
    f.setBold(True)
    p.setFont(f)
    p.drawText(QRectF(10, 8, width - 20, 44), Qt.AlignLeft | Qt.AlignVCenter, title)
    p.setFont(QFont("DejaVu Sans", 10))
    y = 80
    items = layer.renderer().legendSymbologyItems()
    for label, color in items:
        p.fillRect(QRectF(map_w + 15, y, 26, 18), color if color.alpha() else QColor("#eeeeee"))
        p.setPen(QColor("#555555"))
        p.drawRect(QRectF(map_w + 15, y, 26, 18))
        p.setPen(QColor("black"))
        p.drawText(QRectF(map_w + 48, y - 4, 280, 40), Qt.AlignLeft | Qt.TextWordWrap, label)
        y += 40
    p.setPen(QColor("#444444"))
    p.drawText(QRectF(map_w + 15, y + 10, 300, 90), Qt.TextWordWrap,
               "Relief ombré du MNT. En bleu : éléments inscrits ; en violet : périmètre du Bien (trait plein) et zone tampon (tirets).")
    p.end()
    img.save(out_png)
    return out_png
