"""Exact R3 line of sight on a DEM grid (the reference of the viewshed engine).

Model (the "R3" model of Franklin & Ray):

* The observer stands at the centre of cell ``(row0, col0)`` at
  ``z_obs = dem[row0, col0] + obs_height``.
* The target is the centre of another cell, at ``dem + target height``.
* The sight line is tested at every crossing with a *row line* or a *column
  line* through cell centres strictly between observer and target.  At a
  crossing, the terrain height is linearly interpolated between the two cell
  centres of that line which bracket the crossing.
* Earth curvature and refraction are applied the way GDAL does
  (``gdal/alg/viewshed.cpp``): the height of every cell centre is lowered by
  ``curv_coeff * d**2 / earth_diameter`` where ``d`` is the horizontal distance
  from the observer, ``curv_coeff = 1 - refraction`` (0.85714 for the usual
  refraction coefficient 1/7) and ``earth_diameter`` is twice the semi-major
  axis of the DEM's spatial reference (GDAL reads it from the SRS; WGS84 and
  GRS80 give 2 * 6378137 m = 12 756 274 m).  The curvature of the observer cell
  itself is 0.

NoData (``NaN`` in the array, or equal to ``nodata``):

* a NoData *target* is never visible (its minimum visible height is ``inf``);
* a NoData cell never *blocks*: a crossing whose interpolation uses a NoData
  cell is ignored.

The minimum visible height follows GDAL's ``GVOT_MIN_TARGET_HEIGHT_FROM_GROUND``
semantics: the smallest height above ground a target must have to be seen
(0 when the ground itself is visible).  A target of height ``t`` is visible iff
``min_visible_height <= t``.

Everything is vectorised with numpy: all the crossings of a batch of cells are
laid out in flat arrays (built with ``cumsum``/``repeat``), their slopes
computed at once and reduced per cell with ``np.maximum.reduceat``; batches are
bounded in crossings so that memory stays bounded.
"""
from typing import Optional, Sequence, Tuple, Union

import numpy as np

#: 2 * WGS84 semi-major axis, what GDAL uses as the earth diameter.
EARTH_DIAMETER = 2.0 * 6378137.0

CellSize = Union[float, Tuple[float, float]]


def _cell_xy(cellsize: CellSize) -> Tuple[float, float]:
    if isinstance(cellsize, (tuple, list)):
        return float(cellsize[0]), float(cellsize[1])
    return float(cellsize), float(cellsize)


def min_visible_height(dem: np.ndarray, row0: int, col0: int, obs_height: float,
                       cells: Tuple[Sequence[int], Sequence[int]],
                       cellsize: CellSize, curv_coeff: float = 0.0,
                       earth_diameter: float = EARTH_DIAMETER,
                       nodata: Optional[float] = None,
                       chunk: int = 1 << 16,
                       max_height: Optional[float] = None) -> np.ndarray:
    """Minimum height above ground a target must have to be seen, per cell.

    :param dem: 2-D array of ground heights (NaN or ``nodata`` = NoData).
    :param row0, col0: the observer cell.
    :param obs_height: observer height above the ground of its cell.
    :param cells: ``(rows, cols)`` integer arrays of target cells.
    :param cellsize: cell size in metres, or ``(xsize, ysize)``.
    :param curv_coeff: ``1 - refraction`` (GDAL convention), 0 for none.
    :param earth_diameter: earth diameter used for the curvature (metres).
    :param nodata: optional NoData value (NaN is always NoData).
    :param chunk: number of cells processed at once (bounds memory).
    :param max_height: optional early-exit bound: once a cell's required height
        is known to exceed it, the cell stops being processed and its returned
        value is only guaranteed to be ``> max_height`` (a lower bound).  Use
        it when only the binary visibility of a target of height
        ``<= max_height`` is needed.
    :returns: float64 array, ``inf`` for NoData targets, 0 when the ground is
        visible.
    """
    z = np.asarray(dem, dtype=np.float64)
    nrows, ncols = z.shape
    rows = np.asarray(cells[0], dtype=np.int64).ravel()
    cols = np.asarray(cells[1], dtype=np.int64).ravel()
    if rows.shape != cols.shape:
        raise ValueError("rows and cols must have the same length")
    out = np.zeros(rows.shape[0], dtype=np.float64)
    if rows.size == 0:
        return out
    if not (0 <= row0 < nrows and 0 <= col0 < ncols):
        raise ValueError("observer (%d, %d) outside the grid" % (row0, col0))
    invalid = np.isnan(z)
    if nodata is not None and not np.isnan(nodata):
        invalid |= z == nodata
    if invalid[row0, col0]:
        raise ValueError("observer cell (%d, %d) is NoData" % (row0, col0))
    cx, cy = _cell_xy(cellsize)
    kcurv = float(curv_coeff) / float(earth_diameter)
    z0 = float(z[row0, col0]) + float(obs_height)
    # Heights relative to the observer eye; NoData -> -inf (never blocks).
    zr = z - z0
    zr[invalid] = NODATA_LOW
    return min_visible_height_rel(zr, row0, col0, rows, cols, cx, cy, kcurv,
                                  chunk, max_height)


#: NoData marker in prepared (relative) height arrays: finite so that
#: ``0 * (h2 - h1)`` stays 0, low enough that it never blocks.
NODATA_LOW = -1.0e30


def crossings_count(row0: int, col0: int, rows: np.ndarray, cols: np.ndarray
                    ) -> np.ndarray:
    """Number of row-line plus column-line crossings of each sight line."""
    adr = np.abs(np.asarray(rows, dtype=np.int64) - row0)
    adc = np.abs(np.asarray(cols, dtype=np.int64) - col0)
    return np.maximum(adr - 1, 0) + np.maximum(adc - 1, 0)


def _max_slopes(zf: np.ndarray, ncols: int, nrows: int, row0: int, col0: int,
                a_main: np.ndarray, s_main: np.ndarray, other: np.ndarray,
                c_main: float, c_other: float, kcurv: float, along_rows: bool,
                dtype, z0: float = 0.0) -> np.ndarray:
    """Max over the crossings with the lines of one family of ``h(t) / t``.

    ``along_rows``: crossings with row lines (row = row0 + s_main * s) for
    s = 1 .. a_main - 1; the column of the crossing is ``col0 + other*s/a_main``.
    Otherwise the symmetric case with column lines.  Fully vectorised: all the
    crossings of all the cells in one flat array, reduced per cell.

    With ``t = s / a`` and the horizontal distance of the crossing
    ``d = s * sqrt(D)`` (``D = c_main**2 + (other/a)**2 * c_other**2``), the
    slope is ``(h - kcurv d**2) / t = a * (h / s - kcurv * D * s)``: per
    crossing only the terms in ``s`` are computed, ``a`` is applied per cell.
    """
    m = a_main.size
    out = np.full(m, -np.inf, dtype=dtype)
    cnt = np.maximum(a_main - 1, 0)
    nz = np.nonzero(cnt)[0]
    if nz.size == 0:
        return out
    cnt_nz = cnt[nz]
    total = int(cnt_nz.sum())
    starts = np.zeros(nz.size, dtype=np.int64)
    np.cumsum(cnt_nz[:-1], out=starts[1:])
    # step index s = 1 .. cnt for every crossing, cell by cell
    s = np.ones(total, dtype=np.int32)
    s[starts[1:]] -= cnt_nz[:-1].astype(np.int32)
    np.cumsum(s, out=s)
    a_nz = a_main[nz].astype(np.float64)
    k = other[nz] / a_nz                                      # offset per step
    if dtype == np.float32:
        # float32 engine path: the offset q is exact to ~3e-4 cell, the
        # interpolation is continuous in it (an exact grid crossing may come
        # out as f = 0.9999 on the previous cell: same height)
        sf = s.astype(np.float32)
        q = sf * np.repeat(k.astype(np.float32), cnt_nz)
        lo = np.floor(q)
        q -= lo
        f = q
    else:
        sf = None
        q = s * np.repeat(k, cnt_nz)                          # float64
        lo = np.floor(q + 1e-7)
        q -= lo                                               # fraction
        f = q
        f *= f > 1e-6                                         # exact grid crossing
    idx = lo.astype(np.int64)
    sgn = s_main[nz]
    if along_rows:
        line = np.repeat(sgn * ncols, cnt_nz)
        step2 = 1
    else:
        idx *= ncols
        line = np.repeat(sgn, cnt_nz)
        step2 = ncols
    line *= s
    idx += line
    idx += row0 * ncols + col0
    h = zf[idx]
    idx += step2
    if int(idx.max()) >= zf.size:
        np.minimum(idx, zf.size - 1, out=idx)
    h2 = zf[idx]
    h2 -= h
    h2 *= f
    h += h2
    if z0:
        h -= dtype(z0)
    if sf is None:
        sf = s.astype(dtype)
    h /= sf
    if kcurv:
        kd = (kcurv * (c_main * c_main + (k * c_other) ** 2)).astype(dtype)
        sf *= np.repeat(kd, cnt_nz)
        h -= sf
    best = np.fmax.reduceat(h, starts)   # NaN (NoData) crossings ignored
    best *= a_nz.astype(dtype)
    best[np.isnan(best)] = -np.inf
    out[nz] = best
    return out


def min_visible_height_rel(zr: np.ndarray, row0: int, col0: int,
                           rows: np.ndarray, cols: np.ndarray, cx: float,
                           cy: float, kcurv: float, chunk: int = 1 << 16,
                           max_height: Optional[float] = None,
                           max_crossings: int = 1 << 16,
                           z0: float = 0.0) -> np.ndarray:
    """Core of :func:`min_visible_height` on prepared data.

    ``zr`` is the DEM minus the observer eye elevation with ``-inf`` (or any
    value <= :data:`NODATA_LOW`) at NoData cells (prepare it once, reuse it for
    many calls; float32 or float64, the arithmetic follows its dtype); ``kcurv``
    is ``curv_coeff / earth_diameter``.  ``rows``/``cols`` are integer arrays.
    ``z0``: subtracted from ``zr`` on the fly, so that raw heights (NaN =
    NoData) can be passed without a full-window copy (``zr = dem``,
    ``z0 = eye elevation``).

    All the crossings of a batch of cells are processed at once in flat arrays
    (at most ``max_crossings`` crossings per batch, which bounds memory);
    ``chunk`` and ``max_height`` are accepted for compatibility (the result is
    always exact).
    """
    nrows, ncols = zr.shape
    rows = np.asarray(rows, dtype=np.int64).ravel()
    cols = np.asarray(cols, dtype=np.int64).ravel()
    out = np.zeros(rows.shape[0], dtype=np.float64)
    if rows.size == 0:
        return out
    dtype = np.float32 if zr.dtype == np.float32 else np.float64
    zf = np.ascontiguousarray(zr, dtype=dtype).ravel()
    dr_all = rows - row0
    dc_all = cols - col0
    ncross = np.maximum(np.abs(dr_all) - 1, 0) + np.maximum(np.abs(dc_all) - 1, 0)
    csum = np.cumsum(ncross)
    start = 0
    n = rows.size
    while start < n:
        base = csum[start - 1] if start else 0
        stop = int(np.searchsorted(csum, base + max_crossings, side="right"))
        stop = min(n, max(stop, start + 1))
        dr = dr_all[start:stop]
        dc = dc_all[start:stop]
        adr = np.abs(dr)
        adc = np.abs(dc)
        best = _max_slopes(zf, ncols, nrows, row0, col0, adr, np.sign(dr), dc,
                           cy, cx, kcurv, True, dtype, z0)
        np.maximum(best, _max_slopes(zf, ncols, nrows, row0, col0, adc,
                                     np.sign(dc), dr, cx, cy, kcurv, False,
                                     dtype, z0), out=best)
        tg = zf[(rows[start:stop]) * ncols + cols[start:stop]].astype(np.float64) - z0
        bad = (tg <= NODATA_LOW * 0.5) | np.isnan(tg)
        tg -= kcurv * ((dr * cy) ** 2.0 + (dc * cx) ** 2.0)
        best = best.astype(np.float64)
        req = np.where(best <= NODATA_LOW * 1e-6, 0.0, best - tg)
        req = np.maximum(req, 0.0)
        req[bad] = np.inf
        out[start:stop] = req
        start = stop
    # the observer cell itself
    out[(dr_all == 0) & (dc_all == 0)] = 0.0
    return out


def visible(dem: np.ndarray, row0: int, col0: int, obs_height: float,
            cells: Tuple[Sequence[int], Sequence[int]], cellsize: CellSize,
            target_height: float = 0.0, curv_coeff: float = 0.0,
            earth_diameter: float = EARTH_DIAMETER,
            nodata: Optional[float] = None, chunk: int = 1 << 16) -> np.ndarray:
    """Boolean visibility of a target ``target_height`` above ground at each cell.

    Same model and NoData rules as :func:`min_visible_height` (NoData targets
    are never visible, NoData cells never block).
    """
    h = min_visible_height(dem, row0, col0, obs_height, cells, cellsize,
                           curv_coeff, earth_diameter, nodata, chunk,
                           max_height=target_height)
    return h <= target_height


def viewshed_min_height(dem: np.ndarray, row0: int, col0: int, obs_height: float,
                        cellsize: CellSize, radius: Optional[float] = None,
                        curv_coeff: float = 0.0,
                        earth_diameter: float = EARTH_DIAMETER,
                        nodata: Optional[float] = None) -> np.ndarray:
    """Min visible height on the whole grid (``nan`` outside ``radius``)."""
    nrows, ncols = np.asarray(dem).shape
    cx, cy = _cell_xy(cellsize)
    rr, cc = np.mgrid[0:nrows, 0:ncols]
    out = np.full((nrows, ncols), np.nan)
    if radius is None:
        inside = np.ones((nrows, ncols), dtype=bool)
    else:
        inside = ((rr - row0) * cy) ** 2 + ((cc - col0) * cx) ** 2 <= radius * radius
    r, c = rr[inside], cc[inside]
    out[inside] = min_visible_height(dem, row0, col0, obs_height, (r, c), cellsize,
                                     curv_coeff, earth_diameter, nodata)
    return out
