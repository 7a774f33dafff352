<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
  <context>
    <name>Vigie</name>
    <message>
      <location filename="../../plugin.py" line="22" />
      <source>Zone of theoretical visibility (ZTV)…</source>
      <translation>Zone de visibilité théorique (ZVT)…</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="23" />
      <source>Viewshed from viewpoints…</source>
      <translation>Bassin de visibilité depuis des points de vue…</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="24" />
      <source>Sample mining landscape…</source>
      <translation>Paysage minier d'exemple…</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="52" />
      <source>&amp;Vigie</source>
      <translation>&amp;Vigie</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="55" />
      <source>Vigie</source>
      <translation>Vigie</translation>
    </message>
    <message>
      <location filename="../../processing/base.py" line="22" />
      <source>Visibility</source>
      <translation>Visibilité</translation>
    </message>
    <message>
      <location filename="../../processing/base.py" line="23" />
      <source>Field survey</source>
      <translation>Enquête de terrain</translation>
    </message>
    <message>
      <location filename="../../processing/base.py" line="24" />
      <source>PDF sheets</source>
      <translation>Fiches PDF</translation>
    </message>
    <message>
      <location filename="../../processing/base.py" line="25" />
      <source>Data</source>
      <translation>Données</translation>
    </message>
    <message>
      <location filename="../../processing/base.py" line="73" />
      <source>The PDF export needs the Python module(s) {modules}, which this QGIS does not have. On Windows, run the OSGeo4W installer (Advanced install) and add the package python3-pillow; on Debian/Ubuntu, install python3-pil; then restart QGIS.</source>
      <translation>L'export PDF a besoin du ou des modules Python {modules}, absents de cette installation de QGIS. Sous Windows, lancez l'installateur OSGeo4W (installation avancée) et ajoutez le paquet python3-pillow ; sous Debian/Ubuntu, installez python3-pil ; puis redémarrez QGIS.</translation>
    </message>
    <message>
      <location filename="../../processing/provider.py" line="24" />
      <source>Vigie — heritage &amp; visibility</source>
      <translation>Vigie — patrimoine &amp; visibilité</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="28" />
      <source>Sample mining landscape</source>
      <translation>Paysage minier d'exemple</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="31" />
      <source>Writes a synthetic mining landscape in Lambert-93 (EPSG:2154) to try Vigie: a 5 m terrain model of about 20 × 12 km with spoil tips, a valley and a canal, and a GeoPackage with the inscribed elements, the property perimeter, the buffer zone, cités minières, buildings with heights, proposed projects and remarkable viewpoints, plus a few photos. The same seed always gives the same files.</source>
      <translation>Écrit un paysage minier synthétique en Lambert-93 (EPSG:2154) pour essayer Vigie : un modèle de terrain à 5 m d'environ 20 × 12 km avec des terrils, une vallée et un canal, et un GeoPackage avec les éléments inscrits, le périmètre du Bien, la zone tampon, des cités minières, des bâtiments avec leur hauteur, des projets et des points de vue remarquables, ainsi que quelques photos. La même graine donne toujours les mêmes fichiers.</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="43" />
      <source>Seed</source>
      <translation>Graine aléatoire</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="48" />
      <source>Small version (coarse terrain, for quick tests)</source>
      <translation>Version réduite (terrain grossier, pour des essais rapides)</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="52" />
      <source>Output folder</source>
      <translation>Dossier de sortie</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="54" />
      <source>Terrain model</source>
      <translation>Modèle de terrain</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="55" />
      <source>Sample layers</source>
      <translation>Couches d'exemple</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="69" />
      <source>Writing the sample landscape to {folder}</source>
      <translation>Écriture du paysage d'exemple dans {folder}</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="65" />
      <source>Cannot create the output folder {folder}: {error}</source>
      <translation>Impossible de créer le dossier de sortie {folder} : {error}</translation>
    </message>
  </context>
</TS>
