"""vigie:exportfiches — fiches patrimoine as PDF sheets (per cité, combined, or PLUi annex per commune)."""

import os
from typing import Any, Dict, List, Tuple

from qgis.core import (
    QgsExpression,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsRectangle,
    QgsVectorLayer,
)

from .base import GROUP_SHEETS, VigieAlgorithm, check_pdf_dependencies

MODE_PER_CITE = 0
MODE_COMBINED = 1
MODE_PLUI = 2
DEFAULT_TITLE = "Fiches patrimoine des cités minières"
DEFAULT_CREDITS = "Fiches : enquête de terrain Vigie · Fond de carte : couches de référence du projet"


def fiche_uuids(gpkg: str, expression: str) -> List[str]:
    """UUIDs of the fiches of a survey GeoPackage matching a QGIS expression (all when empty)."""
    layer = QgsVectorLayer("{}|layername=fiche".format(gpkg), "fiche", "ogr")
    if not layer.isValid():
        raise QgsProcessingException("fiche")
    request = QgsFeatureRequest()
    if expression.strip():
        expr = QgsExpression(expression)
        if expr.hasParserError():
            raise ValueError(expr.parserErrorString())
        request.setFilterExpression(expression)
    out = []
    for f in layer.getFeatures(request):
        out.append(str(f["uuid"]))
    if request.filterExpression() is not None and request.filterExpression().hasEvalError():
        raise ValueError(request.filterExpression().evalErrorString())
    return out


class ExportFichesAlgorithm(VigieAlgorithm):
    ALG_ID = "exportfiches"
    GROUP = GROUP_SHEETS
    ICON = "fiches_pdf.svg"

    SURVEY = "SURVEY"
    FICHES = "FICHES"
    MODE = "MODE"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    ELEMENTS = "ELEMENTS"
    ELEMENT_NAME = "ELEMENT_NAME_FIELD"
    PERIMETER = "PERIMETER"
    BUFFER_ZONE = "BUFFER_ZONE"
    BUILDINGS = "BUILDINGS"
    DEM = "DEM"
    TITLE = "TITLE"
    CREDITS = "CREDITS"
    DPI = "DPI"
    OPEN = "OPEN_AFTER"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Export fiches as PDF sheets")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Prints the fiches patrimoine of a survey (made by vigie:createsurvey) as A4 PDF sheets "
            "in French: header with the property and the cité, identification of the cité, a location "
            "map rendered by QGIS (cité outline, nearby inscribed elements, property perimeter, buffer "
            "zone, buildings, optional hillshade of a DEM; scale bar, north arrow and the photo "
            "positions numbered, with an arrow for the direction when known), the photos with their "
            "captions (numbers match the map), every tab of the fiche as the model defines it, the "
            "condition scores as a coloured scale with the previous visit's scores beside them, and "
            "the préconisations table. Empty fields print as 'non renseigné'.\n\n"
            "Survey: the survey GeoPackage or its project (survey.qgz). Fiches: an expression "
            "on the fiche table (e.g. \"statut\" = 'validee'); empty means every fiche.\n\n"
            "Mode: one file per cité (named from the cité, safe on Windows; all its selected visits), "
            "one combined file (cover, table of contents, bookmarks per cité), or the PLUi annex: per "
            "commune, one document gathering the préconisations of its cités (latest visit of each) "
            "grouped by PLUi instrument, with an overview map.\n\n"
            "Reference layers are optional; without them the map shows the cités only. Photos are "
            "downsampled for print (the DPI parameter, 200 by default); the original files are never "
            "changed. Each PDF is written to a temporary file and renamed at the end: a cancelled run "
            "leaves no partial file. A missing or unreadable photo, or a cité without geometry, is "
            "reported and the sheet is printed without it; the other fiches go on."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.SURVEY, self.tr("Survey (GeoPackage or project)"),
            fileFilter="Survey (*.gpkg *.qgz *.qgs)"))
        self.addParameter(QgsProcessingParameterExpression(
            self.FICHES, self.tr("Fiches to export (expression on the fiche table; empty = all)"),
            optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.MODE, self.tr("Output"),
            [self.tr("One PDF per cité"), self.tr("One combined PDF (table of contents, bookmarks)"),
             self.tr("PLUi annex: one PDF per commune")], defaultValue=MODE_PER_CITE))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, self.tr("Output folder")))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ELEMENTS, self.tr("Inscribed elements (map)"), [QgsProcessing.TypeVectorAnyGeometry],
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PERIMETER, self.tr("Property perimeter (map)"), [QgsProcessing.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BUFFER_ZONE, self.tr("Buffer zone (map)"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BUILDINGS, self.tr("Buildings (map)"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.DEM, self.tr("Terrain model for a hillshade (map)"), optional=True))
        adv = [
            QgsProcessingParameterString(self.ELEMENT_NAME, self.tr("Field of the elements' names (labels)"),
                                         optional=True),
            QgsProcessingParameterString(self.TITLE, self.tr("Title of the combined PDF"), DEFAULT_TITLE,
                                         optional=True),
            QgsProcessingParameterString(self.CREDITS, self.tr("Credits printed in the footer"),
                                         DEFAULT_CREDITS, optional=True),
            QgsProcessingParameterNumber(self.DPI, self.tr("Print resolution of maps and photos (dpi)"),
                                         QgsProcessingParameterNumber.Integer, 200, False, 100, 400),
            QgsProcessingParameterBoolean(self.OPEN, self.tr("Open the PDF when done"), False, optional=True),
        ]
        self.add_advanced(adv)
        self.addOutput(QgsProcessingOutputString("FILES", self.tr("PDF files written")))
        self.addOutput(QgsProcessingOutputNumber("SHEETS", self.tr("Number of fiches printed")))
        self.addOutput(QgsProcessingOutputNumber("PROBLEMS", self.tr("Number of problems reported")))

    # ------------------------------------------------------------------------------------
    def _data_credits(self, parameters, context) -> str:
        """Attribution and licence of reference layers downloaded by Vigie (their recorded provenance)."""
        from ..core import sources

        paths = []
        for name in (self.ELEMENTS, self.PERIMETER, self.BUFFER_ZONE, self.BUILDINGS):
            layer = self.parameterAsVectorLayer(parameters, name, context)
            if layer is not None:
                paths.append(layer.source().split("|")[0])
        dem = self.parameterAsRasterLayer(parameters, self.DEM, context)
        if dem is not None:
            paths.append(dem.source().split("|")[0])
        out: List[str] = []
        for path in paths:
            if not os.path.isfile(path):
                continue
            try:
                provenance = sources.read_provenance(path)
            except RuntimeError:
                continue
            for prov in provenance:
                line = "{} ({})".format(prov.attribution, prov.licence)
                if line not in out:
                    out.append(line)
        return " · ".join(out)

    def processAlgorithm(self, parameters, context, feedback) -> Dict[str, Any]:  # noqa: N802
        check_pdf_dependencies()
        from ..core import survey_db
        from ..core.pdf import base, fiche_data, fiche_sheet
        from .maprender import MapRenderer

        survey_path = self.parameterAsFile(parameters, self.SURVEY, context)
        gpkg = survey_db.find_survey_gpkg(survey_path or "")
        if not survey_path or not os.path.isfile(gpkg):
            raise QgsProcessingException(self.tr(
                "No survey GeoPackage at {path}: choose the survey.gpkg or the survey.qgz made by "
                "vigie:createsurvey.").format(path=survey_path or gpkg))
        try:
            survey = fiche_data.load_survey(gpkg)
        except (survey_db.SurveyError, RuntimeError) as exc:
            raise QgsProcessingException(self.tr(
                "The survey {path} cannot be read ({error}). Is it a survey made by vigie:createsurvey, "
                "and not open for writing in another program?").format(path=gpkg, error=exc))
        expression = self.parameterAsString(parameters, self.FICHES, context) or ""
        try:
            wanted = set(fiche_uuids(gpkg, expression))
        except ValueError as exc:
            raise QgsProcessingException(self.tr(
                "The fiche selection expression {expr} is not valid: {error}. Fields of the fiche table "
                "can be used, e.g. \"statut\" = 'validee'.").format(expr=expression, error=exc))
        records = [r for r in survey.fiches if str(r.get("uuid")) in wanted]
        if not records:
            if expression:
                raise QgsProcessingException(self.tr(
                    "No fiche to export: no fiche of the survey {path} matches {expr}. Change the selection "
                    "expression.").format(path=gpkg, expr=expression))
            raise QgsProcessingException(self.tr(
                "No fiche to export: the survey {path} has no fiche yet. Fill at least one fiche in the "
                "survey project, then run again.").format(path=gpkg))
        mode = self.parameterAsEnum(parameters, self.MODE, context)
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        try:
            base.check_writable_folder(folder)
        except base.OutputError as exc:
            raise QgsProcessingException(self.tr(
                "Cannot write in the output folder {folder} ({error}). Choose a folder you can write to."
            ).format(folder=folder, error=exc.detail))
        dpi = self.parameterAsInt(parameters, self.DPI, context) or 200
        credits = self.parameterAsString(parameters, self.CREDITS, context)
        data_credits = self._data_credits(parameters, context)
        if data_credits:
            feedback.pushInfo(self.tr("Data credits: {credits}").format(credits=data_credits))
            if credits == DEFAULT_CREDITS:  # the map's sources replace the generic wording
                credits = "Fiches : enquête de terrain Vigie · Fond de carte : " + data_credits
            else:
                credits = " · ".join(x for x in (credits, data_credits) if x)
        title = self.parameterAsString(parameters, self.TITLE, context) or DEFAULT_TITLE
        opts = fiche_sheet.SheetOptions(dpi=dpi, credits=credits)

        # sort: commune, cité, date
        def sort_key(r: Dict[str, Any]) -> Tuple[str, str, str]:
            c = survey.cites.get(str(r.get("cite_uuid"))) or {}
            return (str(c.get("communes") or "").lower(), str(c.get("nom") or "").lower(),
                    str(r.get("date_visite") or ""))

        records.sort(key=sort_key)
        sheets = [fiche_data.sheet_data(survey, r, opts.property_name, credits) for r in records]
        feedback.pushInfo(self.tr("{n} fiche(s) of {c} cité(s) selected.").format(
            n=len(sheets), c=len({s["cite_uuid"] for s in sheets})))

        # map layers, copied once around the cités to print
        area = None
        boxes = [s["cite_bounds"] for s in sheets if s.get("cite_bounds")]
        if boxes:
            area = QgsRectangle(min(b[0] for b in boxes), min(b[1] for b in boxes),
                                max(b[2] for b in boxes), max(b[3] for b in boxes))
            area.grow(3000.0)
        cite_layer = QgsVectorLayer("{}|layername=cite".format(gpkg), "cite", "ogr")
        elements = self.parameterAsSource(parameters, self.ELEMENTS, context)
        name_field = self.parameterAsString(parameters, self.ELEMENT_NAME, context)
        if elements is not None and not name_field:
            names = [n for n in ("nom", "name", "NOM", "Name") if elements.fields().indexOf(n) >= 0]
            name_field = names[0] if names else ""
        renderer = MapRenderer(
            {"elements": elements, "perimeter": self.parameterAsSource(parameters, self.PERIMETER, context),
             "buffer_zone": self.parameterAsSource(parameters, self.BUFFER_ZONE, context),
             "buildings": self.parameterAsSource(parameters, self.BUILDINGS, context),
             "cites": cite_layer if cite_layer.isValid() else None},
            dem=self.parameterAsRasterLayer(parameters, self.DEM, context), area=area,
            label_fields={"elements": name_field} if name_field else {},
            transform_context=context.transformContext())
        map_w, map_h = fiche_sheet.map_size(opts)
        written: List[str] = []
        problems: List[Any] = []
        n = len(sheets)

        def cancelled() -> bool:
            return feedback.isCanceled()

        def render_sheet_map(s: Dict[str, Any]) -> None:
            if not s.get("cite_bounds"):
                return
            pts = [(p["x"], p["y"]) for p in s["photos"] if p.get("x") is not None]
            b = list(s["cite_bounds"])
            if pts:
                # photos within 1 km of the cité widen the map; farther ones are not drawn
                near = [(x, y) for x, y in pts if b[0] - 1000 <= x <= b[2] + 1000 and b[1] - 1000 <= y <= b[3] + 1000]
                for x, y in near:
                    b = [min(b[0], x), min(b[1], y), max(b[2], x), max(b[3], y)]
            extent = MapRenderer.fit_extent(tuple(b), map_w, map_h)
            geom = QgsGeometry()
            cite = survey.cites.get(s["cite_uuid"]) or {}
            geom.fromWkb(bytes(cite.get("wkb") or b""))
            try:
                s["map"] = renderer.render(extent, map_w, map_h, dpi=dpi, highlight=[geom])
            except Exception as exc:  # a map problem must not stop the other fiches
                s["map"] = {"problem": str(exc)}

        def report(new_problems: List[Any]) -> None:
            for pb in new_problems:
                problems.append(pb)
                feedback.reportError(self._problem_text(pb), fatalError=False)

        def write(path: str, build) -> bool:
            try:
                build(path)
            except fiche_sheet.Cancelled:
                return False
            except base.OutputError as exc:
                feedback.reportError(self.tr(
                    "Cannot write {path}: {error}. If the file is open in a PDF viewer, close it and run "
                    "again.").format(path=path, error=exc.detail), fatalError=False)
                problems.append(exc)
                return True
            written.append(path)
            feedback.pushInfo(self.tr("Written: {path}").format(path=path))
            return True

        if mode == MODE_PER_CITE:
            groups: Dict[str, List[Dict[str, Any]]] = {}
            for s in sheets:
                groups.setdefault(s["cite_uuid"] or s["key"], []).append(s)
            names = list(groups.keys())
            dup = {}
            for k in names:
                nm = groups[k][0]["cite_name"].lower()
                dup[nm] = dup.get(nm, 0) + 1
            stems = []
            for k in names:
                s0 = groups[k][0]
                label = s0["cite_name"] or "fiche-" + s0["key"][:8]
                if dup.get(s0["cite_name"].lower(), 0) > 1 and s0.get("communes"):
                    label += " " + s0["communes"]
                stems.append(fiche_data.slug(label))
            stems = fiche_data.unique_names(stems)
            done = 0
            for k, stem in zip(names, stems):
                if cancelled():
                    break
                group = groups[k]
                for s in group:
                    render_sheet_map(s)
                path = os.path.join(folder, stem + ".pdf")
                found: List[Any] = []

                def build(p, group=group, found=found):
                    found.extend(fiche_sheet.build_fiches_pdf(
                        p, group, opts, is_cancelled=cancelled,
                        title="Fiche patrimoine — {}".format(group[0]["cite_name"] or "?")))

                if not write(path, build):
                    break
                report(found)
                done += len(group)
                feedback.setProgress(100.0 * done / n)
        elif mode == MODE_COMBINED:
            for i, s in enumerate(sheets):
                if cancelled():
                    break
                render_sheet_map(s)
                feedback.setProgress(60.0 * (i + 1) / n)
            if not cancelled():
                path = os.path.join(folder, fiche_data.slug(title, fallback="fiches-patrimoine") + ".pdf")
                found2: List[Any] = []

                def build_all(p):
                    found2.extend(fiche_sheet.build_fiches_pdf(
                        p, sheets, opts, title=title, toc=True, is_cancelled=cancelled,
                        progress=lambda i: feedback.setProgress(60.0 + 40.0 * i / n)))

                if write(path, build_all):
                    report(found2)
        else:
            written += self._plui_annexes(sheets, survey, folder, opts, renderer, dpi, cancelled, feedback,
                                          problems)
        renderer.close()
        if cancelled():
            feedback.pushInfo(self.tr("Cancelled: {n} complete file(s) kept, no partial file.").format(
                n=len(written)))
            return {"FILES": written, self.OUTPUT_FOLDER: folder, "SHEETS": 0, "PROBLEMS": len(problems)}
        if not written:
            raise QgsProcessingException(self.tr(
                "No PDF could be written to {folder}: see the messages above.").format(folder=folder))
        feedback.setProgress(100.0)
        if self.parameterAsBool(parameters, self.OPEN, context) and written:
            self._open_after = written[0]  # opened in postProcessAlgorithm (main thread)
        return {"FILES": written, self.OUTPUT_FOLDER: folder, "SHEETS": len(sheets), "PROBLEMS": len(problems)}

    def postProcessAlgorithm(self, context, feedback) -> Dict[str, Any]:  # noqa: N802
        path = getattr(self, "_open_after", None)
        if path:
            from qgis.PyQt.QtCore import QUrl
            from qgis.PyQt.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(path))
            self._open_after = None
        return {}

    # ------------------------------------------------------------------------------------
    def _plui_annexes(self, sheets, survey, folder, opts, renderer, dpi, cancelled, feedback, problems) -> List[str]:
        from ..core import fiche
        from ..core.pdf import base, fiche_data, plui_annex
        from .maprender import MapRenderer

        latest: Dict[str, Dict[str, Any]] = {}
        for s in sheets:  # sorted by date within a cité: the last wins
            latest[s["cite_uuid"] or s["key"]] = s
        communes: Dict[str, List[Dict[str, Any]]] = {}
        for s in latest.values():
            names = fiche_data.communes_of(survey.cites.get(s["cite_uuid"])) or ["Commune non renseignée"]
            for c in names:
                communes.setdefault(c, []).append(s)
        instruments = [(t.code, t.label) for t in fiche.VOCABS["instrument"]]
        w, h = base.CONTENT_WIDTH, 105 * 2.834645669
        out = []
        stems = fiche_data.unique_names(["annexe-plui-" + fiche_data.slug(c) for c in communes])
        for i, ((commune, items), stem) in enumerate(zip(sorted(communes.items()), stems)):
            if cancelled():
                break
            items.sort(key=lambda s: s["cite_name"].lower())
            boxes = [s["cite_bounds"] for s in items if s.get("cite_bounds")]
            overview, positions = None, {}
            if boxes:
                b = (min(x[0] for x in boxes), min(x[1] for x in boxes), max(x[2] for x in boxes),
                     max(x[3] for x in boxes))
                extent = MapRenderer.fit_extent(b, w, h, margin=0.12, min_width=1500.0)
                geoms = []
                for s in items:
                    g = QgsGeometry()
                    g.fromWkb(bytes((survey.cites.get(s["cite_uuid"]) or {}).get("wkb") or b""))
                    if not g.isNull():
                        geoms.append(g)
                        p = g.pointOnSurface().asPoint()
                        positions[s["cite_uuid"]] = (p.x(), p.y())
                try:
                    overview = renderer.render(extent, w, h, dpi=min(dpi, 200), highlight=geoms)
                except Exception as exc:
                    feedback.reportError(str(exc), fatalError=False)
            path = os.path.join(folder, stem + ".pdf")
            try:
                plui_annex.build_annex_pdf(path, commune, items, instruments, overview, positions, opts,
                                           is_cancelled=cancelled)
            except plui_annex.Cancelled:
                break
            except base.OutputError as exc:
                feedback.reportError(self.tr(
                    "Cannot write {path}: {error}. If the file is open in a PDF viewer, close it and run "
                    "again.").format(path=path, error=exc.detail), fatalError=False)
                problems.append(exc)
                continue
            out.append(path)
            feedback.pushInfo(self.tr("Written: {path}").format(path=path))
            feedback.setProgress(100.0 * (i + 1) / max(1, len(communes)))
        return out

    def _problem_text(self, pb) -> str:
        who = pb.cite or pb.fiche
        if pb.kind == "photo_missing":
            return self.tr("Fiche of {cite}: photo {file} not found; its frame is left empty. Put the file "
                           "back in the survey folder or correct the path in the photo table.").format(
                cite=who, file=pb.detail)
        if pb.kind == "photo_unsupported":
            return self.tr("Fiche of {cite}: photo {file} is in a format a PDF cannot hold; convert it to "
                           "JPEG (the frame is left empty).").format(cite=who, file=pb.detail)
        if pb.kind == "photo_unreadable":
            return self.tr("Fiche of {cite}: photo {file} is damaged or not an image ({error}); its frame "
                           "is left empty.").format(cite=who, file=pb.detail, error=pb.reason)
        if pb.kind == "no_geometry":
            return self.tr("Cité {cite} has no geometry: its sheet has no location map. Draw its outline "
                           "in the cite table.").format(cite=who)
        if pb.kind == "no_cite":
            return self.tr("Fiche {fiche} refers to a cité that is not in the survey (cite_uuid): the sheet "
                           "is printed without the cité's identification and map.").format(fiche=pb.fiche)
        return self.tr("Fiche of {cite}: the map could not be rendered ({error}).").format(
            cite=who, error=pb.detail)
