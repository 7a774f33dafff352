"""vigie:samplelandscape — write the synthetic sample mining landscape."""

import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
)

from .base import GROUP_DATA, VigieAlgorithm


class SampleLandscapeAlgorithm(VigieAlgorithm):
    ALG_ID = "samplelandscape"
    GROUP = GROUP_DATA

    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    SEED = "SEED"
    SMALL = "SMALL"
    DEM = "DEM"
    GPKG = "GPKG"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return self.tr("Sample mining landscape")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return self.tr(
            "Writes a synthetic mining landscape in Lambert-93 (EPSG:2154) to try Vigie: "
            "a 5 m terrain model of about 20 × 12 km with spoil tips, a valley and a canal, "
            "and a GeoPackage with the inscribed elements, the property perimeter, the "
            "buffer zone, cités minières, buildings with heights, proposed projects and "
            "remarkable viewpoints, plus a few photos. The same seed always gives the "
            "same files."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self.addParameter(
            QgsProcessingParameterNumber(
                self.SEED, self.tr("Seed"), QgsProcessingParameterNumber.Integer, 2012, minValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.SMALL, self.tr("Small version (coarse terrain, for quick tests)"), False
            )
        )
        self.addParameter(
            QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, self.tr("Output folder"))
        )
        self.addOutput(QgsProcessingOutputFile(self.DEM, self.tr("Terrain model")))
        self.addOutput(QgsProcessingOutputFile(self.GPKG, self.tr("Sample layers")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        seed = self.parameterAsInt(parameters, self.SEED, context)
        small = self.parameterAsBool(parameters, self.SMALL, context)
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as err:
            raise QgsProcessingException(
                self.tr("Cannot create the output folder {folder}: {error}").format(
                    folder=folder, error=err
                )
            )
        feedback.pushInfo(self.tr("Writing the sample landscape to {folder}").format(folder=folder))
        from ..core import landscape

        paths = landscape.generate(folder, seed=seed, small=small)
        feedback.setProgress(100)
        return {
            self.OUTPUT_FOLDER: folder,
            self.DEM: paths.get("dem", ""),
            self.GPKG: paths.get("gpkg", ""),
        }


