"""The fiche patrimoine of a cité minière: the single source of truth.

Every table, field, type, French label, controlled vocabulary, required field,
form tab and conditional group of the field survey is declared here once.
Everything else is derived from it: the GeoPackage schema (``core/survey_db.py``),
the QGIS/QField form (``ui/survey_form.py``), validation (``validate`` below,
``vigie:checksurvey``) and the PDF sheet (``sections`` below).

Adding a field is one edit: append a ``Field`` to a table below (with its tab and,
for a coded value, its vocabulary). Adding a term to a list is one edit in
``VOCABS`` (and, in an existing survey, one row in its ``vocab`` table).

The form is a French document (like the printed sheet): labels, vocabulary
labels and constraint messages are French here, whatever the QGIS language.

Storage conventions (GeoPackage):
- keys are UUID text (``uuid``), links are ``<table>_uuid`` text fields;
- coded values are stored as their code (text); multi-choice fields store the
  codes as QGIS's value relation does, ``{code1,code2}``;
- dates as ISO text (GeoPackage DATE / DATETIME);
- photo files as paths relative to the project folder, under ``DCIM/``.
"""

import datetime as _dt
import json
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

# --------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    definition: str = ""


def _terms(*items: Tuple[str, ...]) -> List[Term]:
    return [Term(*item) for item in items]


VOCABS: Dict[str, List[Term]] = {
    "typologie": _terms(
        ("coron", "Coron", "Longues barres de maisons mitoyennes alignées sur la rue (avant 1890 surtout)."),
        ("cite_pavillonnaire", "Cité pavillonnaire", "Maisons jumelées ou par groupes de 3 ou 4, avec jardin."),
        ("cite_jardin", "Cité-jardin", "Tracé pittoresque, voies courbes, maisons dans la verdure (après 1904)."),
        ("cite_moderne", "Cité moderne", "Après 1945 : maisons en bandes ou collectifs, matériaux industrialisés."),
        ("mixte", "Mixte", "Plusieurs types réunis."),
    ),
    "categorie": _terms(
        ("exceptionnelle", "Exceptionnelle"),
        ("remarquable", "Remarquable"),
        ("temoin", "Témoin"),
    ),
    "statut_unesco": _terms(
        ("bien", "Dans le Bien inscrit"),
        ("zone_tampon", "Dans la zone tampon"),
        ("hors", "Hors Bien et zone tampon"),
    ),
    "protection": _terms(
        ("mh", "Monument historique"),
        ("site", "Site classé ou inscrit"),
        ("spr", "Site patrimonial remarquable (SPR)"),
        ("plu", "Élément protégé au PLU (L.151-19)"),
    ),
    "bailleur": _terms(
        ("maisons_cites", "Maisons & Cités"),
        ("sia", "SIA Habitat"),
        ("autre", "Autre bailleur"),
        ("prives", "Propriétaires privés"),
    ),
    "renovation": _terms(
        ("hors", "Hors programme"),
        ("etudes", "Études"),
        ("travaux", "Travaux en cours"),
        ("livre", "Livré"),
    ),
    "statut_fiche": _terms(
        ("brouillon", "Brouillon"),
        ("a_valider", "À valider"),
        ("validee", "Validée"),
    ),
    "trame": _terms(
        ("orthogonale", "Orthogonale"),
        ("lineaire", "Linéaire (le long d'une voie)"),
        ("pittoresque", "Pittoresque (voies courbes)"),
        ("radioconcentrique", "Radioconcentrique"),
        ("mixte", "Mixte"),
    ),
    "implantation": _terms(
        ("alignement", "À l'alignement de la rue"),
        ("retrait", "En retrait, jardin devant"),
        ("milieu", "Au milieu de la parcelle"),
        ("mixte", "Mixte"),
    ),
    "groupement": _terms(
        ("bande", "En bande (coron)"),
        ("jumelees", "Jumelées par deux"),
        ("groupes", "Par groupes de 3 ou 4"),
        ("isolees", "Isolées"),
        ("collectif", "Collectif"),
        ("mixte", "Mixte"),
    ),
    "equipement": _terms(
        ("eglise", "Église"),
        ("ecole", "École"),
        ("salle", "Salle des fêtes"),
        ("dispensaire", "Dispensaire"),
        ("bains", "Bains-douches"),
        ("commerces", "Commerces"),
        ("jardins", "Jardins ouvriers"),
        ("sport", "Équipement sportif"),
        ("aucun", "Aucun"),
    ),
    "hierarchie": _terms(
        ("marquee", "Marquée (axe principal, voies de desserte)"),
        ("peu_marquee", "Peu marquée"),
        ("absente", "Absente"),
    ),
    "type_maison": _terms(
        ("coron", "Maison de coron"),
        ("jumelee", "Maison jumelée"),
        ("groupe", "Maison en groupe de 3 ou 4"),
        ("individuelle", "Maison individuelle"),
        ("porion", "Maison de porion ou d'ingénieur"),
        ("collectif", "Logement collectif"),
    ),
    "materiau": _terms(
        ("brique", "Brique apparente"),
        ("brique_peinte", "Brique peinte ou enduite"),
        ("enduit", "Enduit"),
        ("beton", "Béton, parpaing"),
        ("bardage", "Bardage, isolation extérieure"),
        ("autre", "Autre"),
    ),
    "couverture": _terms(
        ("tuile_mecanique", "Tuile mécanique"),
        ("panne", "Tuile flamande (panne)"),
        ("ardoise", "Ardoise"),
        ("fibrociment", "Fibrociment"),
        ("bac_acier", "Bac acier"),
        ("autre", "Autre"),
    ),
    "decor": _terms(
        ("bandeaux", "Bandeaux et corniches de brique"),
        ("linteaux", "Linteaux et arcs ouvragés"),
        ("polychromie", "Polychromie de briques"),
        ("pignons", "Pignons ornés"),
        ("ancres", "Ancres, ferronneries"),
        ("aucun", "Aucun décor"),
    ),
    "menuiseries": _terms(
        ("majoritaires", "Majoritaires"),
        ("partielles", "Partielles"),
        ("disparues", "Disparues"),
    ),
    "annexes": _terms(
        ("homogenes", "Présentes et homogènes"),
        ("heterogenes", "Présentes et hétérogènes"),
        ("absentes", "Absentes"),
    ),
    "cloture": _terms(
        ("haie", "Haie vive"),
        ("muret", "Muret de brique"),
        ("grille", "Grille"),
        ("grillage", "Grillage"),
        ("palissade", "Palissade, panneaux"),
        ("aucune", "Aucune"),
    ),
    "niveau": _terms(
        ("1", "1 — fort"),
        ("2", "2 — moyen"),
        ("3", "3 — faible"),
        ("4", "4 — très faible"),
    ),
    "vue": _terms(
        ("terril", "Terril"),
        ("chevalement", "Chevalement"),
        ("fosse", "Fosse, carreau"),
        ("cite", "Autre cité"),
        ("eglise", "Église, clocher"),
        ("aucune", "Aucune vue"),
    ),
    "presence": _terms(
        ("continue", "Présents, continus"),
        ("discontinue", "Présents, discontinus"),
        ("absente", "Absents"),
    ),
    "etat": _terms(
        ("1", "Bon"),
        ("2", "Moyen"),
        ("3", "Médiocre"),
        ("4", "Mauvais"),
        ("9", "Non observé"),
    ),
    "alteration": _terms(
        ("pvc", "Menuiseries en PVC"),
        ("cheminees", "Cheminées supprimées"),
        ("toitures", "Toitures modifiées"),
        ("extensions", "Extensions"),
        ("paraboles", "Paraboles"),
        ("isolation", "Isolation par l'extérieur masquant la brique"),
        ("haies_murets", "Haies ou murets disparus"),
        ("clotures", "Clôtures hétéroclites"),
        ("revetements", "Revêtements de sol dégradés"),
        ("encombrement", "Encombrement de la rue"),
        ("espaces_verts", "Espaces verts délaissés"),
        ("autre", "Autre"),
    ),
    "tendance": _terms(
        ("amelioration", "En amélioration"),
        ("stable", "Stable"),
        ("degradation", "En dégradation"),
        ("inconnue", "Inconnue (première visite)"),
    ),
    "theme": _terms(
        ("urbain", "Composition urbaine"),
        ("architecture", "Architecture"),
        ("paysage", "Paysage, vues"),
        ("espaces_publics", "Espaces publics"),
        ("facades", "Façades"),
        ("clotures", "Clôtures et abords"),
        ("autre", "Autre"),
    ),
    "action": _terms(
        ("conserver", "Conserver"),
        ("restaurer", "Restaurer"),
        ("restituer", "Restituer"),
        ("encadrer", "Encadrer"),
        ("proscrire", "Proscrire"),
    ),
    "instrument": _terms(
        ("reglement", "Règlement du PLUi"),
        ("l151_19", "Protection au titre du L.151-19"),
        ("oap", "OAP patrimoniale"),
        ("recommandation", "Recommandation"),
    ),
    "priorite": _terms(
        ("1", "1 — haute"),
        ("2", "2 — moyenne"),
        ("3", "3 — basse"),
    ),
}

# --------------------------------------------------------------------------
# Tables and fields
# --------------------------------------------------------------------------

KINDS = ("uuid", "text", "memo", "int", "real", "bool", "date", "datetime",
         "choice", "multichoice", "photo_file", "ref")


@dataclass(frozen=True)
class Field:
    """One attribute. ``default`` is a QGIS expression (also understood by ``default_value``)."""

    name: str
    kind: str
    label: str
    vocab: Optional[str] = None
    required: bool = False
    tab: str = ""
    group: str = ""
    default: Optional[str] = None
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    help: str = ""
    pdf: bool = True
    ref: Optional[str] = None  # referenced table for kind "ref"
    max_length: int = 0  # 0 = unlimited


@dataclass(frozen=True)
class Condition:
    """True when any of ``fields`` holds one of ``values`` (a group appears / becomes required)."""

    fields: Tuple[str, ...]
    values: Tuple[str, ...]

    def holds(self, record: Mapping[str, Any]) -> bool:
        return any(str(record.get(f)) in self.values for f in self.fields if not is_empty(record.get(f)))

    def expression(self) -> str:
        values = ", ".join("'{}'".format(v) for v in self.values)
        return " OR ".join('"{}" IN ({})'.format(f, values) for f in self.fields)


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    when: Optional[Condition] = None  # shown, and its required fields required, only when this holds


@dataclass(frozen=True)
class Tab:
    id: str
    label: str
    groups: Tuple[Group, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str
    label: str
    geometry: Optional[str]
    fields: Tuple[Field, ...]
    tabs: Tuple[Tab, ...] = ()
    parent: Optional[Tuple[str, str]] = None  # (parent table, link field)
    title: str = ""  # QGIS display expression

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError("{}.{}".format(self.name, name))

    def names(self) -> List[str]:
        return [f.name for f in self.fields]

    def group(self, group_id: str) -> Optional[Group]:
        for tab in self.tabs:
            for g in tab.groups:
                if g.id == group_id:
                    return g
        return None


UUID_DEFAULT = "uuid('WithoutBraces')"
CITE_LAYER_NAME = "Cités minières"  # layer names in the survey project are the tables' labels
VISIBLE_FROM_CITE = "attribute(get_feature('{}', 'uuid', \"cite_uuid\"), 'elements_visibles')".format(
    CITE_LAYER_NAME)

_SCORE_COMPONENTS = (
    ("etat_voirie", "Voirie"),
    ("etat_trottoirs", "Trottoirs"),
    ("etat_espaces_verts", "Espaces verts"),
    ("etat_mobilier", "Mobilier urbain"),
    ("etat_facades", "Façades"),
    ("etat_toitures", "Toitures"),
    ("etat_menuiseries", "Menuiseries"),
    ("etat_clotures", "Clôtures et abords"),
)
SCORE_FIELDS: Tuple[str, ...] = tuple(name for name, _ in _SCORE_COMPONENTS)
BAD_SCORES = ("3", "4")
DESORDRES = Condition(SCORE_FIELDS, BAD_SCORES)

CITE = Table(
    "cite", CITE_LAYER_NAME, "MultiPolygon",
    (
        Field("uuid", "uuid", "Identifiant", required=True, default=UUID_DEFAULT, pdf=False),
        Field("nom", "text", "Nom de la cité", required=True),
        Field("communes", "text", "Commune(s)", help="Noms des communes, séparés par des virgules."),
        Field("insee", "text", "Code(s) INSEE", help="Codes INSEE des communes, séparés par des virgules."),
        Field("compagnie", "text", "Compagnie minière"),
        Field("fosse", "text", "Fosse de rattachement"),
        Field("annee_debut", "int", "Construction : début", minimum=1720, maximum=2030),
        Field("annee_fin", "int", "Construction : fin", minimum=1720, maximum=2030),
        Field("typologie", "choice", "Typologie", vocab="typologie"),
        Field("categorie", "choice", "Catégorie", vocab="categorie"),
        Field("statut_unesco", "choice", "Statut UNESCO", vocab="statut_unesco"),
        Field("protections", "multichoice", "Protections", vocab="protection"),
        Field("bailleur", "choice", "Bailleur", vocab="bailleur"),
        Field("logements", "int", "Nombre de logements", minimum=0, maximum=100000),
        Field("renovation", "choice", "Programme de rénovation", vocab="renovation"),
        Field("id_unesco", "text", "Identifiant UNESCO de l'élément", pdf=False),
        Field("elements_visibles", "memo", "Éléments inscrits visibles depuis la cité", pdf=False,
              help="Calculé par Vigie (zones de visibilité de vigie:ztv) à la création de l'enquête."),
    ),
    title='"nom"',
)

FICHE = Table(
    "fiche", "Fiches patrimoine", None,
    (
        Field("uuid", "uuid", "Identifiant", required=True, default=UUID_DEFAULT, pdf=False, tab="visite"),
        Field("cite_uuid", "ref", "Cité", required=True, tab="visite", ref="cite", pdf=False),
        Field("date_visite", "date", "Date de visite", required=True, default="now()", tab="visite"),
        Field("enqueteurs", "text", "Enquêteur(s)", required=True, default="@user_full_name", tab="visite"),
        Field("statut", "choice", "Statut de la fiche", vocab="statut_fiche", required=True,
              default="'brouillon'", tab="visite"),
        Field("motif_panel", "memo", "Pourquoi cette cité dans le panel", tab="visite"),
        # Urbain
        Field("trame", "choice", "Trame viaire", vocab="trame", tab="urbain"),
        Field("implantation", "choice", "Implantation sur la parcelle", vocab="implantation", tab="urbain"),
        Field("groupement", "choice", "Groupement des logements", vocab="groupement", tab="urbain"),
        Field("equipements", "multichoice", "Équipements collectifs", vocab="equipement", tab="urbain"),
        Field("hierarchie_voies", "choice", "Hiérarchie des voies", vocab="hierarchie", tab="urbain"),
        Field("urbain_notes", "memo", "Observations urbaines", tab="urbain"),
        # Architecture
        Field("types_maisons", "multichoice", "Types de maisons", vocab="type_maison", tab="architecture"),
        Field("materiaux_facade", "multichoice", "Matériaux de façade", vocab="materiau", tab="architecture"),
        Field("couvertures", "multichoice", "Couvertures", vocab="couverture", tab="architecture"),
        Field("decors", "multichoice", "Décors", vocab="decor", tab="architecture"),
        Field("menuiseries_origine", "choice", "Menuiseries d'origine", vocab="menuiseries", tab="architecture"),
        Field("annexes", "choice", "Annexes (dépendances)", vocab="annexes", tab="architecture"),
        Field("clotures", "multichoice", "Clôtures", vocab="cloture", tab="architecture"),
        Field("homogeneite", "choice", "Homogénéité architecturale (1 à 4)", vocab="niveau", tab="architecture"),
        Field("architecture_notes", "memo", "Observations architecturales", tab="architecture"),
        # Paysage
        Field("vues", "multichoice", "Vues vers", vocab="vue", tab="paysage"),
        Field("elements_visibles", "memo", "Éléments inscrits visibles depuis la cité", tab="paysage",
              default=VISIBLE_FROM_CITE,
              help="Prérempli depuis la cité (calcul de visibilité vigie:ztv) ; modifiable."),
        Field("arbres_alignement", "choice", "Arbres d'alignement", vocab="presence", tab="paysage"),
        Field("haies", "choice", "Haies", vocab="presence", tab="paysage"),
        Field("jardins_avant", "choice", "Jardins de devant", vocab="presence", tab="paysage"),
        Field("paysage_notes", "memo", "Observations paysagères", tab="paysage"),
        # État
    ) + tuple(
        Field(name, "choice", label, vocab="etat", required=True, default="'9'", tab="etat", group="scores")
        for name, label in _SCORE_COMPONENTS
    ) + (
        Field("alterations", "multichoice", "Altérations constatées", vocab="alteration", tab="etat"),
        Field("integrite", "choice", "Intégrité (1 à 4)", vocab="niveau", tab="etat"),
        Field("authenticite", "choice", "Authenticité (1 à 4)", vocab="niveau", tab="etat"),
        Field("tendance", "choice", "Tendance depuis la dernière visite", vocab="tendance", tab="etat"),
        Field("desordres", "memo", "Désordres : description", required=True, tab="etat", group="desordres",
              help="Obligatoire dès qu'un état est médiocre ou mauvais."),
        Field("desordres_localisation", "text", "Désordres : localisation", tab="etat", group="desordres"),
        # Synthèse
        Field("interet", "memo", "Intérêt patrimonial", tab="synthese"),
        Field("enjeux", "memo", "Enjeux", tab="synthese"),
    ),
    tabs=(
        Tab("visite", "Visite"),
        Tab("urbain", "Urbain"),
        Tab("architecture", "Architecture"),
        Tab("paysage", "Paysage"),
        Tab("etat", "État", (Group("scores", "État par composante"),
                             Group("desordres", "Désordres", DESORDRES))),
        Tab("synthese", "Synthèse"),
    ),
    parent=("cite", "cite_uuid"),
    title="attribute(get_feature('{}', 'uuid', \"cite_uuid\"), 'nom') || ' — ' || "
          "format_date(\"date_visite\", 'dd/MM/yyyy')".format(CITE_LAYER_NAME),
)

PRECONISATION = Table(
    "preconisation", "Préconisations", None,
    (
        Field("uuid", "uuid", "Identifiant", required=True, default=UUID_DEFAULT, pdf=False),
        Field("fiche_uuid", "ref", "Fiche", required=True, ref="fiche", pdf=False),
        Field("theme", "choice", "Thème", vocab="theme", required=True),
        Field("action", "choice", "Action", vocab="action", required=True),
        Field("texte", "memo", "Préconisation", required=True),
        Field("instrument", "choice", "Outil du PLUi", vocab="instrument", required=True),
        Field("priorite", "choice", "Priorité", vocab="priorite", default="'2'"),
        Field("photo_uuid", "ref", "Photo liée", ref="photo", pdf=False),
    ),
    parent=("fiche", "fiche_uuid"),
    title="\"action\" || ' : ' || left(\"texte\", 60)",
)

PHOTO = Table(
    "photo", "Photos", "Point",
    (
        Field("uuid", "uuid", "Identifiant", required=True, default=UUID_DEFAULT, pdf=False),
        Field("fiche_uuid", "ref", "Fiche", required=True, ref="fiche", pdf=False),
        Field("fichier", "photo_file", "Photo", required=True,
              help="Chemin relatif au projet, dans le dossier DCIM/."),
        Field("theme", "choice", "Thème", vocab="theme"),
        Field("legende", "text", "Légende"),
        Field("prise_le", "datetime", "Prise le", help="Lue dans l'EXIF de la photo quand elle y est."),
        Field("direction", "real", "Direction de prise de vue (°)", minimum=0, maximum=360,
              help="Azimut en degrés depuis le nord, lu dans l'EXIF quand il y est."),
        Field("credit", "text", "Crédit", default="@user_full_name"),
        Field("retenue", "bool", "Retenue pour la fiche", default="true"),
        Field("ordre", "int", "Ordre", default="0", minimum=0, maximum=1000),
    ),
    parent=("fiche", "fiche_uuid"),
    title="coalesce(\"legende\", \"fichier\")",
)

VOCAB = Table(
    "vocab", "Listes de valeurs", None,
    (
        Field("liste", "text", "Liste", required=True),
        Field("code", "text", "Code", required=True),
        Field("libelle", "text", "Libellé", required=True),
        Field("definition", "memo", "Définition"),
        Field("ordre", "int", "Ordre"),
    ),
)

TABLES: Dict[str, Table] = {t.name: t for t in (CITE, FICHE, PRECONISATION, PHOTO, VOCAB)}
CHILD_TABLES = ("preconisation", "photo")
TREND_FIELDS: Tuple[str, ...] = SCORE_FIELDS + ("integrite", "authenticite", "homogeneite")
PHOTO_FOLDER = "DCIM"
MODEL_VERSION = "1"

# --------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == "" or value in ("NULL", "{}")
    try:  # QVariant NULL arrives here as an object whose isNull() is True
        return bool(value.isNull())
    except AttributeError:
        return False


_MULTI_SPLIT = re.compile(r'"((?:[^"\\]|\\.)*)"|([^,]+)')


def parse_multi(raw: Any) -> List[str]:
    """Codes of a multi-choice value: ``{a,b}``, ``{"a","b"}``, a JSON list, a list, or ``a,b``."""
    if is_empty(raw):
        return []
    if isinstance(raw, (list, tuple)):
        return [str(v) for v in raw if not is_empty(v)]
    text = str(raw).strip()
    if text.startswith("["):
        try:
            return [str(v) for v in json.loads(text)]
        except ValueError:
            pass
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    out = []
    for quoted, plain in _MULTI_SPLIT.findall(text):
        value = quoted.replace('\\"', '"') if quoted else plain.strip()
        if value:
            out.append(value)
    return out


def format_multi(codes: Sequence[str]) -> str:
    """The stored form of a multi-choice value (as QGIS's value relation writes it)."""
    return "{" + ",".join(codes) + "}"


def label_of(vocab: str, code: Any) -> str:
    for term in VOCABS[vocab]:
        if term.code == str(code):
            return term.label
    return str(code)


def _as_date(raw: Any) -> Optional[_dt.date]:
    if isinstance(raw, _dt.datetime):
        return raw.date()
    if isinstance(raw, _dt.date):
        return raw
    text = str(raw).strip()
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f",
                "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ", "%Y:%m:%d %H:%M:%S", "%d/%m/%Y"):
        try:
            return _dt.datetime.strptime(text[:26], fmt).date()
        except ValueError:
            continue
    return None


def display_value(fld: Field, raw: Any) -> str:
    """What a reader sees for a stored value: labels instead of codes, French dates; '' when empty."""
    if is_empty(raw):
        return ""
    if fld.kind == "choice" and fld.vocab:
        return label_of(fld.vocab, raw)
    if fld.kind == "multichoice" and fld.vocab:
        return ", ".join(label_of(fld.vocab, c) for c in parse_multi(raw))
    if fld.kind == "bool":
        return "Oui" if str(raw).lower() in ("1", "true", "oui", "yes") else "Non"
    if fld.kind in ("date", "datetime"):
        d = _as_date(raw)
        return d.strftime("%d/%m/%Y") if d else str(raw)
    if fld.kind == "real":
        try:
            return ("{:.1f}".format(float(raw))).replace(".", ",")
        except (TypeError, ValueError):
            return str(raw)
    return str(raw)


def group_visible(table: Table, group_id: str, record: Mapping[str, Any]) -> bool:
    g = table.group(group_id) if group_id else None
    return g is None or g.when is None or g.when.holds(record)


def sections(table_name: str, record: Mapping[str, Any]) -> List[Tuple[str, List[Tuple[str, str]]]]:
    """(tab label, [(field label, displayed value)]) in model order, for a sheet or a report.

    Fields marked ``pdf=False`` and fields of a group hidden by its condition are left
    out; empty values are kept as '' (the caller decides how to show them).
    """
    table = TABLES[table_name]
    tabs = list(table.tabs) or [Tab("", table.label)]
    out = []
    for tab in tabs:
        rows = [(f.label, display_value(f, record.get(f.name))) for f in table.fields
                if f.tab == tab.id and f.pdf and group_visible(table, f.group, record)]
        if rows:
            out.append((tab.label, rows))
    return out


def default_value(fld: Field, user: str = "", now: Optional[_dt.datetime] = None) -> Any:
    """The Python value of a field's default (for records made outside a QGIS form)."""
    import uuid as _uuid

    if fld.default is None or "get_feature" in fld.default:
        return None
    if fld.default == UUID_DEFAULT:
        return str(_uuid.uuid4())
    if fld.default == "now()":
        now = now or _dt.datetime.now()
        return now.date().isoformat() if fld.kind == "date" else now.isoformat(timespec="seconds")
    if fld.default == "@user_full_name":
        return user or None
    if fld.default in ("true", "false"):
        return fld.default == "true"
    if fld.default.startswith("'") and fld.default.endswith("'"):
        return fld.default[1:-1]
    try:
        return int(fld.default)
    except ValueError:
        return fld.default


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing to fix. ``kind``: required, vocab, range, type, date, link, photo_missing,
    photo_absolute, photo_name, photo_not_image, schema."""

    table: str
    uuid: str
    field: str
    kind: str
    value: str = ""
    detail: str = ""


def required_now(table: Table, fld: Field, record: Mapping[str, Any]) -> bool:
    return fld.required and group_visible(table, fld.group, record)


def constraint_message(fld: Field) -> str:
    """French message of a field's constraint, shown by the form (QGIS and QField)."""
    table_group = FICHE.group(fld.group) if fld.group else None
    if fld.required and table_group is not None and table_group.when is not None:
        return "« {} » est obligatoire dès qu'un état est médiocre ou mauvais.".format(fld.label)
    parts = []
    if fld.required:
        parts.append("« {} » est obligatoire.".format(fld.label))
    if fld.minimum is not None and fld.maximum is not None:
        parts.append("Valeur attendue entre {:g} et {:g}.".format(fld.minimum, fld.maximum))
    if fld.kind in ("choice", "multichoice") and fld.vocab:
        parts.append("Choisir dans la liste « {} ».".format(fld.vocab))
    return " ".join(parts)


def constraint_expression(table: Table, fld: Field) -> str:
    """QGIS expression that holds for a valid value (hard constraint), '' when none."""
    name = '"{}"'.format(fld.name)
    clauses = []
    group = table.group(fld.group) if fld.group else None
    if fld.required:
        filled = "({n} IS NOT NULL AND trim(to_string({n})) NOT IN ('', '{{}}'))".format(n=name)
        if group is not None and group.when is not None:
            clauses.append("(NOT ({}) OR {})".format(group.when.expression(), filled))
        else:
            clauses.append(filled)
    if fld.minimum is not None and fld.maximum is not None and fld.kind in ("int", "real"):
        clauses.append("({n} IS NULL OR ({n} >= {lo:g} AND {n} <= {hi:g}))".format(
            n=name, lo=fld.minimum, hi=fld.maximum))
    if fld.kind == "choice" and fld.vocab:
        codes = ", ".join("'{}'".format(t.code) for t in VOCABS[fld.vocab])
        clauses.append("({n} IS NULL OR {n} IN ({c}))".format(n=name, c=codes))
    return " AND ".join(clauses)


def validate(table_name: str, record: Mapping[str, Any],
             vocabs: Optional[Mapping[str, Sequence[str]]] = None) -> List[Problem]:
    """Problems of one record against the model (``vocabs``: codes per list, default the model's)."""
    table = TABLES[table_name]
    uuid = str(record.get("uuid") or "")
    codes = {k: [t.code for t in v] for k, v in VOCABS.items()}
    if vocabs:
        codes.update({k: list(v) for k, v in vocabs.items()})
    problems: List[Problem] = []
    for fld in table.fields:
        raw = record.get(fld.name)
        if is_empty(raw):
            if required_now(table, fld, record):
                problems.append(Problem(table.name, uuid, fld.name, "required"))
            continue
        if fld.kind == "choice" and fld.vocab and str(raw) not in codes.get(fld.vocab, []):
            problems.append(Problem(table.name, uuid, fld.name, "vocab", str(raw), fld.vocab))
        elif fld.kind == "multichoice" and fld.vocab:
            bad = [c for c in parse_multi(raw) if c not in codes.get(fld.vocab, [])]
            if bad:
                problems.append(Problem(table.name, uuid, fld.name, "vocab", ", ".join(bad), fld.vocab))
        elif fld.kind in ("int", "real"):
            try:
                number = float(raw)
            except (TypeError, ValueError):
                problems.append(Problem(table.name, uuid, fld.name, "type", str(raw)))
                continue
            if (fld.minimum is not None and number < fld.minimum) or (
                    fld.maximum is not None and number > fld.maximum):
                problems.append(Problem(table.name, uuid, fld.name, "range", str(raw),
                                        "{:g}–{:g}".format(fld.minimum or 0, fld.maximum or 0)))
        elif fld.kind in ("date", "datetime") and _as_date(raw) is None:
            problems.append(Problem(table.name, uuid, fld.name, "date", str(raw)))
    return problems


_PORTABLE_NAME = re.compile(r"^[A-Za-z0-9À-ÿœŒ._ ()+-]+$")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {"COM%d" % i for i in range(1, 10)} | {
    "LPT%d" % i for i in range(1, 10)}


def portable_name_problem(name: str) -> str:
    """'' when a file name is safe on Windows, Android and Linux, else why not."""
    if not name:
        return "nom vide"
    if not _PORTABLE_NAME.match(name):
        bad = sorted({c for c in name if not _PORTABLE_NAME.match(c)})
        return "caractères à éviter : {}".format(" ".join(repr(c) for c in bad))
    if name.rstrip(" .") != name:
        return "se termine par un point ou une espace"
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        return "nom réservé sous Windows"
    if len(name) > 120:
        return "nom trop long (plus de 120 caractères)"
    return ""
