"""Surface model = ground DEM + buildings + vegetation (pure Python: numpy + GDAL, no QGIS).

Heights of the obstacles are metres above the ground. A building takes, in order:
its height field when set, else ``floors × storey height`` when its number of floors
is known, else the default height (``0`` leaves such buildings out). Negative values
are refused (the feature is skipped and reported). Vegetation polygons take their
height field, else their default height.

The obstacles are burnt with ``gdal.RasterizeLayer`` on the DEM's grid, block of rows
by block of rows (a national DEM never sits in memory twice). GDAL has no "max" merge
rule, so the features are burnt in ascending order of height with the "replace" rule:
where footprints overlap, the highest one is written last and wins (max).

Cell rule: by default a cell is raised when its **centre** lies in a footprint
(GDAL's default; the raised area matches the footprint area on average, and a
footprint smaller than a cell may raise none). ``all_touched=True`` raises every cell
a footprint touches (conservative for obstacles: every building blocks, but
footprints grow by up to one cell on each side).

The surface is ``ground + obstacle height``; NoData cells of the DEM stay NoData.
"""

import math
import os
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()

MAX_OBSTACLE_HEIGHT = 350.0  # above this a building height is a typo (or an elevation)
SURFACE_NODATA = -9999.0


class Canceled(Exception):
    """Raised when ``is_canceled()`` returned True: nothing was written."""


@dataclass
class Footprint:
    """One building or vegetation polygon as plain data (geometry WKB in the DEM's CRS)."""

    fid: int
    wkb: bytes
    height: Optional[float] = None   # height field value; None = NULL / no field
    floors: Optional[float] = None   # number of floors; None = NULL / no field


@dataclass
class HeightReport:
    """How each footprint got its height (lists of feature ids)."""

    from_field: List[int] = field(default_factory=list)
    from_floors: List[int] = field(default_factory=list)
    from_default: List[int] = field(default_factory=list)
    without_height: List[int] = field(default_factory=list)   # no value and default 0: left out
    negative: List[int] = field(default_factory=list)         # skipped
    too_high: List[int] = field(default_factory=list)         # refused (see resolve_heights)


def _number(v: Optional[float]) -> Optional[float]:
    if v is None:
        return None
    f = float(v)
    return None if math.isnan(f) else f


def resolve_heights(footprints: Sequence[Footprint], storey_height: float = 3.0,
                    default_height: float = 6.0,
                    max_height: float = MAX_OBSTACLE_HEIGHT) -> Tuple[List[Optional[float]], HeightReport]:
    """The height of each footprint (None = left out) and how it was found.

    Order: height field, else floors × ``storey_height`` (floors > 0), else
    ``default_height`` (when > 0). A negative height or number of floors skips the
    feature (listed in ``negative``); a height above ``max_height`` is listed in
    ``too_high`` and skipped too (the caller decides whether that is an error).
    """
    if storey_height <= 0:
        raise ValueError("The storey height must be > 0 m (got {}).".format(storey_height))
    if default_height < 0:
        raise ValueError("The default height must be >= 0 m (got {}).".format(default_height))
    rep = HeightReport()
    out: List[Optional[float]] = []
    for fp in footprints:
        h = _number(fp.height)
        fl = _number(fp.floors)
        value: Optional[float] = None
        if h is not None:
            if h < 0:
                rep.negative.append(fp.fid)
            elif h > max_height:
                rep.too_high.append(fp.fid)
            else:
                value = h
                rep.from_field.append(fp.fid)
        elif fl is not None and fl < 0:
            rep.negative.append(fp.fid)
        elif fl is not None and fl > 0:
            value = fl * storey_height
            if value > max_height:
                rep.too_high.append(fp.fid)
                value = None
            else:
                rep.from_floors.append(fp.fid)
        elif default_height > 0:
            value = default_height
            rep.from_default.append(fp.fid)
        else:
            rep.without_height.append(fp.fid)
        out.append(value)
    return out, rep


def _grid(dem_path: str) -> Tuple[gdal.Dataset, Tuple[float, ...], str]:
    ds = gdal.Open(dem_path)
    if ds is None:
        raise ValueError("Cannot open the DEM {}".format(dem_path))
    gt = ds.GetGeoTransform()
    if gt[2] != 0 or gt[4] != 0:
        raise ValueError("The DEM {} is rotated; warp it to a north-up grid first.".format(dem_path))
    return ds, gt, ds.GetProjection()


def _obstacle_layer(obstacles: Sequence[Tuple[bytes, float]], projection: str):
    """An OGR memory layer of the obstacles, in ascending order of height (max wins)."""
    mem = ogr.GetDriverByName("Memory").CreateDataSource("")
    srs = osr.SpatialReference(wkt=projection) if projection else None
    lyr = mem.CreateLayer("obstacles", srs=srs, geom_type=ogr.wkbUnknown)
    lyr.CreateField(ogr.FieldDefn("h", ogr.OFTReal))
    defn = lyr.GetLayerDefn()
    for wkb, h in sorted(obstacles, key=lambda t: t[1]):
        if h is None or not h > 0:
            continue
        geom = ogr.CreateGeometryFromWkb(bytes(wkb))
        if geom is None or geom.IsEmpty():
            continue
        feat = ogr.Feature(defn)
        feat.SetGeometry(geom)
        feat.SetField("h", float(h))
        lyr.CreateFeature(feat)
    return mem, lyr


def rasterize_heights(obstacles: Sequence[Tuple[bytes, float]], geotransform: Sequence[float],
                      shape: Tuple[int, int], projection: str = "", all_touched: bool = False,
                      row0: int = 0) -> np.ndarray:
    """Obstacle heights (float32, 0 = none) on ``shape`` rows × cols of the grid,
    starting at row ``row0``; overlapping footprints take the highest (max)."""
    mem, lyr = _obstacle_layer(obstacles, projection)
    out = _burn(lyr, geotransform, shape, projection, all_touched, row0)
    del lyr, mem
    return out


def _burn(lyr, gt: Sequence[float], shape: Tuple[int, int], projection: str, all_touched: bool,
          row0: int) -> np.ndarray:
    nr, nc = shape
    ds = gdal.GetDriverByName("MEM").Create("", nc, nr, 1, gdal.GDT_Float32)
    top = gt[3] + row0 * gt[5]
    ds.SetGeoTransform((gt[0], gt[1], 0.0, top, 0.0, gt[5]))
    if projection:
        ds.SetProjection(projection)
    band = ds.GetRasterBand(1)
    band.Fill(0.0)
    xmin, xmax = gt[0], gt[0] + nc * gt[1]
    ymax, ymin = top, top + nr * gt[5]
    lyr.SetSpatialFilterRect(min(xmin, xmax), min(ymin, ymax), max(xmin, xmax), max(ymin, ymax))
    if not projection:
        gdal.PushErrorHandler("CPLQuietErrorHandler")  # no SRS on either side: same CRS by design
    try:
        gdal.RasterizeLayer(ds, [1], lyr, options=["ATTRIBUTE=h", "MERGE_ALG=REPLACE",
                                                   "ALL_TOUCHED=" + ("TRUE" if all_touched else "FALSE")])
    finally:
        lyr.SetSpatialFilter(None)
        if not projection:
            gdal.PopErrorHandler()
    out = band.ReadAsArray().astype(np.float32)
    del band, ds
    return out


def build_surface(dem_path: str, out_path: str, obstacles: Sequence[Tuple[bytes, float]],
                  all_touched: bool = False, metadata: Optional[Dict[str, str]] = None,
                  block_cells: int = 1 << 24,
                  progress: Optional[Callable[[float], None]] = None,
                  is_canceled: Optional[Callable[[], bool]] = None) -> Dict[str, float]:
    """Write the surface model ``ground + obstacle height`` on the DEM's grid to ``out_path``.

    ``obstacles`` are (polygon WKB in the DEM's CRS, height above ground in metres);
    heights <= 0 are ignored. The GeoTIFF is written under a temporary name next to
    ``out_path`` and renamed at the end (a cancel or an error leaves nothing).

    Returns statistics: ``obstacles`` (burnt), ``raised_cells``, ``max_height_m``,
    ``raised_area_m2``.
    """
    dem, gt, wkt = _grid(dem_path)
    dband = dem.GetRasterBand(1)
    nodata = dband.GetNoDataValue()
    ncols, nrows = dem.RasterXSize, dem.RasterYSize
    mem, lyr = _obstacle_layer(obstacles, wkt)
    n_burnt = lyr.GetFeatureCount()
    base, ext = os.path.splitext(out_path)
    tmp = base + ".part" + (ext or ".tif")
    opts = ["COMPRESS=DEFLATE", "ZLEVEL=1", "PREDICTOR=3", "TILED=YES", "BIGTIFF=IF_SAFER",
            "NUM_THREADS=ALL_CPUS"]
    out = gdal.GetDriverByName("GTiff").Create(tmp, ncols, nrows, 1, gdal.GDT_Float32, opts)
    raised = 0
    hmax = 0.0
    out_nodata = float(nodata) if nodata is not None else SURFACE_NODATA
    try:
        out.SetGeoTransform(gt)
        if wkt:
            out.SetProjection(wkt)
        oband = out.GetRasterBand(1)
        oband.SetNoDataValue(out_nodata)
        oband.SetDescription("Surface model: ground + obstacles (m)")
        step = max(1, min(nrows, block_cells // max(1, ncols)))
        for r in range(0, nrows, step):
            if is_canceled is not None and is_canceled():
                raise Canceled()
            nr = min(step, nrows - r)
            ground = dband.ReadAsArray(0, r, ncols, nr).astype(np.float32)
            heights = _burn(lyr, gt, (nr, ncols), wkt, all_touched, r) if n_burnt else \
                np.zeros((nr, ncols), dtype=np.float32)
            valid = ~np.isnan(ground)
            if nodata is not None:
                valid &= ground != np.float32(nodata)
            heights[~valid] = 0.0
            up = heights > 0
            raised += int(np.count_nonzero(up))
            if up.any():
                hmax = max(hmax, float(heights.max()))
            surf = ground + heights
            surf[~valid] = out_nodata
            oband.WriteArray(surf, 0, r)
            if progress is not None:
                progress(100.0 * min(nrows, r + nr) / nrows)
        if metadata:
            out.SetMetadata({str(k): str(v) for k, v in metadata.items()})
        del oband
        out.FlushCache()
    except BaseException:
        out = None
        for p in (tmp, tmp + ".aux.xml"):
            if os.path.exists(p):
                os.remove(p)
        raise
    finally:
        del lyr, mem
    out = None
    os.replace(tmp, out_path)
    cell = abs(gt[1] * gt[5])
    return {"obstacles": float(n_burnt), "raised_cells": float(raised), "max_height_m": hmax,
            "raised_area_m2": raised * cell}
