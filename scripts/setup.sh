#!/usr/bin/env bash
# make setup: idempotent. Installs what is missing, nothing more.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES="qgis python3-qgis qgis-providers gdal-bin python3-gdal grass-core xvfb xauth \
poppler-utils pyqt5-dev-tools qttools5-dev-tools python3-pil python3-numpy python3-shapely \
python3-requests python3-venv python3-pip fonts-dejavu-core"

missing=()
for p in $DEB_PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Virtual environment from Debian's Python (pyqgis lives there).
if [ ! -x .venv/bin/python ]; then
  /usr/bin/python3 -m venv --system-site-packages .venv
fi
stamp=".venv/.requirements-dev.sha256"
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
  echo "$want" > "$stamp"
fi

# Vendored pure-Python libraries for the plugin.
stamp="ext_libs/.requirements-ext.sha256"
want=$(sha256sum requirements-ext.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  rm -rf ext_libs
  .venv/bin/pip install -q --disable-pip-version-check --no-deps --no-compile \
    --target ext_libs -r requirements-ext.txt
  rm -rf ext_libs/bin
  echo "$want" > "$stamp"
fi

# Translations (.ts committed, .qm built).
for ts in resources/i18n/*.ts; do
  qm="${ts%.ts}.qm"
  if [ ! -f "$qm" ] || [ "$ts" -nt "$qm" ]; then
    lrelease -silent "$ts" -qm "$qm"
  fi
done

# A folder to put on QGIS_PLUGINPATH: it holds "vigie" -> the checkout.
mkdir -p .pluginpath
ln -sfn .. .pluginpath/vigie
