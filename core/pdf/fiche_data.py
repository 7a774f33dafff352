"""Survey records -> the plain data of a fiche sheet (readable labels, no codes), without QGIS.

:func:`load_survey` reads a survey GeoPackage (``core/survey_db``); :func:`sheet_data` turns
one fiche, its cité, its préconisations, its photos and the previous visit of the same cité
into the dict that :mod:`core.pdf.fiche_sheet` prints. Sections come from
``core.fiche.sections`` so that a field added to the model shows on the sheet without any
layout edit.
"""

import datetime as _dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from .. import fiche

SCORE_LABELS = {fiche.FICHE.field(n).label for n in fiche.SCORE_FIELDS}
INDICATOR_FIELDS = tuple(n for n in fiche.TREND_FIELDS if n not in fiche.SCORE_FIELDS)
INSTRUMENT_ORDER = [t.code for t in fiche.VOCABS["instrument"]]
EMPTY = "non renseigné"
SCORE_TAB = next(t.label for t in fiche.FICHE.tabs if t.id == fiche.FICHE.field(fiche.SCORE_FIELDS[0]).tab)


@dataclass
class Survey:
    """The tables of a survey GeoPackage as lists of dicts, plus the survey folder."""

    folder: str
    cites: Dict[str, Dict[str, Any]]
    fiches: List[Dict[str, Any]]
    preconisations: Dict[str, List[Dict[str, Any]]] = field(default_factory=dict)
    photos: Dict[str, List[Dict[str, Any]]] = field(default_factory=dict)


def load_survey(gpkg: str) -> Survey:
    """Read a survey GeoPackage (raises ``survey_db.SurveyError``)."""
    from .. import survey_db

    ds = survey_db.open_gpkg(gpkg)
    cites = {str(r["uuid"]): r for r in survey_db.read_table(ds, "cite") if r.get("uuid")}
    fiches = [r for r in survey_db.read_table(ds, "fiche") if r.get("uuid")]
    precos: Dict[str, List[Dict[str, Any]]] = {}
    for r in survey_db.read_table(ds, "preconisation"):
        precos.setdefault(str(r.get("fiche_uuid")), []).append(r)
    photos: Dict[str, List[Dict[str, Any]]] = {}
    for r in survey_db.read_table(ds, "photo"):
        photos.setdefault(str(r.get("fiche_uuid")), []).append(r)
    ds = None
    return Survey(os.path.dirname(os.path.abspath(gpkg)), cites, fiches, precos, photos)


def _date_key(record: Mapping[str, Any]) -> str:
    return str(record.get("date_visite") or "")


def previous_fiche(survey: Survey, record: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
    """The latest fiche of the same cité visited before this one (None for a first visit)."""
    cite = record.get("cite_uuid")
    date = _date_key(record)
    earlier = [f for f in survey.fiches if f.get("cite_uuid") == cite and f.get("uuid") != record.get("uuid")
               and _date_key(f) and date and _date_key(f) < date]
    return max(earlier, key=_date_key) if earlier else None


def _display(table: str, name: str, record: Optional[Mapping[str, Any]]) -> str:
    if record is None:
        return ""
    return fiche.display_value(fiche.TABLES[table].field(name), record.get(name))


def point_of(wkb: Any) -> Optional[Tuple[float, float]]:
    """(x, y) of a point WKB, None when absent or not a point."""
    if not wkb:
        return None
    try:
        from shapely import wkb as _wkb

        g = _wkb.loads(bytes(wkb))
    except Exception:
        return None
    if g.is_empty or g.geom_type != "Point":
        return None
    return float(g.x), float(g.y)


def bounds_of(wkb: Any) -> Optional[Tuple[float, float, float, float]]:
    """Bounds of a geometry WKB, None when absent or empty."""
    if not wkb:
        return None
    try:
        from shapely import wkb as _wkb

        g = _wkb.loads(bytes(wkb))
    except Exception:
        return None
    if g.is_empty:
        return None
    return tuple(float(v) for v in g.bounds)  # type: ignore[return-value]


def _as_float(value: Any) -> Optional[float]:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if v == v else None


def _order(photo: Mapping[str, Any]) -> Tuple[int, str, str]:
    try:
        o = int(photo.get("ordre") or 0)
    except (TypeError, ValueError):
        o = 0
    return (o, str(photo.get("prise_le") or ""), str(photo.get("fichier") or ""))


def kept_photos(survey: Survey, fiche_uuid: str) -> List[Dict[str, Any]]:
    """The photos kept for the sheet, in their order (``retenue`` unset counts as kept)."""
    rows = [p for p in survey.photos.get(fiche_uuid, []) if p.get("retenue") is not False]
    return sorted(rows, key=_order)


def sheet_data(survey: Survey, record: Mapping[str, Any], property_name: str = "",
               credits: str = "") -> Dict[str, Any]:
    """The plain data of one fiche sheet (see :mod:`core.pdf.fiche_sheet` for the keys)."""
    cite = survey.cites.get(str(record.get("cite_uuid")))
    previous = previous_fiche(survey, record)
    cite_name = str(cite.get("nom") or "") if cite else ""
    photos = []
    number_of: Dict[str, int] = {}
    for i, p in enumerate(kept_photos(survey, str(record.get("uuid"))), start=1):
        rel = str(p.get("fichier") or "")
        path = rel if os.path.isabs(rel) else os.path.join(survey.folder, rel)
        xy = point_of(p.get("wkb"))
        number_of[str(p.get("uuid"))] = i
        photos.append({
            "number": i,
            "file": rel,
            "path": os.path.normpath(path) if rel else "",
            "caption": str(p.get("legende") or ""),
            "theme": _display("photo", "theme", p),
            "taken": _display("photo", "prise_le", p),
            "direction": _as_float(p.get("direction")),
            "credit": str(p.get("credit") or ""),
            "x": xy[0] if xy else None,
            "y": xy[1] if xy else None,
        })
    precos = []
    rows = survey.preconisations.get(str(record.get("uuid")), [])
    rows = sorted(rows, key=lambda r: (str(r.get("priorite") or "9"), str(r.get("theme") or "")))
    for r in rows:
        precos.append({
            "theme": _display("preconisation", "theme", r),
            "action": _display("preconisation", "action", r),
            "text": str(r.get("texte") or ""),
            "instrument": _display("preconisation", "instrument", r),
            "instrument_code": str(r.get("instrument") or ""),
            "priority": _display("preconisation", "priorite", r),
            "photo_number": number_of.get(str(r.get("photo_uuid") or ""), None),
        })
    scores = []
    for name in fiche.SCORE_FIELDS:
        f = fiche.FICHE.field(name)
        scores.append({
            "label": f.label,
            "code": "" if fiche.is_empty(record.get(name)) else str(record.get(name)),
            "value": _display("fiche", name, record),
            "previous_code": "" if previous is None or fiche.is_empty(previous.get(name)) else str(previous.get(name)),
            "previous_value": _display("fiche", name, previous),
        })
    indicators = [{"label": fiche.FICHE.field(n).label, "value": _display("fiche", n, record),
                   "code": "" if fiche.is_empty(record.get(n)) else str(record.get(n)),
                   "previous_value": _display("fiche", n, previous),
                   "previous_code": "" if previous is None or fiche.is_empty(previous.get(n)) else str(previous.get(n))}
                  for n in INDICATOR_FIELDS]
    indicator_labels = {i["label"] for i in indicators}
    sections = []
    for tab, rows_ in fiche.sections("fiche", record):
        kept = [(lab, val) for lab, val in rows_ if lab not in SCORE_LABELS and lab not in indicator_labels]
        sections.append((tab, kept))
    cite_sections = fiche.sections("cite", cite) if cite else []
    cite_rows = [row for _tab, rows_ in cite_sections for row in rows_]
    surveyors = _display("fiche", "enqueteurs", record)
    status = _display("fiche", "statut", record)
    date = _display("fiche", "date_visite", record)
    photo_credits = sorted({p["credit"] for p in photos if p["credit"]})
    return {
        "key": str(record.get("uuid")),
        "property": property_name,
        "cite_uuid": str(record.get("cite_uuid") or ""),
        "cite_name": cite_name,
        "cite_found": cite is not None,
        "cite_bounds": bounds_of(cite.get("wkb")) if cite else None,
        "communes": _display("cite", "communes", cite),
        "unesco": _display("cite", "statut_unesco", cite),
        "cite_rows": cite_rows,
        "date": date,
        "date_iso": _date_key(record),
        "surveyors": surveyors,
        "status": status,
        "status_code": str(record.get("statut") or ""),
        "sections": sections,
        "scores": scores,
        "indicators": indicators,
        "scale": [(t.code, t.label) for t in fiche.VOCABS["etat"]],
        "score_tab": SCORE_TAB,
        "previous_date": _display("fiche", "date_visite", previous),
        "photos": photos,
        "preconisations": precos,
        "credits": credits,
        "photo_credits": photo_credits,
        "map": None,
    }


def communes_of(cite: Optional[Mapping[str, Any]]) -> List[str]:
    """The commune names of a cité (``communes`` split on commas/semicolons)."""
    if not cite or fiche.is_empty(cite.get("communes")):
        return []
    return [c.strip() for c in re.split(r"[,;]", str(cite.get("communes"))) if c.strip()]


_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {"COM%d" % i for i in range(1, 10)} | {
    "LPT%d" % i for i in range(1, 10)}


def slug(text: str, max_length: int = 60, fallback: str = "fiche") -> str:
    """A file-name stem safe on Windows, macOS and Linux: ascii letters, digits, hyphens.

    "Cité-jardin du Bois-Duchâteau" -> "cite-jardin-du-bois-duchateau"; "œ" -> "oe".
    """
    text = str(text or "").replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    text = text[:max_length].rstrip("-")
    if not text:
        text = fallback
    if text.upper() in _WINDOWS_RESERVED:
        text = text + "-1"
    return text


def unique_names(stems: Sequence[str]) -> List[str]:
    """Make stems unique (case-insensitively, as on Windows) by suffixes -2, -3…"""
    seen: Dict[str, int] = {}
    out = []
    for s in stems:
        k = s.lower()
        if k in seen:
            seen[k] += 1
            candidate = "{}-{}".format(s, seen[k])
            while candidate.lower() in seen:
                seen[k] += 1
                candidate = "{}-{}".format(s, seen[k])
            seen[candidate.lower()] = 1
            out.append(candidate)
        else:
            seen[k] = 1
            out.append(s)
    return out


def today_fr() -> str:
    return _dt.date.today().strftime("%d/%m/%Y")
