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


def block_max_pyramid(z: np.ndarray, block: int = 8, has_nan: bool = True
                      ) -> Tuple[int, np.ndarray]:
    """Coarse bound for :func:`min_visible_height_rel`: ``(block, M2)`` where
    ``M2[i, j]`` is the max of ``z`` (NaN ignored, -inf if all NaN) over the
    2 x 2 blocks of ``block`` x ``block`` cells whose top-left block is
    ``(i, j)``.  ``has_nan=False``: ``z`` has no NaN (faster)."""
    nr, nc = z.shape
    nbr = -(-nr // block)
    nbc = -(-nc // block)
    r_full, c_full = nr // block, nc // block
    blk = np.full((nbr, nbc), -np.inf, dtype=z.dtype)
    if has_nan:
        z = np.where(np.isnan(z), z.dtype.type(-np.inf), z)
    if r_full and c_full:
        core = z[:r_full * block, :c_full * block]
        # rows of blocks first (elementwise maxima of whole rows: fast), then
        # the short contiguous column groups
        rmax = core.reshape(r_full, block, c_full * block).max(axis=1)
        # (maxima of strided columns: a reduction over short axes is slow)
        out = blk[:r_full, :c_full]
        np.copyto(out, rmax[:, 0::block][:, :c_full])
        for k in range(1, block):
            np.maximum(out, rmax[:, k::block][:, :c_full], out=out)
    # ragged last block row / column
    for i in range(nbr):
        if i < r_full and c_full == nbc:
            continue
        r0 = i * block
        rows = z[r0:r0 + block]
        for jj in (range(nbc) if i >= r_full else range(c_full, nbc)):
            blk[i, jj] = rows[:, jj * block:(jj + 1) * block].max()
    m2 = np.full((nbr + 1, nbc + 1), -np.inf, dtype=z.dtype)
    m2[:nbr, :nbc] = blk
    m2[:nbr, :nbc] = np.maximum(m2[:nbr, :nbc], m2[1:, :nbc])
    m2[:nbr, :nbc] = np.maximum(m2[:nbr, :nbc], m2[:nbr, 1:])
    return block, m2


def _seg_max(zf: np.ndarray, ncols: int, row0: int, col0: int,
             s0: np.ndarray, ln: np.ndarray, a: np.ndarray, sgn: np.ndarray,
             k: np.ndarray, kd: np.ndarray, along_rows: bool, dtype,
             z0: float) -> np.ndarray:
    """Exact max over the crossings ``s0 .. s0 + ln - 1`` of each segment of
    ``a * (h / s - kd * s)`` (per-segment arrays; ``ln >= 1``).  NaN
    (NoData) crossings are ignored, -inf when all are."""
    total = int(ln.sum())
    starts = np.zeros(ln.size, dtype=np.int64)
    np.cumsum(ln[:-1], out=starts[1:])
    # s = s0, s0 + 1, ... within each segment
    s = np.ones(total, dtype=np.int32)
    s[0] = s0[0]
    if ln.size > 1:
        s[starts[1:]] = (s0[1:] - (s0[:-1] + ln[:-1] - 1)).astype(np.int32)
    np.cumsum(s, out=s)
    ids = _expand_ids(starts, total)
    if dtype == np.float32:
        # float32 engine path: the offset q is exact to ~3e-4 cell, the
        # interpolation is continuous in it (an exact grid crossing may come
        # out as f = 0.9999 on the previous cell: same height)
        sf = s.astype(np.float32)
        q = sf * k.astype(np.float32).take(ids)
        lo = np.floor(q)
        q -= lo
        f = q
    else:
        sf = None
        q = s * k.take(ids)                                   # float64
        lo = np.floor(q + 1e-7)
        q -= lo                                               # fraction
        f = q
        f *= f > 1e-6                                         # exact grid crossing
    idx = lo.astype(np.int64)
    if along_rows:
        line = (np.asarray(sgn, dtype=np.int64) * ncols).take(ids)
        step2 = 1
    else:
        idx *= ncols
        line = np.asarray(sgn, dtype=np.int64).take(ids)
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
    if kd is not None:
        sf *= kd.take(ids)
        h -= sf
    best = np.fmax.reduceat(h, starts)   # NaN (NoData) crossings ignored
    best *= a.astype(dtype)
    best[np.isnan(best)] = -np.inf
    return best


def _expand_ids(starts: np.ndarray, total: int) -> np.ndarray:
    """Segment id of every element of a flat array cut at ``starts`` (every
    segment non-empty): ``np.repeat(arange(n), counts)``, several times
    faster (np.repeat copies element by element)."""
    ids = np.zeros(total, dtype=np.int32)
    ids[starts[1:]] = 1
    np.cumsum(ids, out=ids)
    return ids


def _cell_max(out: np.ndarray, cell: np.ndarray, v: np.ndarray) -> None:
    """``out[c] = max(out[c], v[i])`` for ``cell[i] == c``; ``cell`` sorted."""
    if cell.size == 0:
        return
    brk = np.nonzero(cell[1:] != cell[:-1])[0] + 1
    starts = np.concatenate([[0], brk])
    m = np.maximum.reduceat(v, starts).astype(np.float64)
    c = cell[starts]
    out[c] = np.maximum(out[c], m)


def _max_slopes(zf: np.ndarray, ncols: int, nrows: int, row0: int, col0: int,
                a_main: np.ndarray, s_main: np.ndarray, other: np.ndarray,
                c_main: float, c_other: float, kcurv: float, along_rows: bool,
                dtype, z0: float = 0.0, pyramid=None) -> np.ndarray:
    """Max over the crossings with the lines of one family of ``h(t) / t``.

    ``along_rows``: crossings with row lines (row = row0 + s_main * s) for
    s = 1 .. a_main - 1; the column of the crossing is ``col0 + other*s/a_main``.
    Otherwise the symmetric case with column lines.  Fully vectorised: all the
    crossings of all the cells in one flat array, reduced per cell.

    With ``t = s / a`` and the horizontal distance of the crossing
    ``d = s * sqrt(D)`` (``D = c_main**2 + (other/a)**2 * c_other**2``), the
    slope is ``(h - kcurv d**2) / t = a * (h / s - kcurv * D * s)``: per
    crossing only the terms in ``s`` are computed, ``a`` is applied per cell.

    ``pyramid`` (from :func:`block_max_pyramid`): the sight lines are cut
    into segments of ``block - 1`` steps, each bounded with the block maxima;
    only the best-bounded segment of each cell and then the segments whose
    bound exceeds the max found so far are computed (same exact result).
    """
    m = a_main.size
    out = np.full(m, -np.inf, dtype=dtype)
    cnt = np.maximum(a_main - 1, 0)
    nz = np.nonzero(cnt)[0]
    if nz.size == 0:
        return out
    cnt_nz = cnt[nz]
    a_nz = a_main[nz]
    k = other[nz] / a_nz.astype(np.float64)                   # offset per step
    kd = ((kcurv * (c_main * c_main + (k * c_other) ** 2)).astype(dtype)
          if kcurv else None)
    sgn = s_main[nz]
    if pyramid is None or int(cnt_nz.max()) < 4 * pyramid[0]:
        out[nz] = _seg_max(zf, ncols, row0, col0, np.ones(nz.size, dtype=np.int64),
                           cnt_nz, a_nz, sgn, k, kd, along_rows, dtype, z0)
        return out
    block, m2 = pyramid
    # segment length: its cells (with the interpolation neighbours) span at
    # most block + 1 cells along both axes, i.e. 2 x 2 blocks
    ak = np.abs(k)
    seg = np.minimum(block - 1,
                     1 + np.floor((block - 1) / np.maximum(ak, 1e-9))).astype(np.int64)
    nseg = -(-cnt_nz // seg)
    first = np.zeros(nz.size, dtype=np.int64)
    np.cumsum(nseg[:-1], out=first[1:])
    cell = _expand_ids(first, int(nseg.sum()))
    j = np.arange(cell.size) - first.take(cell)
    segc = seg[cell]
    s0 = 1 + j * segc
    ln = np.minimum(segc, cnt_nz[cell] - j * segc)
    s1 = s0 + ln - 1
    # bounding box of the segment's cells (both interpolation cells)
    kc = k[cell]
    q0 = np.floor(s0 * kc)
    q1 = np.floor(s1 * kc)
    qlo = np.minimum(q0, q1).astype(np.int64)
    if along_rows:
        ra = row0 + sgn[cell] * s0
        rb = row0 + sgn[cell] * s1
        r_lo = np.minimum(ra, rb)
        c_lo = col0 + qlo
    else:
        ca = col0 + sgn[cell] * s0
        cb = col0 + sgn[cell] * s1
        c_lo = np.minimum(ca, cb)
        r_lo = row0 + qlo
    bi = np.clip(r_lo // block, 0, m2.shape[0] - 1)
    bj = np.clip(c_lo // block, 0, m2.shape[1] - 1)
    hm = m2[bi, bj].astype(np.float64) - z0
    ac = a_nz[cell].astype(np.float64)
    bound = ac * (np.maximum(hm / s0, hm / s1)
                  - (kd[cell].astype(np.float64) * s0 if kd is not None else 0.0))
    # round 1: the best-bounded segment of each cell
    bmax = np.maximum.reduceat(bound, first)
    sel = np.nonzero(bound >= bmax[cell])[0]
    low = np.full(nz.size, -np.inf)
    v = _seg_max(zf, ncols, row0, col0, s0[sel], ln[sel], a_nz[cell[sel]],
                 sgn[cell[sel]], k[cell[sel]], None if kd is None else kd[cell[sel]],
                 along_rows, dtype, z0)
    _cell_max(low, cell[sel], v)
    # round 2: the segments that may still beat it
    rest = bound > low[cell]
    rest[sel] = False
    sel2 = np.nonzero(rest)[0]
    if sel2.size:
        v2 = _seg_max(zf, ncols, row0, col0, s0[sel2], ln[sel2], a_nz[cell[sel2]],
                      sgn[cell[sel2]], k[cell[sel2]],
                      None if kd is None else kd[cell[sel2]], along_rows, dtype, z0)
        _cell_max(low, cell[sel2], v2)
    out[nz] = low.astype(dtype)
    return out


def min_visible_height_rel(zr: np.ndarray, row0: int, col0: int,
                           rows: np.ndarray, cols: np.ndarray, cx: float,
                           cy: float, kcurv: float, chunk: int = 1 << 16,
                           max_height: Optional[float] = None,
                           max_crossings: int = 1 << 16,
                           z0: float = 0.0, pyramid=None) -> np.ndarray:
    """Core of :func:`min_visible_height` on prepared data.

    ``zr`` is the DEM minus the observer eye elevation with ``-inf`` (or any
    value <= :data:`NODATA_LOW`) at NoData cells (prepare it once, reuse it for
    many calls; float32 or float64, the arithmetic follows its dtype); ``kcurv``
    is ``curv_coeff / earth_diameter``.  ``rows``/``cols`` are integer arrays.
    ``pyramid``: optional ``block_max_pyramid(zr)`` of the same array: skips
    the stretches of the sight lines that cannot hold the maximum (same
    result, fewer crossings evaluated).
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
                           cy, cx, kcurv, True, dtype, z0, pyramid)
        np.maximum(best, _max_slopes(zf, ncols, nrows, row0, col0, adc,
                                     np.sign(dc), dr, cx, cy, kcurv, False,
                                     dtype, z0, pyramid), out=best)
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
