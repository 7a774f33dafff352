"""Impact of proposed projects on the views of and from the inscribed elements (pure Python).

A *project* is a wind turbine (point, total/tip height and optional hub
height; a multipoint is a wind farm, one part per turbine), a building
(polygon with a height: its roof edge, sampled along the outline) or a long
structure (line with a height, sampled along it).  Its *parts* are these
points at the top of the project.

For each project and each inscribed element within range (the last distance
band), and each remarkable viewpoint within range:

* **visible height**: with the exact R3 line of sight (``core/los.py``) from
  the element's top (every viewpoint of the element: its top and points along
  its outline, as vigie:ztv) or from the viewpoint's eye, the minimum height
  ``m`` a target must have at the part's cell to be seen; the project shows
  ``H - m`` metres above the horizon (``H`` = part height; tip and hub
  separately for turbines), the best observer/part pair counts;
* distance (nearest geometry to geometry), band, azimuth and elevation angle
  of the top from the best observer, apparent height (vertical angle of the
  visible part);
* viewpoints: inside the view cone (azimuth range clockwise, 350 -> 20
  crosses north; radius; vertical angles) and **skyline**: the project breaks
  the skyline behind an element when the element's top is visible from the
  viewpoint, is nearer than the project, within ``tolerance`` degrees of
  azimuth of it, and the project's top stands above the terrain horizon
  behind it (highest elevation angle of the terrain from the project to the
  end of the range, sampled every cell, with curvature);
* **co-visibility**: the cells from which the element (its top, within
  ``covis_radius``) and the project are both seen, with the directions to the
  element and to the nearest project part within ``tolerance`` degrees
  (same field of view); its area and the part inside the buffer zone.

The project's own ZTV is the number of its parts seen from each cell (an eye
``eye_height`` above the ground), computed by the visibility engine
``core/viewshed.run_ztv`` with the parts as viewpoints (reciprocity).

Grades come from :mod:`core.impact_rules` (the rules in one place).
Curvature and refraction as in the engine: heights lowered by
``(1 - refraction) d^2 / D``, ``D`` = twice the semi-major axis of the DEM's SRS.
"""
import math
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, ogr
from shapely import wkb as shapely_wkb
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from . import cones, los, rasters
from . import elements as core_elements
from . import impact_rules as rules_mod
from . import viewshed as engine

gdal.UseExceptions()

LOC_PROPERTY, LOC_BUFFER, LOC_OUTSIDE = "property", "buffer_zone", "outside"
LOCATIONS_FR = {LOC_PROPERTY: "dans le bien inscrit", LOC_BUFFER: "dans la zone tampon",
                LOC_OUTSIDE: "hors du bien et de la zone tampon"}
ZTV_NODATA = 65535


@dataclass
class Project:
    key: str
    name: str
    kind: str
    wkb: bytes
    height: Optional[float]            # total height (tip for a turbine), m above ground
    hub_height: Optional[float] = None


@dataclass
class Part:
    project: int      # index in the projects list
    x: float
    y: float
    height: float
    hub: Optional[float]


@dataclass
class RemarkableViewpoint:
    key: str
    name: str
    x: float
    y: float
    height: float = 1.6                # eye above ground
    az_min: Optional[float] = None
    az_max: Optional[float] = None
    v_min: Optional[float] = None
    v_max: Optional[float] = None
    radius: Optional[float] = None     # view cone depth (m)


@dataclass
class Params:
    rules: rules_mod.Rules = field(default_factory=rules_mod.Rules)
    eye_height: float = 1.6
    curvature: bool = True
    refraction: float = 1.0 / 7.0
    tolerance: float = 30.0            # degrees: same field of view (co-visibility)
    skyline_angle: float = 10.0        # degrees: "behind the element" from a viewpoint
    covis_radius: float = 3000.0       # element visibility radius for the co-visibility zones
    part_spacing: float = 500.0        # sampling of building outlines and lines (m), vertices kept
    spacing: float = 200.0             # element outline sampling (m), as vigie:ztv
    accuracy: str = "gdal"             # engine preset of the projects' ZTV ("gdal" = GDAL alone, no repair)
    covis_accuracy: str = "fast"       # engine preset of the elements' viewsheds (co-visibility)
    workers: Optional[int] = None


@dataclass
class Row:
    project: int
    observer_type: str                 # "element" or "viewpoint"
    observer: int                      # index in elements or viewpoints
    observer_id: str
    observer_name: str
    observer_kind: str
    visible: bool
    visible_height: float              # tip / total (m above the horizon)
    visible_hub: Optional[float]       # turbines
    distance: float
    band: int
    band_label: str
    azimuth: float
    elevation: float                   # degrees, top of the project from the observer
    apparent_height: float             # degrees subtended by the visible part
    in_cone: Optional[bool]
    skyline: bool
    skyline_with: List[str]            # element rows: viewpoints; viewpoint rows: elements
    inside: bool
    covis_ha: float = 0.0
    covis_buffer_ha: float = 0.0
    grade: str = "negligible"
    reasons: List[rules_mod.Reason] = field(default_factory=list)
    line: Tuple[Tuple[float, float], Tuple[float, float]] = ((0.0, 0.0), (0.0, 0.0))


@dataclass
class CovisZone:
    project: int
    element: int
    wkb: bytes
    area_m2: float
    area_buffer_m2: float
    n_parts: int


@dataclass
class Summary:
    project: int
    location: str
    dist_element: float
    nearest_element: str
    dist_perimeter: float
    n_parts: int
    n_rows: int
    n_visible: int
    counts: Dict[str, int]
    worst: str
    ztv_km2: float
    covis_ha: float                    # union of the project's co-visibility zones
    covis_buffer_ha: float
    inside_elements: List[str]


@dataclass
class ImpactResult:
    rows: List[Row]
    summaries: List[Summary]
    covis: List[CovisZone]
    ztv: np.ndarray                    # uint16, number of parts seen (all projects), ZTV_NODATA outside
    ztv_by_project: Dict[int, np.ndarray]
    geotransform: Tuple[float, ...]
    projection: str
    parts: List[Part]
    prepared: List[core_elements.PreparedElement]
    warnings: List[str]
    timings: Dict[str, float]


class Canceled(Exception):
    pass


# ----------------------------------------------------------------------------------------------
# projects -> parts, checks
# ----------------------------------------------------------------------------------------------

def _geom(wkb: bytes) -> Optional[BaseGeometry]:
    try:
        g = shapely_wkb.loads(bytes(wkb)) if wkb else None
    except Exception:
        return None
    if g is None or g.is_empty:
        return None
    if not g.is_valid and g.geom_type in ("Polygon", "MultiPolygon"):
        g = g.buffer(0)
    return g


def _along(line: LineString, spacing: float, closed: bool) -> List[Tuple[float, float]]:
    pts = [(float(x), float(y)) for x, y in list(line.coords)[: -1 if closed else None]]
    length = line.length
    n = max(1, int(math.ceil(length / spacing)))
    for i in range(n + (0 if closed else 1)):
        p = line.interpolate(min(length, i * length / n))
        pts.append((p.x, p.y))
    return pts


def parts_of(project: Project, index: int, spacing: float = 50.0) -> List[Part]:
    """The top points of a project (see the module docstring)."""
    g = _geom(project.wkb)
    if g is None or project.height is None:
        return []
    h = float(project.height)
    pts: List[Tuple[float, float]] = []
    hub = None
    if g.geom_type in ("Point", "MultiPoint"):
        pts = [(p.x, p.y) for p in ([g] if g.geom_type == "Point" else g.geoms)]
        hub = project.hub_height
    elif g.geom_type in ("Polygon", "MultiPolygon"):
        for poly in ([g] if g.geom_type == "Polygon" else g.geoms):
            pts.extend(_along(LineString(poly.exterior.coords), spacing, True))
    elif g.geom_type in ("LineString", "MultiLineString"):
        for ln in ([g] if g.geom_type == "LineString" else g.geoms):
            pts.extend(_along(ln, spacing, False))
    else:
        for sub in getattr(g, "geoms", []):
            pts.extend((pp.x, pp.y) for pp in [sub.representative_point()])
    seen = set()
    out = []
    for x, y in pts:
        k = (round(x, 3), round(y, 3))
        if k in seen:
            continue
        seen.add(k)
        out.append(Part(index, float(x), float(y), h, None if hub is None else float(hub)))
    return out


def check_projects(projects: Sequence[Project], dem_path: str, spacing: float = 50.0
                   ) -> List[Tuple[str, str, Dict[str, object]]]:
    """Problems that stop the analysis: ``(code, project key, values)``.

    Codes: ``duplicate``, ``empty``, ``no_height``, ``bad_height`` (<= 0 or >
    1000 m), ``bad_hub`` (<= 0), ``hub_above_tip``, ``outside_dem`` (a part
    outside the DEM), ``nodata`` (a part on a NoData cell).
    """
    problems: List[Tuple[str, str, Dict[str, object]]] = []
    seen = set()
    for p in projects:
        if p.key in seen:
            problems.append(("duplicate", p.key, {}))
        seen.add(p.key)
        if _geom(p.wkb) is None:
            problems.append(("empty", p.key, {}))
            continue
        if p.height is None or (isinstance(p.height, float) and math.isnan(p.height)):
            problems.append(("no_height", p.key, {}))
            continue
        if not 0 < p.height <= 1000:
            problems.append(("bad_height", p.key, {"value": p.height}))
            continue
        if p.hub_height is not None and not math.isnan(p.hub_height):
            if p.hub_height <= 0:
                problems.append(("bad_hub", p.key, {"value": p.hub_height}))
            elif p.hub_height > p.height:
                problems.append(("hub_above_tip", p.key, {"hub": p.hub_height, "tip": p.height}))
    if problems:
        return problems
    ground = core_elements.GroundSampler(dem_path)
    for i, p in enumerate(projects):
        for part in parts_of(p, i, spacing):
            r, c = ground.cell(part.x, part.y)
            if not ground.inside(r, c):
                problems.append(("outside_dem", p.key, {"x": part.x, "y": part.y}))
                break
            if math.isnan(float(ground.window(r, c, 1, 1)[0, 0])):
                problems.append(("nodata", p.key, {"x": part.x, "y": part.y}))
                break
    return problems


# ----------------------------------------------------------------------------------------------
# terrain in memory: R3 sight lines, horizon
# ----------------------------------------------------------------------------------------------

class Terrain:
    """A window of the DEM (and surface) in memory, for many exact sight lines."""

    def __init__(self, dem_path: str, bbox: Tuple[float, float, float, float],
                 surface_path: Optional[str] = None, curvature: bool = True,
                 refraction: float = 1.0 / 7.0) -> None:
        dem = engine._Dem(dem_path, surface_path)  # CRS / grid checks of the engine
        self.gt = dem.gt
        self.cx, self.cy = dem.cx, dem.cy
        self.wkt = dem.wkt
        c0 = max(0, int(math.floor((bbox[0] - self.gt[0]) / self.cx)) - 2)
        c1 = min(dem.ncols, int(math.ceil((bbox[2] - self.gt[0]) / self.cx)) + 2)
        r0 = max(0, int(math.floor((self.gt[3] - bbox[3]) / self.cy)) - 2)
        r1 = min(dem.nrows, int(math.ceil((self.gt[3] - bbox[1]) / self.cy)) + 2)
        if r1 <= r0 or c1 <= c0:
            raise ValueError("the area of analysis is outside the DEM")
        self.r0, self.c0 = r0, c0
        self.ground = dem.read(dem.band, dem.nodata, r0, c0, r1 - r0, c1 - c0)
        if dem.sband is not None:
            surf = dem.read(dem.sband, dem.snodata, r0, c0, r1 - r0, c1 - c0)
            np.copyto(surf, self.ground, where=np.isnan(surf))
            self.obst = surf
        else:
            self.obst = self.ground
        self.shape = self.ground.shape
        self.kcurv = ((1.0 - refraction) if curvature else 0.0) / dem.earth_diameter
        self.pyramid = los.block_max_pyramid(self.obst, 8, has_nan=True)
        self.region_gt = (self.gt[0] + c0 * self.cx, self.cx, 0.0, self.gt[3] - r0 * self.cy, 0.0, -self.cy)
        self.crossings = 0
        del dem

    def rc(self, x: float, y: float) -> Tuple[int, int]:
        return (int(math.floor((self.region_gt[3] - y) / self.cy)),
                int(math.floor((x - self.region_gt[0]) / self.cx)))

    def centre(self, r: int, c: int) -> Tuple[float, float]:
        return self.region_gt[0] + (c + 0.5) * self.cx, self.region_gt[3] - (r + 0.5) * self.cy

    def inside(self, r: int, c: int) -> bool:
        return 0 <= r < self.shape[0] and 0 <= c < self.shape[1]

    def z(self, x: float, y: float) -> float:
        r, c = self.rc(x, y)
        return float(self.ground[r, c]) if self.inside(r, c) else float("nan")

    def min_heights(self, ox: float, oy: float, oh: float, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Minimum height above the ground a target must have at each cell to be seen from an eye
        ``oh`` above the ground at (ox, oy) (exact R3; inf = NoData / outside)."""
        r0, c0 = self.rc(ox, oy)
        rows = np.asarray(rows, dtype=np.int64)
        cols = np.asarray(cols, dtype=np.int64)
        out = np.full(rows.shape, np.inf)
        if not self.inside(r0, c0) or np.isnan(self.ground[r0, c0]):
            return out
        ok = (rows >= 0) & (rows < self.shape[0]) & (cols >= 0) & (cols < self.shape[1])
        if not ok.any():
            return out
        eye = float(self.ground[r0, c0]) + oh
        m = los.min_visible_height_rel(self.obst, r0, c0, rows[ok], cols[ok], self.cx, self.cy,
                                       self.kcurv, z0=eye, pyramid=self.pyramid)
        self.crossings += int(los.crossings_count(r0, c0, rows[ok], cols[ok]).sum())
        if self.obst is not self.ground:
            m = m + (self.obst[rows[ok], cols[ok]] - self.ground[rows[ok], cols[ok]]).astype(np.float64)
        out[ok] = m
        return out

    def elevation(self, eye_z: float, d: float, z_top: float) -> float:
        """Vertical angle (degrees) from an eye at elevation ``eye_z`` to a point at ``z_top``, ``d`` m away."""
        return math.degrees(math.atan2(z_top - self.kcurv * d * d - eye_z, max(d, 1e-6)))

    def horizon(self, ox: float, oy: float, eye_z: float, azimuth: float, d_from: float, d_to: float) -> float:
        """Highest elevation angle (degrees) of the terrain along ``azimuth`` between ``d_from`` and ``d_to``
        (cells sampled every cell size; -90 when no cell)."""
        step = min(self.cx, self.cy)
        if d_to <= d_from:
            return -90.0
        d = np.arange(d_from, d_to, step)
        a = math.radians(azimuth)
        xs = ox + d * math.sin(a)
        ys = oy + d * math.cos(a)
        rr = np.floor((self.region_gt[3] - ys) / self.cy).astype(np.int64)
        cc = np.floor((xs - self.region_gt[0]) / self.cx).astype(np.int64)
        ok = (rr >= 0) & (rr < self.shape[0]) & (cc >= 0) & (cc < self.shape[1])
        if not ok.any():
            return -90.0
        z = self.obst[rr[ok], cc[ok]].astype(np.float64)
        dd = d[ok]
        ang = np.degrees(np.arctan2(z - self.kcurv * dd * dd - eye_z, dd))
        ang = ang[~np.isnan(ang)]
        return float(ang.max()) if ang.size else -90.0


def burn(geom: BaseGeometry, gt: Sequence[float], shape: Tuple[int, int]) -> np.ndarray:
    """Cells of a grid whose centre is inside ``geom``."""
    ds = gdal.GetDriverByName("MEM").Create("", shape[1], shape[0], 1, gdal.GDT_Byte)
    ds.SetGeoTransform(tuple(gt))
    ogr_ds = ogr.GetDriverByName("Memory").CreateDataSource("")
    lyr = ogr_ds.CreateLayer("g")
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetGeometry(ogr.CreateGeometryFromWkb(geom.wkb))
    lyr.CreateFeature(feat)
    gdal.PushErrorHandler("CPLQuietErrorHandler")  # no SRS on the memory layer: same CRS by design
    try:
        gdal.RasterizeLayer(ds, [1], lyr, burn_values=[1])
    finally:
        gdal.PopErrorHandler()
    out = ds.GetRasterBand(1).ReadAsArray().astype(bool)
    del feat, lyr, ogr_ds, ds
    return out


def azimuth_of(x0: float, y0: float, x1: float, y1: float) -> float:
    return math.degrees(math.atan2(x1 - x0, y1 - y0)) % 360.0


def angle_diff(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Smallest absolute difference of two azimuths (degrees, 0..180)."""
    d = np.abs((np.asarray(a) - np.asarray(b)) % 360.0)
    return np.minimum(d, 360.0 - d)


# ----------------------------------------------------------------------------------------------
# the analysis
# ----------------------------------------------------------------------------------------------

@dataclass
class _Sight:
    vis: float = -math.inf       # best visible metres of the tip
    hub: float = -math.inf
    obs: int = -1
    part: int = -1
    m: float = math.inf


def _sights(terrain: Terrain, observers: Sequence[Tuple[float, float, float]], parts: Sequence[Part],
            part_rc: np.ndarray, max_range: float, is_canceled) -> Dict[int, _Sight]:
    """Best sight per project part from a set of observer points (x, y, h above ground)."""
    best: Dict[int, _Sight] = {}
    pxy = np.array([[p.x, p.y] for p in parts])
    for oi, (ox, oy, oh) in enumerate(observers):
        if is_canceled is not None and is_canceled():
            raise Canceled()
        d = np.hypot(pxy[:, 0] - ox, pxy[:, 1] - oy)
        idx = np.nonzero(d <= max_range)[0]
        if idx.size == 0:
            continue
        m = terrain.min_heights(ox, oy, oh, part_rc[idx, 0], part_rc[idx, 1])
        orc = terrain.rc(ox, oy)
        for j, k in enumerate(idx):
            p = parts[int(k)]
            mk = 0.0 if (int(part_rc[k, 0]), int(part_rc[k, 1])) == orc else float(m[j])
            vis = p.height - mk
            s = best.get(int(k))
            if s is None:
                s = best[int(k)] = _Sight()
            if vis > s.vis:
                s.vis, s.obs, s.part, s.m = vis, oi, int(k), mk
            if p.hub is not None:
                s.hub = max(s.hub, p.hub - mk)
    return best


def assess(dem_path: str, projects: Sequence[Project], elements: Sequence[core_elements.Element],
           viewpoints: Sequence[RemarkableViewpoint], perimeter_wkb: Optional[bytes],
           buffer_wkb: Optional[bytes], params: Optional[Params] = None,
           surface_path: Optional[str] = None,
           progress: Optional[Callable[[float], None]] = None,
           is_canceled: Optional[Callable[[], bool]] = None) -> ImpactResult:
    """Assess every project against every element and viewpoint within range (module docstring).

    :raises ValueError: when :func:`check_projects` finds a problem (the first one is named),
        or the DEM is unusable.
    :raises Canceled: when ``is_canceled()`` returns True (nothing is returned).
    """
    params = params or Params()
    rules = params.rules
    max_range = rules.max_range
    t0 = time.perf_counter()
    c0 = time.process_time()
    timings: Dict[str, float] = {}
    prog = progress or (lambda _p: None)
    if not projects:
        raise ValueError("no project to assess")
    problems = check_projects(projects, dem_path, params.part_spacing)
    if problems:
        code, key, vals = problems[0]
        raise ValueError("project {}: {} {}".format(key, code, vals))
    warnings: List[str] = []

    # --- parts, geometries, elements
    parts: List[Part] = []
    for i, p in enumerate(projects):
        parts.extend(parts_of(p, i, params.part_spacing))
    pgeoms = [_geom(p.wkb) for p in projects]
    ground = core_elements.GroundSampler(dem_path)
    prepared, w = core_elements.prepare(list(elements), ground, max_range, params.spacing)
    warnings.extend(w)
    del ground
    egeoms = [_geom(e.wkb) for e in elements]
    perimeter = _geom(perimeter_wkb) if perimeter_wkb else None
    bufzone = _geom(buffer_wkb) if buffer_wkb else None

    # --- terrain in memory over the parts +- the range
    xs = [p.x for p in parts]
    ys = [p.y for p in parts]
    bbox = (min(xs) - max_range, min(ys) - max_range, max(xs) + max_range, max(ys) + max_range)
    terrain = Terrain(dem_path, bbox, surface_path, params.curvature, params.refraction)
    part_rc = np.array([terrain.rc(p.x, p.y) for p in parts], dtype=np.int64)
    timings["load_s"] = time.perf_counter() - t0
    prog(5.0)

    # --- element rows: distances and sight lines
    t1 = time.perf_counter()
    rows: List[Row] = []
    pairs: Dict[Tuple[int, int], float] = {}  # (project, element) -> distance
    for pi, pg in enumerate(pgeoms):
        for ei, eg in enumerate(egeoms):
            if eg is None:
                continue
            d = float(pg.distance(eg))
            if d <= max_range:
                pairs[(pi, ei)] = d
    parts_by_project: Dict[int, List[int]] = {}
    for k, p in enumerate(parts):
        parts_by_project.setdefault(p.project, []).append(k)
    involved = sorted({ei for (_pi, ei) in pairs})
    sight_el: Dict[int, Dict[int, _Sight]] = {}
    for n, ei in enumerate(involved):
        pe = prepared[ei]
        if pe.points:
            sight_el[ei] = _sights(terrain, pe.points, parts, part_rc, max_range, is_canceled)
        prog(5.0 + 25.0 * (n + 1) / max(1, len(involved)))

    def best_of(sights: Dict[int, _Sight], pi: int) -> Tuple[_Sight, float]:
        best = _Sight()
        hub = -math.inf
        for k in parts_by_project[pi]:
            s = sights.get(k)
            if s is None:
                continue
            if s.vis > best.vis:
                best = s
            hub = max(hub, s.hub)
        return best, hub

    def geometry_of_sight(ox: float, oy: float, oh: float, part: Part, vis: float) -> Tuple[float, float, float]:
        d = math.hypot(part.x - ox, part.y - oy)
        eye = terrain.z(ox, oy) + oh
        zb = terrain.z(part.x, part.y)
        top = terrain.elevation(eye, d, zb + part.height)
        low = terrain.elevation(eye, d, zb + part.height - max(0.0, min(vis, part.height)))
        return azimuth_of(ox, oy, part.x, part.y), top, max(0.0, top - low)

    for (pi, ei), d in sorted(pairs.items()):
        pe = prepared[ei]
        el = elements[ei]
        inside = d <= 0.0  # inside the element's polygon, or on its line / point
        best, hub = best_of(sight_el.get(ei, {}), pi)
        visible = inside or best.vis > 0
        vis_h = max(0.0, best.vis) if best.part >= 0 else 0.0
        az = elev = app = float("nan")
        line = ((0.0, 0.0), (0.0, 0.0))
        if best.part >= 0:
            ox, oy, oh = pe.points[best.obs]
            az, elev, app = geometry_of_sight(ox, oy, oh, parts[best.part], vis_h)
            line = ((ox, oy), (parts[best.part].x, parts[best.part].y))
        elif pe.points:
            ox, oy, _oh = pe.points[0]
            k = parts_by_project[pi][0]
            line = ((ox, oy), (parts[k].x, parts[k].y))
        if inside:
            vis_h = projects[pi].height
            hub = projects[pi].hub_height if projects[pi].hub_height is not None else -math.inf
        band = rules.band_of(d)
        rows.append(Row(pi, "element", ei, el.key, el.name, el.type, bool(visible), float(vis_h),
                        (max(0.0, hub) if projects[pi].hub_height is not None and hub > -math.inf else None),
                        d, band, rules.band_label(band), az, elev, app, None, False, [], inside, line=line))
    timings["sight_lines_elements_s"] = time.perf_counter() - t1

    # --- viewpoint rows, cones, skyline
    t2 = time.perf_counter()
    row_index = {(r.project, r.observer): r for r in rows}
    for vi, v in enumerate(viewpoints):
        if is_canceled is not None and is_canceled():
            raise Canceled()
        vr, vc = terrain.rc(v.x, v.y)
        if not terrain.inside(vr, vc) or math.isnan(float(terrain.ground[vr, vc])):
            warnings.append("viewpoint {} is outside the area of analysis or on NoData: skipped.".format(v.key))
            continue
        sights = _sights(terrain, [(v.x, v.y, v.height)], parts, part_rc, max_range, is_canceled)
        eye = float(terrain.ground[vr, vc]) + v.height
        vpt = Point(v.x, v.y)
        # elements near the viewpoint: visibility of their top from it
        near = [ei for ei, pe in enumerate(prepared)
                if pe.points and math.hypot(pe.points[0][0] - v.x, pe.points[0][1] - v.y) <= max_range]
        el_vis: Dict[int, bool] = {}
        if near:
            tops = np.array([terrain.rc(prepared[ei].points[0][0], prepared[ei].points[0][1]) for ei in near])
            m = terrain.min_heights(v.x, v.y, v.height, tops[:, 0], tops[:, 1])
            for j, ei in enumerate(near):
                el_vis[ei] = bool(m[j] <= prepared[ei].points[0][2])
        for pi, pg in enumerate(pgeoms):
            d = float(vpt.distance(pg))
            if d > max_range:
                continue
            best, hub = best_of(sights, pi)
            visible = best.vis > 0
            vis_h = max(0.0, best.vis) if best.part >= 0 else 0.0
            k = best.part if best.part >= 0 else parts_by_project[pi][0]
            part = parts[k]
            az, elev, app = geometry_of_sight(v.x, v.y, v.height, part, vis_h)
            in_cone = True
            if v.az_min is not None and v.az_max is not None:
                in_cone = bool(cones.in_azimuth_range(np.array([az]), v.az_min, v.az_max)[0])
            if v.radius is not None and v.radius > 0 and d > v.radius:
                in_cone = False
            if v.v_min is not None and elev < v.v_min:
                in_cone = False
            if v.v_max is not None and elev - app > v.v_max:
                in_cone = False
            skyline_els: List[str] = []
            if visible:
                dpart = math.hypot(part.x - v.x, part.y - v.y)
                behind = terrain.horizon(v.x, v.y, eye, az, dpart + min(terrain.cx, terrain.cy), max_range)
                breaks = elev > behind
                if breaks:
                    for ei, ok in el_vis.items():
                        if not ok:
                            continue
                        ex, ey, _eh = prepared[ei].points[0]
                        de = math.hypot(ex - v.x, ey - v.y)
                        if de >= dpart or float(angle_diff(azimuth_of(v.x, v.y, ex, ey), az)) > params.skyline_angle:
                            continue
                        skyline_els.append(elements[ei].key)
                        er = row_index.get((pi, ei))
                        if er is not None:
                            er.skyline = True
                            er.skyline_with.append(v.name or v.key)
            band = rules.band_of(d)
            rows.append(Row(pi, "viewpoint", vi, v.key, v.name, "viewpoint", bool(visible), float(vis_h),
                            (max(0.0, hub) if projects[pi].hub_height is not None and hub > -math.inf else None),
                            d, band, rules.band_label(band), az, elev, app, in_cone, bool(skyline_els),
                            skyline_els, False, line=((v.x, v.y), (part.x, part.y))))
    timings["viewpoints_s"] = time.perf_counter() - t2
    timings["crossings"] = float(terrain.crossings)
    prog(32.0)

    # --- the projects' own ZTV: one engine group per part
    t3 = time.perf_counter()
    rshape = terrain.shape
    ztv_by_project: Dict[int, np.ndarray] = {pi: np.zeros(rshape, dtype=np.uint16) for pi in range(len(projects))}
    lock = threading.Lock()

    def on_part(g: int, res: engine.GroupResult) -> None:
        if res.mask is None:
            return
        pi = parts[g].project
        r0 = res.row0 - terrain.r0
        c0 = res.col0 - terrain.c0
        m = res.mask
        rr0, cc0 = max(0, r0), max(0, c0)
        rr1, cc1 = min(rshape[0], r0 + m.shape[0]), min(rshape[1], c0 + m.shape[1])
        if rr1 <= rr0 or cc1 <= cc0:
            return
        with lock:
            ztv_by_project[pi][rr0:rr1, cc0:cc1] += m[rr0 - r0:rr1 - r0, cc0 - c0:cc1 - c0]

    vps = [engine.Viewpoint(p.x, p.y, p.height, k, max_range) for k, p in enumerate(parts)]
    def preset(name: str) -> Dict[str, object]:
        return {"repair": False} if name == "gdal" else {"accuracy": name}

    acc = preset(params.accuracy)
    res = engine.run_ztv(dem_path, vps, len(parts), [3] * len(parts), eye_height=params.eye_height,
                         refraction=params.refraction, curvature=params.curvature, surface_path=surface_path,
                         workers=params.workers, on_group=on_part, by_kind=False, is_canceled=is_canceled,
                         progress=lambda p: prog(32.0 + 0.4 * p), **acc)
    sl = (slice(terrain.r0, terrain.r0 + rshape[0]), slice(terrain.c0, terrain.c0 + rshape[1]))
    ztv = np.array(res.count[sl], dtype=np.uint16)
    ztv[np.isnan(terrain.ground)] = ZTV_NODATA
    del res
    timings["ztv_s"] = time.perf_counter() - t3

    # --- co-visibility: elements within covis_radius of a project
    t4 = time.perf_counter()
    covis: List[CovisZone] = []
    near_pairs = {(pi, ei): d for (pi, ei), d in pairs.items() if d <= params.covis_radius and prepared[ei].points}
    el_list = sorted({ei for (_pi, ei) in near_pairs})
    cell_area = terrain.cx * terrain.cy
    bufmask = burn(bufzone, terrain.region_gt, rshape) if (bufzone is not None and el_list) else None
    covis_union: Dict[int, np.ndarray] = {}
    for pi in {pi for (pi, _ei) in near_pairs}:
        covis_union[pi] = np.zeros(rshape, dtype=bool)
    if el_list:
        groups = {ei: g for g, ei in enumerate(el_list)}
        evps = []
        for ei in el_list:
            x, y, h = prepared[ei].points[0]
            evps.append(engine.Viewpoint(x, y, h, groups[ei], params.covis_radius))

        def on_element(g: int, gres: engine.GroupResult) -> None:
            if gres.mask is None:
                return
            ei = el_list[g]
            ex, ey, _eh = prepared[ei].points[0]
            r0 = gres.row0 - terrain.r0
            c0 = gres.col0 - terrain.c0
            m = gres.mask
            rr0, cc0 = max(0, r0), max(0, c0)
            rr1, cc1 = min(rshape[0], r0 + m.shape[0]), min(rshape[1], c0 + m.shape[1])
            if rr1 <= rr0 or cc1 <= cc0:
                return
            em = m[rr0 - r0:rr1 - r0, cc0 - c0:cc1 - c0]
            for pi in range(len(projects)):
                if (pi, ei) not in near_pairs:
                    continue
                both = em & (ztv_by_project[pi][rr0:rr1, cc0:cc1] > 0)
                idx = np.flatnonzero(both)
                if idx.size == 0:
                    continue
                rr, cc = np.divmod(idx, both.shape[1])
                cxs = terrain.region_gt[0] + (cc0 + cc + 0.5) * terrain.cx
                cys = terrain.region_gt[3] - (rr0 + rr + 0.5) * terrain.cy
                az_e = np.degrees(np.arctan2(ex - cxs, ey - cys))
                diff = np.full(idx.size, 360.0)
                for k in parts_by_project[pi]:
                    az_p = np.degrees(np.arctan2(parts[k].x - cxs, parts[k].y - cys))
                    np.minimum(diff, angle_diff(az_e, az_p), out=diff)
                keep = diff <= params.tolerance
                if not keep.any():
                    continue
                cm = np.zeros(both.shape, dtype=bool)
                cm.ravel()[idx[keep]] = True
                wkb, _n = rasters.polygonize_mask(cm, terrain.region_gt, rr0, cc0, terrain.wkt)
                if wkb is None:
                    continue
                area = float(np.count_nonzero(cm)) * cell_area
                abuf = 0.0
                if bufmask is not None:
                    abuf = float(np.count_nonzero(cm & bufmask[rr0:rr1, cc0:cc1])) * cell_area
                with lock:
                    covis.append(CovisZone(pi, ei, wkb, area, abuf, len(parts_by_project[pi])))
                    covis_union[pi][rr0:rr1, cc0:cc1] |= cm

        engine.run_ztv(dem_path, evps, len(el_list), [prepared[ei].kind for ei in el_list],
                       eye_height=params.eye_height, refraction=params.refraction, curvature=params.curvature,
                       surface_path=surface_path, workers=params.workers, on_group=on_element, by_kind=False,
                       is_canceled=is_canceled, progress=lambda p: prog(72.0 + 0.25 * p),
                       **preset(params.covis_accuracy))
    covis.sort(key=lambda z: (z.project, z.element))
    by_pair = {(z.project, z.element): z for z in covis}
    timings["covisibility_s"] = time.perf_counter() - t4

    # --- grades
    for r in rows:
        if r.observer_type == "element":
            z = by_pair.get((r.project, r.observer))
            if z is not None:
                r.covis_ha = z.area_m2 / 1e4
                r.covis_buffer_ha = z.area_buffer_m2 / 1e4
        r.grade, r.reasons = rules_mod.grade(rules_mod.GradeInput(
            r.visible, r.visible_height, r.distance, r.inside, r.covis_ha,
            tuple(r.skyline_with) if r.observer_type == "element" else (),
            bool(r.in_cone), r.observer_type == "viewpoint"), rules)

    # --- summaries
    summaries: List[Summary] = []
    for pi, pg in enumerate(pgeoms):
        loc = LOC_OUTSIDE
        if perimeter is not None and pg.intersects(perimeter):
            loc = LOC_PROPERTY
        elif bufzone is not None and pg.intersects(bufzone):
            loc = LOC_BUFFER
        dists = [(float(pg.distance(g)), e.key) for g, e in zip(egeoms, elements) if g is not None]
        de, nearest = min(dists) if dists else (float("nan"), "")
        prow = [r for r in rows if r.project == pi]
        counts = {g: sum(1 for r in prow if r.grade == g) for g in rules_mod.GRADES}
        union = covis_union.get(pi)
        u_ha = float(np.count_nonzero(union)) * cell_area / 1e4 if union is not None else 0.0
        ub_ha = (float(np.count_nonzero(union & bufmask)) * cell_area / 1e4
                 if union is not None and bufmask is not None else 0.0)
        summaries.append(Summary(
            pi, loc, de, nearest, float(pg.distance(perimeter)) if perimeter is not None else float("nan"),
            len(parts_by_project[pi]), len(prow), sum(1 for r in prow if r.visible), counts,
            rules_mod.worst([r.grade for r in prow]),
            float(np.count_nonzero((ztv_by_project[pi] > 0) & (ztv != ZTV_NODATA))) * cell_area / 1e6,
            u_ha, ub_ha,
            [r.observer_id for r in prow if r.inside]))
    timings["total_s"] = time.perf_counter() - t0
    timings["cpu_s"] = time.process_time() - c0  # all threads of the process
    prog(100.0)
    return ImpactResult(rows, summaries, covis, ztv, ztv_by_project, terrain.region_gt, terrain.wkt, parts,
                        prepared, warnings, timings)
