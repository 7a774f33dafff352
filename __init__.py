"""Vigie — QGIS plugin entry point. Only ``classFactory`` lives here."""

import os
import sys

_EXT_LIBS = os.path.join(os.path.dirname(__file__), "ext_libs")
if os.path.isdir(_EXT_LIBS) and _EXT_LIBS not in sys.path:
    sys.path.append(_EXT_LIBS)


def classFactory(iface):  # noqa: N802 (QGIS API name)
    """Called by QGIS (with ``iface=None`` under qgis_process)."""
    from .plugin import VigiePlugin

    return VigiePlugin(iface)
