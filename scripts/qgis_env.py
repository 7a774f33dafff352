"""Start a headless QGIS with Processing and the Vigie provider (for scripts)."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_PATH = os.path.join(ROOT, ".pluginpath")


def start():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for p in (PLUGIN_PATH, "/usr/share/qgis/python/plugins"):
        if p not in sys.path:
            sys.path.insert(0, p)
    if not os.path.islink(os.path.join(PLUGIN_PATH, "vigie")):
        os.makedirs(PLUGIN_PATH, exist_ok=True)
        os.symlink("..", os.path.join(PLUGIN_PATH, "vigie"))
    from qgis.core import QgsApplication

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    import vigie

    plugin = vigie.classFactory(None)
    plugin.initProcessing()
    return app, plugin
