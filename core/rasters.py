"""Raster and polygon outputs with GDAL (no QGIS): atomic writes, metadata, polygonize."""

import os
import struct
from typing import Dict, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, gdal_array, ogr, osr

from . import polygonize

gdal.UseExceptions()

_DRIVERS = {".tif": "GTiff", ".tiff": "GTiff", ".img": "HFA", ".vrt": None, ".asc": "AAIGrid"}


def driver_for(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    return _DRIVERS.get(ext) or "GTiff"


def write_raster(path: str, bands: Sequence[np.ndarray], geotransform: Sequence[float], projection: str,
                 nodata: Optional[float], descriptions: Sequence[str] = (),
                 metadata: Optional[Dict[str, str]] = None) -> str:
    """Write ``bands`` (2-D arrays of one dtype) to ``path`` atomically.

    The file is written under a temporary name next to ``path`` and renamed at
    the end, so a failure or a cancel never leaves a half-written output.
    """
    arrays = [np.asarray(b) for b in bands]
    dtype = {np.dtype("uint8"): gdal.GDT_Byte, np.dtype("uint16"): gdal.GDT_UInt16,
             np.dtype("int16"): gdal.GDT_Int16, np.dtype("int32"): gdal.GDT_Int32,
             np.dtype("float32"): gdal.GDT_Float32, np.dtype("float64"): gdal.GDT_Float64}[arrays[0].dtype]
    rows, cols = arrays[0].shape
    base, ext = os.path.splitext(path)
    tmp = base + ".part" + (ext or ".tif")
    drv_name = driver_for(path)
    # band-interleaved: bands are written one after the other without re-reading
    # compressed blocks (5-band 20 000 x 10 000 count: 3.8 s instead of 10.8 s);
    # no predictor: on the count and admissible-height rasters it costs time and
    # does not shrink them (20 000 x 10 000 heights: 5.3 s / 157 MB without,
    # 9.3 s / 234 MB with the floating-point predictor)
    opts = ["COMPRESS=DEFLATE", "ZLEVEL=1", "TILED=YES", "BIGTIFF=IF_SAFER", "NUM_THREADS=ALL_CPUS",
            "INTERLEAVE=BAND"] if drv_name == "GTiff" else []
    ds = gdal.GetDriverByName(drv_name).Create(tmp, cols, rows, len(arrays), dtype, opts)
    try:
        ds.SetGeoTransform(tuple(geotransform))
        if projection:
            ds.SetProjection(projection)
        for i, a in enumerate(arrays):
            band = ds.GetRasterBand(i + 1)
            if nodata is not None:
                band.SetNoDataValue(float(nodata))
            band.WriteArray(a)
            if i < len(descriptions):
                band.SetDescription(descriptions[i])
            del band
        if metadata:
            ds.SetMetadata({str(k): str(v) for k, v in metadata.items()})
        ds.FlushCache()
    except BaseException:
        ds = None
        _remove(tmp)
        raise
    ds = None
    os.replace(tmp, path)
    return path


def _remove(path: str) -> None:
    for p in (path, path + ".aux.xml"):
        if os.path.exists(p):
            os.remove(p)


def polygonize_mask(mask: np.ndarray, geotransform: Sequence[float], row0: int = 0, col0: int = 0,
                    projection: str = "") -> Tuple[Optional[bytes], int]:
    """The True cells of ``mask`` (a window at ``row0, col0`` of the grid) as one
    MultiPolygon WKB (4-connected cells merged, so parts stay valid), with its number of parts.
    Returns (None, 0) when nothing is True.  Same polygons as :func:`polygonize_mask_gdal`,
    4-5 times faster on viewshed windows (:mod:`core.polygonize`); ``projection`` is unused
    (WKB carries no CRS), kept for the callers.
    """
    return polygonize.polygonize(mask, geotransform, row0, col0)


def polygonize_mask_gdal(mask: np.ndarray, geotransform: Sequence[float], row0: int = 0,
                         col0: int = 0, projection: str = "") -> Tuple[Optional[bytes], int]:
    """:func:`polygonize_mask` with ``gdal.Polygonize`` (the reference of the tests and
    the bench)."""
    if mask is None or not mask.any():
        return None, 0
    gt = list(geotransform)
    x0 = gt[0] + col0 * gt[1]
    y0 = gt[3] + row0 * gt[5]
    # the bool mask seen as bytes, without a copy (the array outlives the dataset)
    src = np.ascontiguousarray(mask, dtype=bool).view(np.uint8)
    ds = gdal_array.OpenArray(src)
    ds.SetGeoTransform((x0, gt[1], 0.0, y0, 0.0, gt[5]))
    band = ds.GetRasterBand(1)
    mem = ogr.GetDriverByName("Memory").CreateDataSource("")
    srs = osr.SpatialReference(wkt=projection) if projection else None
    lyr = mem.CreateLayer("p", srs=srs, geom_type=ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("v", ogr.OFTInteger))
    gdal.Polygonize(band, band, lyr, 0, [])
    # the MultiPolygon WKB is its parts' polygon WKBs after a header (no geometry copies)
    parts = []
    for feat in lyr:
        g = feat.GetGeometryRef()
        if g is not None and not g.IsEmpty():
            parts.append(bytes(g.ExportToIsoWkb()))
    n = len(parts)
    out = (struct.pack("<BII", 1, ogr.wkbMultiPolygon, n) + b"".join(parts)) if n else None
    del lyr, mem, band, ds, src
    return out, n


def replace_inplace(array: np.ndarray, value_from: float, value_to: float, rows_per_block: int = 256) -> np.ndarray:
    """Replace ``value_from`` (inf allowed) by ``value_to`` in place, by blocks of rows
    (no full-size temporary: the outputs of a large study are gigabytes)."""
    for r in range(0, array.shape[0], rows_per_block):
        block = array[r:r + rows_per_block]
        mask = np.isinf(block) if np.isinf(value_from) else block == value_from
        block[mask] = value_to
    return array
