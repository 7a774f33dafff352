"""Pre-flight check of a survey folder: what is missing or invalid, per fiche, as rows a person can act on."""

import os
from dataclasses import dataclass
from typing import Dict, List, Mapping

from . import fiche, survey_db

IMAGE_MAGIC = {b"\xff\xd8\xff": "jpeg"}
OTHER_MAGIC = {b"\x89PNG": "png", b"GIF8": "gif", b"RIFF": "webp", b"II*\x00": "tiff", b"MM\x00*": "tiff"}


@dataclass
class CheckRow:
    cite: str
    fiche_date: str
    fiche_uuid: str
    problem: fiche.Problem


def photo_format(path: str) -> str:
    """'jpeg', another image format name, 'heic', or '' when the file is not an image."""
    with open(path, "rb") as fh:
        head = fh.read(16)
    for magic, name in IMAGE_MAGIC.items():
        if head.startswith(magic):
            return name
    for magic, name in OTHER_MAGIC.items():
        if head.startswith(magic):
            return name
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"heim", b"hevc"):
        return "heic"
    return ""


def check_photo(folder: str, record: Mapping[str, object]) -> List[fiche.Problem]:
    uuid = str(record.get("uuid") or "")
    rel = record.get("fichier")
    if fiche.is_empty(rel):
        return []
    rel = str(rel)
    out = []
    if os.path.isabs(rel) or (len(rel) > 1 and rel[1] == ":") or rel.startswith("\\\\"):
        out.append(fiche.Problem("photo", uuid, "fichier", "photo_absolute", rel))
        path = rel
    else:
        path = os.path.join(folder, rel.replace("\\", "/"))
        if not rel.replace("\\", "/").startswith(fiche.PHOTO_FOLDER + "/"):
            out.append(fiche.Problem("photo", uuid, "fichier", "photo_folder", rel))
    why = fiche.portable_name_problem(os.path.basename(rel.replace("\\", "/")))
    if why:
        out.append(fiche.Problem("photo", uuid, "fichier", "photo_name", rel, why))
    if not os.path.isfile(path):
        out.append(fiche.Problem("photo", uuid, "fichier", "photo_missing", rel))
    else:
        kind = photo_format(path)
        if kind != "jpeg":
            out.append(fiche.Problem("photo", uuid, "fichier", "photo_not_image" if not kind else "photo_format",
                                     rel, kind))
    return out


def check(path: str) -> List[CheckRow]:
    """Every problem of a survey (folder, project or GeoPackage), grouped by fiche.

    Rows with an empty fiche uuid concern the survey as a whole (schema) or records
    not attached to any fiche.
    """
    gpkg = survey_db.find_survey_gpkg(path)
    folder = os.path.dirname(os.path.abspath(gpkg))
    ds = survey_db.open_gpkg(gpkg)
    rows: List[CheckRow] = []
    for p in survey_db.schema_differences(ds):
        rows.append(CheckRow("", "", "", p))
    if any(p.kind == "schema" and p.detail == "table absente" for p in (r.problem for r in rows)):
        return rows
    vocabs = survey_db.vocab_codes(ds)
    cites = survey_db.records_by_uuid(survey_db.read_table(ds, "cite"))
    fiches = survey_db.read_table(ds, "fiche")
    by_fiche: Dict[str, List[dict]] = {}
    orphans: List[dict] = []
    fiche_ids = {str(f.get("uuid")) for f in fiches}
    for table in ("preconisation", "photo"):
        for rec in survey_db.read_table(ds, table):
            rec["_table"] = table
            key = str(rec.get("fiche_uuid") or "")
            (by_fiche.setdefault(key, []) if key in fiche_ids else orphans).append(rec)
    for c in cites.values():
        for p in fiche.validate("cite", c, vocabs):
            rows.append(CheckRow(str(c.get("nom") or ""), "", "", p))
    seen = set()
    for f in sorted(fiches, key=lambda r: (str(cites.get(str(r.get("cite_uuid")), {}).get("nom", "")),
                                           str(r.get("date_visite") or ""))):
        uuid = str(f.get("uuid") or "")
        cite = cites.get(str(f.get("cite_uuid")))
        name = str(cite.get("nom")) if cite else ""
        date = fiche.display_value(fiche.FICHE.field("date_visite"), f.get("date_visite"))
        problems = fiche.validate("fiche", f, vocabs)
        if not uuid:
            problems.append(fiche.Problem("fiche", "", "uuid", "required"))
        elif uuid in seen:
            problems.append(fiche.Problem("fiche", uuid, "uuid", "duplicate", uuid))
        seen.add(uuid)
        if not fiche.is_empty(f.get("cite_uuid")) and cite is None:
            problems.append(fiche.Problem("fiche", uuid, "cite_uuid", "link", str(f.get("cite_uuid"))))
        for rec in by_fiche.get(uuid, []):
            problems.extend(fiche.validate(rec["_table"], rec, vocabs))
            if rec["_table"] == "photo":
                problems.extend(check_photo(folder, rec))
        rows.extend(CheckRow(name, date, uuid, p) for p in problems)
    for rec in orphans:
        rows.append(CheckRow("", "", "", fiche.Problem(rec["_table"], str(rec.get("uuid") or ""), "fiche_uuid",
                                                       "link", str(rec.get("fiche_uuid") or ""))))
    ds = None
    return rows
