"""The survey form builder: QGIS/QField project of a survey GeoPackage, derived from core/fiche.py.

Only what QField reads from a project is used: the drag-and-drop form designer
(tabs, group boxes, visibility expressions, relation editors), editor widgets
(value relation, date/time, range, text edit, check box, attachment, relation
reference), default values, hard constraints with messages, aliases and styles.
No .ui file and no Python init code.
"""

import json
import os
from typing import Dict, Optional

from qgis.core import (
    QgsAttributeEditorContainer,
    QgsAttributeEditorElement,
    QgsAttributeEditorField,
    QgsAttributeEditorRelation,
    QgsDefaultValue,
    QgsEditFormConfig,
    QgsEditorWidgetSetup,
    QgsExpression,
    QgsFieldConstraints,
    QgsFillSymbol,
    QgsMarkerSymbol,
    QgsOptionalExpression,
    QgsPalLayerSettings,
    QgsProject,
    QgsProperty,
    QgsRelation,
    QgsRelationContext,
    QgsSingleSymbolRenderer,
    QgsSymbolLayer,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor

from ..core import fiche
from ..core.survey_db import GPKG_NAME, PROJECT_NAME

# Relations: id -> (child table, link field, parent table, label, composition)
RELATIONS = {
    "fiche_cite": ("fiche", "cite_uuid", "cite", "Fiches de la cité", False),
    "preconisation_fiche": ("preconisation", "fiche_uuid", "fiche", "Préconisations", True),
    "photo_fiche": ("photo", "fiche_uuid", "fiche", "Photos", True),
    "preconisation_photo": ("preconisation", "photo_uuid", "photo", "Préconisations liées", False),
}
PHOTO_NAMING = "'DCIM/fiche_' || format_date(now(), 'yyyyMMdd_HHmmss') || '.jpg'"
EXIF_DEFAULTS = {
    "prise_le": "coalesce(\"prise_le\", to_datetime(exif(@project_folder || '/' || \"fichier\", "
                "'Exif.Photo.DateTimeOriginal')))",
    "direction": "coalesce(\"direction\", to_real(exif(@project_folder || '/' || \"fichier\", "
                 "'Exif.GPSInfo.GPSImgDirection')))",
}


def widget_setup(fld: fiche.Field, vocab_layer: QgsVectorLayer, relation_ids: Dict[str, str]) -> QgsEditorWidgetSetup:
    """The editor widget of a model field."""
    if fld.kind in ("choice", "multichoice"):
        return QgsEditorWidgetSetup("ValueRelation", {
            "Layer": vocab_layer.id(), "LayerName": vocab_layer.name(),
            "LayerSource": "./{}|layername=vocab".format(GPKG_NAME), "LayerProviderName": "ogr",
            "Key": "code", "Value": "libelle",
            "FilterExpression": "\"liste\" = '{}'".format(fld.vocab),
            "AllowMulti": fld.kind == "multichoice", "AllowNull": not fld.required,
            "OrderByValue": False, "UseCompleter": False,
            "NofColumns": 2 if fld.kind == "multichoice" else 1,
        })
    if fld.kind in ("date", "datetime"):
        fmt = "dd/MM/yyyy" if fld.kind == "date" else "dd/MM/yyyy HH:mm"
        return QgsEditorWidgetSetup("DateTime", {
            "calendar_popup": True, "allow_null": not fld.required, "display_format": fmt,
            "field_format": "yyyy-MM-dd" if fld.kind == "date" else "yyyy-MM-ddTHH:mm:ss",
            "field_iso_format": False,
        })
    if fld.kind in ("int", "real"):
        return QgsEditorWidgetSetup("Range", {
            "AllowNull": True, "Min": fld.minimum if fld.minimum is not None else -1e9,
            "Max": fld.maximum if fld.maximum is not None else 1e9,
            "Step": 1, "Style": "SpinBox", "Precision": 0 if fld.kind == "int" else 1,
        })
    if fld.kind == "memo":
        return QgsEditorWidgetSetup("TextEdit", {"IsMultiline": True, "UseHtml": False})
    if fld.kind == "bool":
        return QgsEditorWidgetSetup("CheckBox", {"CheckedState": "", "UncheckedState": "", "TextDisplayMethod": 0})
    if fld.kind == "photo_file":
        return QgsEditorWidgetSetup("ExternalResource", {
            "DocumentViewer": 1, "DocumentViewerHeight": 0, "DocumentViewerWidth": 0,
            "FileWidget": True, "FileWidgetButton": True,
            "FileWidgetFilter": "Images (*.jpg *.jpeg *.JPG *.JPEG)",
            "RelativeStorage": 1, "StorageMode": 0, "UseLink": False, "FullUrl": False,
        })
    if fld.kind == "ref" and fld.name in relation_ids:
        return QgsEditorWidgetSetup("RelationReference", {
            "Relation": relation_ids[fld.name], "AllowNULL": not fld.required, "ReadOnly": False,
            "ShowForm": False, "MapIdentification": False, "OrderByValue": True,
            "AllowAddFeatures": False, "ShowOpenFormButton": True,
        })
    return QgsEditorWidgetSetup("TextEdit", {"IsMultiline": False, "UseHtml": False})


def configure_layer(layer: QgsVectorLayer, table: fiche.Table, vocab_layer: QgsVectorLayer,
                    relations: Dict[str, QgsRelation]) -> None:
    """Aliases, widgets, defaults, constraints and the drag-and-drop form of one table."""
    relation_ids = {}
    for rel_id, (child, link, _parent, _label, _comp) in RELATIONS.items():
        if child == table.name:
            relation_ids[link] = rel_id
    config = layer.editFormConfig()
    for fld in table.fields:
        idx = layer.fields().indexOf(fld.name)
        if idx < 0:
            continue
        layer.setFieldAlias(idx, fld.label)
        layer.setEditorWidgetSetup(idx, widget_setup(fld, vocab_layer, relation_ids))
        if fld.default is not None:
            layer.setDefaultValueDefinition(idx, QgsDefaultValue(fld.default, False))
        if table.name == "photo" and fld.name in EXIF_DEFAULTS:
            layer.setDefaultValueDefinition(idx, QgsDefaultValue(EXIF_DEFAULTS[fld.name], True))
        if fld.kind == "uuid":
            config.setReadOnly(idx, True)
            layer.setFieldConstraint(idx, QgsFieldConstraints.ConstraintUnique,
                                     QgsFieldConstraints.ConstraintStrengthHard)
        expression = fiche.constraint_expression(table, fld)
        if expression:
            layer.setConstraintExpression(idx, expression, fiche.constraint_message(fld))
            layer.setFieldConstraint(idx, QgsFieldConstraints.ConstraintExpression,
                                     QgsFieldConstraints.ConstraintStrengthHard)
        group = table.group(fld.group) if fld.group else None
        if fld.required and (group is None or group.when is None):
            layer.setFieldConstraint(idx, QgsFieldConstraints.ConstraintNotNull,
                                     QgsFieldConstraints.ConstraintStrengthHard)
    config.setLayout(QgsEditFormConfig.TabLayout)
    config.setInitCodeSource(QgsEditFormConfig.CodeSourceNone)
    root = config.invisibleRootContainer()
    root.clear()
    for element in layout_elements(layer, table, relations, root):
        root.addChildElement(element)
    layer.setEditFormConfig(config)
    if table.title:
        layer.setDisplayExpression(table.title)


def _field_element(layer: QgsVectorLayer, name: str, parent: QgsAttributeEditorElement) -> QgsAttributeEditorField:
    return QgsAttributeEditorField(name, layer.fields().indexOf(name), parent)


def layout_elements(layer: QgsVectorLayer, table: fiche.Table, relations: Dict[str, QgsRelation],
                    root: QgsAttributeEditorContainer) -> list:
    """Top-level form elements: one tab per model tab (groups inside), then relation tabs."""
    shown = [f for f in table.fields if f.kind != "uuid"]
    children = [(rel_id, spec) for rel_id, spec in RELATIONS.items() if spec[2] == table.name]
    elements = []
    if not table.tabs and not children:
        return [_field_element(layer, f.name, root) for f in shown]
    tabs = list(table.tabs) or [fiche.Tab("", table.label)]
    for tab in tabs:
        container = QgsAttributeEditorContainer(tab.label, root)
        container.setIsGroupBox(False)
        container.setColumnCount(1)
        groups = {}
        for fld in (f for f in shown if f.tab == tab.id):
            if fld.group:
                if fld.group not in groups:
                    spec = table.group(fld.group)
                    box = QgsAttributeEditorContainer(spec.label, container)
                    box.setIsGroupBox(True)
                    if spec.when is not None:
                        box.setVisibilityExpression(QgsOptionalExpression(QgsExpression(spec.when.expression())))
                    groups[fld.group] = box
                    container.addChildElement(box)
                groups[fld.group].addChildElement(_field_element(layer, fld.name, groups[fld.group]))
            else:
                container.addChildElement(_field_element(layer, fld.name, container))
        elements.append(container)
    for rel_id, (_child, _link, _parent, label, _comp) in children:
        if rel_id not in relations:
            continue
        container = QgsAttributeEditorContainer(label, root)
        container.setIsGroupBox(False)
        editor = QgsAttributeEditorRelation(relations[rel_id], container)
        editor.setLabel(label)
        editor.setShowLabel(False)
        editor.setRelationWidgetTypeId("relation_editor")
        container.addChildElement(editor)
        elements.append(container)
    return elements


def style_layers(layers: Dict[str, QgsVectorLayer]) -> None:
    cite = layers["cite"]
    cite.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"color": "230,120,30,60", "outline_color": "#b34700", "outline_width": "0.6"})))
    settings = QgsPalLayerSettings()
    settings.fieldName = "nom"
    text = QgsTextFormat()
    text.setSize(9)
    text.setColor(QColor("#5a2400"))
    buffer = text.buffer()
    buffer.setEnabled(True)
    buffer.setSize(1)
    text.setBuffer(buffer)
    settings.setFormat(text)
    cite.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    cite.setLabelsEnabled(True)
    photo = layers["photo"]
    symbol = QgsMarkerSymbol.createSimple(
        {"name": "filled_arrowhead", "color": "#1f3b57", "outline_color": "white", "size": "4", "angle": "270"})
    symbol.symbolLayer(0).setDataDefinedProperty(
        QgsSymbolLayer.PropertyAngle, QgsProperty.fromExpression('coalesce("direction", 0) - 90'))
    photo.setRenderer(QgsSingleSymbolRenderer(symbol))
    # QFieldSync: where QField saves a new photo (relative to the project folder)
    naming = json.dumps({"fichier": PHOTO_NAMING})
    photo.setCustomProperty("QFieldSync/attachment_naming", naming)
    photo.setCustomProperty("QFieldSync/photo_naming", naming)


def build_project(folder: str, title: str, extra_layers: Optional[Dict[str, str]] = None) -> str:
    """Write ``folder/survey.qgz`` for ``folder/survey.gpkg``; returns the project path.

    ``extra_layers``: name -> data source of reference layers to show under the survey
    (added read-only, e.g. inscribed elements). Paths are stored relative to the project.
    """
    gpkg = os.path.join(folder, GPKG_NAME)
    path = os.path.join(folder, PROJECT_NAME)
    project = QgsProject()
    project.setTitle(title)
    project.writeEntryBool("Paths", "/Absolute", False)
    crs = None
    layers: Dict[str, QgsVectorLayer] = {}
    for name, table in fiche.TABLES.items():
        layer = QgsVectorLayer("{}|layername={}".format(gpkg, name), table.label, "ogr")
        if not layer.isValid():
            raise RuntimeError("layer {} of {} is not readable".format(name, gpkg))
        layers[name] = layer
        if crs is None and layer.crs().isValid():
            crs = layer.crs()
    for name in ("photo", "cite", "fiche", "preconisation", "vocab"):
        project.addMapLayer(layers[name])
    for name, source in (extra_layers or {}).items():
        ref = QgsVectorLayer(source, name, "ogr")
        if ref.isValid():
            ref.setReadOnly(True)
            project.addMapLayer(ref)
    if crs is not None:
        project.setCrs(crs)
    relations: Dict[str, QgsRelation] = {}
    for rel_id, (child, link, parent, label, composition) in RELATIONS.items():
        rel = QgsRelation(QgsRelationContext(project))
        rel.setId(rel_id)
        rel.setName(label)
        rel.setReferencingLayer(layers[child].id())
        rel.setReferencedLayer(layers[parent].id())
        rel.addFieldPair(link, "uuid")
        rel.setStrength(QgsRelation.Composition if composition else QgsRelation.Association)
        if not rel.isValid():
            raise RuntimeError("relation {} is not valid".format(rel_id))
        project.relationManager().addRelation(rel)
        relations[rel_id] = rel
    vocab = layers["vocab"]
    for name, table in fiche.TABLES.items():
        configure_layer(layers[name], table, vocab, relations)
    style_layers(layers)
    vocab.setReadOnly(False)
    tmp = path + ".part.qgz"
    project.setFileName(tmp)
    if not project.write():
        raise RuntimeError("cannot write {}: {}".format(path, project.error()))
    os.replace(tmp, path)
    return path
