"""The PLUi annex of a commune: the préconisations of its cités grouped by PLUi instrument. No QGIS.

One document per commune (what the planner pastes into the plan's modification file): a
title block, an overview map of the commune's cités (numbered markers drawn on the sheet),
the list of cités with their latest visit, then one table per instrument in the model's
order (règlement, protection L.151-19, OAP patrimoniale, recommandation; préconisations
without an instrument last), each table split cleanly across pages.

Input: the sheet dicts of :func:`core.pdf.fiche_data.sheet_data` (one per cité: the latest
visit), and an optional overview map ``{"jpeg", "extent", "legend"}`` plus the cités'
marker positions ``{cite_uuid: (x, y)}``.
"""

import datetime as _dt
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from . import base
from .base import esc
from .fiche_sheet import Cancelled, Legend, SheetOptions, _heading, _placeholder

NO_INSTRUMENT = "Outil non renseigné"


def group_by_instrument(sheets: Sequence[Dict[str, Any]], instruments: Sequence[Tuple[str, str]]
                        ) -> List[Tuple[str, str, List[Tuple[int, Dict[str, Any], Dict[str, Any]]]]]:
    """[(code, label, [(cité number, sheet, préconisation)])] in the instruments' order,
    plus a last group for préconisations without a known instrument (only when not empty)."""
    known = [c for c, _l in instruments]
    groups: Dict[str, List[Tuple[int, Dict[str, Any], Dict[str, Any]]]] = {c: [] for c in known}
    other: List[Tuple[int, Dict[str, Any], Dict[str, Any]]] = []
    for n, sheet in enumerate(sheets, start=1):
        for p in sheet.get("preconisations") or []:
            code = p.get("instrument_code") or ""
            (groups[code] if code in groups else other).append((n, sheet, p))
    out = [(c, label, groups[c]) for c, label in instruments]
    if other:
        out.append(("", NO_INSTRUMENT, other))
    for _c, _l, items in out:
        items.sort(key=lambda t: (str(t[2].get("priority") or "9"), t[0]))
    return out


def annex_story(commune: str, sheets: Sequence[Dict[str, Any]], instruments: Sequence[Tuple[str, str]],
                overview: Optional[Dict[str, Any]], positions: Dict[str, Tuple[float, float]],
                styles: Dict[str, Any], opts: SheetOptions) -> List[Flowable]:
    title = "Préconisations patrimoniales — {}".format(commune)
    story: List[Flowable] = [
        base.PageInfo(header_left="{} — {}".format(opts.property_name, opts.property_status),
                      header_right="Annexe PLUi · {}".format(commune),
                      footer_left="Annexe patrimoniale au PLUi · {} · édition du {}".format(
                          commune, _dt.date.today().strftime("%d/%m/%Y")),
                      footer_credits=opts.credits),
        base.Bookmark(title, "annex", level=0, toc=False),
        Paragraph(esc("ANNEXE AU PLUi · PATRIMOINE MINIER"), styles["label"]),
        Paragraph(esc(title), styles["title"]),
        Paragraph(esc("{} cité(s) minière(s) · {} préconisation(s) · fiches patrimoine de l'enquête de terrain"
                      .format(len(sheets), sum(len(s.get("preconisations") or []) for s in sheets))),
                  styles["subtitle"]),
        Spacer(1, 3 * mm),
        Paragraph(esc(
            "Ce document rassemble les préconisations des fiches patrimoine des cités minières de la "
            "commune, classées par outil du PLUi : règlement, protection au titre de l'article L.151-19 "
            "du code de l'urbanisme, orientation d'aménagement et de programmation (OAP) patrimoniale, "
            "recommandation. Pour chaque cité, la visite la plus récente fait foi ; le numéro renvoie "
            "à la carte et à la liste des cités."), styles["body"]),
        Spacer(1, 3 * mm),
    ]
    w, h = base.CONTENT_WIDTH, 105 * mm
    if overview and overview.get("jpeg"):
        markers = [base.Marker(str(n), positions[s["cite_uuid"]][0], positions[s["cite_uuid"]][1])
                   for n, s in enumerate(sheets, start=1) if s.get("cite_uuid") in positions]
        story += [base.MapFlowable(overview["jpeg"], tuple(overview["extent"]), w, h, markers),
                  Spacer(1, 1.5 * mm), Legend(overview.get("legend") or [], w, False)]
    else:
        story.append(_placeholder("Carte d'ensemble non disponible (cités sans géométrie).", w, 20 * mm, styles))
    story += _heading("Cités de la commune", styles)
    rows = []
    for n, s in enumerate(sheets, start=1):
        rows.append([str(n), s.get("cite_name") or "?", s.get("unesco") or opts.empty_text,
                     s.get("date") or opts.empty_text, s.get("status") or opts.empty_text,
                     str(len(s.get("preconisations") or []))])
    widths = [8 * mm, 62 * mm, 40 * mm, 22 * mm, 24 * mm, 0]
    widths[-1] = base.CONTENT_WIDTH - sum(widths)
    story.append(base.long_table(["N°", "Cité", "Statut UNESCO", "Visite", "Fiche", "Précon."], rows, widths,
                                 styles))
    for code, label, items in group_by_instrument(sheets, instruments):
        story.append(base.Bookmark("{} ({})".format(label, len(items)), "instr-" + (code or "none"), level=1,
                                   toc=False))
        story += _heading("{} — {} préconisation(s)".format(label, len(items)), styles)
        if not items:
            story.append(Paragraph(esc("Aucune préconisation ne relève de cet outil."), styles["empty"]))
            continue
        prow = []
        for n, s, p in items:
            prow.append(["{}. {}".format(n, s.get("cite_name") or "?"), p.get("theme") or opts.empty_text,
                         p.get("action") or opts.empty_text, p.get("text") or opts.empty_text,
                         p.get("priority") or opts.empty_text])
        widths = [38 * mm, 26 * mm, 19 * mm, 0, 19 * mm]
        widths[3] = base.CONTENT_WIDTH - sum(widths)
        story.append(base.long_table(["Cité", "Thème", "Action", "Préconisation", "Priorité"], prow, widths,
                                     styles))
    return story


def build_annex_pdf(path: str, commune: str, sheets: Sequence[Dict[str, Any]],
                    instruments: Sequence[Tuple[str, str]], overview: Optional[Dict[str, Any]] = None,
                    positions: Optional[Dict[str, Tuple[float, float]]] = None,
                    opts: Optional[SheetOptions] = None,
                    is_cancelled: Optional[Callable[[], bool]] = None) -> None:
    """Write the annex of one commune at ``path`` (atomically)."""
    opts = opts or SheetOptions()
    if is_cancelled is not None and is_cancelled():
        raise Cancelled()
    styles = base.make_styles()
    story = annex_story(commune, sheets, instruments, overview, positions or {}, styles, opts)

    def build(tmp: str) -> None:
        doc = base.SheetDocTemplate(
            tmp, title="Préconisations patrimoniales — {} (annexe PLUi)".format(commune), author=opts.author,
            subject="Annexe patrimoniale au PLUi : préconisations des fiches patrimoine des cités minières",
            keywords=["PLUi", "patrimoine", "cité minière", commune])
        doc.build(story, canvasmaker=base.NumberedCanvas)

    base.write_pdf(path, build)
