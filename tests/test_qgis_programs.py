"""The real QGIS programs: qgis_process with the checkout on QGIS_PLUGINPATH,
the desktop under Xvfb, and the plugin zip installed into a clean profile."""

import os
import subprocess
import sys
import zipfile

from conftest import ROOT
from qgis_run import qgis_process, run_desktop


def test_qgis_process_lists_and_runs_vigie(tmp_path):
    home = str(tmp_path / "home")
    os.makedirs(home)
    enable = qgis_process(["plugins", "enable", "vigie"], home)
    assert enable.returncode == 0, enable.stderr
    listing = qgis_process(["list"], home)
    assert listing.returncode == 0, listing.stderr
    assert "vigie:samplelandscape" in listing.stdout
    out = str(tmp_path / "sample")
    run = qgis_process(["run", "vigie:samplelandscape", "--", "SMALL=true", "OUTPUT_FOLDER=" + out], home)
    assert run.returncode == 0, run.stdout + run.stderr
    assert os.path.exists(os.path.join(out, "dem.tif"))
    assert os.path.exists(os.path.join(out, "landscape.gpkg"))


def test_desktop_has_vigie_menu_and_toolbar(tmp_path, out_dir):
    shot = os.path.join(out_dir, "qgis_main_window.png")
    body = """
from qgis.PyQt.QtWidgets import QMenu, QToolBar
from qgis.core import QgsApplication
import qgis.utils
mw = iface.mainWindow()
menu = mw.findChild(QMenu, 'VigieMenu')
result['menu'] = menu.title() if menu else None
result['menu_actions'] = [a.text() for a in menu.actions()] if menu else []
bar = mw.findChild(QToolBar, 'VigieToolbar')
result['toolbar'] = bar is not None and bar.isVisible()
result['provider'] = QgsApplication.processingRegistry().providerById('vigie') is not None
result['loaded'] = 'vigie' in qgis.utils.active_plugins
menu.menuAction().hover() if menu else None
mw.grab().save(%r)
# unload and load again in the same session
qgis.utils.unloadPlugin('vigie')
result['after_unload_menu'] = mw.findChild(QMenu, 'VigieMenu') is not None and mw.findChild(QMenu, 'VigieMenu').menuAction() in mw.menuBar().actions()
result['after_unload_provider'] = QgsApplication.processingRegistry().providerById('vigie') is not None
qgis.utils.loadPlugin('vigie'); qgis.utils.startPlugin('vigie')
result['reloaded_provider'] = QgsApplication.processingRegistry().providerById('vigie') is not None
menus = [m for m in mw.findChildren(QMenu, 'VigieMenu') if m.menuAction() in mw.menuBar().actions()]
result['reloaded_menus'] = len(menus)
""" % shot
    result = run_desktop(str(tmp_path / "profiles"), body, str(tmp_path / "result.json"))
    assert "error" not in result, result.get("error")
    assert result["loaded"] and result["provider"]
    assert result["menu"] == "&Vigie"
    assert any("Sample mining landscape" in a for a in result["menu_actions"])
    assert result["toolbar"]
    assert not result["after_unload_provider"] and not result["after_unload_menu"]
    assert result["reloaded_provider"] and result["reloaded_menus"] == 1
    assert os.path.getsize(shot) > 10000


def test_desktop_in_french(tmp_path, out_dir):
    shot = os.path.join(out_dir, "ztv_dialog_fr.png")
    body = """
from qgis.PyQt.QtWidgets import QMenu, QApplication
from qgis.core import QgsApplication
import processing
menu = iface.mainWindow().findChild(QMenu, 'VigieMenu')
result['actions'] = [a.text() for a in menu.actions()]
alg = QgsApplication.processingRegistry().algorithmById('vigie:samplelandscape')
result['group'] = alg.group()
dlg = processing.createAlgorithmDialog('vigie:ztv')
dlg.resize(1100, 800)
dlg.show()
for _ in range(20):
    QApplication.processEvents()
result['title'] = dlg.windowTitle()
dlg.grab().save(%r)
dlg.close()
""" % shot
    result = run_desktop(str(tmp_path / "profiles"), body, str(tmp_path / "result.json"), locale="fr")
    assert "error" not in result, result.get("error")
    assert result["group"] == "Données"
    assert any("Paysage minier d'exemple" in a for a in result["actions"])
    assert any("Zone de visibilité théorique" in a for a in result["actions"])
    assert "Zone de visibilité théorique" in result["title"]
    assert os.path.getsize(shot) > 10000


def test_package_installs_into_clean_profile(tmp_path):
    dist = str(tmp_path / "dist")
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "package.py"), dist],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    zip_path = proc.stdout.strip().splitlines()[-1]
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        assert all(n.startswith("vigie/") for n in names)
        assert "vigie/metadata.txt" in names and "vigie/__init__.py" in names
        assert "vigie/resources/i18n/vigie_fr.qm" in names
        assert any(n.startswith("vigie/ext_libs/reportlab/") for n in names)
        assert not any(n.startswith(("vigie/tests/", "vigie/scripts/", "vigie/.ci/")) for n in names)
        meta = zf.read("vigie/metadata.txt").decode("utf-8")
        assert "built from commit" in meta
        home = str(tmp_path / "home")
        plugins = os.path.join(home, ".local", "share", "QGIS", "QGIS3", "profiles", "default", "python", "plugins")
        os.makedirs(plugins)
        zf.extractall(plugins)
    enable = qgis_process(["plugins", "enable", "vigie"], home, plugin_path=None)
    assert enable.returncode == 0, enable.stderr
    listing = qgis_process(["list"], home, plugin_path=None)
    assert "vigie:samplelandscape" in listing.stdout, listing.stdout[-2000:] + listing.stderr
    # the vendored reportlab is found from the installed plugin (no system reportlab here)
    check = subprocess.run(
        ["/usr/bin/python3", "-c",
         "import sys; sys.path.insert(0, %r); import vigie, reportlab; print(reportlab.__file__)" % plugins],
        capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip().startswith(os.path.join(plugins, "vigie", "ext_libs"))
