"""Shared building blocks of Vigie's PDF documents (fiche sheets, PLUi annex, impact sheets).

Pure Python (reportlab + Pillow), no QGIS. What is here:

* fonts: :func:`register_fonts` embeds the DejaVu Sans family shipped in
  ``resources/fonts`` (French accents, œ, « », €, most scripts);
* :func:`make_styles`: the French paragraph styles (``title``, ``h1``…``h3``, ``body``,
  ``small``, ``caption``, ``label``, ``cell``, ``cell_head``, ``empty``, ``toc1``, ``toc2``);
* :func:`esc`: user text -> Paragraph markup (``<``, ``&``, ``>`` print as typed; newlines kept;
  control characters become spaces). EVERY piece of user text goes through it;
* :class:`SheetDocTemplate`: A4 portrait document with a header band, a footer (left text,
  credits line) and "page x/y" (via :class:`NumberedCanvas`), PDF metadata (title, author,
  subject, keywords, language fr-FR), bookmarks/outline and table-of-contents entries from
  :class:`Bookmark` flowables, per-page header/footer texts from :class:`PageInfo` flowables;
* :func:`write_pdf`: build into a temporary file next to the target, then rename (a cancelled
  or failed build leaves nothing; a locked target raises :class:`OutputError`);
* images: :func:`prepare_jpeg` (any Pillow-readable bytes -> JPEG bytes downsampled to print
  resolution, EXIF orientation applied, originals untouched), :func:`image_flowable`,
  :class:`MapFlowable` (a rendered map with scale bar, north arrow and numbered markers with
  direction arrows drawn as vector graphics on the sheet);
* tables: :func:`key_value_block` (label/value rows; long values flow as paragraphs so they can
  split across pages), :func:`long_table` (``LongTable(repeatRows=1)`` that splits cleanly).
"""

import io
import math
import os
import re
import tempfile
from typing import Any, Callable, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

RESOURCES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                         "resources")
FONT_DIR = os.path.join(RESOURCES, "fonts")

FONT = "VigieSans"
FONT_BOLD = "VigieSans-Bold"
FONT_ITALIC = "VigieSans-Oblique"
FONT_COND = "VigieSansCond"
FONT_COND_BOLD = "VigieSansCond-Bold"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_COND: "DejaVuSansCondensed.ttf",
    FONT_COND_BOLD: "DejaVuSansCondensed-Bold.ttf",
}

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 16 * mm
MARGIN_RIGHT = 16 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
CONTENT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

# Palette: sober dark blue for text structure, a coal-and-brick accent of the mining basin.
INK = colors.HexColor("#1d2733")
HEADING = colors.HexColor("#1f3a5f")
ACCENT = colors.HexColor("#a4462b")
MUTED = colors.HexColor("#5b6470")
RULE = colors.HexColor("#b9c1cb")
HEAD_FILL = colors.HexColor("#e6ebf1")
ZEBRA_FILL = colors.HexColor("#f6f8fa")

# Default colours of the condition scale (codes of the "etat" vocabulary).
SCORE_COLOURS = {
    "1": colors.HexColor("#2e7d32"),
    "2": colors.HexColor("#9acd32"),
    "3": colors.HexColor("#f39c12"),
    "4": colors.HexColor("#c0392b"),
    "9": colors.HexColor("#b0b7bf"),
}

DEFAULT_PRINT_DPI = 200

# Binary streams: ASCII85 (reportlab's default) makes files 25 % larger and, without the
# optional C accelerator, costs seconds per document in pure Python.
rl_config.useA85 = 0

# Map symbology shared by the QGIS renderer (processing/maprender.py) and the legends
# drawn on the sheets: style key -> (fill "#rrggbb" or "", fill opacity, stroke, stroke width
# in mm, dash pattern in mm or None, shape "area" | "point" | "line").
MAP_STYLES = {
    "hillshade": ("#d9d9d9", 1.0, "", 0.0, None, "area"),
    "buffer_zone": ("#e8eef5", 0.55, "#6a8caf", 0.45, (1.6, 0.9), "area"),
    "perimeter": ("", 0.0, "#1f3a5f", 0.7, (3.0, 1.2), "area"),
    "buildings": ("#9aa3ad", 1.0, "#7d868f", 0.1, None, "area"),
    "cites": ("", 0.0, "#a4462b", 0.35, None, "area"),
    "cite": ("#f0a060", 0.35, "#a4462b", 0.9, None, "area"),
    "elements": ("#5a1e12", 0.85, "#2b0d07", 0.25, None, "point"),
}

_registered = False


class _NotdefMap(dict):
    """charToGlyph of a font: every character is "in" it; unknown ones map to glyph 0."""

    def __contains__(self, code: object) -> bool:
        return True

    def __missing__(self, code: int) -> int:
        return 0


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF as UTF-16 pairs (emoji)."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        "<< /Registry (%s)" % fontname,
        "/Ordering (%s)" % fontname,
        "/Supplement 0",
        ">> def",
        "/CMapName /%s def" % fontname,
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1),
        "endcodespacerange",
        "%d beginbfchar" % len(subset),
    ] + ["<%02X> <%s>" % (i, _utf16_hex(v)) for i, v in enumerate(subset)] + [
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ])


def _patch_reportlab_text() -> None:
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def register_fonts() -> None:
    """Register the embedded DejaVu Sans family once (idempotent)."""
    global _registered
    if _registered:
        return
    _patch_reportlab_text()
    for name, fname in _FONT_FILES.items():
        font = TTFont(name, os.path.join(FONT_DIR, fname))
        # A character the font has no glyph for still gets its own code (drawn as the
        # font's "missing" box), so that copy/paste and search give the text as typed.
        font.face.charToGlyph = _NotdefMap(font.face.charToGlyph)
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD)
    pdfmetrics.registerFontFamily(FONT_COND, normal=FONT_COND, bold=FONT_COND_BOLD,
                                  italic=FONT_ITALIC, boldItalic=FONT_COND_BOLD)
    _registered = True


# --------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------

# C0/C1 controls (except tab/newline handled below), lone surrogates, non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: Any) -> str:
    """User value -> plain text reportlab can print (None -> "", controls -> spaces)."""
    if value is None:
        return ""
    text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\t", " ")
    return _CONTROL.sub(" ", text)


def esc(value: Any, newlines: bool = True) -> str:
    """Escape user text for reportlab's Paragraph markup.

    ``&``, ``<`` and ``>`` print as typed; newlines become line breaks (or spaces with
    ``newlines=False``); control characters become spaces; ``None`` gives "".
    """
    text = clean_text(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\n", "<br/>" if newlines else " ")


def make_styles(base_size: float = 9.0) -> Dict[str, ParagraphStyle]:
    """The French paragraph styles shared by the sheets (fonts registered on the way)."""
    register_fonts()
    s = base_size
    common = dict(fontName=FONT_COND, fontSize=s, leading=s * 1.28, textColor=INK,
                  splitLongWords=1, allowWidows=0, allowOrphans=0)
    styles = {
        "body": ParagraphStyle("body", **common),
        "small": ParagraphStyle("small", **dict(common, fontSize=s - 1.5, leading=(s - 1.5) * 1.25,
                                                 textColor=MUTED)),
        "caption": ParagraphStyle("caption", **dict(common, fontSize=s - 1.5,
                                                   leading=(s - 1.5) * 1.22)),
        "label": ParagraphStyle("label", **dict(common, fontName=FONT_COND_BOLD, textColor=MUTED,
                                                 fontSize=s - 0.5, leading=(s - 0.5) * 1.25)),
        "cell": ParagraphStyle("cell", **dict(common, fontSize=s - 0.5, leading=(s - 0.5) * 1.22)),
        "cell_head": ParagraphStyle("cell_head", **dict(common, fontName=FONT_COND_BOLD,
                                                        fontSize=s - 0.5, leading=(s - 0.5) * 1.22,
                                                        textColor=HEADING)),
        "empty": ParagraphStyle("empty", **dict(common, fontName=FONT_ITALIC, textColor=MUTED,
                                                 fontSize=s - 1)),
        "title": ParagraphStyle("title", **dict(common, fontName=FONT_BOLD, fontSize=s + 9,
                                                 leading=(s + 9) * 1.18, textColor=HEADING,
                                                 spaceAfter=2)),
        "subtitle": ParagraphStyle("subtitle", **dict(common, fontName=FONT, fontSize=s + 1.5,
                                                    leading=(s + 1.5) * 1.3, textColor=MUTED)),
        "h1": ParagraphStyle("h1", **dict(common, fontName=FONT_BOLD, fontSize=s + 4,
                                          leading=(s + 4) * 1.2, textColor=HEADING, spaceBefore=6,
                                          spaceAfter=4, keepWithNext=1)),
        "h2": ParagraphStyle("h2", **dict(common, fontName=FONT_BOLD, fontSize=s + 1.5,
                                          leading=(s + 1.5) * 1.25, textColor=HEADING,
                                          spaceBefore=8, spaceAfter=3, keepWithNext=1)),
        "h3": ParagraphStyle("h3", **dict(common, fontName=FONT_COND_BOLD, fontSize=s + 0.5,
                                          leading=(s + 0.5) * 1.25, textColor=ACCENT,
                                          spaceBefore=4, spaceAfter=2, keepWithNext=1)),
        "toc1": ParagraphStyle("toc1", **dict(common, fontName=FONT_BOLD, fontSize=s + 1,
                                            leading=(s + 1) * 1.5, leftIndent=0)),
        "toc2": ParagraphStyle("toc2", **dict(common, fontSize=s, leading=s * 1.4, leftIndent=12)),
        "right": ParagraphStyle("right", **dict(common, alignment=TA_RIGHT)),
        "center": ParagraphStyle("center", **dict(common, alignment=TA_CENTER)),
    }
    return styles


def para(text: Any, style: ParagraphStyle, markup: str = "") -> Paragraph:
    """A Paragraph of user text, escaped; ``markup`` is a trusted prefix (e.g. "<b>Label :</b> ")."""
    return Paragraph(markup + esc(text), style)


def value_or_empty(value: Any, styles: Dict[str, ParagraphStyle], empty: str) -> Paragraph:
    """The value in ``cell`` style, or ``empty`` (e.g. "non renseigné") in the ``empty`` style."""
    text = clean_text(value).strip()
    if not text:
        return Paragraph(esc(empty), styles["empty"])
    return Paragraph(esc(text), styles["cell"])


# --------------------------------------------------------------------------------------
# Document template, page decoration, bookmarks
# --------------------------------------------------------------------------------------

class PageInfo(Flowable):
    """Zero-size flowable: from here on, the page decoration uses these texts.

    Keys used by :class:`SheetDocTemplate`: ``header_left``, ``header_right``,
    ``footer_left``, ``footer_credits``. Place it right after a page break so the whole page
    gets the new texts (the decoration is drawn when the page ends).
    """

    _ZEROSIZE = 1

    def __init__(self, **info: str) -> None:
        super().__init__()
        self.info = info

    def wrap(self, aw: float, ah: float) -> Tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class Bookmark(Flowable):
    """Zero-size flowable: a PDF outline entry (and a table-of-contents entry) here."""

    _ZEROSIZE = 1

    def __init__(self, title: str, key: str, level: int = 0, toc: bool = True) -> None:
        super().__init__()
        self.title = clean_text(title).replace("\n", " ")
        self.key = key
        self.level = level
        self.toc = toc

    def wrap(self, aw: float, ah: float) -> Tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class NumberedCanvas(Canvas):
    """Canvas that writes "page x/y" on every page once the total is known."""

    page_label = "page {page}/{total}"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: List[dict] = []
        self._page_bookmarks: List[Tuple[str, dict]] = []
        self._bookmark_numbers: Dict[str, int] = {}
        self._page_refs: List[tuple] = []

    def bookmarkPage(self, key: str, **kw: Any) -> None:  # noqa: N802 - reportlab API
        # Pages are only emitted in save(): the destination is made then, on the right page.
        self._page_bookmarks.append((key, kw))
        self._bookmark_numbers[key] = self._pageNumber

    def add_page_ref(self, x: float, y: float, key: str, font: str, size: float) -> None:
        """Write, at save time, the page number of bookmark ``key`` right-aligned at (x, y)
        on the current page (a table of contents in a single layout pass)."""
        self._page_refs.append((self._pageNumber, x, y, key, font, size))

    def showPage(self) -> None:  # noqa: N802 - reportlab API
        self._saved_pages.append(dict(self.__dict__))
        self._page_bookmarks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            for key, kw in state.get("_page_bookmarks", []):
                Canvas.bookmarkPage(self, key, **kw)
            for page, x, y, key, font, size in self._page_refs:
                if page == self._pageNumber and key in self._bookmark_numbers:
                    self.saveState()
                    self.setFont(font, size)
                    self.setFillColor(INK)
                    self.drawRightString(x, y, str(self._bookmark_numbers[key]))
                    self.restoreState()
            self._draw_page_number(total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _draw_page_number(self, total: int) -> None:
        register_fonts()
        self.saveState()
        self.setFont(FONT_COND, 7.5)
        self.setFillColor(MUTED)
        label = getattr(self, "_vigie_page_label", self.page_label)
        self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, MARGIN_BOTTOM - 12 * mm,
                             label.format(page=self._pageNumber, total=total))
        self.restoreState()


class PageRef(Flowable):
    """The page number of a :class:`Bookmark`, known only later: written at save time by
    :class:`NumberedCanvas` (so a table of contents needs a single layout pass)."""

    def __init__(self, key: str, width: float = 14 * mm, font: str = FONT_COND, size: float = 9.0) -> None:
        super().__init__()
        self.key = key
        self.width = width
        self.font = font
        self.size = size

    def wrap(self, aw: float, ah: float) -> Tuple[float, float]:
        return self.width, self.size * 1.25

    def draw(self) -> None:
        add = getattr(self.canv, "add_page_ref", None)
        if add is not None:
            x, y = self.canv.absolutePosition(self.width, self.size * 0.25)
            add(x, y, self.key, self.font, self.size)


def toc_table(entries: Sequence[Tuple[int, str, str]], styles: Dict[str, ParagraphStyle],
              width: float = CONTENT_WIDTH) -> Table:
    """A table of contents of (level, title, bookmark key) in one layout pass (see :class:`PageRef`).
    Titles are user text (escaped here)."""
    rows = []
    for level, title, key in entries:
        st = styles["toc1"] if level == 0 else styles["toc2"]
        rows.append([Paragraph(esc(title), st), PageRef(key, font=st.fontName, size=st.fontSize)])
    t = Table(rows, colWidths=[width - 16 * mm, 16 * mm], hAlign="LEFT")
    t.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE, 1, (1, 2)),
    ]))
    return t


class SheetDocTemplate(BaseDocTemplate):
    """A4 portrait document: header band, footer, page x/y, metadata, bookmarks, TOC.

    ``header_left`` / ``header_right`` / ``footer_left`` / ``footer_credits`` are the
    initial page texts; :class:`PageInfo` flowables change them. ``page_label`` is the
    "page x/y" pattern (``{page}``, ``{total}``).
    """

    def __init__(self, filename: Any, title: str = "", author: str = "", subject: str = "",
                 keywords: Sequence[str] = (), creator: str = "Vigie (QGIS)",
                 header_left: str = "", header_right: str = "", footer_left: str = "",
                 footer_credits: str = "", page_label: str = "page {page}/{total}",
                 lang: str = "fr-FR", **kw: Any) -> None:
        register_fonts()
        super().__init__(filename, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
                         title=clean_text(title), author=clean_text(author),
                         subject=clean_text(subject), creator=creator,
                         keywords=[clean_text(k) for k in keywords], lang=lang,
                         initialFontName=FONT_COND, **kw)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="sheet", frames=[frame], onPageEnd=self._decorate)])
        self.page_label = page_label
        self.initial_info = {"header_left": header_left, "header_right": header_right,
                             "footer_left": footer_left, "footer_credits": footer_credits}
        self.page_info = dict(self.initial_info)
        self.outline_keys: List[str] = []

    # reportlab calls this at the start of each pass of multiBuild
    def _startBuild(self, *args: Any, **kwargs: Any) -> None:  # noqa: N802
        super()._startBuild(*args, **kwargs)
        self.page_info = dict(self.initial_info)
        self.outline_keys = []
        self.canv._vigie_page_label = self.page_label

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab API
        if isinstance(flowable, PageInfo):
            self.page_info.update(flowable.info)
        elif isinstance(flowable, Bookmark):
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.title, flowable.key, level=flowable.level,
                                      closed=flowable.level > 0)
            self.outline_keys.append(flowable.key)
            if flowable.toc:
                self.notify("TOCEntry", (flowable.level, esc(flowable.title), self.page, flowable.key))

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        info = self.page_info
        canv.saveState()
        top = PAGE_HEIGHT - 11 * mm
        canv.setFillColor(ACCENT)
        canv.rect(MARGIN_LEFT, top + 3.2 * mm, 14 * mm, 1.3 * mm, stroke=0, fill=1)
        canv.setFont(FONT_COND, 7.5)
        canv.setFillColor(MUTED)
        left = clean_text(info.get("header_left", "")).replace("\n", " ")
        right = clean_text(info.get("header_right", "")).replace("\n", " ")
        right_w = pdfmetrics.stringWidth(right, FONT_COND_BOLD, 8.5)
        max_left = CONTENT_WIDTH - right_w - 6 * mm
        canv.drawString(MARGIN_LEFT, top, _fit(left, FONT_COND, 7.5, max_left))
        canv.setFont(FONT_COND_BOLD, 8.5)
        canv.setFillColor(HEADING)
        canv.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, top,
                             _fit(right, FONT_COND_BOLD, 8.5, CONTENT_WIDTH * 0.6))
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_LEFT, top - 2.2 * mm, PAGE_WIDTH - MARGIN_RIGHT, top - 2.2 * mm)
        # footer
        y = MARGIN_BOTTOM - 7 * mm
        canv.line(MARGIN_LEFT, y + 3.5 * mm, PAGE_WIDTH - MARGIN_RIGHT, y + 3.5 * mm)
        canv.setFont(FONT_COND, 7.5)
        canv.setFillColor(INK)
        footer = clean_text(info.get("footer_left", "")).replace("\n", " ")
        canv.drawString(MARGIN_LEFT, y, _fit(footer, FONT_COND, 7.5, CONTENT_WIDTH))
        credits = clean_text(info.get("footer_credits", "")).replace("\n", " ")
        canv.setFont(FONT_COND, 6.5)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN_LEFT, y - 5 * mm, _fit(credits, FONT_COND, 6.5, CONTENT_WIDTH - 22 * mm))
        canv.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so that it fits ``width`` points on one line."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if pdfmetrics.stringWidth(text[:mid] + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


class OutputError(Exception):
    """The PDF could not be written to ``path``; ``reason`` is "folder" or "locked"."""

    def __init__(self, path: str, reason: str, detail: str = "") -> None:
        super().__init__("{}: {} ({})".format(reason, path, detail))
        self.path = path
        self.reason = reason
        self.detail = detail


def check_writable_folder(folder: str) -> None:
    """Create ``folder`` if needed and check a file can be written in it (OutputError)."""
    try:
        os.makedirs(folder, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".vigie-probe-", dir=folder)
        os.close(fd)
        os.remove(probe)
    except OSError as exc:
        raise OutputError(folder, "folder", exc.strerror or str(exc)) from exc


def write_pdf(path: str, build: Callable[[str], None]) -> None:
    """Call ``build(temp_path)`` then move the temporary file onto ``path``.

    Any exception in ``build`` (cancel included) removes the temporary file and leaves an
    existing ``path`` untouched. A target that cannot be replaced (open in a viewer on
    Windows, read-only, a folder) raises :class:`OutputError` with reason "locked".
    """
    import uuid

    folder = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(folder, ".{}.{}.part".format(os.path.basename(path)[:60], uuid.uuid4().hex[:12]))
    try:
        with open(tmp, "xb"):  # ordinary permissions (mkstemp would make it private)
            pass
    except OSError as exc:
        raise OutputError(folder, "folder", exc.strerror or str(exc)) from exc
    try:
        build(tmp)
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise OutputError(path, "locked", exc.strerror or str(exc)) from exc
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


# --------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------

class ImageError(ValueError):
    """An image could not be read; ``reason``: "unreadable" or "unsupported" (e.g. HEIC)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__("{} ({})".format(reason, detail))
        self.reason = reason
        self.detail = detail


class PreparedImage(NamedTuple):
    data: bytes  # JPEG bytes
    width_px: int
    height_px: int

    @property
    def aspect(self) -> float:
        return self.width_px / float(self.height_px)


def _is_heif(data: bytes) -> bool:
    return len(data) > 12 and data[4:8] == b"ftyp" and data[8:12] in (
        b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis", b"avif")


def prepare_jpeg(data: bytes, max_width_pt: float, max_height_pt: float,
                 dpi: float = DEFAULT_PRINT_DPI, quality: int = 82) -> PreparedImage:
    """Image bytes (JPEG, PNG, TIFF… anything Pillow reads) -> JPEG fit for print.

    Downsampled so that it holds at most ``dpi`` pixels per inch when printed inside a
    ``max_width_pt`` × ``max_height_pt`` box (JPEG decoding at reduced scale, so a 12 MP photo
    stays fast), EXIF orientation applied, transparency flattened on white. A JPEG that is
    already small enough and upright is returned byte for byte. Raises :class:`ImageError`.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise ImageError("unreadable", "empty file")
    if _is_heif(data):
        raise ImageError("unsupported", "HEIC/HEIF")
    target = (max(16, int(math.ceil(max_width_pt / 72.0 * dpi))),
              max(16, int(math.ceil(max_height_pt / 72.0 * dpi))))
    try:
        im = Image.open(io.BytesIO(data))
        fmt = im.format
        orientation = 1
        try:
            orientation = int(im.getexif().get(0x0112, 1) or 1)
        except Exception:  # broken EXIF: ignore the orientation
            orientation = 1
        if fmt == "JPEG":
            req = target if orientation < 5 else (target[1], target[0])
            # draft() decodes at 1/2, 1/4, 1/8 scale: fast, still >= the requested size.
            im.draft("RGB", (req[0], req[1]))
        im.load()
        if orientation != 1:
            im = ImageOps.exif_transpose(im)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError,
            Image.DecompressionBombError) as exc:
        raise ImageError("unreadable", str(exc)) from exc
    w, h = im.size
    if w < 1 or h < 1:
        raise ImageError("unreadable", "empty image")
    scale = min(1.0, target[0] / float(w), target[1] / float(h))
    if fmt == "JPEG" and orientation == 1 and scale >= 1.0 and im.mode in ("RGB", "L") \
            and im.size == Image.open(io.BytesIO(data)).size:
        return PreparedImage(bytes(data), w, h)
    if im.mode in ("RGBA", "LA", "P", "PA"):
        im = im.convert("RGBA")
        bg = Image.new("RGB", im.size, (255, 255, 255))
        bg.paste(im, mask=im.split()[3])
        im = bg
    elif im.mode != "RGB":
        im = im.convert("RGB")
    if scale < 1.0:
        size = (max(1, int(round(w * scale))), max(1, int(round(h * scale))))
        im = im.resize(size, Image.BICUBIC, reducing_gap=2.0)
    out = io.BytesIO()
    im.save(out, "JPEG", quality=quality, optimize=True)
    return PreparedImage(out.getvalue(), im.size[0], im.size[1])


def fit_box(aspect: float, max_width: float, max_height: float) -> Tuple[float, float]:
    """Largest (width, height) of the given aspect inside the box."""
    w = max_width
    h = w / aspect
    if h > max_height:
        h = max_height
        w = h * aspect
    return w, h


def image_flowable(image: PreparedImage, max_width: float, max_height: float) -> Image:
    """A reportlab Image of the prepared JPEG (embedded as is, DCT), fit in the box."""
    w, h = fit_box(image.aspect, max_width, max_height)
    return Image(io.BytesIO(image.data), width=w, height=h)


class Marker(NamedTuple):
    """A numbered point on a map, in map units; ``direction`` in degrees clockwise from north."""

    label: str
    x: float
    y: float
    direction: Optional[float] = None


def nice_scale_length(max_metres: float) -> float:
    """Largest 1/2/2.5/5 × 10^k metres not above ``max_metres``."""
    if max_metres <= 0:
        return 0.0
    k = math.floor(math.log10(max_metres))
    best = 10.0 ** k
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * 10.0 ** k <= max_metres:
            best = m * 10.0 ** k
    return best


def _metres_label(m: float) -> str:
    if m >= 1000:
        km = m / 1000.0
        return ("%g km" % km).replace(".", ",")
    return ("%g m" % m).replace(".", ",")


class MapFlowable(Flowable):
    """A map picture with a scale bar, a north arrow and numbered markers drawn on the sheet.

    ``extent`` = (xmin, ymin, xmax, ymax) in metres (projected CRS, north up) of the picture;
    ``width`` × ``height`` the size on the sheet in points (same aspect as the extent).
    Markers outside the extent are not drawn.
    """

    def __init__(self, jpeg: bytes, extent: Tuple[float, float, float, float], width: float,
                 height: float, markers: Iterable[Marker] = (), scale_bar: bool = True,
                 north_arrow: bool = True, frame: bool = True) -> None:
        super().__init__()
        self.jpeg = jpeg
        self.extent = extent
        self.width = width
        self.height = height
        self.markers = list(markers)
        self.scale_bar = scale_bar
        self.north_arrow = north_arrow
        self.frame = frame

    def wrap(self, aw: float, ah: float) -> Tuple[float, float]:
        return self.width, self.height

    def to_sheet(self, x: float, y: float) -> Tuple[float, float]:
        xmin, ymin, xmax, ymax = self.extent
        return ((x - xmin) / (xmax - xmin) * self.width, (y - ymin) / (ymax - ymin) * self.height)

    def draw(self) -> None:
        from reportlab.lib.utils import ImageReader

        c = self.canv
        c.drawImage(ImageReader(io.BytesIO(self.jpeg)), 0, 0, self.width, self.height)
        c.saveState()
        p = c.beginPath()
        p.rect(0, 0, self.width, self.height)
        c.clipPath(p, stroke=0, fill=0)
        for mk in self.markers:
            self._draw_marker(mk)
        c.restoreState()
        if self.scale_bar:
            self._draw_scale_bar()
        if self.north_arrow:
            self._draw_north_arrow()
        if self.frame:
            c.setStrokeColor(INK)
            c.setLineWidth(0.6)
            c.rect(0, 0, self.width, self.height, stroke=1, fill=0)

    def _draw_marker(self, mk: Marker) -> None:
        xmin, ymin, xmax, ymax = self.extent
        if not (xmin <= mk.x <= xmax and ymin <= mk.y <= ymax):
            return
        c = self.canv
        sx, sy = self.to_sheet(mk.x, mk.y)
        r = 2.6 * mm
        if mk.direction is not None and math.isfinite(mk.direction):
            a = math.radians(mk.direction)
            dx, dy = math.sin(a), math.cos(a)
            length = 9 * mm
            tx, ty = sx + dx * length, sy + dy * length
            c.setStrokeColor(colors.white)
            c.setLineWidth(2.6)
            c.line(sx, sy, tx, ty)
            c.setStrokeColor(ACCENT)
            c.setLineWidth(1.3)
            c.line(sx, sy, tx, ty)
            # arrow head
            hx, hy = -dy, dx
            head = 2.2 * mm
            p = c.beginPath()
            p.moveTo(tx + dx * head * 0.6, ty + dy * head * 0.6)
            p.lineTo(tx - dx * head + hx * head * 0.6, ty - dy * head + hy * head * 0.6)
            p.lineTo(tx - dx * head - hx * head * 0.6, ty - dy * head - hy * head * 0.6)
            p.close()
            c.setFillColor(ACCENT)
            c.setStrokeColor(colors.white)
            c.setLineWidth(0.6)
            c.drawPath(p, stroke=1, fill=1)
        c.setFillColor(colors.white)
        c.setStrokeColor(ACCENT)
        c.setLineWidth(1.0)
        c.circle(sx, sy, r, stroke=1, fill=1)
        c.setFillColor(ACCENT)
        size = 7.0 if len(mk.label) < 3 else 5.5
        c.setFont(FONT_COND_BOLD, size)
        c.drawCentredString(sx, sy - size * 0.36, mk.label)

    def _draw_scale_bar(self) -> None:
        c = self.canv
        xmin, _ymin, xmax, _ymax = self.extent
        metres_per_pt = (xmax - xmin) / self.width
        length_m = nice_scale_length(metres_per_pt * self.width * 0.28)
        if length_m <= 0:
            return
        bar = length_m / metres_per_pt
        x0, y0, hgt = 4 * mm, 4 * mm, 1.6 * mm
        c.setFillColor(colors.Color(1, 1, 1, alpha=0.8))
        c.setStrokeColor(colors.Color(1, 1, 1, alpha=0))
        c.rect(x0 - 2 * mm, y0 - 2 * mm, bar + 14 * mm, 8.5 * mm, stroke=0, fill=1)
        n = 4 if (length_m / 4) == int(length_m / 4) else 2
        seg = bar / n
        c.setLineWidth(0.5)
        c.setStrokeColor(INK)
        for i in range(n):
            c.setFillColor(INK if i % 2 == 0 else colors.white)
            c.rect(x0 + i * seg, y0, seg, hgt, stroke=1, fill=1)
        c.setFillColor(INK)
        c.setFont(FONT_COND, 6.5)
        c.drawCentredString(x0, y0 + hgt + 1.2 * mm, "0")
        c.drawString(x0 + bar + 1.2 * mm, y0 + hgt + 1.2 * mm - 0.0, "")
        c.drawCentredString(x0 + bar, y0 + hgt + 1.2 * mm, _metres_label(length_m))

    def _draw_north_arrow(self) -> None:
        c = self.canv
        cx, top = self.width - 7 * mm, self.height - 4 * mm
        c.setFillColor(colors.Color(1, 1, 1, alpha=0.8))
        c.circle(cx, top - 6 * mm, 5.2 * mm, stroke=0, fill=1)
        p = c.beginPath()
        p.moveTo(cx, top - 1.5 * mm)
        p.lineTo(cx + 2.4 * mm, top - 9.5 * mm)
        p.lineTo(cx, top - 7.8 * mm)
        p.close()
        c.setFillColor(INK)
        c.setStrokeColor(INK)
        c.setLineWidth(0.5)
        c.drawPath(p, stroke=1, fill=1)
        p = c.beginPath()
        p.moveTo(cx, top - 1.5 * mm)
        p.lineTo(cx - 2.4 * mm, top - 9.5 * mm)
        p.lineTo(cx, top - 7.8 * mm)
        p.close()
        c.setFillColor(colors.white)
        c.drawPath(p, stroke=1, fill=1)
        c.setFillColor(INK)
        c.setFont(FONT_BOLD, 6.5)
        c.drawCentredString(cx, top - 12.6 * mm, "N")


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------

LONG_VALUE_CHARS = 700  # longer values flow as paragraphs (a table row cannot split)


def _grid_style(header: bool, zebra: bool, n_rows: int) -> List[tuple]:
    cmds = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.35, RULE),
    ]
    start = 0
    if header:
        cmds += [("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                 ("LINEBELOW", (0, 0), (-1, 0), 0.8, HEADING)]
        start = 1
    if zebra:
        for r in range(start + 1, n_rows, 2):
            cmds.append(("BACKGROUND", (0, r), (-1, r), ZEBRA_FILL))
    return cmds


class PlainCell(str):
    """A one-line table cell drawn as a plain string (no paragraph layout: several times faster).
    Carries its paragraph style; :func:`plain_cell_styles` turns it into table commands."""

    style: ParagraphStyle

    def __new__(cls, text: str, style: ParagraphStyle) -> "PlainCell":
        obj = super().__new__(cls, text)
        obj.style = style
        return obj


def text_cell(value: Any, style: ParagraphStyle, width: float, padding: float = 6.5) -> Any:
    """A cell for user text: a :class:`PlainCell` when it fits on one line of ``width`` points
    (minus the cell padding), else an escaped Paragraph that wraps."""
    text = clean_text(value)
    if "\n" not in text and len(text) < 200 and \
            pdfmetrics.stringWidth(text, style.fontName, style.fontSize) <= width - padding:
        return PlainCell(text, style)
    return Paragraph(esc(text), style)


def plain_cell_styles(data: Sequence[Sequence[Any]]) -> List[tuple]:
    """FONT and TEXTCOLOR commands for the :class:`PlainCell` cells of table ``data``."""
    cmds: List[tuple] = []
    for r, row in enumerate(data):
        for c, cell in enumerate(row):
            if isinstance(cell, PlainCell):
                st = cell.style
                cmds.append(("FONT", (c, r), (c, r), st.fontName, st.fontSize, st.leading))
                cmds.append(("TEXTCOLOR", (c, r), (c, r), st.textColor))
    return cmds


def key_value_block(rows: Sequence[Tuple[str, Any]], styles: Dict[str, ParagraphStyle],
                    width: float = CONTENT_WIDTH, label_ratio: float = 0.32,
                    empty: Optional[str] = None, columns: int = 1) -> List[Flowable]:
    """Label/value rows as flowables. Values are user text (escaped here).

    Empty values: shown as ``empty`` in italics when given, else the row is left out.
    ``columns=2`` puts short rows side by side (label, value, label, value). A value longer
    than :data:`LONG_VALUE_CHARS` is emitted as a label paragraph followed by the value as
    paragraphs, so that it splits across pages.
    """
    out: List[Flowable] = []
    pending: List[Tuple[str, Any]] = []

    def flush() -> None:
        if not pending:
            return
        if columns == 2:
            colw = width / 2.0
            lw = colw * label_ratio * 1.25
            data = []
            for i in range(0, len(pending), 2):
                row: List[Any] = []
                for lab, val in pending[i:i + 2]:
                    row += [text_cell(lab, styles["label"], lw), _value_cell(val, styles, empty, colw - lw)]
                while len(row) < 4:
                    row.append("")
                data.append(row)
            widths = [lw, colw - lw, lw, colw - lw]
        else:
            lw = width * label_ratio
            data = [[text_cell(lab, styles["label"], lw), _value_cell(val, styles, empty, width - lw)]
                    for lab, val in pending]
            widths = [lw, width - lw]
        t = Table(data, colWidths=widths, hAlign="LEFT")
        t.setStyle(TableStyle(_grid_style(False, False, len(data)) + plain_cell_styles(data)))
        out.append(t)
        pending.clear()

    for label, value in rows:
        text = clean_text(value).strip()
        if not text and empty is None:
            continue
        if len(text) > LONG_VALUE_CHARS:
            flush()
            out.append(Paragraph(esc(label), styles["label"]))
            for chunk in text.split("\n\n"):
                out.append(Paragraph(esc(chunk), styles["body"]))
                out.append(Spacer(1, 2))
            continue
        pending.append((label, text))
    flush()
    return out


def _value_cell(value: str, styles: Dict[str, ParagraphStyle], empty: Optional[str], width: float) -> Any:
    if not value:
        return text_cell(empty or "", styles["empty"], width)
    return text_cell(value, styles["cell"], width)


def split_text(text: str, size: int = LONG_VALUE_CHARS) -> List[str]:
    """``text`` cut into pieces of at most about ``size`` characters, at paragraph breaks,
    then line breaks, then spaces when possible (nothing is lost: joining the pieces with
    whitespace gives the text back)."""
    text = clean_text(text)
    if len(text) <= size:
        return [text]
    pieces: List[str] = []
    rest = text
    while len(rest) > size:
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = rest.rfind(sep, size // 3, size)
            if cut > 0:
                break
        if cut <= 0:
            cut = size
        pieces.append(rest[:cut])
        rest = rest[cut:].lstrip("\n ")
    if rest:
        pieces.append(rest)
    return pieces


def long_table(header: Sequence[str], rows: Sequence[Sequence[Any]], col_widths: Sequence[float],
               styles: Dict[str, ParagraphStyle], zebra: bool = True,
               extra_style: Sequence[tuple] = ()) -> LongTable:
    """A ``LongTable(repeatRows=1)``: header repeated on each page, rows split cleanly.

    Header cells are trusted labels; row cells are user values (str, escaped here) or
    ready flowables. A cell longer than :data:`LONG_VALUE_CHARS` continues on extra rows
    (same background, no rule between), so no row is ever taller than a page.
    ``extra_style`` commands use logical row numbers of ``rows`` counted from 1 (header 0)
    and only work when no row is continued; prefer cell flowables for styling.
    """
    data: List[List[Any]] = [[text_cell(h, styles["cell_head"], w) for h, w in zip(header, col_widths)]]
    cmds: List[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, HEADING),
    ]
    # at most ~36 lines per physical row in each column, even with full-width (CJK) characters
    sizes = [max(40, int(w / styles["cell"].fontSize) * 36) for w in col_widths]
    for i, row in enumerate(rows):
        cells = [c if isinstance(c, Flowable) else split_text(clean_text(c), min(LONG_VALUE_CHARS * 3, size))
                 for c, size in zip(row, sizes)]
        n = max([1] + [len(c) for c in cells if isinstance(c, list)])
        first = len(data)
        for k in range(n):
            phys: List[Any] = []
            for c, w in zip(cells, col_widths):
                if isinstance(c, list):
                    phys.append(text_cell(c[k], styles["cell"], w) if k < len(c) else "")
                else:
                    phys.append(c if k == 0 else "")
            data.append(phys)
        last = len(data) - 1
        if n > 1:
            cmds += [("TOPPADDING", (0, r), (-1, r), 0) for r in range(first + 1, last + 1)]
            cmds += [("BOTTOMPADDING", (0, r), (-1, r), 0) for r in range(first, last)]
        cmds.append(("LINEBELOW", (0, last), (-1, last), 0.35, RULE))
        if zebra and i % 2 == 1:
            cmds.append(("BACKGROUND", (0, first), (-1, last), ZEBRA_FILL))
    t = LongTable(data, colWidths=list(col_widths), repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle(cmds + plain_cell_styles(data) + list(extra_style)))
    return t


def section_rule(width: float = CONTENT_WIDTH, colour: Any = RULE, thickness: float = 0.6) -> Flowable:
    """A thin horizontal rule."""
    from reportlab.platypus.flowables import HRFlowable

    return HRFlowable(width=width, thickness=thickness, color=colour, spaceBefore=2, spaceAfter=4)


ALIGN_LEFT = TA_LEFT
