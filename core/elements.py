"""Inscribed elements -> viewpoints (pure Python: shapely + GDAL, no QGIS).

An element becomes one or more viewpoints at its top:

* a point: one viewpoint, ``height`` metres above the ground there;
* a polygon: its highest ground cell (a spoil tip's summit) plus points along
  its outline every ``spacing`` metres;
* a line: points along it every ``spacing`` metres plus its highest ground cell.

The element counts as visible from a cell when any of its viewpoints is.
Heights are metres above the ground model; in absolute mode they are
elevations (the height above ground is then ``z - ground``).
"""

import math
import unicodedata
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, ogr
from shapely import wkb as shapely_wkb
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

gdal.UseExceptions()

KIND_HEADFRAME, KIND_SPOIL_TIP, KIND_CITE, KIND_OTHER = 0, 1, 2, 3
KIND_LABELS = ("chevalements", "terrils", "cités", "autres")

# Default height above ground (m) when the height field is NULL, by element type.
# Spoil tips, embankments and landforms are already in the terrain model: their
# viewpoints are a person standing on them (1.6 m, the reciprocal of the eye height).
# A viewpoint at exactly ground level on a slope sees along grazing lines that a grid
# cannot resolve (GDAL agrees with the exact line of sight on only 60-90 % of the
# cells there), and nobody looks from, or at, a point of zero height.
DEFAULT_HEIGHTS = {
    "chevalement": 40.0,
    "terril": 1.6,
    "cavalier": 1.6,
    "fosse": 15.0,
    "cite": 8.0,
    "eglise": 25.0,
    "religieux": 25.0,
    "ecole": 10.0,
    "scolaire": 10.0,
    "espace neonaturel": 1.6,
}
FALLBACK_HEIGHT = 10.0
MAX_HEIGHT = 350.0  # above this a height is an error (a typo, or elevations given as heights)


def normalise_type(value: Optional[str]) -> str:
    """Lower case, no accents, singular: "Chevalements" -> "chevalement", "Cité" -> "cite"."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")
    text = text.strip().lower().replace("_", " ").replace("-", " ")
    words = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in text.split()]
    return " ".join(words)


def kind_of(type_value: Optional[str]) -> int:
    """The accumulation kind of an element type (0 headframe, 1 spoil tip, 2 cité, 3 other)."""
    t = normalise_type(type_value)
    if "chevalement" in t:
        return KIND_HEADFRAME
    if "terril" in t:
        return KIND_SPOIL_TIP
    if t.startswith("cite") or " cite" in t or "coron" in t:
        return KIND_CITE
    return KIND_OTHER


def default_height(type_value: Optional[str]) -> float:
    t = normalise_type(type_value)
    for key, h in DEFAULT_HEIGHTS.items():
        if key in t:
            return h
    if kind_of(type_value) == KIND_CITE:
        return DEFAULT_HEIGHTS["cite"]
    return FALLBACK_HEIGHT


@dataclass
class Element:
    """One inscribed element as plain data (geometry as WKB in the DEM's CRS)."""

    key: str
    name: str
    type: str
    wkb: bytes
    height: Optional[float] = None       # as read; None = NULL
    radius: Optional[float] = None       # per-element override
    source_index: int = 0


@dataclass
class PreparedElement:
    key: str
    name: str
    type: str
    kind: int
    height: float
    height_source: str                    # "field", "default", "absolute"
    radius: float
    points: List[Tuple[float, float, float]] = field(default_factory=list)  # x, y, height above ground
    problem: str = ""                     # why it has no viewpoint (skipped)


class GroundSampler:
    """Reads ground elevations from the DEM (windowed reads only)."""

    def __init__(self, dem_path: str) -> None:
        self.ds = gdal.Open(dem_path)
        if self.ds is None:
            raise ValueError("Cannot open the DEM {}".format(dem_path))
        self.band = self.ds.GetRasterBand(1)
        self.nodata = self.band.GetNoDataValue()
        self.gt = self.ds.GetGeoTransform()
        self.ncols, self.nrows = self.ds.RasterXSize, self.ds.RasterYSize
        self.cx, self.cy = self.gt[1], -self.gt[5]

    def cell(self, x: float, y: float) -> Tuple[int, int]:
        return int(math.floor((self.gt[3] - y) / self.cy)), int(math.floor((x - self.gt[0]) / self.cx))

    def centre(self, row: int, col: int) -> Tuple[float, float]:
        return self.gt[0] + (col + 0.5) * self.cx, self.gt[3] - (row + 0.5) * self.cy

    def inside(self, row: int, col: int) -> bool:
        return 0 <= row < self.nrows and 0 <= col < self.ncols

    def window(self, r0: int, c0: int, nr: int, nc: int) -> np.ndarray:
        a = self.band.ReadAsArray(c0, r0, nc, nr).astype(np.float64)
        if self.nodata is not None:
            a[a == self.nodata] = np.nan
        return a

    def value(self, x: float, y: float) -> float:
        r, c = self.cell(x, y)
        if not self.inside(r, c):
            return float("nan")
        return float(self.window(r, c, 1, 1)[0, 0])

    def highest_cell(self, geom: BaseGeometry) -> Optional[Tuple[float, float, float]]:
        """Centre (x, y) and elevation of the highest valid cell covered by ``geom``."""
        minx, miny, maxx, maxy = geom.bounds
        r0, c0 = self.cell(minx, maxy)
        r1, c1 = self.cell(maxx, miny)
        r0, c0 = max(r0, 0), max(c0, 0)
        r1, c1 = min(r1, self.nrows - 1), min(c1, self.ncols - 1)
        if r1 < r0 or c1 < c0:
            return None
        z = self.window(r0, c0, r1 - r0 + 1, c1 - c0 + 1)
        mask = _rasterize(geom, self.gt[0] + c0 * self.cx, self.gt[3] - r0 * self.cy,
                          self.cx, self.cy, z.shape)
        z = np.where(mask, z, np.nan)
        if np.all(np.isnan(z)):
            return None
        i = int(np.nanargmax(z))
        r, c = divmod(i, z.shape[1])
        x, y = self.centre(r0 + r, c0 + c)
        return x, y, float(z[r, c])


def _rasterize(geom: BaseGeometry, x0: float, y0: float, cx: float, cy: float,
               shape: Tuple[int, int]) -> np.ndarray:
    """Cells of a window touched by ``geom`` (all-touched, so thin shapes keep a cell)."""
    drv = gdal.GetDriverByName("MEM")
    ds = drv.Create("", shape[1], shape[0], 1, gdal.GDT_Byte)
    ds.SetGeoTransform((x0, cx, 0.0, y0, 0.0, -cy))
    ogr_ds = ogr.GetDriverByName("Memory").CreateDataSource("")
    lyr = ogr_ds.CreateLayer("g")
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetGeometry(ogr.CreateGeometryFromWkb(geom.wkb))
    lyr.CreateFeature(feat)
    gdal.PushErrorHandler("CPLQuietErrorHandler")  # the memory layer has no SRS: same CRS by design
    try:
        gdal.RasterizeLayer(ds, [1], lyr, burn_values=[1], options=["ALL_TOUCHED=TRUE"])
    finally:
        gdal.PopErrorHandler()
    out = ds.GetRasterBand(1).ReadAsArray().astype(bool)
    del lyr, ogr_ds, ds
    return out


def _outline_points(geom: BaseGeometry, spacing: float) -> List[Tuple[float, float]]:
    """Points every ``spacing`` metres along the outline(s) of a polygon or along a line."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        parts = [geom] if geom.geom_type == "Polygon" else list(geom.geoms)
        lines: List[LineString] = []
        for p in parts:
            lines.append(LineString(p.exterior.coords))
    elif geom.geom_type in ("LineString", "MultiLineString"):
        lines = [geom] if geom.geom_type == "LineString" else list(geom.geoms)
    elif geom.geom_type == "GeometryCollection":
        pts: List[Tuple[float, float]] = []
        for g in geom.geoms:
            pts.extend(_outline_points(g, spacing))
        return pts
    else:
        return []
    pts = []
    for line in lines:
        length = line.length
        n = max(1, int(math.ceil(length / spacing)))
        closed = line.is_ring
        count = n if closed else n + 1
        for i in range(count):
            p = line.interpolate(min(length, i * length / n))
            pts.append((p.x, p.y))
    return pts


def prepare(elements: Sequence[Element], ground: GroundSampler, radius: float, spacing: float = 100.0,
            absolute: bool = False, max_height: float = MAX_HEIGHT) -> Tuple[List[PreparedElement], List[str]]:
    """Turn elements into viewpoints. Returns (prepared, warnings).

    Raises ValueError naming the element when a height is absurd (> ``max_height``).
    Elements with an empty geometry, outside the DEM or on NoData get a ``problem``
    and no points; they are listed in the warnings, the others go on.
    """
    if spacing <= 0:
        raise ValueError("The outline spacing must be > 0 m (got {}).".format(spacing))
    out: List[PreparedElement] = []
    warnings: List[str] = []
    defaults_used: Dict[str, int] = {}
    for el in elements:
        label = "{} ({})".format(el.name or el.key, el.key)
        h = el.height
        source = "absolute" if absolute else "field"
        if h is not None and (isinstance(h, float) and math.isnan(h)):
            h = None
        if h is not None and not absolute and h < 0:
            warnings.append("Element {}: negative height {} m replaced by the default for its type.".format(label, h))
            h = None
        if h is not None and not absolute and h > max_height:
            raise ValueError(
                "Element {}: height {} m is above {} m. Check the height field (are these "
                "elevations? then tick 'heights are absolute elevations').".format(label, h, max_height))
        if h is None:
            h = default_height(el.type)
            source = "default"
            defaults_used[el.type or "?"] = defaults_used.get(el.type or "?", 0) + 1
        r = el.radius if el.radius is not None and el.radius > 0 else radius
        pe = PreparedElement(el.key, el.name, el.type, kind_of(el.type), float(h), source, float(r))
        try:
            geom = shapely_wkb.loads(bytes(el.wkb)) if el.wkb else None
        except Exception:
            geom = None
        if geom is None or geom.is_empty:
            pe.problem = "empty or unreadable geometry"
        else:
            if not geom.is_valid:
                geom = geom.buffer(0) if geom.geom_type in ("Polygon", "MultiPolygon") else geom
            candidates: List[Tuple[float, float]] = []
            if geom.geom_type in ("Point", "MultiPoint"):
                pts = [geom] if geom.geom_type == "Point" else list(geom.geoms)
                candidates = [(p.x, p.y) for p in pts]
            else:
                top = ground.highest_cell(geom)
                if top is not None:
                    candidates.append((top[0], top[1]))
                candidates.extend(_outline_points(geom, spacing))
            seen = set()
            for x, y in candidates:
                rc = ground.cell(x, y)
                if rc in seen or not ground.inside(*rc):
                    continue
                z = float(ground.window(rc[0], rc[1], 1, 1)[0, 0])
                if math.isnan(z):
                    continue
                seen.add(rc)
                above = (h - z) if absolute else h
                if absolute and above < 0:
                    above = 0.0
                pe.points.append((x, y, float(above)))
            if not pe.points:
                pe.problem = "outside the DEM or on NoData"
        if pe.problem:
            warnings.append("Element {} skipped: {}.".format(label, pe.problem))
        out.append(pe)
    for t, n in sorted(defaults_used.items()):
        warnings.append("{} element(s) of type '{}' without height: default {} m used.".format(n, t, default_height(t)))
    return out, warnings


