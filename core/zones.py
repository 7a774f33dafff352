"""Influence zones: an element's visibility zone cut into distance bands and intersected
with the property perimeter, the buffer zone and the communes (pure Python: shapely).

Distances are measured from the element's geometry: from the point for a point
element, from the line, and from the outline of a polygon element (cells inside the
polygon are at distance 0, in the first band). A band ``[d0, d1)`` is the ring
``element.buffer(d1) - element.buffer(d0)``.

Each band's visible part is split into three zones, in this order of precedence:
inside the property perimeter (``bien``), else inside the buffer zone
(``zone_tampon``), else outside (``hors_zone``); then by commune (first commune
wins where communes overlap; ``""`` outside every commune). Pieces are cleaned:
invalid geometries repaired (``make_valid``), non-polygonal leftovers of the
intersections (lines, points) removed, and polygon parts smaller than ``min_area``
dropped (their area is reported, never silently lost).

The share of a band that is visible is the visible area of the band divided by the
band's area within the analysed area (the discs of the analysis radius around the
element's viewpoints, cut to the terrain model's extent).
"""

import math
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Union

from shapely import wkb as shapely_wkb
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union
from shapely.prepared import prep
from shapely.validation import make_valid

DEFAULT_BANDS = (0.0, 500.0, 2000.0, 5000.0, 10000.0)
DEFAULT_BAND_NAMES = ("proche", "intermédiaire", "éloigné", "lointain")
ZONE_BIEN, ZONE_TAMPON, ZONE_HORS = "bien", "zone_tampon", "hors_zone"
ZONES = (ZONE_BIEN, ZONE_TAMPON, ZONE_HORS)
QUAD_SEGS = 32  # segments per quarter circle of the band rings


class BandsError(ValueError):
    """Bad band limits; ``reason`` is "too_few", "not_number", "negative" or "not_increasing"."""

    def __init__(self, reason: str, message: str, value: str = "", previous: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.value = value
        self.previous = previous


def parse_bands(text: str) -> List[float]:
    """Band limits from "0,500,2000,5000,10000" (metres). Raises BandsError with the reason."""
    parts = [p.strip() for p in str(text or "").replace(";", ",").split(",") if p.strip()]
    if len(parts) < 2:
        raise BandsError("too_few", "give at least two distances (the limits of one band), e.g. 0,500,2000,5000,10000")
    values: List[float] = []
    for p in parts:
        try:
            v = float(p)
        except ValueError:
            raise BandsError("not_number", "{!r} is not a distance in metres".format(p), p)
        if not math.isfinite(v) or v < 0:
            raise BandsError("negative", "{!r} is not a distance >= 0 m".format(p), p)
        values.append(v)
    for a, b in zip(values, values[1:]):
        if not b > a:
            raise BandsError("not_increasing", "the distances must increase ({:g} then {:g})".format(a, b),
                             "{:g}".format(b), "{:g}".format(a))
    return values


def band_names(bands: Sequence[float]) -> List[str]:
    """French names of the bands: the four default names for four bands, else "a–b m"."""
    n = len(bands) - 1
    if n == len(DEFAULT_BAND_NAMES):
        return list(DEFAULT_BAND_NAMES)
    return ["{:g}–{:g} m".format(a, b) for a, b in zip(bands, bands[1:])]


def band_label(bands: Sequence[float], i: int) -> str:
    """Legend label: "Proche (0–500 m)", "Intermédiaire (500 m–2 km)", "Éloigné (2–5 km)"."""
    a, b = bands[i], bands[i + 1]

    def km(d: float) -> str:
        return "{:g}".format(d / 1000.0).replace(".", ",")

    if b < 1000:
        rng = "{:g}–{:g} m".format(a, b)
    elif a >= 1000 or a == 0:
        rng = "{}–{} km".format(km(a), km(b))
    else:
        rng = "{:g} m–{} km".format(a, km(b))
    name = band_names(bands)[i]
    return rng if name.endswith(" m") else "{} ({})".format(name.capitalize(), rng)


def polygons_of(g: Optional[BaseGeometry]) -> List[Polygon]:
    """The polygons inside any geometry (collections flattened, lines and points dropped)."""
    if g is None or g.is_empty:
        return []
    if isinstance(g, Polygon):
        return [g]
    if isinstance(g, MultiPolygon):
        return list(g.geoms)
    if hasattr(g, "geoms"):
        out: List[Polygon] = []
        for part in g.geoms:
            out.extend(polygons_of(part))
        return out
    return []


def clean(g: Optional[BaseGeometry]) -> BaseGeometry:
    """A valid polygonal geometry (possibly empty) from any input ``g`` (repaired when invalid)."""
    if g is None or g.is_empty:
        return MultiPolygon()
    if not g.is_valid:
        g = make_valid(g)
        if not g.is_valid:
            g = g.buffer(0)
    return _polygonal(g)


def _polygonal(g: Optional[BaseGeometry]) -> BaseGeometry:
    """The polygonal part of a *valid* geometry (the result of a GEOS overlay): lines and
    points left by an intersection along an edge are dropped; no validity check (costly)."""
    if g is None or g.is_empty:
        return MultiPolygon()
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    polys = polygons_of(g)
    if not polys:
        return MultiPolygon()
    if len(polys) == 1:
        return polys[0]
    return unary_union(polys)  # members of a collection may touch along an edge: merge


def drop_slivers(g: BaseGeometry, min_area: float) -> Tuple[Optional[MultiPolygon], float]:
    """(the parts of a valid polygonal ``g`` of at least ``min_area`` m² as a MultiPolygon
    or None, area dropped). Parts of a valid (multi)polygon stay valid together."""
    polys = polygons_of(_polygonal(g))
    keep = [p for p in polys if p.area >= min_area and p.area > 0]
    dropped = sum(p.area for p in polys if not (p.area >= min_area and p.area > 0))
    if not keep:
        return None, dropped
    if g.geom_type == "MultiPolygon" and len(keep) == len(polys):
        return g, dropped
    return MultiPolygon(keep), dropped


def load(wkb: Optional[bytes]) -> BaseGeometry:
    """A clean polygonal geometry from WKB (empty when None)."""
    if not wkb:
        return MultiPolygon()
    return clean(shapely_wkb.loads(bytes(wkb)))


def geometry(wkb: Optional[bytes]) -> Optional[BaseGeometry]:
    """Any geometry from WKB (None when empty or unreadable); polygons made valid."""
    if not wkb:
        return None
    try:
        g = shapely_wkb.loads(bytes(wkb))
    except Exception:
        return None
    if g.is_empty:
        return None
    if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_valid:
        g = clean(g)
    return g


def union_of(wkbs: Iterable[bytes]) -> BaseGeometry:
    """The clean union of polygon WKBs (a perimeter or a buffer zone in several features)."""
    geoms = [load(w) for w in wkbs if w]
    geoms = [g for g in geoms if not g.is_empty]
    return clean(unary_union(geoms)) if geoms else MultiPolygon()


def disjoint_communes(communes: Sequence[Tuple[str, bytes]]) -> Tuple[List[Tuple[str, BaseGeometry]], float]:
    """Communes as clean geometries made disjoint (the first one keeps an overlap).

    Returns (communes, overlapping area in m² that was given to the first commune).
    Neighbours that only share a border are left alone (bounding boxes first).
    """
    out: List[Tuple[str, BaseGeometry]] = []
    bounds: List[Tuple[float, float, float, float]] = []
    overlap = 0.0
    for name, w in communes:
        g = load(w)
        if g.is_empty:
            continue
        x0, y0, x1, y1 = g.bounds
        for (_, other), (a0, b0, a1, b1) in zip(out, bounds):
            if a0 >= x1 or a1 <= x0 or b0 >= y1 or b1 <= y0 or not g.intersects(other):
                continue
            inter = _polygonal(g.intersection(other))
            if inter.area > 0:
                overlap += inter.area
                g = _polygonal(g.difference(other))
                if g.is_empty:
                    break
        if not g.is_empty:
            out.append((name, g))
            bounds.append(g.bounds)
    return out, overlap


@dataclass
class Piece:
    """One polygon of the output: the visible part of an element in a band, a zone and a commune."""

    band: int
    zone: str
    commune: str
    geometry: MultiPolygon
    area_m2: float


@dataclass
class BandStats:
    band: int
    band_area_m2: float          # ring within the analysed area
    visible_m2: float            # visible area in the band (before sliver removal)
    zone_m2: Dict[str, float] = field(default_factory=dict)   # kept area per zone
    slivers_m2: float = 0.0      # dropped parts below the minimum area
    communes: List[str] = field(default_factory=list)

    @property
    def visible_share(self) -> float:
        return min(1.0, self.visible_m2 / self.band_area_m2) if self.band_area_m2 > 0 else 0.0


@dataclass
class ElementZones:
    pieces: List[Piece]
    bands: List[BandStats]
    visible_m2: float            # whole visible zone (cells), before cutting
    beyond_m2: float             # visible area beyond the last band (not in any band)


def analysed_area(points: Sequence[Tuple[float, float]], radius: float,
                  extent: Tuple[float, float, float, float]) -> BaseGeometry:
    """The discs of ``radius`` around the viewpoints, cut to ``extent`` (xmin, ymin, xmax, ymax)."""
    discs = [Point(x, y).buffer(radius, QUAD_SEGS) for x, y in points]
    if not discs:
        return MultiPolygon()
    return _polygonal(unary_union(discs).intersection(box(*extent)))


class ZoneLayer:
    """Named polygons prepared once for many cuts (bounding boxes, prepared geometries).

    :meth:`of_geometry` splits one (multi)polygon into its parts, so that a cut only
    meets the few parts near it (a property of 109 components, a buffer zone in 15).
    """

    def __init__(self, items: Sequence[Tuple[str, BaseGeometry]]) -> None:
        self.items = [(name, g, prep(g), g.bounds) for name, g in items if g is not None and not g.is_empty]

    @classmethod
    def of_geometry(cls, g: BaseGeometry) -> "ZoneLayer":
        return cls([("", p) for p in polygons_of(g)])

    def near(self, g: BaseGeometry) -> List[Tuple[str, BaseGeometry]]:
        """Items that intersect ``g`` (bounding boxes, then prepared predicates)."""
        if g.is_empty:
            return []
        x0, y0, x1, y1 = g.bounds
        return [(name, pg) for name, pg, pp, (a0, b0, a1, b1) in self.items
                if not (a0 >= x1 or a1 <= x0 or b0 >= y1 or b1 <= y0) and pp.intersects(g)]


def _split(g: BaseGeometry, layer: ZoneLayer) -> Tuple[BaseGeometry, BaseGeometry]:
    """(g ∩ layer, g − layer), both polygonal; only the parts of ``layer`` near ``g`` are used."""
    parts = [p for _, p in layer.near(g)]
    if not parts:
        return MultiPolygon(), g
    local = parts[0] if len(parts) == 1 else MultiPolygon(polygons_of(MultiPolygon(
        [q for p in parts for q in polygons_of(p)])))
    return _polygonal(g.intersection(local)), _polygonal(g.difference(local))


def cut_zone(visible: BaseGeometry, element: BaseGeometry, bands: Sequence[float],
             analysed: BaseGeometry, perimeter: Union[BaseGeometry, ZoneLayer],
             buffer_zone: Union[BaseGeometry, ZoneLayer],
             communes: Union[Sequence[Tuple[str, BaseGeometry]], ZoneLayer] = (),
             min_area: float = 0.0) -> ElementZones:
    """Cut an element's visible zone (cells, polygonal) into bands × zones × communes.

    ``element`` is the element's geometry (distances are measured from it),
    ``analysed`` the area where visibility was computed (for the band shares),
    ``communes`` disjoint (name, geometry) pairs (see :func:`disjoint_communes`).
    Every geometry is in the same projected CRS in metres. Give the perimeter, the
    buffer zone and the communes as :class:`ZoneLayer` when cutting many elements.
    """
    if not isinstance(perimeter, ZoneLayer):
        perimeter = ZoneLayer.of_geometry(perimeter)
    if not isinstance(buffer_zone, ZoneLayer):
        buffer_zone = ZoneLayer.of_geometry(buffer_zone)
    if not isinstance(communes, ZoneLayer):
        communes = ZoneLayer(communes)
    visible = clean(visible)
    total = visible.area
    pieces: List[Piece] = []
    stats: List[BandStats] = []
    in_bands = 0.0
    for i, (d0, d1) in enumerate(zip(bands, bands[1:])):
        outer = element.buffer(d1, QUAD_SEGS) if d1 > 0 else MultiPolygon()
        if d0 > 0:
            inner = element.buffer(d0, QUAD_SEGS)
            ring = _polygonal(outer.difference(inner))
        else:
            ring = _polygonal(outer)  # a polygon element's inside is at distance 0: in the first band
        st = BandStats(i, _polygonal(ring.intersection(analysed)).area if not analysed.is_empty else 0.0, 0.0,
                       {z: 0.0 for z in ZONES})
        vis_band = _polygonal(visible.intersection(ring)) if visible.intersects(ring) else MultiPolygon()
        st.visible_m2 = vis_band.area
        in_bands += st.visible_m2
        bien, rest = _split(vis_band, perimeter)
        tampon, hors = _split(rest, buffer_zone)
        communes_seen = []
        for zone, g in ((ZONE_BIEN, bien), (ZONE_TAMPON, tampon), (ZONE_HORS, hors)):
            if g.is_empty:
                continue
            rest_c = g
            parts: List[Tuple[str, BaseGeometry]] = []
            for name, cg in communes.near(g):
                if rest_c.is_empty:
                    break
                if not rest_c.intersects(cg):
                    continue
                inside, rest_c = _polygonal(rest_c.intersection(cg)), _polygonal(rest_c.difference(cg))
                if not inside.is_empty:
                    parts.append((name, inside))
            if not rest_c.is_empty:
                parts.append(("", rest_c))
            for name, pg in parts:
                multi, dropped = drop_slivers(pg, min_area)
                st.slivers_m2 += dropped
                if multi is None:
                    continue
                area = multi.area
                st.zone_m2[zone] += area
                if name and name not in communes_seen:
                    communes_seen.append(name)
                pieces.append(Piece(i, zone, name, multi, area))
        st.communes = communes_seen
        stats.append(st)
    return ElementZones(pieces, stats, total, max(0.0, total - in_bands))


@dataclass
class CommuneRow:
    commune: str
    element: int
    visible_m2: float = 0.0
    zone_m2: Dict[str, float] = field(default_factory=dict)
    band_m2: Dict[int, float] = field(default_factory=dict)

    @property
    def nearest_band(self) -> int:
        return min(self.band_m2) if self.band_m2 else -1


def per_commune(results: Dict[int, ElementZones]) -> List[CommuneRow]:
    """Rows commune × element from the kept pieces (communes sorted by name, '' last)."""
    rows: Dict[Tuple[str, int], CommuneRow] = {}
    for g, ez in results.items():
        for p in ez.pieces:
            if not p.commune:
                continue
            r = rows.get((p.commune, g))
            if r is None:
                r = rows[(p.commune, g)] = CommuneRow(p.commune, g, 0.0, {z: 0.0 for z in ZONES}, {})
            r.visible_m2 += p.area_m2
            r.zone_m2[p.zone] += p.area_m2
            r.band_m2[p.band] = r.band_m2.get(p.band, 0.0) + p.area_m2
    return [rows[k] for k in sorted(rows, key=lambda k: (k[0].lower(), k[1]))]
