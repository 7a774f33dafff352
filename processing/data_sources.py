"""Glue between QGIS and core/sources.py: settings, proxy, cache folder, errors, metadata.

Settings (QgsSettings, all optional) under ``vigie/sources/``:
``datagouv_property``, ``geo2france_wfs``, ``geopf_wms``, ``geopf_wfs``, ``geopf_altimetry``
(base URLs), ``cache_dir``, ``timeout`` (seconds), ``retries``. Environment variables
override them (``VIGIE_SOURCE_<KEY>``, ``VIGIE_CACHE_DIR``, ``VIGIE_RETRIES``,
``VIGIE_BACKOFF``) so tests point Vigie at a local server.
"""

import os
import re
from typing import Dict, List, Optional
from urllib.parse import urlsplit

from qgis.core import (
    QgsAbstractMetadataBase,
    QgsApplication,
    QgsLayerMetadata,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsSettings,
)

from ..core import sources
from ..i18n import tr

SETTINGS_PREFIX = "vigie/sources/"
_KEEP: List[QgsProcessingLayerPostProcessorInterface] = []


def source_urls() -> Dict[str, str]:
    s = QgsSettings()
    configured = {k: str(s.value(SETTINGS_PREFIX + k, "") or "") for k in sources.DEFAULT_URLS}
    return sources.resolve_urls(configured)


def cache_dir() -> str:
    env = os.environ.get("VIGIE_CACHE_DIR")
    if env:
        return env
    configured = str(QgsSettings().value(SETTINGS_PREFIX + "cache_dir", "") or "")
    if configured:
        return configured
    return os.path.join(QgsApplication.qgisSettingsDirPath(), "cache", "vigie_sources")


def qgis_proxies() -> Optional[Dict[str, str]]:
    """QGIS's proxy settings (Settings ▸ Options ▸ Network) as a requests proxies dict.

    None when no proxy is set, or when QGIS is told to use the system proxy (requests
    then reads the system's environment variables itself).
    """
    s = QgsSettings()
    enabled = str(s.value("proxy/proxyEnabled", False)).lower() in ("true", "1")
    if not enabled:
        return None
    ptype = str(s.value("proxy/proxyType", "HttpProxy") or "HttpProxy")
    host = str(s.value("proxy/proxyHost", "") or "")
    if ptype == "DefaultProxy" or not host:
        return None
    port = str(s.value("proxy/proxyPort", "") or "")
    user = str(s.value("proxy/proxyUser", "") or "")
    password = str(s.value("proxy/proxyPassword", "") or "")
    scheme = "socks5h" if ptype.startswith("Socks5") else "http"
    auth = ""
    if user:
        from urllib.parse import quote

        auth = quote(user, safe="") + (":" + quote(password, safe="") if password else "") + "@"
    url = "{}://{}{}{}".format(scheme, auth, host, ":" + port if port else "")
    proxies = {"http": url, "https": url}
    excluded = s.value("proxy/proxyExcludedUrls", "") or ""
    if isinstance(excluded, str):
        excluded = [e for e in excluded.split("|") if e]
    hosts = [urlsplit(e).hostname or e for e in excluded]
    if hosts:
        proxies["no_proxy"] = ",".join(h for h in hosts if h)
    return proxies


def make_client(feedback) -> sources.Client:
    s = QgsSettings()
    opts = sources.TransferOptions()
    try:
        opts.timeout_read = float(s.value(SETTINGS_PREFIX + "timeout", opts.timeout_read))
        opts.retries = int(os.environ.get("VIGIE_RETRIES") or s.value(SETTINGS_PREFIX + "retries", opts.retries))
        opts.backoff = float(os.environ.get("VIGIE_BACKOFF") or opts.backoff)
    except (TypeError, ValueError):
        pass

    def log(message: str) -> None:
        m = re.match(r"^(.*): (.*), retrying in ([0-9.]+) s$", message)
        if m:
            feedback.pushInfo(tr("{url}: {reason}; new attempt in {s} s").format(
                url=m.group(1), reason=m.group(2), s=m.group(3)))
            return
        m = re.match(r"^(\S+) -> (\S+)$", message)
        if m:
            feedback.pushInfo(tr("{url} redirects to {target}").format(url=m.group(1), target=m.group(2)))
            return
        feedback.pushInfo(tr("Transfer: {detail}").format(detail=message))

    return sources.Client(cache_dir(), proxies=qgis_proxies(), options=opts,
                          is_canceled=feedback.isCanceled, log=log)


def detail_text(err: sources.SourceError) -> str:
    """What went wrong, translated when core gave a known code (else core's English text)."""
    p = dict(err.details)
    code = p.get("code", "")
    templates = {
        "http": tr("HTTP error {status} ({text})"),
        "exception": tr("the service answered with an error report: {text}"),
        "short_body": tr("the connection was cut after {got} of {want} bytes"),
        "bad_tile": tr("a terrain tile has {got} bytes instead of {want}"),
        "not_zip": tr("the answer is not a zip archive"),
        "bad_zip": tr("the zip archive is damaged ({text})"),
        "no_shapefile": tr("the archive holds no shapefile"),
        "not_xml": tr("the answer is not a valid XML capabilities document ({text})"),
        "not_json": tr("the answer is not valid JSON ({text})"),
        "connection": tr("the connection failed ({text})"),
        "layer_missing": tr("the layer {layer} is not in the service's capabilities"),
        "crs_missing": tr("the layer {layer} is not offered in Lambert-93 (EPSG:2154)"),
        "no_float_format": tr("the service offers no 32-bit float image format (only {formats})"),
        "typename_missing": tr("the feature type {typename} is not in the service's capabilities"),
    }
    try:
        text = templates[code].format(**p) if code in templates else err.message
    except (KeyError, IndexError):
        text = err.message
    if p.get("attempts"):
        text = tr("{detail}, still after {n} attempts").format(detail=text, n=p["attempts"])
    return text


DEFAULT_CACHE_MAX_MB = 2048


def cache_max_mb() -> float:
    try:
        return float(os.environ.get("VIGIE_CACHE_MAX_MB")
                     or QgsSettings().value(SETTINGS_PREFIX + "cache_max_mb", DEFAULT_CACHE_MAX_MB))
    except (TypeError, ValueError):
        return float(DEFAULT_CACHE_MAX_MB)


def close_client(client: sources.Client, feedback) -> None:
    """Close the session and keep the cache under its size limit (this run's entries stay)."""
    limit = cache_max_mb()
    removed, freed = client.close(int(limit * 1e6))
    if removed:
        feedback.pushInfo(tr("Download cache over {limit:g} MB: {n} older downloads removed ({mb:.1f} MB).").format(
            limit=limit, n=removed, mb=freed / 1e6))


def error_message(err: sources.SourceError) -> str:
    """A translated message saying what went wrong and what to do."""
    host = urlsplit(err.url).hostname or err.url or "?"
    if isinstance(err, sources.CanceledError):
        return tr("Canceled: no output was written.")
    folder = cache_dir()
    n, size = sources.cache_summary(folder)
    if isinstance(err, sources.OfflineError):
        return tr(
            "Cannot reach {host} ({reason}). The computer seems to be offline, or a proxy or a firewall "
            "blocks the connection. Check the network connection and the proxy settings (Settings ▸ "
            "Options ▸ Network), then run the algorithm again. The download cache ({cache}) holds {n} "
            "earlier downloads ({size:.1f} MB): areas already downloaded are read from it without a "
            "connection."
        ).format(host=host, reason=err.message, cache=folder, n=n, size=size / 1e6)
    if err.details.get("tls"):
        return tr(
            "The secure connection to {host} could not be verified ({detail}). Vigie never downloads "
            "without checking the certificate: if your organisation's proxy inspects HTTPS traffic, "
            "install its certificate authority on this computer, then try again."
        ).format(host=host, detail=err.message)
    if "cells" in err.details:
        return tr(
            "The area needs {cells} terrain cells, more than the {limit} Vigie downloads at once. "
            "Choose a smaller area or a coarser resolution."
        ).format(cells=err.details["cells"], limit=err.details["limit"])
    return tr(
        "The service {host} did not give usable data: {detail}. Nothing was written and the cache "
        "was not changed. Try again later; if it persists, check the service address in the "
        "settings (vigie/sources/…) or the service's status page."
    ).format(host=host, detail=detail_text(err))


def raise_for(err: sources.SourceError) -> None:
    raise QgsProcessingException(error_message(err))


def qgis_metadata(provs: List[sources.Provenance], title: str) -> QgsLayerMetadata:
    md = QgsLayerMetadata()
    md.setTitle(title)
    md.setAbstract("\n".join(p.title for p in provs))
    md.setRights([p.attribution for p in provs])
    md.setLicenses(sorted({p.licence for p in provs}))
    md.setCrs(md.crs())
    for p in provs:
        link = QgsAbstractMetadataBase.Link(p.title, "WWW:LINK", p.url)
        md.addLink(link)
    md.setHistory([tr("Downloaded by Vigie on {date} from {url}").format(date=p.date, url=p.url) for p in provs])
    md.setKeywords({"vigie": ["Vigie"] + [p.source for p in provs]})
    return md


def save_metadata(uri: str, provider: str, provs: List[sources.Provenance], title: str) -> None:
    """Store QGIS layer metadata with the file (.qmd next to a GeoTIFF; in a GeoPackage)."""
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    layer = QgsRasterLayer(uri, title, "gdal") if provider == "gdal" else QgsVectorLayer(uri, title, "ogr")
    if not layer.isValid():
        return
    layer.setMetadata(qgis_metadata(provs, title))
    layer.saveDefaultMetadata()


class _MetadataPostProcessor(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, provs: List[sources.Provenance], title: str, qml: str = "") -> None:
        super().__init__()
        self.provs = provs
        self.title = title
        self.qml = qml

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 - QGIS API
        if layer is not None and layer.isValid():
            layer.setMetadata(qgis_metadata(self.provs, self.title))
            if self.qml:
                from .styles import style_path

                layer.loadNamedStyle(style_path(self.qml))
            layer.triggerRepaint()


def metadata_on_load(context, dest_id: str, provs: List[sources.Provenance], title: str) -> None:
    """Give an output Processing loads itself (a destination parameter) its provenance metadata."""
    if context.willLoadLayerOnCompletion(dest_id):
        proc = _MetadataPostProcessor(provs, title)
        _KEEP.append(proc)
        del _KEEP[:-40]
        context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(proc)


def load_on_completion(context, uri: str, name: str, provider: str, provs: List[sources.Provenance],
                       layer_type=None) -> None:
    """Add a layer of a written file to the project when the algorithm ends, with its metadata."""
    from qgis.core import QgsProcessingContext, QgsProcessingUtils, QgsProject

    if layer_type is None:
        layer_type = QgsProcessingUtils.LayerHint.Vector if provider == "ogr" else QgsProcessingUtils.LayerHint.Raster
    details = QgsProcessingContext.LayerDetails(name, context.project() or QgsProject.instance(), name, layer_type)
    proc = _MetadataPostProcessor(provs, name)
    _KEEP.append(proc)
    del _KEEP[:-40]
    details.setPostProcessor(proc)
    context.addLayerToLoadOnCompletion(uri, details)


def extent_2154(alg, parameters, name: str, context):
    """The extent parameter in Lambert-93 as a plain tuple, with clear errors."""
    from qgis.core import QgsCoordinateReferenceSystem

    crs = QgsCoordinateReferenceSystem("EPSG:2154")
    rect = alg.parameterAsExtent(parameters, name, context, crs)
    if rect is None or rect.isEmpty() or rect.width() <= 0 or rect.height() <= 0:
        raise QgsProcessingException(tr("The extent is empty: draw an area or choose a layer's extent."))
    ext = (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())
    # Lambert-93 covers metropolitan France: a rough sanity check of the transformed extent.
    if ext[0] < -400000 or ext[2] > 1400000 or ext[1] < 5900000 or ext[3] > 7300000:
        raise QgsProcessingException(
            tr("The extent ({xmin:.0f}, {ymin:.0f} – {xmax:.0f}, {ymax:.0f} in EPSG:2154) is outside metropolitan "
               "France, where the IGN services have data. Check the extent and its coordinate system.").format(
                xmin=ext[0], ymin=ext[1], xmax=ext[2], ymax=ext[3]))
    return ext
