"""The survey GeoPackage, derived from the fiche model (``core/fiche.py``), with GDAL/OGR only.

A survey folder holds ``survey.gpkg`` (tables cite, fiche, preconisation, photo,
vocab and a one-row ``vigie_survey`` table with the model version), ``survey.qgz``
(the QGIS/QField project, written by the glue) and ``DCIM/`` (photos).
"""

import os
import uuid as _uuid
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

from osgeo import gdal, ogr, osr

from . import fiche

gdal.UseExceptions()
ogr.UseExceptions()

GPKG_NAME = "survey.gpkg"
PROJECT_NAME = "survey.qgz"
META_TABLE = "vigie_survey"
EPSG = 2154

_OGR_TYPES = {
    "int": (ogr.OFTInteger, ogr.OFSTNone),
    "real": (ogr.OFTReal, ogr.OFSTNone),
    "bool": (ogr.OFTInteger, ogr.OFSTBoolean),
    "date": (ogr.OFTDate, ogr.OFSTNone),
    "datetime": (ogr.OFTDateTime, ogr.OFSTNone),
}
_GEOM_TYPES = {"MultiPolygon": ogr.wkbMultiPolygon, "Point": ogr.wkbPoint, None: ogr.wkbNone}


class SurveyError(Exception):
    """A survey file cannot be used; the message says which and why (French is added by the glue)."""


def ogr_type(kind: str) -> int:
    return _OGR_TYPES.get(kind, (ogr.OFTString, ogr.OFSTNone))[0]


def _srs() -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def create_layer(ds: ogr.DataSource, table: fiche.Table) -> ogr.Layer:
    geom = _GEOM_TYPES[table.geometry]
    options = ["FID=fid"] + (["GEOMETRY_NAME=geom"] if table.geometry else [])
    layer = ds.CreateLayer(table.name, _srs() if table.geometry else None, geom, options)
    for fld in table.fields:
        ftype, subtype = _OGR_TYPES.get(fld.kind, (ogr.OFTString, ogr.OFSTNone))
        defn = ogr.FieldDefn(fld.name, ftype)
        if subtype != ogr.OFSTNone:
            defn.SetSubType(subtype)
        if fld.kind == "uuid":
            defn.SetUnique(True)
            defn.SetNullable(False)
        layer.CreateField(defn)
    return layer


def create(path: str, cites: Sequence[Mapping[str, Any]]) -> Dict[str, int]:
    """Write a new survey GeoPackage with the model's tables, vocabularies and the given cités.

    ``cites``: dicts with the cite table's field names and ``wkb`` (MultiPolygon, EPSG:2154).
    Written to a temporary file then renamed: an interrupted run leaves nothing.
    Returns row counts per table.
    """
    if os.path.exists(path):
        raise SurveyError("exists: {}".format(path))
    tmp = path[:-5] + ".part.gpkg" if path.endswith(".gpkg") else path + ".part"
    if os.path.exists(tmp):
        os.remove(tmp)
    drv = ogr.GetDriverByName("GPKG")
    ds = drv.CreateDataSource(tmp)
    try:
        layers = {name: create_layer(ds, table) for name, table in fiche.TABLES.items()}
        ds.StartTransaction()
        vocab = layers["vocab"]
        for liste, terms in fiche.VOCABS.items():
            for order, term in enumerate(terms):
                f = ogr.Feature(vocab.GetLayerDefn())
                f["liste"], f["code"], f["libelle"] = liste, term.code, term.label
                f["definition"], f["ordre"] = term.definition or None, order
                vocab.CreateFeature(f)
        cite = layers["cite"]
        for record in cites:
            f = ogr.Feature(cite.GetLayerDefn())
            for name in fiche.CITE.names():
                value = record.get(name)
                if name == "uuid" and not value:
                    value = str(_uuid.uuid4())
                if not fiche.is_empty(value):
                    f[name] = value
            f.SetGeometry(ogr.CreateGeometryFromWkb(bytes(record["wkb"])))
            cite.CreateFeature(f)
        meta = ds.CreateLayer(META_TABLE, None, ogr.wkbNone)
        for name in ("model_version", "created"):
            meta.CreateField(ogr.FieldDefn(name, ogr.OFTString))
        f = ogr.Feature(meta.GetLayerDefn())
        import datetime as _dt

        f["model_version"] = fiche.MODEL_VERSION
        f["created"] = _dt.datetime.now().isoformat(timespec="seconds")
        meta.CreateFeature(f)
        from .survey_merge import write_snapshot

        write_snapshot(ds)
        ds.CommitTransaction()
        counts = {name: layers[name].GetFeatureCount() for name in layers}
    finally:
        ds = None
    os.replace(tmp, path)
    return counts


def _value(feature: ogr.Feature, name: str, kind: str) -> Any:
    if not feature.IsFieldSetAndNotNull(name):
        return None
    if kind == "date":
        y, m, d = feature.GetFieldAsDateTime(name)[:3]
        return "{:04d}-{:02d}-{:02d}".format(y, m, d)
    if kind == "datetime":
        y, m, d, hh, mm, ss, _tz = feature.GetFieldAsDateTime(name)
        return "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}".format(y, m, d, hh, mm, int(ss))
    if kind == "bool":
        return bool(feature.GetFieldAsInteger(name))
    return feature.GetField(name)


def open_gpkg(path: str, update: bool = False) -> ogr.DataSource:
    if not os.path.isfile(path):
        raise SurveyError("missing: {}".format(path))
    try:
        return gdal.OpenEx(path, (gdal.OF_VECTOR | (gdal.OF_UPDATE if update else 0)), ["GPKG"])
    except RuntimeError as exc:
        raise SurveyError("unreadable: {}: {}".format(path, exc)) from exc


def read_table(path_or_ds: Any, name: str) -> List[Dict[str, Any]]:
    """Rows of one table as dicts (model fields only, plus ``wkb`` for geometries and ``fid``)."""
    ds = open_gpkg(path_or_ds) if isinstance(path_or_ds, str) else path_or_ds
    layer = ds.GetLayerByName(name)
    if layer is None:
        raise SurveyError("no table {}".format(name))
    table = fiche.TABLES[name]
    present = {layer.GetLayerDefn().GetFieldDefn(i).GetName()
               for i in range(layer.GetLayerDefn().GetFieldCount())}
    rows = []
    layer.ResetReading()
    for feat in layer:
        row: Dict[str, Any] = {"fid": feat.GetFID()}
        for fld in table.fields:
            row[fld.name] = _value(feat, fld.name, fld.kind) if fld.name in present else None
        for extra in sorted(present - set(table.names())):
            row[extra] = feat.GetField(extra)
        geom = feat.GetGeometryRef()
        if table.geometry:
            row["wkb"] = bytes(geom.ExportToWkb()) if geom is not None else None
        rows.append(row)
    return rows


def vocab_codes(path_or_ds: Any) -> Dict[str, List[str]]:
    out: Dict[str, List[str]] = {}
    for row in read_table(path_or_ds, "vocab"):
        out.setdefault(str(row["liste"]), []).append(str(row["code"]))
    return out


def schema_differences(path_or_ds: Any) -> List[fiche.Problem]:
    """Tables or fields missing from the GeoPackage, or of another type, compared with the model."""
    ds = open_gpkg(path_or_ds) if isinstance(path_or_ds, str) else path_or_ds
    problems = []
    for name, table in fiche.TABLES.items():
        layer = ds.GetLayerByName(name)
        if layer is None:
            problems.append(fiche.Problem(name, "", "", "schema", "", "table absente"))
            continue
        defn = layer.GetLayerDefn()
        have = {defn.GetFieldDefn(i).GetName(): defn.GetFieldDefn(i).GetType()
                for i in range(defn.GetFieldCount())}
        for fld in table.fields:
            if fld.name not in have:
                problems.append(fiche.Problem(name, "", fld.name, "schema", "", "champ absent"))
            elif have[fld.name] != ogr_type(fld.kind):
                problems.append(fiche.Problem(name, "", fld.name, "schema", ogr.GetFieldTypeName(have[fld.name]),
                                              "type attendu : {}".format(ogr.GetFieldTypeName(ogr_type(fld.kind)))))
    return problems


def find_survey_gpkg(path: str) -> str:
    """The survey GeoPackage of a survey folder, project file or GeoPackage path."""
    if os.path.isdir(path):
        path = os.path.join(path, GPKG_NAME)
    elif path.lower().endswith((".qgz", ".qgs")):
        path = os.path.join(os.path.dirname(path), GPKG_NAME)
    return path.split("|")[0]


def records_by_uuid(rows: Iterable[Mapping[str, Any]]) -> Dict[str, Mapping[str, Any]]:
    return {str(r["uuid"]): r for r in rows if r.get("uuid")}


def set_fields(feature: ogr.Feature, table: fiche.Table, record: Mapping[str, Any],
               names: Optional[Sequence[str]] = None) -> None:
    for name in names if names is not None else table.names():
        value = record.get(name)
        if fiche.is_empty(value):
            feature.SetFieldNull(name)
            continue
        kind = table.field(name).kind
        if kind == "bool":
            value = 1 if value in (True, 1, "1", "true", "True") else 0
        feature[name] = value


def add_records(path: str, table_name: str, records: Sequence[Mapping[str, Any]]) -> List[str]:
    """Append records to a survey table (defaults of the model for missing fields); returns their uuids.

    ``wkb`` (or ``x``/``y`` for the photo point) gives the geometry. For scripts and the demo; in the
    field, records come from the QGIS/QField form.
    """
    table = fiche.TABLES[table_name]
    ds = open_gpkg(path, update=True)
    layer = ds.GetLayerByName(table_name)
    uuids = []
    ds.StartTransaction()
    try:
        for record in records:
            values = {f.name: fiche.default_value(f) for f in table.fields}
            values.update({k: v for k, v in record.items() if k in values})
            f = ogr.Feature(layer.GetLayerDefn())
            set_fields(f, table, values)
            if record.get("wkb"):
                f.SetGeometry(ogr.CreateGeometryFromWkb(bytes(record["wkb"])))
            elif record.get("x") is not None and table.geometry == "Point":
                point = ogr.Geometry(ogr.wkbPoint)
                point.AddPoint_2D(float(record["x"]), float(record["y"]))
                f.SetGeometry(point)
            layer.CreateFeature(f)
            uuids.append(str(values.get("uuid") or ""))
        ds.CommitTransaction()
    except Exception:
        ds.RollbackTransaction()
        raise
    finally:
        ds = None
    return uuids
