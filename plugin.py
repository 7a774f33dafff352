"""The Vigie plugin class: menu, toolbar, Processing provider, translation.

Works with ``iface=None`` (qgis_process calls ``classFactory(None)`` then
``initProcessing()``). ``unload()`` undoes exactly what the init methods did.
"""

from typing import List, Optional

from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QAction, QMenu

from .i18n import load_translator, tr, unload_translator
from .processing.base import icon

MENU_OBJECT_NAME = "VigieMenu"
TOOLBAR_OBJECT_NAME = "VigieToolbar"


def menu_entries() -> List[tuple]:
    """(algorithm id, label, icon file, on toolbar) of the menu, in order."""
    return [
        ("vigie:ztv", tr("Zone of theoretical visibility (ZTV)…"), "ztv.svg", True),
        ("vigie:viewshed", tr("Viewshed from viewpoints…"), "viewshed.svg", True),
        ("vigie:createsurvey", tr("Create a field survey of cités…"), "survey.svg", True),
        ("vigie:checksurvey", tr("Check a field survey…"), "check.svg", False),
        ("vigie:mergesurveys", tr("Merge the tablets' surveys…"), "merge.svg", False),
        ("vigie:intervisibility", tr("Intervisibility network between elements…"), "intervisibility.svg", False),
        ("vigie:sightlines", tr("Lines of sight with profiles…"), "sightlines.svg", False),
        ("vigie:viewpointpanorama", tr("Panorama from a viewpoint…"), "panorama.svg", False),
        ("vigie:projectimpact", tr("Impact of proposed projects…"), "impact.svg", True),
        ("vigie:samplelandscape", tr("Sample mining landscape…"), "vigie.svg", False),
        ("vigie:exportfiches", tr("Export fiches as PDF sheets…"), "fiches_pdf.svg", True),
    ]


def dialog_entries() -> List[tuple]:
    """(object name, label, icon file, module under ui/ with open_dialog(iface)) of the menu."""
    return [
        ("vigie_download_data", tr("Download data for an area…"), "download.svg", "download_dialog"),
    ]


class VigiePlugin:
    def __init__(self, iface) -> None:
        self.iface = iface
        self.provider = None
        self.translator = load_translator()
        self.menu: Optional[QMenu] = None
        self.toolbar = None
        self.actions: List[QAction] = []

    # -- Processing ---------------------------------------------------------
    def initProcessing(self) -> None:  # noqa: N802 - QGIS API
        if self.provider is not None:
            return
        from .processing.provider import VigieProvider

        self.provider = VigieProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    # -- GUI ----------------------------------------------------------------
    def initGui(self) -> None:  # noqa: N802 - QGIS API
        self.initProcessing()
        if self.iface is None:
            return
        main = self.iface.mainWindow()
        self.menu = QMenu(tr("&Vigie"), main.menuBar())
        self.menu.setObjectName(MENU_OBJECT_NAME)
        main.menuBar().insertMenu(self.iface.firstRightStandardMenu().menuAction(), self.menu)
        self.toolbar = self.iface.addToolBar(tr("Vigie"))
        self.toolbar.setObjectName(TOOLBAR_OBJECT_NAME)
        registry = QgsApplication.processingRegistry()
        for alg_id, label, icon_file, on_toolbar in menu_entries():
            if registry.algorithmById(alg_id) is None:
                continue
            action = QAction(icon(icon_file), label, main)
            action.setObjectName("vigie_" + alg_id.split(":")[1])
            action.triggered.connect(lambda _checked=False, a=alg_id: self.open_algorithm(a))
            self.menu.addAction(action)
            if on_toolbar:
                self.toolbar.addAction(action)
            self.actions.append(action)
        from .ui.whatcanbeseen import LookController

        self.look = LookController(self.iface, self.menu, self.toolbar, icon("whatcanbeseen.svg"))
        for object_name, label, icon_file, module in dialog_entries():
            action = QAction(icon(icon_file), label, main)
            action.setObjectName(object_name)
            action.triggered.connect(lambda _checked=False, m=module: self.open_dialog(m))
            self.menu.addAction(action)
            self.actions.append(action)
        from .ui.fiche_action import FicheActions

        self.fiche_actions = FicheActions(self.iface)  # "Export the fiche as PDF" on fiche layers
        self.fiche_actions.start()

    def open_dialog(self, module: str) -> None:
        import importlib

        mod = importlib.import_module("{}.ui.{}".format(__package__, module))
        self.dialogs = getattr(self, "dialogs", {})
        self.dialogs[module] = mod.open_dialog(self.iface)

    def open_algorithm(self, alg_id: str) -> None:
        import processing  # QGIS's Processing plugin, loaded in the desktop

        processing.execAlgorithmDialog(alg_id)

    def unload(self) -> None:
        if getattr(self, "fiche_actions", None) is not None:
            self.fiche_actions.stop()
            self.fiche_actions = None
        if getattr(self, "look", None) is not None:
            self.look.unload()
            self.look = None
        for dialog in getattr(self, "dialogs", {}).values():
            dialog.close()
            dialog.deleteLater()
        self.dialogs = {}
        for action in self.actions:
            if self.menu is not None:
                self.menu.removeAction(action)
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            action.deleteLater()
        self.actions = []
        if self.menu is not None:
            if self.iface is not None:
                self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.toolbar is not None:
            if self.iface is not None:
                self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        unload_translator(self.translator)
        self.translator = None
