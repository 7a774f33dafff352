"""Synthetic "mining landscape" sample data for Vigie.

Generates, deterministically from a seed, a small landscape of the kind of the
Bassin minier du Nord-Pas de Calais in Lambert-93 (EPSG:2154):

* ``dem.tif``        float32 GeoTIFF (5 m, or 25 m with ``small=True``), NoData -9999,
                     with a rolling plain, a river valley, a canal, spoil tips
                     (terrils, conical and flat-topped) and embankments (cavaliers);
* ``landscape.gpkg`` layers ``elements``, ``perimeter``, ``buffer_zone``, ``cites``,
                     ``buildings``, ``projects``, ``viewpoints``, ``hydro``;
* ``photos/``        six JPEG photos drawn with PIL, with EXIF date, GPS position
                     and direction;
* ``manifest.json``  the files with their sha256, and the photos' metadata.

Same seed -> same bytes for every file. Pure Python + numpy + GDAL/OGR + shapely + PIL
(no QGIS). The layout (sites, names) is fixed; the seed drives the relief noise,
the heights and the jitter of buildings. See docs/sample-data.md.
"""

import hashlib
import json
import math
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, ogr, osr
from shapely import affinity
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
from shapely.ops import unary_union

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

EPSG = 2154
EXTENT = (680000.0, 7030000.0, 700000.0, 7042000.0)  # xmin, ymin, xmax, ymax
RES_FULL = 5.0
RES_SMALL = 25.0
NODATA = -9999.0
FIXED_DATE = "2026-01-01T00:00:00.000Z"
DEM_NAME = "dem.tif"
GPKG_NAME = "landscape.gpkg"
PHOTOS_DIR = "photos"
MANIFEST_NAME = "manifest.json"

CANAL_Y = 7040600.0
CANAL_LEVEL = 27.5
NODATA_CORNER = 400.0  # NoData triangle (legs in metres) in the south-east corner

# Layer schemas: name -> (geometry, [(field, type)]); types: str, float, int.
LAYERS = {
    "elements": ("Geometry", [("id", "str"), ("name", "str"), ("type", "str"),
                              ("height_m", "float"), ("component", "str")]),
    "perimeter": ("MultiPolygon", [("name", "str")]),
    "buffer_zone": ("MultiPolygon", [("name", "str")]),
    "cites": ("MultiPolygon", [("name", "str"), ("commune", "str"), ("insee", "str"),
                               ("type", "str"), ("bailleur", "str")]),
    "buildings": ("Polygon", [("height_m", "float"), ("floors", "int"),
                              ("usage", "str")]),
    "projects": ("Geometry", [("id", "str"), ("name", "str"), ("kind", "str"),
                              ("height_m", "float"), ("hub_height_m", "float")]),
    "viewpoints": ("Point", [("id", "str"), ("name", "str"), ("height_m", "float"),
                             ("azimuth_min", "float"), ("azimuth_max", "float"),
                             ("radius_m", "float")]),
    "hydro": ("LineString", [("name", "str"), ("kind", "str"),
                             ("water_level_m", "float")]),
}

ELEMENT_TYPES = ("chevalement", "terril", "fosse", "cite", "eglise", "ecole", "cavalier")
CITE_TYPES = ("coron", "cite_pavillonnaire", "cite_jardin", "cite_moderne", "mixte")
BAILLEURS = ("Maisons & Cités", "SIA Habitat", "autre", "privés")
PROJECT_KINDS = ("eolienne", "entrepot", "logements")


# --------------------------------------------------------------------------------------
# Scene (vector definitions, independent of the DEM resolution)
# --------------------------------------------------------------------------------------

def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([int(seed), int(stream)])


def _r1(v: float) -> float:
    return float(round(float(v), 1))


def river_y(x: np.ndarray) -> np.ndarray:
    """Centre line of the river (La Souchez), y as a function of x (Lambert-93)."""
    t = (np.asarray(x, dtype=np.float64) - EXTENT[0])
    return 7032800.0 + 600.0 * np.sin(2 * np.pi * t / 7000.0) \
        + 250.0 * np.sin(2 * np.pi * t / 2300.0 + 1.0)


def river_dy(x: np.ndarray) -> np.ndarray:
    t = (np.asarray(x, dtype=np.float64) - EXTENT[0])
    return 600.0 * 2 * np.pi / 7000.0 * np.cos(2 * np.pi * t / 7000.0) \
        + 250.0 * 2 * np.pi / 2300.0 * np.cos(2 * np.pi * t / 2300.0 + 1.0)


def river_level(x: np.ndarray) -> np.ndarray:
    """Water level of the river, falling from 21 m (west) to 16 m (east)."""
    return 21.0 - 5.0 * (np.asarray(x, dtype=np.float64) - EXTENT[0]) / (EXTENT[2] - EXTENT[0])


class Cone:
    """A conical spoil tip: height h above the plain, base radius r0 modulated by angle."""

    def __init__(self, x: float, y: float, h: float, r0: float, phase: float) -> None:
        self.x, self.y, self.h, self.r0, self.phase = x, y, h, r0, phase

    def radius(self, theta: np.ndarray) -> np.ndarray:
        return self.r0 * (1.0 + 0.06 * np.sin(3 * theta + self.phase)
                          + 0.035 * np.sin(5 * theta + 2.0 * self.phase))

    def footprint(self) -> Polygon:
        th = np.linspace(0.0, 2 * np.pi, 96, endpoint=False)
        r = self.radius(th)
        return Polygon(list(zip(np.round(self.x + r * np.cos(th), 2),
                                np.round(self.y + r * np.sin(th), 2))))

    def bbox(self) -> Tuple[float, float, float, float]:
        r = self.r0 * 1.1
        return (self.x - r, self.y - r, self.x + r, self.y + r)

    def height(self, xx: np.ndarray, yy: np.ndarray) -> np.ndarray:
        dx, dy = xx - self.x, yy - self.y
        q = np.hypot(dx, dy) / self.radius(np.arctan2(dy, dx))
        q0 = 0.08  # rounded summit
        f = np.where(q < q0, 1.0 - q0 / 2.0 - q * q / (2.0 * q0), 1.0 - q)
        f = np.clip(f, 0.0, None) ** 1.15
        return self.h * f / (1.0 - q0 / 2.0) ** 1.15


class Plateau:
    """A flat-topped spoil tip: rounded rectangle, height h, side slope ~32 degrees."""

    def __init__(self, x: float, y: float, a: float, b: float, c: float,
                 angle_deg: float, h: float) -> None:
        self.x, self.y, self.a, self.b, self.c = x, y, a, b, c
        self.angle = math.radians(angle_deg)
        self.h = h
        self.w = h / math.tan(math.radians(32.0))  # horizontal width of the side slope

    def footprint(self) -> Polygon:
        core = box(-(self.a - self.c), -(self.b - self.c), self.a - self.c, self.b - self.c)
        poly = core.buffer(self.c, resolution=8)
        poly = affinity.rotate(poly, self.angle, origin=(0, 0), use_radians=True)
        poly = affinity.translate(poly, self.x, self.y)
        return Polygon([(round(x, 2), round(y, 2)) for x, y in poly.exterior.coords])

    def bbox(self) -> Tuple[float, float, float, float]:
        r = math.hypot(self.a, self.b) + 10.0
        return (self.x - r, self.y - r, self.x + r, self.y + r)

    def height(self, xx: np.ndarray, yy: np.ndarray) -> np.ndarray:
        dx, dy = xx - self.x, yy - self.y
        ca, sa = math.cos(self.angle), math.sin(self.angle)
        u = dx * ca + dy * sa
        v = -dx * sa + dy * ca
        qx = np.abs(u) - (self.a - self.c)
        qy = np.abs(v) - (self.b - self.c)
        sd = np.hypot(np.maximum(qx, 0), np.maximum(qy, 0)) \
            + np.minimum(np.maximum(qx, qy), 0) - self.c
        return self.h * np.clip(-sd / self.w, 0.0, 1.0)


class Embankment:
    """A cavalier: 5 m high embankment, 8 m wide on top, slopes 2:3."""

    def __init__(self, line: LineString, h: float = 5.0) -> None:
        self.line, self.h = line, h
        self.half_top = 4.0
        self.skirt = 1.5 * h

    def bbox(self) -> Tuple[float, float, float, float]:
        x0, y0, x1, y1 = self.line.bounds
        m = self.half_top + self.skirt + 5
        return (x0 - m, y0 - m, x1 + m, y1 + m)

    def height(self, xx: np.ndarray, yy: np.ndarray) -> np.ndarray:
        coords = list(self.line.coords)
        d = np.full(xx.shape, np.inf)
        for (x0, y0), (x1, y1) in zip(coords[:-1], coords[1:]):
            vx, vy = x1 - x0, y1 - y0
            t = np.clip(((xx - x0) * vx + (yy - y0) * vy) / (vx * vx + vy * vy), 0.0, 1.0)
            d = np.minimum(d, np.hypot(xx - (x0 + t * vx), yy - (y0 + t * vy)))
        return self.h * np.clip(1.0 - (d - self.half_top) / self.skirt, 0.0, 1.0)


# Sites: one pit (fosse) each, its headframe (chevalement) if still standing, its spoil tips.
# (key, pit name, commune, x, y, headframe height or None, component)
_SITES = [
    ("11/19", "Loos-en-Gohelle", 684200.0, 7037400.0, 60.0, "C012"),
    ("9", "Grenay", 688000.0, 7038600.0, 45.0, "C021"),
    ("12", "Lens", 691500.0, 7036200.0, 38.0, "C034"),
    ("2", "Bully-les-Mines", 681800.0, 7039300.0, 32.0, "C047"),
    ("3", "Liévin", 686500.0, 7034900.0, None, "C053"),
    ("6", "Hénin-Beaumont", 696000.0, 7036800.0, 52.0, "C068"),
    ("5", "Méricourt", 694000.0, 7039300.0, 35.0, "C072"),
]

# Cités: (name, commune, insee, type, bailleur, [parts (cx, cy, w, h, angle)], site key)
_CITES = [
    ("Cité de la Fosse 11", "Loos-en-Gohelle", "62528", "coron", "Maisons & Cités",
     [(684750.0, 7037950.0, 420.0, 240.0, 12.0)], "11/19"),
    ("Cité des Provinces", "Lens", "62498", "cite_moderne", "SIA Habitat",
     [(685750.0, 7037250.0, 360.0, 260.0, -8.0)], "11/19"),
    ("Cité de la Fosse 9", "Grenay", "62386", "cite_pavillonnaire", "Maisons & Cités",
     [(688700.0, 7038000.0, 440.0, 300.0, 20.0)], "9"),
    ("Cité-jardin du Bois-Duchâteau", "Lens", "62498", "cite_jardin", "Maisons & Cités",
     [(690450.0, 7037250.0, 480.0, 360.0, -15.0)], "12"),
    ("Cité de la Fosse 12", "Lens", "62498", "coron", "SIA Habitat",
     [(692000.0, 7036950.0, 380.0, 220.0, 5.0), (692550.0, 7037350.0, 200.0, 160.0, 5.0)],
     "12"),
    ("Cité Saint-Amé", "Liévin", "62510", "mixte", "Maisons & Cités",
     [(687300.0, 7035400.0, 420.0, 300.0, 30.0)], "3"),
    ("Cité des Brebis", "Bully-les-Mines", "62186", "coron", "privés",
     [(682500.0, 7039850.0, 400.0, 220.0, -5.0)], "2"),
    ("Cité Darcy", "Hénin-Beaumont", "62427", "cite_pavillonnaire", "autre",
     [(695300.0, 7036100.0, 380.0, 300.0, 10.0)], "6"),
    ("Cité de la Fosse 5", "Méricourt", "62570", "coron", "Maisons & Cités",
     [(693300.0, 7039800.0, 420.0, 200.0, -20.0)], "5"),
    ("Cité Bellevue", "Sallaumines", "62771", "cite_moderne", "SIA Habitat",
     [(695850.0, 7039350.0, 300.0, 240.0, 0.0)], "5"),
]

# Spoil tips: (name, site key, [Cone/Plateau])
def _terrils() -> List[Tuple[str, str, List[Any]]]:
    return [
        ("Terril jumeau n°11/19", "11/19",
         [Cone(683150.0, 7036500.0, 146.0, 275.0, 0.3),
          Cone(683620.0, 7036250.0, 138.0, 265.0, 1.7)]),
        ("Terril conique n°58 de la fosse 9", "9",
         [Cone(687250.0, 7039250.0, 112.0, 215.0, 2.4)]),
        ("Terril plat de la fosse 12", "12",
         [Plateau(692400.0, 7035350.0, 360.0, 170.0, 60.0, 18.0, 30.0)]),
        ("Terril conique n°42 des Brebis", "2",
         [Cone(681150.0, 7038450.0, 78.0, 150.0, 4.0)]),
        ("Terril plat de la fosse 3", "3",
         [Plateau(685450.0, 7035150.0, 400.0, 190.0, 70.0, -12.0, 26.0)]),
        ("Terrils jumeaux de la fosse 6", "6",
         [Cone(696950.0, 7037700.0, 94.0, 185.0, 5.1),
          Cone(697350.0, 7037380.0, 86.0, 175.0, 0.9)]),
        ("Terril plat n°5", "5",
         [Plateau(694850.0, 7038600.0, 300.0, 220.0, 80.0, 25.0, 38.0)]),
    ]


_CAVALIERS = [
    ("Cavalier de la fosse 11/19 à la fosse 9",
     [(684450.0, 7037300.0), (685000.0, 7036700.0), (686600.0, 7036650.0),
      (687700.0, 7037150.0), (687950.0, 7038400.0)]),
    ("Cavalier de Méricourt",
     [(691700.0, 7036000.0), (693200.0, 7036150.0), (694100.0, 7036900.0),
      (694050.0, 7039050.0)]),
]


def _rect(cx: float, cy: float, w: float, h: float, angle: float) -> Polygon:
    p = box(cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0)
    return affinity.rotate(p, angle, origin=(cx, cy))


def _round_geom(g: Any, nd: int = 2) -> Any:
    from shapely.ops import transform
    return transform(lambda x, y, z=None: (np.round(x, nd), np.round(y, nd)), g)


def _as_multi(g: Any) -> MultiPolygon:
    if isinstance(g, MultiPolygon):
        return g
    if isinstance(g, Polygon):
        return MultiPolygon([g])
    polys = [p for p in getattr(g, "geoms", []) if isinstance(p, Polygon)]
    return MultiPolygon(polys)


def build_scene(seed: int = 2012) -> Dict[str, Any]:
    """The vector content of the landscape (independent of the DEM resolution).

    Returns a dict of layer name -> list of (shapely geometry, attributes dict),
    plus ``relief`` (the shapes burnt into the DEM).
    """
    rng = _rng(seed, 2)
    terrils = _terrils()
    cav = [(n, LineString(c)) for n, c in _CAVALIERS]

    # --- cités ---
    cites = []  # (geom, attrs, parts)
    for name, commune, insee, ctype, bailleur, parts, _site in _CITES:
        polys = [_rect(*p) for p in parts]
        cites.append((_round_geom(_as_multi(unary_union(polys))),
                      {"name": name, "commune": commune, "insee": insee,
                       "type": ctype, "bailleur": bailleur}, parts))

    # --- elements ---
    elements = []  # (geom, attrs)
    counter = [0]

    def add(geom: Any, name: str, etype: str, height: Optional[float], comp: str) -> None:
        counter[0] += 1
        elements.append((geom, {"id": "E%03d" % counter[0], "name": name, "type": etype,
                                "height_m": height, "component": comp}))

    for key, commune, x, y, hf, comp in _SITES:
        if key == "3":
            pit_h = None  # deliberately NULL: exercises the default height
        else:
            pit_h = _r1(rng.uniform(10.0, 25.0))
        add(Point(x, y), "Fosse n°%s de %s" % (key, commune), "fosse", pit_h, comp)
        if hf is not None:
            add(Point(x + 35.0, y + 20.0), "Chevalement de la fosse n°%s" % key,
                "chevalement", _r1(hf + rng.uniform(-1.5, 1.5)), comp)
        for tname, tkey, shapes in terrils:
            if tkey == key:
                fp = unary_union([s.footprint() for s in shapes])
                add(_round_geom(fp), tname, "terril", None, comp)
    # churches and schools, inside or next to their cité
    cite_geom = {c[1]["name"]: c[0] for c in cites}
    comps = {s[0]: s[5] for s in _SITES}
    for name, cite, site, etype, dx, dy, hr in [
        ("Église Sainte-Barbe", "Cité de la Fosse 9", "9", "eglise", 0, 0, (25, 35)),
        ("École Jules-Ferry", "Cité de la Fosse 9", "9", "ecole", 150, 0, (10, 15)),
        ("Église Saint-Éloi", "Cité de la Fosse 11", "11/19", "eglise", -40, 10, (25, 35)),
        ("École Louise-Michel", "Cité des Brebis", "2", "ecole", 60, 0, (10, 15)),
        ("Église Notre-Dame-des-Mineurs", "Cité-jardin du Bois-Duchâteau", "12", "eglise",
         0, 0, (25, 35)),
        ("École Émile-Zola", "Cité Darcy", "6", "ecole", -60, 40, (10, 15)),
        ("Église Saint-Joseph", "Cité de la Fosse 5", "5", "eglise", 30, 0, (25, 35)),
    ]:
        c = cite_geom[cite].centroid
        add(Point(round(c.x + dx, 2), round(c.y + dy, 2)), name, etype,
            _r1(rng.uniform(*hr)), comps[site])
    for cname in ("Cité de la Fosse 9", "Cité-jardin du Bois-Duchâteau"):
        site = [c[6] for c in _CITES if c[0] == cname][0]
        add(cite_geom[cname].geoms[0], cname, "cite", 8.0, comps[site])
    for (name, line), comp in zip(cav, ("C012", "C034")):
        add(line, name, "cavalier", None, comp)

    # --- perimeter & buffer zone ---
    parts = []
    for g, a in elements:
        d = {"fosse": 120.0, "chevalement": 120.0, "eglise": 60.0, "ecole": 60.0,
             "terril": 40.0, "cite": 20.0, "cavalier": 25.0}[a["type"]]
        parts.append(g.buffer(d, resolution=8))
    perim = unary_union(parts).simplify(1.0)
    ext = box(*EXTENT)
    perim = _round_geom(_as_multi(perim.intersection(ext)))
    bz = unary_union([perim.buffer(1200.0, resolution=8)]).simplify(5.0)
    bz = _round_geom(_as_multi(bz.intersection(ext.buffer(-100.0, join_style=2))))

    # --- buildings ---
    obstacles = [s.footprint().buffer(15.0) for _, _, shapes in terrils for s in shapes]
    obstacles += [line.buffer(15.0) for _, line in cav]
    obstacle = unary_union(obstacles)
    buildings = []
    brng = _rng(seed, 3)
    for _geom, attrs, cparts in cites:
        for part in cparts:
            buildings.extend(_cite_buildings(part, attrs["type"], brng, obstacle))
    for _key, _commune, x, y, _hf, _comp in _SITES:
        buildings.extend(_sheds(x, y, brng, obstacle))

    # --- projects ---
    projects = []
    for i, (x, y, tip, hub) in enumerate([
            (698200.0, 7034100.0, 180.0, 120.0), (698750.0, 7034700.0, 180.0, 120.0),
            (699200.0, 7035350.0, 200.0, 135.0), (697650.0, 7033450.0, 165.0, 105.0)]):
        projects.append((Point(x, y), {"id": "P%02d" % (i + 1),
                                       "name": "Éolienne E%d — parc du Haut-Pays" % (i + 1),
                                       "kind": "eolienne", "height_m": tip,
                                       "hub_height_m": hub}))
    for pid, name, kind, rect, h in [
            ("P05", "Entrepôt logistique de la Souchez", "entrepot",
             (689800.0, 7034450.0, 320.0, 140.0, 10.0), 22.0),
            ("P06", "Entrepôt frigorifique d'Avion", "entrepot",
             (682600.0, 7034900.0, 200.0, 120.0, -5.0), 16.0),
            ("P07", "Résidence « Les Hauts de Grenay »", "logements",
             (686100.0, 7039650.0, 120.0, 80.0, 0.0), 12.0)]:
        projects.append((_round_geom(_rect(*rect)), {"id": pid, "name": name, "kind": kind,
                                                     "height_m": h, "hub_height_m": None}))

    # --- viewpoints ---
    t0 = terrils[0][2][0]
    t5 = terrils[6][2][0]
    church = [g for g, a in elements if a["name"] == "Église Sainte-Barbe"][0]
    viewpoints = []
    for i, (x, y, name, h, a0, a1, r) in enumerate([
            (t0.x, t0.y, "Sommet du terril jumeau n°11/19 (ouest)", 1.6, 0.0, 360.0, 15000.0),
            (688650.0, 7037780.0, "Belvédère de la cité de la Fosse 9", 5.0, 120.0, 240.0,
             5000.0),
            (church.x, church.y - 40.0, "Parvis de l'Église Sainte-Barbe", 1.6, 350.0, 20.0,
             3000.0),
            (689000.0, CANAL_Y - 25.0, "Chemin de halage du canal de Lens", 1.6, 150.0,
             210.0, 6000.0),
            (692000.0, float(river_y(692000.0)) + 30.0, "Pont de la Souchez", 1.6, 0.0, 90.0,
             4000.0),
            (t5.x, t5.y, "Belvédère du terril plat n°5", 5.0, 200.0, 320.0, 8000.0)]):
        viewpoints.append((Point(round(x, 2), round(y, 2)),
                           {"id": "V%02d" % (i + 1), "name": name, "height_m": h,
                            "azimuth_min": a0, "azimuth_max": a1, "radius_m": r}))

    # --- hydro ---
    xs = np.arange(EXTENT[0], EXTENT[2] + 1.0, 50.0)
    river = LineString(list(zip(xs, np.round(river_y(xs), 2))))
    hydro = [(river, {"name": "La Souchez", "kind": "riviere", "water_level_m": None}),
             (LineString([(EXTENT[0], CANAL_Y), (EXTENT[2], CANAL_Y)]),
              {"name": "Canal de Lens", "kind": "canal", "water_level_m": CANAL_LEVEL})]

    return {
        "elements": elements,
        "perimeter": [(perim, {"name": "Bassin minier — bien inscrit (échantillon)"})],
        "buffer_zone": [(bz, {"name": "Zone tampon du Bassin minier (échantillon)"})],
        "cites": [(g, a) for g, a, _ in cites],
        "buildings": buildings,
        "projects": projects,
        "viewpoints": viewpoints,
        "hydro": hydro,
        "relief": [s for _, _, shapes in terrils for s in shapes]
        + [Embankment(line) for _, line in cav],
    }


def _place(part: Tuple[float, float, float, float, float], u: float, v: float,
           w: float, d: float, rot: float = 0.0) -> Polygon:
    """A w x d rectangle centred at local (u, v) of a cité part, in map coordinates."""
    cx, cy, _, _, ang = part
    p = box(u - w / 2.0, v - d / 2.0, u + w / 2.0, v + d / 2.0)
    if rot:
        p = affinity.rotate(p, rot, origin=(u, v))
    p = affinity.rotate(p, ang, origin=(0, 0))
    return affinity.translate(p, cx, cy)


def _cite_buildings(part: Tuple[float, float, float, float, float], ctype: str,
                    rng: np.random.Generator, obstacle: Any) -> List[Tuple[Any, Dict]]:
    cx, cy, W, H, ang = part
    outline = _rect(*part).buffer(-6.0, join_style=2)
    out = []
    hw, hh = W / 2.0, H / 2.0

    def emit(poly: Polygon, height: float, floors: int, usage: str = "logement") -> None:
        if not outline.contains(poly) or poly.intersects(obstacle):
            return
        hv = _r1(height) if rng.random() > 0.06 else None
        fv = int(floors) if rng.random() > 0.08 else None
        out.append((_round_geom(poly), {"height_m": hv, "floors": fv, "usage": usage}))

    def coron(v0: float, v1: float) -> None:
        v = v0
        while v < v1:
            u = -hw + 10.0
            while u < hw - 20.0:
                n = int(rng.integers(6, 13))
                for k in range(n):
                    emit(_place(part, u + 3.0 + 6.0 * k, v, 6.0, 9.0),
                         rng.uniform(6.0, 7.2), 2)
                u += 6.0 * n + 10.0
            v += 32.0

    def pavillons(v0: float, v1: float) -> None:
        v = v0
        while v < v1:
            u = -hw + 15.0
            while u < hw - 15.0:
                floors = 2 if rng.random() < 0.7 else 1
                hgt = rng.uniform(6.5, 8.0) if floors == 2 else rng.uniform(4.5, 5.5)
                for k in (-1, 1):  # semi-detached pair
                    emit(_place(part, u + k * 4.0, v, 8.0, 9.0), hgt, floors)
                u += 26.0
            v += 40.0

    if ctype == "coron":
        coron(-hh + 12.0, hh - 8.0)
    elif ctype == "cite_pavillonnaire":
        pavillons(-hh + 15.0, hh - 10.0)
    elif ctype == "mixte":
        coron(-hh + 12.0, 0.0)
        pavillons(15.0, hh - 10.0)
    elif ctype == "cite_jardin":
        v = -hh + 18.0
        row = 0
        while v < hh - 15.0:
            u = -hw + 18.0
            while u < hw - 18.0:
                vv = v + 8.0 * math.sin(u / 60.0 + row)  # curving streets
                rot = 20.0 * math.cos(u / 60.0 + row)
                if rng.random() < 0.5:
                    emit(_place(part, u, vv, 10.0, 9.0, rot), rng.uniform(7.0, 8.5), 2)
                else:
                    for k in (-1, 1):
                        emit(_place(part, u + k * 4.5, vv, 9.0, 9.0, rot),
                             rng.uniform(7.0, 8.5), 2)
                u += 32.0
            v += 46.0
            row += 1
    elif ctype == "cite_moderne":
        v = -hh + 25.0
        while v < hh - 20.0:
            u = -hw + 40.0
            while u < hw - 40.0:
                floors = int(rng.integers(4, 6))
                emit(_place(part, u, v, 60.0, 12.0), 3.0 * floors + 1.5, floors)
                u += 80.0
            v += 45.0
    return out


def _sheds(x: float, y: float, rng: np.random.Generator,
           obstacle: Any) -> List[Tuple[Any, Dict]]:
    out = []
    n = int(rng.integers(3, 7))
    for k in range(n):
        ang = 2 * math.pi * k / n + rng.uniform(-0.3, 0.3)
        dist = rng.uniform(70.0, 180.0)
        cx, cy = x + dist * math.cos(ang), y + dist * math.sin(ang)
        w, d = rng.uniform(40.0, 90.0), rng.uniform(20.0, 40.0)
        poly = _rect(cx, cy, w, d, float(rng.uniform(0, 90)))
        if poly.intersects(obstacle) or any(poly.intersects(g) for g, _ in out):
            continue
        h = rng.uniform(8.0, 18.0)
        out.append((_round_geom(poly), {"height_m": _r1(h) if rng.random() > 0.15 else None,
                                        "floors": 1 if rng.random() > 0.3 else None,
                                        "usage": "industriel"}))
    return out


# --------------------------------------------------------------------------------------
# DEM
# --------------------------------------------------------------------------------------

_OCTAVES = [(6000.0, 14.0), (2500.0, 7.0), (1000.0, 3.0), (400.0, 1.2), (150.0, 0.4)]


def _bspline_matrix(coords: np.ndarray, origin: float, spacing: float,
                    nodes: int) -> np.ndarray:
    """Cubic B-spline weights (len(coords) x nodes); node k sits at origin+(k-1)*spacing."""
    t = (coords - origin) / spacing
    i = np.floor(t).astype(np.int64)
    f = t - i
    w = [(1 - f) ** 3 / 6.0, (3 * f ** 3 - 6 * f ** 2 + 4) / 6.0,
         (-3 * f ** 3 + 3 * f ** 2 + 3 * f + 1) / 6.0, f ** 3 / 6.0]
    m = np.zeros((coords.size, nodes))
    rows = np.arange(coords.size)
    for k in range(4):
        m[rows, i + k] += w[k]
    return m


class _Plain:
    """Smooth seeded value noise (sum of B-spline octaves), resolution independent."""

    def __init__(self, seed: int) -> None:
        rng = _rng(seed, 1)
        w, h = EXTENT[2] - EXTENT[0], EXTENT[3] - EXTENT[1]
        self.lattices = []
        for spacing, amp in _OCTAVES:
            nx = int(math.ceil(w / spacing)) + 4
            ny = int(math.ceil(h / spacing)) + 4
            self.lattices.append((spacing, amp, rng.standard_normal((ny, nx))))

    def __call__(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        z = np.zeros((ys.size, xs.size))
        for spacing, amp, lat in self.lattices:
            wx = _bspline_matrix(xs, EXTENT[0], spacing, lat.shape[1])
            wy = _bspline_matrix(ys, EXTENT[1], spacing, lat.shape[0])
            z += amp * (wy @ lat @ wx.T)
        trend = 7.0 * (7036000.0 - ys) / 6000.0  # Artois rises to the south
        z = 40.0 + trend[:, None] + z
        return 40.0 + 18.0 * np.tanh((z - 40.0) / 18.0)  # stays within ~22-58 m


def _smoothstep(t: np.ndarray) -> np.ndarray:
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def dem_block(plain: _Plain, relief: Sequence[Any], xs: np.ndarray, ys: np.ndarray,
              rough: np.ndarray) -> np.ndarray:
    """Altitudes (float32, NoData -9999) at cell centres xs (columns) x ys (rows)."""
    xx, yy = np.meshgrid(xs, ys)
    z = plain(xs, ys)
    # river valley
    yr = river_y(xs)[None, :]
    lev = river_level(xs)[None, :]
    d = np.abs(yy - yr) / np.sqrt(1.0 + river_dy(xs) ** 2)[None, :]
    bank = lev + 1.2
    valley = bank + (np.maximum(z, bank) - bank) * _smoothstep((d - 20.0) / 630.0)
    valley = np.where(d < 20.0, lev + 1.2 * np.clip((d - 7.0) / 13.0, 0.0, 1.0), valley)
    z = np.where(d < 650.0, valley, z)
    water = d < 7.0
    # canal: flat water, banks (towpath), cutting or embankment blending to the plain
    dc = np.abs(yy - CANAL_Y)
    cb = CANAL_LEVEL + 2.5
    z = np.where(dc < 120.0, cb + (z - cb) * _smoothstep((dc - 32.0) / 88.0), z)
    z = np.where(dc < 18.0, CANAL_LEVEL, z)
    water |= dc < 18.0
    # spoil tips and embankments on top of the ground
    add = np.zeros_like(z)
    for shape in relief:
        x0, y0, x1, y1 = shape.bbox()
        cols = np.nonzero((xs >= x0) & (xs <= x1))[0]
        rows = np.nonzero((ys >= y0) & (ys <= y1))[0]
        if cols.size == 0 or rows.size == 0:
            continue
        sl = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
        add[sl] = np.maximum(add[sl], shape.height(xx[sl], yy[sl]))
    z = z + add + np.where(water, 0.0, rough)
    z = np.round(z, 2)
    z[(EXTENT[2] - xx) + (yy - EXTENT[1]) < NODATA_CORNER] = NODATA
    return z.astype(np.float32)


def write_dem(path: str, scene: Dict[str, Any], seed: int, res: float) -> str:
    """Write the DEM GeoTIFF (tiled, DEFLATE, float32, EPSG:2154)."""
    nx = int(round((EXTENT[2] - EXTENT[0]) / res))
    ny = int(round((EXTENT[3] - EXTENT[1]) / res))
    if os.path.exists(path):
        gdal.GetDriverByName("GTiff").Delete(path)
    ds = gdal.GetDriverByName("GTiff").Create(
        path, nx, ny, 1, gdal.GDT_Float32,
        ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE",
         "PREDICTOR=3", "ZLEVEL=6", "NUM_THREADS=1"])
    ds.SetGeoTransform((EXTENT[0], res, 0.0, EXTENT[3], 0.0, -res))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(NODATA)
    band.SetDescription("altitude (m, NGF-IGN69, synthetic)")
    plain = _Plain(seed)
    rrng = _rng(seed, 7)
    xs = EXTENT[0] + (np.arange(nx) + 0.5) * res
    step = 256
    for r0 in range(0, ny, step):
        r1 = min(ny, r0 + step)
        ys = EXTENT[3] - (np.arange(r0, r1) + 0.5) * res
        rough = rrng.normal(0.0, 0.15, size=(r1 - r0, nx))
        band.WriteArray(dem_block(plain, scene["relief"], xs, ys, rough), 0, r0)
    band.FlushCache()
    ds = None
    return path


# --------------------------------------------------------------------------------------
# GeoPackage
# --------------------------------------------------------------------------------------

_OGR_GEOM = {"Geometry": ogr.wkbUnknown, "Point": ogr.wkbPoint, "Polygon": ogr.wkbPolygon,
             "MultiPolygon": ogr.wkbMultiPolygon, "LineString": ogr.wkbLineString}
_OGR_TYPE = {"str": ogr.OFTString, "float": ogr.OFTReal, "int": ogr.OFTInteger}


def write_gpkg(path: str, scene: Dict[str, Any]) -> str:
    """Write all vector layers, features in a fixed order, with a fixed timestamp."""
    old = gdal.GetConfigOption("OGR_CURRENT_DATE")
    gdal.SetConfigOption("OGR_CURRENT_DATE", FIXED_DATE)
    try:
        drv = ogr.GetDriverByName("GPKG")
        if os.path.exists(path):
            drv.DeleteDataSource(path)
        ds = drv.CreateDataSource(path)
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(EPSG)
        for lname, (gtype, fields) in LAYERS.items():
            lyr = ds.CreateLayer(lname, srs, _OGR_GEOM[gtype],
                                 ["FID=fid", "GEOMETRY_NAME=geom", "SPATIAL_INDEX=YES"])
            for fname, ftype in fields:
                lyr.CreateField(ogr.FieldDefn(fname, _OGR_TYPE[ftype]))
            defn = lyr.GetLayerDefn()
            lyr.StartTransaction()
            for fid, (geom, attrs) in enumerate(scene[lname], start=1):
                f = ogr.Feature(defn)
                f.SetFID(fid)
                for fname, _ftype in fields:
                    v = attrs.get(fname)
                    if v is None:
                        f.SetFieldNull(fname)
                    else:
                        f.SetField(fname, v)
                g = ogr.CreateGeometryFromWkb(geom.wkb)
                if gtype == "MultiPolygon":
                    g = ogr.ForceToMultiPolygon(g)
                f.SetGeometry(g)
                lyr.CreateFeature(f)
            lyr.CommitTransaction()
        ds = None
    finally:
        gdal.SetConfigOption("OGR_CURRENT_DATE", old)
    return path


# --------------------------------------------------------------------------------------
# Photos
# --------------------------------------------------------------------------------------

_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _font(size: int) -> Any:
    from PIL import ImageFont
    if os.path.exists(_FONT):
        return ImageFont.truetype(_FONT, size)
    return ImageFont.load_default()


def _dms(v: float) -> Tuple[Any, Any, Any]:
    from PIL.TiffImagePlugin import IFDRational
    v = abs(v)
    d = int(v)
    m = int((v - d) * 60)
    s = int(round(((v - d) * 60 - m) * 60 * 100))
    if s >= 6000:
        s -= 6000
        m += 1
    return (IFDRational(d, 1), IFDRational(m, 1), IFDRational(s, 100))


def _lonlat(x: float, y: float) -> Tuple[float, float]:
    src = osr.SpatialReference()
    src.ImportFromEPSG(EPSG)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lon, lat, _ = osr.CoordinateTransformation(src, dst).TransformPoint(x, y)
    return round(lon, 6), round(lat, 6)


def draw_photo(caption: str, rng: np.random.Generator, size: Tuple[int, int] = (1600, 1200),
               headframe: bool = True, terril: bool = True) -> Any:
    """A synthetic street photo: sky, a spoil tip, a headframe, brick facades, caption."""
    from PIL import Image, ImageDraw
    w, h = size
    hz = int(h * 0.55)
    t = np.linspace(0.0, 1.0, hz)[:, None]
    top, bot = np.array([70, 120, 190]), np.array([200, 215, 230])
    sky = (top + (bot - top) * t[..., None]).astype(np.uint8)
    img = np.zeros((h, w, 3), dtype=np.uint8)
    img[:hz] = np.repeat(sky, w, axis=1)
    img[hz:] = (95, 100, 90)
    im = Image.fromarray(img, "RGB")
    dr = ImageDraw.Draw(im)
    if terril:
        cx = int(rng.uniform(0.15, 0.85) * w)
        th = int(rng.uniform(0.15, 0.3) * h)
        dr.polygon([(cx - int(th * 1.8), hz), (cx - 12, hz - th), (cx + 12, hz - th),
                    (cx + int(th * 1.8), hz)], fill=(60, 62, 58))
    if headframe:
        hx = int(rng.uniform(0.2, 0.8) * w)
        hh = int(0.38 * h)
        col = (35, 35, 40)
        base = hz + 10
        top_y = base - hh
        dr.line([(hx - 60, base), (hx - 20, top_y)], fill=col, width=9)
        dr.line([(hx + 60, base), (hx + 20, top_y)], fill=col, width=9)
        dr.line([(hx + 60, base), (hx + 160, base - hh // 2), (hx + 20, top_y + 30)],
                fill=col, width=7)
        for k in range(1, 6):
            yk = base - k * hh // 6
            xo = 60 - 40 * k // 6
            dr.line([(hx - xo, yk), (hx + xo, yk)], fill=col, width=4)
            dr.line([(hx - xo, yk), (hx + xo - 6, yk - hh // 6)], fill=col, width=3)
        for off in (-22, 22):
            dr.ellipse([hx + off - 26, top_y - 26, hx + off + 26, top_y + 26], outline=col,
                       width=6)
    # rows of brick facades
    x = -int(rng.uniform(0, 120))
    fy = int(h * 0.50)
    while x < w:
        fw = int(rng.uniform(110, 170))
        fh = int(rng.uniform(0.18, 0.24) * h)
        brick = (int(rng.uniform(140, 175)), int(rng.uniform(60, 85)), int(rng.uniform(45, 60)))
        y0 = fy + int(0.16 * h) - fh + int(0.2 * h)
        yb = fy + int(0.36 * h)
        dr.rectangle([x, y0, x + fw, yb], fill=brick, outline=(90, 40, 30))
        dr.polygon([(x - 4, y0), (x + fw // 2, y0 - int(fw * 0.35)), (x + fw + 4, y0)],
                   fill=(70, 45, 40))
        for wx in (x + fw // 5, x + 3 * fw // 5):
            for wy in (y0 + fh // 6, y0 + fh // 2):
                dr.rectangle([wx, wy, wx + fw // 5, wy + fh // 5], fill=(205, 215, 220),
                             outline=(240, 240, 235))
        dr.rectangle([x + 2 * fw // 5, yb - fh // 3, x + 3 * fw // 5 - 4, yb],
                     fill=(60, 75, 60))
        x += fw
    dr.rectangle([0, int(h * 0.86), w, int(h * 0.93)], fill=(150, 150, 145))  # pavement
    dr.rectangle([0, int(h * 0.93), w, h], fill=(20, 20, 25))
    dr.text((30, int(h * 0.935)), caption, font=_font(max(12, h // 30)), fill=(245, 245, 245))
    return im


def write_photos(folder: str, scene: Dict[str, Any], seed: int) -> List[Dict[str, Any]]:
    """Six JPEG photos of cités with EXIF date, GPS position and direction."""
    from PIL import Image
    from PIL.TiffImagePlugin import IFDRational
    os.makedirs(folder, exist_ok=True)
    cites = scene["cites"]
    picks = [("Cité de la Fosse 9", 35.0, True), ("Cité de la Fosse 11", 215.0, True),
             ("Cité-jardin du Bois-Duchâteau", 160.0, False), ("Cité de la Fosse 12", 300.0,
                                                                 True),
             ("Cité Saint-Amé", 80.0, False), ("Cité des Brebis", 250.0, True)]
    out = []
    for i, (cname, azim, hf) in enumerate(picks):
        rng = _rng(seed, 100 + i)
        g, a = [c for c in cites if c[1]["name"] == cname][0]
        p = g.representative_point()
        x, y = round(p.x, 2), round(p.y, 2)
        lon, lat = _lonlat(x, y)
        dt = "2025:05:%02d %02d:%02d:00" % (12 + i, 9 + i, 5 * i)
        caption = "%s — %s — vers %d°" % (cname, a["commune"], int(azim))
        im = draw_photo(caption, rng, headframe=hf)
        ex = Image.Exif()
        ex[0x010F] = "Vigie"
        ex[0x0110] = "Générateur de données d'exemple"
        ex[0x010E] = caption
        ex[0x0132] = dt
        ex[0x8769] = {0x9003: dt, 0x9004: dt}
        ex[0x8825] = {0: b"\x02\x03\x00\x00", 1: "N", 2: _dms(lat), 3: "E" if lon >= 0 else "W",
                      4: _dms(lon), 16: "T", 17: IFDRational(int(round(azim * 10)), 10)}
        fname = "photo_%02d.jpg" % (i + 1)
        path = os.path.join(folder, fname)
        im.save(path, "JPEG", quality=85, subsampling=2, optimize=False, exif=ex)
        out.append({"file": PHOTOS_DIR + "/" + fname, "cite": cname, "commune": a["commune"],
                    "x": x, "y": y, "lon": lon, "lat": lat, "direction_deg": azim,
                    "datetime": dt, "caption": caption})
    return out


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------

def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def generate(out_dir: str, seed: int = 2012, small: bool = False) -> Dict[str, str]:
    """Generate the sample data set into out_dir (created if needed).

    Returns the paths: ``dem``, ``gpkg``, ``photos`` (folder), ``manifest``.
    Same seed and mode -> same bytes in every file.
    """
    os.makedirs(out_dir, exist_ok=True)
    res = RES_SMALL if small else RES_FULL
    scene = build_scene(seed)
    dem = write_dem(os.path.join(out_dir, DEM_NAME), scene, seed, res)
    gpkg = write_gpkg(os.path.join(out_dir, GPKG_NAME), scene)
    photos_dir = os.path.join(out_dir, PHOTOS_DIR)
    photos = write_photos(photos_dir, scene, seed)
    rel = [DEM_NAME, GPKG_NAME] + [p["file"] for p in photos]
    manifest = {
        "generator": "vigie core.landscape",
        "seed": int(seed), "small": bool(small), "crs": "EPSG:%d" % EPSG,
        "extent": list(EXTENT), "dem_resolution_m": res,
        "files": {r: {"sha256": sha256(os.path.join(out_dir, r)),
                      "bytes": os.path.getsize(os.path.join(out_dir, r))} for r in rel},
        "layers": {k: len(scene[k]) for k in LAYERS},
        "photos": photos,
    }
    mpath = os.path.join(out_dir, MANIFEST_NAME)
    with open(mpath, "w", encoding="utf-8", newline="\n") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.write("\n")
    return {"dem": dem, "gpkg": gpkg, "photos": photos_dir, "manifest": mpath}
