"""Collect every tr("...") string of the plugin glue into resources/i18n/vigie_<lang>.ts.

Translations come from ``resources/i18n/<lang>/*.json`` ({source: translation}, one
file per topic so parallel work never conflicts) and from the existing .ts; new
strings without a translation are added as unfinished; strings no longer in the
code are dropped. Run: ``make i18n`` after adding translations to a JSON file, and
commit the .ts. The .ts is fully derived: on a merge conflict, regenerate it.
The single translation context is "Vigie".
"""

import ast
import json
import os
import sys
import xml.etree.ElementTree as ET
from typing import Dict, List, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIP = {"ext_libs", ".venv", "tests", "scripts", "core", ".pluginpath", "docs", ".git"}
CONTEXT = "Vigie"


def collect() -> List[Tuple[str, str, int]]:
    found: List[Tuple[str, str, int]] = []
    seen = set()
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP)
        for name in sorted(filenames):
            if not name.endswith(".py"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, ROOT)
            tree = ast.parse(open(path, encoding="utf-8").read(), rel)
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                f = node.func
                fname = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
                arg = node.args[0]
                if fname == "tr" and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    if arg.value not in seen:
                        seen.add(arg.value)
                        found.append((arg.value, rel, node.lineno))
    return found


def read_ts(path: str) -> Dict[str, str]:
    if not os.path.exists(path):
        return {}
    out = {}
    for msg in ET.parse(path).getroot().iter("message"):
        src = msg.findtext("source") or ""
        tr_el = msg.find("translation")
        if tr_el is not None and (tr_el.text or "") and tr_el.get("type") != "obsolete":
            out[src] = tr_el.text or ""
        elif tr_el is not None and tr_el.text:
            out.setdefault(src, tr_el.text)
    return out


def read_json(lang: str) -> Dict[str, str]:
    folder = os.path.join(ROOT, "resources", "i18n", lang)
    out: Dict[str, str] = {}
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            if name.endswith(".json"):
                with open(os.path.join(folder, name), encoding="utf-8") as fh:
                    out.update(json.load(fh))
    return out


def write_ts(path: str, lang: str, strings: List[Tuple[str, str, int]], known: Dict[str, str]) -> int:
    root = ET.Element("TS", version="2.1", language=lang)
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    missing = 0
    for src, rel, line in strings:
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "location", filename="../../" + rel.replace(os.sep, "/"), line=str(line))
        ET.SubElement(msg, "source").text = src
        t = ET.SubElement(msg, "translation")
        if known.get(src):
            t.text = known[src]
        else:
            t.set("type", "unfinished")
            missing += 1
    ET.indent(root)
    with open(path, "wb") as fh:
        fh.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        fh.write(ET.tostring(root, encoding="utf-8"))
        fh.write(b"\n")
    return missing


def main(argv: List[str]) -> int:
    lang = argv[1] if len(argv) > 1 else "fr"
    path = os.path.join(ROOT, "resources", "i18n", "vigie_{}.ts".format(lang))
    strings = collect()
    known = read_ts(path)
    known.update(read_json(lang))
    missing = write_ts(path, lang, strings, known)
    print("{}: {} strings, {} untranslated".format(os.path.relpath(path, ROOT), len(strings), missing))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
