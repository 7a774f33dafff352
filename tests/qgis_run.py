"""Helpers to run the real QGIS programs (qgis_process.bin, the desktop under Xvfb)."""

import json
import os
import subprocess
import textwrap
from typing import Dict, List, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_PATH = os.path.join(ROOT, ".pluginpath")


def clean_env(home: str, plugin_path: Optional[str] = PLUGIN_PATH) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QGIS")}
    env["HOME"] = home
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_RUNTIME_DIR"] = home
    if plugin_path:
        env["QGIS_PLUGINPATH"] = plugin_path
    return env


def qgis_process(args: List[str], home: str, plugin_path: Optional[str] = PLUGIN_PATH, timeout: int = 600):
    return subprocess.run(
        ["qgis_process.bin", *args],
        env=clean_env(home, plugin_path),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_desktop(profiles: str, script_body: str, result_path: str, plugin_path: Optional[str] = PLUGIN_PATH,
                timeout: int = 180, locale: Optional[str] = None) -> dict:
    """Run QGIS desktop under Xvfb with vigie enabled; ``script_body`` runs 3 s after start.

    The body may use ``iface``, ``result`` (a dict written as JSON to
    ``result_path``) and must not call exit itself.
    """
    ini_dir = os.path.join(profiles, "profiles", "default", "QGIS")
    os.makedirs(ini_dir, exist_ok=True)
    lines = ["[PythonPlugins]", "vigie=true", ""]
    if locale:
        lines += ["[locale]", "overrideFlag=true", "userLocale=" + locale, "globalLocale=" + locale, ""]
    with open(os.path.join(ini_dir, "QGIS3.ini"), "w") as fh:
        fh.write("\n".join(lines))
    script = os.path.join(profiles, "startup_script.py")
    with open(script, "w") as fh:
        fh.write(
            "import json, traceback\n"
            "from qgis.PyQt.QtCore import QTimer\n"
            "from qgis.PyQt.QtWidgets import QApplication\n"
            "from qgis.utils import iface\n"
            "def _vigie_test():\n"
            "    result = {}\n"
            "    try:\n" + textwrap.indent(textwrap.dedent(script_body), " " * 8) + "\n"
            "    except Exception:\n"
            "        result['error'] = traceback.format_exc()\n"
            "    with open(%r, 'w') as fh:\n"
            "        json.dump(result, fh)\n"
            "    QApplication.instance().exit(0)\n"
            "QTimer.singleShot(3000, _vigie_test)\n" % result_path
        )
    env = clean_env(profiles, plugin_path)
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--nologo", "--noversioncheck",
         "--profiles-path", profiles, "--code", script],
        env=env, capture_output=True, text=True, timeout=timeout,
    )
    if not os.path.exists(result_path):
        raise AssertionError("QGIS desktop wrote no result (rc={}):\n{}\n{}".format(
            proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:]))
    with open(result_path) as fh:
        return json.load(fh)
