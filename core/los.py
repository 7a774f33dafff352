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

Everything is vectorised with numpy: the loop runs over the step index along
the rays, vectorised across cells, and cells are processed in chunks so that
memory stays bounded.
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
    zr[invalid] = -np.inf
    return min_visible_height_rel(zr, row0, col0, rows, cols, cx, cy, kcurv,
                                  chunk, max_height)


def min_visible_height_rel(zr: np.ndarray, row0: int, col0: int,
                           rows: np.ndarray, cols: np.ndarray, cx: float,
                           cy: float, kcurv: float, chunk: int = 1 << 16,
                           max_height: Optional[float] = None) -> np.ndarray:
    """Core of :func:`min_visible_height` on prepared data.

    ``zr`` is the DEM minus the observer eye elevation with ``-inf`` at NoData
    cells (prepare it once, reuse it for many calls); ``kcurv`` is
    ``curv_coeff / earth_diameter``.  ``rows``/``cols`` are int64 arrays.
    """
    nrows, ncols = zr.shape
    out = np.zeros(rows.shape[0], dtype=np.float64)
    if rows.size == 0:
        return out
    dr_all = rows - row0
    dc_all = cols - col0
    nsteps = np.maximum(np.abs(dr_all), np.abs(dc_all))
    order = np.argsort(-nsteps, kind="stable")

    for start in range(0, order.size, chunk):
        idx = order[start:start + chunk]
        dr = dr_all[idx]
        dc = dc_all[idx]
        adr = np.abs(dr)
        adc = np.abs(dc)
        sr = np.sign(dr)
        sc = np.sign(dc)
        n = nsteps[idx]  # sorted descending
        # best = max over crossings of (h(t) - z0) / t
        best = np.full(idx.size, -np.inf)
        # target ground (curvature-lowered), relative to the eye
        tg = zr[rows[idx], cols[idx]] - kcurv * ((dr * cy) ** 2 + (dc * cx) ** 2)
        # early exit threshold on best: required height = best - tg > max_height
        active_n = idx.size
        neg_n = -n
        nmax = int(n[0]) if n.size else 0
        adr_safe = np.maximum(adr, 1)
        adc_safe = np.maximum(adc, 1)
        for step in range(1, nmax):
            # active cells: n > step  (prefix, since n sorted descending)
            m = int(np.searchsorted(neg_n[:active_n], -step, side="left"))
            if m == 0:
                break
            active_n = m
            a_dr = adr[:m]
            a_dc = adc[:m]
            # --- crossings with row lines (row = row0 + sr*step), |dr| > step
            sel = np.nonzero(a_dr > step)[0]
            if sel.size:
                d = a_dr[sel]
                num = dc[sel] * step
                clo = num // d
                rem = num - clo * d
                f = rem / d
                rr = row0 + sr[sel] * step
                c1 = col0 + clo
                c2 = np.minimum(c1 + 1, ncols - 1)
                h1 = zr[rr, c1]
                h2 = zr[rr, c2]
                h = h1 + f * (h2 - h1)
                h = np.where(f == 0.0, h1, h)
                t = step / d
                xo = (clo + f) * cx
                yo = step * cy
                h = h - kcurv * (xo * xo + yo * yo)
                s = h / t
                cur = best[sel]
                best[sel] = np.maximum(cur, np.where(np.isnan(s), -np.inf, s))
            # --- crossings with column lines (col = col0 + sc*step), |dc| > step
            sel = np.nonzero(a_dc > step)[0]
            if sel.size:
                d = a_dc[sel]
                num = dr[sel] * step
                rlo = num // d
                rem = num - rlo * d
                f = rem / d
                cc = col0 + sc[sel] * step
                r1 = row0 + rlo
                r2 = np.minimum(r1 + 1, nrows - 1)
                h1 = zr[r1, cc]
                h2 = zr[r2, cc]
                h = h1 + f * (h2 - h1)
                h = np.where(f == 0.0, h1, h)
                t = step / d
                yo = (rlo + f) * cy
                xo = step * cx
                h = h - kcurv * (xo * xo + yo * yo)
                s = h / t
                cur = best[sel]
                best[sel] = np.maximum(cur, np.where(np.isnan(s), -np.inf, s))
            if max_height is not None and step % 16 == 0:
                # stop when every active cell already needs more than max_height
                if np.all(best[:m] - tg[:m] > max_height):
                    break
        req = best - tg
        req = np.where(np.isneginf(best), 0.0, req)
        req = np.maximum(req, 0.0)
        req[np.isneginf(tg) | np.isnan(tg)] = np.inf
        out[idx] = req
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
