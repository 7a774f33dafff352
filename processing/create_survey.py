"""vigie:createsurvey — a survey folder (GeoPackage + QGIS/QField project + DCIM/) from a cités layer."""

import os
import shutil
from collections import Counter
from typing import Dict, List

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterString,
    QgsSpatialIndex,
    QgsWkbTypes,
)

from ..core import fiche, survey_db
from .base import GROUP_SURVEY, VigieAlgorithm

# Cités layer field -> model field, by lower-case name (first match wins).
ALIASES = {
    "nom": ("nom", "name", "nom_cite", "libelle"),
    "communes": ("communes", "commune", "commune_1", "nom_commune"),
    "insee": ("insee", "code_insee", "insee_com"),
    "compagnie": ("compagnie", "compagnie_miniere"),
    "fosse": ("fosse",),
    "typologie": ("typologie", "type"),
    "categorie": ("categorie", "interet"),
    "bailleur": ("bailleur", "proprietaire"),
    "logements": ("logements", "nb_logements"),
    "id_unesco": ("id_unesco",),
    "annee_debut": ("annee_debut",),
    "annee_fin": ("annee_fin",),
}


def _norm(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def to_code(vocab: str, value) -> str:
    """A layer value as a vocabulary code: the code itself, or the code of a matching label."""
    if fiche.is_empty(value):
        return ""
    wanted = _norm(value)
    for term in fiche.VOCABS[vocab]:
        if _norm(term.code) == wanted or _norm(term.label) == wanted:
            return term.code
    for term in fiche.VOCABS[vocab]:  # "Corons" -> coron, "Cité-jardin" -> cite_jardin
        if wanted.rstrip("s") in (_norm(term.code), _norm(term.label)):
            return term.code
    return ""


class CreateSurveyAlgorithm(VigieAlgorithm):
    ALG_ID = "createsurvey"
    GROUP = GROUP_SURVEY
    ICON = "survey.svg"

    CITES = "CITES"
    NAME_FIELD = "NAME_FIELD"
    ZONES = "VISIBILITY_ZONES"
    TITLE = "TITLE"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Create a field survey of cités (QGIS and QField)")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Writes a survey folder for the fiche patrimoine of mining villages (cités): "
            "survey.gpkg (tables cite, fiche, preconisation, photo and vocab, keys are UUIDs), "
            "survey.qgz (a QGIS project with the form fully configured: tabs, drop-down lists "
            "read from the vocab table, calendars, multi-line texts, photo attachments stored "
            "under DCIM/ relative to the project, préconisations and photos as related records, "
            "default values, required fields with French messages, the 'Désordres' group that "
            "appears and becomes required when a condition score is poor or bad) and DCIM/.\n\n"
            "The form uses only what QField reads from a project (drag-and-drop designer, no "
            ".ui file, no Python): copy the folder to the tablet (or package it with QFieldSync) "
            "and open survey.qgz.\n\n"
            "The cités are copied in Lambert-93 (EPSG:2154) with their name and, when the layer "
            "has them, communes, INSEE codes, mining company, type, category, landlord and "
            "UNESCO id (matched by field name). Give the zones output of vigie:ztv to pre-fill, "
            "per cité, the inscribed elements visible from it (shown in the Paysage tab).\n\n"
            "The output folder must be new or empty: an existing survey is never overwritten."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.CITES, self.tr("Cités (polygons)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.NAME_FIELD, self.tr("Name field (default: nom or name)"),
            parentLayerParameterName=self.CITES, type=QgsProcessingParameterField.String, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ZONES, self.tr("Visibility zones per element (output of vigie:ztv), to pre-fill the views"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.TITLE, self.tr("Survey title"), "Enquête patrimoniale des cités minières", optional=True))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, self.tr("Survey folder (new or empty)")))
        self.addOutput(QgsProcessingOutputFile("PROJECT", self.tr("Survey project")))
        self.addOutput(QgsProcessingOutputFile("GPKG", self.tr("Survey GeoPackage")))

    def processAlgorithm(self, parameters, context, feedback) -> Dict[str, str]:  # noqa: N802
        source = self.parameterAsSource(parameters, self.CITES, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.CITES))
        layer_name = source.sourceName() if hasattr(source, "sourceName") else self.CITES
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        title = self.parameterAsString(parameters, self.TITLE, context) or "Enquête patrimoniale des cités minières"
        if os.path.isdir(folder) and os.listdir(folder):
            raise QgsProcessingException(self.tr(
                "The folder {folder} is not empty. A survey is never written over existing files: "
                "choose a new folder (or empty this one yourself).").format(folder=folder))
        if source.featureCount() == 0:
            raise QgsProcessingException(self.tr(
                "The cités layer {layer} has no feature: select a layer with the cités' polygons.").format(
                layer=layer_name))
        names = source.fields().names()
        lower = {n.lower(): n for n in names}
        name_field = self.parameterAsString(parameters, self.NAME_FIELD, context)
        if not name_field:
            name_field = next((lower[c] for c in ALIASES["nom"] if c in lower), "")
        if not name_field:
            raise QgsProcessingException(self.tr(
                "The cités layer {layer} has no name field (looked for nom, name). Choose the field "
                "holding the cités' names in 'Name field'.").format(layer=layer_name))
        mapping = {"nom": name_field}
        for target, candidates in ALIASES.items():
            if target != "nom":
                hit = next((lower[c] for c in candidates if c in lower and lower[c] != name_field), "")
                if hit:
                    mapping[target] = hit
        feedback.pushInfo(self.tr("Fields used: {pairs}").format(
            pairs=", ".join("{} ← {}".format(k, v) for k, v in mapping.items())))

        target_crs = QgsCoordinateReferenceSystem("EPSG:{}".format(survey_db.EPSG))
        transform = None
        if source.sourceCrs() != target_crs:
            if not source.sourceCrs().isValid():
                raise QgsProcessingException(self.tr(
                    "The cités layer {layer} has no coordinate reference system: set it in the layer "
                    "properties, then run again.").format(layer=layer_name))
            transform = QgsCoordinateTransform(source.sourceCrs(), target_crs, context.transformContext())
            feedback.pushInfo(self.tr("Cités reprojected from {src} to Lambert-93 (EPSG:2154).").format(
                src=source.sourceCrs().authid()))

        cites: List[dict] = []
        unnamed = []
        for f in source.getFeatures(QgsFeatureRequest()):
            if feedback.isCanceled():
                return {}
            name = f[name_field]
            if fiche.is_empty(name):
                unnamed.append(str(f.id()))
                continue
            geom = QgsGeometry(f.geometry())
            if geom.isNull() or geom.isEmpty():
                feedback.reportError(self.tr("Cité {name}: no geometry, left out.").format(name=name))
                continue
            if not geom.isGeosValid():
                geom = geom.makeValid()
            if transform is not None:
                geom.transform(transform)
            geom.convertToMultiType()
            if QgsWkbTypes.geometryType(geom.wkbType()) != QgsWkbTypes.PolygonGeometry:
                feedback.reportError(self.tr("Cité {name}: not a polygon, left out.").format(name=name))
                continue
            record = {"nom": str(name).strip(), "wkb": bytes(geom.asWkb())}
            commune_fields = [lower[c] for c in ("commune_1", "commune_2", "commune_3") if c in lower]
            for target, field in mapping.items():
                value = f[field]
                if target == "communes" and len(commune_fields) > 1:
                    value = ", ".join(str(f[c]) for c in commune_fields if not fiche.is_empty(f[c]))
                if fiche.is_empty(value) or target == "nom":
                    continue
                fld = fiche.CITE.field(target)
                if fld.kind == "choice":
                    value = to_code(fld.vocab, value)
                    if not value:
                        continue
                elif fld.kind == "int":
                    try:
                        value = int(float(value))
                    except (TypeError, ValueError):
                        continue
                else:
                    value = str(value)
                record[target] = value
            cites.append(record)
        if unnamed:
            raise QgsProcessingException(self.tr(
                "{n} cité(s) of {layer} have no name (feature ids {ids}). Every cité needs a name "
                "in {field}: fill them in, then run again.").format(
                n=len(unnamed), layer=layer_name, ids=", ".join(unnamed[:20]), field=name_field))
        if not cites:
            raise QgsProcessingException(self.tr("No usable cité in {layer}.").format(layer=layer_name))
        counts = Counter((c["nom"].lower(), c.get("communes", "").lower()) for c in cites)
        same = sorted({c["nom"] for c in cites if counts[(c["nom"].lower(), c.get("communes", "").lower())] > 1})
        if same:
            raise QgsProcessingException(self.tr(
                "These names occur more than once in {layer} with the same commune: {names}. Each cité "
                "must be identifiable on its fiche: make the names distinct (e.g. add the street or "
                "the pit), then run again.").format(layer=layer_name, names=", ".join(same)))
        by_name = Counter(c["nom"].lower() for c in cites)
        twins = sorted({c["nom"] for c in cites if by_name[c["nom"].lower()] > 1})
        if twins:
            feedback.pushWarning(self.tr(
                "Several cités share a name in different communes ({names}): their fiches show "
                "the commune beside the name.").format(names=", ".join(twins)))

        zones = self.parameterAsSource(parameters, self.ZONES, context)
        if zones is not None:
            self._visible_elements(zones, cites, target_crs, context, feedback)

        os.makedirs(folder, exist_ok=True)
        gpkg = os.path.join(folder, survey_db.GPKG_NAME)
        try:
            survey_db.create(gpkg, cites)
            os.makedirs(os.path.join(folder, fiche.PHOTO_FOLDER), exist_ok=True)
            if feedback.isCanceled():
                raise InterruptedError()
            from ..ui.survey_form import build_project

            project = build_project(folder, title)
        except InterruptedError:
            shutil.rmtree(folder, ignore_errors=True)
            return {}
        except Exception:
            for name in (survey_db.GPKG_NAME, survey_db.PROJECT_NAME):
                p = os.path.join(folder, name)
                if os.path.exists(p):
                    os.remove(p)
            raise
        feedback.pushInfo(self.tr("{n} cités written to {path}.").format(n=len(cites), path=gpkg))
        return {self.OUTPUT_FOLDER: folder, "PROJECT": project, "GPKG": gpkg}

    def _visible_elements(self, zones, cites, target_crs, context, feedback) -> None:
        """Fill cite.elements_visibles from per-element visibility zones (vigie:ztv OUTPUT_ZONES)."""
        fields = zones.fields().names()
        name_field = "name" if "name" in fields else ("nom" if "nom" in fields else "")
        transform = None
        if zones.sourceCrs() != target_crs:
            transform = QgsCoordinateTransform(zones.sourceCrs(), target_crs, context.transformContext())
        index = QgsSpatialIndex()
        geoms, labels = {}, {}
        for f in zones.getFeatures():
            g = QgsGeometry(f.geometry())
            if g.isNull():
                continue
            if transform is not None:
                g.transform(transform)
            geoms[f.id()] = g
            label = str(f[name_field]) if name_field else str(f.id())
            if "type" in fields and not fiche.is_empty(f["type"]):
                label += " ({})".format(f["type"])
            labels[f.id()] = label
            index.addFeature(f.id(), g.boundingBox())
        for cite in cites:
            g = QgsGeometry()
            g.fromWkb(cite["wkb"])
            seen = sorted({labels[i] for i in index.intersects(g.boundingBox()) if geoms[i].intersects(g)})
            cite["elements_visibles"] = "; ".join(seen) if seen else "Aucun élément inscrit visible (calcul Vigie)"
        feedback.pushInfo(self.tr("Views pre-filled from {n} visibility zones.").format(n=len(geoms)))
