"""Merge survey copies (one per tablet) into the master survey, never losing a word.

Three-way merge per field. Each survey GeoPackage carries a ``vigie_snapshot``
table: the records as they were when the survey (or the last merged master) was
copied to the tablets. For a record of a copy:

- not in the master: added (with its photos); the same new record in two copies
  with different values: added once, the differing fields reported as conflicts;
- a field the tablet did not change (copy value = its snapshot value): ignored;
- a field the tablet changed: applied when the master still holds the snapshot
  value and no other copy changed it differently; when the master or another copy
  holds a different value, it is a conflict: reported with both values, the master
  keeps its value;
- a record with no snapshot in the copy (created on a tablet, merged before) and
  a value different from the master: a conflict (nobody can tell which is newer).

Running the merge twice changes nothing. The master is updated atomically: the
merge is written to a copy made with SQLite's backup API, then renamed over the
master, so a crash leaves it unchanged or fully merged. Photos are copied into the
master's DCIM/ before the rename (an orphan photo after a crash is harmless); a
name clash with a different photo gets a new name and the record follows.
"""

import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from osgeo import ogr

from . import fiche, survey_db

SNAPSHOT_TABLE = "vigie_snapshot"
MERGED_TABLES = ("cite", "fiche", "photo", "preconisation")


class MergeError(Exception):
    pass


@dataclass
class MergeRow:
    """One line of the merge report."""

    copy: str
    table: str
    uuid: str
    record: str
    action: str  # added, updated, conflict, photo_copied, photo_renamed, photo_missing, unchanged
    field: str = ""
    master_value: str = ""
    copy_value: str = ""
    other: str = ""


def _comparable(value: Any) -> Any:
    if fiche.is_empty(value):
        return None
    if isinstance(value, bytes):
        return hashlib.sha1(value).hexdigest()
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, bool):
        return int(value)
    return value if isinstance(value, int) else str(value)


def record_state(record: Mapping[str, Any], table: str) -> Dict[str, Any]:
    """Comparable values of the model fields of a record (+ geometry hash)."""
    state = {name: _comparable(record.get(name)) for name in fiche.TABLES[table].names()}
    if fiche.TABLES[table].geometry:
        state["wkb"] = _comparable(record.get("wkb"))
    return state


def write_snapshot(ds: ogr.DataSource) -> int:
    """Replace the snapshot of ``ds`` by its current records; returns the number of records."""
    layer = ds.GetLayerByName(SNAPSHOT_TABLE)
    if layer is None:
        layer = ds.CreateLayer(SNAPSHOT_TABLE, None, ogr.wkbNone)
        for name in ("tbl", "uuid", "state"):
            layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    else:
        ds.ExecuteSQL("DELETE FROM {}".format(SNAPSHOT_TABLE))
    n = 0
    for table in MERGED_TABLES:
        for row in survey_db.read_table(ds, table):
            if not row.get("uuid"):
                continue
            f = ogr.Feature(layer.GetLayerDefn())
            f["tbl"], f["uuid"] = table, str(row["uuid"])
            f["state"] = json.dumps(record_state(row, table), ensure_ascii=False, sort_keys=True)
            layer.CreateFeature(f)
            n += 1
    return n


def read_snapshot(ds: ogr.DataSource) -> Dict[Tuple[str, str], Dict[str, Any]]:
    layer = ds.GetLayerByName(SNAPSHOT_TABLE)
    if layer is None:
        return {}
    out = {}
    layer.ResetReading()
    for f in layer:
        out[(f["tbl"], f["uuid"])] = json.loads(f["state"])
    return out


def _label(table: str, record: Mapping[str, Any]) -> str:
    if table == "cite":
        return str(record.get("nom") or "")
    if table == "fiche":
        return "fiche du {}".format(fiche.display_value(fiche.FICHE.field("date_visite"), record.get("date_visite")))
    if table == "photo":
        return str(record.get("fichier") or "")
    return str(record.get("texte") or "")[:60]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def check_not_locked(path: str) -> None:
    """Raise MergeError when another program holds a lock on the GeoPackage."""
    try:
        con = sqlite3.connect(path, timeout=0.5)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.execute("ROLLBACK")
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        raise MergeError("locked: {} ({})".format(path, exc)) from exc


def _backup(src: str, dst: str) -> None:
    source = sqlite3.connect(src, timeout=2)
    target = sqlite3.connect(dst)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
        target.commit()
    finally:
        target.close()
        source.close()


def _photo_bytes_equal(a: str, b: str) -> bool:
    if os.path.getsize(a) != os.path.getsize(b):
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return hashlib.sha1(fa.read()).digest() == hashlib.sha1(fb.read()).digest()


def merge(master_gpkg: str, copies: Sequence[str], progress: Optional[Callable[[float], None]] = None,
          is_canceled: Optional[Callable[[], bool]] = None) -> List[MergeRow]:
    """Merge the survey copies (GeoPackage paths) into the master; returns the report."""
    master_gpkg = os.path.abspath(master_gpkg)
    master_dir = os.path.dirname(master_gpkg)
    copies = [os.path.abspath(c) for c in copies]
    for c in copies:
        if c == master_gpkg:
            raise MergeError("copy is master: {}".format(c))
        if not os.path.isfile(c):
            raise MergeError("missing: {}".format(c))
    check_not_locked(master_gpkg)
    tmp = os.path.join(master_dir, ".vigie-merge-{}.gpkg".format(os.getpid()))
    for name in os.listdir(master_dir):  # leftovers of an interrupted merge
        if name.startswith(".vigie-merge-"):
            os.remove(os.path.join(master_dir, name))
    _backup(master_gpkg, tmp)
    report: List[MergeRow] = []
    copied_photos: List[str] = []
    changed = False
    try:
        ds = survey_db.open_gpkg(tmp, update=True)
        problems = survey_db.schema_differences(ds)
        if problems:
            raise MergeError("schema: master {}".format(", ".join("{}.{}".format(p.table, p.field) for p in problems)))
        master = {t: survey_db.records_by_uuid(survey_db.read_table(ds, t)) for t in MERGED_TABLES}
        # 1. candidate changes from every copy
        adds: Dict[Tuple[str, str], Tuple[str, Dict[str, Any], str]] = {}  # (table, uuid) -> (copy, record, dir)
        changes: Dict[Tuple[str, str, str], Dict[Any, Tuple[str, Any]]] = {}  # (t, uuid, field) -> value -> (copy, raw)
        for ci, copy_path in enumerate(copies):
            if is_canceled and is_canceled():
                raise InterruptedError()
            cds = survey_db.open_gpkg(copy_path)
            diffs = survey_db.schema_differences(cds)
            if diffs:
                raise MergeError("schema: {} {}".format(copy_path, ", ".join(
                    "{}.{}".format(p.table, p.field) for p in diffs)))
            snapshot = read_snapshot(cds)
            name = os.path.relpath(copy_path, os.path.dirname(master_dir))
            for table in MERGED_TABLES:
                for uuid, record in survey_db.records_by_uuid(survey_db.read_table(cds, table)).items():
                    if uuid not in master[table]:
                        key = (table, uuid)
                        if key not in adds:
                            adds[key] = (name, dict(record), os.path.dirname(copy_path))
                        else:
                            first = record_state(adds[key][1], table)
                            now = record_state(record, table)
                            for fname in sorted(k for k in now if now[k] != first[k]):
                                report.append(MergeRow(name, table, uuid, _label(table, record), "conflict", fname,
                                                       _text(first[fname]), _text(now[fname]), adds[key][0]))
                        continue
                    base = snapshot.get((table, uuid))
                    now = record_state(record, table)
                    have = record_state(master[table][uuid], table)
                    for fname in now:
                        if now[fname] == have[fname]:
                            continue
                        if base is not None and now[fname] == base.get(fname):
                            continue  # the tablet did not touch it
                        if base is None or have[fname] != base.get(fname):
                            report.append(MergeRow(name, table, uuid, _label(table, record), "conflict", fname,
                                                   _text(have[fname]), _text(now[fname]),
                                                   "" if base is None else "master"))
                            continue
                        raw = record.get(fname) if fname != "wkb" else record.get("wkb")
                        changes.setdefault((table, uuid, fname), {}).setdefault(now[fname], (name, raw))
            cds = None
            if progress:
                progress(60.0 * (ci + 1) / max(len(copies), 1))
        # 2. apply additions (photos first)
        for (table, uuid), (name, record, copy_dir) in sorted(adds.items(), key=lambda kv: MERGED_TABLES.index(kv[0][0])):
            if table == "photo" and record.get("fichier"):
                rel = str(record["fichier"]).replace("\\", "/")
                src = os.path.join(copy_dir, rel)
                dst = os.path.join(master_dir, rel)
                if not os.path.isfile(src):
                    report.append(MergeRow(name, table, uuid, rel, "photo_missing", "fichier", "", rel))
                elif os.path.isfile(dst) and not _photo_bytes_equal(src, dst):
                    stem, ext = os.path.splitext(rel)
                    k = 2
                    while os.path.exists(os.path.join(master_dir, "{}_{}{}".format(stem, k, ext))):
                        k += 1
                    new_rel = "{}_{}{}".format(stem, k, ext)
                    shutil.copy2(src, os.path.join(master_dir, new_rel))
                    copied_photos.append(os.path.join(master_dir, new_rel))
                    record["fichier"] = new_rel
                    report.append(MergeRow(name, table, uuid, rel, "photo_renamed", "fichier", rel, new_rel))
                elif not os.path.isfile(dst):
                    os.makedirs(os.path.dirname(dst), exist_ok=True)
                    shutil.copy2(src, dst)
                    copied_photos.append(dst)
                    report.append(MergeRow(name, table, uuid, rel, "photo_copied", "fichier", "", rel))
            layer = ds.GetLayerByName(table)
            f = ogr.Feature(layer.GetLayerDefn())
            survey_db.set_fields(f, fiche.TABLES[table], record)
            if record.get("wkb"):
                f.SetGeometry(ogr.CreateGeometryFromWkb(bytes(record["wkb"])))
            layer.CreateFeature(f)
            changed = True
            report.append(MergeRow(name, table, uuid, _label(table, record), "added"))
        # 3. apply field changes without conflict
        for (table, uuid, fname), values in sorted(changes.items()):
            record = master[table][uuid]
            if len(values) > 1:
                items = list(values.items())
                for value, (name, _raw) in items:
                    others = "; ".join("{} = {}".format(n, _text(v)) for v, (n, _r) in items if n != name)
                    report.append(MergeRow(name, table, uuid, _label(table, record), "conflict", fname,
                                           _text(record_state(record, table)[fname]), _text(value), others))
                continue
            (value, (name, raw)), = values.items()
            layer = ds.GetLayerByName(table)
            f = layer.GetFeature(int(record["fid"]))
            if fname == "wkb":
                f.SetGeometry(ogr.CreateGeometryFromWkb(bytes(raw)))
            else:
                survey_db.set_fields(f, fiche.TABLES[table], {fname: raw}, [fname])
            layer.SetFeature(f)
            changed = True
            report.append(MergeRow(name, table, uuid, _label(table, record), "updated", fname,
                                   _text(record_state(record, table)[fname]), _text(value)))
        if is_canceled and is_canceled():
            raise InterruptedError()
        if changed:
            write_snapshot(ds)
        ds = None
        if progress:
            progress(90.0)
        if changed:
            check_not_locked(master_gpkg)
            for suffix in ("-wal", "-shm"):
                stale = master_gpkg + suffix
                if os.path.exists(stale) and os.path.getsize(stale) > 0 and suffix == "-wal":
                    raise MergeError("locked: {} (write-ahead log in use)".format(master_gpkg))
            os.replace(tmp, master_gpkg)
        else:
            os.remove(tmp)
    except BaseException:
        ds = None
        if os.path.exists(tmp):
            os.remove(tmp)
        for p in copied_photos:
            if os.path.exists(p):
                os.remove(p)
        raise
    if progress:
        progress(100.0)
    return report
