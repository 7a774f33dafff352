"""Sight lines between points on a DEM: clearance, first obstruction, profiles,
visible and hidden parts, visible height above the horizon (pure numpy + GDAL).

The model is exactly the R3 line of sight of :mod:`core.los` (the reference
of the viewshed engine), applied to many pairs at once:

* both ends are moved to the centre of the DEM cell that holds them; an end
  stands at the ground of its cell plus its height (metres above the ground);
* the sight line is tested at every crossing with a row line or a column line
  through cell centres strictly between the two ends; at a crossing the
  obstacle height (the ground, or the surface model when one is given) is
  linearly interpolated between the two cell centres of that line that
  bracket it;
* earth curvature and refraction: the obstacle at horizontal distance ``d``
  from the origin is lowered by ``curv_coeff * d**2 / earth_diameter``
  (``curv_coeff = 1 - refraction``), the target by the same amount at its
  distance.  The vertical margin between the sight line and the terrain is
  the same seen from either end, so a pair needs one computation only;
* NoData obstacles never block; a NoData end is never visible.

Per pair: ``clearance`` = the smallest vertical margin between the top-to-top
sight line and the obstacles at the crossings (negative when blocked; NaN
when the two ends are in neighbouring cells: nothing between them), the first
obstruction (distance from the origin), and the R3 minimum visible height of
the target (how many metres above the ground the target must reach to be
seen), from which the visible part of its height above the horizon follows.

Everything is vectorised: the crossings of a batch of pairs are laid out in
flat arrays (``cumsum`` ids) and reduced per pair with ``reduceat``; batches
are bounded in crossings so that memory stays bounded.
"""

import math
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal

from .los import EARTH_DIAMETER

gdal.UseExceptions()

#: status codes of a pair
OK, OUTSIDE, NODATA_END, SAME_CELL, OUT_OF_RANGE = 0, 1, 2, 3, 4
STATUS_TEXT = {OK: "ok", OUTSIDE: "outside the DEM", NODATA_END: "on NoData", SAME_CELL: "same DEM cell",
               OUT_OF_RANGE: "beyond the maximum distance"}


@dataclass
class Terrain:
    """A DEM window in memory (NaN = NoData) and its optional obstacle surface.

    ``x0, y0``: top-left corner of the window; ``cx, cy``: cell sizes (> 0).
    """

    ground: np.ndarray
    x0: float
    y0: float
    cx: float
    cy: float
    obstacles: Optional[np.ndarray] = None
    earth_diameter: float = EARTH_DIAMETER

    @property
    def shape(self) -> Tuple[int, int]:
        return self.ground.shape

    @property
    def blocking(self) -> np.ndarray:
        return self.ground if self.obstacles is None else self.obstacles

    def cell(self, x, y) -> Tuple[np.ndarray, np.ndarray]:
        """(row, col) of the cells holding the points (may be outside)."""
        c = np.floor((np.asarray(x, dtype=np.float64) - self.x0) / self.cx).astype(np.int64)
        r = np.floor((self.y0 - np.asarray(y, dtype=np.float64)) / self.cy).astype(np.int64)
        return r, c

    def centre(self, row, col) -> Tuple[np.ndarray, np.ndarray]:
        return (self.x0 + (np.asarray(col) + 0.5) * self.cx,
                self.y0 - (np.asarray(row) + 0.5) * self.cy)

    def inside(self, row, col) -> np.ndarray:
        nr, nc = self.shape
        row = np.asarray(row)
        col = np.asarray(col)
        return (row >= 0) & (row < nr) & (col >= 0) & (col < nc)

    def ground_at(self, x, y) -> np.ndarray:
        """Ground of the cells holding the points (NaN outside or NoData)."""
        r, c = self.cell(x, y)
        ok = self.inside(r, c)
        out = np.full(r.shape, np.nan)
        out[ok] = self.ground[r[ok], c[ok]]
        return out

    @property
    def bounds(self) -> Tuple[float, float, float, float]:
        nr, nc = self.shape
        return self.x0, self.y0 - nr * self.cy, self.x0 + nc * self.cx, self.y0


def _read_band(ds, r0: int, c0: int, nr: int, nc: int) -> np.ndarray:
    band = ds.GetRasterBand(1)
    a = np.empty((nr, nc), dtype=np.float32)
    band.ReadAsArray(c0, r0, nc, nr, buf_obj=a)
    nodata = band.GetNoDataValue()
    if nodata is not None and not math.isnan(nodata):
        a[a == np.float32(nodata)] = np.nan
    return a


def read_terrain(dem_path: str, surface_path: Optional[str] = None,
                 bounds: Optional[Tuple[float, float, float, float]] = None,
                 margin: float = 0.0) -> Terrain:
    """Read the DEM (and surface) into memory, the whole grid or the window
    covering ``bounds`` (xmin, ymin, xmax, ymax) plus ``margin`` metres.

    Raises ValueError for a geographic, rotated or unreadable DEM, a surface
    off the DEM's grid, or bounds entirely outside the DEM.
    """
    ds = gdal.Open(dem_path)
    if ds is None:
        raise ValueError("Cannot open the DEM {}".format(dem_path))
    gt = ds.GetGeoTransform()
    if gt[2] != 0 or gt[4] != 0 or gt[1] <= 0 or gt[5] >= 0:
        raise ValueError("The DEM {} is rotated or not north-up; warp it first.".format(dem_path))
    srs = ds.GetSpatialRef()
    if srs is not None and srs.IsGeographic():
        raise ValueError("The DEM {} is in a geographic CRS (degrees); reproject it to metres.".format(dem_path))
    semi = srs.GetSemiMajor() if srs is not None else 0.0
    ncols, nrows = ds.RasterXSize, ds.RasterYSize
    cx, cy = gt[1], -gt[5]
    r0, c0, r1, c1 = 0, 0, nrows, ncols
    if bounds is not None:
        xmin, ymin, xmax, ymax = bounds
        c0 = max(0, int(math.floor((xmin - margin - gt[0]) / cx)))
        c1 = min(ncols, int(math.floor((xmax + margin - gt[0]) / cx)) + 1)
        r0 = max(0, int(math.floor((gt[3] - ymax - margin) / cy)))
        r1 = min(nrows, int(math.floor((gt[3] - ymin + margin) / cy)) + 1)
        if c1 <= c0 or r1 <= r0:
            raise ValueError("The points lie entirely outside the DEM {}.".format(dem_path))
    ground = _read_band(ds, r0, c0, r1 - r0, c1 - c0)
    obstacles = None
    if surface_path:
        sds = gdal.Open(surface_path)
        if sds is None:
            raise ValueError("Cannot open the surface model {}".format(surface_path))
        sgt = sds.GetGeoTransform()
        if (sds.RasterXSize, sds.RasterYSize) != (ncols, nrows) or any(
                abs(a - b) > 1e-6 * max(1.0, abs(a)) for a, b in zip(sgt, gt)):
            raise ValueError("The surface model {} is not on the DEM's grid (same size and "
                             "geotransform required).".format(surface_path))
        obstacles = _read_band(sds, r0, c0, r1 - r0, c1 - c0)
        del sds
    del ds
    return Terrain(ground, gt[0] + c0 * cx, gt[3] - r0 * cy, cx, cy, obstacles,
                   2.0 * semi if semi and semi > 0 else EARTH_DIAMETER)


# ---------------------------------------------------------------------------
# crossings
# ---------------------------------------------------------------------------

def _expand(counts: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """(ids, s): for each pair k with ``counts[k]`` crossings, ids = k and
    s = 1 .. counts[k] (flat, pairs with 0 crossings skipped)."""
    counts = counts.astype(np.int64)
    total = int(counts.sum())
    if total == 0:
        e = np.zeros(0, dtype=np.int64)
        return e, e
    nz = np.nonzero(counts)[0]
    cn = counts[nz]
    starts = np.zeros(nz.size, dtype=np.int64)
    np.cumsum(cn[:-1], out=starts[1:])
    # pair ids: jumps at the starts, cumulated (no np.repeat)
    ids = np.zeros(total, dtype=np.int64)
    ids[starts] = np.diff(np.concatenate([[0], nz]))
    np.cumsum(ids, out=ids)
    s = np.ones(total, dtype=np.int64)
    s[starts[1:]] = 1 - cn[:-1]
    np.cumsum(s, out=s)
    return ids, s


def _family(z: np.ndarray, r0: np.ndarray, c0: np.ndarray, dr: np.ndarray, dc: np.ndarray,
            along_rows: bool) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Crossings of one family: (pair ids, t in (0, 1), interpolated height).

    ``along_rows``: crossings with the row lines (as :func:`core.los._seg_max`
    with ``along_rows=True``), otherwise with the column lines."""
    nrows, ncols = z.shape
    a = np.abs(dr) if along_rows else np.abs(dc)
    other = dc if along_rows else dr
    ids, s = _expand(np.maximum(a - 1, 0))
    if ids.size == 0:
        e = np.zeros(0)
        return ids, e, e
    ai = a[ids]
    k = other / np.maximum(a, 1).astype(np.float64)
    q = s * k[ids]
    lo = np.floor(q + 1e-7)
    f = q - lo
    f *= f > 1e-6
    lo = lo.astype(np.int64)
    sg = np.sign(dr if along_rows else dc)[ids]
    if along_rows:
        rr = r0[ids] + sg * s
        cc = c0[ids] + lo
        i1 = rr * ncols + cc
        i2 = rr * ncols + np.minimum(cc + 1, ncols - 1)
    else:
        cc = c0[ids] + sg * s
        rr = r0[ids] + lo
        i1 = rr * ncols + cc
        i2 = np.minimum(rr + 1, nrows - 1) * ncols + cc
    zf = z.reshape(-1)
    h1 = zf[i1].astype(np.float64)
    h2 = zf[i2].astype(np.float64)
    h = np.where(f > 0, h1 + f * (h2 - h1), h1)
    return ids, s / ai.astype(np.float64), h


def _crossings(z: np.ndarray, r0, c0, r1, c1) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    dr = r1 - r0
    dc = c1 - c0
    i_a, t_a, h_a = _family(z, r0, c0, dr, dc, True)
    i_b, t_b, h_b = _family(z, r0, c0, dr, dc, False)
    return np.concatenate([i_a, i_b]), np.concatenate([t_a, t_b]), np.concatenate([h_a, h_b])


def _reduce(kind: str, values: np.ndarray, ids: np.ndarray, n: int, empty: float,
            presorted: bool = False) -> np.ndarray:
    """Per-pair min or max (NaN ignored) of ``values`` grouped by ``ids``
    (``presorted``: ``ids`` is already non-decreasing)."""
    out = np.full(n, empty)
    if values.size == 0:
        return out
    if presorted:
        ids_s, v = ids, values
    else:
        order = np.argsort(ids, kind="stable")
        ids_s = ids[order]
        v = values[order]
    starts = np.concatenate([[0], np.nonzero(ids_s[1:] != ids_s[:-1])[0] + 1])
    red = (np.fmin if kind == "min" else np.fmax).reduceat(v, starts)
    out[ids_s[starts]] = red
    out[np.isnan(out)] = empty
    return out


# ---------------------------------------------------------------------------
# pairs
# ---------------------------------------------------------------------------

def _ends(terrain: Terrain, xa, ya, xb, yb):
    ra, ca = terrain.cell(xa, ya)
    rb, cb = terrain.cell(xb, yb)
    n = ra.size
    status = np.zeros(n, dtype=np.int64)
    ok_a = terrain.inside(ra, ca)
    ok_b = terrain.inside(rb, cb)
    status[~(ok_a & ok_b)] = OUTSIDE
    ga = np.full(n, np.nan)
    gb = np.full(n, np.nan)
    ga[ok_a] = terrain.ground[ra[ok_a], ca[ok_a]]
    gb[ok_b] = terrain.ground[rb[ok_b], cb[ok_b]]
    status[(status == OK) & (np.isnan(ga) | np.isnan(gb))] = NODATA_END
    status[(status == OK) & (ra == rb) & (ca == cb)] = SAME_CELL
    return ra, ca, rb, cb, ga, gb, status


def line_of_sight(terrain: Terrain, xa, ya, ha, xb, yb, hb, curv_coeff: float = 0.0,
                  max_crossings: int = 1 << 22, is_canceled=None, progress=None) -> Dict[str, np.ndarray]:
    """Top-to-top sight lines from A (``xa, ya``, ``ha`` m above the ground) to B.

    Returns arrays (one value per pair):

    * ``status`` (:data:`OK`, :data:`OUTSIDE`, :data:`NODATA_END`, :data:`SAME_CELL`),
    * ``distance`` between the two cell centres (m),
    * ``visible`` (bool: the top of B is seen from the top of A, R3),
    * ``clearance`` (m, smallest margin between the sight line and the obstacles
      strictly between the ends; NaN when there is nothing between them),
    * ``obstruction_t`` (fraction of the line from A to the first crossing where
      the terrain rises above the sight line; NaN when visible),
    * ``min_visible_height`` (R3 minimum height above the ground of B for B to be
      seen from the top of A; 0 when B's ground is seen),
    * ``above_horizon`` (m of B's height above the horizon seen from A:
      ``hb - (horizon line at B - B's ground)``; may exceed ``hb`` when B's
      ground itself rises above the horizon),
    * ``elevation_angle`` and ``horizon_angle`` (degrees, from A's eye to B's top
      and to the horizon line in B's direction; curvature applied),
    * ``azimuth`` (degrees clockwise from north, from A to B), ``z_a``, ``z_b``
      (elevations of the two tops).
    """
    xa, ya, xb, yb = (np.atleast_1d(np.asarray(v, dtype=np.float64)) for v in (xa, ya, xb, yb))
    n = xa.size
    ha = np.broadcast_to(np.asarray(ha, dtype=np.float64), (n,)).astype(np.float64)
    hb = np.broadcast_to(np.asarray(hb, dtype=np.float64), (n,)).astype(np.float64)
    ra, ca, rb, cb, ga, gb, status = _ends(terrain, xa, ya, xb, yb)
    kc = float(curv_coeff) / float(terrain.earth_diameter)
    dr = (rb - ra).astype(np.float64)
    dc = (cb - ca).astype(np.float64)
    dist = np.hypot(dr * terrain.cy, dc * terrain.cx)
    za = ga + ha
    zb = gb + hb
    drop = kc * dist * dist
    rise = zb - drop - za                       # target top relative to A's eye, curved frame
    clearance = np.full(n, np.nan)
    first_t = np.full(n, np.nan)
    best = np.full(n, -np.inf)                  # max obstacle slope (relative height / t)
    ok = np.nonzero(status == OK)[0]
    z = terrain.blocking
    if ok.size:
        ncross = (np.maximum(np.abs(rb[ok] - ra[ok]) - 1, 0) + np.maximum(np.abs(cb[ok] - ca[ok]) - 1, 0))
        csum = np.cumsum(ncross)
        start = 0
        while start < ok.size:
            if is_canceled is not None and is_canceled():
                raise Canceled()
            base = csum[start - 1] if start else 0
            stop = int(np.searchsorted(csum, base + max_crossings, side="right"))
            stop = min(ok.size, max(stop, start + 1))
            sel = ok[start:stop]
            m = len(sel)
            c_sel = np.full(m, np.nan)
            f_sel = np.full(m, np.nan)
            b_sel = np.full(m, -np.inf)
            for along_rows in (True, False):   # each family's ids are sorted: no argsort
                ids, t, h = _family(z, ra[sel], ca[sel], rb[sel] - ra[sel], cb[sel] - ca[sel], along_rows)
                if not ids.size:
                    continue
                d = t * dist[sel][ids]
                app = h - kc * d * d - za[sel][ids]       # obstacle relative to A's eye
                margin = t * rise[sel][ids] - app
                c_sel = np.fmin(c_sel, _reduce("min", margin, ids, m, np.nan, True))
                f_sel = np.fmin(f_sel, _reduce("min", np.where(margin < 0, t, np.nan), ids, m, np.nan, True))
                b_sel = np.fmax(b_sel, _reduce("max", app / t, ids, m, -np.inf, True))
            clearance[sel] = c_sel
            first_t[sel] = f_sel
            best[sel] = b_sel
            start = stop
            if progress is not None:
                progress(100.0 * stop / ok.size)
    # R3: required height at B = max(0, best - B's ground in the curved frame)
    tg = gb - drop - za
    req = np.where(np.isfinite(best), np.maximum(best - tg, 0.0), 0.0)
    above = np.where(np.isfinite(best), hb - (best - tg), np.inf)
    visible = (status == OK) & (req <= hb)
    # consistency with the clearance (identical up to rounding): the R3 answer wins
    with np.errstate(invalid="ignore", divide="ignore"):
        elev = np.degrees(np.arctan2(rise, dist))
        hor = np.where(np.isfinite(best), np.degrees(np.arctan2(best, dist)), -90.0)
    az = np.degrees(np.arctan2(dc * terrain.cx, -dr * terrain.cy)) % 360.0
    first_t[visible] = np.nan
    bad = status != OK
    for a in (clearance, first_t, req, above, elev, hor, az):
        a[bad] = np.nan
    return {"status": status, "distance": dist, "visible": visible, "clearance": clearance,
            "obstruction_t": first_t, "min_visible_height": np.where(bad, np.inf, req),
            "above_horizon": above, "elevation_angle": elev, "horizon_angle": hor, "azimuth": az,
            "z_a": za, "z_b": zb, "row_a": ra, "col_a": ca, "row_b": rb, "col_b": cb}


class Canceled(Exception):
    """Raised when ``is_canceled()`` turned true."""


def pairs_within(x: Sequence[float], y: Sequence[float], max_distance: float) -> Tuple[np.ndarray, np.ndarray]:
    """All pairs ``i < j`` of points closer than ``max_distance`` (grid buckets)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = x.size
    if n < 2:
        e = np.zeros(0, dtype=np.int64)
        return e, e
    cell = max(float(max_distance), 1e-9)
    gx = np.floor((x - x.min()) / cell).astype(np.int64)
    gy = np.floor((y - y.min()) / cell).astype(np.int64)
    buckets: Dict[Tuple[int, int], List[int]] = {}
    for k in range(n):
        buckets.setdefault((int(gx[k]), int(gy[k])), []).append(k)
    out_i: List[np.ndarray] = []
    out_j: List[np.ndarray] = []
    for (bx, by), members in buckets.items():
        mi = np.asarray(members)
        near: List[int] = []
        for ox in (-1, 0, 1):
            for oy in (-1, 0, 1):
                near.extend(buckets.get((bx + ox, by + oy), ()))
        nj = np.asarray(sorted(near))
        d2 = (x[mi][:, None] - x[nj][None, :]) ** 2 + (y[mi][:, None] - y[nj][None, :]) ** 2
        ii, jj = np.nonzero((d2 <= max_distance * max_distance) & (mi[:, None] < nj[None, :]))
        out_i.append(mi[ii])
        out_j.append(nj[jj])
    i = np.concatenate(out_i)
    j = np.concatenate(out_j)
    order = np.lexsort((j, i))
    return i[order], j[order]


# ---------------------------------------------------------------------------
# profiles
# ---------------------------------------------------------------------------

@dataclass
class Profile:
    """The terrain along one sight line, at the R3 crossings, plus both ends.

    ``t``: fraction of the line from A (0) to B (1); ``distance`` (m from A);
    ``ground`` (DEM), ``obstacle`` (surface or DEM) and ``sightline``
    elevations (m; the sight line from A's top to B's top, curvature applied
    so that ``sightline - obstacle`` is the vertical margin); ``ground_visible``
    (the obstacle surface at that point is seen from A's eye).
    """

    t: np.ndarray
    distance: np.ndarray
    ground: np.ndarray
    obstacle: np.ndarray
    sightline: np.ndarray
    ground_visible: np.ndarray
    visible: bool
    clearance: float
    obstruction_t: float
    status: int
    length: float
    z_a: float
    z_b: float


def profile(terrain: Terrain, xa: float, ya: float, ha: float, xb: float, yb: float, hb: float,
            curv_coeff: float = 0.0) -> Profile:
    """The profile of one sight line (see :class:`Profile`)."""
    res = line_of_sight(terrain, [xa], [ya], [ha], [xb], [yb], [hb], curv_coeff)
    status = int(res["status"][0])
    dist = float(res["distance"][0])
    za, zb = float(res["z_a"][0]), float(res["z_b"][0])
    if status != OK:
        e = np.zeros(0)
        return Profile(e, e, e, e, e, e.astype(bool), False, float("nan"), float("nan"), status, dist, za, zb)
    ra, ca, rb, cb = (np.asarray([int(res[k][0])]) for k in ("row_a", "col_a", "row_b", "col_b"))
    _, t, hob = _crossings(terrain.blocking, ra, ca, rb, cb)
    if terrain.obstacles is not None:
        _, _, hgr = _crossings(terrain.ground, ra, ca, rb, cb)
    else:
        hgr = hob
    order = np.argsort(t, kind="stable")
    t, hob, hgr = t[order], hob[order], hgr[order]
    ga = float(terrain.ground[ra[0], ca[0]])
    gb = float(terrain.ground[rb[0], cb[0]])
    oa = float(terrain.blocking[ra[0], ca[0]])
    ob = float(terrain.blocking[rb[0], cb[0]])
    t = np.concatenate([[0.0], t, [1.0]])
    hgr = np.concatenate([[ga], hgr, [gb]])
    hob = np.concatenate([[oa if not math.isnan(oa) else ga], hob, [ob if not math.isnan(ob) else gb]])
    kc = float(curv_coeff) / float(terrain.earth_diameter)
    d = t * dist
    drop = kc * d * d
    sight = za + t * (zb - kc * dist * dist - za) + drop
    # obstacle seen from A's eye: its slope is not below every slope before it
    slope = np.full(t.size, -np.inf)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope[1:] = (hob[1:] - drop[1:] - za) / t[1:]
    sl = np.where(np.isnan(slope), -np.inf, slope)
    prev = np.maximum.accumulate(np.concatenate([[-np.inf], sl[:-1]]))
    # the target's ground is visible at an end with no crossing before it when nothing blocks
    gv = (sl >= prev) & ~np.isnan(slope)
    gv[0] = True
    gv[-1] = bool(sl[-1] >= prev[-1]) if not np.isnan(slope[-1]) else False
    return Profile(t, d, hgr, hob, sight, gv, bool(res["visible"][0]), float(res["clearance"][0]),
                   float(res["obstruction_t"][0]), status, dist, za, zb)


def visible_parts(prof: Profile) -> List[Tuple[float, float, bool]]:
    """Runs of the line (``t0, t1, visible``) where the ground is seen from A or
    not, cut half way between profile points that differ (like ArcGIS's Line
    Of Sight: green where the surface is visible, red where it is hidden)."""
    if prof.t.size == 0:
        return []
    flags = prof.ground_visible
    parts: List[Tuple[float, float, bool]] = []
    t0 = 0.0
    for i in range(1, flags.size):
        if flags[i] != flags[i - 1]:
            cut = 0.5 * (prof.t[i - 1] + prof.t[i])
            parts.append((t0, cut, bool(flags[i - 1])))
            t0 = cut
    parts.append((t0, 1.0, bool(flags[-1])))
    return [p for p in parts if p[1] > p[0]]


# ---------------------------------------------------------------------------
# panorama: what is seen from one viewpoint
# ---------------------------------------------------------------------------

def panorama(terrain: Terrain, x: float, y: float, eye: float, tx, ty, th, curv_coeff: float = 0.0,
             max_distance: Optional[float] = None) -> Dict[str, np.ndarray]:
    """Sight lines from one viewpoint (eye ``eye`` m above the ground) to the tops of
    targets (``tx, ty``, heights ``th`` above their ground).

    Returns :func:`line_of_sight`'s arrays plus ``visible_height`` (the metres of
    each target's height above the horizon seen from the viewpoint, between 0 and
    its height) and ``in_range`` (within ``max_distance``; targets out of range
    are not visible).  Raises ValueError when the viewpoint is outside the DEM
    or on NoData.
    """
    tx = np.atleast_1d(np.asarray(tx, dtype=np.float64))
    ty = np.atleast_1d(np.asarray(ty, dtype=np.float64))
    th = np.broadcast_to(np.asarray(th, dtype=np.float64), tx.shape).astype(np.float64)
    r, c = terrain.cell(x, y)
    if not bool(terrain.inside(r, c)):
        raise ValueError("the viewpoint ({:.1f}, {:.1f}) is outside the terrain model".format(x, y))
    if np.isnan(terrain.ground[int(r), int(c)]):
        raise ValueError("the viewpoint ({:.1f}, {:.1f}) is on a NoData cell of the terrain model".format(x, y))
    in_range = np.ones(tx.shape, dtype=bool)
    if max_distance is not None and max_distance > 0:
        in_range = np.hypot(tx - x, ty - y) <= max_distance
    sel = np.nonzero(in_range)[0]
    sub = line_of_sight(terrain, np.full(sel.shape, float(x)), np.full(sel.shape, float(y)), float(eye),
                        tx[sel], ty[sel], th[sel], curv_coeff)
    res: Dict[str, np.ndarray] = {}
    for key, v in sub.items():
        if v.dtype == bool:
            full = np.zeros(tx.shape, dtype=bool)
        elif v.dtype.kind in "iu":
            full = np.full(tx.shape, OUT_OF_RANGE if key == "status" else -1, dtype=v.dtype)
        else:
            full = np.full(tx.shape, np.nan)
        full[sel] = v
        res[key] = full
    vh = np.clip(np.nan_to_num(res["above_horizon"], nan=0.0, posinf=1e300), 0.0, None)
    vh = np.minimum(vh, th)
    vh[~res["visible"]] = 0.0
    res["visible_height"] = vh
    res["in_range"] = in_range
    return res
