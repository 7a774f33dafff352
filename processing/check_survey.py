"""vigie:checksurvey — what is missing or invalid in a survey, per fiche, as a table to act on."""

from typing import Dict

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import fiche, survey_check, survey_db
from ..i18n import tr
from .base import GROUP_SURVEY, VigieAlgorithm


def field_label(table: str, name: str) -> str:
    try:
        return fiche.TABLES[table].field(name).label
    except KeyError:
        return name


def problem_text(p: fiche.Problem) -> str:
    """What is wrong and how to fix it, in the user's words."""
    label = field_label(p.table, p.field)
    texts = {
        "required": tr("« {label} » is required: fill it in."),
        "vocab": tr("« {label} » holds {value}, which is not in the list {detail}: choose a value of "
                    "the list (or add it to the vocab table)."),
        "range": tr("« {label} » = {value} is outside {detail}."),
        "type": tr("« {label} » = {value} is not a number."),
        "date": tr("« {label} » = {value} is not a date."),
        "duplicate": tr("Two records have the same identifier {value}: delete the duplicate."),
        "link": tr("« {label} » points to {value}, which does not exist (deleted or not merged): "
                   "attach the record again."),
        "photo_missing": tr("The photo {value} is not in the survey folder: copy it from the "
                            "tablet's DCIM folder."),
        "photo_absolute": tr("The photo path {value} is absolute: it will break on another computer. "
                             "Move the photo under DCIM/ and store the path relative to the project."),
        "photo_folder": tr("The photo {value} is not under DCIM/: move it there and update the path."),
        "photo_name": tr("The photo file name {value} is not portable ({detail}): rename the file "
                         "and update the path."),
        "photo_not_image": tr("The file {value} is not an image (damaged or wrong file): take or "
                              "copy the photo again."),
        "photo_format": tr("The photo {value} is a {detail} file: the sheets need JPEG. Convert it "
                           "to JPEG (most tablets can be set to shoot JPEG)."),
        "schema": tr("Table {table}, field {field}: {detail} compared with the fiche model. Create the "
                     "survey with vigie:createsurvey, or add the field."),
    }
    text = texts.get(p.kind, p.kind)
    return text.format(label=label, value=p.value, detail=p.detail, table=p.table, field=p.field)


class CheckSurveyAlgorithm(VigieAlgorithm):
    ALG_ID = "checksurvey"
    GROUP = GROUP_SURVEY
    ICON = "check.svg"

    SURVEY = "SURVEY"
    OUTPUT = "OUTPUT"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Check a field survey before printing")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Reports, per fiche, what is missing or invalid in a survey folder (or its survey.qgz "
            "or survey.gpkg): required fields left empty (including the 'Désordres' description "
            "when a condition score is poor or bad), values outside the vocabularies of the survey's "
            "vocab table, numbers out of range, records pointing to nothing, photos missing on disk, "
            "absolute photo paths, file names that will not survive a copy to Windows or Android, "
            "files that are not JPEG images, and differences between the GeoPackage and the fiche "
            "model. One row per problem, with the cité, the visit date and what to do. The survey "
            "is only read, never changed."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.SURVEY, self.tr("Survey folder (or its survey.qgz or survey.gpkg)"),
            behavior=QgsProcessingParameterFile.Folder))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Survey problems")))
        self.addOutput(QgsProcessingOutputNumber("PROBLEMS", self.tr("Number of problems")))
        self.addOutput(QgsProcessingOutputNumber("FICHES_WITH_PROBLEMS", self.tr("Fiches with problems")))

    def processAlgorithm(self, parameters, context, feedback) -> Dict[str, object]:  # noqa: N802
        path = self.parameterAsFile(parameters, self.SURVEY, context)
        gpkg = survey_db.find_survey_gpkg(path)
        try:
            rows = survey_check.check(path)
        except survey_db.SurveyError as exc:
            raise QgsProcessingException(self.tr(
                "Cannot read the survey GeoPackage {path} ({why}). Give the survey folder, its "
                "survey.qgz or its survey.gpkg; if another program is writing to it, close it "
                "and run again.").format(path=gpkg, why=exc))
        fields = QgsFields()
        for name in ("cite", "date_visite", "fiche_uuid", "table", "record_uuid", "field", "problem", "value"):
            fields.append(QgsField(name, QVariant.String))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for row in rows:
            f = QgsFeature(fields)
            p = row.problem
            f.setAttributes([row.cite, row.fiche_date, row.fiche_uuid, p.table, p.uuid,
                             field_label(p.table, p.field), problem_text(p), p.value])
            sink.addFeature(f, QgsFeatureSink.FastInsert)
        with_problems = {r.fiche_uuid for r in rows if r.fiche_uuid}
        n_fiches = len(survey_db.read_table(gpkg, "fiche"))
        feedback.pushInfo(self.tr("{n} problem(s); {k} of {m} fiche(s) to complete.").format(
            n=len(rows), k=len(with_problems), m=n_fiches))
        return {self.OUTPUT: dest, "PROBLEMS": len(rows), "FICHES_WITH_PROBLEMS": len(with_problems)}
