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
      <source>Create a field survey of cités…</source>
      <translation>Créer une enquête de terrain sur les cités…</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="25" />
      <source>Check a field survey…</source>
      <translation>Vérifier une enquête de terrain…</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="26" />
      <source>Merge the tablets' surveys…</source>
      <translation>Fusionner les enquêtes des tablettes…</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="27" />
      <source>Intervisibility network between elements…</source>
      <translation>Réseau d'intervisibilité entre éléments…</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="28" />
      <source>Lines of sight with profiles…</source>
      <translation>Lignes de visée avec profils…</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="29" />
      <source>Panorama from a viewpoint…</source>
      <translation>Panorama depuis un point de vue…</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="30" />
      <source>Impact of proposed projects…</source>
      <translation>Impact des projets…</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="31" />
      <source>Sample mining landscape…</source>
      <translation>Paysage minier d'exemple…</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="32" />
      <source>Export fiches as PDF sheets…</source>
      <translation>Exporter les fiches en PDF…</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="39" />
      <source>Download data for an area…</source>
      <translation>Télécharger les données d'une zone…</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="67" />
      <source>&amp;Vigie</source>
      <translation>&amp;Vigie</translation>
    </message>
    <message>
      <location filename="../../plugin.py" line="70" />
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
      <location filename="../../processing/base.py" line="79" />
      <source>The PDF export needs the Python module(s) {modules}, which this QGIS does not have. On Windows, run the OSGeo4W installer (Advanced install) and add the package python3-pillow; on Debian/Ubuntu, install python3-pil; then restart QGIS.</source>
      <translation>L'export PDF a besoin du ou des modules Python {modules}, absents de cette installation de QGIS. Sous Windows, lancez l'installateur OSGeo4W (installation avancée) et ajoutez le paquet python3-pillow ; sous Debian/Ubuntu, installez python3-pil ; puis redémarrez QGIS.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="34" />
      <source>« {label} » is required: fill it in.</source>
      <translation>« {label} » est obligatoire : à remplir.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="35" />
      <source>« {label} » holds {value}, which is not in the list {detail}: choose a value of the list (or add it to the vocab table).</source>
      <translation>« {label} » contient {value}, absent de la liste {detail} : choisir une valeur de la liste (ou l'ajouter à la table vocab).</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="37" />
      <source>« {label} » = {value} is outside {detail}.</source>
      <translation>« {label} » = {value} est hors de l'intervalle {detail}.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="38" />
      <source>« {label} » = {value} is not a number.</source>
      <translation>« {label} » = {value} n'est pas un nombre.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="39" />
      <source>« {label} » = {value} is not a date.</source>
      <translation>« {label} » = {value} n'est pas une date.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="40" />
      <source>Two records have the same identifier {value}: delete the duplicate.</source>
      <translation>Deux enregistrements ont le même identifiant {value} : supprimer le doublon.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="41" />
      <source>« {label} » points to {value}, which does not exist (deleted or not merged): attach the record again.</source>
      <translation>« {label} » renvoie à {value}, qui n'existe pas (supprimé ou pas encore fusionné) : rattacher à nouveau l'enregistrement.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="43" />
      <source>The photo {value} is not in the survey folder: copy it from the tablet's DCIM folder.</source>
      <translation>La photo {value} n'est pas dans le dossier de l'enquête : la copier depuis le dossier DCIM de la tablette.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="45" />
      <source>The photo path {value} is absolute: it will break on another computer. Move the photo under DCIM/ and store the path relative to the project.</source>
      <translation>Le chemin de la photo {value} est absolu : il ne fonctionnera pas sur un autre ordinateur. Placer la photo dans DCIM/ et enregistrer un chemin relatif au projet.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="47" />
      <source>The photo {value} is not under DCIM/: move it there and update the path.</source>
      <translation>La photo {value} n'est pas dans DCIM/ : l'y déplacer et mettre à jour le chemin.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="48" />
      <source>The photo file name {value} is not portable ({detail}): rename the file and update the path.</source>
      <translation>Le nom de fichier de la photo {value} n'est pas portable ({detail}) : renommer le fichier et mettre à jour le chemin.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="50" />
      <source>The file {value} is not an image (damaged or wrong file): take or copy the photo again.</source>
      <translation>Le fichier {value} n'est pas une image (fichier endommagé ou erroné) : reprendre ou recopier la photo.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="52" />
      <source>The photo {value} is a {detail} file: the sheets need JPEG. Convert it to JPEG (most tablets can be set to shoot JPEG).</source>
      <translation>La photo {value} est un fichier {detail} : les fiches demandent du JPEG. La convertir en JPEG (la plupart des tablettes peuvent être réglées pour photographier en JPEG).</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="54" />
      <source>Table {table}, field {field}: {detail} compared with the fiche model. Create the survey with vigie:createsurvey, or add the field.</source>
      <translation>Table {table}, champ {field} : {detail} par rapport au modèle de fiche. Créer l'enquête avec vigie:createsurvey, ou ajouter le champ.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="70" />
      <source>Check a field survey before printing</source>
      <translation>Vérifier une enquête de terrain avant impression</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="73" />
      <source>Reports, per fiche, what is missing or invalid in a survey folder (or its survey.qgz or survey.gpkg): required fields left empty (including the 'Désordres' description when a condition score is poor or bad), values outside the vocabularies of the survey's vocab table, numbers out of range, records pointing to nothing, photos missing on disk, absolute photo paths, file names that will not survive a copy to Windows or Android, files that are not JPEG images, and differences between the GeoPackage and the fiche model. One row per problem, with the cité, the visit date and what to do. The survey is only read, never changed.</source>
      <translation>Signale, fiche par fiche, ce qui manque ou est invalide dans un dossier d'enquête (ou son survey.qgz ou son survey.gpkg) : champs obligatoires vides (y compris la description des désordres quand un état est médiocre ou mauvais), valeurs absentes des listes de la table vocab de l'enquête, nombres hors limites, enregistrements qui ne renvoient à rien, photos absentes du disque, chemins de photos absolus, noms de fichiers qui ne survivront pas à une copie sous Windows ou Android, fichiers qui ne sont pas des images JPEG, et écarts entre le GeoPackage et le modèle de fiche. Une ligne par problème, avec la cité, la date de visite et ce qu'il faut faire. L'enquête est seulement lue, jamais modifiée.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="86" />
      <source>Survey folder (or its survey.qgz or survey.gpkg)</source>
      <translation>Dossier de l'enquête (ou son survey.qgz ou son survey.gpkg)</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="88" />
      <source>Survey problems</source>
      <translation>Problèmes de l'enquête</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="89" />
      <source>Number of problems</source>
      <translation>Nombre de problèmes</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="90" />
      <source>Fiches with problems</source>
      <translation>Fiches à compléter</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="116" />
      <source>{n} problem(s); {k} of {m} fiche(s) to complete.</source>
      <translation>{n} problème(s) ; {k} fiche(s) sur {m} à compléter.</translation>
    </message>
    <message>
      <location filename="../../processing/check_survey.py" line="98" />
      <source>Cannot read the survey GeoPackage {path} ({why}). Give the survey folder, its survey.qgz or its survey.gpkg; if another program is writing to it, close it and run again.</source>
      <translation>Impossible de lire le GeoPackage de l'enquête {path} ({why}). Indiquer le dossier de l'enquête, son survey.qgz ou son survey.gpkg ; si un autre programme y écrit, le fermer et relancer.</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="27" />
      <source>No terrain model given: choose a DEM raster layer.</source>
      <translation>Aucun modèle de terrain : choisissez une couche raster de MNT.</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="171" />
      <source>{n} elements, {v} viewpoints, radius {r:.0f} m.</source>
      <translation>{n} éléments, {v} points de vue, rayon {r:.0f} m.</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="32" />
      <source>The raster {layer} has no coordinate reference system. Assign its projected CRS (e.g. Lambert-93, EPSG:2154) in its properties, then run again.</source>
      <translation>Le raster {layer} n'a pas de système de coordonnées. Attribuez-lui son SCR projeté (par ex. Lambert-93, EPSG:2154) dans ses propriétés, puis relancez.</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="36" />
      <source>The raster {layer} is in a geographic CRS ({crs}, degrees): distances and heights would be wrong. Reproject it to a projected CRS in metres (Lambert-93, EPSG:2154) with Raster ▸ Projections ▸ Warp, then run again.</source>
      <translation>Le raster {layer} est dans un SCR géographique ({crs}, en degrés) : distances et hauteurs seraient fausses. Reprojetez-le dans un SCR projeté en mètres (Lambert-93, EPSG:2154) avec Raster ▸ Projections ▸ Projection (warp), puis relancez.</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="41" />
      <source>The raster {layer} has {w} × {h} cells: a terrain model needs at least 2 × 2.</source>
      <translation>Le raster {layer} a {w} × {h} cellules : un modèle de terrain en demande au moins 2 × 2.</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="45" />
      <source>The raster {layer} is not a file on disk ({path}); save it as a GeoTIFF first.</source>
      <translation>Le raster {layer} n'est pas un fichier sur disque ({path}) ; enregistrez-le d'abord en GeoTIFF.</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="71" />
      <source>Elements reprojected from {src} to {dst}.</source>
      <translation>Éléments reprojetés de {src} vers {dst}.</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="126" />
      <source>The surface model {surface} is not on the grid of the DEM {dem} (extent and size must match). Make it with vigie:surfacemodel or align it with Raster ▸ Align rasters.</source>
      <translation>Le modèle de surface {surface} n'est pas sur la grille du MNT {dem} (l'emprise et la taille doivent être identiques). Créez-le avec vigie:surfacemodel ou alignez-le avec Raster ▸ Aligner les rasters.</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="136" />
      <source>The radius must be greater than 0 m (got {r}).</source>
      <translation>Le rayon doit être supérieur à 0 m (valeur reçue : {r}).</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="140" />
      <source>The radius ({r:.0f} m) is larger than the whole DEM {dem} (diagonal {d:.0f} m). Give a radius within the terrain, or a larger terrain model.</source>
      <translation>Le rayon ({r:.0f} m) dépasse tout le MNT {dem} (diagonale {d:.0f} m). Donnez un rayon compris dans le terrain, ou un modèle de terrain plus grand.</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="168" />
      <source>No element of {layer} lies on the terrain model {dem}: check that they overlap (and that the DEM has data there).</source>
      <translation>Aucun élément de {layer} ne se trouve sur le modèle de terrain {dem} : vérifiez qu'ils se superposent (et que le MNT a des données à cet endroit).</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="55" />
      <source>The field {field} does not exist.</source>
      <translation>Le champ {field} n'existe pas.</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="81" />
      <source>Duplicate id {key}: the second element keeps it, check the id field.</source>
      <translation>Identifiant {key} en double : le second élément le garde aussi, vérifiez le champ identifiant.</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="157" />
      <source>Layer {layer}: {error}</source>
      <translation>Couche {layer} : {error}</translation>
    </message>
    <message>
      <location filename="../../processing/common.py" line="93" />
      <source>Element {key}: the height field {field} holds {value!r}, not a number.</source>
      <translation>Élément {key} : le champ de hauteur {field} contient {value!r}, qui n'est pas un nombre.</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="77" />
      <source>Create a field survey of cités (QGIS and QField)</source>
      <translation>Créer une enquête de terrain sur les cités (QGIS et QField)</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="80" />
      <source>Writes a survey folder for the fiche patrimoine of mining villages (cités): survey.gpkg (tables cite, fiche, preconisation, photo and vocab, keys are UUIDs), survey.qgz (a QGIS project with the form fully configured: tabs, drop-down lists read from the vocab table, calendars, multi-line texts, photo attachments stored under DCIM/ relative to the project, préconisations and photos as related records, default values, required fields with French messages, the 'Désordres' group that appears and becomes required when a condition score is poor or bad) and DCIM/.

The form uses only what QField reads from a project (drag-and-drop designer, no .ui file, no Python): copy the folder to the tablet (or package it with QFieldSync) and open survey.qgz.

The cités are copied in Lambert-93 (EPSG:2154) with their name and, when the layer has them, communes, INSEE codes, mining company, type, category, landlord and UNESCO id (matched by field name). Give the zones output of vigie:ztv to pre-fill, per cité, the inscribed elements visible from it (shown in the Paysage tab).

The output folder must be new or empty: an existing survey is never overwritten.</source>
      <translation>Écrit un dossier d'enquête pour la fiche patrimoine des cités minières : survey.gpkg (tables cite, fiche, preconisation, photo et vocab, clés en UUID), survey.qgz (un projet QGIS au formulaire entièrement configuré : onglets, listes déroulantes lues dans la table vocab, calendriers, textes sur plusieurs lignes, photos enregistrées dans DCIM/ avec un chemin relatif au projet, préconisations et photos en enregistrements liés, valeurs par défaut, champs obligatoires avec messages en français, groupe « Désordres » qui apparaît et devient obligatoire quand un état est médiocre ou mauvais) et DCIM/.

Le formulaire n'utilise que ce que QField lit dans un projet (concepteur par glisser-déposer, pas de fichier .ui, pas de Python) : copier le dossier sur la tablette (ou le préparer avec QFieldSync) et ouvrir survey.qgz.

Les cités sont copiées en Lambert-93 (EPSG:2154) avec leur nom et, quand la couche les contient, les communes, codes INSEE, compagnie minière, type, catégorie, bailleur et identifiant UNESCO (reconnus par le nom du champ). Donner les zones produites par vigie:ztv pour préremplir, par cité, les éléments inscrits visibles depuis elle (affichés dans l'onglet Paysage).

Le dossier de sortie doit être nouveau ou vide : une enquête existante n'est jamais écrasée.</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="100" />
      <source>Cités (polygons)</source>
      <translation>Cités (polygones)</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="102" />
      <source>Name field (default: nom or name)</source>
      <translation>Champ du nom (par défaut : nom ou name)</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="105" />
      <source>Visibility zones per element (output of vigie:ztv), to pre-fill the views</source>
      <translation>Zones de visibilité par élément (sortie de vigie:ztv), pour préremplir les vues</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="108" />
      <source>Survey title</source>
      <translation>Titre de l'enquête</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="110" />
      <source>Survey folder (new or empty)</source>
      <translation>Dossier de l'enquête (nouveau ou vide)</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="111" />
      <source>Survey project</source>
      <translation>Projet de l'enquête</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="112" />
      <source>Survey GeoPackage</source>
      <translation>GeoPackage de l'enquête</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="144" />
      <source>Fields used: {pairs}</source>
      <translation>Champs utilisés : {pairs}</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="245" />
      <source>{n} cités written to {path}.</source>
      <translation>{n} cités écrites dans {path}.</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="274" />
      <source>Views pre-filled from {n} visibility zones.</source>
      <translation>Vues préremplies à partir de {n} zones de visibilité.</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="122" />
      <source>The folder {folder} is not empty. A survey is never written over existing files: choose a new folder (or empty this one yourself).</source>
      <translation>Le dossier {folder} n'est pas vide. Une enquête n'est jamais écrite par-dessus des fichiers existants : choisir un nouveau dossier (ou vider celui-ci soi-même).</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="126" />
      <source>The cités layer {layer} has no feature: select a layer with the cités' polygons.</source>
      <translation>La couche des cités {layer} ne contient aucune entité : choisir une couche contenant les polygones des cités.</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="135" />
      <source>The cités layer {layer} has no name field (looked for nom, name). Choose the field holding the cités' names in 'Name field'.</source>
      <translation>La couche des cités {layer} n'a pas de champ de nom (recherchés : nom, name). Choisir le champ qui contient le nom des cités dans « Champ du nom ».</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="155" />
      <source>Cités reprojected from {src} to Lambert-93 (EPSG:2154).</source>
      <translation>Cités reprojetées de {src} en Lambert-93 (EPSG:2154).</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="202" />
      <source>{n} cité(s) of {layer} have no name (feature ids {ids}). Every cité needs a name in {field}: fill them in, then run again.</source>
      <translation>{n} cité(s) de {layer} n'ont pas de nom (entités {ids}). Chaque cité doit avoir un nom dans {field} : le renseigner, puis relancer.</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="207" />
      <source>No usable cité in {layer}.</source>
      <translation>Aucune cité utilisable dans {layer}.</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="211" />
      <source>These names occur more than once in {layer} with the same commune: {names}. Each cité must be identifiable on its fiche: make the names distinct (e.g. add the street or the pit), then run again.</source>
      <translation>Ces noms apparaissent plusieurs fois dans {layer} avec la même commune : {names}. Chaque cité doit être identifiable sur sa fiche : rendre les noms distincts (par exemple en ajoutant la rue ou la fosse), puis relancer.</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="218" />
      <source>Several cités share a name in different communes ({names}): their fiches show the commune beside the name.</source>
      <translation>Plusieurs cités portent le même nom dans des communes différentes ({names}) : leurs fiches affichent la commune à côté du nom.</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="151" />
      <source>The cités layer {layer} has no coordinate reference system: set it in the layer properties, then run again.</source>
      <translation>La couche des cités {layer} n'a pas de système de coordonnées : le définir dans les propriétés de la couche, puis relancer.</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="169" />
      <source>Cité {name}: no geometry, left out.</source>
      <translation>Cité {name} : pas de géométrie, écartée.</translation>
    </message>
    <message>
      <location filename="../../processing/create_survey.py" line="177" />
      <source>Cité {name}: not a polygon, left out.</source>
      <translation>Cité {name} : n'est pas un polygone, écartée.</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="112" />
      <source>HTTP error {status} ({text})</source>
      <translation>erreur HTTP {status} ({text})</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="113" />
      <source>the service answered with an error report: {text}</source>
      <translation>le service a répondu par un rapport d'erreur : {text}</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="114" />
      <source>the connection was cut after {got} of {want} bytes</source>
      <translation>la connexion a été coupée après {got} octets sur {want}</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="115" />
      <source>a terrain tile has {got} bytes instead of {want}</source>
      <translation>une tuile de terrain fait {got} octets au lieu de {want}</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="116" />
      <source>the answer is not a zip archive</source>
      <translation>la réponse n'est pas une archive zip</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="117" />
      <source>the zip archive is damaged ({text})</source>
      <translation>l'archive zip est endommagée ({text})</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="118" />
      <source>the archive holds no shapefile</source>
      <translation>l'archive ne contient aucun shapefile</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="119" />
      <source>the answer is not a valid XML capabilities document ({text})</source>
      <translation>la réponse n'est pas un document de capacités XML valide ({text})</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="120" />
      <source>the answer is not valid JSON ({text})</source>
      <translation>la réponse n'est pas du JSON valide ({text})</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="121" />
      <source>the connection failed ({text})</source>
      <translation>la connexion a échoué ({text})</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="122" />
      <source>the layer {layer} is not in the service's capabilities</source>
      <translation>la couche {layer} n'est pas dans les capacités du service</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="123" />
      <source>the layer {layer} is not offered in Lambert-93 (EPSG:2154)</source>
      <translation>la couche {layer} n'est pas proposée en Lambert-93 (EPSG:2154)</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="124" />
      <source>the service offers no 32-bit float image format (only {formats})</source>
      <translation>le service ne propose aucun format d'image en réels 32 bits (seulement {formats})</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="125" />
      <source>the feature type {typename} is not in the service's capabilities</source>
      <translation>le type d'entités {typename} n'est pas dans les capacités du service</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="160" />
      <source>Canceled: no output was written.</source>
      <translation>Annulé : aucune sortie n'a été écrite.</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="182" />
      <source>The service {host} did not give usable data: {detail}. Nothing was written and the cache was not changed. Try again later; if it persists, check the service address in the settings (vigie/sources/…) or the service's status page.</source>
      <translation>Le service {host} n'a pas fourni de données utilisables : {detail}. Rien n'a été écrit et le cache n'a pas été modifié. Réessayez plus tard ; si le problème persiste, vérifiez l'adresse du service dans les paramètres (vigie/sources/…) ou la page d'état du service.</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="267" />
      <source>The extent is empty: draw an area or choose a layer's extent.</source>
      <translation>L'emprise est vide : dessinez une zone ou choisissez l'emprise d'une couche.</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="132" />
      <source>{detail}, still after {n} attempts</source>
      <translation>{detail}, toujours après {n} essais</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="164" />
      <source>Cannot reach {host} ({reason}). The computer seems to be offline, or a proxy or a firewall blocks the connection. Check the network connection and the proxy settings (Settings ▸ Options ▸ Network), then run the algorithm again. The download cache ({cache}) holds {n} earlier downloads ({size:.1f} MB): areas already downloaded are read from it without a connection.</source>
      <translation>Impossible de joindre {host} ({reason}). L'ordinateur semble hors ligne, ou un proxy ou un pare-feu bloque la connexion. Vérifiez la connexion réseau et les paramètres de proxy (Préférences ▸ Options ▸ Réseau), puis relancez l'algorithme. Le cache de téléchargement ({cache}) contient {n} téléchargements antérieurs ({size:.1f} Mo) : les zones déjà téléchargées y sont lues sans connexion.</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="172" />
      <source>The secure connection to {host} could not be verified ({detail}). Vigie never downloads without checking the certificate: if your organisation's proxy inspects HTTPS traffic, install its certificate authority on this computer, then try again.</source>
      <translation>La connexion sécurisée à {host} n'a pas pu être vérifiée ({detail}). Vigie ne télécharge jamais sans vérifier le certificat : si le proxy de votre organisation inspecte le trafic HTTPS, installez son autorité de certification sur cet ordinateur, puis réessayez.</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="178" />
      <source>The area needs {cells} terrain cells, more than the {limit} Vigie downloads at once. Choose a smaller area or a coarser resolution.</source>
      <translation>La zone demande {cells} cellules de terrain, plus que les {limit} que Vigie télécharge en une fois. Choisissez une zone plus petite ou une résolution plus grossière.</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="101" />
      <source>Transfer: {detail}</source>
      <translation>Transfert : {detail}</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="152" />
      <source>Download cache over {limit:g} MB: {n} older downloads removed ({mb:.1f} MB).</source>
      <translation>Cache de téléchargement au-delà de {limit:g} Mo : {n} téléchargements plus anciens supprimés ({mb:.1f} Mo).</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="203" />
      <source>Downloaded by Vigie on {date} from {url}</source>
      <translation>Téléchargé par Vigie le {date} depuis {url}</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="272" />
      <source>The extent ({xmin:.0f}, {ymin:.0f} – {xmax:.0f}, {ymax:.0f} in EPSG:2154) is outside metropolitan France, where the IGN services have data. Check the extent and its coordinate system.</source>
      <translation>L'emprise ({xmin:.0f}, {ymin:.0f} – {xmax:.0f}, {ymax:.0f} en EPSG:2154) est hors de la France métropolitaine, où les services de l'IGN ont des données. Vérifiez l'emprise et son système de coordonnées.</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="94" />
      <source>{url}: {reason}; new attempt in {s} s</source>
      <translation>{url} : {reason} ; nouvel essai dans {s} s</translation>
    </message>
    <message>
      <location filename="../../processing/data_sources.py" line="99" />
      <source>{url} redirects to {target}</source>
      <translation>{url} redirige vers {target}</translation>
    </message>
    <message>
      <location filename="../../processing/download_buildings.py" line="26" />
      <source>Download buildings (IGN BD TOPO)</source>
      <translation>Télécharger les bâtiments (IGN BD TOPO)</translation>
    </message>
    <message>
      <location filename="../../processing/download_buildings.py" line="29" />
      <source>Downloads the buildings of IGN's BD TOPO (BDTOPO_V3:batiment) that intersect an extent from the Géoplateforme WFS, page by page in GeoJSON (page size from the service's CountDefault), and writes them to a GeoPackage layer named buildings in Lambert-93 (EPSG:2154), polygons in 2D. Every BD TOPO attribute is kept; hauteur (height in metres, real) and nombre_d_etages (number of floors, integer) are always present, NULL where IGN has no value, so the layer is ready for vigie:surfacemodel. Pages are cached on disk. The file records its source, date, licence (Licence Ouverte 2.0) and attribution (© IGN).</source>
      <translation>Télécharge les bâtiments de la BD TOPO de l'IGN (BDTOPO_V3:batiment) qui touchent une emprise, depuis le WFS de la Géoplateforme, page par page en GeoJSON (taille de page selon le CountDefault du service), et les écrit dans une couche GeoPackage nommée buildings en Lambert-93 (EPSG:2154), polygones en 2D. Tous les attributs de la BD TOPO sont conservés ; hauteur (en mètres, réel) et nombre_d_etages (entier) sont toujours présents, NULL quand l'IGN n'a pas de valeur : la couche est prête pour vigie:surfacemodel. Les pages sont mises en cache sur le disque. Le fichier enregistre sa source, sa date, sa licence (Licence Ouverte 2.0) et son attribution (© IGN).</translation>
    </message>
    <message>
      <location filename="../../processing/download_buildings.py" line="73" />
      <source>Buildings (BD TOPO)</source>
      <translation>Bâtiments (BD TOPO)</translation>
    </message>
    <message>
      <location filename="../../processing/download_buildings.py" line="40" />
      <source>Extent</source>
      <translation>Emprise</translation>
    </message>
    <message>
      <location filename="../../processing/download_buildings.py" line="42" />
      <source>Buildings (GeoPackage)</source>
      <translation>Bâtiments (GeoPackage)</translation>
    </message>
    <message>
      <location filename="../../processing/download_buildings.py" line="42" />
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <location filename="../../processing/download_buildings.py" line="43" />
      <source>Buildings layer</source>
      <translation>Couche des bâtiments</translation>
    </message>
    <message>
      <location filename="../../processing/download_buildings.py" line="44" />
      <source>Buildings</source>
      <translation>Bâtiments</translation>
    </message>
    <message>
      <location filename="../../processing/download_buildings.py" line="45" />
      <source>Buildings with a height</source>
      <translation>Bâtiments avec une hauteur</translation>
    </message>
    <message>
      <location filename="../../processing/download_buildings.py" line="71" />
      <source>No building in this extent.</source>
      <translation>Aucun bâtiment dans cette emprise.</translation>
    </message>
    <message>
      <location filename="../../processing/download_buildings.py" line="66" />
      <source>{n} buildings ({h} with a height) in {pages} pages; {d} downloaded, {c} read from the cache.</source>
      <translation>{n} bâtiments ({h} avec une hauteur) en {pages} pages ; {d} téléchargés, {c} lus dans le cache.</translation>
    </message>
    <message>
      <location filename="../../processing/download_buildings.py" line="54" />
      <source>The buildings are written to a GeoPackage: give the output a .gpkg name ({path}).</source>
      <translation>Les bâtiments sont écrits dans un GeoPackage : donnez à la sortie un nom en .gpkg ({path}).</translation>
    </message>
    <message>
      <location filename="../../processing/download_buildings.py" line="59" />
      <source>Buildings from {url}</source>
      <translation>Bâtiments depuis {url}</translation>
    </message>
    <message>
      <location filename="../../processing/download_property.py" line="26" />
      <source>Download the UNESCO property's layers</source>
      <translation>Télécharger les couches du bien UNESCO</translation>
    </message>
    <message>
      <location filename="../../processing/download_property.py" line="29" />
      <source>Downloads the open data of the Bassin minier du Nord-Pas de Calais property into one GeoPackage in Lambert-93 (EPSG:2154). From data.gouv.fr (zip of Lambert-93 shapefiles « UNESCO - L93 2018 »): bien_inscrit (perimeter, 109 components), zone_tampon (buffer zone), batis, cites_minieres, cavaliers, espace_neonaturel, terrils, and a layer elements gathering the 353 inscribed elements with id (UNESCO id, e.g. 37B), name, type, element, objet and source_layer, ready for vigie:ztv. From the Géo2France WFS of the Mission Bassin Minier (GeoJSON, paged): bassin_minier, communes_mbm, equipements_collectifs, equipements_extraction, cites_erbm and the buffer-zone layers zt_cavaliers, zt_cites_minieres, zt_espaces_neonaturels, zt_terrils, zt_parvis_agricoles. Field names are normalised to lower-case ASCII snake_case (see docs/data-sources.md). Downloads are cached on disk. The file records its sources, date, licence (Licence Ouverte 2.0) and attribution (Mission Bassin Minier).</source>
      <translation>Télécharge les données ouvertes du bien Bassin minier du Nord-Pas de Calais dans un seul GeoPackage en Lambert-93 (EPSG:2154). Depuis data.gouv.fr (zip de shapefiles Lambert-93 « UNESCO - L93 2018 ») : bien_inscrit (périmètre, 109 composantes), zone_tampon, batis, cites_minieres, cavaliers, espace_neonaturel, terrils, et une couche elements réunissant les 353 éléments inscrits avec id (identifiant UNESCO, par ex. 37B), name, type, element, objet et source_layer, prête pour vigie:ztv. Depuis le WFS Géo2France de la Mission Bassin Minier (GeoJSON, par pages) : bassin_minier, communes_mbm, equipements_collectifs, equipements_extraction, cites_erbm et les couches de la zone tampon zt_cavaliers, zt_cites_minieres, zt_espaces_neonaturels, zt_terrils, zt_parvis_agricoles. Les noms de champs sont normalisés en snake_case ASCII minuscule (voir docs/data-sources.md). Les téléchargements sont mis en cache sur le disque. Le fichier enregistre ses sources, leur date, leur licence (Licence Ouverte 2.0) et leur attribution (Mission Bassin Minier).</translation>
    </message>
    <message>
      <location filename="../../processing/download_property.py" line="46" />
      <source>Property, buffer zone and elements (data.gouv.fr)</source>
      <translation>Bien, zone tampon et éléments (data.gouv.fr)</translation>
    </message>
    <message>
      <location filename="../../processing/download_property.py" line="48" />
      <source>Mission Bassin Minier layers (Géo2France WFS)</source>
      <translation>Couches de la Mission Bassin Minier (WFS Géo2France)</translation>
    </message>
    <message>
      <location filename="../../processing/download_property.py" line="50" />
      <source>Property layers (GeoPackage)</source>
      <translation>Couches du bien (GeoPackage)</translation>
    </message>
    <message>
      <location filename="../../processing/download_property.py" line="51" />
      <source>Inscribed elements layer</source>
      <translation>Couche des éléments inscrits</translation>
    </message>
    <message>
      <location filename="../../processing/download_property.py" line="52" />
      <source>Inscribed elements</source>
      <translation>Éléments inscrits</translation>
    </message>
    <message>
      <location filename="../../processing/download_property.py" line="61" />
      <source>Choose at least one source (data.gouv.fr or Géo2France).</source>
      <translation>Choisissez au moins une source (data.gouv.fr ou Géo2France).</translation>
    </message>
    <message>
      <location filename="../../processing/download_property.py" line="79" />
      <source>{d} downloads, {c} read from the cache.</source>
      <translation>{d} téléchargements, {c} lus dans le cache.</translation>
    </message>
    <message>
      <location filename="../../processing/download_property.py" line="64" />
      <source>The layers are written to a GeoPackage: give the output a .gpkg name ({path}).</source>
      <translation>Les couches sont écrites dans un GeoPackage : donnez à la sortie un nom en .gpkg ({path}).</translation>
    </message>
    <message>
      <location filename="../../processing/download_property.py" line="76" />
      <source>Not downloaded: {detail}</source>
      <translation>Non téléchargé : {detail}</translation>
    </message>
    <message>
      <location filename="../../processing/download_property.py" line="78" />
      <source>{layer}: {n} features</source>
      <translation>{layer} : {n} entités</translation>
    </message>
    <message>
      <location filename="../../processing/download_terrain.py" line="28" />
      <source>Download terrain (IGN RGE ALTI)</source>
      <translation>Télécharger le terrain (IGN RGE ALTI)</translation>
    </message>
    <message>
      <location filename="../../processing/download_terrain.py" line="31" />
      <source>Downloads IGN's RGE ALTI terrain model for an extent from the Géoplateforme raster WMS (layer ELEVATION.ELEVATIONGRIDCOVERAGE.HIGHRES) and writes a 32-bit float GeoTIFF in Lambert-93 (EPSG:2154) at 1, 5 or 25 m (default 5 m). The extent is snapped outwards to the resolution; the area is fetched in tiles no larger than the service allows (read from its capabilities, at most 2048 pixels a side) in a 32-bit float format it offers (BIL), then mosaicked. Cells without data get NoData -99999. Tiles are cached on disk: a second run over the same area, or a run restarted after a failure, reuses them. Optionally compares 25 points with the Géoplateforme altimetry service. The file records its source, date, licence (Licence Ouverte 2.0) and attribution (© IGN).</source>
      <translation>Télécharge le modèle de terrain RGE ALTI de l'IGN sur une emprise depuis le WMS raster de la Géoplateforme (couche ELEVATION.ELEVATIONGRIDCOVERAGE.HIGHRES) et écrit un GeoTIFF en réels 32 bits en Lambert-93 (EPSG:2154) à 1, 5 ou 25 m (5 m par défaut). L'emprise est élargie aux multiples de la résolution ; la zone est demandée en tuiles pas plus grandes que ce que le service accepte (lu dans ses capacités, au plus 2048 pixels de côté) dans un format réel 32 bits qu'il propose (BIL), puis assemblée. Les cellules sans donnée reçoivent NoData -99999. Les tuiles sont mises en cache sur le disque : une deuxième exécution sur la même zone, ou une exécution relancée après un échec, les réutilise. Peut comparer 25 points avec le service d'altimétrie de la Géoplateforme. Le fichier enregistre sa source, sa date, sa licence (Licence Ouverte 2.0) et son attribution (© IGN).</translation>
    </message>
    <message>
      <location filename="../../processing/download_terrain.py" line="97" />
      <source>Terrain (RGE ALTI)</source>
      <translation>Terrain (RGE ALTI)</translation>
    </message>
    <message>
      <location filename="../../processing/download_terrain.py" line="46" />
      <source>Resolution</source>
      <translation>Résolution</translation>
    </message>
    <message>
      <location filename="../../processing/download_terrain.py" line="48" />
      <source>Check a few points against the altimetry service</source>
      <translation>Vérifier quelques points avec le service d'altimétrie</translation>
    </message>
    <message>
      <location filename="../../processing/download_terrain.py" line="49" />
      <source>Terrain model</source>
      <translation>Modèle de terrain</translation>
    </message>
    <message>
      <location filename="../../processing/download_terrain.py" line="50" />
      <source>Tiles</source>
      <translation>Tuiles</translation>
    </message>
    <message>
      <location filename="../../processing/download_terrain.py" line="51" />
      <source>Largest difference with the altimetry service (m)</source>
      <translation>Plus grand écart avec le service d'altimétrie (m)</translation>
    </message>
    <message>
      <location filename="../../processing/download_terrain.py" line="63" />
      <source>The terrain model is written as a GeoTIFF: give the output a .tif name ({path}).</source>
      <translation>Le modèle de terrain est écrit en GeoTIFF : donnez à la sortie un nom en .tif ({path}).</translation>
    </message>
    <message>
      <location filename="../../processing/download_terrain.py" line="69" />
      <source>Terrain at {res:g} m from {url}</source>
      <translation>Terrain à {res:g} m depuis {url}</translation>
    </message>
    <message>
      <location filename="../../processing/download_terrain.py" line="72" />
      <source>{cols} × {rows} cells in {tiles} tiles of at most {size} pixels ({fmt}); {n} downloaded, {hits} read from the cache.</source>
      <translation>{cols} × {rows} cellules en {tiles} tuiles d'au plus {size} pixels ({fmt}) ; {n} téléchargées, {hits} lues dans le cache.</translation>
    </message>
    <message>
      <location filename="../../processing/download_terrain.py" line="78" />
      <source>{n} cells have no terrain data (NoData).</source>
      <translation>{n} cellules n'ont pas de donnée de terrain (NoData).</translation>
    </message>
    <message>
      <location filename="../../processing/download_terrain.py" line="85" />
      <source>Altimetry check: {n} points, largest difference {d:.2f} m.</source>
      <translation>Contrôle altimétrique : {n} points, plus grand écart {d:.2f} m.</translation>
    </message>
    <message>
      <location filename="../../processing/download_terrain.py" line="91" />
      <source>The altimetry check could not run: {detail}</source>
      <translation>Le contrôle altimétrique n'a pas pu être fait : {detail}</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="76" />
      <source>Export fiches as PDF sheets</source>
      <translation>Exporter les fiches en PDF</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="79" />
      <source>Prints the fiches patrimoine of a survey (made by vigie:createsurvey) as A4 PDF sheets in French: header with the property and the cité, identification of the cité, a location map rendered by QGIS (cité outline, nearby inscribed elements, property perimeter, buffer zone, buildings, optional hillshade of a DEM; scale bar, north arrow and the photo positions numbered, with an arrow for the direction when known), the photos with their captions (numbers match the map), every tab of the fiche as the model defines it, the condition scores as a coloured scale with the previous visit's scores beside them, and the préconisations table. Empty fields print as 'non renseigné'.

Survey: the survey GeoPackage or its project (survey.qgz). Fiches: an expression on the fiche table (e.g. "statut" = 'validee'); empty means every fiche.

Mode: one file per cité (named from the cité, safe on Windows; all its selected visits), one combined file (cover, table of contents, bookmarks per cité), or the PLUi annex: per commune, one document gathering the préconisations of its cités (latest visit of each) grouped by PLUi instrument, with an overview map.

Reference layers are optional; without them the map shows the cités only. Photos are downsampled for print (the DPI parameter, 200 by default); the original files are never changed. Each PDF is written to a temporary file and renamed at the end: a cancelled run leaves no partial file. A missing or unreadable photo, or a cité without geometry, is reported and the sheet is printed without it; the other fiches go on.</source>
      <translation>Imprime les fiches patrimoine d'une enquête (créée par vigie:createsurvey) en fiches PDF A4, en français : en-tête avec le Bien et la cité, identification de la cité, carte de situation rendue par QGIS (contour de la cité, éléments inscrits voisins, périmètre du Bien, zone tampon, bâti, ombrage facultatif d'un MNT ; échelle graphique, flèche du nord et positions des photos numérotées, avec une flèche de direction quand elle est connue), les photos et leurs légendes (numéros identiques à la carte), chaque onglet de la fiche tel que le modèle le définit, les notes d'état sur une échelle colorée avec celles de la visite précédente en regard, et le tableau des préconisations. Les champs vides sont imprimés « non renseigné ».

Enquête : le GeoPackage de l'enquête ou son projet (survey.qgz). Fiches : une expression sur la table fiche (par ex. "statut" = 'validee') ; vide, toutes les fiches.

Sortie : un fichier par cité (nommé d'après la cité, sans caractère interdit sous Windows ; toutes ses visites sélectionnées), un fichier unique (couverture, sommaire, signets par cité) ou l'annexe PLUi : par commune, un document réunissant les préconisations de ses cités (dernière visite de chacune) classées par outil du PLUi, avec une carte d'ensemble.

Les couches de référence sont facultatives ; sans elles, la carte ne montre que les cités. Les photos sont rééchantillonnées pour l'impression (paramètre de résolution, 200 ppp par défaut) ; les fichiers originaux ne sont jamais modifiés. Chaque PDF est écrit dans un fichier temporaire renommé à la fin : une exécution annulée ne laisse aucun fichier partiel. Une photo absente ou illisible, ou une cité sans géométrie, est signalée et la fiche est imprimée sans elle ; les autres fiches continuent.</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="103" />
      <source>Survey (GeoPackage or project)</source>
      <translation>Enquête (GeoPackage ou projet)</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="106" />
      <source>Fiches to export (expression on the fiche table; empty = all)</source>
      <translation>Fiches à exporter (expression sur la table fiche ; vide = toutes)</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="109" />
      <source>Output</source>
      <translation>Sortie</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="113" />
      <source>Output folder</source>
      <translation>Dossier de sortie</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="115" />
      <source>Inscribed elements (map)</source>
      <translation>Éléments inscrits (carte)</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="118" />
      <source>Property perimeter (map)</source>
      <translation>Périmètre du Bien (carte)</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="121" />
      <source>Buffer zone (map)</source>
      <translation>Zone tampon (carte)</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="123" />
      <source>Buildings (map)</source>
      <translation>Bâti (carte)</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="125" />
      <source>Terrain model for a hillshade (map)</source>
      <translation>Modèle de terrain pour l'ombrage (carte)</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="127" />
      <source>Field of the elements' names (labels)</source>
      <translation>Champ du nom des éléments (étiquettes)</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="129" />
      <source>Title of the combined PDF</source>
      <translation>Titre du PDF unique</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="131" />
      <source>Credits printed in the footer</source>
      <translation>Crédits imprimés en pied de page</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="133" />
      <source>Print resolution of maps and photos (dpi)</source>
      <translation>Résolution d'impression des cartes et photos (ppp)</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="135" />
      <source>Open the PDF when done</source>
      <translation>Ouvrir le PDF à la fin</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="138" />
      <source>PDF files written</source>
      <translation>Fichiers PDF écrits</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="139" />
      <source>Number of fiches printed</source>
      <translation>Nombre de fiches imprimées</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="140" />
      <source>Number of problems reported</source>
      <translation>Nombre de problèmes signalés</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="457" />
      <source>Fiche of {cite}: the map could not be rendered ({error}).</source>
      <translation>Fiche de {cite} : la carte n'a pas pu être rendue ({error}).</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="110" />
      <source>One PDF per cité</source>
      <translation>Un PDF par cité</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="110" />
      <source>One combined PDF (table of contents, bookmarks)</source>
      <translation>Un seul PDF (sommaire, signets)</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="111" />
      <source>PLUi annex: one PDF per commune</source>
      <translation>Annexe PLUi : un PDF par commune</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="231" />
      <source>{n} fiche(s) of {c} cité(s) selected.</source>
      <translation>{n} fiche(s) de {c} cité(s) sélectionnée(s).</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="442" />
      <source>Fiche of {cite}: photo {file} not found; its frame is left empty. Put the file back in the survey folder or correct the path in the photo table.</source>
      <translation>Fiche de {cite} : photo {file} introuvable ; son cadre reste vide. Remettez le fichier dans le dossier de l'enquête ou corrigez le chemin dans la table photo.</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="446" />
      <source>Fiche of {cite}: photo {file} is in a format a PDF cannot hold; convert it to JPEG (the frame is left empty).</source>
      <translation>Fiche de {cite} : la photo {file} est dans un format qu'un PDF ne peut pas contenir ; convertissez-la en JPEG (son cadre reste vide).</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="449" />
      <source>Fiche of {cite}: photo {file} is damaged or not an image ({error}); its frame is left empty.</source>
      <translation>Fiche de {cite} : la photo {file} est endommagée ou n'est pas une image ({error}) ; son cadre reste vide.</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="452" />
      <source>Cité {cite} has no geometry: its sheet has no location map. Draw its outline in the cite table.</source>
      <translation>La cité {cite} n'a pas de géométrie : sa fiche n'a pas de carte de situation. Dessinez son contour dans la table cite.</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="455" />
      <source>Fiche {fiche} refers to a cité that is not in the survey (cite_uuid): the sheet is printed without the cité's identification and map.</source>
      <translation>La fiche {fiche} renvoie à une cité absente de l'enquête (cite_uuid) : elle est imprimée sans l'identification ni la carte de la cité.</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="178" />
      <source>No survey GeoPackage at {path}: choose the survey.gpkg or the survey.qgz made by vigie:createsurvey.</source>
      <translation>Pas de GeoPackage d'enquête à {path} : choisissez le survey.gpkg ou le survey.qgz créé par vigie:createsurvey.</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="200" />
      <source>No fiche to export: the survey {path} has no fiche yet. Fill at least one fiche in the survey project, then run again.</source>
      <translation>Aucune fiche à exporter : l'enquête {path} n'a encore aucune fiche. Remplissez au moins une fiche dans le projet d'enquête, puis relancez.</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="215" />
      <source>Data credits: {credits}</source>
      <translation>Crédits des données : {credits}</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="299" />
      <source>Written: {path}</source>
      <translation>Écrit : {path}</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="361" />
      <source>Cancelled: {n} complete file(s) kept, no partial file.</source>
      <translation>Annulé : {n} fichier(s) complet(s) conservé(s), aucun fichier partiel.</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="365" />
      <source>No PDF could be written to {folder}: see the messages above.</source>
      <translation>Aucun PDF n'a pu être écrit dans {folder} : voir les messages ci-dessus.</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="184" />
      <source>The survey {path} cannot be read ({error}). Is it a survey made by vigie:createsurvey, and not open for writing in another program?</source>
      <translation>L'enquête {path} est illisible ({error}). Est-ce bien une enquête créée par vigie:createsurvey, et n'est-elle pas ouverte en écriture dans un autre programme ?</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="191" />
      <source>The fiche selection expression {expr} is not valid: {error}. Fields of the fiche table can be used, e.g. "statut" = 'validee'.</source>
      <translation>L'expression de sélection des fiches {expr} n'est pas valide : {error}. Utilisez les champs de la table fiche, par ex. "statut" = 'validee'.</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="197" />
      <source>No fiche to export: no fiche of the survey {path} matches {expr}. Change the selection expression.</source>
      <translation>Aucune fiche à exporter : aucune fiche de l'enquête {path} ne vérifie {expr}. Modifiez l'expression de sélection.</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="208" />
      <source>Cannot write in the output folder {folder} ({error}). Choose a folder you can write to.</source>
      <translation>Impossible d'écrire dans le dossier de sortie {folder} ({error}). Choisissez un dossier où vous pouvez écrire.</translation>
    </message>
    <message>
      <location filename="../../processing/export_fiches.py" line="293" />
      <source>Cannot write {path}: {error}. If the file is open in a PDF viewer, close it and run again.</source>
      <translation>Impossible d'écrire {path} : {error}. Si le fichier est ouvert dans une visionneuse PDF, fermez-le et relancez.</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="113" />
      <source>Influence zones of elements (distance bands, Bien, buffer zone, communes)</source>
      <translation>Zones d'influence des éléments (bandes de distance, Bien, zone tampon, communes)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="116" />
      <source>The zone from which each inscribed element is seen, cut into distance bands and split between the property (Bien), the buffer zone and the outside, and between the communes when a communes layer is given: what each commune must consider in its local urban plan (PLU).

Visibility is that of vigie:ztv (same engine, same conventions): a cell sees an element when the sight line from the element's top to an eye at the eye height (1.6 m) above the cell is clear; a polygon or line element is seen when its summit or one of the points along its outline is. Earth curvature and refraction (1/7) are applied; an optional surface model (vigie:surfacemodel) adds buildings and trees as obstacles.

Distance bands are measured from the element itself: from the point, from the line, from the outline of a polygon (its inside is at 0 m). Default bands: 0–500 m proche, 500 m–2 km intermédiaire, 2–5 km éloigné, 5–10 km lointain; give other limits in metres as an increasing list, e.g. 0,1000,3000. The radius of analysis is the last limit unless given. A visible piece lies in the Bien when inside the perimeter, else in the buffer zone, else outside.

Polygons are valid and clean: parts smaller than the minimum area (default 1,000 m²) are dropped and their area is reported per band ('slivers'). Outputs: the polygons (element, band, zone, commune, area, share of the band that is visible: visible area of the band / area of the band within the radius and the terrain model), a table per element and band, and a table per commune and element (nearest band, areas in the Bien and the buffer zone).</source>
      <translation>La zone d'où chaque élément inscrit est vu, découpée en bandes de distance et répartie entre le Bien, la zone tampon et l'extérieur, ainsi qu'entre les communes quand une couche de communes est fournie : ce que chaque commune doit prendre en compte dans son PLU.

La visibilité est celle de vigie:ztv (même moteur, mêmes conventions) : une cellule voit un élément quand la ligne de visée entre le sommet de l'élément et un œil à la hauteur d'observation (1,6 m) au-dessus de la cellule est dégagée ; un élément surfacique ou linéaire est vu quand son sommet ou l'un des points de son contour l'est. La courbure terrestre et la réfraction (1/7) sont prises en compte ; un modèle de surface facultatif (vigie:surfacemodel) ajoute les bâtiments et les arbres comme obstacles.

Les bandes de distance sont mesurées depuis l'élément lui-même : depuis le point, depuis la ligne, depuis le contour d'un polygone (son intérieur est à 0 m). Bandes par défaut : 0–500 m proche, 500 m–2 km intermédiaire, 2–5 km éloigné, 5–10 km lointain ; indiquez d'autres limites en mètres sous forme de liste croissante, par exemple 0,1000,3000. Le rayon d'analyse est la dernière limite, sauf indication contraire. Une partie visible est dans le Bien quand elle est dans le périmètre, sinon dans la zone tampon, sinon hors zone.

Les polygones sont valides et propres : les parties plus petites que la surface minimale (1 000 m² par défaut) sont écartées et leur surface est indiquée par bande (« slivers »). Sorties : les polygones (élément, bande, zone, commune, surface, part visible de la bande : surface visible de la bande / surface de la bande dans le rayon et le MNT), une table par élément et par bande, et une table par commune et par élément (bande la plus proche, surfaces dans le Bien et la zone tampon).</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="282" />
      <source>Reading the elements and the zones</source>
      <translation>Lecture des éléments et des zones</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="323" />
      <source>Computing the viewsheds</source>
      <translation>Calcul des bassins de visibilité</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="341" />
      <source>Cutting the zones into bands, Bien, buffer zone and communes</source>
      <translation>Découpage des zones en bandes, Bien, zone tampon et communes</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="360" />
      <source>Writing the outputs</source>
      <translation>Écriture des sorties</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="143" />
      <source>Terrain model (DEM, projected CRS in metres)</source>
      <translation>Modèle de terrain (MNT, SCR projeté en mètres)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="147" />
      <source>Height field (metres above ground)</source>
      <translation>Champ de hauteur (mètres au-dessus du sol)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="150" />
      <source>Surface model with obstacles (buildings, trees), same grid as the DEM</source>
      <translation>Modèle de surface avec obstacles (bâtiments, arbres), sur la grille du MNT</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="153" />
      <source>Property perimeter (Bien)</source>
      <translation>Périmètre du Bien</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="155" />
      <source>Buffer zone</source>
      <translation>Zone tampon</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="157" />
      <source>Communes</source>
      <translation>Communes</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="159" />
      <source>Commune name field (default: nom, name, commune…)</source>
      <translation>Champ du nom de la commune (par défaut : nom, name, commune…)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="162" />
      <source>Distance band limits (m, increasing)</source>
      <translation>Limites des bandes de distance (m, croissantes)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="164" />
      <source>Minimum polygon area (m²; smaller parts are dropped)</source>
      <translation>Surface minimale d'un polygone (m² ; les parties plus petites sont écartées)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="168" />
      <source>Radius of analysis (m; 0 = the last band limit)</source>
      <translation>Rayon d'analyse (m ; 0 = la dernière limite de bande)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="171" />
      <source>Observer eye height (m)</source>
      <translation>Hauteur de l'œil de l'observateur (m)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="174" />
      <source>Accuracy</source>
      <translation>Précision</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="178" />
      <source>Id field (default: a field named id, else the feature id)</source>
      <translation>Champ identifiant (par défaut : un champ nommé id, sinon l'identifiant d'entité)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="180" />
      <source>Name field</source>
      <translation>Champ de nom</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="182" />
      <source>Type field (chevalement, terril, cité…)</source>
      <translation>Champ de type (chevalement, terril, cité…)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="184" />
      <source>Heights are absolute elevations</source>
      <translation>Les hauteurs sont des altitudes absolues</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="185" />
      <source>Earth curvature and refraction</source>
      <translation>Courbure terrestre et réfraction</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="187" />
      <source>Refraction coefficient</source>
      <translation>Coefficient de réfraction</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="189" />
      <source>Outline spacing of polygon and line elements (m)</source>
      <translation>Pas du contour des éléments surfaciques et linéaires (m)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="194" />
      <source>Influence zones</source>
      <translation>Zones d'influence</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="196" />
      <source>Summary per element and band</source>
      <translation>Synthèse par élément et par bande</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="198" />
      <source>Summary per commune and element</source>
      <translation>Synthèse par commune et par élément</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="175" />
      <source>GDAL only (fastest, no repair)</source>
      <translation>GDAL seul (le plus rapide, sans correction)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="175" />
      <source>Fast repair</source>
      <translation>Correction rapide</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="176" />
      <source>Balanced (exact line of sight near the visibility boundary)</source>
      <translation>Équilibrée (ligne de visée exacte près de la limite de visibilité)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="177" />
      <source>Exact (slowest)</source>
      <translation>Exacte (la plus lente)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="389" />
      <source>{n} influence zone polygons.</source>
      <translation>{n} polygones de zones d'influence.</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="425" />
      <source>No communes layer given: the summary per commune is empty.</source>
      <translation>Aucune couche de communes : la synthèse par commune est vide.</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="449" />
      <source>DEM {dem}, radius {r:.0f} m, bands {bands} m, minimum area {a:g} m².</source>
      <translation>MNT {dem}, rayon {r:.0f} m, bandes {bands} m, surface minimale {a:g} m².</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="209" />
      <source>Layer {layer} is in {src}: reprojected to the DEM's CRS {dst}.</source>
      <translation>La couche {layer} est en {src} : reprojetée dans le SCR du MNT {dst}.</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="227" />
      <source>The layer {layer} has no polygon: check its filter or selection.</source>
      <translation>La couche {layer} n'a aucun polygone : vérifiez son filtre ou sa sélection.</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="240" />
      <source>give at least two distances (the limits of one band)</source>
      <translation>indiquez au moins deux distances (les limites d'une bande)</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="253" />
      <source>The radius of analysis ({r:.0f} m) is shorter than the last band limit ({b:.0f} m): the farthest bands are only analysed up to the radius.</source>
      <translation>Le rayon d'analyse ({r:.0f} m) est plus court que la dernière limite de bande ({b:.0f} m) : les bandes les plus lointaines ne sont analysées que jusqu'au rayon.</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="257" />
      <source>The radius of analysis ({r:.0f} m) goes beyond the last band limit ({b:.0f} m): what is seen farther is in no band (its area is reported as 'beyond').</source>
      <translation>Le rayon d'analyse ({r:.0f} m) dépasse la dernière limite de bande ({b:.0f} m) : ce qui est vu plus loin n'est dans aucune bande (sa surface est indiquée dans « beyond »).</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="271" />
      <source>The layer {layer} has no feature: nothing to compute. Check its filter or selection.</source>
      <translation>La couche {layer} n'a aucune entité : rien à calculer. Vérifiez son filtre ou sa sélection.</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="337" />
      <source>A viewpoint of element {name} was skipped: {reason}.</source>
      <translation>Un point de vue de l'élément {name} a été ignoré : {reason}.</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="246" />
      <source>Distance bands {text!r}: {error}. Give increasing distances in metres separated by commas, e.g. 0,500,2000,5000,10000.</source>
      <translation>Bandes de distance {text!r} : {error}. Indiquez des distances croissantes en mètres séparées par des virgules, par exemple 0,500,2000,5000,10000.</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="300" />
      <source>Layer {layer} has no name field (nom, name, commune…): communes are named by their feature id. Choose the commune name field.</source>
      <translation>La couche {layer} n'a pas de champ de nom (nom, name, commune…) : les communes sont désignées par leur identifiant d'entité. Choisissez le champ du nom de la commune.</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="306" />
      <source>Layer {layer}: communes overlap on {ha:.2f} ha; each overlap is given to the first commune of the layer. Check the communes layer.</source>
      <translation>Couche {layer} : des communes se chevauchent sur {ha:.2f} ha ; chaque chevauchement est attribué à la première commune de la couche. Vérifiez la couche des communes.</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="335" />
      <source>Terrain model {dem}: {error}</source>
      <translation>Modèle de terrain {dem} : {error}</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="241" />
      <source>{value!r} is not a distance in metres</source>
      <translation>{value!r} n'est pas une distance en mètres</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="242" />
      <source>{value!r} is not a distance &gt;= 0 m</source>
      <translation>{value!r} n'est pas une distance positive ou nulle en mètres</translation>
    </message>
    <message>
      <location filename="../../processing/influence_zones.py" line="243" />
      <source>the distances must increase ({a} then {b})</source>
      <translation>les distances doivent croître ({a} puis {b})</translation>
    </message>
    <message>
      <location filename="../../processing/intervisibility.py" line="49" />
      <source>Intervisibility network between elements</source>
      <translation>Réseau d'intervisibilité entre éléments</translation>
    </message>
    <message>
      <location filename="../../processing/intervisibility.py" line="52" />
      <source>Which elements see each other (the 'chaîne des terrils', headframes that answer each other across the landscape): one line per pair of elements closer than the maximum distance, from the top of one to the top of the other, computed once per pair.

A point element is its point; a polygon or a line is its highest ground cell (a spoil tip's summit). Its top is the height field above the ground (NULL: the default by type, headframe 40 m, pit 15 m, cité 8 m, spoil tip 1.6 m: a person on its summit).

Method: the exact R3 line of sight used as the reference of vigie:ztv. Both ends are taken at the centre of their DEM cell; the sight line is tested at every crossing with a row or column of cell centres, the terrain (or the optional surface model with buildings and trees; heights stay relative to the ground) interpolated linearly between the two bracketing cells. Earth curvature and refraction (coefficient 1/7) lower the terrain by (1 - k) d² / earth diameter.

Each line carries: from_id, to_id, their names and types, distance_m, visible (true when the two tops see each other), clearance_m (the smallest vertical margin between the sight line and the terrain, negative when blocked: how much lower or higher the terrain would have to be), and the first obstruction from the 'from' element (obstruction_m along the line, obstruction_x, obstruction_y; optionally as a point layer). Styled: visible lines green, blocked lines red dashed.</source>
      <translation>Quels éléments se voient mutuellement (la « chaîne des terrils », les chevalements qui se répondent dans le paysage) : une ligne par paire d'éléments plus proches que la distance maximale, du sommet de l'un au sommet de l'autre, calculée une seule fois par paire.

Un élément ponctuel est son point ; un polygone ou une ligne est sa cellule de sol la plus haute (le sommet d'un terril). Son sommet est à la hauteur du champ au-dessus du sol (NULL : valeur par défaut selon le type, chevalement 40 m, fosse 15 m, cité 8 m, terril 1,6 m : une personne à son sommet).

Méthode : la ligne de visée exacte R3, référence de vigie:ztv. Les deux extrémités sont prises au centre de leur cellule du MNT ; la ligne de visée est testée à chaque croisement avec une ligne ou une colonne de centres de cellules, le terrain (ou le modèle de surface facultatif avec bâtiments et arbres ; les hauteurs restent relatives au sol) étant interpolé linéairement entre les deux cellules qui encadrent le croisement. La courbure terrestre et la réfraction (coefficient 1/7) abaissent le terrain de (1 - k) d² / diamètre terrestre.

Chaque ligne porte : from_id, to_id, leurs noms et types, distance_m, visible (vrai quand les deux sommets se voient), clearance_m (la plus petite marge verticale entre la ligne de visée et le terrain, négative si elle est masquée : de combien le terrain devrait être plus bas ou pourrait être plus haut) et le premier obstacle depuis l'élément « from » (obstruction_m le long de la ligne, obstruction_x, obstruction_y ; en option comme couche de points). Style : lignes visibles en vert, lignes masquées en tirets rouges.</translation>
    </message>
    <message>
      <location filename="../../processing/intervisibility.py" line="118" />
      <source>Reading the elements</source>
      <translation>Lecture des éléments</translation>
    </message>
    <message>
      <location filename="../../processing/intervisibility.py" line="128" />
      <source>Computing the sight lines</source>
      <translation>Calcul des lignes de visée</translation>
    </message>
    <message>
      <location filename="../../processing/intervisibility.py" line="165" />
      <source>Writing the network</source>
      <translation>Écriture du réseau</translation>
    </message>
    <message>
      <location filename="../../processing/intervisibility.py" line="79" />
      <source>Id field (default: a field named id)</source>
      <translation>Champ identifiant (par défaut : un champ nommé id)</translation>
    </message>
    <message>
      <location filename="../../processing/intervisibility.py" line="85" />
      <source>Maximum distance between two elements (m)</source>
      <translation>Distance maximale entre deux éléments (m)</translation>
    </message>
    <message>
      <location filename="../../processing/intervisibility.py" line="101" />
      <source>Intervisibility network</source>
      <translation>Réseau d'intervisibilité</translation>
    </message>
    <message>
      <location filename="../../processing/intervisibility.py" line="103" />
      <source>First obstructions</source>
      <translation>Premiers obstacles</translation>
    </message>
    <message>
      <location filename="../../processing/intervisibility.py" line="125" />
      <source>{n} elements, {p} pairs closer than {d:.0f} m.</source>
      <translation>{n} éléments, {p} paires à moins de {d:.0f} m.</translation>
    </message>
    <message>
      <location filename="../../processing/intervisibility.py" line="192" />
      <source>{v} of {p} pairs see each other.</source>
      <translation>{v} paires sur {p} se voient.</translation>
    </message>
    <message>
      <location filename="../../processing/intervisibility.py" line="115" />
      <source>The maximum distance must be greater than 0 m (got {d}).</source>
      <translation>La distance maximale doit être supérieure à 0 m (valeur reçue : {d}).</translation>
    </message>
    <message>
      <location filename="../../processing/intervisibility.py" line="139" />
      <source>Elements {a} and {b} stand in the same DEM cell (identical positions?): their sight line is not computed.</source>
      <translation>Les éléments {a} et {b} sont dans la même cellule du MNT (positions identiques ?) : leur ligne de visée n'est pas calculée.</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="48" />
      <source>Merge the tablets' surveys into the master</source>
      <translation>Fusionner les enquêtes des tablettes dans l'enquête principale</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="51" />
      <source>Brings the copies of a survey (one per tablet, each a survey folder, survey.qgz or survey.gpkg) back into the master survey. New fiches, préconisations, photos (files copied into the master's DCIM/) and cités are added; a field changed on one tablet is updated in the master. A field changed on two tablets to different values, or changed both in the master and on a tablet, is a CONFLICT: the master keeps its value and the report lists both values, to decide by hand — nothing is silently overwritten. The copies are only read. Running the merge again changes nothing.

Each survey remembers the state it was copied in (a snapshot table): that is how a change on a tablet is told from an old value. Copy the master to the tablets again after a merge.

The master is updated in one step: a crash or a cancel leaves it as it was, or fully merged. Close the master survey in QGIS before merging.</source>
      <translation>Rapatrie les copies d'une enquête (une par tablette, chacune un dossier d'enquête, un survey.qgz ou un survey.gpkg) dans l'enquête principale. Les nouvelles fiches, préconisations, photos (fichiers copiés dans le DCIM/ de l'enquête principale) et cités sont ajoutées ; un champ modifié sur une seule tablette est mis à jour. Un champ modifié sur deux tablettes avec des valeurs différentes, ou modifié à la fois dans l'enquête principale et sur une tablette, est un CONFLIT : l'enquête principale garde sa valeur et le rapport donne les deux valeurs, pour trancher à la main — rien n'est écrasé en silence. Les copies sont seulement lues. Relancer la fusion ne change rien.

Chaque enquête garde l'état dans lequel elle a été copiée (une table d'instantané) : c'est ainsi qu'une modification faite sur la tablette est distinguée d'une ancienne valeur. Recopier l'enquête principale sur les tablettes après une fusion.

L'enquête principale est mise à jour en une seule étape : un plantage ou une annulation la laisse telle quelle, ou entièrement fusionnée. Fermer l'enquête principale dans QGIS avant de fusionner.</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="29" />
      <source>added</source>
      <translation>ajouté</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="30" />
      <source>updated</source>
      <translation>mis à jour</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="31" />
      <source>CONFLICT — master kept, decide by hand</source>
      <translation>CONFLIT — valeur principale conservée, à trancher à la main</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="32" />
      <source>photo copied</source>
      <translation>photo copiée</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="33" />
      <source>photo copied under a new name (another photo had its name)</source>
      <translation>photo copiée sous un nouveau nom (une autre photo portait ce nom)</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="34" />
      <source>photo file missing in the copy — record added without its file</source>
      <translation>fichier photo absent de la copie — enregistrement ajouté sans son fichier</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="68" />
      <source>Master survey folder (or its survey.gpkg)</source>
      <translation>Dossier de l'enquête principale (ou son survey.gpkg)</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="71" />
      <source>Copies from the tablets (survey.gpkg or survey.qgz files)</source>
      <translation>Copies des tablettes (fichiers survey.gpkg ou survey.qgz)</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="73" />
      <source>Merge report</source>
      <translation>Rapport de fusion</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="74" />
      <source>Records added</source>
      <translation>Enregistrements ajoutés</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="75" />
      <source>Fields updated</source>
      <translation>Champs mis à jour</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="76" />
      <source>Conflicts</source>
      <translation>Conflits</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="82" />
      <source>Give at least one copy of the survey to merge.</source>
      <translation>Indiquer au moins une copie de l'enquête à fusionner.</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="88" />
      <source>The same survey is given twice (or the master is among the copies): each tablet's copy once, the master apart.</source>
      <translation>La même enquête est donnée deux fois (ou l'enquête principale figure parmi les copies) : chaque copie de tablette une seule fois, l'enquête principale à part.</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="124" />
      <source>Conflicts: the master kept its values; see the report to decide.</source>
      <translation>Conflits : l'enquête principale a gardé ses valeurs ; voir le rapport pour trancher.</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="101" />
      <source>Merge cancelled: the master is unchanged.</source>
      <translation>Fusion annulée : l'enquête principale est inchangée.</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="121" />
      <source>{a} record(s) added, {u} field(s) updated, {c} conflict(s).</source>
      <translation>{a} enregistrement(s) ajouté(s), {u} champ(s) mis à jour, {c} conflit(s).</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="85" />
      <source>{path} does not exist: give a survey folder, its survey.qgz or its survey.gpkg.</source>
      <translation>{path} n'existe pas : indiquer un dossier d'enquête, son survey.qgz ou son survey.gpkg.</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="113" />
      <source>Cannot merge: {why}. Nothing was changed.</source>
      <translation>Fusion impossible : {why}. Rien n'a été modifié.</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="106" />
      <source>The master survey {path} is in use by another program (QGIS, QField sync or a backup). Close it there and run the merge again; nothing was changed.</source>
      <translation>L'enquête principale {path} est utilisée par un autre programme (QGIS, synchronisation QField ou sauvegarde). La fermer et relancer la fusion ; rien n'a été modifié.</translation>
    </message>
    <message>
      <location filename="../../processing/merge_surveys.py" line="110" />
      <source>A survey does not have the tables and fields of the fiche model ({why}). Run vigie:checksurvey on it; nothing was changed.</source>
      <translation>Une enquête n'a pas les tables et champs du modèle de fiche ({why}). Lancer vigie:checksurvey dessus ; rien n'a été modifié.</translation>
    </message>
    <message>
      <location filename="../../processing/panorama.py" line="58" />
      <source>Panorama from a viewpoint</source>
      <translation>Panorama depuis un point de vue</translation>
    </message>
    <message>
      <location filename="../../processing/panorama.py" line="61" />
      <source>From one viewpoint (the top of a spoil tip, a belvedere), the inscribed elements that are visible, with their distance, azimuth (degrees clockwise from north), elevation angle of their top and the visible part of their height: how many metres of the headframe show above the horizon (the terrain, or the surface model, between the viewpoint and the element).

The viewpoint is the point given, or every feature of a viewpoints layer (eye height from its height field; NULL: the eye height, 1.6 m by default). A point element is its point; a polygon or a line is its highest ground cell. Element heights come from the height field (NULL: the default by type).

Method: the exact R3 line of sight (the reference of vigie:ztv), earth curvature and refraction (1/7): the horizon in the element's direction is the highest terrain crossing seen from the eye; visible_height_m = the element's top minus that horizon line at the element, between 0 and its height; above_horizon_m is the same without the upper limit (a spoil tip standing out of the horizon shows more than the height of a person on it).

Outputs: a table sorted by viewpoint and azimuth, and the same as points at the tops of the elements. By default only the visible elements are listed.</source>
      <translation>Depuis un point de vue (le sommet d'un terril, un belvédère), les éléments inscrits visibles, avec leur distance, leur azimut (degrés dans le sens horaire depuis le nord), l'angle de site de leur sommet et la partie visible de leur hauteur : combien de mètres du chevalement dépassent de l'horizon (le terrain, ou le modèle de surface, entre le point de vue et l'élément).

Le point de vue est le point donné, ou chaque entité d'une couche de points de vue (hauteur des yeux depuis son champ de hauteur ; NULL : la hauteur des yeux, 1,6 m par défaut). Un élément ponctuel est son point ; un polygone ou une ligne est sa cellule de sol la plus haute. Les hauteurs des éléments viennent du champ de hauteur (NULL : valeur par défaut selon le type).

Méthode : la ligne de visée exacte R3 (référence de vigie:ztv), courbure terrestre et réfraction (1/7) : l'horizon dans la direction de l'élément est le croisement de terrain le plus haut vu depuis l'œil ; visible_height_m = le sommet de l'élément moins cette ligne d'horizon au droit de l'élément, entre 0 et sa hauteur ; above_horizon_m est la même valeur sans limite haute (un terril qui se détache de l'horizon montre plus que la hauteur d'une personne à son sommet).

Sorties : une table triée par point de vue et azimut, et la même sous forme de points aux sommets des éléments. Par défaut, seuls les éléments visibles sont listés.</translation>
    </message>
    <message>
      <location filename="../../processing/panorama.py" line="85" />
      <source>Viewpoint (a point; or use a viewpoints layer)</source>
      <translation>Point de vue (un point ; ou une couche de points de vue)</translation>
    </message>
    <message>
      <location filename="../../processing/panorama.py" line="87" />
      <source>Viewpoints layer (instead of the point)</source>
      <translation>Couche de points de vue (au lieu du point)</translation>
    </message>
    <message>
      <location filename="../../processing/panorama.py" line="90" />
      <source>Viewpoint eye height field (m above ground)</source>
      <translation>Champ de hauteur des yeux du point de vue (m au-dessus du sol)</translation>
    </message>
    <message>
      <location filename="../../processing/panorama.py" line="93" />
      <source>Eye height (m above ground)</source>
      <translation>Hauteur des yeux (m au-dessus du sol)</translation>
    </message>
    <message>
      <location filename="../../processing/panorama.py" line="101" />
      <source>Maximum distance (m, 0 = no limit)</source>
      <translation>Distance maximale (m, 0 = sans limite)</translation>
    </message>
    <message>
      <location filename="../../processing/panorama.py" line="104" />
      <source>List only the visible elements</source>
      <translation>Lister seulement les éléments visibles</translation>
    </message>
    <message>
      <location filename="../../processing/panorama.py" line="121" />
      <source>Panorama table</source>
      <translation>Table du panorama</translation>
    </message>
    <message>
      <location filename="../../processing/panorama.py" line="123" />
      <source>Elements seen (points)</source>
      <translation>Éléments vus (points)</translation>
    </message>
    <message>
      <location filename="../../processing/panorama.py" line="153" />
      <source>Give a viewpoint: a point, or a viewpoints layer.</source>
      <translation>Indiquez un point de vue : un point ou une couche de points de vue.</translation>
    </message>
    <message>
      <location filename="../../processing/panorama.py" line="150" />
      <source>The viewpoints layer has no feature with a geometry.</source>
      <translation>La couche de points de vue n'a aucune entité avec une géométrie.</translation>
    </message>
    <message>
      <location filename="../../processing/panorama.py" line="232" />
      <source>Viewpoint {id}: {n} elements visible.</source>
      <translation>Point de vue {id} : {n} éléments visibles.</translation>
    </message>
    <message>
      <location filename="../../processing/panorama.py" line="209" />
      <source>Viewpoint {id}: {error}. Choose a viewpoint on the terrain model {dem}.</source>
      <translation>Point de vue {id} : {error}. Choisissez un point de vue sur le modèle de terrain {dem}.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="56" />
      <source>negligible</source>
      <translation>négligeable</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="56" />
      <source>minor</source>
      <translation>faible</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="56" />
      <source>moderate</source>
      <translation>modéré</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="56" />
      <source>major</source>
      <translation>fort</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="64" />
      <source>the project stands inside the element</source>
      <translation>le projet est implanté dans l'élément</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="65" />
      <source>not visible from the element's top: hidden by the terrain</source>
      <translation>non visible depuis le sommet de l'élément : masqué par le relief</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="66" />
      <source>not visible from the viewpoint: hidden by the terrain</source>
      <translation>non visible depuis le point de vue : masqué par le relief</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="67" />
      <source>{visible:.0f} m of the project visible at {distance:.1f} km (band {band})</source>
      <translation>{visible:.0f} m du projet visibles à {distance:.1f} km (bande {band})</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="68" />
      <source>{visible:.0f} m of the project visible at {distance:.1f} km (band {band}), below the {threshold:.0f} m threshold: negligible</source>
      <translation>{visible:.0f} m du projet visibles à {distance:.1f} km (bande {band}), sous le seuil de {threshold:.0f} m : négligeable</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="70" />
      <source>seen together with the element over {area:.1f} ha (threshold {threshold:.1f} ha): one grade higher</source>
      <translation>vu en même temps que l'élément sur {area:.1f} ha (seuil {threshold:.1f} ha) : un niveau de plus</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="72" />
      <source>breaks the skyline behind the element seen from {viewpoints}: one grade higher</source>
      <translation>dépasse la ligne d'horizon derrière l'élément vu depuis {viewpoints} : un niveau de plus</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="73" />
      <source>inside the view cone of the viewpoint: one grade higher</source>
      <translation>dans le cône de vue du point de vue : un niveau de plus</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="80" />
      <source>in the inscribed property</source>
      <translation>dans le bien inscrit</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="80" />
      <source>in the buffer zone</source>
      <translation>dans la zone tampon</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="81" />
      <source>outside the property and its buffer zone</source>
      <translation>hors du bien et de sa zone tampon</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="132" />
      <source>Impact of proposed projects on the views</source>
      <translation>Impact des projets sur les vues</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="135" />
      <source>For each proposed project (wind turbine points with a tip height and an optional hub height, a multipoint being a wind farm; building polygons with a height; lines for long structures): where it stands (in the property, in the buffer zone or outside; distance to the nearest element and to the perimeter) and, for each inscribed element and each remarkable viewpoint within range (the last distance band, 20 km by default), whether the project is seen from the element's top or the viewpoint and how many metres of it show above the horizon (tip and hub separately for turbines), the distance band, azimuth and elevation angle, whether it lies in the viewpoint's view cone (azimuth range clockwise, 350 to 20 crosses north) and whether it breaks the skyline behind an element seen from a viewpoint; the co-visibility zone (cells from which the element and the project are both seen within the tolerance angle, in the same field of view) with its area and the part of it in the buffer zone; the project's own zone of theoretical visibility (number of its parts seen from each cell).

Method: exact line of sight on the DEM grid (R3) from every viewpoint of the element (its top and points along its outline every 'outline spacing' metres, as vigie:ztv) to every part of the project (turbines; building outlines and lines sampled every 'part spacing' metres, vertices kept); visible height = part height minus the minimum height a target needs there to be seen; these heights and the grades are always exact. Earth curvature and refraction (1/7) applied. The projects' ZTV uses GDAL's viewshed by default (choose a repair preset for an exact map, at a cost); the elements' viewsheds of the co-visibility zones use the 'fast' repair preset of the Vigie engine.

Grade of each row (negligible, minor, moderate, major), documented in docs/project-impact.md: base grade from the visible height against thresholds per distance band (minor/moderate/major in metres, e.g. 0/5/20 for 0-2 km); one grade higher for a co-visibility zone of at least the given area, for a skyline break behind the element, and for a visible project inside a viewpoint's view cone; major when the project stands inside the element. Each row gives the reason of its grade. An optional folder receives one impact sheet per project (PDF, French).</source>
      <translation>Pour chaque projet (points pour les éoliennes, avec la hauteur en bout de pale et, si elle est connue, la hauteur du moyeu, un multipoint étant un parc éolien ; polygones pour les bâtiments, avec leur hauteur ; lignes pour les ouvrages linéaires) : où il se trouve (dans le bien, dans la zone tampon ou en dehors ; distance à l'élément le plus proche et au périmètre) et, pour chaque élément inscrit et chaque point de vue remarquable à portée (la dernière bande de distance, 20 km par défaut), si le projet est vu depuis le sommet de l'élément ou depuis le point de vue et combien de mètres en dépassent de l'horizon (bout de pale et moyeu séparément pour les éoliennes), la bande de distance, l'azimut et l'angle de site, s'il se trouve dans le cône de vue du point de vue (plage d'azimuts dans le sens horaire, 350 à 20 passe par le nord) et s'il dépasse la ligne d'horizon derrière un élément vu depuis un point de vue ; la zone de covisibilité (cellules depuis lesquelles l'élément et le projet sont vus ensemble, à l'angle de tolérance près, dans le même champ de vision) avec sa surface et la part située en zone tampon ; la zone de visibilité théorique (ZVT) propre au projet (nombre de ses parties vues depuis chaque cellule).

Méthode : ligne de vue exacte sur la grille du MNT (R3) depuis chaque point de vue de l'élément (son sommet et des points le long de son contour tous les « espacement des points sur le contour » mètres, comme vigie:ztv) vers chaque partie du projet (les éoliennes ; contours des bâtiments et lignes échantillonnés tous les « échantillonnage » mètres, sommets conservés) ; hauteur visible = hauteur de la partie moins la hauteur minimale qu'une cible doit y avoir pour être vue. Ces hauteurs et les niveaux sont toujours exacts. Courbure terrestre et réfraction (1/7) prises en compte. La ZVT des projets utilise par défaut la visibilité de GDAL (choisissez un préréglage de correction pour une carte exacte, au prix d'un calcul plus long) ; les visibilités des éléments pour les zones de covisibilité utilisent le préréglage de correction « rapide » du moteur de Vigie.

Niveau de chaque ligne (négligeable, faible, modéré, fort), documenté dans docs/project-impact.md : niveau de base selon la hauteur visible comparée aux seuils de sa bande de distance (faible/modéré/fort en mètres, par exemple 0/5/20 pour 0-2 km) ; un niveau de plus pour une zone de covisibilité d'au moins la surface indiquée, pour un dépassement de la ligne d'horizon derrière l'élément et pour un projet visible dans le cône de vue d'un point de vue ; fort lorsque le projet est implanté dans l'élément. Chaque ligne donne la raison de son niveau. Un dossier facultatif reçoit une fiche d'impact par projet (PDF, en français).</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="381" />
      <source>The projects layer {layer} has the id {id} twice in the field {field}: each project needs its own id.</source>
      <translation>La couche de projets {layer} contient deux fois l'identifiant {id} dans le champ {field} : chaque projet doit avoir son propre identifiant.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="383" />
      <source>Project {id} of {layer} has no geometry: draw it or remove it.</source>
      <translation>Le projet {id} de {layer} n'a pas de géométrie : dessinez-le ou supprimez-le.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="384" />
      <source>Project {id} of {layer} has no height in the field {hfield}: give its total height in metres (tip height for a turbine).</source>
      <translation>Le projet {id} de {layer} n'a pas de hauteur dans le champ {hfield} : indiquez sa hauteur totale en mètres (hauteur en bout de pale pour une éolienne).</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="386" />
      <source>Project {id} of {layer}: its height {value} m in {hfield} is not between 0 and 1000 m.</source>
      <translation>Projet {id} de {layer} : sa hauteur de {value} m dans {hfield} n'est pas comprise entre 0 et 1000 m.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="388" />
      <source>Project {id} of {layer}: its hub height {value} m in {hubfield} must be above 0 m.</source>
      <translation>Projet {id} de {layer} : sa hauteur de moyeu de {value} m dans {hubfield} doit être supérieure à 0 m.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="389" />
      <source>Project {id} of {layer}: the hub height {hub} m ({hubfield}) is above the total (tip) height {tip} m ({hfield}); the tip height is the hub height plus the blade length.</source>
      <translation>Projet {id} de {layer} : la hauteur du moyeu ({hub} m, {hubfield}) dépasse la hauteur totale en bout de pale ({tip} m, {hfield}) ; la hauteur en bout de pale est la hauteur du moyeu plus la longueur d'une pale.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="392" />
      <source>Project {id} of {layer} lies outside the terrain model (at {x:.0f}, {y:.0f}): use a DEM that covers it and its surroundings.</source>
      <translation>Le projet {id} de {layer} est en dehors du modèle de terrain (en {x:.0f}, {y:.0f}) : utilisez un MNT qui le couvre, ainsi que ses abords.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="394" />
      <source>Project {id} of {layer} stands on a NoData cell of the terrain model (at {x:.0f}, {y:.0f}): fill the DEM there.</source>
      <translation>Le projet {id} de {layer} est sur une cellule sans donnée du modèle de terrain (en {x:.0f}, {y:.0f}) : complétez le MNT à cet endroit.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="410" />
      <source>projects</source>
      <translation>projets</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="481" />
      <source>Sight lines, ZTV and co-visibility zones</source>
      <translation>Lignes de vue, ZVT et zones de covisibilité</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="169" />
      <source>Proposed projects (turbine points, building polygons, lines)</source>
      <translation>Projets (points pour les éoliennes, polygones pour les bâtiments, lignes)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="172" />
      <source>Project id field</source>
      <translation>Champ identifiant du projet</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="174" />
      <source>Project height field (total height; tip height for a turbine, m)</source>
      <translation>Champ hauteur du projet (hauteur totale ; en bout de pale pour une éolienne, m)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="177" />
      <source>Hub height field (turbines, m, optional)</source>
      <translation>Champ hauteur du moyeu (éoliennes, m, facultatif)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="181" />
      <source>Element id field</source>
      <translation>Champ identifiant de l'élément</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="184" />
      <source>Element height field (m above ground; empty = default by type)</source>
      <translation>Champ hauteur de l'élément (m au-dessus du sol ; vide = valeur par défaut selon le type)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="187" />
      <source>Property perimeter</source>
      <translation>Périmètre du bien</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="191" />
      <source>Remarkable viewpoints (optional view cones)</source>
      <translation>Points de vue remarquables (cônes de vue facultatifs)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="194" />
      <source>Distance bands (upper limits in m, the last one is the range)</source>
      <translation>Bandes de distance (limites supérieures en m, la dernière est la portée)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="197" />
      <source>Visible height thresholds per band, minor/moderate/major (m; - = never)</source>
      <translation>Seuils de hauteur visible par bande, faible/modéré/fort (m ; - = jamais)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="200" />
      <source>Co-visibility area that raises the grade (ha)</source>
      <translation>Surface de covisibilité qui élève le niveau (ha)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="205" />
      <source>Co-visibility tolerance angle (°, same field of view)</source>
      <translation>Angle de tolérance de la covisibilité (°, même champ de vision)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="208" />
      <source>Project name field</source>
      <translation>Champ nom du projet</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="210" />
      <source>Project kind field</source>
      <translation>Champ nature du projet</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="212" />
      <source>Element name field</source>
      <translation>Champ nom de l'élément</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="214" />
      <source>Element type field</source>
      <translation>Champ type de l'élément</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="216" />
      <source>Viewpoint id field</source>
      <translation>Champ identifiant du point de vue</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="218" />
      <source>Viewpoint eye height field (m)</source>
      <translation>Champ hauteur des yeux au point de vue (m)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="221" />
      <source>View cone: start azimuth field (°)</source>
      <translation>Cône de vue : champ d'azimut de début (°)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="224" />
      <source>View cone: end azimuth field (°)</source>
      <translation>Cône de vue : champ d'azimut de fin (°)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="227" />
      <source>View cone: lowest vertical angle field (°)</source>
      <translation>Cône de vue : champ d'angle vertical minimal (°)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="230" />
      <source>View cone: highest vertical angle field (°)</source>
      <translation>Cône de vue : champ d'angle vertical maximal (°)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="233" />
      <source>View cone: radius field (m)</source>
      <translation>Cône de vue : champ rayon (m)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="237" />
      <source>Skyline: angle within which the project is behind the element (°)</source>
      <translation>Ligne d'horizon : angle dans lequel le projet est derrière l'élément (°)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="239" />
      <source>Co-visibility: radius around the elements (m)</source>
      <translation>Covisibilité : rayon autour des éléments (m)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="241" />
      <source>Element outline spacing (m)</source>
      <translation>Espacement des points sur le contour des éléments (m)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="244" />
      <source>Project outline / line sampling (m)</source>
      <translation>Échantillonnage du contour ou de la ligne des projets (m)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="249" />
      <source>Accuracy of the projects' ZTV</source>
      <translation>Précision de la ZVT des projets</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="254" />
      <source>Accuracy of the elements' viewsheds (co-visibility)</source>
      <translation>Précision des visibilités des éléments (covisibilité)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="258" />
      <source>Surface model with obstacles, same grid as the DEM</source>
      <translation>Modèle de surface avec obstacles, sur la grille du MNT</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="263" />
      <source>Impact table (project × element / viewpoint)</source>
      <translation>Tableau d'impact (projet × élément / point de vue)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="265" />
      <source>Project summary</source>
      <translation>Synthèse par projet</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="267" />
      <source>Co-visibility zones</source>
      <translation>Zones de covisibilité</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="269" />
      <source>ZTV of the projects (number of project parts seen)</source>
      <translation>ZVT des projets (nombre de parties du projet vues)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="271" />
      <source>Folder of the impact sheets (PDF, one per project)</source>
      <translation>Dossier des fiches d'impact (PDF, une par projet)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="479" />
      <source>{p} project(s), {e} element(s), {v} viewpoint(s); range {r:.0f} m.</source>
      <translation>{p} projet(s), {e} élément(s), {v} point(s) de vue ; portée {r:.0f} m.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="501" />
      <source>Times (s): loading {a:.1f}, sight lines {b:.1f}, ZTV {c:.1f}, co-visibility {d:.1f}, total {e:.1f}.</source>
      <translation>Durées (s) : chargement {a:.1f}, lignes de vue {b:.1f}, ZVT {c:.1f}, covisibilité {d:.1f}, total {e:.1f}.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="635" />
      <source>Number of project parts seen from the cell</source>
      <translation>Nombre de parties du projet vues depuis la cellule</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="400" />
      <source>({n} other problem(s) in the projects layer.)</source>
      <translation>({n} autre(s) problème(s) dans la couche de projets.)</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="412" />
      <source>The projects layer {layer} has no feature: add the proposed projects (points for turbines, polygons for buildings, lines for long structures), or check its filter or selection.</source>
      <translation>La couche de projets {layer} n'a aucune entité : ajoutez les projets (points pour les éoliennes, polygones pour les bâtiments, lignes pour les ouvrages linéaires), ou vérifiez son filtre ou sa sélection.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="446" />
      <source>The projects layer {layer} has no height field: choose the field of the total height (tip height for a turbine) in metres.</source>
      <translation>La couche de projets {layer} n'a pas de champ de hauteur : choisissez le champ de la hauteur totale (en bout de pale pour une éolienne) en mètres.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="662" />
      <source>{n} impact sheet(s) written in {folder}.</source>
      <translation>{n} fiche(s) d'impact écrite(s) dans {folder}.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="295" />
      <source>Project {id}: the height field {field} holds {value!r}, not a number.</source>
      <translation>Projet {id} : le champ de hauteur {field} contient {value!r}, qui n'est pas un nombre.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="352" />
      <source>Viewpoint {id} has no geometry: skipped.</source>
      <translation>Le point de vue {id} n'a pas de géométrie : ignoré.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="360" />
      <source>Viewpoint {id}: give both the start and the end azimuth of its view cone, or neither.</source>
      <translation>Point de vue {id} : indiquez l'azimut de début et l'azimut de fin de son cône de vue, ou aucun des deux.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="430" />
      <source>Distance bands and grade thresholds: {error}. Example: bands 2000, 5000, 10000, 20000 with thresholds 0/5/20; 0/15/50; 5/40/120; 20/100/- (one minor/moderate/major triple per band).</source>
      <translation>Bandes de distance et seuils : {error}. Exemple : bandes 2000, 5000, 10000, 20000 avec les seuils 0/5/20; 0/15/50; 5/40/120; 20/100/- (un triplet faible/modéré/fort par bande).</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="496" />
      <source>Project {p} stands inside the element {e} ({name}): graded major, its whole height counted as visible from the element.</source>
      <translation>Le projet {p} est implanté dans l'élément {e} ({name}) : niveau fort, toute sa hauteur est comptée comme visible depuis l'élément.</translation>
    </message>
    <message>
      <location filename="../../processing/project_impact.py" line="656" />
      <source>Impact sheet of project {id}</source>
      <translation>Fiche d'impact du projet {id}</translation>
    </message>
    <message>
      <location filename="../../processing/provider.py" line="48" />
      <source>Vigie — heritage &amp; visibility</source>
      <translation>Vigie — patrimoine &amp; visibilité</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="27" />
      <source>Sample mining landscape</source>
      <translation>Paysage minier d'exemple</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="30" />
      <source>Writes a synthetic mining landscape in Lambert-93 (EPSG:2154) to try Vigie: a 5 m terrain model of about 20 × 12 km with spoil tips, a valley and a canal, and a GeoPackage with the inscribed elements, the property perimeter, the buffer zone, cités minières, buildings with heights, proposed projects and remarkable viewpoints, plus a few photos. The same seed always gives the same files.</source>
      <translation>Écrit un paysage minier synthétique en Lambert-93 (EPSG:2154) pour essayer Vigie : un modèle de terrain à 5 m d'environ 20 × 12 km avec des terrils, une vallée et un canal, et un GeoPackage avec les éléments inscrits, le périmètre du Bien, la zone tampon, des cités minières, des bâtiments avec leur hauteur, des projets et des points de vue remarquables, ainsi que quelques photos. La même graine donne toujours les mêmes fichiers.</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="42" />
      <source>Seed</source>
      <translation>Graine aléatoire</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="47" />
      <source>Small version (coarse terrain, for quick tests)</source>
      <translation>Version réduite (terrain grossier, pour des essais rapides)</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="54" />
      <source>Sample layers</source>
      <translation>Couches d'exemple</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="68" />
      <source>Writing the sample landscape to {folder}</source>
      <translation>Écriture du paysage d'exemple dans {folder}</translation>
    </message>
    <message>
      <location filename="../../processing/sample_landscape.py" line="64" />
      <source>Cannot create the output folder {folder}: {error}</source>
      <translation>Impossible de créer le dossier de sortie {folder} : {error}</translation>
    </message>
    <message>
      <location filename="../../processing/sightline_common.py" line="127" />
      <source>outside the DEM</source>
      <translation>hors du MNT</translation>
    </message>
    <message>
      <location filename="../../processing/sightline_common.py" line="127" />
      <source>on NoData</source>
      <translation>sur NoData</translation>
    </message>
    <message>
      <location filename="../../processing/sightline_common.py" line="128" />
      <source>same DEM cell</source>
      <translation>même cellule du MNT</translation>
    </message>
    <message>
      <location filename="../../processing/sightline_common.py" line="73" />
      <source>Layer {layer} has no field named id: choose the id field of the elements.</source>
      <translation>La couche {layer} n'a pas de champ nommé id : choisissez le champ identifiant des éléments.</translation>
    </message>
    <message>
      <location filename="../../processing/sightline_common.py" line="43" />
      <source>Layer {layer}: feature {fid} has no value in the id field {field}. Every element needs an id (fill it in, or choose another id field).</source>
      <translation>Couche {layer} : l'entité {fid} n'a pas de valeur dans le champ identifiant {field}. Chaque élément doit avoir un identifiant (renseignez-le ou choisissez un autre champ identifiant).</translation>
    </message>
    <message>
      <location filename="../../processing/sightline_common.py" line="49" />
      <source>Layer {layer}: the id {key} is used by features {a} and {b} of the field {field}. Sight lines are named by ids: make them unique, or choose another id field.</source>
      <translation>Couche {layer} : l'identifiant {key} du champ {field} est utilisé par les entités {a} et {b}. Les lignes de visée sont nommées par les identifiants : rendez-les uniques ou choisissez un autre champ identifiant.</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="61" />
      <source>Lines of sight with profiles</source>
      <translation>Lignes de visée avec profils</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="64" />
      <source>Lines of sight from viewpoints (observers) to targets, like ArcGIS's Line Of Sight: each line is split into its visible and hidden parts (where the ground, or the surface model, is seen from the observer's eye or not), with the point where the sight line to the target is first obstructed, and the terrain profile of every line as a table.

Pairs: every observer with every target (within the maximum distance; 0 = no limit), or, with a pairing field on the observers, each observer with the target whose id that field holds. Observer heights come from their height field (NULL: the observer height, 1.6 m by default); target heights from theirs (NULL: the default by type: headframe 40 m, pit 15 m, cité 8 m, other 10 m). A polygon target is its highest ground cell.

Method: the exact R3 line of sight (the reference of vigie:ztv): both ends at the centre of their DEM cell, the terrain interpolated at every crossing with a row or column of cell centres, earth curvature and refraction (1/7). The profile gives, at each crossing, the distance from the observer, the ground, the surface (when given) and the height of the sight line from the observer's eye to the target's top (curvature included, so that sight line minus surface is the vertical margin).

Outputs: the parts (line_id, observer_id, target_id, part, visible, from_m, to_m, target_visible, clearance_m), the profile table (line_id, distance_m, ground_m, surface_m, sightline_m, ground_visible) and the obstruction points.</source>
      <translation>Lignes de visée depuis des points de vue (observateurs) vers des cibles, comme l'outil Line Of Sight d'ArcGIS : chaque ligne est découpée en parties visibles et masquées (là où le sol, ou le modèle de surface, est vu ou non depuis l'œil de l'observateur), avec le point où la ligne de visée vers la cible est masquée pour la première fois, et le profil du terrain de chaque ligne sous forme de table.

Paires : chaque observateur avec chaque cible (dans la distance maximale ; 0 = sans limite) ou, avec un champ d'appariement sur les observateurs, chaque observateur avec la cible dont ce champ contient l'identifiant. Les hauteurs des observateurs viennent de leur champ de hauteur (NULL : la hauteur d'observateur, 1,6 m par défaut) ; celles des cibles du leur (NULL : valeur par défaut selon le type : chevalement 40 m, fosse 15 m, cité 8 m, autre 10 m). Une cible polygonale est sa cellule de sol la plus haute.

Méthode : la ligne de visée exacte R3 (référence de vigie:ztv) : les deux extrémités au centre de leur cellule du MNT, le terrain interpolé à chaque croisement avec une ligne ou une colonne de centres de cellules, courbure terrestre et réfraction (1/7). Le profil donne, à chaque croisement, la distance depuis l'observateur, le sol, la surface (si elle est fournie) et la hauteur de la ligne de visée de l'œil de l'observateur au sommet de la cible (courbure comprise, de sorte que ligne de visée moins surface soit la marge verticale).

Sorties : les parties (line_id, observer_id, target_id, part, visible, from_m, to_m, target_visible, clearance_m), la table des profils (line_id, distance_m, ground_m, surface_m, sightline_m, ground_visible) et les points d'obstruction.</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="89" />
      <source>Viewpoints (observers)</source>
      <translation>Points de vue (observateurs)</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="91" />
      <source>Viewpoint id field (default: a field named id, else the feature id)</source>
      <translation>Champ identifiant des points de vue (par défaut : un champ nommé id, sinon l'identifiant d'entité)</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="97" />
      <source>Eye height when the field is empty (m)</source>
      <translation>Hauteur des yeux quand le champ est vide (m)</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="100" />
      <source>Targets (e.g. the inscribed elements)</source>
      <translation>Cibles (par exemple les éléments inscrits)</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="102" />
      <source>Target id field (default: a field named id, else the feature id)</source>
      <translation>Champ identifiant des cibles (par défaut : un champ nommé id, sinon l'identifiant d'entité)</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="105" />
      <source>Target height field (m above ground)</source>
      <translation>Champ de hauteur des cibles (m au-dessus du sol)</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="108" />
      <source>Pairing field of the viewpoints (target id; empty: all pairs)</source>
      <translation>Champ d'appariement des points de vue (identifiant de la cible ; vide : toutes les paires)</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="122" />
      <source>Lines of sight (visible and hidden parts)</source>
      <translation>Lignes de visée (parties visibles et masquées)</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="124" />
      <source>Profiles of the lines of sight</source>
      <translation>Profils des lignes de visée</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="126" />
      <source>Obstruction points</source>
      <translation>Points d'obstruction</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="253" />
      <source>{v} of {n} targets seen from their viewpoint.</source>
      <translation>{v} cibles sur {n} vues depuis leur point de vue.</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="177" />
      <source>No pair of viewpoint and target to compute (maximum distance {d:.0f} m): raise the maximum distance or check the pairing field.</source>
      <translation>Aucune paire point de vue – cible à calculer (distance maximale {d:.0f} m) : augmentez la distance maximale ou vérifiez le champ d'appariement.</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="223" />
      <source>Line {n} ({a} → {b}) not computed: {reason}.</source>
      <translation>Ligne {n} ({a} → {b}) non calculée : {reason}.</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="160" />
      <source>Viewpoint {id}: no target in the pairing field {field}.</source>
      <translation>Point de vue {id} : aucune cible dans le champ d'appariement {field}.</translation>
    </message>
    <message>
      <location filename="../../processing/sightlines.py" line="166" />
      <source>Viewpoint {id}: the pairing field {field} names the target {target}, which is not among the targets' ids. Check the field or the target id field.</source>
      <translation>Point de vue {id} : le champ d'appariement {field} désigne la cible {target}, absente des identifiants des cibles. Vérifiez ce champ ou le champ identifiant des cibles.</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="53" />
      <source>Surface model (ground + buildings + vegetation)</source>
      <translation>Modèle de surface (sol + bâtiments + végétation)</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="56" />
      <source>Builds the obstacle surface used by the visibility algorithms (their 'surface model' input): the ground elevation of the DEM plus the height of the buildings and, optionally, of vegetation polygons. The result is a GeoTIFF on exactly the DEM's grid (same size, cell size, origin and CRS); NoData cells of the DEM stay NoData.

Building height: the height field when it is set (BD TOPO: 'hauteur'), else the number of floors × the storey height (BD TOPO: 'nombre_d_etages'; 3 m by default), else the default height (6 m; 0 leaves such buildings out). The fields are found by name when not given. The log says how many buildings took each rule. A negative height or number of floors skips the building and the log names its feature ids; a height above 350 m stops the run (elevations given as heights?). Vegetation takes its height field, else its default height (10 m).

Where footprints overlap (buildings, trees) the highest wins. A cell is raised when its centre lies in a footprint (GDAL's rasterisation rule: the raised area matches the footprint area on average, but a footprint smaller than a cell may raise none); tick 'every cell touched' to raise every cell a footprint touches (conservative: footprints grow by up to one cell). Layers in another CRS are reprojected to the DEM's CRS (the log says so).</source>
      <translation>Construit la surface des obstacles utilisée par les algorithmes de visibilité (leur entrée « modèle de surface ») : l'altitude du sol du MNT plus la hauteur des bâtiments et, en option, celle de polygones de végétation. Le résultat est un GeoTIFF exactement sur la grille du MNT (même taille, même taille de cellule, même origine, même SCR) ; les cellules NoData du MNT restent NoData.

Hauteur d'un bâtiment : le champ de hauteur quand il est renseigné (BD TOPO : « hauteur »), sinon le nombre d'étages × la hauteur d'un étage (BD TOPO : « nombre_d_etages » ; 3 m par défaut), sinon la hauteur par défaut (6 m ; 0 écarte ces bâtiments). Les champs sont trouvés par leur nom s'ils ne sont pas indiqués. Le journal indique combien de bâtiments relèvent de chaque règle. Une hauteur ou un nombre d'étages négatif écarte le bâtiment et le journal donne les identifiants des entités ; une hauteur de plus de 350 m arrête le calcul (des altitudes données comme hauteurs ?). La végétation prend son champ de hauteur, sinon sa hauteur par défaut (10 m).

Là où des emprises se chevauchent (bâtiments, arbres), la plus haute l'emporte. Une cellule est surélevée quand son centre est dans une emprise (règle de rastérisation de GDAL : la surface surélevée correspond en moyenne à celle de l'emprise, mais une emprise plus petite qu'une cellule peut n'en surélever aucune) ; cochez « toute cellule touchée » pour surélever toutes les cellules qu'une emprise touche (prudent : les emprises grandissent d'au plus une cellule). Les couches dans un autre SCR sont reprojetées dans le SCR du MNT (le journal le signale).</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="207" />
      <source>Reading the obstacles</source>
      <translation>Lecture des obstacles</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="241" />
      <source>Rasterising the obstacles on the DEM's grid</source>
      <translation>Rastérisation des obstacles sur la grille du MNT</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="80" />
      <source>Buildings (footprints)</source>
      <translation>Bâtiments (emprises)</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="82" />
      <source>Building height field (m; default: hauteur, height_m…)</source>
      <translation>Champ de hauteur des bâtiments (m ; par défaut : hauteur, height_m…)</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="85" />
      <source>Number of floors field (default: nombre_d_etages, floors…)</source>
      <translation>Champ du nombre d'étages (par défaut : nombre_d_etages, floors…)</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="88" />
      <source>Storey height (m)</source>
      <translation>Hauteur d'un étage (m)</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="91" />
      <source>Default building height when unknown (m; 0 = leave out)</source>
      <translation>Hauteur par défaut d'un bâtiment sans hauteur (m ; 0 = l'écarter)</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="94" />
      <source>Vegetation (woods, hedges; polygons)</source>
      <translation>Végétation (bois, haies ; polygones)</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="97" />
      <source>Vegetation height field (m)</source>
      <translation>Champ de hauteur de la végétation (m)</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="100" />
      <source>Default vegetation height (m)</source>
      <translation>Hauteur par défaut de la végétation (m)</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="105" />
      <source>Surface model</source>
      <translation>Modèle de surface</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="190" />
      <source>Give a buildings layer, a vegetation layer or both: without obstacles the surface model would be the DEM itself.</source>
      <translation>Indiquez une couche de bâtiments, une couche de végétation ou les deux : sans obstacles, le modèle de surface serait le MNT lui-même.</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="103" />
      <source>Raise every cell a footprint touches (default: cells whose centre is inside)</source>
      <translation>Surélever toute cellule touchée par une emprise (par défaut : les cellules dont le centre est à l'intérieur)</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="252" />
      <source>{n} obstacles burnt: {cells} cells raised ({ha:.1f} ha), highest {h:.1f} m above the ground.</source>
      <translation>{n} obstacles rastérisés : {cells} cellules surélevées ({ha:.1f} ha), jusqu'à {h:.1f} m au-dessus du sol.</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="152" />
      <source>Layer {layer}: {n} features are not polygons and were left out.</source>
      <translation>Couche {layer} : {n} entités ne sont pas des polygones et ont été écartées.</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="159" />
      <source>Layer {layer}: {n} features are higher than {max:.0f} m (feature ids {ids}). Are these elevations rather than heights above the ground? Fix the height field {field}.</source>
      <translation>Couche {layer} : {n} entités dépassent {max:.0f} m (identifiants {ids}). S'agit-il d'altitudes plutôt que de hauteurs au-dessus du sol ? Corrigez le champ de hauteur {field}.</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="165" />
      <source>Layer {layer}: {n} features with a negative height or number of floors were left out (feature ids {ids}).</source>
      <translation>Couche {layer} : {n} entités à la hauteur ou au nombre d'étages négatif ont été écartées (identifiants {ids}).</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="169" />
      <source>Layer {layer}: {n} heights from the field {field}.</source>
      <translation>Couche {layer} : {n} hauteurs tirées du champ {field}.</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="172" />
      <source>Layer {layer}: {n} heights from the number of floors ({field}) × {storey:g} m.</source>
      <translation>Couche {layer} : {n} hauteurs tirées du nombre d'étages ({field}) × {storey:g} m.</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="176" />
      <source>Layer {layer}: {n} features have no height: the default height {h:g} m was used.</source>
      <translation>Couche {layer} : {n} entités sans hauteur : la hauteur par défaut de {h:g} m a été utilisée.</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="180" />
      <source>Layer {layer}: {n} features have no height and the default height is 0: they were left out.</source>
      <translation>Couche {layer} : {n} entités sans hauteur et la hauteur par défaut vaut 0 : elles ont été écartées.</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="118" />
      <source>Layer {layer} has no CRS: its coordinates are taken as in the DEM's CRS {dst}.</source>
      <translation>La couche {layer} n'a pas de SCR : ses coordonnées sont prises dans le SCR du MNT {dst}.</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="215" />
      <source>Layer {layer} has no height field nor number of floors field (looked for hauteur, height_m, nombre_d_etages, floors…): every building takes the default height.</source>
      <translation>La couche {layer} n'a ni champ de hauteur ni champ du nombre d'étages (recherchés : hauteur, height_m, nombre_d_etages, floors…) : tous les bâtiments prennent la hauteur par défaut.</translation>
    </message>
    <message>
      <location filename="../../processing/surface_model.py" line="132" />
      <source>Layer {layer}, feature {fid}: the field {field} holds {value!r}, not a number. Fix the value or choose another field.</source>
      <translation>Couche {layer}, entité {fid} : le champ {field} contient {value!r}, pas un nombre. Corrigez la valeur ou choisissez un autre champ.</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="64" />
      <source>Viewshed from viewpoints</source>
      <translation>Bassin de visibilité depuis des points de vue</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="67" />
      <source>What is seen from one or several viewpoints (a belvedere, the top of a spoil tip, a remarkable view): for each cell, the number of viewpoints that see a target of the target height there (0/1 for a single viewpoint), and the minimum height a target must have to be seen.

The observer stands at the viewpoint, its eye at the height field (or the observer height) above the ground. Optional fields restrict each viewpoint to a view cone: an azimuth range in degrees clockwise from north (350 to 20 crosses north) and vertical angle limits in degrees. Earth curvature and refraction (1/7) as in vigie:ztv; same engine, same exactness check.</source>
      <translation>Ce que l'on voit depuis un ou plusieurs points de vue (belvédère, sommet de terril, vue remarquable) : pour chaque cellule, le nombre de points de vue qui y voient une cible de la hauteur donnée (0/1 pour un seul point de vue), et la hauteur minimale qu'une cible doit avoir pour être vue.

L'observateur se tient au point de vue, l'œil à la hauteur du champ (ou à la hauteur d'observateur) au-dessus du sol. Des champs facultatifs limitent chaque point de vue à un cône de vue : une plage d'azimuts en degrés dans le sens horaire depuis le nord (de 350 à 20 traverse le nord) et des angles verticaux limites en degrés. Courbure terrestre et réfraction (1/7) comme dans vigie:ztv ; même moteur, même contrôle d'exactitude.</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="82" />
      <source>Viewpoints</source>
      <translation>Points de vue</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="84" />
      <source>Observer height field (m above ground)</source>
      <translation>Champ de hauteur de l'observateur (m au-dessus du sol)</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="87" />
      <source>Observer height when the field is empty (m)</source>
      <translation>Hauteur de l'observateur si le champ est vide (m)</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="90" />
      <source>Target height (m above ground)</source>
      <translation>Hauteur de la cible (m au-dessus du sol)</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="93" />
      <source>Radius of analysis (m)</source>
      <translation>Rayon d'analyse (m)</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="100" />
      <source>Per-viewpoint radius field (m)</source>
      <translation>Champ de rayon par point de vue (m)</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="122" />
      <source>Viewshed (number of viewpoints)</source>
      <translation>Bassin de visibilité (nombre de points de vue)</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="124" />
      <source>Minimum visible height</source>
      <translation>Hauteur minimale visible</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="134" />
      <source>The viewpoints layer has no feature: nothing to compute.</source>
      <translation>La couche de points de vue n'a aucune entité : rien à calculer.</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="171" />
      <source>No viewpoint with a geometry.</source>
      <translation>Aucun point de vue n'a de géométrie.</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="217" />
      <source>Number of viewpoints that see the cell</source>
      <translation>Nombre de points de vue qui voient la cellule</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="225" />
      <source>Minimum height above ground to be seen (m)</source>
      <translation>Hauteur minimale au-dessus du sol pour être vu (m)</translation>
    </message>
    <message>
      <location filename="../../processing/viewshed.py" line="200" />
      <source>Viewpoint {id} skipped: {reason}.</source>
      <translation>Point de vue {id} ignoré : {reason}.</translation>
    </message>
    <message>
      <location filename="../../processing/ztv.py" line="73" />
      <source>Zone of theoretical visibility (ZTV) of elements</source>
      <translation>Zone de visibilité théorique (ZVT) des éléments</translation>
    </message>
    <message>
      <location filename="../../processing/ztv.py" line="76" />
      <source>For every cell of the terrain model: how many inscribed elements are visible from it (in total and by type: headframes, spoil tips, cités, others), the greatest height a new structure there can have and stay invisible from every element, and, per element, the zone from which it is seen.

Visibility is reciprocal: a cell sees an element when the sight line from the element's top to an eye at the eye height above the ground of the cell is clear. A point element is one viewpoint at its top; a polygon or a line is its highest ground cell (a spoil tip's summit) plus points along its outline every 'outline spacing' metres, and it is seen when any of them is. Heights are metres above the ground model (or elevations in absolute mode); a NULL height takes a default by type (headframe 40 m, pit 15 m, cité 8 m; spoil tips and embankments are in the terrain, their viewpoints are a person of 1.6 m standing on them).

Earth curvature and atmospheric refraction are applied (coefficient 1/7 = 0.143, as GDAL and GRASS; ArcGIS uses 0.13). An optional surface model (buildings, trees) blocks the views while heights stay relative to the ground. NoData cells are never visible and never block. The engine runs GDAL's viewshed on a window around each viewpoint and repairs it near the visibility boundary with an exact line of sight.

Outputs lie on the DEM's grid; NoData outside every radius. Every output records the parameters used.</source>
      <translation>Pour chaque cellule du modèle de terrain : combien d'éléments inscrits en sont visibles (au total et par type : chevalements, terrils, cités, autres), la plus grande hauteur qu'une construction nouvelle peut y avoir en restant invisible de tous les éléments, et, pour chaque élément, la zone d'où il est vu.

La visibilité est réciproque : une cellule voit un élément quand la ligne de visée du sommet de l'élément vers un œil placé à la hauteur d'observation au-dessus du sol de la cellule est dégagée. Un élément ponctuel est un point de vue à son sommet ; un polygone ou une ligne est sa cellule de sol la plus haute (le sommet d'un terril) plus des points le long de son contour tous les « pas du contour » mètres, et il est vu dès que l'un d'eux l'est. Les hauteurs sont en mètres au-dessus du terrain (ou des altitudes en mode absolu) ; une hauteur NULL prend une valeur par défaut selon le type (chevalement 40 m, fosse 15 m, cité 8 m ; terrils et cavaliers sont dans le terrain, leurs points de vue sont une personne de 1,6 m debout dessus).

La courbure terrestre et la réfraction atmosphérique sont appliquées (coefficient 1/7 = 0,143, comme GDAL et GRASS ; ArcGIS utilise 0,13). Un modèle de surface facultatif (bâtiments, arbres) masque les vues, les hauteurs restant relatives au sol. Les cellules NoData ne sont jamais visibles et ne masquent jamais. Le moteur exécute le calcul de visibilité de GDAL sur une fenêtre autour de chaque point de vue et le corrige près de la limite de visibilité par une ligne de visée exacte.

Les sorties sont sur la grille du MNT ; NoData hors de tout rayon. Chaque sortie enregistre les paramètres utilisés.</translation>
    </message>
    <message>
      <location filename="../../processing/ztv.py" line="242" />
      <source>Number of elements visible</source>
      <translation>Nombre d'éléments visibles</translation>
    </message>
    <message>
      <location filename="../../processing/ztv.py" line="242" />
      <source>Headframes visible</source>
      <translation>Chevalements visibles</translation>
    </message>
    <message>
      <location filename="../../processing/ztv.py" line="243" />
      <source>Spoil tips visible</source>
      <translation>Terrils visibles</translation>
    </message>
    <message>
      <location filename="../../processing/ztv.py" line="243" />
      <source>Cités visible</source>
      <translation>Cités visibles</translation>
    </message>
    <message>
      <location filename="../../processing/ztv.py" line="243" />
      <source>Other elements visible</source>
      <translation>Autres éléments visibles</translation>
    </message>
    <message>
      <location filename="../../processing/ztv.py" line="244" />
      <source>Admissible height above ground (m)</source>
      <translation>Hauteur admissible au-dessus du sol (m)</translation>
    </message>
    <message>
      <location filename="../../processing/ztv.py" line="130" />
      <source>Per-element radius field (m)</source>
      <translation>Champ de rayon par élément (m)</translation>
    </message>
    <message>
      <location filename="../../processing/ztv.py" line="141" />
      <source>Admissible height of a new structure</source>
      <translation>Hauteur admissible d'une construction nouvelle</translation>
    </message>
    <message>
      <location filename="../../processing/ztv.py" line="143" />
      <source>Visibility zone of each element</source>
      <translation>Zone de visibilité de chaque élément</translation>
    </message>
    <message>
      <location filename="../../processing/ztv.py" line="146" />
      <source>Summary per element</source>
      <translation>Synthèse par élément</translation>
    </message>
    <message>
      <location filename="../../processing/ztv.py" line="312" />
      <source>Viewsheds computed in {a:.1f} s, outputs written in {b:.1f} s.</source>
      <translation>Champs de vision calculés en {a:.1f} s, sorties écrites en {b:.1f} s.</translation>
    </message>
    <message>
      <location filename="../../processing/ztv.py" line="212" />
      <source>Engine: {s}</source>
      <translation>Moteur : {s}</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="72" />
      <source>Vigie — download data</source>
      <translation>Vigie — télécharger des données</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="76" />
      <source>Area</source>
      <translation>Zone</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="78" />
      <source>Current map extent</source>
      <translation>Emprise actuelle de la carte</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="79" />
      <source>Extent of a layer</source>
      <translation>Emprise d'une couche</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="82" />
      <source>Area drawn on the map</source>
      <translation>Zone dessinée sur la carte</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="83" />
      <source>Draw…</source>
      <translation>Dessiner…</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="105" />
      <source>UNESCO property: perimeter, buffer zone, the 353 elements</source>
      <translation>Bien UNESCO : périmètre, zone tampon, les 353 éléments</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="106" />
      <source>Terrain model (IGN RGE ALTI)</source>
      <translation>Modèle de terrain (IGN RGE ALTI)</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="110" />
      <source>Buildings with heights (IGN BD TOPO)</source>
      <translation>Bâtiments avec hauteurs (IGN BD TOPO)</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="136" />
      <source>Sources: Mission Bassin Minier (data.gouv.fr, Géo2France), © IGN Géoplateforme; Licence Ouverte 2.0. Recorded in each file's metadata.</source>
      <translation>Sources : Mission Bassin Minier (data.gouv.fr, Géo2France), © IGN Géoplateforme ; Licence Ouverte 2.0. Enregistrées dans les métadonnées de chaque fichier.</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="144" />
      <source>Download</source>
      <translation>Télécharger</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="146" />
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="148" />
      <source>Close</source>
      <translation>Fermer</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="221" />
      <source>Choose an area: the map extent or a layer.</source>
      <translation>Choisissez une zone : l'emprise de la carte ou une couche.</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="236" />
      <source>Canceling…</source>
      <translation>Annulation…</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="261" />
      <source>Choose an area, at least one kind of data and an output folder.</source>
      <translation>Choisissez une zone, au moins un type de données et un dossier de sortie.</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="223" />
      <source>{w:.2f} × {h:.2f} km
Lambert-93 (EPSG:2154): {xmin:.0f}, {ymin:.0f} – {xmax:.0f}, {ymax:.0f}</source>
      <translation>{w:.2f} × {h:.2f} km
Lambert-93 (EPSG:2154) : {xmin:.0f}, {ymin:.0f} – {xmax:.0f}, {ymax:.0f}</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="242" />
      <source>UNESCO property</source>
      <translation>Bien UNESCO</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="246" />
      <source>Terrain</source>
      <translation>Terrain</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="288" />
      <source>Done: the layers were added to the project.</source>
      <translation>Terminé : les couches ont été ajoutées au projet.</translation>
    </message>
    <message>
      <location filename="../../ui/download_dialog.py" line="276" />
      <source>{i}/{n} {label}…</source>
      <translation>{i}/{n} {label}…</translation>
    </message>
    <message>
      <location filename="../../ui/fiche_action.py" line="93" />
      <source>Export the fiche as PDF</source>
      <translation>Exporter la fiche en PDF</translation>
    </message>
    <message>
      <location filename="../../ui/fiche_action.py" line="115" />
      <source>This fiche has no uuid: save it first, then export it.</source>
      <translation>Cette fiche n'a pas d'uuid : enregistrez-la d'abord, puis exportez-la.</translation>
    </message>
    <message>
      <location filename="../../ui/fiche_action.py" line="132" />
      <source>The fiche could not be exported: see the Processing log.</source>
      <translation>La fiche n'a pas pu être exportée : voir le journal des traitements.</translation>
    </message>
    <message>
      <location filename="../../ui/fiche_action.py" line="134" />
      <source>Fiche exported: {path}</source>
      <translation>Fiche exportée : {path}</translation>
    </message>
    <message>
      <location filename="../../ui/profile_plot.py" line="51" />
      <source>Distance from the viewpoint (km)</source>
      <translation>Distance depuis le point de vue (km)</translation>
    </message>
    <message>
      <location filename="../../ui/profile_plot.py" line="52" />
      <source>Elevation (m)</source>
      <translation>Altitude (m)</translation>
    </message>
    <message>
      <location filename="../../ui/profile_plot.py" line="21" />
      <source>Ground</source>
      <translation>Sol</translation>
    </message>
    <message>
      <location filename="../../ui/profile_plot.py" line="47" />
      <source>Viewpoint (eye)</source>
      <translation>Point de vue (œil)</translation>
    </message>
    <message>
      <location filename="../../ui/profile_plot.py" line="23" />
      <source>Surface (buildings, trees)</source>
      <translation>Surface (bâtiments, arbres)</translation>
    </message>
    <message>
      <location filename="../../ui/profile_plot.py" line="27" />
      <source>Sight line (clear)</source>
      <translation>Ligne de visée (dégagée)</translation>
    </message>
    <message>
      <location filename="../../ui/profile_plot.py" line="30" />
      <source>Sight line</source>
      <translation>Ligne de visée</translation>
    </message>
    <message>
      <location filename="../../ui/profile_plot.py" line="32" />
      <source>Sight line (blocked)</source>
      <translation>Ligne de visée (masquée)</translation>
    </message>
    <message>
      <location filename="../../ui/profile_plot.py" line="34" />
      <source>First obstruction</source>
      <translation>Premier obstacle</translation>
    </message>
    <message>
      <location filename="../../ui/profile_plot.py" line="45" />
      <source>Horizon line</source>
      <translation>Ligne d'horizon</translation>
    </message>
    <message>
      <location filename="../../ui/profile_plot.py" line="42" />
      <source>Visible part: {h:.1f} m</source>
      <translation>Partie visible : {h:.1f} m</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="171" />
      <source>What can be seen from here?</source>
      <translation>Qu'est-ce qu'on voit d'ici ?</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="198" />
      <source>Elements</source>
      <translation>Éléments</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="199" />
      <source>Height field</source>
      <translation>Champ de hauteur</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="200" />
      <source>Surface (optional)</source>
      <translation>Surface (facultative)</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="205" />
      <source>Eye height</source>
      <translation>Hauteur des yeux</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="207" />
      <source>Click on the map: the elements visible from that point are listed here.</source>
      <translation>Cliquez sur la carte : les éléments visibles depuis ce point s'affichent ici.</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="213" />
      <source>Name</source>
      <translation>Nom</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="213" />
      <source>Type</source>
      <translation>Type</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="214" />
      <source>Metres of the element's height seen above the horizon</source>
      <translation>Mètres de la hauteur de l'élément visibles au-dessus de l'horizon</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="214" />
      <source>Height of the element (m)</source>
      <translation>Hauteur de l'élément (m)</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="231" />
      <source>Export the profile as PNG…</source>
      <translation>Exporter le profil en PNG…</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="270" />
      <source>Export the profile as PNG</source>
      <translation>Exporter le profil en PNG</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="148" />
      <source>Click an element of the list (or on the map) to draw its profile.</source>
      <translation>Cliquez sur un élément de la liste (ou de la carte) pour tracer son profil.</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="203" />
      <source>up to</source>
      <translation>jusqu'à</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="212" />
      <source>km</source>
      <translation>km</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="212" />
      <source>Visible (m)</source>
      <translation>Visible (m)</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="212" />
      <source>Height (m)</source>
      <translation>Hauteur (m)</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="317" />
      <source>Choose a terrain model and an elements layer in the panel.</source>
      <translation>Choisissez un modèle de terrain et une couche d'éléments dans le panneau.</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="322" />
      <source>Reading the terrain and the elements…</source>
      <translation>Lecture du terrain et des éléments…</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="399" />
      <source>From {x:.0f}, {y:.0f} (eye {eye:.1f} m): {n} of the {m} elements within {d:.1f} km are visible ({ms:.0f} ms).</source>
      <translation>Depuis {x:.0f}, {y:.0f} (yeux à {eye:.1f} m) : {n} des {m} éléments à moins de {d:.1f} km sont visibles ({ms:.0f} ms).</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="439" />
      <source>{type}, {d:.2f} km: {v:.1f} m of its {h:.1f} m visible</source>
      <translation>{type}, {d:.2f} km : {v:.1f} m visibles sur ses {h:.1f} m</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="137" />
      <source>The profile needs the Python module matplotlib.</source>
      <translation>Le profil nécessite le module Python matplotlib.</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="365" />
      <source>Cannot use these layers: {error}</source>
      <translation>Impossible d'utiliser ces couches : {error}</translation>
    </message>
    <message>
      <location filename="../../ui/whatcanbeseen.py" line="379" />
      <source>No answer here: {error}. Click on the terrain model.</source>
      <translation>Pas de réponse ici : {error}. Cliquez sur le modèle de terrain.</translation>
    </message>
  </context>
</TS>
