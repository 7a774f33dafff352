"""Base class shared by every Vigie algorithm (groups, tr, icon, help)."""

import os
from typing import Dict

from qgis.core import QgsProcessingAlgorithm
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr

ICON_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons")

# Group ids are permanent (saved models refer to them); names are translated.
GROUP_VISIBILITY = "visibility"
GROUP_SURVEY = "survey"
GROUP_SHEETS = "sheets"
GROUP_DATA = "data"


def group_names() -> Dict[str, str]:
    return {
        GROUP_VISIBILITY: tr("Visibility"),
        GROUP_SURVEY: tr("Field survey"),
        GROUP_SHEETS: tr("PDF sheets"),
        GROUP_DATA: tr("Data"),
    }


def icon(name: str) -> QIcon:
    return QIcon(os.path.join(ICON_DIR, name))


class VigieAlgorithm(QgsProcessingAlgorithm):
    """Common behaviour: translated group, icon, instance creation.

    Subclasses set ``ALG_ID`` (permanent), ``GROUP`` (a group id above),
    ``ICON`` and implement ``displayName``, ``shortHelpString``,
    ``initAlgorithm`` and ``processAlgorithm``.
    """

    ALG_ID = ""
    GROUP = GROUP_VISIBILITY
    ICON = "vigie.svg"

    def tr(self, text: str) -> str:  # noqa: D102 - Qt naming
        return tr(text)

    def name(self) -> str:
        return self.ALG_ID

    def group(self) -> str:
        return group_names()[self.GROUP]

    def groupId(self) -> str:  # noqa: N802 - QGIS API
        return self.GROUP

    def icon(self) -> QIcon:
        return icon(self.ICON)

    def createInstance(self):  # noqa: N802 - QGIS API
        return self.__class__()

    def add_advanced(self, parameters) -> None:
        """Add parameters flagged as advanced (shown under "Advanced parameters")."""
        for p in parameters:
            p.setFlags(p.flags() | p.FlagAdvanced)
            self.addParameter(p)


def check_pdf_dependencies() -> None:
    """Raise a translated QgsProcessingException when the PDF libraries are missing."""
    from qgis.core import QgsProcessingException

    from ..core.deps import missing_modules

    missing = missing_modules()
    if missing:
        raise QgsProcessingException(
            tr(
                "The PDF export needs the Python module(s) {modules}, which this QGIS does not "
                "have. On Windows, run the OSGeo4W installer (Advanced install) and add the "
                "package python3-pillow; on Debian/Ubuntu, install python3-pil; then restart QGIS."
            ).format(modules=", ".join(missing))
        )
