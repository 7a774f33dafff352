"""Sample fiches for the demo, tests and benchmarks: realistic values, photos with EXIF, préconisations."""

import os
import shutil
from typing import Dict, List, Optional, Sequence

from . import fiche, photos, survey_db

SAMPLE_FICHES = [
    {
        "enqueteurs": "Claire Delattre, Mehdi Benali",
        "statut": "a_valider",
        "motif_panel": "Cité pavillonnaire emblématique de la Compagnie de Béthune, témoin de l'« âge d'or » "
                       "des cités-jardins ; rénovation Maisons & Cités annoncée.",
        "trame": "pittoresque", "implantation": "retrait", "groupement": "groupes",
        "equipements": "{eglise,ecole,jardins}", "hierarchie_voies": "marquee",
        "urbain_notes": "Voies courbes bordées de tilleuls ; place de l'église au centre ; cœur d'îlot en jardins.",
        "types_maisons": "{groupe,jumelee,porion}", "materiaux_facade": "{brique,brique_peinte}",
        "couvertures": "{tuile_mecanique,panne}", "decors": "{bandeaux,linteaux,polychromie}",
        "menuiseries_origine": "partielles", "annexes": "homogenes", "clotures": "{haie,muret}",
        "homogeneite": "2",
        "architecture_notes": "Façades en brique rouge & jaune ; linteaux en arc segmentaire ; quelques "
                              "pignons enduits (« rénovation » des années 1980).",
        "vues": "{terril,chevalement}", "arbres_alignement": "continue", "haies": "discontinue",
        "jardins_avant": "continue",
        "paysage_notes": "Vue lointaine sur les terrils jumeaux depuis la rue principale.",
        "etat_voirie": "2", "etat_trottoirs": "3", "etat_espaces_verts": "1", "etat_mobilier": "2",
        "etat_facades": "2", "etat_toitures": "1", "etat_menuiseries": "3", "etat_clotures": "2",
        "alterations": "{pvc,paraboles,haies_murets}", "integrite": "2", "authenticite": "2",
        "tendance": "stable",
        "desordres": "Trottoirs en enrobé fissuré rue des Tilleuls ; menuiseries PVC blanches sur un tiers "
                     "des maisons, petits-bois disparus.",
        "desordres_localisation": "Rue des Tilleuls, n° 2 à 40",
        "interet": "Ensemble cohérent et lisible, représentatif des cités-jardins de l'entre-deux-guerres.",
        "enjeux": "Encadrer le remplacement des menuiseries et des clôtures ; préserver les haies et les vues "
                  "vers les terrils.",
    },
    {
        "enqueteurs": "Mehdi Benali",
        "statut": "brouillon",
        "motif_panel": "Coron du XIXe siècle, rare ensemble encore homogène.",
        "trame": "lineaire", "implantation": "alignement", "groupement": "bande",
        "equipements": "{aucun}", "hierarchie_voies": "peu_marquee",
        "types_maisons": "{coron}", "materiaux_facade": "{brique}", "couvertures": "{panne}",
        "decors": "{bandeaux}", "menuiseries_origine": "disparues", "annexes": "heterogenes",
        "clotures": "{aucune}", "homogeneite": "1",
        "vues": "{chevalement}", "arbres_alignement": "absente", "haies": "absente", "jardins_avant": "absente",
        "etat_voirie": "4", "etat_trottoirs": "4", "etat_espaces_verts": "9", "etat_mobilier": "3",
        "etat_facades": "3", "etat_toitures": "2", "etat_menuiseries": "4", "etat_clotures": "9",
        "alterations": "{pvc,cheminees,extensions,revetements,encombrement}", "integrite": "3",
        "authenticite": "3", "tendance": "degradation",
        "desordres": "Chaussée défoncée, stationnement sur trottoirs ; extensions en parpaing à l'arrière.",
        "interet": "Dernier coron complet de la commune.",
        "enjeux": "Restaurer les façades ; requalifier la rue sans la banaliser.",
    },
]

SAMPLE_PRECONISATIONS = [
    [("facades", "restaurer", "Restaurer les façades de brique : rejointoiement à la chaux, sans peinture ni "
      "enduit ; conserver les bandeaux et linteaux.", "reglement", "1"),
     ("clotures", "conserver", "Conserver les haies vives et les murets de brique en limite de rue.", "l151_19", "1"),
     ("paysage", "encadrer", "Préserver la vue vers les terrils depuis la rue principale (pas de construction "
      "de plus de 7 m dans l'axe).", "oap", "2"),
     ("facades", "proscrire", "Proscrire l'isolation par l'extérieur sur les façades sur rue.", "reglement", "1")],
    [("espaces_publics", "restaurer", "Requalifier la rue : trottoirs en pavés de grès, stationnement organisé.",
      "oap", "1"),
     ("architecture", "restituer", "Restituer les menuiseries en bois à petits-bois lors des remplacements.",
      "recommandation", "2")],
]


def fill_sample_fiches(folder: str, photo_files: Sequence[str], count: int = 2,
                       cite_names: Optional[Sequence[str]] = None) -> List[Dict[str, object]]:
    """Add ``count`` fiches (with photos and préconisations) to the survey in ``folder``.

    Photos are copied to ``folder/DCIM/`` (originals untouched), EXIF read for date,
    direction and position. Returns [{'cite': name, 'fiche': uuid, 'photos': [...], ...}].
    """
    gpkg = os.path.join(folder, survey_db.GPKG_NAME)
    cites = survey_db.read_table(gpkg, "cite")
    if cite_names:
        cites = [c for name in cite_names for c in cites if c["nom"] == name]
    out = []
    dcim = os.path.join(folder, fiche.PHOTO_FOLDER)
    os.makedirs(dcim, exist_ok=True)
    for i in range(min(count, len(cites))):
        cite = cites[i]
        values = dict(SAMPLE_FICHES[i % len(SAMPLE_FICHES)])
        values["cite_uuid"] = cite["uuid"]
        values["date_visite"] = "2026-05-{:02d}".format(12 + i)
        (fiche_uuid,) = survey_db.add_records(gpkg, "fiche", [values])
        photo_records = []
        chosen = list(photo_files[i * 3:(i + 1) * 3]) or list(photo_files[:3])
        for order, src in enumerate(chosen):
            name = "fiche{}_{:02d}_{}".format(i + 1, order + 1, os.path.basename(src))
            shutil.copy2(src, os.path.join(dcim, name))
            info = photos.exif_info(src)
            photo_records.append({
                "fiche_uuid": fiche_uuid, "fichier": "{}/{}".format(fiche.PHOTO_FOLDER, name),
                "theme": ("paysage", "facades", "espaces_publics")[order % 3],
                "legende": "Vue {} de la cité {}".format(order + 1, cite["nom"]),
                "prise_le": info["taken_at"], "direction": info["direction"],
                "credit": values["enqueteurs"].split(",")[0], "retenue": True, "ordre": order,
                "x": info["x"], "y": info["y"],
            })
        photo_uuids = survey_db.add_records(gpkg, "photo", photo_records)
        precos = []
        for k, (theme, action, text, instrument, priority) in enumerate(SAMPLE_PRECONISATIONS[i % 2]):
            precos.append({"fiche_uuid": fiche_uuid, "theme": theme, "action": action, "texte": text,
                           "instrument": instrument, "priorite": priority,
                           "photo_uuid": photo_uuids[k % len(photo_uuids)] if photo_uuids else None})
        survey_db.add_records(gpkg, "preconisation", precos)
        out.append({"cite": cite["nom"], "fiche": fiche_uuid, "photos": photo_uuids, "preconisations": len(precos)})
    return out
