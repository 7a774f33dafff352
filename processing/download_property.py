"""vigie:downloadproperty — the UNESCO property's layers into one GeoPackage in Lambert-93."""

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFileDestination,
)

from .base import GROUP_DATA, VigieAlgorithm


class DownloadPropertyAlgorithm(VigieAlgorithm):
    ALG_ID = "downloadproperty"
    GROUP = GROUP_DATA
    ICON = "download.svg"

    DATAGOUV = "DATAGOUV"
    GEO2FRANCE = "GEO2FRANCE"
    OUTPUT = "OUTPUT"
    ELEMENTS = "ELEMENTS"
    ELEMENT_COUNT = "ELEMENT_COUNT"

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return self.tr("Download the UNESCO property's layers")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return self.tr(
            "Downloads the open data of the Bassin minier du Nord-Pas de Calais property into one "
            "GeoPackage in Lambert-93 (EPSG:2154). From data.gouv.fr (zip of Lambert-93 shapefiles "
            "« UNESCO - L93 2018 »): bien_inscrit (perimeter, 109 components), zone_tampon (buffer "
            "zone), batis, cites_minieres, cavaliers, espace_neonaturel, terrils, and a layer elements "
            "gathering the 353 inscribed elements with id (UNESCO id, e.g. 37B), name, type, element, "
            "objet and source_layer, ready for vigie:ztv. From the Géo2France WFS of the Mission "
            "Bassin Minier (GeoJSON, paged): bassin_minier, communes_mbm, equipements_collectifs, "
            "equipements_extraction, cites_erbm and the buffer-zone layers zt_cavaliers, "
            "zt_cites_minieres, zt_espaces_neonaturels, zt_terrils, zt_parvis_agricoles. Field names "
            "are normalised to lower-case ASCII snake_case (see docs/data-sources.md). Downloads are "
            "cached on disk. The file records its sources, date, licence (Licence Ouverte 2.0) and "
            "attribution (Mission Bassin Minier)."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterBoolean(
            self.DATAGOUV, self.tr("Property, buffer zone and elements (data.gouv.fr)"), True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.GEO2FRANCE, self.tr("Mission Bassin Minier layers (Géo2France WFS)"), True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Property layers (GeoPackage)"), self.tr("GeoPackage (*.gpkg)")))
        self.addOutput(QgsProcessingOutputString(self.ELEMENTS, self.tr("Inscribed elements layer")))
        self.addOutput(QgsProcessingOutputNumber(self.ELEMENT_COUNT, self.tr("Inscribed elements")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from ..core import sources
        from . import data_sources as glue

        use_dg = self.parameterAsBool(parameters, self.DATAGOUV, context)
        use_g2f = self.parameterAsBool(parameters, self.GEO2FRANCE, context)
        if not (use_dg or use_g2f):
            raise QgsProcessingException(self.tr("Choose at least one source (data.gouv.fr or Géo2France)."))
        out = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not out.lower().endswith(".gpkg"):
            raise QgsProcessingException(self.tr(
                "The layers are written to a GeoPackage: give the output a .gpkg name ({path}).").format(path=out))
        urls = glue.source_urls()
        client = glue.make_client(feedback)
        try:
            result = sources.download_property(client, out, urls, use_datagouv=use_dg, use_geo2france=use_g2f,
                                               progress=feedback.setProgress)
        except sources.SourceError as err:
            glue.raise_for(err)
        finally:
            glue.close_client(client, feedback)
        for w in result.warnings:
            feedback.pushWarning(self.tr("Not downloaded: {detail}").format(detail=w))
        for name, n in result.layers.items():
            feedback.pushInfo(self.tr("{layer}: {n} features").format(layer=name, n=n))
        feedback.pushInfo(self.tr("{d} downloads, {c} read from the cache.").format(
            d=client.requests_made, c=client.cache_hits))
        by_layer = {}
        for prov in result.provenance:
            for lname in prov.layers:
                by_layer[lname] = prov
        for lname in result.layers:
            prov = by_layer.get(lname)
            if prov is not None:
                glue.save_metadata("{}|layername={}".format(out, lname), "ogr", [prov], lname)
        elements_uri = ""
        for lname in ("zone_tampon", "bien_inscrit", "elements"):
            if lname in result.layers and lname in by_layer:
                uri = "{}|layername={}".format(out, lname)
                glue.load_on_completion(context, uri, lname, "ogr", [by_layer[lname]])
                if lname == "elements":
                    elements_uri = uri
        return {self.OUTPUT: out, self.ELEMENTS: elements_uri, self.ELEMENT_COUNT: result.elements}
