"""A real survey folder filled with fiches, photos and préconisations, for the PDF tests and bench.

Built with the survey's own writer (core/survey_db.create) from the cités of the sample
landscape, then rows added with OGR exactly as QGIS/QField would store them.
"""

import io
import os
import random
import uuid
from typing import Any, Dict, List, Optional

from osgeo import ogr

CITE_TYPES = {"coron": "coron", "cite_pavillonnaire": "cite_pavillonnaire", "cite_jardin": "cite_jardin",
              "cite_moderne": "cite_moderne", "mixte": "mixte"}
BAILLEURS = {"Maisons & Cités": "maisons_cites", "SIA Habitat": "sia", "autre": "autre", "privés": "prives"}


def sample_cites(sample_gpkg: str) -> List[Dict[str, Any]]:
    ds = ogr.Open(sample_gpkg)
    lyr = ds.GetLayerByName("cites")
    out = []
    for f in lyr:
        out.append({
            "nom": f["name"], "communes": f["commune"], "insee": f["insee"],
            "typologie": CITE_TYPES.get(f["type"] or ""), "bailleur": BAILLEURS.get(f["bailleur"] or ""),
            "statut_unesco": "bien", "categorie": "remarquable", "compagnie": "Compagnie des mines de Béthune",
            "annee_debut": 1904, "annee_fin": 1925, "logements": 212, "protections": "{plu}",
            "wkb": bytes(f.GetGeometryRef().ExportToWkb()),
        })
    return out


def photo_bytes(size=(1600, 1200), text: str = "", seed: int = 0, fmt: str = "JPEG",
                direction: Optional[float] = None) -> bytes:
    """A photo-like picture (sky, brick rows, a headframe) as JPEG (or another format)."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    w, h = size
    im = Image.new("RGB", size, (150 + rnd.randint(0, 40), 180, 215))
    d = ImageDraw.Draw(im)
    d.rectangle((0, int(h * 0.55), w, h), fill=(92, 100, 84))
    for k in range(6):
        x0 = int(k * w / 6) + rnd.randint(0, w // 30)
        d.rectangle((x0, int(h * 0.38), x0 + w // 7, int(h * 0.62)), fill=(150, 70 + rnd.randint(0, 30), 50))
        d.polygon([(x0, int(h * 0.38)), (x0 + w // 14, int(h * 0.3)), (x0 + w // 7, int(h * 0.38))],
                  fill=(80, 60, 60))
    d.line((int(w * 0.8), int(h * 0.1), int(w * 0.8), int(h * 0.4)), fill=(40, 40, 40), width=max(2, w // 200))
    d.text((20, 20), text, fill=(0, 0, 0))
    buf = io.BytesIO()
    kw: Dict[str, Any] = {}
    if fmt == "JPEG":
        kw = {"quality": 88}
        if direction is not None:
            from PIL.TiffImagePlugin import IFDRational

            ex = Image.Exif()
            ex[0x8825] = {16: "T", 17: IFDRational(int(round(direction * 10)), 10)}
            kw["exif"] = ex
    im.save(buf, fmt, **kw)
    return buf.getvalue()


FICHE_VALUES = {
    "enqueteurs": "Zoé Lefebvre, Élodie Œhlenschläger",
    "statut": "validee",
    "motif_panel": "Cité représentative des cités-jardins de la Compagnie de Béthune : « témoin » d'un tracé pittoresque.",
    "trame": "pittoresque", "implantation": "retrait", "groupement": "jumelees",
    "equipements": "{eglise,ecole,jardins}", "hierarchie_voies": "marquee",
    "urbain_notes": "Voies courbes bordées de tilleuls ; placette centrale & kiosque < 1930.",
    "types_maisons": "{jumelee,groupe}", "materiaux_facade": "{brique,enduit}",
    "couvertures": "{tuile_mecanique}", "decors": "{bandeaux,linteaux,polychromie}",
    "menuiseries_origine": "partielles", "annexes": "homogenes", "clotures": "{haie,muret}",
    "homogeneite": "2", "architecture_notes": "Façades en brique rouge, soubassements goudronnés.",
    "vues": "{terril,chevalement}", "arbres_alignement": "continue", "haies": "discontinue",
    "jardins_avant": "continue", "paysage_notes": "Vue axiale sur le terril n°74 depuis la rue Pasteur.",
    "etat_voirie": "2", "etat_trottoirs": "3", "etat_espaces_verts": "1", "etat_mobilier": "2",
    "etat_facades": "2", "etat_toitures": "1", "etat_menuiseries": "4", "etat_clotures": "9",
    "alterations": "{pvc,paraboles,clotures}", "integrite": "2", "authenticite": "2", "tendance": "degradation",
    "desordres": "Trottoirs défoncés rue Pasteur ; menuiseries PVC blanches sur 60 % des maisons.",
    "desordres_localisation": "Rue Pasteur, rue Curie",
    "interet": "Ensemble cohérent de cité-jardin, intérêt paysager majeur (vue sur le terril).",
    "enjeux": "Encadrer le remplacement des menuiseries et des clôtures ; requalifier les trottoirs (coût ≈ 120 000 €).",
}
PREVIOUS_VALUES = dict(FICHE_VALUES, etat_voirie="1", etat_trottoirs="3", etat_menuiseries="2",
                       etat_facades="3", integrite="1", authenticite="2", homogeneite="2",
                       statut="validee", tendance="inconnue")
PRECOS = [
    ("facades", "conserver", "Conserver la brique apparente : proscrire peinture et enduit sur les façades d'origine.",
     "reglement", "1"),
    ("clotures", "restituer", "Restituer les haies vives et les murets de brique en limite de rue.", "l151_19", "2"),
    ("paysage", "encadrer", "Préserver la vue axiale sur le terril : hauteur maximale R+1 dans l'axe.", "oap", "1"),
    ("espaces_publics", "restaurer", "Reprendre les trottoirs en pavés ou en enrobé clair.", "recommandation", "3"),
]


def _insert(ds, table: str, record: Dict[str, Any], point: Optional[tuple] = None) -> None:
    from vigie.core import fiche, survey_db

    lyr = ds.GetLayerByName(table)
    f = ogr.Feature(lyr.GetLayerDefn())
    survey_db.set_fields(f, fiche.TABLES[table], record, [k for k in record if k in fiche.TABLES[table].names()])
    if point is not None:
        g = ogr.Geometry(ogr.wkbPoint)
        g.AddPoint_2D(*point)
        f.SetGeometry(g)
    lyr.CreateFeature(f)


def make_survey(folder: str, sample_gpkg: str, cites: Optional[int] = None, photos: int = 4,
                photo_size=(1600, 1200), previous_for_first: bool = True, seed: int = 1) -> Dict[str, Any]:
    """Write ``folder``/survey.gpkg with one fiche per cité (``cites`` first ones), photos, préconisations.

    Returns {"gpkg", "fiches": [uuid…], "cites": [names…], "previous": uuid or None}.
    """
    from shapely import wkb as swkb

    from vigie.core import survey_db

    os.makedirs(os.path.join(folder, "DCIM"), exist_ok=True)
    all_cites = sample_cites(sample_gpkg)
    if cites is None:
        chosen = all_cites
    elif cites <= len(all_cites):
        chosen = all_cites[:cites]
    else:  # more cités than the sample has: numbered copies (benchmarks)
        chosen = []
        for i in range(cites):
            c = dict(all_cites[i % len(all_cites)])
            if i >= len(all_cites):
                c["nom"] = "{} (lot {})".format(c["nom"], i // len(all_cites) + 1)
            chosen.append(c)
    for c in chosen:
        c["uuid"] = str(uuid.uuid4())
    gpkg = os.path.join(folder, survey_db.GPKG_NAME)
    survey_db.create(gpkg, chosen)
    ds = survey_db.open_gpkg(gpkg, update=True)
    ds.StartTransaction()
    fiches, previous = [], None
    for ci, c in enumerate(chosen):
        geom = swkb.loads(c["wkb"])
        p = geom.representative_point()
        fid = str(uuid.uuid4())
        fiches.append(fid)
        rec = dict(FICHE_VALUES, uuid=fid, cite_uuid=c["uuid"], date_visite="2025-05-12")
        _insert(ds, "fiche", rec)
        if ci == 0 and previous_for_first:
            previous = str(uuid.uuid4())
            _insert(ds, "fiche", dict(PREVIOUS_VALUES, uuid=previous, cite_uuid=c["uuid"], date_visite="2021-06-03",
                                      enqueteurs="Jean Dupont"))
        photo_ids = []
        for k in range(photos):
            name = "DCIM/fiche_{:03d}_{:02d}.jpg".format(ci, k + 1)
            direction = (35.0 + 70 * k) % 360
            with open(os.path.join(folder, name), "wb") as fh:
                fh.write(photo_bytes(photo_size, "{} {}".format(c["nom"], k + 1), seed=seed + ci * 10 + k,
                                     direction=direction))
            pid = str(uuid.uuid4())
            photo_ids.append(pid)
            _insert(ds, "photo", {"uuid": pid, "fiche_uuid": fid, "fichier": name,
                                  "theme": ["facades", "paysage", "espaces_publics", "clotures"][k % 4],
                                  "legende": "{} — vue {} : façades, rue et terril".format(c["nom"], k + 1),
                                  "prise_le": "2025-05-12T10:{:02d}:00".format(k), "direction": direction,
                                  "credit": "Mission Bassin Minier", "retenue": True, "ordre": k},
                    point=(p.x + 40 * (k - 1.5), p.y + 25 * ((k % 2) - 0.5)))
        for j, (theme, action, text, instrument, prio) in enumerate(PRECOS):
            _insert(ds, "preconisation", {"uuid": str(uuid.uuid4()), "fiche_uuid": fid, "theme": theme,
                                          "action": action, "texte": text, "instrument": instrument,
                                          "priorite": prio,
                                          "photo_uuid": photo_ids[j] if j < len(photo_ids) else None})
    ds.CommitTransaction()
    ds = None
    return {"gpkg": gpkg, "fiches": fiches, "cites": [c["nom"] for c in chosen], "previous": previous,
            "cite_uuids": [c["uuid"] for c in chosen]}
