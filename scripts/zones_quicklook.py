"""Render influence zones (styled by band) over a hillshade with a legend, to PNG (QGIS renderer)."""

from typing import List, Optional

from qgis.core import (
    QgsHillshadeRenderer,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QRectF, QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter


def render_zones(zones: QgsVectorLayer, dem_path: str, out_png: str, title: str,
                 vectors: Optional[List[QgsVectorLayer]] = None, note: str = "",
                 extent: Optional[QgsRectangle] = None, width: int = 1400) -> str:
    """``zones`` already styled (processing.influence_zones.style_zones_layer)."""
    dem = QgsRasterLayer(dem_path, "dem")
    hs = QgsHillshadeRenderer(dem.dataProvider(), 1, 315, 45)
    hs.setZFactor(2.0)
    dem.setRenderer(hs)
    ext = extent or dem.extent()
    map_w = width - 330
    map_h = int(map_w * ext.height() / ext.width())
    ms = QgsMapSettings()
    ms.setLayers(list(vectors or []) + [zones, dem])
    ms.setDestinationCrs(dem.crs())
    ms.setExtent(ext)
    ms.setOutputSize(QSize(map_w, map_h))
    ms.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(ms)
    job.start()
    job.waitForFinished()
    img = QImage(width, max(map_h, 420) + 60, QImage.Format_ARGB32)
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
    for item in zones.renderer().legendSymbolItems():
        sym = item.symbol()
        color = sym.color() if sym is not None else QColor("#eeeeee")
        color.setAlphaF(sym.opacity() if sym is not None else 1.0)
        p.fillRect(QRectF(map_w + 15, y, 26, 18), color)
        p.setPen(QColor("#555555"))
        p.drawRect(QRectF(map_w + 15, y, 26, 18))
        p.setPen(QColor("black"))
        p.drawText(QRectF(map_w + 48, y - 4, 280, 40), Qt.AlignLeft | Qt.TextWordWrap, item.label())
        y += 40
    if note:
        p.setPen(QColor("#444444"))
        p.drawText(QRectF(map_w + 15, y + 10, 300, 200), Qt.TextWordWrap, note)
    p.end()
    img.save(out_png)
    return out_png
