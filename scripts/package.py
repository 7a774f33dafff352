"""make package: a plugin zip (vigie/ inside) that installs into a clean QGIS profile.

Contents: the tracked files minus those marked export-ignore in .gitattributes
(tests/, scripts/, CI files), plus the built translations (.qm) and the vendored
pure-Python libraries (ext_libs/). The version in metadata.txt is stamped with
the commit it was built from.
"""

import io
import os
import re
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def build(out_dir: str) -> str:
    os.makedirs(out_dir, exist_ok=True)
    # The working tree's tracked state (uncommitted edits included), else HEAD.
    tree = git("stash", "create") or "HEAD"
    sha = git("rev-parse", "--short", tree)
    archive = subprocess.run(
        ["git", "archive", "--format=zip", "--prefix=vigie/", tree],
        cwd=ROOT, check=True, capture_output=True,
    ).stdout
    meta = open(os.path.join(ROOT, "metadata.txt"), encoding="utf-8").read()
    version = re.search(r"^version=(.+)$", meta, re.M).group(1).strip()
    version = os.environ.get("VIGIE_VERSION", version)
    zip_path = os.path.join(out_dir, "vigie-{}.zip".format(version))
    tmp_path = zip_path + ".part"
    with zipfile.ZipFile(io.BytesIO(archive)) as src, zipfile.ZipFile(
        tmp_path, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "vigie/metadata.txt":
                text = data.decode("utf-8")
                text = re.sub(r"^version=.*$", "version=" + version, text, flags=re.M)
                text += "\n; built from commit {}\n".format(sha)
                data = text.encode("utf-8")
            dst.writestr(info, data)
        for sub in ("ext_libs", os.path.join("resources", "i18n")):
            base = os.path.join(ROOT, sub)
            for dirpath, dirnames, filenames in os.walk(base):
                dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
                for name in sorted(filenames):
                    if sub.endswith("i18n") and not name.endswith(".qm"):
                        continue
                    if name.endswith(".pyc"):
                        continue
                    full = os.path.join(dirpath, name)
                    arc = "vigie/" + os.path.relpath(full, ROOT).replace(os.sep, "/")
                    info = zipfile.ZipInfo(arc, date_time=(2020, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    dst.writestr(info, open(full, "rb").read())
    os.replace(tmp_path, zip_path)
    return zip_path


if __name__ == "__main__":
    path = build(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "dist"))
    print(path)
