"""Optional third-party dependencies: find what is missing, without importing QGIS."""

import importlib
from typing import List, Sequence

# (import name, name a user installs)
PDF_DEPENDENCIES = (("reportlab", "reportlab"), ("PIL", "Pillow"))


def missing_modules(modules: Sequence[tuple] = PDF_DEPENDENCIES) -> List[str]:
    """Names (as a user installs them) of the modules that cannot be imported."""
    missing = []
    for import_name, install_name in modules:
        try:
            importlib.import_module(import_name)
        except ImportError:
            missing.append(install_name)
    return missing
