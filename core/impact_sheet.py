"""Impact sheet of one proposed project (PDF, French), built with the shared blocks of core/pdf.

Pure Python (reportlab): :func:`sheet_data` turns an :class:`core.impact.ImpactResult` into a
plain dict of French texts and numbers; :func:`build_sheet` lays it out:

1. title, the project (nature, heights, parts, where it stands, distances), the key figures
   (ZTV area, co-visibility, grades) and the map (project, elements, ZTV, co-visibility zones,
   perimeter and buffer zone: JPEG bytes rendered by QGIS in the Processing glue);
2. the table of the affected elements (grade minor or more), sorted by grade then distance,
   with the reason of each grade; the remarkable viewpoints; the number of elements with a
   negligible impact;
3. the parameters and the method, with the grading rules in full.

The PDF is written next to the target then renamed (:func:`core.pdf.base.write_pdf`).
"""
import datetime
import math
import re
from typing import Any, Dict, List, Optional, Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from . import impact, impact_rules
from .pdf import base

GRADE_COLOURS = {"negligible": "#1a9641", "minor": "#a6d96a", "moderate": "#fdae61", "major": "#d7191c"}
ACCURACY_FR = {"gdal": "GDAL seul, sans correction", "fast": "correction rapide",
               "balanced": "correction équilibrée", "exact": "exacte"}
KIND_FR = {"eolienne": "éolienne", "entrepot": "entrepôt", "logements": "logements"}


def sheet_name(key: str) -> str:
    """File name of the sheet of project ``key`` (safe characters only)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(key)).strip("._") or "projet"
    return "fiche_impact_{}.pdf".format(safe[:80])


def _km(m: Optional[float]) -> str:
    if m is None or (isinstance(m, float) and math.isnan(m)):
        return "–"
    if m < 1000:
        return "{:.0f} m".format(m)
    return "{:.1f} km".format(m / 1000.0).replace(".", ",")


def _num(v: Optional[float], fmt: str = "{:.1f}") -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return fmt.format(v).replace(".", ",")


def _decimal_commas(text: str) -> str:
    """French decimals and ranges: 2.5 -> 2,5 and 7-10 km -> 7–10 km (between digits only)."""
    return re.sub(r"(?<=\d)-(?=\d)", "–", re.sub(r"(?<=\d)\.(?=\d)", ",", text))


def _fr_band(label: str) -> str:
    return label.replace("-", "–").replace(".", ",")


def sheet_data(res: "impact.ImpactResult", pi: int, projects: Sequence["impact.Project"],
               elements: Sequence[Any], viewpoints: Sequence["impact.RemarkableViewpoint"],
               params: "impact.Params", dem_name: str = "", layer_name: str = "",
               map_: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """Plain French data of the sheet of project ``pi``."""
    p = projects[pi]
    s = res.summaries[pi]
    rules = params.rules
    rows = [r for r in res.rows if r.project == pi]
    order = {g: i for i, g in enumerate(impact_rules.GRADES)}

    def row_dict(r: "impact.Row") -> Dict[str, Any]:
        vis = "{:.0f} m".format(r.visible_height) if r.visible else "non"
        if r.visible and r.visible_hub is not None:
            vis += " (moyeu {:.0f} m)".format(r.visible_hub) if r.visible_hub > 0 else " (moyeu masqué)"
        return {
            "id": r.observer_id, "name": r.observer_name, "type": r.observer_kind,
            "distance": _km(r.distance), "band": _fr_band(r.band_label), "visible": vis,
            "azimuth": _num(r.azimuth, "{:.0f}°"), "elevation": _num(r.elevation, "{:.2f}°"),
            "covis": _num(r.covis_ha, "{:.1f} ha") if r.covis_ha else "–",
            "cone": "" if r.in_cone is None else ("oui" if r.in_cone else "non"),
            "grade": r.grade, "grade_fr": impact_rules.GRADES_FR[r.grade],
            "reason": _decimal_commas(" ; ".join(x.text(impact_rules.french) for x in r.reasons)),
            "rank": order[r.grade], "dist_m": r.distance,
        }

    el_rows = sorted((row_dict(r) for r in rows if r.observer_type == "element"),
                     key=lambda d: (-d["rank"], d["dist_m"]))
    vp_rows = sorted((row_dict(r) for r in rows if r.observer_type == "viewpoint"),
                     key=lambda d: (-d["rank"], d["dist_m"]))
    nearest = ""
    for e in elements:
        if e.key == s.nearest_element:
            nearest = "{} ({})".format(e.name, e.key)
    height = "{:.0f} m".format(p.height)
    if p.hub_height is not None:
        height = "{:.0f} m en bout de pale, moyeu à {:.0f} m".format(p.height, p.hub_height)
    th = "; ".join("{} : {}".format(_fr_band(rules.band_label(i)),
                                    " / ".join("jamais" if math.isinf(v) else "{:g} m".format(v) for v in t))
                   for i, t in enumerate(rules.thresholds))
    return {
        "id": p.key, "name": p.name, "kind": KIND_FR.get(p.kind, p.kind), "height": height,
        "n_parts": s.n_parts, "location": impact.LOCATIONS_FR[s.location],
        "nearest": nearest, "dist_element": _km(s.dist_element), "dist_perimeter": _km(s.dist_perimeter),
        "ztv_km2": _num(s.ztv_km2, "{:.1f} km²"), "covis": _num(s.covis_ha, "{:.0f} ha"),
        "covis_buffer": _num(s.covis_buffer_ha, "{:.0f} ha"),
        "worst": s.worst, "worst_fr": impact_rules.GRADES_FR[s.worst], "counts": dict(s.counts),
        "n_in_range": s.n_rows, "n_visible": s.n_visible, "inside": list(s.inside_elements),
        "elements": el_rows, "viewpoints": vp_rows,
        "params": [
            ("Portée de l'analyse", _km(rules.max_range)),
            ("Bandes de distance", ", ".join(_fr_band(rules.band_label(i)) for i in range(len(rules.bands)))),
            ("Seuils de hauteur visible (faible / modéré / fort)", th),
            ("Surface de covisibilité qui élève le niveau", "{:g} ha".format(rules.covis_raise_ha)),
            ("Angle de tolérance de la covisibilité", "{:g}°".format(params.tolerance)),
            ("Angle « derrière l'élément » (ligne d'horizon)", "{:g}°".format(params.skyline_angle)),
            ("Rayon de covisibilité autour des éléments", _km(params.covis_radius)),
            ("Hauteur des yeux de l'observateur", "{:g} m".format(params.eye_height)),
            ("Courbure terrestre et réfraction", "oui, coefficient {:.3f}".format(params.refraction).replace(".", ",")
             if params.curvature else "non"),
            ("Espacement des points sur le contour des éléments", "{:g} m".format(params.spacing)),
            ("Échantillonnage du contour des projets", "{:g} m".format(params.part_spacing)),
            ("Précision de la ZVT du projet", ACCURACY_FR.get(params.accuracy, params.accuracy)),
            ("Précision des visibilités des éléments (covisibilité)",
             ACCURACY_FR.get(params.covis_accuracy, params.covis_accuracy)),
            ("Modèle de terrain", dem_name or "–"),
            ("Couche des projets", layer_name or "–"),
            ("Date du calcul", datetime.date.today().strftime("%d/%m/%Y")),
        ],
        "map": map_,
    }


class _Swatch(Flowable):
    def __init__(self, colour: str, kind: str = "area") -> None:
        super().__init__()
        self.colour = colour
        self.kind = kind

    def wrap(self, aw: float, ah: float):
        return 4 * mm, 3 * mm

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(colors.HexColor(self.colour))
        c.setStrokeColor(colors.HexColor("#333333"))
        c.setLineWidth(0.3)
        if self.kind == "point":
            c.circle(2 * mm, 1.5 * mm, 1.1 * mm, stroke=1, fill=1)
        elif self.kind == "triangle":
            p = c.beginPath()
            p.moveTo(0.6 * mm, 0.2 * mm)
            p.lineTo(3.4 * mm, 0.2 * mm)
            p.lineTo(2 * mm, 2.9 * mm)
            p.close()
            c.drawPath(p, stroke=1, fill=1)
        elif self.kind == "hatch":
            c.setStrokeColor(colors.HexColor(self.colour))
            c.saveState()
            clip = c.beginPath()
            clip.rect(0, 0.2 * mm, 4 * mm, 2.6 * mm)
            c.clipPath(clip, stroke=0, fill=0)
            for k in range(-3, 5):
                c.line(k * mm, 0.2 * mm, k * mm + 2.6 * mm, 2.8 * mm)
            c.restoreState()
            c.rect(0, 0.2 * mm, 4 * mm, 2.6 * mm, stroke=1, fill=0)
        elif self.kind == "line":
            c.setStrokeColor(colors.HexColor(self.colour))
            c.setLineWidth(1.0)
            c.setDash(3, 1.5)
            c.line(0, 1.5 * mm, 4 * mm, 1.5 * mm)
        else:
            c.rect(0, 0.2 * mm, 4 * mm, 2.6 * mm, stroke=1, fill=1)


def _legend(items: Sequence[Sequence[str]], styles, width: float) -> Table:
    cells: List[Any] = []
    for label, colour, kind in items:
        cells += [_Swatch(colour, kind), Paragraph(base.esc(label), styles["small"])]
    per_row = 4
    data = [cells[i:i + 2 * per_row] for i in range(0, len(cells), 2 * per_row)]
    for row in data:
        row += [""] * (2 * per_row - len(row))
    colw = width / per_row
    t = Table(data, colWidths=[5 * mm, colw - 5 * mm] * per_row)
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 1),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return t


def _grade_cell(grade: str, label: str, styles) -> Paragraph:
    return Paragraph('<font color="{}">■</font> {}'.format(GRADE_COLOURS[grade], base.esc(label)), styles["cell"])


METHOD_FR = [
    "Chaque élément inscrit est observé depuis son sommet (un point pour un élément ponctuel ; pour un "
    "polygone ou une ligne, la cellule la plus haute et des points le long du contour), à sa hauteur "
    "au-dessus du sol. Chaque partie du projet (une éolienne ; le contour d'un bâtiment ou une ligne, "
    "échantillonnés, sommets conservés) est une cible. La ligne de vue exacte sur la grille du modèle de "
    "terrain (modèle R3, interpolation à chaque croisement de ligne ou de colonne de cellules) donne la "
    "hauteur minimale qu'une cible doit avoir à cet endroit pour être vue ; la hauteur visible du projet "
    "au-dessus de l'horizon est sa hauteur moins cette valeur (pour une éolienne, bout de pale et moyeu "
    "séparément). La distance est la plus courte distance entre le projet et l'élément.",
    "La courbure terrestre et la réfraction atmosphérique abaissent les hauteurs de (1 − k)·d²/D, avec k le "
    "coefficient de réfraction et D le diamètre terrestre, comme GDAL et GRASS.",
    "La zone de visibilité théorique (ZVT) du projet compte, pour chaque cellule, le nombre de parties du "
    "projet vues depuis un œil placé à la hauteur de l'observateur (réciprocité de la visibilité). La zone "
    "de covisibilité d'un élément est l'ensemble des cellules, dans le rayon de covisibilité, depuis "
    "lesquelles l'élément et le projet sont vus et dont les directions vers l'élément et vers une partie du "
    "projet diffèrent de moins que l'angle de tolérance : les deux apparaissent dans le même champ de vision.",
    "Depuis un point de vue remarquable, le projet dépasse la ligne d'horizon derrière un élément lorsque "
    "l'élément est visible, plus proche que le projet, dans la même direction (à l'angle « derrière "
    "l'élément » près) et que le sommet du projet se détache au-dessus du relief situé derrière lui.",
]

RULES_FR = [
    "1. Projet implanté dans l'élément (dans son polygone ou sur lui) : niveau fort.",
    "2. Niveau de base : la hauteur visible du projet est comparée aux trois seuils (faible, modéré, fort) "
    "de sa bande de distance ; le niveau est le plus élevé dont le seuil est atteint (un seuil de 0 m signifie "
    "« toute partie visible »). Projet non visible : négligeable.",
    "3. Covisibilité : une zone de covisibilité d'au moins la surface fixée élève le niveau d'un cran "
    "(au moins faible).",
    "4. Ligne d'horizon : si, depuis un point de vue remarquable, le projet dépasse la ligne d'horizon "
    "derrière l'élément, le niveau s'élève d'un cran (au moins modéré).",
    "5. Cône de vue (lignes des points de vue) : un projet visible dans le cône de vue élève le niveau "
    "d'un cran (au moins faible).",
    "6. Le niveau ne dépasse jamais « fort ». Chaque règle appliquée ajoute sa phrase à la raison du niveau.",
]


def story(data: Dict[str, Any]) -> List[Flowable]:
    styles = base.make_styles(8.5)
    W = base.CONTENT_WIDTH
    out: List[Flowable] = [
        base.Bookmark("Projet {}".format(data["id"]), "p_" + data["id"]),
        Paragraph(base.esc("Fiche d'impact · projet {} · {} · {}".format(
            data["id"], data["kind"] or "projet", data["height"])), styles["subtitle"]),
        Paragraph(base.esc(data["name"]), styles["title"]),
        Spacer(1, 3 * mm),
    ]
    c = data["counts"]
    kv = [
        ("Localisation", data["location"]),
        ("Élément inscrit le plus proche", "{} à {}".format(data["nearest"] or "–", data["dist_element"])),
        ("Distance au périmètre du bien", data["dist_perimeter"]),
        ("Parties du projet analysées", str(data["n_parts"])),
        ("Éléments et points de vue à portée", "{} (projet visible depuis {})".format(
            data["n_in_range"], data["n_visible"])),
        ("Niveaux d'impact", "fort : {} · modéré : {} · faible : {} · négligeable : {}".format(
            c.get("major", 0), c.get("moderate", 0), c.get("minor", 0), c.get("negligible", 0))),
        ("Niveau le plus élevé", data["worst_fr"]),
        ("Zone de visibilité théorique du projet", data["ztv_km2"]),
        ("Zones de covisibilité", "{} dont {} en zone tampon".format(data["covis"], data["covis_buffer"])),
    ]
    if data["inside"]:
        kv.insert(1, ("Implanté dans l'élément", ", ".join(data["inside"])))
    out += base.key_value_block(kv, styles, label_ratio=0.34)
    m = data.get("map")
    if m:
        out.append(Spacer(1, 3 * mm))
        w = W
        x0, y0, x1, y1 = m["extent"]
        h = min(w * (y1 - y0) / (x1 - x0), 120 * mm)
        w = h * (x1 - x0) / (y1 - y0)
        out.append(base.MapFlowable(m["jpeg"], tuple(m["extent"]), w, h))
        out.append(Spacer(1, 1.5 * mm))
        out.append(_legend(m.get("legend", []), styles, W))
    out.append(base.Bookmark("Éléments concernés", "e_" + data["id"], level=1))
    out.append(Paragraph("Éléments inscrits concernés", styles["h1"]))
    affected = [r for r in data["elements"] if r["grade"] != "negligible"]
    if affected:
        header = ["Élément", "Dist.", "Bande", "Partie visible", "Covis.", "Niveau", "Raison"]
        rows = [[Paragraph(base.esc("{} ({})".format(r["name"], r["id"])), styles["cell"]), r["distance"],
                 r["band"], r["visible"], r["covis"], _grade_cell(r["grade"], r["grade_fr"], styles), r["reason"]]
                for r in affected]
        out.append(base.long_table(header, rows, [W * f for f in (0.19, 0.075, 0.08, 0.11, 0.085, 0.11, 0.35)],
                                   styles))
    else:
        out.append(Paragraph("Aucun élément inscrit n'est concerné au-delà du niveau négligeable.", styles["body"]))
    n_neg = sum(1 for r in data["elements"] if r["grade"] == "negligible")
    if n_neg:
        out.append(Spacer(1, 2 * mm))
        names = ", ".join(r["id"] for r in data["elements"] if r["grade"] == "negligible")
        out.append(Paragraph(base.esc("Impact négligeable ({}) : {}.".format(n_neg, names)), styles["small"]))
    if data["viewpoints"]:
        out.append(Paragraph("Points de vue remarquables", styles["h2"]))
        header = ["Point de vue", "Dist.", "Partie visible", "Azimut", "Cône", "Niveau", "Raison"]
        rows = [[Paragraph(base.esc("{} ({})".format(r["name"], r["id"])), styles["cell"]), r["distance"],
                 r["visible"], r["azimuth"], r["cone"], _grade_cell(r["grade"], r["grade_fr"], styles), r["reason"]]
                for r in data["viewpoints"]]
        out.append(base.long_table(header, rows, [W * f for f in (0.22, 0.075, 0.12, 0.065, 0.06, 0.11, 0.35)],
                                   styles))
    out.append(base.Bookmark("Paramètres et méthode", "m_" + data["id"], level=1))
    out.append(Paragraph("Paramètres", styles["h1"]))
    out += base.key_value_block([(k, _decimal_commas(v)) for k, v in data["params"]], styles, label_ratio=0.42)
    out.append(Paragraph("Méthode", styles["h2"]))
    for t in METHOD_FR:
        out.append(Paragraph(base.esc(t), styles["body"]))
        out.append(Spacer(1, 1.5 * mm))
    out.append(Paragraph("Règles de gradation", styles["h2"]))
    for t in RULES_FR:
        out.append(Paragraph(base.esc(t), styles["body"]))
        out.append(Spacer(1, 1 * mm))
    out.append(Paragraph(base.esc(
        "Analyse de visibilité théorique : le relief seul (et le sursol s'il est fourni) ; la végétation "
        "et le bâti non modélisés, la météo et la perception humaine ne sont pas pris en compte. "
        "Cette fiche éclaire l'étude d'impact patrimonial, elle ne la remplace pas."), styles["small"]))
    return out


def build_sheet(path: str, data: Dict[str, Any], property_name: str = "Bassin minier du Nord-Pas de Calais") -> str:
    """Write the sheet of one project (see :func:`sheet_data`) to ``path`` atomically."""
    fl = story(data)

    def build(tmp: str) -> None:
        doc = base.SheetDocTemplate(
            tmp, title="Fiche d'impact — {}".format(data["name"]), author="Vigie",
            subject="Impact d'un projet sur les vues du bien inscrit — " + property_name,
            keywords=["impact", "UNESCO", "visibilité", data["id"]],
            header_left="Vigie · " + property_name, header_right="Fiche d'impact · projet {}".format(data["id"]),
            footer_left="{} — {}".format(data["name"], data["location"]),
            footer_credits="Vigie (QGIS) — analyse de visibilité théorique ; généré le {}".format(
                datetime.date.today().strftime("%d/%m/%Y")))
        doc.build(fl, canvasmaker=base.NumberedCanvas)

    base.write_pdf(path, build)
    return path


def write_sheet(path: str, res: "impact.ImpactResult", pi: int, projects, elements, viewpoints, params,
                dem_path: str = "", layer_name: str = "", map_: Optional[Dict[str, Any]] = None) -> str:
    import os

    data = sheet_data(res, pi, projects, elements, viewpoints, params, os.path.basename(dem_path), layer_name,
                      map_)
    return build_sheet(path, data)
