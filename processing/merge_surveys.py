"""vigie:mergesurveys — the tablets' copies of a survey into the master, conflicts reported, nothing lost."""

import os
from typing import Dict

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import survey_db, survey_merge
from ..i18n import tr
from .base import GROUP_SURVEY, VigieAlgorithm
from .check_survey import field_label


def action_text(action: str) -> str:
    return {
        "added": tr("added"),
        "updated": tr("updated"),
        "conflict": tr("CONFLICT — master kept, decide by hand"),
        "photo_copied": tr("photo copied"),
        "photo_renamed": tr("photo copied under a new name (another photo had its name)"),
        "photo_missing": tr("photo file missing in the copy — record added without its file"),
    }.get(action, action)


class MergeSurveysAlgorithm(VigieAlgorithm):
    ALG_ID = "mergesurveys"
    GROUP = GROUP_SURVEY
    ICON = "merge.svg"

    MASTER = "MASTER"
    COPIES = "COPIES"
    OUTPUT = "OUTPUT"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Merge the tablets' surveys into the master")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Brings the copies of a survey (one per tablet, each a survey folder, survey.qgz or "
            "survey.gpkg) back into the master survey. New fiches, préconisations, photos (files "
            "copied into the master's DCIM/) and cités are added; a field changed on one tablet "
            "is updated in the master. A field changed on two tablets to different values, or "
            "changed both in the master and on a tablet, is a CONFLICT: the master keeps its "
            "value and the report lists both values, to decide by hand — nothing is silently "
            "overwritten. The copies are only read. Running the merge again changes nothing.\n\n"
            "Each survey remembers the state it was copied in (a snapshot table): that is how a "
            "change on a tablet is told from an old value. Copy the master to the tablets again "
            "after a merge.\n\n"
            "The master is updated in one step: a crash or a cancel leaves it as it was, or fully "
            "merged. Close the master survey in QGIS before merging."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.MASTER, self.tr("Master survey folder (or its survey.gpkg)"),
            behavior=QgsProcessingParameterFile.Folder))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.COPIES, self.tr("Copies from the tablets (survey.gpkg or survey.qgz files)"),
            QgsProcessing.TypeFile))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Merge report")))
        self.addOutput(QgsProcessingOutputNumber("ADDED", self.tr("Records added")))
        self.addOutput(QgsProcessingOutputNumber("UPDATED", self.tr("Fields updated")))
        self.addOutput(QgsProcessingOutputNumber("CONFLICTS", self.tr("Conflicts")))

    def processAlgorithm(self, parameters, context, feedback) -> Dict[str, object]:  # noqa: N802
        master = survey_db.find_survey_gpkg(self.parameterAsFile(parameters, self.MASTER, context))
        copies = [survey_db.find_survey_gpkg(p) for p in self.parameterAsFileList(parameters, self.COPIES, context)]
        if not copies:
            raise QgsProcessingException(self.tr("Give at least one copy of the survey to merge."))
        for path in [master] + copies:
            if not os.path.isfile(path):
                raise QgsProcessingException(self.tr(
                    "{path} does not exist: give a survey folder, its survey.qgz or its survey.gpkg.").format(path=path))
        if len(set(copies)) != len(copies) or master in copies:
            raise QgsProcessingException(self.tr(
                "The same survey is given twice (or the master is among the copies): each tablet's "
                "copy once, the master apart."))
        fields = QgsFields()
        for name in ("copy", "table", "uuid", "record", "action", "field", "master_value", "copy_value", "other"):
            fields.append(QgsField(name, QVariant.String))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        try:
            report = survey_merge.merge(master, copies, progress=feedback.setProgress,
                                        is_canceled=feedback.isCanceled)
        except InterruptedError:
            feedback.pushInfo(self.tr("Merge cancelled: the master is unchanged."))
            return {self.OUTPUT: dest, "ADDED": 0, "UPDATED": 0, "CONFLICTS": 0}
        except (survey_merge.MergeError, survey_db.SurveyError) as exc:
            why = str(exc)
            if why.startswith("locked"):
                raise QgsProcessingException(self.tr(
                    "The master survey {path} is in use by another program (QGIS, QField sync or a "
                    "backup). Close it there and run the merge again; nothing was changed.").format(path=master))
            if why.startswith("schema"):
                raise QgsProcessingException(self.tr(
                    "A survey does not have the tables and fields of the fiche model ({why}). Run "
                    "vigie:checksurvey on it; nothing was changed.").format(why=why))
            raise QgsProcessingException(self.tr("Cannot merge: {why}. Nothing was changed.").format(why=why))
        for row in report:
            f = QgsFeature(fields)
            f.setAttributes([row.copy, row.table, row.uuid, row.record, action_text(row.action),
                             field_label(row.table, row.field) if row.field and row.field != "wkb" else row.field,
                             row.master_value, row.copy_value, row.other])
            sink.addFeature(f, QgsFeatureSink.FastInsert)
        counts = {k: sum(1 for r in report if r.action == k) for k in ("added", "updated", "conflict")}
        feedback.pushInfo(self.tr("{a} record(s) added, {u} field(s) updated, {c} conflict(s).").format(
            a=counts["added"], u=counts["updated"], c=counts["conflict"]))
        if counts["conflict"]:
            feedback.pushWarning(self.tr("Conflicts: the master kept its values; see the report to decide."))
        return {self.OUTPUT: dest, "ADDED": counts["added"], "UPDATED": counts["updated"],
                "CONFLICTS": counts["conflict"]}
