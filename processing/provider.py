"""The Vigie Processing provider (id ``vigie``, permanent)."""

from typing import List

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr
from .base import icon


def algorithm_classes() -> List[type]:
    """Every algorithm class of the provider, in toolbox order."""
    from .check_survey import CheckSurveyAlgorithm
    from .create_survey import CreateSurveyAlgorithm
    from .download_buildings import DownloadBuildingsAlgorithm
    from .download_property import DownloadPropertyAlgorithm
    from .download_terrain import DownloadTerrainAlgorithm
    from .export_fiches import ExportFichesAlgorithm
    from .influence_zones import InfluenceZonesAlgorithm
    from .merge_surveys import MergeSurveysAlgorithm
    from .sample_landscape import SampleLandscapeAlgorithm
    from .surface_model import SurfaceModelAlgorithm
    from .viewshed import ViewshedAlgorithm
    from .ztv import ZtvAlgorithm

    classes = [ZtvAlgorithm, ViewshedAlgorithm, SampleLandscapeAlgorithm, SurfaceModelAlgorithm,
               CreateSurveyAlgorithm, CheckSurveyAlgorithm, MergeSurveysAlgorithm]
    from .intervisibility import IntervisibilityAlgorithm
    from .panorama import ViewpointPanoramaAlgorithm
    from .sightlines import SightlinesAlgorithm

    classes += [IntervisibilityAlgorithm, SightlinesAlgorithm, ViewpointPanoramaAlgorithm]
    classes += [InfluenceZonesAlgorithm]
    classes += [ExportFichesAlgorithm]
    from .project_impact import ProjectImpactAlgorithm

    classes += [ProjectImpactAlgorithm]
    classes += [DownloadPropertyAlgorithm, DownloadTerrainAlgorithm, DownloadBuildingsAlgorithm]
    return classes


class VigieProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "vigie"

    def name(self) -> str:
        return tr("Vigie — heritage & visibility")

    def longName(self) -> str:  # noqa: N802 - QGIS API
        return self.name()

    def icon(self) -> QIcon:
        return icon("vigie.svg")

    def loadAlgorithms(self) -> None:  # noqa: N802 - QGIS API
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
