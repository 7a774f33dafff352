"""Vigie visibility engine: per-viewpoint viewsheds accumulated into ZTV rasters.

For every viewpoint, a window of radius R around it is read from the DEM
(``ReadAsArray`` on the window only), copied into an in-memory GDAL dataset and
``gdal.ViewshedGenerate`` is run once on it (GVM_Edge, minimum target height
output).  GDAL's algorithm interpolates a horizon surface and disagrees with the
exact R3 line of sight (``core/los.py``) on 0.2-1 % of the cells, always near
the visibility boundary.  The engine repairs it there:

1. cells on GDAL's visibility boundary (a 4-neighbour classified differently)
   whose GDAL minimum visible height is within ``margin`` metres of the target
   height are recomputed with the exact R3 reference (vectorised numpy);
2. every cell whose class flipped makes its 8 neighbours candidates; repeat
   until nothing flips (region growing follows GDAL's error, nothing else);
3. the work is bounded by ``repair_budget`` (a fraction of the window cells);
   cells already seen by another viewpoint of the same element need no repair
   for the element's visibility and are skipped.

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
from osgeo import gdal

from . import los

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
    count_by_kind: np.ndarray      # uint16 4 x rows x cols
    admissible: np.ndarray         # float32 rows x cols, -9999 = NoData
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
    min_height: np.ndarray     # float64, min visible target height above ground
                               # (relative to the obstacle surface); inf = never
    visible: np.ndarray        # bool
    inside: np.ndarray         # bool, within the radius and valid
    n_repaired: int
    n_flipped: int


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

    def read(self, band, nodata, r0: int, c0: int, nr: int, nc: int) -> np.ndarray:
        with self.lock:  # a GDAL dataset handle is not thread-safe
            a = band.ReadAsArray(c0, r0, nc, nr).astype(np.float64)
        if nodata is not None:
            if np.isnan(nodata):
                pass
            else:
                a[a == nodata] = np.nan
        return a

    def window(self, row: int, col: int, radius: float) -> Tuple[int, int, int, int]:
        rr = int(math.ceil(radius / self.cy))
        rc = int(math.ceil(radius / self.cx))
        r0 = max(0, row - rr)
        c0 = max(0, col - rc)
        r1 = min(self.nrows, row + rr + 1)
        c1 = min(self.ncols, col + rc + 1)
        return r0, c0, r1 - r0, c1 - c0


def _gdal_min_height(obst: np.ndarray, valid: np.ndarray, orow: int, ocol: int,
                     obs_height: float, cx: float, cy: float, wkt: str,
                     curv_coeff: float, radius: float,
                     mode: int = gdal.GVM_Edge) -> np.ndarray:
    """Signed GDAL minimum visible height (relative to ``obst``) on the window.

    Runs ViewshedGenerate in GVOT_MIN_TARGET_HEIGHT_FROM_DEM mode on the DEM
    shifted so that every value is large and positive: the output minus the
    shifted DEM is the signed clearance (negative where the ground is above
    GDAL's horizon), i.e. GROUND mode without its clamp at 0.  NaN outside
    GDAL's output.
    """
    nr, nc = obst.shape
    vmin = float(np.min(obst[valid])) if valid.any() else 0.0
    off = 100000.0 - vmin
    shifted = obst + off
    shifted[~valid] = 1.0  # far below everything: never blocks
    ds = gdal.GetDriverByName("MEM").Create("", nc, nr, 1, gdal.GDT_Float64)
    ds.SetGeoTransform((0.0, cx, 0.0, nr * cy, 0.0, -cy))
    if wkt:
        ds.SetProjection(wkt)
    band = ds.GetRasterBand(1)
    band.WriteArray(shifted)
    x = (ocol + 0.5) * cx
    y = (nr - orow - 0.5) * cy
    out = gdal.ViewshedGenerate(band, "MEM", "", [], x, y, float(obs_height), 0.0,
                                255, 0, -1, -1, float(curv_coeff), mode, float(radius),
                                heightMode=gdal.GVOT_MIN_TARGET_HEIGHT_FROM_DEM)
    ob = out.GetRasterBand(1)
    a = ob.ReadAsArray()
    gt = out.GetGeoTransform()
    ox = int(round(gt[0] / cx))
    oy = int(round((nr * cy - gt[3]) / cy))
    del ob, out, band, ds
    res = np.full((nr, nc), np.nan)
    res[oy:oy + a.shape[0], ox:ox + a.shape[1]] = a - shifted[oy:oy + a.shape[0],
                                                              ox:ox + a.shape[1]]
    return res


def _neighbours8(rows: np.ndarray, cols: np.ndarray, nr: int, nc: int
                 ) -> Tuple[np.ndarray, np.ndarray]:
    dr = np.array([-1, -1, -1, 0, 0, 1, 1, 1])
    dc = np.array([-1, 0, 1, -1, 1, -1, 0, 1])
    r = (rows[:, None] + dr[None, :]).ravel()
    c = (cols[:, None] + dc[None, :]).ravel()
    ok = (r >= 0) & (r < nr) & (c >= 0) & (c < nc)
    return r[ok], c[ok]


def viewshed_window(obst: np.ndarray, orow: int, ocol: int, obs_height: float,
                    threshold, cx: float, cy: float, radius: float,
                    curv_coeff: float, earth_diameter: float, wkt: str,
                    repair: bool = True, margin: float = 3.0,
                    repair_budget: float = 0.05, max_rounds: int = 50,
                    skip: Optional[np.ndarray] = None) -> ViewshedWindow:
    """Viewshed of one observer on a window array (NaN = NoData).

    :param obst: obstacle heights on the window (DEM or surface), NaN = NoData.
    :param threshold: target height above ``obst`` (scalar or window array).
    :param skip: optional bool window: cells that need no repair (e.g. already
        seen by another viewpoint of the same element).
    :returns: a :class:`ViewshedWindow` (window origin left at 0, 0).
    """
    nr, nc = obst.shape
    valid = ~np.isnan(obst)
    e = _gdal_min_height(obst, valid, orow, ocol, obs_height, cx, cy, wkt,
                         curv_coeff, radius)
    rr = (np.arange(nr) - orow) * cy
    cc = (np.arange(nc) - ocol) * cx
    inside = (rr[:, None] ** 2 + cc[None, :] ** 2) <= radius * radius
    inside &= valid & ~np.isnan(e)
    thr = threshold
    vis0 = (e <= thr) & inside
    n_rep = 0
    n_flip = 0
    if repair:
        ediff = e - thr
        # boundary: a 4-neighbour (inside) with a different class
        b = np.zeros((nr, nc), dtype=bool)
        d = vis0[1:, :] != vis0[:-1, :]
        d &= inside[1:, :] & inside[:-1, :]
        b[1:, :] |= d
        b[:-1, :] |= d
        d = vis0[:, 1:] != vis0[:, :-1]
        d &= inside[:, 1:] & inside[:, :-1]
        b[:, 1:] |= d
        b[:, :-1] |= d
        cand = b & inside & (np.abs(ediff) < margin)
        if skip is not None:
            cand &= ~skip
        budget = int(repair_budget * inside.sum()) if repair_budget is not None else None
        checked = np.zeros((nr, nc), dtype=bool)
        z0 = float(obst[orow, ocol]) + float(obs_height)
        zr = obst - z0
        zr[~valid] = -np.inf
        kcurv = float(curv_coeff) / float(earth_diameter)
        rows, cols = np.nonzero(cand)
        rounds = 0
        while rows.size and rounds < max_rounds:
            rounds += 1
            if budget is not None:
                left = budget - n_rep
                if left <= 0:
                    break
                if rows.size > left:
                    pri = np.argsort(np.abs(ediff[rows, cols]), kind="stable")[:left]
                    rows, cols = rows[pri], cols[pri]
            checked[rows, cols] = True
            exact = los.min_visible_height_rel(zr, orow, ocol, rows.astype(np.int64),
                                               cols.astype(np.int64), cx, cy, kcurv)
            n_rep += rows.size
            t_here = thr if np.isscalar(thr) else thr[rows, cols]
            newvis = exact <= t_here
            flipped = newvis != vis0[rows, cols]
            e[rows, cols] = exact
            vis0[rows, cols] = newvis
            n_flip += int(flipped.sum())
            if not flipped.any():
                break
            nr_, nc_ = _neighbours8(rows[flipped], cols[flipped], nr, nc)
            ok = inside[nr_, nc_] & ~checked[nr_, nc_]
            if skip is not None:
                ok &= ~skip[nr_, nc_]
            nr_, nc_ = nr_[ok], nc_[ok]
            if nr_.size == 0:
                break
            lin = np.unique(nr_ * nc + nc_)
            rows, cols = lin // nc, lin % nc
    e = np.maximum(e, 0.0)
    e[~inside] = np.inf
    return ViewshedWindow(0, 0, e, vis0, inside, n_rep, n_flip)


class _GroupAcc:
    def __init__(self, r0: int, c0: int, nr: int, nc: int, n_vp: int) -> None:
        self.r0, self.c0 = r0, c0
        self.mask = np.zeros((nr, nc), dtype=bool)
        self.remaining = n_vp
        self.n_vp = n_vp
        self.max_dist = 0.0
        self.lock = threading.Lock()


def run_ztv(dem_path: str, viewpoints: Sequence[Viewpoint], n_groups: int,
            group_kind: Sequence[int], eye_height: float = 1.6,
            refraction: float = 1.0 / 7.0, curvature: bool = True,
            surface_path: Optional[str] = None, workers: Optional[int] = None,
            on_group: Optional[Callable[[int, GroupResult], None]] = None,
            progress: Optional[Callable[[float], None]] = None,
            is_canceled: Optional[Callable[[], bool]] = None,
            repair: bool = True, margin: float = 3.0,
            repair_budget: float = 0.05) -> ZtvResult:
    """Cumulative zone of theoretical visibility of ``n_groups`` elements.

    An element is visible from a cell when any of its viewpoints sees an eye
    ``eye_height`` above the ground of the cell (reciprocity).  See the module
    docstring for the method, NoData and curvature rules.

    :raises ValueError: geographic or missing CRS, 1-cell DEM, radius <= 0,
        no viewpoints, bad group indices / kinds.
    :raises Canceled: when ``is_canceled()`` returns True.
    """
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
    count = np.full((nrows, ncols), COUNT_NODATA, dtype=np.uint16)
    count_by_kind = np.full((N_KINDS, nrows, ncols), COUNT_NODATA, dtype=np.uint16)
    admissible = np.full((nrows, ncols), np.inf, dtype=np.float32)
    touched = np.zeros((nrows, ncols), dtype=bool)
    out_lock = threading.Lock()

    # --- skip viewpoints outside the DEM or on NoData; group bookkeeping
    skipped: List[SkippedViewpoint] = []
    todo: List[Tuple[int, Viewpoint, int, int]] = []
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
    todo.sort(key=lambda t: (t[1].group, t[0]))
    per_group: Dict[int, List[Tuple[int, Viewpoint, int, int]]] = OrderedDict()
    for item in todo:
        per_group.setdefault(item[1].group, []).append(item)
    accs: Dict[int, _GroupAcc] = {}
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
    stats_rep = [0, 0, 0]  # repaired, flipped, viewpoints
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

    def work(item: Tuple[int, Viewpoint, int, int]) -> None:
        if is_canceled is not None and is_canceled():
            raise Canceled()
        i, vp, r, c = item
        wr0, wc0, wnr, wnc = dem.window(r, c, vp.radius)
        ground = dem.read(dem.band, dem.nodata, wr0, wc0, wnr, wnc)
        orow, ocol = r - wr0, c - wc0
        acc = get_acc(vp.group)
        sr, sc = wr0 - acc.r0, wc0 - acc.c0
        skip = acc.mask[sr:sr + wnr, sc:sc + wnc]
        if dem.sband is not None:
            surf = dem.read(dem.sband, dem.snodata, wr0, wc0, wnr, wnc)
            surf = np.where(np.isnan(surf), ground, surf)
            surf[np.isnan(ground)] = np.nan
            obs_h = max(0.0, ground[orow, ocol] + vp.height - surf[orow, ocol])
            thr = ground + eye_height - surf
            thr[np.isnan(thr)] = -np.inf
            res = viewshed_window(surf, orow, ocol, obs_h, thr, dem.cx, dem.cy,
                                  vp.radius, curv_coeff, dem.earth_diameter, dem.wkt,
                                  repair, margin, repair_budget, skip=skip.copy())
            adm = surf + res.min_height - ground
        else:
            res = viewshed_window(ground, orow, ocol, vp.height, eye_height, dem.cx,
                                  dem.cy, vp.radius, curv_coeff, dem.earth_diameter,
                                  dem.wkt, repair, margin, repair_budget,
                                  skip=skip.copy())
            adm = res.min_height
        vis = res.visible
        inside = res.inside
        adm = np.where(inside, adm, np.inf).astype(np.float32)
        if vis.any():
            vr, vc = np.nonzero(vis)
            dmax = float(np.sqrt(((vr - orow) * dem.cy) ** 2
                                 + ((vc - ocol) * dem.cx) ** 2).max())
        else:
            dmax = 0.0
        # accumulate
        with out_lock:
            sl = (slice(wr0, wr0 + wnr), slice(wc0, wc0 + wnc))
            np.minimum(admissible[sl], adm, out=admissible[sl])
            touched[sl] |= inside
            stats_rep[0] += res.n_repaired
            stats_rep[1] += res.n_flipped
            stats_rep[2] += 1
        finished = None
        with acc.lock:
            acc.mask[sr:sr + wnr, sc:sc + wnc] |= vis
            acc.max_dist = max(acc.max_dist, dmax)
            acc.remaining -= 1
            if acc.remaining == 0:
                finished = acc
        if finished is not None:
            _finish_group(vp.group, finished)

    def _finish_group(g: int, acc: _GroupAcc) -> None:
        kind = int(group_kind[g])
        m = acc.mask
        area = float(m.sum()) * cell_area
        with out_lock:
            sl = (slice(acc.r0, acc.r0 + m.shape[0]), slice(acc.c0, acc.c0 + m.shape[1]))
            cnt = count[sl]
            cbk = count_by_kind[kind][sl]
            # cells still at NoData become 0 on first touch
            cnt[cnt == COUNT_NODATA] = 0
            cbk[cbk == COUNT_NODATA] = 0
            cnt += m
            cbk += m
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
        with ThreadPoolExecutor(max_workers=nworkers) as ex:
            pending = set()
            it = iter(todo)
            exhausted = False
            try:
                while True:
                    while not exhausted and len(pending) < nworkers:
                        if is_canceled is not None and is_canceled():
                            raise Canceled()
                        try:
                            item = next(it)
                        except StopIteration:
                            exhausted = True
                            break
                        pending.add(ex.submit(work, item))
                    if not pending:
                        break
                    fin, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for f in fin:
                        f.result()  # re-raise errors (and Canceled)
                        done[0] += 1
                        if progress is not None:
                            progress(100.0 * done[0] / n_total)
            except BaseException:
                for f in pending:
                    f.cancel()
                raise
    if is_canceled is not None and is_canceled():
        raise Canceled()

    # outputs: cells touched by some radius (and valid) get values
    valid_touched = touched
    count[~valid_touched] = COUNT_NODATA
    for k in range(N_KINDS):
        ck = count_by_kind[k]
        ck[valid_touched & (ck == COUNT_NODATA)] = 0
        ck[~valid_touched] = COUNT_NODATA
    count[valid_touched & (count == COUNT_NODATA)] = 0
    admissible[~valid_touched] = ADMISSIBLE_NODATA
    # cells inside a radius but never constrained (never visible): no limit
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
             "flipped_cells": float(stats_rep[1]), "seconds": elapsed}
    return ZtvResult(count, count_by_kind, admissible, groups, skipped,
                     tuple(dem.gt), dem.wkt, stats)
