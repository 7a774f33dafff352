"""vigie:downloadterrain — IGN RGE ALTI terrain for an extent, as a GeoTIFF in Lambert-93."""

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterRasterDestination,
)

from .base import GROUP_DATA, VigieAlgorithm


class DownloadTerrainAlgorithm(VigieAlgorithm):
    ALG_ID = "downloadterrain"
    GROUP = GROUP_DATA
    ICON = "download.svg"

    EXTENT = "EXTENT"
    RESOLUTION = "RESOLUTION"
    CHECK = "CHECK"
    OUTPUT = "OUTPUT"
    TILES = "TILES"
    MAX_DIFFERENCE = "MAX_DIFFERENCE"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return self.tr("Download terrain (IGN RGE ALTI)")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return self.tr(
            "Downloads IGN's RGE ALTI terrain model for an extent from the Géoplateforme raster WMS "
            "(layer ELEVATION.ELEVATIONGRIDCOVERAGE.HIGHRES) and writes a 32-bit float GeoTIFF in "
            "Lambert-93 (EPSG:2154) at 1, 5 or 25 m (default 5 m). The extent is snapped outwards to "
            "the resolution; the area is fetched in tiles no larger than the service allows (read from "
            "its capabilities, at most 2048 pixels a side) in a 32-bit float format it offers "
            "(BIL), then mosaicked. Cells without data get NoData -99999. Tiles are cached on disk: a "
            "second run over the same area, or a run restarted after a failure, reuses them. "
            "Optionally compares 25 points with the Géoplateforme altimetry service. The file records "
            "its source, date, licence (Licence Ouverte 2.0) and attribution (© IGN)."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterExtent(self.EXTENT, self.tr("Extent")))
        self.addParameter(QgsProcessingParameterEnum(
            self.RESOLUTION, self.tr("Resolution"), options=["1 m", "5 m", "25 m"], defaultValue=1))
        self.addParameter(QgsProcessingParameterBoolean(
            self.CHECK, self.tr("Check a few points against the altimetry service"), True))
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Terrain model")))
        self.addOutput(QgsProcessingOutputNumber(self.TILES, self.tr("Tiles")))
        self.addOutput(QgsProcessingOutputNumber(self.MAX_DIFFERENCE, self.tr(
            "Largest difference with the altimetry service (m)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..core import sources
        from . import data_sources as glue

        extent = glue.extent_2154(self, parameters, self.EXTENT, context)
        res = sources.TERRAIN_RESOLUTIONS[self.parameterAsEnum(parameters, self.RESOLUTION, context)]
        check = self.parameterAsBool(parameters, self.CHECK, context)
        out = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        if not out.lower().endswith((".tif", ".tiff")):
            raise QgsProcessingException(self.tr(
                "The terrain model is written as a GeoTIFF: give the output a .tif name ({path}).").format(path=out))
        urls = glue.source_urls()
        client = glue.make_client(feedback)
        max_diff = -1.0
        try:
            feedback.pushInfo(self.tr("Terrain at {res:g} m from {url}").format(res=res, url=urls["geopf_wms"]))
            result = sources.download_terrain(client, urls["geopf_wms"], extent, res, out,
                                              progress=lambda p: feedback.setProgress(0.95 * p))
            feedback.pushInfo(self.tr(
                "{cols} × {rows} cells in {tiles} tiles of at most {size} pixels ({fmt}); "
                "{n} downloaded, {hits} read from the cache.").format(
                cols=result.cols, rows=result.rows, tiles=result.tiles, size=result.tile_size,
                fmt=result.format, n=client.requests_made, hits=client.cache_hits))
            if result.nodata_cells:
                feedback.pushWarning(self.tr("{n} cells have no terrain data (NoData).").format(
                    n=result.nodata_cells))
            if check:
                try:
                    pairs = sources.check_terrain(client, urls["geopf_altimetry"], out)
                    if pairs:
                        max_diff = max(abs(a - b) for _x, _y, a, b in pairs)
                        feedback.pushInfo(self.tr(
                            "Altimetry check: {n} points, largest difference {d:.2f} m.").format(
                            n=len(pairs), d=max_diff))
                except sources.CanceledError:
                    raise
                except sources.SourceError as err:
                    feedback.pushWarning(self.tr("The altimetry check could not run: {detail}").format(
                        detail=glue.error_message(err)))
        except sources.SourceError as err:
            glue.raise_for(err)
        finally:
            glue.close_client(client, feedback)
        title = self.tr("Terrain (RGE ALTI)")
        glue.save_metadata(out, "gdal", [result.provenance], title)
        glue.metadata_on_load(context, out, [result.provenance], title)
        feedback.setProgress(100)
        return {self.OUTPUT: out, self.TILES: result.tiles, self.MAX_DIFFERENCE: max_diff}
