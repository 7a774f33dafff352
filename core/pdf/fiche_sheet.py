"""The fiche patrimoine sheet (A4 portrait, French) from plain data. No QGIS.

Input: dicts made by :func:`core.pdf.fiche_data.sheet_data` (readable labels, never codes),
plus for each an optional rendered map ``{"jpeg": bytes, "extent": (xmin, ymin, xmax, ymax),
"legend": [(label, style key)]}`` under ``"map"`` and photo files under ``photos[i]["path"]``
(or bytes under ``photos[i]["data"]``). Output: one PDF with one sheet per fiche (each
starting on a new page, bookmarked), optionally a cover page with a table of contents.

What the sheet holds, in order: title block (cité, communes, UNESCO status, visit band),
location map (scale bar, north arrow, numbered photo positions with direction arrows,
legend) beside the identification of the cité, the photo grid (numbers match the map), the
fiche's tabs from the model (the "État" tab opens with the condition scale per component
and the previous visit's scores beside the current ones), and the préconisations table.
Empty fields are printed as "non renseigné", always.
"""

import os
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from . import base
from .base import esc

EMPTY = "non renseigné"
PHOTO_CAPTION_MAX = 280  # longer captions are printed in full under the grid


class SheetProblem(NamedTuple):
    """Something a person should fix, reported while the export goes on.

    ``kind``: photo_missing, photo_unreadable, photo_unsupported, no_geometry, no_cite, no_map.
    """

    fiche: str
    cite: str
    kind: str
    detail: str = ""  # the photo file, or what went wrong with the map
    reason: str = ""  # technical detail (decoder message)


class Cancelled(Exception):
    """The caller asked to stop."""


@dataclass
class SheetOptions:
    property_name: str = "Bassin minier du Nord-Pas de Calais"
    property_status: str = "Patrimoine mondial de l'UNESCO (2012)"
    author: str = "Vigie"
    kicker: str = "Fiche patrimoine · cité minière"
    empty_text: str = EMPTY
    dpi: int = base.DEFAULT_PRINT_DPI
    map_width: float = 104 * mm
    map_height: float = 92 * mm
    credits: str = ""


def map_size(opts: Optional[SheetOptions] = None) -> Tuple[float, float]:
    """Size of the location map on the sheet, in points (render the map at this aspect)."""
    opts = opts or SheetOptions()
    return opts.map_width, opts.map_height


# --------------------------------------------------------------------------------------
# Small flowables
# --------------------------------------------------------------------------------------

class _Check(Flowable):
    """Zero-size flowable that calls ``check`` when laid out (cancel points inside a build)."""

    _ZEROSIZE = 1

    def __init__(self, check: Callable[[], None]) -> None:
        super().__init__()
        self.check = check

    def wrap(self, aw: float, ah: float) -> Tuple[float, float]:
        self.check()
        return 0, 0

    def draw(self) -> None:
        pass


class Legend(Flowable):
    """A one-line legend of map symbols (style keys of :data:`base.MAP_STYLES`)."""

    def __init__(self, items: Sequence[Tuple[str, str]], width: float, photos: bool) -> None:
        super().__init__()
        self.items = [(str(lab), key) for lab, key in items]
        self.photos = photos
        self.width = width
        self._lines: List[List[Tuple[str, str]]] = []

    def _entries(self) -> List[Tuple[str, str]]:
        out = list(self.items)
        if self.photos:
            out.append(("Prise de vue (n°, direction)", "photo"))
        return out

    def wrap(self, aw: float, ah: float) -> Tuple[float, float]:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self._lines, line, x = [], [], 0.0
        for lab, key in self._entries():
            w = 6 * mm + stringWidth(lab, base.FONT_COND, 6.5) + 3 * mm
            if line and x + w > self.width:
                self._lines.append(line)
                line, x = [], 0.0
            line.append((lab, key))
            x += w
        if line:
            self._lines.append(line)
        return self.width, len(self._lines) * 3.8 * mm + 1 * mm

    def draw(self) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        c = self.canv
        y = (len(self._lines) - 1) * 3.8 * mm + 1.2 * mm
        for line in self._lines:
            x = 0.0
            for lab, key in line:
                self._swatch(x, y, key)
                c.setFillColor(base.INK)
                c.setFont(base.FONT_COND, 6.5)
                c.drawString(x + 5.5 * mm, y + 0.2 * mm, lab)
                x += 6 * mm + stringWidth(lab, base.FONT_COND, 6.5) + 3 * mm
            y -= 3.8 * mm

    def _swatch(self, x: float, y: float, key: str) -> None:
        c = self.canv
        c.saveState()
        if key == "photo":
            c.setStrokeColor(base.ACCENT)
            c.setFillColor(colors.white)
            c.setLineWidth(0.8)
            c.line(x + 2 * mm, y + 1.2 * mm, x + 4.6 * mm, y + 2.6 * mm)
            c.circle(x + 1.8 * mm, y + 1.1 * mm, 1.3 * mm, stroke=1, fill=1)
            c.restoreState()
            return
        fill, alpha, stroke, width, dash, shape = base.MAP_STYLES.get(
            key, ("#cccccc", 1.0, "#666666", 0.2, None, "area"))
        if fill:
            col = colors.HexColor(fill)
            c.setFillColor(colors.Color(col.red, col.green, col.blue, alpha=alpha))
        if stroke:
            c.setStrokeColor(colors.HexColor(stroke))
            c.setLineWidth(max(0.3, width * mm * 0.8))
            if dash:
                c.setDash([d * mm * 0.6 for d in dash])
        if shape == "point":
            c.circle(x + 2 * mm, y + 1.1 * mm, 1.2 * mm, stroke=1 if stroke else 0, fill=1 if fill else 0)
        else:
            c.rect(x, y, 4.2 * mm, 2.6 * mm, stroke=1 if stroke else 0, fill=1 if fill else 0)
        c.restoreState()


def _placeholder(text: str, width: float, height: float, styles: Dict[str, Any]) -> Table:
    t = Table([[Paragraph(esc(text), styles["empty"])]], colWidths=[width], rowHeights=[height])
    t.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#eef0f3")),
        ("BOX", (0, 0), (-1, -1), 0.5, base.RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ]))
    return t


# --------------------------------------------------------------------------------------
# The sheet
# --------------------------------------------------------------------------------------

def _heading(text: str, styles: Dict[str, Any]) -> List[Flowable]:
    return [CondPageBreak(30 * mm), Paragraph(esc(text), styles["h2"]),
            base.section_rule(colour=base.ACCENT, thickness=0.8)]


def _photo_image(photo: Dict[str, Any], width: float, height: float, dpi: int,
                 problems: List[SheetProblem], data: Dict[str, Any],
                 styles: Dict[str, Any]) -> Flowable:
    label = "Photo {} : ".format(photo.get("number"))
    raw = photo.get("data")
    if raw is None:
        path = photo.get("path") or ""
        if not path or not os.path.isfile(path):
            problems.append(SheetProblem(data["key"], data["cite_name"], "photo_missing",
                                         str(photo.get("file") or path)))
            return _placeholder(label + "fichier introuvable ({})".format(photo.get("file") or "?"),
                                width, height, styles)
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            problems.append(SheetProblem(data["key"], data["cite_name"], "photo_missing",
                                         str(photo.get("file") or ""), str(exc)))
            return _placeholder(label + "fichier illisible ({})".format(photo.get("file")), width, height,
                                styles)
    try:
        img = base.prepare_jpeg(raw, width, height, dpi=dpi)
    except base.ImageError as exc:
        kind = "photo_unsupported" if exc.reason == "unsupported" else "photo_unreadable"
        problems.append(SheetProblem(data["key"], data["cite_name"], kind, str(photo.get("file") or ""),
                                     exc.detail))
        what = ("format non pris en charge ({}) : convertir en JPEG".format(exc.detail)
                if exc.reason == "unsupported" else "image illisible ou endommagée")
        return _placeholder(label + what + " — {}".format(photo.get("file") or ""), width, height, styles)
    return base.image_flowable(img, width, height)


def _caption(photo: Dict[str, Any], full: bool) -> str:
    caption = base.clean_text(photo.get("caption")).strip()
    if not full and len(caption) > PHOTO_CAPTION_MAX:
        caption = caption[:PHOTO_CAPTION_MAX].rsplit(" ", 1)[0] + "… (suite sous les photos)"
    bits = []
    if photo.get("theme"):
        bits.append(str(photo["theme"]))
    if photo.get("taken"):
        bits.append(str(photo["taken"]))
    if photo.get("direction") is not None:
        bits.append("vers {:.0f}°".format(float(photo["direction"]) % 360))
    if photo.get("credit"):
        bits.append("© " + str(photo["credit"]))
    text = "<b>{}.</b> {}".format(photo.get("number"), esc(caption) if caption else "<i>sans légende</i>")
    if bits:
        text += "<br/><font color='#5b6470'>{}</font>".format(esc(" · ".join(bits), newlines=False))
    return text


def _photo_grid(data: Dict[str, Any], opts: SheetOptions, styles: Dict[str, Any],
                problems: List[SheetProblem]) -> List[Flowable]:
    photos = data.get("photos") or []
    out = _heading("Photographies", styles)
    if not photos:
        out.append(Paragraph(esc("Aucune photographie retenue pour la fiche."), styles["empty"]))
        return out
    gap = 6 * mm
    cw = (base.CONTENT_WIDTH - gap) / 2.0
    ih = 62 * mm
    cells = []
    for p in photos:
        img = _photo_image(p, cw, ih, opts.dpi, problems, data, styles)
        cells.append([img, Spacer(1, 1.5 * mm), Paragraph(_caption(p, False), styles["caption"])])
    rows = []
    for i in range(0, len(cells), 2):
        row = cells[i:i + 2]
        if len(row) < 2:
            row.append("")
        rows.append([row[0], "", row[1]])
    t = Table(rows, colWidths=[cw, gap, cw], hAlign="LEFT")
    t.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm),
    ]))
    out.append(t)
    long_caps = [p for p in photos if len(base.clean_text(p.get("caption")).strip()) > PHOTO_CAPTION_MAX]
    for p in long_caps:
        out.append(Paragraph(esc("Légende complète de la photo {} :".format(p.get("number"))), styles["label"]))
        for piece in base.split_text(base.clean_text(p.get("caption")).strip(), 1500):
            out.append(Paragraph(esc(piece), styles["body"]))
        out.append(Spacer(1, 2 * mm))
    return out


def _map_block(data: Dict[str, Any], opts: SheetOptions, styles: Dict[str, Any],
               problems: List[SheetProblem]) -> List[Flowable]:
    m = data.get("map")
    w, h = opts.map_width, opts.map_height
    if m and m.get("jpeg"):
        from .base import Marker

        xmin, ymin, xmax, ymax = m["extent"]
        located = [p for p in data.get("photos") or [] if p.get("x") is not None and p.get("y") is not None]
        inside = [p for p in located if xmin <= p["x"] <= xmax and ymin <= p["y"] <= ymax]
        markers = [Marker(str(p["number"]), p["x"], p["y"], p.get("direction")) for p in inside]
        fl: List[Flowable] = [base.MapFlowable(m["jpeg"], tuple(m["extent"]), w, h, markers)]
        legend = m.get("legend") or []
        if legend or markers:
            fl += [Spacer(1, 1.5 * mm), Legend(legend, w, bool(markers))]
        outside = [str(p["number"]) for p in located if p not in inside]
        if outside:
            fl.append(Paragraph(esc("Photo(s) {} prise(s) hors du cadre de la carte.".format(", ".join(outside))),
                                styles["small"]))
        if m.get("credits"):
            fl.append(Paragraph(esc(m["credits"]), styles["small"]))
        return fl
    reason = (m or {}).get("problem") or (
        "la cité n'a pas de géométrie" if not data.get("cite_bounds") else "carte non rendue")
    if not data.get("cite_found"):
        problems.append(SheetProblem(data["key"], data["cite_name"], "no_cite", ""))
    elif not data.get("cite_bounds"):
        problems.append(SheetProblem(data["key"], data["cite_name"], "no_geometry", ""))
    else:
        problems.append(SheetProblem(data["key"], data["cite_name"], "no_map", reason))
    return [_placeholder("Carte de situation non disponible : " + reason, w, h * 0.6, styles)]


def _identification(data: Dict[str, Any], opts: SheetOptions, styles: Dict[str, Any],
                    width: float) -> List[Flowable]:
    rows = list(data.get("cite_rows") or [])
    if not data.get("cite_found"):
        rows = [("Cité", "cité introuvable dans l'enquête (lien cite_uuid rompu)")]
    out: List[Flowable] = [Paragraph(esc("Identification de la cité"), styles["h3"])]
    out += base.key_value_block(rows, styles, width=width, label_ratio=0.42, empty=opts.empty_text)
    return out


def _band(data: Dict[str, Any], opts: SheetOptions, styles: Dict[str, Any]) -> List[Flowable]:
    prev = data.get("previous_date") or ""
    cells = [
        ("Visite du", data.get("date") or opts.empty_text),
        ("Enquêteur(s)", data.get("surveyors") or opts.empty_text),
        ("Statut de la fiche", data.get("status") or opts.empty_text),
        ("Visite précédente", prev or "première visite"),
    ]
    if any(len(base.clean_text(v)) > 200 for _l, v in cells):  # a band row cannot split: long values flow
        return base.key_value_block(cells, styles, label_ratio=0.3, empty=opts.empty_text)
    row = [[Paragraph(esc(lab), styles["label"]), Paragraph(esc(val), styles["cell"])] for lab, val in cells]
    w = base.CONTENT_WIDTH / 4.0
    t = Table([row], colWidths=[w] * 4, hAlign="LEFT")
    t.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), base.HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.5, colors.white),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return [t]


def _trend(code: str, prev: str) -> str:
    if not prev:
        return "—"
    try:
        a, b = int(code), int(prev)
    except ValueError:
        return "—"
    if a > 4 or b > 4:
        return "—"
    if a < b:
        return "↗ amélioration"
    if a > b:
        return "↘ dégradation"
    return "= stable"


def _score_table(data: Dict[str, Any], styles: Dict[str, Any]) -> List[Flowable]:
    scale = data.get("scale") or []
    scores = data.get("scores") or []
    if not scores:
        return []
    has_prev = bool(data.get("previous_date"))
    first_w, trend_w = 40 * mm, 30 * mm
    cell_w = (base.CONTENT_WIDTH - first_w - trend_w) / max(1, len(scale))
    head = [Paragraph(esc("Composante"), styles["cell_head"])]
    for _code, label in scale:
        head.append(Paragraph(esc(label), styles["cell_head"]))
    head.append(Paragraph(esc("Évolution"), styles["cell_head"]))
    rows = [head]
    cmds = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 0), (-2, -1), "CENTER"),
        ("BACKGROUND", (0, 0), (-1, 0), base.HEAD_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, base.HEADING),
        ("LINEBELOW", (0, 1), (-1, -1), 0.35, base.RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    white = ParagraphStyle("score_cur", parent=styles["cell"], fontName=base.FONT_COND_BOLD,
                           textColor=colors.white, alignment=1, fontSize=7.5, leading=9)
    dark = ParagraphStyle("score_cur_dark", parent=white, textColor=base.INK)
    prev_style = ParagraphStyle("score_prev", parent=styles["empty"], alignment=1, fontSize=7.5, leading=9)
    now_tag = (data.get("date_iso") or "")[:4] or "actuelle"
    prev_tag = (data.get("previous_date") or "")[-4:] or "préc."
    for r, s in enumerate(scores, start=1):
        row: List[Any] = [Paragraph(esc(s.get("label")), styles["cell"])]
        for c, (code, _label) in enumerate(scale, start=1):
            texts = []
            st = prev_style
            if s.get("code") == code:
                colour = base.SCORE_COLOURS.get(code, colors.HexColor("#b0b7bf"))
                cmds.append(("BACKGROUND", (c, r), (c, r), colour))
                st = dark if code in ("2", "9") else white
                texts.append("● " + esc(now_tag))
            if has_prev and s.get("previous_code") == code:
                cmds.append(("BOX", (c, r), (c, r), 1.1, base.INK))
                texts.append(esc(prev_tag))
            row.append(Paragraph(" · ".join(texts), st) if texts else "")
        if not s.get("code"):
            row[0] = Paragraph(esc(s.get("label")) + " <i>(non renseigné)</i>", styles["cell"])
        row.append(Paragraph(esc(_trend(s.get("code") or "", s.get("previous_code") or "")
                                 if has_prev else "—"), styles["cell"]))
        rows.append(row)
    t = Table(rows, colWidths=[first_w] + [cell_w] * len(scale) + [trend_w], hAlign="LEFT", repeatRows=1)
    t.setStyle(TableStyle(cmds))
    if has_prev:
        note = ("Case colorée : note de cette visite ({}) ; cadre noir : note de la visite précédente, "
                "du {}.").format(data.get("date") or now_tag, data["previous_date"])
    else:
        note = "Case colorée : note de cette visite. Première visite de la cité : pas de note antérieure."
    return [Paragraph(esc("État par composante"), styles["h3"]), t, Spacer(1, 1 * mm),
            Paragraph(esc(note), styles["small"])]


def _indicator_table(data: Dict[str, Any], opts: SheetOptions, styles: Dict[str, Any]) -> List[Flowable]:
    inds = data.get("indicators") or []
    if not inds:
        return []
    has_prev = bool(data.get("previous_date"))
    prev_head = "Visite du {}".format(data["previous_date"]) if has_prev else "Visite précédente"
    rows = []
    for i in inds:
        rows.append([i["label"], i.get("value") or opts.empty_text,
                     (i.get("previous_value") or opts.empty_text) if has_prev else "—",
                     _trend(i.get("code") or "", i.get("previous_code") or "") if has_prev else "—"])
    w = base.CONTENT_WIDTH
    return [Spacer(1, 2 * mm),
            base.long_table(["Indicateur", "Cette visite", prev_head, "Évolution"], rows,
                            [w * 0.34, w * 0.22, w * 0.22, w * 0.22], styles, zebra=False)]


def _preconisations(data: Dict[str, Any], opts: SheetOptions, styles: Dict[str, Any]) -> List[Flowable]:
    out = _heading("Préconisations", styles)
    precos = data.get("preconisations") or []
    if not precos:
        out.append(Paragraph(esc("Aucune préconisation pour cette visite."), styles["empty"]))
        return out
    rows = []
    for i, p in enumerate(precos, start=1):
        rows.append([str(i), p.get("theme") or opts.empty_text, p.get("action") or opts.empty_text,
                     p.get("text") or opts.empty_text, p.get("instrument") or opts.empty_text,
                     p.get("priority") or opts.empty_text,
                     str(p["photo_number"]) if p.get("photo_number") else "—"])
    widths = [7 * mm, 25 * mm, 19 * mm, 67 * mm, 29 * mm, 19 * mm, 12 * mm]
    widths[3] += base.CONTENT_WIDTH - sum(widths)
    out.append(base.long_table(["N°", "Thème", "Action", "Préconisation", "Outil du PLUi", "Priorité", "Photo"],
                               rows, widths, styles))
    return out


def _tab_sections(data: Dict[str, Any], opts: SheetOptions, styles: Dict[str, Any]) -> List[Flowable]:
    out: List[Flowable] = []
    for tab, rows in data.get("sections") or []:
        block = _heading(tab, styles)
        if tab == data.get("score_tab"):
            block += _score_table(data, styles)
            block += _indicator_table(data, opts, styles)
            block.append(Spacer(1, 3 * mm))
        if rows:
            block += base.key_value_block(rows, styles, label_ratio=0.3, empty=opts.empty_text)
        out += block
    return out


def fiche_story(data: Dict[str, Any], styles: Dict[str, Any], opts: SheetOptions,
                problems: List[SheetProblem], level: int = 0) -> List[Flowable]:
    """The flowables of one sheet (starts with its page texts and bookmark)."""
    name = data.get("cite_name") or "Cité sans nom"
    visit = " — visite du {}".format(data["date"]) if data.get("date") else ""
    footer = "Visite du {} · Enquêteur(s) : {} · Fiche : {}".format(
        data.get("date") or opts.empty_text, data.get("surveyors") or opts.empty_text,
        data.get("status") or opts.empty_text)
    credits = " · ".join(x for x in [data.get("credits") or opts.credits,
                                    ("Photos : " + ", ".join(data["photo_credits"]))
                                    if data.get("photo_credits") else ""] if x)
    key = "fiche-" + str(data.get("key"))
    story: List[Flowable] = [
        base.PageInfo(header_left="{} — {}".format(opts.property_name, opts.property_status),
                      header_right=name, footer_left=footer, footer_credits=credits),
        base.Bookmark(name + visit, key, level=level),
        Paragraph(esc(opts.kicker.upper()), ParagraphStyle("kicker", parent=styles["label"],
                                                               textColor=base.ACCENT)),
        Paragraph(esc(name), styles["title"]),
    ]
    sub = [x for x in [data.get("communes"), data.get("unesco")] if x]
    story.append(Paragraph(esc(" · ".join(sub) if sub else "Commune non renseignée"), styles["subtitle"]))
    story += [Spacer(1, 3 * mm)] + _band(data, opts, styles) + [Spacer(1, 4 * mm)]
    map_fl = _map_block(data, opts, styles, problems)
    side_w = base.CONTENT_WIDTH - opts.map_width - 6 * mm
    ident = _identification(data, opts, styles, side_w)
    rows = data.get("cite_rows") or []
    compact = all(len(base.clean_text(v)) <= 160 for _l, v in rows) and \
        sum(len(base.clean_text(v)) for _l, v in rows) <= 900 and \
        all(not isinstance(f, Paragraph) or f.style.name != "body" for f in ident)
    story.append(base.Bookmark("Carte et identification", key + "-map", level=level + 1, toc=False))
    if compact:
        t = Table([[map_fl, "", ident]], colWidths=[opts.map_width, 6 * mm, side_w], hAlign="LEFT")
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        story.append(t)
    else:
        story += map_fl + [Spacer(1, 3 * mm)] + _identification(data, opts, styles, base.CONTENT_WIDTH)
    story.append(Spacer(1, 2 * mm))
    story.append(base.Bookmark("Photographies", key + "-photos", level=level + 1, toc=False))
    story += _photo_grid(data, opts, styles, problems)
    story.append(base.Bookmark("Caractéristiques et état", key + "-tabs", level=level + 1, toc=False))
    story += _tab_sections(data, opts, styles)
    story.append(base.Bookmark("Préconisations", key + "-precos", level=level + 1, toc=False))
    story += _preconisations(data, opts, styles)
    return story


def build_fiches_pdf(path: str, sheets: Sequence[Dict[str, Any]], opts: Optional[SheetOptions] = None,
                     title: str = "", toc: bool = False, subject: str = "",
                     is_cancelled: Optional[Callable[[], bool]] = None,
                     progress: Optional[Callable[[int], None]] = None) -> List[SheetProblem]:
    """Write the sheets into one PDF at ``path`` (atomically). Returns the problems met.

    ``toc=True`` adds a cover page with a table of contents (one entry per sheet).
    ``progress(i)`` is called as sheet ``i`` (0-based) is laid out; ``is_cancelled()`` is
    polled between sheets and raises :class:`Cancelled` (no file is left behind).
    """
    opts = opts or SheetOptions()
    styles = base.make_styles()
    problems: List[SheetProblem] = []
    story: List[Flowable] = []
    names = [s.get("cite_name") or "" for s in sheets]
    if not title:
        title = ("Fiche patrimoine — " + names[0]) if len(sheets) == 1 else "Fiches patrimoine"
    if toc:
        entries = [(0, (s.get("cite_name") or "Cité sans nom") + (" — visite du {}".format(s["date"]) if s.get("date")
                                                                  else ""), "fiche-" + str(s.get("key")))
                   for s in sheets]
        tocf = base.toc_table(entries, styles)
        story += [
            base.PageInfo(header_left="{} — {}".format(opts.property_name, opts.property_status),
                          header_right=title, footer_left="", footer_credits=opts.credits),
            Spacer(1, 20 * mm),
            Paragraph(esc(opts.kicker.upper()), styles["label"]),
            Paragraph(esc(title), styles["title"]),
            Paragraph(esc("{} fiche(s) · édition du {}".format(len(sheets), _today())), styles["subtitle"]),
            Spacer(1, 10 * mm),
            Paragraph(esc("Sommaire"), styles["h1"]),
            tocf,
        ]

    def check() -> None:
        if is_cancelled is not None and is_cancelled():
            raise Cancelled()

    for i, data in enumerate(sheets):
        check()
        if progress is not None:
            progress(i)
        if story:
            story.append(PageBreak())
        story.append(_Check(check))
        story += fiche_story(data, styles, opts, problems)

    def build(tmp: str) -> None:
        doc = base.SheetDocTemplate(
            tmp, title=title, author=opts.author,
            subject=subject or "Fiche(s) patrimoine des cités minières — " + opts.property_name,
            keywords=["patrimoine", "cité minière", "UNESCO", "PLUi"] + names[:20],
        )
        doc.build(story, canvasmaker=base.NumberedCanvas)  # one pass, TOC numbers filled at save

    base.write_pdf(path, build)
    return problems


def _today() -> str:
    import datetime as _dt

    return _dt.date.today().strftime("%d/%m/%Y")


def score_colour(code: str) -> Any:
    return base.SCORE_COLOURS.get(code, colors.HexColor("#b0b7bf"))
