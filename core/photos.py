"""Photo metadata from EXIF (GDAL's JPEG driver): date, direction, position."""

import re
from typing import Dict, Optional

from osgeo import gdal, osr

gdal.UseExceptions()

_NUM = re.compile(r"\(([-0-9.]+)\)")


def _numbers(text: str) -> list:
    return [float(x) for x in _NUM.findall(text or "")]


def _dms(text: str, ref: str) -> Optional[float]:
    parts = _numbers(text)
    if not parts:
        return None
    value = parts[0] + (parts[1] / 60.0 if len(parts) > 1 else 0) + (parts[2] / 3600.0 if len(parts) > 2 else 0)
    return -value if ref in ("S", "W") else value


def exif_info(path: str) -> Dict[str, object]:
    """{'taken_at': ISO text or None, 'direction': degrees or None, 'lon'/'lat': WGS84 or None,
    'x'/'y': Lambert-93 or None}. An unreadable file gives all None (the checker reports it)."""
    out: Dict[str, object] = {"taken_at": None, "direction": None, "lon": None, "lat": None, "x": None, "y": None}
    try:
        ds = gdal.Open(path)
        md = ds.GetMetadata() or {}
    except RuntimeError:
        return out
    stamp = md.get("EXIF_DateTimeOriginal") or md.get("EXIF_DateTime")
    if stamp and re.match(r"^\d{4}:\d\d:\d\d \d\d:\d\d:\d\d", stamp):
        out["taken_at"] = "{}-{}-{}T{}".format(stamp[0:4], stamp[5:7], stamp[8:10], stamp[11:19])
    direction = _numbers(md.get("EXIF_GPSImgDirection", ""))
    if direction:
        out["direction"] = direction[0] % 360.0
    lat = _dms(md.get("EXIF_GPSLatitude", ""), md.get("EXIF_GPSLatitudeRef", "N"))
    lon = _dms(md.get("EXIF_GPSLongitude", ""), md.get("EXIF_GPSLongitudeRef", "E"))
    if lat is not None and lon is not None:
        out["lat"], out["lon"] = lat, lon
        src, dst = osr.SpatialReference(), osr.SpatialReference()
        src.ImportFromEPSG(4326)
        dst.ImportFromEPSG(2154)
        src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        x, y, _z = osr.CoordinateTransformation(src, dst).TransformPoint(lon, lat)
        out["x"], out["y"] = x, y
    return out
