"""Set translations in resources/i18n/vigie_<lang>.ts from a JSON file {source: translation}.

Usage: python3 scripts/set_translations.py fr translations.json
Unknown sources are reported; run scripts/update_ts.py first to add new strings.
"""

import json
import os
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(lang: str, json_path: str) -> int:
    path = os.path.join(ROOT, "resources", "i18n", "vigie_{}.ts".format(lang))
    tree = ET.parse(path)
    wanted = json.load(open(json_path, encoding="utf-8"))
    done = set()
    for msg in tree.getroot().iter("message"):
        src = msg.findtext("source")
        if src in wanted:
            t = msg.find("translation")
            t.text = wanted[src]
            t.attrib.pop("type", None)
            done.add(src)
    ET.indent(tree.getroot())
    with open(path, "wb") as fh:
        fh.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        fh.write(ET.tostring(tree.getroot(), encoding="utf-8"))
        fh.write(b"\n")
    for src in set(wanted) - done:
        print("not in the .ts:", src)
    left = [m.findtext("source") for m in tree.getroot().iter("message")
            if m.find("translation").get("type") == "unfinished"]
    for src in left:
        print("untranslated:", src)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
