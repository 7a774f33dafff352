"""Translation helpers shared by the plugin glue (plugin.py, processing/, ui/).

Every user-visible string goes through :func:`tr` with the single context
``Vigie``; ``scripts/update_ts.py`` collects them into ``resources/i18n/vigie_fr.ts``.
Translate first, then format: ``tr("{n} elements").format(n=3)``.
"""

import os
from typing import Optional

from qgis.PyQt.QtCore import QCoreApplication, QTranslator

CONTEXT = "Vigie"
I18N_DIR = os.path.join(os.path.dirname(__file__), "resources", "i18n")


def tr(text: str) -> str:
    """Translate ``text`` in the Vigie context."""
    return QCoreApplication.translate(CONTEXT, text)


def qgis_language() -> str:
    """Two-letter language QGIS runs in ("fr", "en", ...)."""
    try:
        from qgis.core import QgsApplication

        loc = QgsApplication.locale() or ""
    except Exception:  # pragma: no cover - outside QGIS
        loc = ""
    if not loc:
        from qgis.PyQt.QtCore import QLocale

        loc = QLocale.system().name()
    return loc[:2].lower()


def qm_path(language: str) -> str:
    return os.path.join(I18N_DIR, "vigie_{}.qm".format(language))


def load_translator(language: Optional[str] = None) -> Optional[QTranslator]:
    """Install the translator for ``language`` (default: QGIS's) and return it.

    Returns None when no translation exists for that language (English stays).
    The caller keeps the reference and removes it on unload.
    """
    lang = language or qgis_language()
    path = qm_path(lang)
    if not os.path.exists(path):
        return None
    translator = QTranslator()
    if not translator.load(path):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def unload_translator(translator: Optional[QTranslator]) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
