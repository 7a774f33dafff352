"""vigie:downloadbuildings — IGN BD TOPO buildings with heights for an extent, into a GeoPackage."""

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFileDestination,
)

from .base import GROUP_DATA, VigieAlgorithm


class DownloadBuildingsAlgorithm(VigieAlgorithm):
    ALG_ID = "downloadbuildings"
    GROUP = GROUP_DATA
    ICON = "download.svg"

    EXTENT = "EXTENT"
    OUTPUT = "OUTPUT"
    BUILDINGS = "BUILDINGS"
    COUNT = "COUNT"
    WITH_HEIGHT = "WITH_HEIGHT"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return self.tr("Download buildings (IGN BD TOPO)")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return self.tr(
            "Downloads the buildings of IGN's BD TOPO (BDTOPO_V3:batiment) that intersect an extent from "
            "the Géoplateforme WFS, page by page in GeoJSON (page size from the service's CountDefault), "
            "and writes them to a GeoPackage layer named buildings in Lambert-93 (EPSG:2154), "
            "polygons in 2D. Every BD TOPO attribute is kept; hauteur (height in metres, real) and "
            "nombre_d_etages (number of floors, integer) are always present, NULL where IGN has no "
            "value, so the layer is ready for vigie:surfacemodel. Pages are cached on disk. The file "
            "records its source, date, licence (Licence Ouverte 2.0) and attribution (© IGN)."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, self.tr("Extent")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Buildings (GeoPackage)"), self.tr("GeoPackage (*.gpkg)")))
        self.addOutput(QgsProcessingOutputString(self.BUILDINGS, self.tr("Buildings layer")))
        self.addOutput(QgsProcessingOutputNumber(self.COUNT, self.tr("Buildings")))
        self.addOutput(QgsProcessingOutputNumber(self.WITH_HEIGHT, self.tr("Buildings with a height")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..core import sources
        from . import data_sources as glue

        extent = glue.extent_2154(self, parameters, self.EXTENT, context)
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not out.lower().endswith(".gpkg"):
            raise QgsProcessingException(self.tr(
                "The buildings are written to a GeoPackage: give the output a .gpkg name ({path}).").format(path=out))
        urls = glue.source_urls()
        client = glue.make_client(feedback)
        try:
            feedback.pushInfo(self.tr("Buildings from {url}").format(url=urls["geopf_wfs"]))
            result = sources.download_buildings(client, urls["geopf_wfs"], extent, out,
                                                progress=feedback.setProgress)
        except sources.SourceError as err:
            glue.raise_for(err)
        finally:
            glue.close_client(client, feedback)
        feedback.pushInfo(self.tr(
            "{n} buildings ({h} with a height) in {pages} pages; {d} downloaded, {c} read from the cache.").format(
            n=result.features, h=result.with_height, pages=result.pages, d=client.requests_made,
            c=client.cache_hits))
        if result.features == 0:
            feedback.pushWarning(self.tr("No building in this extent."))
        uri = "{}|layername={}".format(out, result.layer)
        title = self.tr("Buildings (BD TOPO)")
        glue.save_metadata(uri, "ogr", [result.provenance], title)
        glue.load_on_completion(context, uri, title, "ogr", [result.provenance])
        return {self.OUTPUT: out, self.BUILDINGS: uri, self.COUNT: result.features,
                self.WITH_HEIGHT: result.with_height}
