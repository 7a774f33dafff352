"""Vigie visibility engine: per-viewpoint viewsheds accumulated into ZTV rasters.

For every viewpoint, a window of radius R around it is read from the DEM
(``ReadAsArray`` on the window only, float32, into a per-thread buffer) and
``gdal.ViewshedGenerate`` runs once directly on that array (``OpenArray``, no
copy; GVM_Edge, GVOT_MIN_TARGET_HEIGHT_FROM_DEM output read back as float32,
GDAL's out-of-range value ``inf`` marks the cells beyond the radius).  GDAL's
algorithm interpolates a horizon surface and disagrees with the exact R3 line
of sight (``core/los.py``) on 0.1-1 % of the cells, near the visibility
boundary, and grossly (up to 40 % of the cells) around an observer standing
on steep ground such as the top of a spoil tip.  The engine repairs it:

1. cells on GDAL's visibility boundary (a 4-neighbour inside the radius
   classified differently) whose GDAL clearance is within ``margin`` metres of
   the target height (3 m for a 5 m DEM, scaled with the cell size) are
   recomputed with the exact R3 reference, most likely wrong first (smallest
   ``|clearance - target|``);
2. every cell whose class flipped makes its 8 neighbours candidates; repeat
   until nothing flips (region growing follows GDAL's error, nothing else);
3. the work is bounded by a budget of R3 *crossings* proportional to the
   window's cell count (``accuracy`` preset, see :data:`ACCURACY`); the
   budget is renewed (up to 8 times for "balanced") while the candidates left
   would still hold more than 0.1 % of the cells wrong at the flip rate of the
   last batch; cells already seen by another viewpoint of the same element
   need no repair for the element's visibility and are skipped;
4. self-check: the exact R3 on a deterministic stratified random sample of
   200 cells (near the observer / nearest to the threshold / the rest)
   estimates the agreement of the result; below 99.5 % (+ 0.2 safety) the
   viewpoint is escalated (exact near disc when the near stratum is wrong,
   larger margin and 4x budget, then no budget), and the estimate is kept in
   the result's stats (mean / min over the viewpoints) for the log.

Visibility is reciprocal: the observer is the element's top (viewpoint height
above ground) and the target an eye ``eye_height`` above the ground of each
cell.

NoData in the DEM: NoData cells are filled with a very low value in the window
before GDAL runs (so they never block a sight line) and are marked invisible
afterwards (count and admissible are NoData there).

Curvature: ``curv_coeff = 1 - refraction`` when ``curvature`` is true, else 0;
the earth diameter is twice the semi-major axis of the DEM's SRS (GDAL does the
same: the in-memory dataset carries the DEM's SRS).
"""
import math
import threading
import time
from collections import OrderedDict
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, gdal_array

from . import los, polygonize

gdal.UseExceptions()

COUNT_NODATA = 65535
ADMISSIBLE_NODATA = -9999.0
N_KINDS = 4
KIND_NAMES = ("headframe", "spoil tip", "cite", "other")


class Canceled(Exception):
    """Raised when ``is_canceled()`` returned True: no partial result."""


@dataclass
class Viewpoint:
    x: float            # map coordinates (projected metres, DEM CRS)
    y: float
    height: float       # metres above ground at (x, y)
    group: int          # index of the element it belongs to (0..n_groups-1)
    radius: float       # metres


@dataclass
class GroupResult:
    group: int
    kind: int
    row0: int                      # window origin of ``mask`` on the DEM grid
    col0: int
    mask: Optional[np.ndarray]     # bool, True where the element is visible
    n_viewpoints: int
    visible_area_m2: float
    max_distance_m: float
    skipped: bool


@dataclass
class GroupStats:
    group: int
    kind: int
    n_viewpoints: int
    visible_area_m2: float
    max_distance_m: float
    skipped: bool


@dataclass
class SkippedViewpoint:
    index: int
    viewpoint: Viewpoint
    reason: str


@dataclass
class ZtvResult:
    count: np.ndarray              # uint16 rows x cols, 65535 = NoData
    count_by_kind: Optional[np.ndarray]  # uint16 4 x rows x cols (None: by_kind=False)
    admissible: Optional[np.ndarray]  # float32 rows x cols, -9999 = NoData (None if not wanted)
    groups: List[GroupStats]
    skipped: List[SkippedViewpoint]
    geotransform: Tuple[float, ...] = ()
    projection: str = ""
    stats: Dict[str, float] = field(default_factory=dict)


@dataclass
class ViewshedWindow:
    """Result of one viewpoint on its window."""
    row0: int
    col0: int
    min_height: np.ndarray     # float32, min visible target height above ground
                               # (relative to the obstacle surface); inf outside
                               # the radius / NoData.  May be a per-thread
                               # scratch buffer: consume before the next call.
    visible: np.ndarray        # bool
    n_repaired: int
    n_flipped: int
    stats: Dict[str, float] = field(default_factory=dict)

    @property
    def inside(self) -> np.ndarray:
        """Bool: within the radius and valid (computed on demand)."""
        return np.isfinite(self.min_height)


class _Dem:
    """An opened DEM (and optional surface) with what the engine needs."""

    def __init__(self, path: str, surface_path: Optional[str] = None) -> None:
        self.path = path
        self.ds = gdal.Open(path)
        if self.ds is None:
            raise ValueError("Cannot open the DEM %r" % path)
        self.band = self.ds.GetRasterBand(1)
        self.nrows = self.ds.RasterYSize
        self.ncols = self.ds.RasterXSize
        self.gt = self.ds.GetGeoTransform()
        self.wkt = self.ds.GetProjection()
        srs = self.ds.GetSpatialRef()
        if srs is None or not self.wkt:
            raise ValueError(
                "The DEM %r has no coordinate reference system: assign a projected "
                "CRS in metres (e.g. EPSG:2154) before computing visibility." % path)
        if srs.IsGeographic():
            raise ValueError(
                "The DEM %r is in a geographic CRS (degrees): reproject it to a "
                "projected CRS in metres (e.g. EPSG:2154) first." % path)
        if not srs.IsProjected() and not srs.IsLocal():
            raise ValueError("The DEM %r is not in a projected CRS in metres." % path)
        if self.gt[2] != 0 or self.gt[4] != 0:
            raise ValueError("The DEM %r is rotated; warp it to a north-up grid." % path)
        if self.nrows * self.ncols < 2:
            raise ValueError("The DEM %r has a single cell: nothing to compute." % path)
        self.cx = abs(self.gt[1])
        self.cy = abs(self.gt[5])
        semi = srs.GetSemiMajor()
        self.earth_diameter = 2.0 * (semi if semi and semi > 0 else 6378137.0)
        self.nodata = self.band.GetNoDataValue()
        self.sds = None
        self.sband = None
        self.snodata = None
        if surface_path:
            self.sds = gdal.Open(surface_path)
            if self.sds is None:
                raise ValueError("Cannot open the surface model %r" % surface_path)
            if (self.sds.RasterXSize != self.ncols or self.sds.RasterYSize != self.nrows
                    or any(abs(a - b) > 1e-6 * max(1.0, abs(a))
                           for a, b in zip(self.sds.GetGeoTransform(), self.gt))):
                raise ValueError("The surface model %r is not on the DEM's grid "
                                 "(same size and geotransform required)." % surface_path)
            self.sband = self.sds.GetRasterBand(1)
            self.snodata = self.sband.GetNoDataValue()
        self.lock = threading.Lock()

    def cell_of(self, x: float, y: float) -> Tuple[int, int]:
        c = int(math.floor((x - self.gt[0]) / self.gt[1]))
        r = int(math.floor((y - self.gt[3]) / self.gt[5]))
        return r, c

    def read(self, band, nodata, r0: int, c0: int, nr: int, nc: int,
             out: Optional[np.ndarray] = None) -> np.ndarray:
        """Float32 window (NaN = NoData), read into ``out`` when given."""
        if out is None:
            out = np.empty((nr, nc), dtype=np.float32)
        with self.lock:  # a GDAL dataset handle is not thread-safe
            band.ReadAsArray(c0, r0, nc, nr, buf_obj=out)
        if nodata is not None and not np.isnan(nodata):
            bad = out == np.float32(nodata)
            if bad.any():
                out[bad] = np.nan
        return out

    def window(self, row: int, col: int, radius: float) -> Tuple[int, int, int, int]:
        rr = int(math.ceil(radius / self.cy))
        rc = int(math.ceil(radius / self.cx))
        r0 = max(0, row - rr)
        c0 = max(0, col - rc)
        r1 = min(self.nrows, row + rr + 1)
        c1 = min(self.ncols, col + rc + 1)
        return r0, c0, r1 - r0, c1 - c0


_TLS = threading.local()


def _scratch(name: str, shape: Tuple[int, ...], dtype) -> np.ndarray:
    """A per-thread reusable buffer (no page faults on every viewpoint)."""
    bufs = getattr(_TLS, "bufs", None)
    if bufs is None:
        bufs = _TLS.bufs = {}
    n = int(np.prod(shape))
    dt = np.dtype(dtype)
    flat = bufs.get(name)
    if flat is None or flat.dtype != dt or flat.size < n:
        flat = np.empty(n, dtype=dt)
        bufs[name] = flat
    return flat[:n].reshape(shape)


#: accuracy presets: (R3 crossings budget per window cell, cells budget
#: fraction of the cells in the radius, margin in metres for a 5 m DEM, max
#: rounds of region growing, max number of budgets of the adaptive repair)
ACCURACY = {
    "fast": (0.1, 0.05, 3.0, 50, 1),
    "balanced": (0.25, 0.05, 3.0, 50, 8),
    "exact": (None, None, 20.0, 100000, 1),
}
#: sample size and threshold of the per-viewpoint self-check
CHECK_SAMPLE = 200
CHECK_MIN_AGREEMENT = 99.5
#: the sample estimate is noisy (200 cells): escalate below target + safety
CHECK_SAFETY = 0.2
#: below this first-sample agreement (%) GDAL is grossly wrong on the viewpoint
#: (steep ground near it, coarse grids): the whole window goes exact when it
#: costs at most this many R3 crossings per window cell
GROSS_AGREEMENT = 99.0
#: crossings budget of the escalated repair (level 1, level 2), in base budgets
ESCALATION_BUDGETS = (4, 16)
GROSS_EXACT_CROSSINGS_PER_CELL = 150.0
BAND_QUANTILE = 0.1
#: adaptive repair: extra budgets while the estimated errors left exceed this
#: fraction of the cells in the radius
ADAPT_ERRORS = 0.001
#: block-max pyramid for big exact batches (0: never): used for batches of
#: sight lines 16 blocks long on average holding at least
#: PYRAMID_MIN_CROSSINGS crossings per window cell (12: 15 % faster than 8 on the
#: bench's 10 km windows, 6 and 16 slower; the result is the same whatever the block)
PYRAMID_BLOCK = 12
PYRAMID_MIN_CROSSINGS = 0.1


def _gdal_on_window(obst: np.ndarray, valid: Optional[np.ndarray], orow: int, ocol: int,
                    cx: float, cy: float, wkt: str, out: np.ndarray, outside,
                    args: Tuple, height_mode: int) -> np.ndarray:
    """Run ``gdal.ViewshedGenerate`` directly on the window array and read its
    result into ``out`` (``outside`` where GDAL's output does not cover the
    window).  NoData cells (``valid`` False) are filled far below the lowest
    valid cell, so they never block; the observer is the centre of cell
    ``(orow, ocol)``.  ``args``: the arguments after the observer's x and y."""
    nr, nc = obst.shape
    if valid is not None:
        vmin = float(np.min(obst[valid])) if valid.any() else 0.0
        src = np.where(valid, obst, np.float32(vmin - 100000.0))  # never blocks
    else:
        src = obst
    src = np.ascontiguousarray(src, dtype=np.float32)   # no copy without NoData
    ds = gdal_array.OpenArray(src)
    ds.SetGeoTransform((0.0, cx, 0.0, nr * cy, 0.0, -cy))
    if wkt:
        ds.SetProjection(wkt)
    band = ds.GetRasterBand(1)
    x = (ocol + 0.5) * cx
    y = (nr - orow - 0.5) * cy
    o = gdal.ViewshedGenerate(band, "MEM", "", [], x, y, *args, heightMode=height_mode)
    ob = o.GetRasterBand(1)
    gt = o.GetGeoTransform()
    ox = int(round(gt[0] / cx))
    oy = int(round((nr * cy - gt[3]) / cy))
    if (ox, oy, o.RasterXSize, o.RasterYSize) == (0, 0, nc, nr):
        ob.ReadAsArray(buf_obj=out)
    else:
        out.fill(outside)
        out[oy:oy + o.RasterYSize, ox:ox + o.RasterXSize] = ob.ReadAsArray().astype(out.dtype)
    del ob, o, band, ds
    return out


def _gdal_min_height(obst: np.ndarray, valid: Optional[np.ndarray], orow: int,
                     ocol: int, obs_height: float, cx: float, cy: float, wkt: str,
                     curv_coeff: float, radius: float,
                     mode: int = gdal.GVM_Edge,
                     out: Optional[np.ndarray] = None) -> np.ndarray:
    """Signed GDAL minimum visible height (relative to ``obst``) on the window.

    ``obst`` is float32 (NaN = NoData, ``valid`` then tells the valid cells;
    ``valid=None``: every cell is valid).  ViewshedGenerate runs in
    GVOT_MIN_TARGET_HEIGHT_FROM_DEM mode directly on the array (no copy when
    there is no NoData); its output (the unclamped height of GDAL's horizon)
    minus the DEM is the signed clearance, negative where the ground is above
    GDAL's horizon.  ``inf`` outside the radius (GDAL's out-of-range value)
    and at NoData cells.  Float32, written into ``out`` when given.
    """
    if out is None:
        out = np.empty(obst.shape, dtype=np.float32)
    _gdal_on_window(obst, valid, orow, ocol, cx, cy, wkt, out, np.inf,
                    (float(obs_height), 0.0, 255, 0, math.inf, -1, float(curv_coeff), mode,
                     float(radius)), gdal.GVOT_MIN_TARGET_HEIGHT_FROM_DEM)
    np.subtract(out, obst, out=out)
    if valid is not None:
        out[~valid] = np.inf
    return out


def _gdal_visible(obst: np.ndarray, valid: Optional[np.ndarray], orow: int, ocol: int,
                  obs_height: float, target_height: float, cx: float, cy: float, wkt: str,
                  curv_coeff: float, radius: float,
                  out: Optional[np.ndarray] = None) -> np.ndarray:
    """GDAL's binary viewshed on the window: uint8, 1 = visible, 0 = not.

    The lean path of a count-only run at GDAL's own accuracy: GVOT_NORMAL
    (a byte raster, no float readback), same NoData rule as
    :func:`_gdal_min_height` (NoData filled far below, never blocks, reported
    0).  Cells beyond the radius are 0; :func:`_disk` tells them apart.
    """
    if out is None:
        out = np.empty(obst.shape, dtype=np.uint8)
    _gdal_on_window(obst, valid, orow, ocol, cx, cy, wkt, out, 0,
                    (float(obs_height), float(target_height), 1, 0, 0, 0, float(curv_coeff),
                     gdal.GVM_Edge, float(radius)), gdal.GVOT_NORMAL)
    if valid is not None:
        out[~valid] = 0
    return out


_DISKS: Dict[Tuple[float, float, float], np.ndarray] = {}
_DISKS_LOCK = threading.Lock()


def _disk(radius: float, cx: float, cy: float) -> np.ndarray:
    """Bool disc of the cells GDAL keeps in range: centre distance <= radius.

    Shape (2 rr + 1, 2 rc + 1) centred on the observer cell (rr, rc as
    :meth:`_Dem.window`); GDAL marks a cell out of range when the distance
    between the cell centres exceeds the radius (tests compare the two).
    """
    key = (float(radius), float(cx), float(cy))
    with _DISKS_LOCK:
        d = _DISKS.get(key)
        if d is None:
            rr = int(math.ceil(radius / cy))
            rc = int(math.ceil(radius / cx))
            dy = (np.arange(-rr, rr + 1, dtype=np.float64) * cy) ** 2
            dx = (np.arange(-rc, rc + 1, dtype=np.float64) * cx) ** 2
            d = (dy[:, None] + dx[None, :]) <= float(radius) * float(radius)
            if len(_DISKS) > 16:
                _DISKS.clear()
            _DISKS[key] = d
        return d


def _neighbours8(rows: np.ndarray, cols: np.ndarray, nr: int, nc: int
                 ) -> Tuple[np.ndarray, np.ndarray]:
    dr = np.array([-1, -1, -1, 0, 0, 1, 1, 1])
    dc = np.array([-1, 0, 1, -1, 1, -1, 0, 1])
    r = (rows[:, None] + dr[None, :]).ravel()
    c = (cols[:, None] + dc[None, :]).ravel()
    ok = (r >= 0) & (r < nr) & (c >= 0) & (c < nc)
    return r[ok], c[ok]


def _boundary_candidates(e: np.ndarray, vis: np.ndarray, thr, margin: float
                         ) -> Tuple[np.ndarray, np.ndarray]:
    """Cells within ``margin`` of the threshold with a 4-neighbour (inside the
    radius) of the other class."""
    nr, nc = e.shape
    # the two cells of every side where the class changes (packed scan of the
    # mask, core.polygonize), sorted and unique like a flatnonzero
    hi, hj, vi, vj = polygonize.boundary_edges(vis)
    okh = (hi > 0) & (hi < nr)
    hi, hj = hi[okh], hj[okh]
    okv = (vj > 0) & (vj < nc)
    vi, vj = vi[okv], vj[okv]
    top = hi * nc + hj
    left = vi * nc + vj
    lin = np.unique(np.concatenate([top, top - nc, left, left - 1]))
    # within the margin of the threshold: tested on the boundary cells only (a
    # few % of the window), not with full-window float passes
    el = e.ravel()[lin]
    tl = thr if np.isscalar(thr) else np.asarray(thr).ravel()[lin]
    lin = lin[(el > tl - margin) & (el < tl + margin)]
    rows, cols = np.divmod(lin, nc)
    if rows.size == 0:
        return rows, cols
    # drop cells whose only differing neighbours are outside the radius
    ok = np.zeros(rows.size, dtype=bool)
    v = vis[rows, cols]
    for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        r2 = np.clip(rows + dr, 0, nr - 1)
        c2 = np.clip(cols + dc, 0, nc - 1)
        ok |= (vis[r2, c2] != v) & np.isfinite(e[r2, c2])
    return rows[ok], cols[ok]


def _sample_cells(e: np.ndarray, thr_at, orow: int, ocol: int, radius: float,
                  cx: float, cy: float, n: int, seed: int,
                  exclude: Optional[np.ndarray] = None):
    """Deterministic stratified random sample of cells inside the radius.

    Three strata, about ``n / 3`` cells each, drawn uniformly inside each:

    * ``near``: within ``max(10 cells, radius / 10)`` of the observer, where
      GDAL's gross errors are (steep ground around the observer, e.g. the top
      of a spoil tip) and where the exact R3 is cheap;
    * ``band``: the other cells whose current clearance is nearest to the
      threshold (lowest decile), where nearly all the boundary errors are;
    * ``rest``: the others.

    The stratum weights (fractions of the disc) are estimated from 40 n
    uniform draws.  Cells flagged in ``exclude`` (already exact) are not
    drawn but count in the weights.  Returns ``rows, cols, stratum, weights``.
    """
    nr, nc = e.shape
    rng = np.random.default_rng(seed)
    cmin = min(cx, cy)
    rn = max(10.0 * cmin, radius / 10.0)

    def draw(r_lo, r_hi, c_lo, c_hi, m, rad):
        rr = rng.integers(max(0, r_lo), min(nr, r_hi + 1), m)
        cc = rng.integers(max(0, c_lo), min(nc, c_hi + 1), m)
        d2 = ((rr - orow) * cy) ** 2 + ((cc - ocol) * cx) ** 2
        ok = d2 <= rad * rad
        ok &= np.isfinite(e[rr, cc])
        ok &= (rr != orow) | (cc != ocol)
        return rr[ok], cc[ok], d2[ok]

    rr, cc, d2 = draw(0, nr - 1, 0, nc - 1, 40 * n + 64, radius)
    empty = np.zeros(0, dtype=np.int64)
    if rr.size == 0:
        return empty, empty, empty, np.zeros(3)
    near = d2 <= rn * rn
    gap = np.abs(e[rr, cc] - thr_at(rr, cc))
    far = ~near
    cut = float(np.quantile(gap[far], BAND_QUANTILE)) if far.any() else 0.0
    band = far & (gap <= cut)
    weights = np.array([near.mean(), band.mean(), (far & ~band).mean()])
    kn = int(math.ceil(rn / cy))
    km = int(math.ceil(rn / cx))
    nrr, ncc, _ = draw(orow - kn, orow + kn, ocol - km, ocol + km, 8 * n + 64, rn)
    pools = [(nrr, ncc), (rr[band], cc[band]), (rr[far & ~band], cc[far & ~band])]
    out_r, out_c, out_s = [], [], []
    per = max(1, n // 3)
    for k, (pr, pc) in enumerate(pools):
        if exclude is not None and pr.size:
            keep = ~exclude[pr, pc]
            pr, pc = pr[keep], pc[keep]
        if pr.size == 0:
            continue
        lin = pr.astype(np.int64) * nc + pc
        _, first = np.unique(lin, return_index=True)
        first = np.sort(first)[:per]
        out_r.append(pr[first])
        out_c.append(pc[first])
        out_s.append(np.full(first.size, k))
    if not out_r:
        return empty, empty, empty, weights
    return (np.concatenate(out_r), np.concatenate(out_c), np.concatenate(out_s),
            weights)


def _estimate_agreement(wrong: np.ndarray, stratum: np.ndarray,
                        weights: np.ndarray) -> float:
    """Percent agreement estimated from a stratified sample."""
    err = 0.0
    for k, w in enumerate(weights):
        sel = stratum == k
        if sel.any():
            err += float(w) * float(wrong[sel].mean())
    return 100.0 * (1.0 - err)


def viewshed_window(obst: np.ndarray, orow: int, ocol: int, obs_height: float,
                    threshold, cx: float, cy: float, radius: float,
                    curv_coeff: float, earth_diameter: float, wkt: str,
                    repair: bool = True, margin: Optional[float] = None,
                    repair_budget: Optional[float] = None, max_rounds: Optional[int] = None,
                    skip: Optional[np.ndarray] = None, accuracy: str = "balanced",
                    valid: Optional[np.ndarray] = None, seed: int = 0,
                    cross_budget: Optional[float] = -1.0,
                    check: Optional[bool] = None, clamp: bool = True) -> ViewshedWindow:
    """Viewshed of one observer on a window array (NaN = NoData).

    :param obst: obstacle heights on the window (DEM or surface), NaN = NoData
        (float32 preferred: used in place, never copied).
    :param threshold: target height above ``obst`` (scalar or window array).
    :param skip: optional bool window: cells that need no repair (e.g. already
        seen by another viewpoint of the same element).
    :param accuracy: ``"fast"``, ``"balanced"`` or ``"exact"`` (see
        :data:`ACCURACY`); ``margin``, ``repair_budget`` (fraction of the cells
        in the radius), ``max_rounds`` and ``cross_budget`` (R3 crossings per
        window cell, None = unlimited) override the preset when given.
    :param valid: bool window of valid cells (None: computed from the NaNs).
    :param check: run the self-check on a random sample (default: with repair).
    :param clamp: clamp ``min_height`` at 0 (False: negative where the ground is
        above the sight line; the caller clamps, e.g. once on a minimum).
    :returns: a :class:`ViewshedWindow` (window origin left at 0, 0); its
        ``min_height`` is float32 and ``inf`` outside the radius / at NoData.
    """
    nr, nc = obst.shape
    obst = np.asarray(obst, dtype=np.float32)
    if valid is None:
        if np.isnan(np.min(obst)):
            valid = ~np.isnan(obst)
    elif valid.all():
        valid = None
    p_cross, p_cells, p_margin, p_rounds, p_budgets = ACCURACY[accuracy]
    if margin is None:
        # GDAL's clearance errors grow with the cell size (5 m DEM: 3 m)
        margin = p_margin * max(1.0, min(cx, cy) / 5.0)
    if repair_budget is None and accuracy != "exact":
        repair_budget = p_cells
    if max_rounds is None:
        max_rounds = p_rounds
    if cross_budget is not None and cross_budget < 0:
        cross_budget = p_cross
    if check is None:
        check = repair
    e = _gdal_min_height(obst, valid, orow, ocol, obs_height, cx, cy, wkt,
                         curv_coeff, radius, out=_scratch("e", (nr, nc), np.float32))
    thr = threshold
    vis0 = e <= thr
    n_rep = 0
    n_flip = 0
    n_cross = 0
    stats: Dict[str, float] = {}
    if repair or check:
        z0 = float(obst[orow, ocol]) + float(obs_height)
        kcurv = float(curv_coeff) / float(earth_diameter)
        n_in = min(nr * nc, math.pi * radius * radius / (cx * cy))
        cells_cap = int(repair_budget * n_in) if repair_budget is not None else None
        cross_cap = int(cross_budget * nr * nc) if cross_budget is not None else None

        pyr = []

        def exact(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
            # big batches of long sight lines: bound them with a block-max
            # pyramid (skips the stretches that cannot hold the max; same
            # result), built once per window
            use = False
            if PYRAMID_BLOCK and rows.size >= 256:
                ncr = los.crossings_count(orow, ocol, rows, cols)
                use = (float(ncr.mean()) >= 16 * PYRAMID_BLOCK
                       and float(ncr.sum()) >= PYRAMID_MIN_CROSSINGS * nr * nc)
            if use and not pyr:
                pyr.append(los.block_max_pyramid(obst, PYRAMID_BLOCK,
                                                 has_nan=valid is not None))
            if use:
                return los.min_visible_height_rel(obst, orow, ocol, rows, cols, cx,
                                                  cy, kcurv, z0=z0, pyramid=pyr[0],
                                                  max_crossings=1 << 18)
            return los.min_visible_height_rel(obst, orow, ocol, rows, cols, cx, cy,
                                              kcurv, z0=z0)

        def thr_at(rows, cols):
            return thr if np.isscalar(thr) else thr[rows, cols]

        def run_repair(rows, cols, cells_cap, cross_cap, checked):
            """Exact R3 on the candidates, most likely wrong first (smallest
            |clearance - threshold|), then on the neighbours of the cells that
            flipped, within the budgets.  Returns the candidates left when a
            budget stopped it and the flip rate of its last batch."""
            nonlocal n_rep, n_flip, n_cross
            rounds = 0
            n_rep0, n_cross0 = n_rep, n_cross
            rate = 0.0
            empty = np.zeros(0, dtype=np.int64)
            while rows.size and rounds < max_rounds:
                rounds += 1
                pri = np.argsort(np.abs(e[rows, cols] - thr_at(rows, cols)),
                                 kind="stable")
                rows, cols = rows[pri], cols[pri]
                k = rows.size
                if cells_cap is not None:
                    k = min(k, cells_cap - (n_rep - n_rep0))
                ncr = los.crossings_count(orow, ocol, rows[:max(k, 0)], cols[:max(k, 0)])
                if cross_cap is not None and k > 0:
                    left = cross_cap - (n_cross - n_cross0)
                    k = min(k, int(np.searchsorted(np.cumsum(ncr), left, side="right")))
                if k <= 0:
                    return rows, cols, rate
                rest_r, rest_c = rows[k:], cols[k:]
                rows, cols, ncr = rows[:k], cols[:k], ncr[:k]
                checked[rows, cols] = True
                ex = exact(rows, cols)
                n_rep += rows.size
                n_cross += int(ncr.sum())
                newvis = ex <= thr_at(rows, cols)
                flipped = newvis != vis0[rows, cols]
                e[rows, cols] = ex
                vis0[rows, cols] = newvis
                nf = int(flipped.sum())
                n_flip += nf
                tail = flipped[-max(1, flipped.size // 4):]
                rate = float(tail.mean())
                if nf:
                    nr_, nc_ = _neighbours8(rows[flipped], cols[flipped], nr, nc)
                    ok = ~checked[nr_, nc_]
                    ok &= np.isfinite(e[nr_, nc_])
                    if skip is not None:
                        ok &= ~skip[nr_, nc_]
                    nr_, nc_ = nr_[ok], nc_[ok]
                else:
                    nr_, nc_ = empty, empty
                if rest_r.size:       # a budget stopped this round
                    rows = np.concatenate([rest_r, nr_])
                    cols = np.concatenate([rest_c, nc_])
                    lin = np.unique(rows * nc + cols)
                    return lin // nc, lin % nc, rate
                if nr_.size == 0:
                    break
                lin = np.unique(nr_ * nc + nc_)
                rows, cols = lin // nc, lin % nc
            return empty, empty, rate

        def exact_all(rows: np.ndarray, cols: np.ndarray, checked: np.ndarray) -> None:
            """Exact R3 on every given cell, in batches; updates e, vis0, checked."""
            nonlocal n_rep, n_flip, n_cross
            step = 1 << 16
            for i in range(0, rows.size, step):
                rr_, cc_ = rows[i:i + step], cols[i:i + step]
                ex = exact(rr_, cc_)
                n_rep += rr_.size
                n_cross += int(los.crossings_count(orow, ocol, rr_, cc_).sum())
                nv = ex <= thr_at(rr_, cc_)
                n_flip += int((nv != vis0[rr_, cc_]).sum())
                e[rr_, cc_] = ex
                vis0[rr_, cc_] = nv
                checked[rr_, cc_] = True

        checked = np.zeros((nr, nc), dtype=bool)
        if repair and accuracy == "exact":
            # exact: every cell in the radius gets the exact line of sight
            # (GDAL's clearance errors reach +-10 m on 25 m grids: no margin
            # is safe); cost ~ cells x radius in cells
            rows, cols = np.nonzero(np.isfinite(e))
            if skip is not None and rows.size:
                keep = ~skip[rows, cols]
                rows, cols = rows[keep], cols[keep]
            exact_all(rows, cols, checked)
            stats["budgets"] = 1.0
        elif repair:
            rows, cols = _boundary_candidates(e, vis0, thr, margin)
            if skip is not None and rows.size:
                keep = ~skip[rows, cols]
                rows, cols = rows[keep], cols[keep]
            left_r, left_c, rate = run_repair(rows, cols, cells_cap, cross_cap, checked)
            # adaptive budget: while the candidates left would still hold more
            # than ADAPT_ERRORS of the cells wrong (at the flip rate of the last
            # batch), give another budget (at most ADAPT_MAX_BUDGETS in all)
            n_budgets = 1
            while (left_r.size and n_budgets < p_budgets
                   and left_r.size * rate > ADAPT_ERRORS * n_in):
                n_budgets += 1
                left_r, left_c, rate = run_repair(left_r, left_c, cells_cap, cross_cap,
                                                  checked)
            stats["budgets"] = float(n_budgets)
        if check:
            level = 0
            near_done = False
            samples = []
            while True:
                sr, sc, stratum, weights = _sample_cells(
                    e, thr_at, orow, ocol, radius, cx, cy, CHECK_SAMPLE,
                    seed + 7919 * level, checked)
                if sr.size == 0:
                    break
                ex = exact(sr, sc)
                n_cross += int(los.crossings_count(orow, ocol, sr, sc).sum())
                sv = ex <= thr_at(sr, sc)
                wrong = sv != vis0[sr, sc]
                agree = _estimate_agreement(wrong, stratum, weights)
                samples.append((sr, sc, ex, sv))
                if level == 0:
                    stats["sample_agreement"] = agree
                stats["sample_agreement_after"] = agree
                if (agree >= CHECK_MIN_AGREEMENT + CHECK_SAFETY or not repair
                        or level >= 2):
                    break
                # escalate: bigger margin and budget (level 1), then no limit
                level += 1
                stats["escalated"] = float(level)
                # GDAL's own error on the sample (cells not repaired yet) sets
                # how far from the threshold a wrong cell can be
                gerr = np.abs(e[sr, sc].astype(np.float64) - ex)
                gerr = gerr[np.isfinite(gerr) & ~checked[sr, sc]]
                if gerr.size:
                    margin = max(float(margin), 1.5 * float(gerr.max()) + 0.5)
                if agree < GROSS_AGREEMENT and level == 1:
                    # GDAL grossly wrong here: exact on the whole window when
                    # that stays affordable, else the wide margin above
                    rr_, cc_ = np.nonzero(np.isfinite(e) & ~checked)
                    if skip is not None and rr_.size:
                        keep = ~skip[rr_, cc_]
                        rr_, cc_ = rr_[keep], cc_[keep]
                    ncr = los.crossings_count(orow, ocol, rr_, cc_)
                    if float(ncr.sum()) <= GROSS_EXACT_CROSSINGS_PER_CELL * nr * nc:
                        exact_all(rr_, cc_, checked)
                        stats["exact_window"] = 1.0
                        stats["sample_agreement_after"] = 100.0  # every cell is exact now
                e[sr, sc] = ex
                vis0[sr, sc] = sv
                checked[sr, sc] = True
                seeds_r, seeds_c = _neighbours8(sr[wrong], sc[wrong], nr, nc)
                if (wrong & (stratum == 0)).any() and not near_done:
                    # gross errors around the observer (steep ground): the
                    # whole near disc exactly (cheap: short sight lines)
                    near_done = True
                    rn = max(10.0 * min(cx, cy), radius / 10.0)
                    kr, kc = int(rn // cy), int(rn // cx)
                    rr_, cc_ = np.mgrid[max(0, orow - kr):min(nr, orow + kr + 1),
                                        max(0, ocol - kc):min(nc, ocol + kc + 1)]
                    rr_, cc_ = rr_.ravel(), cc_.ravel()
                    ok = (((rr_ - orow) * cy) ** 2 + ((cc_ - ocol) * cx) ** 2) <= rn * rn
                    ok &= ~checked[rr_, cc_] & np.isfinite(e[rr_, cc_])
                    rr_, cc_ = rr_[ok], cc_[ok]
                    if rr_.size:
                        ex_n = exact(rr_, cc_)
                        n_rep += rr_.size
                        n_cross += int(los.crossings_count(orow, ocol, rr_, cc_).sum())
                        nv = ex_n <= thr_at(rr_, cc_)
                        fl = nv != vis0[rr_, cc_]
                        n_flip += int(fl.sum())
                        e[rr_, cc_] = ex_n
                        vis0[rr_, cc_] = nv
                        checked[rr_, cc_] = True
                        a_r, a_c = _neighbours8(rr_[fl], cc_[fl], nr, nc)
                        seeds_r = np.concatenate([seeds_r, a_r])
                        seeds_c = np.concatenate([seeds_c, a_c])
                if (wrong & (stratum != 0)).any() or level >= 2:
                    if wrong.any():
                        gap = float(np.max(np.abs(e[sr[wrong], sc[wrong]]
                                                  - thr_at(sr[wrong], sc[wrong]))))
                        margin = max(float(margin), 1.5 * gap + 0.5)
                    margin = max(float(margin), 6.0 * level)
                    rows, cols = _boundary_candidates(e, vis0, thr, margin)
                    rows = np.concatenate([rows, seeds_r])
                    cols = np.concatenate([cols, seeds_c])
                else:
                    rows, cols = seeds_r, seeds_c
                # the wrong sample cells and their neighbours seed the growth
                if rows.size:
                    lin = np.unique(rows.astype(np.int64) * nc + cols)
                    rows, cols = lin // nc, lin % nc
                    keep = ~checked[rows, cols] & np.isfinite(e[rows, cols])
                    if skip is not None:
                        keep &= ~skip[rows, cols]
                    rows, cols = rows[keep], cols[keep]
                # bigger budgets at each level, never unbounded (at 20 km an
                # unbounded growth took 15 billion crossings on one viewpoint)
                run_repair(rows, cols, None,
                           None if cross_cap is None else ESCALATION_BUDGETS[level - 1] * cross_cap + 1,
                           checked)
            for sr, sc, ex, sv in samples:   # the sample cells are exact
                e[sr, sc] = ex
                vis0[sr, sc] = sv
    if clamp:
        np.maximum(e, 0.0, out=e)
    stats["crossings"] = float(n_cross)
    return ViewshedWindow(0, 0, e, vis0, n_rep, n_flip, stats)


class _GroupAcc:
    def __init__(self, r0: int, c0: int, nr: int, nc: int, n_vp: int) -> None:
        self.r0, self.c0 = r0, c0
        self.shape = (nr, nc)
        self.mask: Optional[np.ndarray] = None   # allocated on first viewpoint
        self.remaining = n_vp
        self.n_vp = n_vp
        self.max_dist = 0.0
        self.lock = threading.Lock()


def _max_visible_distance(vis: np.ndarray, orow: int, ocol: int, cx: float,
                          cy: float) -> float:
    """Farthest visible cell from the observer, from per-row extents."""
    rows_any = vis.any(axis=1)
    ri = np.nonzero(rows_any)[0]
    if ri.size == 0:
        return 0.0
    first = np.argmax(vis, axis=1)[ri]
    last = vis.shape[1] - 1 - np.argmax(vis[:, ::-1], axis=1)[ri]
    dx = np.maximum(np.abs(first - ocol), np.abs(last - ocol)) * cx
    dy = (ri - orow) * cy
    return float(np.sqrt((dx * dx + dy * dy).max()))


def run_ztv(dem_path: str, viewpoints: Sequence[Viewpoint], n_groups: int,
            group_kind: Sequence[int], eye_height: float = 1.6,
            refraction: float = 1.0 / 7.0, curvature: bool = True,
            surface_path: Optional[str] = None, workers: Optional[int] = None,
            on_group: Optional[Callable[[int, GroupResult], None]] = None,
            progress: Optional[Callable[[float], None]] = None,
            is_canceled: Optional[Callable[[], bool]] = None,
            repair: bool = True, margin: Optional[float] = None,
            repair_budget: Optional[float] = None, accuracy: str = "balanced",
            by_kind: bool = True,
            window_filter: Optional[Callable[..., Optional[np.ndarray]]] = None,
            want_admissible: bool = True, want_distance: bool = True) -> ZtvResult:
    """Cumulative zone of theoretical visibility of ``n_groups`` elements.

    ``window_filter(index, viewpoint, row0, col0, orow, ocol, ground)``, when given,
    is called for each viewpoint with its window origin on the DEM grid, the
    observer cell in the window and the ground window (float32, NaN = NoData);
    it returns a bool window (True = analysed, e.g. a view cone) or None.
    Cells outside it count as not seen from that viewpoint and do not
    constrain the admissible height (NoData where no viewpoint analyses them).

    An element is visible from a cell when any of its viewpoints sees an eye
    ``eye_height`` above the ground of the cell (reciprocity).  See the module
    docstring for the method, NoData and curvature rules.

    :param repair: False = GDAL alone (no R3 repair, no self-check).
    :param accuracy: ``"fast"``, ``"balanced"`` (default) or ``"exact"``: the
        R3 repair budget (see :data:`ACCURACY`).  ``margin`` (metres) and
        ``repair_budget`` (fraction of the cells in the radius) override it.
    :param by_kind: compute ``count_by_kind`` (else it is None: saves
        4 x rows x cols x 2 bytes).
    :param want_admissible: accumulate the admissible height (else
        ``admissible`` is None: saves rows x cols x 3 bytes and the per-window
        minimum; the cells analysed are tracked in a boolean mask).
    :param want_distance: measure each element's farthest visible distance
        (else ``max_distance_m`` is 0: one pass less per viewpoint).

    Lean path: without repair, admissible height and surface model, GDAL's
    binary output (GVOT_NORMAL, a byte per cell) is accumulated directly and
    the cells in range come from a precomputed disc (:func:`_disk`).

    ``stats`` gives ``viewpoints``, ``repaired_cells``, ``flipped_cells``,
    ``crossings`` (R3 crossings evaluated), ``seconds``, and for the
    per-viewpoint self-check (exact R3 on a random sample of 200 cells):
    ``sample_agreement_mean`` / ``_min`` (percent, after escalation; the
    sample is stratified, see :func:`_sample_cells`),
    ``sample_agreement_before_min`` (before escalation) and ``escalated``
    (number of viewpoints recomputed harder because their sample agreed less
    than 99.5 %).

    :raises ValueError: geographic or missing CRS, 1-cell DEM, radius <= 0,
        no viewpoints, bad group indices / kinds, unknown accuracy.
    :raises Canceled: when ``is_canceled()`` returns True.
    """
    if accuracy not in ACCURACY:
        raise ValueError("accuracy must be one of %s" % ", ".join(sorted(ACCURACY)))
    if not viewpoints:
        raise ValueError("No viewpoints: give at least one element with a location.")
    if n_groups <= 0:
        raise ValueError("n_groups must be >= 1")
    if len(group_kind) != n_groups:
        raise ValueError("group_kind must give one kind (0..3) per group (%d groups, "
                         "%d kinds)" % (n_groups, len(group_kind)))
    for k in group_kind:
        if not 0 <= int(k) < N_KINDS:
            raise ValueError("group kind %r is not one of 0..3" % (k,))
    for i, vp in enumerate(viewpoints):
        if not vp.radius > 0:
            raise ValueError("Viewpoint %d: radius must be > 0 (got %r)" % (i, vp.radius))
        if not 0 <= vp.group < n_groups:
            raise ValueError("Viewpoint %d: group %r outside 0..%d" % (i, vp.group, n_groups - 1))
        if vp.height < 0 or not math.isfinite(vp.height):
            raise ValueError("Viewpoint %d: height must be >= 0 (got %r)" % (i, vp.height))
    dem = _Dem(dem_path, surface_path)
    curv_coeff = (1.0 - refraction) if curvature else 0.0
    nrows, ncols = dem.nrows, dem.ncols
    # zeros: calloc, pages only touched where windows fall
    count = np.zeros((nrows, ncols), dtype=np.uint16)
    count_by_kind = np.zeros((N_KINDS, nrows, ncols), dtype=np.uint16) if by_kind else None
    if want_admissible:
        admissible = np.full((nrows, ncols), np.inf, dtype=np.float32)
        inside = None
    else:
        admissible = None
        inside = np.zeros((nrows, ncols), dtype=bool)  # cells analysed by some viewpoint
    out_lock = threading.Lock()

    # --- skip viewpoints outside the DEM or on NoData; group bookkeeping
    skipped: List[SkippedViewpoint] = []
    todo: List[Tuple[int, Viewpoint, int, int]] = []
    relief: Dict[int, float] = {}
    for i, vp in enumerate(viewpoints):
        r, c = dem.cell_of(vp.x, vp.y)
        if not (0 <= r < nrows and 0 <= c < ncols):
            skipped.append(SkippedViewpoint(i, vp, "outside the DEM"))
            continue
        g = dem.read(dem.band, dem.nodata, r, c, 1, 1)[0, 0]
        if np.isnan(g):
            skipped.append(SkippedViewpoint(i, vp, "on a NoData cell of the DEM"))
            continue
        todo.append((i, vp, r, c))
        # relief around the viewpoint (7 x 7 cells): steep ground (a spoil tip's
        # summit) is where GDAL errs grossly and the repair costs most
        r0_, c0_ = max(0, r - 3), max(0, c - 3)
        around = dem.read(dem.band, dem.nodata, r0_, c0_, min(nrows, r + 4) - r0_,
                          min(ncols, c + 4) - c0_)
        relief[vp.group] = max(relief.get(vp.group, 0.0),
                               float(np.nanmax(around) - np.nanmin(around)))
    todo.sort(key=lambda t: (t[1].group, t[0]))
    per_group: Dict[int, List[Tuple[int, Viewpoint, int, int]]] = OrderedDict()
    for item in todo:
        per_group.setdefault(item[1].group, []).append(item)
    accs: Dict[int, Tuple[int, int, int, int, int]] = {}
    for g, items in per_group.items():
        wins = [dem.window(r, c, vp.radius) for _, vp, r, c in items]
        r0 = min(w[0] for w in wins)
        c0 = min(w[1] for w in wins)
        r1 = max(w[0] + w[2] for w in wins)
        c1 = max(w[1] + w[3] for w in wins)
        accs[g] = (r0, c0, r1 - r0, c1 - c0, len(items))  # allocated lazily
    live: Dict[int, _GroupAcc] = {}
    live_lock = threading.Lock()
    cell_area = dem.cx * dem.cy
    stats_rep = [0, 0, 0, 0, 0]  # repaired, flipped, viewpoints, crossings, escalated
    sample_agree: List[float] = []
    sample_first: List[float] = []
    done = [0]
    n_total = max(1, len(todo))
    group_results: Dict[int, GroupStats] = {}

    def get_acc(g: int) -> _GroupAcc:
        with live_lock:
            a = live.get(g)
            if a is None:
                r0, c0, nr, nc, n = accs[g]
                a = _GroupAcc(r0, c0, nr, nc, n)
                live[g] = a
            return a

    lean = not repair and admissible is None and dem.sband is None

    def work_lean(i: int, vp: Viewpoint, r: int, c: int, wr0: int, wc0: int, wnr: int,
                  wnc: int, ground: np.ndarray) -> Tuple[np.ndarray, float]:
        orow, ocol = r - wr0, c - wc0
        valid = None
        if np.isnan(np.min(ground)):
            valid = ~np.isnan(ground)
        visb = _gdal_visible(ground, valid, orow, ocol, vp.height, eye_height, dem.cx, dem.cy,
                             dem.wkt, curv_coeff, vp.radius,
                             out=_scratch("visb", (wnr, wnc), np.uint8))
        disk = _disk(vp.radius, dem.cx, dem.cy)
        dr0 = wr0 - r + (disk.shape[0] - 1) // 2
        dc0 = wc0 - c + (disk.shape[1] - 1) // 2
        ins = disk[dr0:dr0 + wnr, dc0:dc0 + wnc]
        if window_filter is not None:
            keep = window_filter(i, vp, wr0, wc0, orow, ocol, ground)
            if keep is not None:
                visb &= keep
                ins = ins & keep
        if valid is not None:
            ins = ins & valid
        vis = visb.view(bool)
        dmax = _max_visible_distance(vis, orow, ocol, dem.cx, dem.cy) if want_distance else 0.0
        with out_lock:
            inside[wr0:wr0 + wnr, wc0:wc0 + wnc] |= ins
            stats_rep[2] += 1
        return vis, dmax

    def work(item: Tuple[int, Viewpoint, int, int]) -> None:
        if is_canceled is not None and is_canceled():
            raise Canceled()
        i, vp, r, c = item
        wr0, wc0, wnr, wnc = dem.window(r, c, vp.radius)
        ground = dem.read(dem.band, dem.nodata, wr0, wc0, wnr, wnc,
                          out=_scratch("ground", (wnr, wnc), np.float32))
        orow, ocol = r - wr0, c - wc0
        acc = get_acc(vp.group)
        sr, sc = wr0 - acc.r0, wc0 - acc.c0
        if lean:
            vis, dmax = work_lean(i, vp, r, c, wr0, wc0, wnr, wnc, ground)
            _accumulate(vp.group, acc, vis, dmax, sr, sc, wnr, wnc)
            return
        with acc.lock:
            skip = (acc.mask[sr:sr + wnr, sc:sc + wnc]
                    if acc.mask is not None and acc.n_vp > 1 else None)
        kw = dict(repair=repair, margin=margin, repair_budget=repair_budget,
                  skip=skip, accuracy=accuracy, seed=1000003 * (i + 1))
        if dem.sband is not None:
            surf = dem.read(dem.sband, dem.snodata, wr0, wc0, wnr, wnc,
                            out=_scratch("surf", (wnr, wnc), np.float32))
            np.copyto(surf, ground, where=np.isnan(surf))
            obs_h = max(0.0, float(ground[orow, ocol]) + vp.height - float(surf[orow, ocol]))
            thr = ground + np.float32(eye_height) - surf
            thr[np.isnan(thr)] = -np.inf
            res = viewshed_window(surf, orow, ocol, obs_h, thr, dem.cx, dem.cy,
                                  vp.radius, curv_coeff, dem.earth_diameter, dem.wkt,
                                  **kw)
            adm = res.min_height
            adm += surf
            adm -= ground
        else:
            # not clamped at 0 here: the minimum over the viewpoints is, at the end
            res = viewshed_window(ground, orow, ocol, vp.height, eye_height, dem.cx,
                                  dem.cy, vp.radius, curv_coeff, dem.earth_diameter,
                                  dem.wkt, clamp=False, **kw)
            adm = res.min_height  # inf outside the radius and at NoData
        vis = res.visible
        if window_filter is not None:
            keep = window_filter(i, vp, wr0, wc0, orow, ocol, ground)
            if keep is not None:
                vis = vis & keep
                adm = np.where(keep, adm, np.float32(np.inf)).astype(np.float32)
        dmax = _max_visible_distance(vis, orow, ocol, dem.cx, dem.cy) if want_distance else 0.0
        # accumulate (only inside the window)
        with out_lock:
            sl = (slice(wr0, wr0 + wnr), slice(wc0, wc0 + wnc))
            if admissible is not None:
                np.minimum(admissible[sl], adm, out=admissible[sl])
            else:
                inside[sl] |= np.isfinite(adm)
            stats_rep[0] += res.n_repaired
            stats_rep[1] += res.n_flipped
            stats_rep[2] += 1
            stats_rep[3] += int(res.stats.get("crossings", 0))
            stats_rep[4] += int(res.stats.get("escalated", 0) > 0)
            if "sample_agreement" in res.stats:
                sample_agree.append(res.stats.get("sample_agreement_after",
                                                  res.stats["sample_agreement"]))
                sample_first.append(res.stats["sample_agreement"])
        _accumulate(vp.group, acc, vis, dmax, sr, sc, wnr, wnc)

    def _accumulate(g: int, acc: _GroupAcc, vis: np.ndarray, dmax: float, sr: int, sc: int,
                    wnr: int, wnc: int) -> None:
        """OR one viewpoint's visibility into its element's mask (``vis`` may be a
        scratch buffer: it is consumed here, or by the element's end right now)."""
        finished = None
        with acc.lock:
            full = (sr, sc) == (0, 0) and (wnr, wnc) == acc.shape
            if acc.mask is None and full and acc.n_vp == 1:
                # the element's only viewpoint: no copy (a lean scratch buffer is
                # copied only when on_group may keep it)
                acc.mask = vis.copy() if lean and on_group is not None else vis
            else:
                if acc.mask is None:
                    acc.mask = np.zeros(acc.shape, dtype=bool)
                acc.mask[sr:sr + wnr, sc:sc + wnc] |= vis
            acc.max_dist = max(acc.max_dist, dmax)
            acc.remaining -= 1
            if acc.remaining == 0:
                finished = acc
        if finished is not None:
            _finish_group(g, finished)

    def _finish_group(g: int, acc: _GroupAcc) -> None:
        kind = int(group_kind[g])
        m = acc.mask
        area = float(np.count_nonzero(m)) * cell_area
        with out_lock:
            sl = (slice(acc.r0, acc.r0 + m.shape[0]), slice(acc.c0, acc.c0 + m.shape[1]))
            if count_by_kind is not None:
                count_by_kind[kind][sl] += m   # the count is their sum, at the end
            else:
                count[sl] += m
            group_results[g] = GroupStats(g, kind, acc.n_vp, area, acc.max_dist, False)
        with live_lock:
            live.pop(g, None)
        if on_group is not None:
            on_group(g, GroupResult(g, kind, acc.r0, acc.c0, m, acc.n_vp, area,
                                    acc.max_dist, False))

    t_start = time.perf_counter()
    nworkers = workers if workers and workers > 0 else 2
    if nworkers == 1:
        for item in todo:
            if is_canceled is not None and is_canceled():
                raise Canceled()
            work(item)
            done[0] += 1
            if progress is not None:
                progress(100.0 * done[0] / n_total)
    else:
        # One task per element: its viewpoints run in order in one thread, so the
        # cells skipped because an earlier viewpoint of the element already sees
        # them do not depend on thread timing (results are reproducible). The
        # costliest elements go first (longest-processing-time scheduling): the
        # largest windows, and among equal ones those on the steepest ground,
        # whose repair may escalate (no worker left alone with a long one at the end).
        done_lock = threading.Lock()

        def run_group(items: List[Tuple[int, Viewpoint, int, int]]) -> None:
            for item in items:
                work(item)
                with done_lock:
                    done[0] += 1

        tasks = sorted(per_group.values(),
                       key=lambda items: (-sum(vp.radius ** 2 for _, vp, _, _ in items),
                                          -relief.get(items[0][1].group, 0.0)))
        reported = -1
        with ThreadPoolExecutor(max_workers=nworkers) as ex:
            pending = set()
            it = iter(tasks)
            exhausted = False
            try:
                while True:
                    while not exhausted and len(pending) < nworkers:
                        if is_canceled is not None and is_canceled():
                            raise Canceled()
                        try:
                            items = next(it)
                        except StopIteration:
                            exhausted = True
                            break
                        pending.add(ex.submit(run_group, items))
                    if not pending:
                        break
                    fin, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
                    for f in fin:
                        f.result()  # re-raise errors (and Canceled)
                    if progress is not None and done[0] != reported:
                        reported = done[0]
                        progress(100.0 * reported / n_total)
            except BaseException:
                for f in pending:
                    f.cancel()
                raise
    if is_canceled is not None and is_canceled():
        raise Canceled()

    # outputs: cells inside some radius (and valid) have a finite admissible
    # height; the others are NoData
    # (by blocks of rows, the temporary mask in cache; the blocks are shared
    # by the workers' threads: numpy releases the GIL)
    step = max(1, (1 << 18) // max(1, ncols))

    def finish_rows(r: int) -> None:
        r1 = min(nrows, r + step)
        u = np.empty((r1 - r, ncols), dtype=bool)
        if admissible is not None:
            np.equal(admissible[r:r1], np.inf, out=u)
        else:
            np.logical_not(inside[r:r1], out=u)
        if count_by_kind is not None:
            np.add(count_by_kind[0, r:r1], count_by_kind[1, r:r1], out=count[r:r1])
            count[r:r1] += count_by_kind[2, r:r1]
            count[r:r1] += count_by_kind[3, r:r1]
        if admissible is not None:
            np.maximum(admissible[r:r1], 0.0, out=admissible[r:r1])
        if not u.any():
            return
        np.putmask(count[r:r1], u, COUNT_NODATA)
        if count_by_kind is not None:
            for k in range(N_KINDS):
                np.putmask(count_by_kind[k, r:r1], u, COUNT_NODATA)
        if admissible is not None:
            np.putmask(admissible[r:r1], u, ADMISSIBLE_NODATA)

    t_loop = time.perf_counter() - t_start
    blocks = range(0, nrows, step)
    if nworkers > 1 and len(blocks) > 1:
        with ThreadPoolExecutor(max_workers=nworkers) as ex:
            list(ex.map(finish_rows, blocks))
    else:
        for r in blocks:
            finish_rows(r)
    groups: List[GroupStats] = []
    for g in range(n_groups):
        if g in group_results:
            groups.append(group_results[g])
        else:
            kind = int(group_kind[g])
            st = GroupStats(g, kind, 0, 0.0, 0.0, True)
            groups.append(st)
            if on_group is not None:
                on_group(g, GroupResult(g, kind, 0, 0, None, 0, 0.0, 0.0, True))
    elapsed = time.perf_counter() - t_start
    stats = {"viewpoints": float(stats_rep[2]), "repaired_cells": float(stats_rep[0]),
             "flipped_cells": float(stats_rep[1]), "crossings": float(stats_rep[3]),
             "escalated": float(stats_rep[4]), "seconds": elapsed,
             "seconds_viewpoints": t_loop}
    if sample_agree:
        stats["sample_agreement_mean"] = float(np.mean(sample_agree))
        stats["sample_agreement_min"] = float(np.min(sample_agree))
        stats["sample_agreement_before_min"] = float(np.min(sample_first))
    return ZtvResult(count, count_by_kind, admissible, groups, skipped,
                     tuple(dem.gt), dem.wkt, stats)
