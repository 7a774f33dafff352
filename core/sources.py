"""Open data sources of Vigie: download, cache and provenance (pure Python, no QGIS).

Three jobs, each writing one file in Lambert-93 (EPSG:2154):

* :func:`download_property` — the UNESCO property's layers (data.gouv.fr zip of
  Lambert-93 shapefiles and/or the Mission Bassin Minier layers of the Géo2France WFS)
  into one GeoPackage with normalised layer and field names, plus an ``elements``
  layer holding the 353 inscribed elements by their UNESCO id;
* :func:`download_terrain` — IGN's RGE ALTI from the Géoplateforme raster WMS, fetched
  as 32-bit float BIL tiles within the service's limits and mosaicked to a GeoTIFF;
* :func:`download_buildings` — IGN's BD TOPO ``batiment`` (``hauteur``,
  ``nombre_d_etages``) from the Géoplateforme WFS, paged GeoJSON, into a GeoPackage.

Transfers go through :class:`Client`: timeouts, retries with back-off on 429
(``Retry-After``) / 5xx / dropped connections, a disk cache keyed by the request whose
entries are checked (size + sha256) before use and written only after the content
was validated (a broken download never enters the cache), cancel checks between
chunks, proxies given as a plain ``requests`` dict, TLS always verified.

Every output records its provenance (source URL, date, licence, attribution) in its
GDAL metadata; :func:`read_provenance` and :func:`credit_lines` give it back to any
other code (PDF credits, layer metadata).
"""

import datetime
import email.utils
import hashlib
import json
import math
import os
import re
import shutil
import tempfile
import time
import unicodedata
import uuid
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
import requests
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

EPSG = 2154
Extent = Tuple[float, float, float, float]  # xmin, ymin, xmax, ymax in EPSG:2154

# ------------------------------------------------------------------------------------
# Source registry: default URLs (overridable), licences and attributions
# ------------------------------------------------------------------------------------

DEFAULT_URLS: Dict[str, str] = {
    "datagouv_property": "https://www.data.gouv.fr/fr/datasets/r/7bea0497-889d-410c-8de9-144f4159ae8e",
    "geo2france_wfs": "https://www.geo2france.fr/geoserver/mission_bassin_minier/ows",
    "geopf_wms": "https://data.geopf.fr/wms-r/wms",
    "geopf_wfs": "https://data.geopf.fr/wfs/ows",
    "geopf_altimetry": "https://data.geopf.fr/altimetrie/1.0/calcul/alti/rest/elevation.json",
}
# Environment variables that override a URL (tests point them at a local server).
ENV_PREFIX = "VIGIE_SOURCE_"


def env_var(key: str) -> str:
    return ENV_PREFIX + key.upper()


def resolve_urls(settings: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """The base URLs: environment variable > given settings > default."""
    out = dict(DEFAULT_URLS)
    for k, v in (settings or {}).items():
        if v:
            out[k] = v
    for k in DEFAULT_URLS:
        v = os.environ.get(env_var(k))
        if v:
            out[k] = v
    return out


LICENCE_OUVERTE = "Licence Ouverte / Open Licence 2.0 (Etalab)"
SOURCES: Dict[str, Dict[str, str]] = {
    "datagouv_property": {
        "title": "Périmètre bien inscrit et zone tampon du Bassin minier – Patrimoine mondial UNESCO "
                 "(shapefiles « UNESCO - L93 2018 »)",
        "licence": LICENCE_OUVERTE,
        "attribution": "Mission Bassin Minier Nord-Pas de Calais, via data.gouv.fr",
    },
    "geo2france_wfs": {
        "title": "Couches de la Mission Bassin Minier (WFS Géo2France, espace mission_bassin_minier)",
        "licence": LICENCE_OUVERTE,
        "attribution": "Mission Bassin Minier Nord-Pas de Calais, via Géo2France",
    },
    "geopf_wms": {
        "title": "RGE ALTI® (ELEVATION.ELEVATIONGRIDCOVERAGE.HIGHRES), Géoplateforme WMS-R",
        "licence": LICENCE_OUVERTE,
        "attribution": "© IGN – RGE ALTI®, Géoplateforme",
    },
    "geopf_wfs": {
        "title": "BD TOPO® V3 – bâtiments (BDTOPO_V3:batiment), Géoplateforme WFS",
        "licence": LICENCE_OUVERTE,
        "attribution": "© IGN – BD TOPO®, Géoplateforme",
    },
}

TERRAIN_LAYER = "ELEVATION.ELEVATIONGRIDCOVERAGE.HIGHRES"
BUILDINGS_TYPENAME = "BDTOPO_V3:batiment"
ALTI_RESOURCE = "ign_rge_alti_wld"
TERRAIN_NODATA = -99999.0
TERRAIN_RESOLUTIONS = (1.0, 5.0, 25.0)
MAX_TILE_PIXELS = 2048        # never more than this per side, whatever the capabilities say
MAX_TERRAIN_CELLS = 400_000_000
DEFAULT_PAGE_SIZE = 1000

# ------------------------------------------------------------------------------------
# Errors
# ------------------------------------------------------------------------------------


class SourceError(Exception):
    """A download failed. ``kind`` tells the glue which translated message to show."""

    kind = "error"

    def __init__(self, message: str, url: str = "", **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.url = url
        self.details = details


class OfflineError(SourceError):
    """No answer at all from the server (no network, DNS failure, proxy, firewall)."""

    kind = "offline"


class ServiceError(SourceError):
    """The server answered, but not with usable data (HTTP error, exception report, bad content)."""

    kind = "service"


class CanceledError(SourceError):
    kind = "canceled"


class InvalidContent(Exception):
    """Raised by a validator: the body is not what was asked for. ``retry`` if it may be transient."""

    def __init__(self, message: str, retry: bool = True, code: str = "", **params: Any) -> None:
        super().__init__(message)
        self.retry = retry
        self.code = code
        self.params = params


# ------------------------------------------------------------------------------------
# Disk cache
# ------------------------------------------------------------------------------------


def request_key(url: str, params: Optional[Dict[str, Any]] = None) -> str:
    """Cache key of a GET request: sha256 of the URL and its sorted parameters."""
    items = sorted((str(k).upper(), str(v)) for k, v in (params or {}).items())
    text = url + "?" + "&".join("{}={}".format(k, v) for k, v in items)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Cache:
    """Files keyed by request, each with a JSON record (url, size, sha256, date).

    An entry is used only if its file still has the recorded size and sha256; a bad
    entry is deleted and fetched again. Entries are written by rename, after the body
    was validated, so an interrupted or invalid download never becomes an entry.
    """

    def __init__(self, root: str) -> None:
        self.root = root
        os.makedirs(root, exist_ok=True)

    def _paths(self, key: str) -> Tuple[str, str]:
        return os.path.join(self.root, key + ".bin"), os.path.join(self.root, key + ".json")

    def get(self, key: str, max_age_s: Optional[float] = None) -> Optional[str]:
        body, rec = self._paths(key)
        if not (os.path.exists(body) and os.path.exists(rec)):
            return None
        try:
            with open(rec, encoding="utf-8") as fh:
                meta = json.load(fh)
            ok = os.path.getsize(body) == meta["size"] and _sha256_file(body) == meta["sha256"]
        except (OSError, ValueError, KeyError):
            ok = False
        if not ok:
            self.drop(key)
            return None
        if max_age_s is not None and time.time() - float(meta.get("time", 0)) > max_age_s:
            return None
        return body

    def record(self, key: str) -> Dict[str, Any]:
        with open(self._paths(key)[1], encoding="utf-8") as fh:
            return json.load(fh)

    def new_part(self) -> str:
        return os.path.join(self.root, "{}.part".format(uuid.uuid4().hex))

    def put(self, key: str, part: str, url: str, params: Dict[str, Any], content_type: str) -> str:
        body, rec = self._paths(key)
        meta = {"url": url, "params": {str(k): str(v) for k, v in params.items()},
                "size": os.path.getsize(part), "sha256": _sha256_file(part),
                "content_type": content_type, "time": time.time(),
                "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
        tmp_rec = rec + ".part"
        with open(tmp_rec, "w", encoding="utf-8") as fh:
            json.dump(meta, fh)
        os.replace(part, body)
        os.replace(tmp_rec, rec)
        return body

    def drop(self, key: str) -> None:
        for p in self._paths(key):
            try:
                os.remove(p)
            except OSError:
                pass

    def summary(self) -> Tuple[int, int]:
        """(number of entries, total bytes)."""
        n = size = 0
        try:
            names = os.listdir(self.root)
        except OSError:
            return 0, 0
        for name in names:
            if name.endswith(".bin"):
                n += 1
                try:
                    size += os.path.getsize(os.path.join(self.root, name))
                except OSError:
                    pass
        return n, size

    def prune(self, max_bytes: int, keep: Iterable[str] = ()) -> Tuple[int, int]:
        """Delete the least recently used entries until the cache holds at most ``max_bytes``
        (entries in ``keep`` — the current run's — are never deleted). Returns (entries, bytes) removed."""
        keep = set(keep)
        entries = []
        total = 0
        for name in os.listdir(self.root):
            if not name.endswith(".bin"):
                continue
            path = os.path.join(self.root, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            total += st.st_size
            entries.append((st.st_atime, name[:-4], st.st_size))
        removed = freed = 0
        for _atime, key, size in sorted(entries):
            if total <= max_bytes:
                break
            if key in keep:
                continue
            self.drop(key)
            total -= size
            removed += 1
            freed += size
        return removed, freed

    def touch(self, key: str) -> None:
        try:
            os.utime(self._paths(key)[0])
        except OSError:
            pass

    def clean_parts(self, older_than_s: float = 3600.0) -> None:
        """Remove partial files left by interrupted runs (old ones only: another QGIS may be
        downloading into the same cache right now)."""
        now = time.time()
        for name in os.listdir(self.root):
            if name.endswith(".part"):
                path = os.path.join(self.root, name)
                try:
                    if now - os.path.getmtime(path) > older_than_s:
                        os.remove(path)
                except OSError:
                    pass


# ------------------------------------------------------------------------------------
# HTTP client
# ------------------------------------------------------------------------------------

Validator = Callable[[str, Dict[str, str]], None]


@dataclass
class TransferOptions:
    timeout_connect: float = 10.0
    timeout_read: float = 60.0
    retries: int = 4              # extra attempts after the first
    backoff: float = 1.0          # first wait on 5xx / dropped connection, doubled each time
    max_wait: float = 120.0       # longest single wait (Retry-After is capped to it)
    chunk: int = 1 << 16
    user_agent: str = "Vigie-QGIS-plugin (+https://github.com/vigie)"


class Client:
    """GET with cache, retries, cancel and progress. One per algorithm run."""

    def __init__(self, cache_dir: str, proxies: Optional[Dict[str, str]] = None,
                 options: Optional[TransferOptions] = None,
                 is_canceled: Callable[[], bool] = lambda: False,
                 log: Callable[[str], None] = lambda m: None) -> None:
        self.cache = Cache(cache_dir)
        self.cache.clean_parts()
        self.proxies = dict(proxies) if proxies else None
        self.options = options or TransferOptions()
        self.is_canceled = is_canceled
        self.log = log
        self.session = requests.Session()
        self.session.headers["User-Agent"] = self.options.user_agent
        self.session.verify = True
        if self.proxies:
            self.session.proxies.update(self.proxies)
        self.requests_made = 0
        self.cache_hits = 0
        self.used_keys: set = set()
        self.bytes_downloaded = 0

    def close(self, max_cache_bytes: Optional[int] = None) -> Tuple[int, int]:
        """End of the run: close the session and, with a limit, prune the cache (keeping this run's entries)."""
        self.session.close()
        if max_cache_bytes is not None and max_cache_bytes >= 0:
            return self.cache.prune(max_cache_bytes, keep=self.used_keys)
        return 0, 0

    # -- waiting ---------------------------------------------------------------
    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + max(0.0, seconds)
        while True:
            if self.is_canceled():
                raise CanceledError("canceled")
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(0.1, left))

    def _retry_after(self, value: Optional[str], default: float) -> float:
        if not value:
            return default
        value = value.strip()
        try:
            wait = float(value)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
                wait = (when - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
            except (TypeError, ValueError):
                wait = default
        return min(max(wait, 0.0), self.options.max_wait)

    # -- fetch -------------------------------------------------------------------
    def fetch(self, url: str, params: Optional[Dict[str, Any]] = None,
              validate: Optional[Validator] = None, use_cache: bool = True,
              max_age_s: Optional[float] = None,
              on_bytes: Optional[Callable[[int, int], None]] = None) -> str:
        """The path of a cached file holding the validated body of GET url?params."""
        params = dict(params or {})
        key = request_key(url, params)
        if use_cache:
            hit = self.cache.get(key, max_age_s)
            if hit is not None:
                self.cache_hits += 1
                self.used_keys.add(key)
                self.cache.touch(key)  # least-recently-used order for prune()
                return hit
        opts = self.options
        last_error = ""
        last_code: Tuple[str, Dict[str, Any]] = ("", {})
        got_answer = False
        for attempt in range(opts.retries + 1):
            if self.is_canceled():
                raise CanceledError("canceled")
            wait = opts.backoff * (2 ** attempt)
            part = self.cache.new_part()
            try:
                self.requests_made += 1
                resp = self.session.get(url, params=params, stream=True, proxies=self.proxies,
                                        timeout=(opts.timeout_connect, opts.timeout_read))
                got_answer = True
                with resp:
                    if resp.status_code == 429:
                        wait = self._retry_after(resp.headers.get("Retry-After"), wait)
                        last_error = "HTTP 429 (too many requests)"
                        last_code = ("http", {"status": 429, "text": "too many requests"})
                        self.log("{}: {}, retrying in {:.1f} s".format(_short(url), last_error, wait))
                        self._sleep(wait)
                        continue
                    if resp.status_code >= 500:
                        if resp.headers.get("Retry-After"):
                            wait = self._retry_after(resp.headers.get("Retry-After"), wait)
                        last_error = "HTTP {}".format(resp.status_code)
                        last_code = ("http", {"status": resp.status_code, "text": resp.reason or ""})
                        self.log("{}: {}, retrying in {:.1f} s".format(_short(url), last_error, wait))
                        self._sleep(wait)
                        continue
                    if resp.status_code >= 400:
                        text = resp.text[:2000]
                        detail = exception_text(text) or text[:300]
                        raise ServiceError("HTTP {}: {}".format(resp.status_code, detail),
                                           url=resp.url, code="http", status=resp.status_code, text=detail)
                    expected = resp.headers.get("Content-Length")
                    total = int(expected) if expected and expected.isdigit() else 0
                    size = 0
                    with open(part, "wb") as fh:
                        for chunk in resp.iter_content(opts.chunk):
                            if self.is_canceled():
                                raise CanceledError("canceled")
                            fh.write(chunk)
                            size += len(chunk)
                            if on_bytes is not None:
                                on_bytes(size, total)
                    self.bytes_downloaded += size
                    if total and size != total:
                        raise InvalidContent("connection closed after {} of {} bytes".format(size, total),
                                             code="short_body", got=size, want=total)
                    headers = {k.lower(): v for k, v in resp.headers.items()}
                    if validate is not None:
                        validate(part, headers)
                    final_url = resp.url
                body = self.cache.put(key, part, url, params, headers.get("content-type", ""))
                self.used_keys.add(key)
                if final_url != url and not final_url.startswith(url):
                    self.log("{} -> {}".format(_short(url), _short(final_url)))
                return body
            except CanceledError:
                _remove(part)
                raise
            except ServiceError:
                _remove(part)
                raise
            except InvalidContent as err:
                _remove(part)
                last_error = str(err)
                last_code = (err.code, err.params)
                if not err.retry:
                    raise ServiceError(last_error, url=url, code=err.code, **err.params)
                self.log("{}: {}, retrying in {:.1f} s".format(_short(url), last_error, wait))
                self._sleep(wait)
            except requests.exceptions.SSLError as err:
                _remove(part)
                raise ServiceError("TLS certificate check failed: {}".format(err), url=url, tls=True)
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                    requests.exceptions.ChunkedEncodingError) as err:
                _remove(part)
                last_error = _connection_reason(err)
                last_code = ("connection", {"text": last_error})
                self.log("{}: {}, retrying in {:.1f} s".format(_short(url), last_error, wait))
                self._sleep(wait)
        if not got_answer:
            raise OfflineError(last_error, url=url)
        code, params = last_code
        raise ServiceError("{} (after {} attempts)".format(last_error, opts.retries + 1), url=url, code=code,
                           attempts=opts.retries + 1, **params)

    def fetch_bytes(self, url: str, params: Optional[Dict[str, Any]] = None, **kw: Any) -> bytes:
        with open(self.fetch(url, params, **kw), "rb") as fh:
            return fh.read()


def _short(url: str) -> str:
    return url if len(url) < 90 else url[:87] + "..."


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def _connection_reason(err: Exception) -> str:
    text = str(err)
    m = re.search(r"(Name or service not known|Temporary failure in name resolution|Connection refused|"
                  r"Network is unreachable|timed out|Connection reset by peer|Connection aborted|"
                  r"IncompleteRead|RemoteDisconnected|ProxyError)", text)
    return m.group(1) if m else text[:200]


# ------------------------------------------------------------------------------------
# OGC helpers (capabilities, exception reports)
# ------------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def exception_text(body: Any) -> str:
    """The message of an OGC exception report (WMS ServiceException, OWS ExceptionReport), or ''."""
    if isinstance(body, bytes):
        body = body[:20000].decode("utf-8", "replace")
    text = str(body).lstrip()
    if not text.startswith("<"):
        return ""
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return ""
    if "exception" not in _local(root.tag).lower():
        return ""
    msgs = []
    for el in root.iter():
        name = _local(el.tag)
        if name in ("ServiceException", "ExceptionText") and (el.text or "").strip():
            code = el.get("code") or ""
            msgs.append(((code + ": ") if code else "") + el.text.strip())
    return " | ".join(msgs) or "exception report"


def _xml_validator(root_names: Sequence[str]) -> Validator:
    def check(path: str, headers: Dict[str, str]) -> None:
        with open(path, "rb") as fh:
            data = fh.read()
        msg = exception_text(data)
        if msg:
            raise InvalidContent(msg, retry=False, code="exception", text=msg)
        try:
            root = ET.fromstring(data)
        except ET.ParseError as err:
            raise InvalidContent("not XML capabilities ({})".format(err), code="not_xml", text=str(err))
        if _local(root.tag) not in root_names:
            raise InvalidContent("unexpected document <{}>".format(_local(root.tag)), retry=False,
                                 code="not_xml", text="<{}>".format(_local(root.tag)))
    return check


@dataclass
class WmsLayerInfo:
    name: str
    formats: List[str]
    crs: List[str]
    max_width: int
    max_height: int


def parse_wms_capabilities(data: bytes, layer: str) -> WmsLayerInfo:
    root = ET.fromstring(data)
    formats: List[str] = []
    max_w = max_h = 0
    for el in root.iter():
        n = _local(el.tag)
        if n == "GetMap":
            formats = [(f.text or "").strip() for f in el if _local(f.tag) == "Format"]
        elif n == "MaxWidth":
            max_w = int(float(el.text or 0))
        elif n == "MaxHeight":
            max_h = int(float(el.text or 0))

    def find(node: ET.Element, inherited: List[str]) -> Optional[List[str]]:
        crs = inherited + [(c.text or "").strip() for c in node if _local(c.tag) in ("CRS", "SRS")]
        name = next((c.text for c in node if _local(c.tag) == "Name"), None)
        if name and name.strip() == layer:
            return crs
        for child in node:
            if _local(child.tag) == "Layer":
                got = find(child, crs)
                if got is not None:
                    return got
        return None

    capability = next((e for e in root.iter() if _local(e.tag) == "Capability"), root)
    crs = None
    for top in capability:
        if _local(top.tag) == "Layer":
            crs = find(top, [])
            if crs is not None:
                break
    if crs is None:
        raise ServiceError("layer {} not in the capabilities".format(layer), code="layer_missing", layer=layer)
    return WmsLayerInfo(layer, formats, crs, max_w, max_h)


def pick_float32_format(formats: Sequence[str]) -> str:
    """A 32-bit float raw format the server offers (BIL 32 preferred)."""
    for f in formats:
        low = f.lower().replace(" ", "")
        if "bil" in low and "32" in low:
            return f
    for f in formats:
        low = f.lower()
        if "float32" in low or "image/x-float32" in low:
            return f
    raise ServiceError("no 32-bit float format among {}".format(", ".join(formats)), code="no_float_format",
                       formats=", ".join(formats))


@dataclass
class WfsInfo:
    typenames: List[str]
    count_default: int
    output_formats: List[str]


def parse_wfs_capabilities(data: bytes) -> WfsInfo:
    root = ET.fromstring(data)
    names = []
    count_default = 0
    formats: List[str] = []
    for el in root.iter():
        n = _local(el.tag)
        if n == "FeatureType":
            name = next((c.text for c in el if _local(c.tag) == "Name"), None)
            if name:
                names.append(name.strip())
        elif n == "Constraint" and el.get("name") == "CountDefault":
            for c in el.iter():
                if _local(c.tag) == "DefaultValue" and c.text:
                    try:
                        count_default = int(float(c.text))
                    except ValueError:
                        pass
        elif n == "Parameter" and el.get("name", "").lower() == "outputformat":
            formats += [(v.text or "").strip() for v in el.iter() if _local(v.tag) == "Value"]
    return WfsInfo(names, count_default, formats)


def _json_validator(path: str, headers: Dict[str, str]) -> None:
    with open(path, "rb") as fh:
        data = fh.read()
    msg = exception_text(data)
    if msg:
        raise InvalidContent(msg, retry=False, code="exception", text=msg)
    try:
        json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise InvalidContent("not JSON ({})".format(err), code="not_json", text=str(err)[:200])


# ------------------------------------------------------------------------------------
# Provenance
# ------------------------------------------------------------------------------------


@dataclass
class Provenance:
    source: str          # key of SOURCES
    title: str
    url: str
    date: str            # ISO 8601 UTC of the download (or of the cached download)
    licence: str
    attribution: str
    layers: List[str] = field(default_factory=list)

    def credit(self) -> str:
        """One French credit line (PDF sheets are French)."""
        return "{attr} — {title} — {lic} — {url} (téléchargé le {day})".format(
            attr=self.attribution, title=self.title, lic=self.licence, url=self.url, day=self.date[:10])


def make_provenance(source: str, url: str, date: Optional[str] = None,
                    layers: Optional[List[str]] = None) -> Provenance:
    info = SOURCES[source]
    date = date or datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    return Provenance(source, info["title"], url, date, info["licence"], info["attribution"], list(layers or []))


PROVENANCE_KEY = "VIGIE_PROVENANCE"


def _provenance_items(provs: Sequence[Provenance]) -> Dict[str, str]:
    first = provs[0]
    return {
        PROVENANCE_KEY: json.dumps([asdict(p) for p in provs], ensure_ascii=False),
        "SOURCE_URL": " ; ".join(p.url for p in provs),
        "DOWNLOAD_DATE": first.date,
        "LICENCE": " ; ".join(sorted({p.licence for p in provs})),
        "ATTRIBUTION": " ; ".join(p.attribution for p in provs),
        "TIFFTAG_COPYRIGHT": " ; ".join(p.attribution for p in provs),
    }


def write_provenance(ds: Any, provs: Sequence[Provenance]) -> None:
    """Record provenance in an open GDAL dataset (GeoTIFF tags / GeoPackage gpkg_metadata)."""
    for k, v in _provenance_items(provs).items():
        ds.SetMetadataItem(k, v)


def read_provenance(path: str) -> List[Provenance]:
    """The provenance recorded in a file written by this module ([] when none)."""
    ds = gdal.OpenEx(path, gdal.OF_READONLY)
    if ds is None:
        return []
    raw = ds.GetMetadataItem(PROVENANCE_KEY)
    ds = None
    if not raw:
        return []
    return [Provenance(**p) for p in json.loads(raw)]


def credit_lines(paths: Iterable[str]) -> List[str]:
    """French credit lines of the given files, without duplicates (for PDF sheets)."""
    out: List[str] = []
    for p in paths:
        for prov in read_provenance(p):
            line = prov.credit()
            if line not in out:
                out.append(line)
    return out


# ------------------------------------------------------------------------------------
# Progress plumbing
# ------------------------------------------------------------------------------------

Progress = Callable[[float], None]  # 0..100


def _no_progress(p: float) -> None:
    pass


def _check_cancel(client: Client) -> None:
    if client.is_canceled():
        raise CanceledError("canceled")


def _tmp_next_to(target: str, suffix: str) -> str:
    folder = os.path.dirname(os.path.abspath(target)) or "."
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, ".{}.{}.part{}".format(os.path.basename(target), uuid.uuid4().hex[:8], suffix))


def _finish(tmp: str, target: str) -> None:
    if os.path.exists(target):
        os.remove(target)
    os.replace(tmp, target)


# ------------------------------------------------------------------------------------
# Terrain (WMS-R, BIL 32-bit float)
# ------------------------------------------------------------------------------------


@dataclass
class TerrainResult:
    path: str
    cols: int
    rows: int
    tiles: int
    tile_size: int
    format: str
    extent: Extent
    provenance: Provenance
    nodata_cells: int


def terrain_grid(extent: Extent, res: float) -> Tuple[Extent, int, int]:
    """The extent snapped outwards to multiples of ``res`` and its size in cells."""
    xmin, ymin, xmax, ymax = extent
    if not (xmax > xmin and ymax > ymin):
        raise ValueError("empty extent")
    x0 = math.floor(xmin / res) * res
    y0 = math.floor(ymin / res) * res
    x1 = math.ceil(xmax / res) * res
    y1 = math.ceil(ymax / res) * res
    return (x0, y0, x1, y1), int(round((x1 - x0) / res)), int(round((y1 - y0) / res))


def _bil_validator(width: int, height: int) -> Validator:
    want = width * height * 4

    def check(path: str, headers: Dict[str, str]) -> None:
        size = os.path.getsize(path)
        ctype = headers.get("content-type", "").lower()
        if "xml" in ctype or size != want:
            with open(path, "rb") as fh:
                head = fh.read(20000)
            msg = exception_text(head)
            if msg:
                raise InvalidContent("service exception: " + msg, retry=False, code="exception", text=msg)
            raise InvalidContent("tile of {} bytes instead of {} ({}x{} float32)".format(size, want, width, height),
                                 code="bad_tile", got=size, want=want)
    return check


def _plausible(a: np.ndarray) -> float:
    with np.errstate(all="ignore"):
        real = (a > -1000.0) & (a < 9000.0) & ((np.abs(a) > 1e-6) | (a == 0.0))  # no denormal dust
        ok = np.isfinite(a) & (real | (a == TERRAIN_NODATA))
    return float(ok.mean()) if a.size else 1.0


def decode_bil32(path: str, width: int, height: int) -> np.ndarray:
    """A float32 BIL tile. Little-endian is what the Géoplateforme sends; a tile whose values
    make no sense as altitudes but do once byte-swapped is read as big-endian."""
    le = np.fromfile(path, dtype="<f4").reshape(height, width)
    score = _plausible(le)
    if score < 0.5:
        be = le.byteswap()
        if _plausible(be) > score:
            return be
    return le


def download_terrain(client: Client, wms_url: str, extent: Extent, res: float, out_path: str,
                     progress: Progress = _no_progress, layer: str = TERRAIN_LAYER,
                     tile_size: int = MAX_TILE_PIXELS) -> TerrainResult:
    """RGE ALTI over ``extent`` (EPSG:2154) at ``res`` metres as a float32 GeoTIFF."""
    if res <= 0:
        raise ValueError("resolution must be positive")
    grid, cols, rows = terrain_grid(extent, res)
    if cols * rows > MAX_TERRAIN_CELLS:
        raise ServiceError("too many cells", cells=cols * rows, limit=MAX_TERRAIN_CELLS)
    caps = client.fetch_bytes(wms_url, {"SERVICE": "WMS", "REQUEST": "GetCapabilities", "VERSION": "1.3.0"},
                              validate=_xml_validator(("WMS_Capabilities", "WMT_MS_Capabilities")),
                              max_age_s=7 * 86400)
    info = parse_wms_capabilities(caps, layer)
    crs_ok = any(c.upper() in ("EPSG:2154",) for c in info.crs)
    if not crs_ok:
        raise ServiceError("layer {} not offered in EPSG:2154".format(layer), code="crs_missing", layer=layer)
    fmt = pick_float32_format(info.formats)
    t = min(tile_size, MAX_TILE_PIXELS)
    if info.max_width:
        t = min(t, info.max_width)
    if info.max_height:
        t = min(t, info.max_height)
    t = max(16, t)
    x0, y0, x1, y1 = grid
    tiles = [(c, r, min(t, cols - c), min(t, rows - r)) for r in range(0, rows, t) for c in range(0, cols, t)]
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    tmp = _tmp_next_to(out_path, ".tif")
    ds = gdal.GetDriverByName("GTiff").Create(
        tmp, cols, rows, 1, gdal.GDT_Float32,
        ["TILED=YES", "COMPRESS=DEFLATE", "PREDICTOR=3", "BIGTIFF=IF_SAFER"])
    nodata_cells = 0
    try:
        ds.SetGeoTransform((x0, res, 0.0, y1, 0.0, -res))
        ds.SetProjection(srs.ExportToWkt())
        band = ds.GetRasterBand(1)
        band.SetNoDataValue(TERRAIN_NODATA)
        for i, (c, r, w, h) in enumerate(tiles):
            _check_cancel(client)
            bx0 = x0 + c * res
            by1 = y1 - r * res
            params = {"SERVICE": "WMS", "VERSION": "1.3.0", "REQUEST": "GetMap", "LAYERS": layer,
                      "STYLES": "", "CRS": "EPSG:2154", "FORMAT": fmt, "WIDTH": w, "HEIGHT": h,
                      "BBOX": "{:.3f},{:.3f},{:.3f},{:.3f}".format(bx0, by1 - h * res, bx0 + w * res, by1)}
            path = client.fetch(wms_url, params, validate=_bil_validator(w, h))
            arr = decode_bil32(path, w, h)
            bad = ~np.isfinite(arr) | (arr <= -9999.0) | (arr > 10000.0)
            if bad.any():
                arr = np.where(bad, np.float32(TERRAIN_NODATA), arr)
                nodata_cells += int(bad.sum())
            band.WriteArray(arr, c, r)
            progress(100.0 * (i + 1) / len(tiles))
        band.FlushCache()
        prov = make_provenance("geopf_wms", wms_url, layers=[layer])
        write_provenance(ds, [prov])
        ds.SetMetadataItem("VIGIE_RESOLUTION_M", "{:g}".format(res))
        ds.SetMetadataItem("VIGIE_WMS_FORMAT", fmt)
        band.SetDescription("RGE ALTI (m)")
        ds = band = None
        _finish(tmp, out_path)
    except BaseException:
        ds = band = None
        _remove(tmp)
        raise
    return TerrainResult(out_path, cols, rows, len(tiles), t, fmt, grid, prov, nodata_cells)


def point_elevations(client: Client, alti_url: str, points: Sequence[Tuple[float, float]]) -> List[Optional[float]]:
    """Altitudes (RGE ALTI) of points given in EPSG:2154, from the Géoplateforme altimetry API."""
    if not points:
        return []
    src = osr.SpatialReference()
    src.ImportFromEPSG(EPSG)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = osr.CoordinateTransformation(src, dst)
    lonlat = [tr.TransformPoint(x, y)[:2] for x, y in points]
    params = {"lon": "|".join("{:.7f}".format(p[0]) for p in lonlat),
              "lat": "|".join("{:.7f}".format(p[1]) for p in lonlat),
              "resource": ALTI_RESOURCE, "delimiter": "|", "indent": "false", "measures": "false",
              "zonly": "true"}
    data = json.loads(client.fetch_bytes(alti_url, params, validate=_json_validator).decode("utf-8"))
    values = data.get("elevations", [])
    out: List[Optional[float]] = []
    for v in values:
        z = v.get("z") if isinstance(v, dict) else v
        out.append(None if z is None or float(z) <= -9999 else float(z))
    return out


def check_terrain(client: Client, alti_url: str, tif: str, n: int = 5) -> List[Tuple[float, float, float, float]]:
    """Compare the GeoTIFF with the altimetry API at n×n cell centres: [(x, y, tif_z, api_z)]."""
    ds = gdal.Open(tif)
    gt = ds.GetGeoTransform()
    band = ds.GetRasterBand(1)
    cols, rows = ds.RasterXSize, ds.RasterYSize
    pts = []
    vals = []
    for j in range(n):
        for i in range(n):
            c = min(cols - 1, int((i + 0.5) * cols / n))
            r = min(rows - 1, int((j + 0.5) * rows / n))
            v = float(band.ReadAsArray(c, r, 1, 1)[0, 0])
            if v == TERRAIN_NODATA:
                continue
            pts.append((gt[0] + (c + 0.5) * gt[1], gt[3] + (r + 0.5) * gt[5]))
            vals.append(v)
    ds = None
    api = point_elevations(client, alti_url, pts)
    return [(x, y, v, a) for (x, y), v, a in zip(pts, vals, api) if a is not None]


# ------------------------------------------------------------------------------------
# WFS (paged GeoJSON) -> OGR layer
# ------------------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """ASCII snake_case: accents removed, lower case, non-alphanumerics to '_'."""
    t = unicodedata.normalize("NFKD", name)
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).lower()
    t = re.sub(r"[^a-z0-9]+", "_", t).strip("_")
    return t or "field"


def wfs_capabilities(client: Client, url: str) -> WfsInfo:
    data = client.fetch_bytes(url, {"SERVICE": "WFS", "REQUEST": "GetCapabilities", "VERSION": "2.0.0"},
                              validate=_xml_validator(("WFS_Capabilities",)), max_age_s=7 * 86400)
    return parse_wfs_capabilities(data)


def wfs_features(client: Client, url: str, typename: str, page_size: int,
                 bbox: Optional[Extent] = None,
                 progress: Progress = _no_progress,
                 stats: Optional[Dict[str, int]] = None) -> Tuple[List[Dict[str, Any]], Optional[str]]:
    """All features of ``typename`` (in EPSG:2154), paged with STARTINDEX/COUNT.

    Returns (features, crs name announced by the GeoJSON). Duplicates across pages
    (same feature id) are dropped. ``stats`` (if given) receives the number of pages.
    """
    start = 0
    feats: List[Dict[str, Any]] = []
    seen = set()
    crs_name = None
    matched: Optional[int] = None
    while True:
        _check_cancel(client)
        params = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": typename,
                  "OUTPUTFORMAT": "application/json", "SRSNAME": "EPSG:2154",
                  "COUNT": page_size, "STARTINDEX": start}
        if bbox is not None:
            params["BBOX"] = "{:.2f},{:.2f},{:.2f},{:.2f},urn:ogc:def:crs:EPSG::2154".format(*bbox)
        data = json.loads(client.fetch_bytes(url, params, validate=_json_validator).decode("utf-8"))
        if stats is not None:
            stats["pages"] = stats.get("pages", 0) + 1
        page = data.get("features") or []
        if data.get("crs"):
            crs_name = (data["crs"].get("properties") or {}).get("name", crs_name)
        nm = data.get("numberMatched", data.get("totalFeatures"))
        if isinstance(nm, int):
            matched = nm
        for f in page:
            fid = f.get("id")
            if fid is not None:
                if fid in seen:
                    continue
                seen.add(fid)
            feats.append(f)
        start += len(page)
        if matched:
            progress(min(100.0, 100.0 * start / matched))
        if not page or (matched is not None and start >= matched):
            break
        if matched is None and len(page) < page_size:
            break  # no total announced: a short page is the last one
    progress(100.0)
    return feats, crs_name


def _crs_epsg(name: Optional[str]) -> int:
    if not name:
        return 4326  # RFC 7946
    m = re.search(r"(\d+)\s*$", name)
    if "CRS84" in name.upper():
        return 4326
    return int(m.group(1)) if m else 4326


def _ogr_type(values: List[Any]) -> int:
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return ogr.OFTString
    if kinds <= {bool}:
        return ogr.OFTInteger
    if kinds <= {int, bool}:
        return ogr.OFTInteger64
    if kinds <= {int, float, bool}:
        return ogr.OFTReal
    return ogr.OFTString


def write_features(ds: Any, name: str, feats: List[Dict[str, Any]], src_epsg: int,
                   forced: Optional[Dict[str, int]] = None, rename: Optional[Dict[str, str]] = None,
                   geom_type: Optional[int] = None) -> Any:
    """Write GeoJSON-like features into a new layer of an OGR dataset, in EPSG:2154."""
    forced = forced or {}
    rename = rename or {}
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    transform = None
    if src_epsg != EPSG:
        s = osr.SpatialReference()
        s.ImportFromEPSG(src_epsg)
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        transform = osr.CoordinateTransformation(s, srs)
    keys: List[str] = []
    for f in feats:
        for k in (f.get("properties") or {}):
            if k not in keys:
                keys.append(k)
    names: Dict[str, str] = {}
    used = set()
    for k in keys:
        n = rename.get(k) or rename.get(normalise_name(k)) or normalise_name(k)
        base, i = n, 2
        while n in used or n == "fid":
            n = "{}_{}".format(base, i)
            i += 1
        used.add(n)
        names[k] = n
    if geom_type is None:
        gtypes = {(f.get("geometry") or {}).get("type") for f in feats} - {None}
        if gtypes and gtypes <= {"Polygon", "MultiPolygon"}:
            geom_type = ogr.wkbMultiPolygon
        elif gtypes and gtypes <= {"LineString", "MultiLineString"}:
            geom_type = ogr.wkbMultiLineString
        elif gtypes and gtypes <= {"Point"}:
            geom_type = ogr.wkbPoint
        elif gtypes and gtypes <= {"Point", "MultiPoint"}:
            geom_type = ogr.wkbMultiPoint
        else:
            geom_type = ogr.wkbUnknown
    lyr = ds.CreateLayer(name, srs, geom_type, ["GEOMETRY_NAME=geom"])
    types: Dict[str, int] = {}
    for k in keys:
        n = names[k]
        t = forced.get(n, _ogr_type([(f.get("properties") or {}).get(k) for f in feats]))
        types[k] = t
        lyr.CreateField(ogr.FieldDefn(n, t))
    for n, t in forced.items():
        if n not in names.values():
            lyr.CreateField(ogr.FieldDefn(n, t))
    defn = lyr.GetLayerDefn()
    lyr.StartTransaction()
    for f in feats:
        o = ogr.Feature(defn)
        for k, v in (f.get("properties") or {}).items():
            if v is None:
                continue
            n = names[k]
            t = types[k]
            try:
                if t in (ogr.OFTInteger, ogr.OFTInteger64):
                    o.SetField(n, int(v))
                elif t == ogr.OFTReal:
                    o.SetField(n, float(v))
                else:
                    o.SetField(n, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
            except (TypeError, ValueError):
                pass
        g = f.get("geometry")
        if g:
            geom = ogr.CreateGeometryFromJson(json.dumps(g))
            if geom is not None:
                geom.FlattenTo2D()
                if transform is not None:
                    geom.Transform(transform)
                if geom_type == ogr.wkbMultiPolygon:
                    geom = ogr.ForceToMultiPolygon(geom)
                elif geom_type == ogr.wkbMultiLineString:
                    geom = ogr.ForceToMultiLineString(geom)
                elif geom_type == ogr.wkbMultiPoint:
                    geom = ogr.ForceToMultiPoint(geom)
                o.SetGeometry(geom)
        lyr.CreateFeature(o)
    lyr.CommitTransaction()
    return lyr


# ------------------------------------------------------------------------------------
# Buildings (BD TOPO)
# ------------------------------------------------------------------------------------


@dataclass
class BuildingsResult:
    path: str
    layer: str
    features: int
    with_height: int
    pages: int
    provenance: Provenance


BUILDINGS_LAYER = "buildings"


def download_buildings(client: Client, wfs_url: str, extent: Extent, out_path: str,
                       progress: Progress = _no_progress, typename: str = BUILDINGS_TYPENAME,
                       page_size: int = DEFAULT_PAGE_SIZE) -> BuildingsResult:
    """BD TOPO buildings intersecting ``extent`` (EPSG:2154) into a GeoPackage layer ``buildings``."""
    caps = wfs_capabilities(client, wfs_url)
    if typename not in caps.typenames:
        raise ServiceError("feature type {} not in the capabilities".format(typename), code="typename_missing",
                           typename=typename)
    if caps.count_default:
        page_size = min(page_size, caps.count_default)
    progress(2.0)
    stats: Dict[str, int] = {}
    feats, crs_name = wfs_features(client, wfs_url, typename, page_size, bbox=extent,
                                   progress=lambda p: progress(2.0 + 0.9 * p), stats=stats)
    pages = stats.get("pages", 0)
    tmp = _tmp_next_to(out_path, ".gpkg")
    try:
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(tmp)
        write_features(ds, BUILDINGS_LAYER, feats, _crs_epsg(crs_name),
                       forced={"hauteur": ogr.OFTReal, "nombre_d_etages": ogr.OFTInteger},
                       geom_type=ogr.wkbMultiPolygon)
        prov = make_provenance("geopf_wfs", wfs_url, layers=[typename])
        write_provenance(ds, [prov])
        lyr = ds.GetLayerByName(BUILDINGS_LAYER)
        write_provenance(lyr, [prov])
        with_h = sum(1 for f in feats if (f.get("properties") or {}).get("hauteur") is not None)
        lyr = None
        ds = None
        _check_cancel(client)
        _finish(tmp, out_path)
    except BaseException:
        ds = lyr = None
        _remove(tmp)
        raise
    progress(100.0)
    return BuildingsResult(out_path, BUILDINGS_LAYER, len(feats), with_h, pages, prov)


# ------------------------------------------------------------------------------------
# The property (data.gouv.fr zip + Géo2France WFS)
# ------------------------------------------------------------------------------------

# Shapefile (normalised base name) -> output layer
PROPERTY_SHAPEFILES: Dict[str, str] = {
    "bien_inscrit_unesco_bm": "bien_inscrit",
    "zone_tampon": "zone_tampon",
    "batis": "batis",
    "cavaliers": "cavaliers",
    "cites_minieres": "cites_minieres",
    "espace_neonaturel": "espace_neonaturel",
    "terrils": "terrils",
}
# Original shapefile field -> normalised name, where the generic rule is not enough.
# Keys are normalised names (see normalise_name), so the DBF encoding does not matter.
FIELD_RENAMES: Dict[str, str] = {
    "denominat": "denomination",   # "Dénominat" (DBF names have 10 characters at most)
    "surface": "surface_ha",
}
# Géo2France typeName (without the workspace) -> output layer
GEO2FRANCE_LAYERS: Dict[str, str] = {
    "bassin_minier": "bassin_minier",
    "communes_mbm": "communes_mbm",
    "bien_inscrit_equipements_collectifs": "equipements_collectifs",
    "bien_inscrit_equipements_extraction": "equipements_extraction",
    "zt_cavaliers": "zt_cavaliers",
    "zt_cites_minires": "zt_cites_minieres",  # sic on the server
    "zt_espaces_neonaturels": "zt_espaces_neonaturels",
    "zt_terrils": "zt_terrils",
    "zt_parvis_agricoles": "zt_parvis_agricoles",
    "cites_erbm": "cites_erbm",
}
GEO2FRANCE_WORKSPACE = "mission_bassin_minier"
# Element layers -> (name field, type or field holding the type)
ELEMENT_LAYERS: Dict[str, Tuple[Tuple[str, ...], str]] = {
    "batis": (("denomination", "objet"), "@typologie"),
    "cites_minieres": (("nom", "objet"), "cité"),
    "cavaliers": (("objet",), "cavalier"),
    "espace_neonaturel": (("nom", "objet"), "espace néonaturel"),
    "terrils": (("nom", "objet"), "terril"),
}
ELEMENTS_LAYER = "elements"


@dataclass
class PropertyResult:
    path: str
    layers: Dict[str, int]
    elements: int
    provenance: List[Provenance]
    warnings: List[str]


def _zip_validator(path: str, headers: Dict[str, str]) -> None:
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head != b"PK\x03\x04":
        with open(path, "rb") as fh:
            text = fh.read(2000)
        raise InvalidContent("not a zip archive (starts with {!r})".format(text[:40]), code="not_zip")
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
            names = zf.namelist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as err:
        raise InvalidContent("damaged zip archive ({})".format(err), code="bad_zip", text=str(err))
    if bad is not None:
        raise InvalidContent("damaged zip archive (member {})".format(bad), code="bad_zip", text=str(bad))
    if not any(n.lower().endswith(".shp") for n in names):
        raise InvalidContent("no shapefile in the archive", retry=False, code="no_shapefile")


def _member_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def _extract_shapefiles(zip_path: str, folder: str) -> Dict[str, str]:
    """Extract the archive; returns normalised shapefile base name -> .shp path."""
    found: Dict[str, str] = {}
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            name = _member_name(info).replace("\\", "/")
            base = os.path.basename(name)
            stem, ext = os.path.splitext(base)
            key = normalise_name(stem)
            target = os.path.join(folder, key + ext.lower())
            with zf.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            if ext.lower() == ".shp":
                found[key] = target
    return found


def _copy_shapefile(ds: Any, shp: str, name: str) -> int:
    src = ogr.Open(shp)
    lyr = src.GetLayer(0)
    defn = lyr.GetLayerDefn()
    feats = []
    srs = lyr.GetSpatialRef()
    epsg = EPSG
    if srs is not None:
        srs.AutoIdentifyEPSG()
        code = srs.GetAuthorityCode(None)
        if code and int(code) != EPSG:
            l93 = osr.SpatialReference()
            l93.ImportFromEPSG(EPSG)
            if not srs.IsSame(l93):
                epsg = int(code)
    for f in lyr:
        props = {}
        for i in range(defn.GetFieldCount()):
            fd = defn.GetFieldDefn(i)
            v = f.GetField(i)
            if isinstance(v, str):
                v = v.strip() or None
            props[fd.GetName()] = v
        g = f.GetGeometryRef()
        feats.append({"type": "Feature", "properties": props,
                      "geometry": json.loads(g.ExportToJson()) if g is not None else None})
    src = None
    write_features(ds, name, feats, epsg, rename=FIELD_RENAMES, geom_type=None)
    return len(feats)


def _write_elements(ds: Any) -> int:
    """The inscribed elements (distinct UNESCO ids) of the element layers, in one layer."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    out = ds.CreateLayer(ELEMENTS_LAYER, srs, ogr.wkbMultiPolygon, ["GEOMETRY_NAME=geom"])
    for n in ("id", "name", "type", "element", "objet", "source_layer"):
        out.CreateField(ogr.FieldDefn(n, ogr.OFTString))
    defn = out.GetLayerDefn()
    seen = set()
    out.StartTransaction()
    for lname, (name_fields, type_rule) in ELEMENT_LAYERS.items():
        lyr = ds.GetLayerByName(lname)
        if lyr is None:
            continue
        fields = [lyr.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(lyr.GetLayerDefn().GetFieldCount())]
        if "id_unesco" not in fields:
            continue
        lyr.ResetReading()
        for f in lyr:
            uid = f["id_unesco"]
            if not uid or uid in seen:
                continue
            seen.add(uid)
            o = ogr.Feature(defn)
            o["id"] = uid
            name = next((f[n] for n in name_fields if n in fields and f[n]), None)
            o["name"] = name or uid
            if type_rule.startswith("@"):
                tf = type_rule[1:]
                o["type"] = (f[tf] if tf in fields else None) or ""
            else:
                o["type"] = type_rule
            for n in ("element", "objet"):
                if n in fields and f[n] is not None:
                    o[n] = str(f[n])
            o["source_layer"] = lname
            g = f.GetGeometryRef()
            if g is not None:
                o.SetGeometry(ogr.ForceToMultiPolygon(g.Clone()))
            out.CreateFeature(o)
    out.CommitTransaction()
    return len(seen)


def download_property(client: Client, out_path: str, urls: Dict[str, str],
                      use_datagouv: bool = True, use_geo2france: bool = True,
                      progress: Progress = _no_progress,
                      page_size: int = DEFAULT_PAGE_SIZE) -> PropertyResult:
    """The property's layers into one GeoPackage in EPSG:2154 (see docs/data-sources.md)."""
    if not (use_datagouv or use_geo2france):
        raise ValueError("no source selected")
    layers: Dict[str, int] = {}
    provs: List[Provenance] = []
    warnings: List[str] = []
    tmp = _tmp_next_to(out_path, ".gpkg")
    work = tempfile.mkdtemp(prefix="vigie_property_")
    ds = None
    try:
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(tmp)
        span = 50.0 if (use_datagouv and use_geo2france) else 100.0
        base = 0.0
        if use_datagouv:
            url = urls["datagouv_property"]
            zpath = client.fetch(url, validate=_zip_validator,
                                 on_bytes=lambda n, t: progress(base + span * 0.6 * n / t) if t else None)
            shps = _extract_shapefiles(zpath, work)
            done = []
            for key, lname in PROPERTY_SHAPEFILES.items():
                _check_cancel(client)
                if key not in shps:
                    warnings.append("shapefile {} missing from the archive".format(key))
                    continue
                layers[lname] = _copy_shapefile(ds, shps[key], lname)
                done.append(lname)
            layers[ELEMENTS_LAYER] = _write_elements(ds)
            provs.append(make_provenance("datagouv_property", url, layers=done + [ELEMENTS_LAYER]))
            base = span
            progress(base)
        if use_geo2france:
            url = urls["geo2france_wfs"]
            caps = wfs_capabilities(client, url)
            ps = min(page_size, caps.count_default) if caps.count_default else page_size
            done = []
            todo = list(GEO2FRANCE_LAYERS.items())
            for i, (tn, lname) in enumerate(todo):
                _check_cancel(client)
                full = "{}:{}".format(GEO2FRANCE_WORKSPACE, tn)
                if full not in caps.typenames and tn not in caps.typenames:
                    warnings.append("{} not offered by the WFS".format(full))
                    continue
                typename = full if full in caps.typenames else tn
                feats, crs_name = wfs_features(client, url, typename, ps)
                write_features(ds, lname, feats, _crs_epsg(crs_name))
                layers[lname] = len(feats)
                done.append(lname)
                progress(base + span * (i + 1) / len(todo))
            provs.append(make_provenance("geo2france_wfs", url, layers=done))
        write_provenance(ds, provs)
        for prov in provs:
            for lname in prov.layers:
                lyr = ds.GetLayerByName(lname)
                if lyr is not None:
                    write_provenance(lyr, [prov])
        n_elements = layers.get(ELEMENTS_LAYER, 0)
        ds = None
        _check_cancel(client)
        _finish(tmp, out_path)
    except BaseException:
        ds = None
        _remove(tmp)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    progress(100.0)
    return PropertyResult(out_path, layers, n_elements, provs, warnings)


def cache_summary(cache_dir: str) -> Tuple[int, int]:
    """(entries, bytes) of a cache folder, for messages."""
    if not os.path.isdir(cache_dir):
        return 0, 0
    return Cache(cache_dir).summary()


__all__ = [
    "Cache", "CanceledError", "Client", "DEFAULT_URLS", "InvalidContent", "OfflineError", "Provenance",
    "ServiceError", "SourceError", "TransferOptions", "check_terrain", "credit_lines", "download_buildings",
    "download_property", "download_terrain", "point_elevations", "read_provenance", "request_key",
    "resolve_urls", "terrain_grid",
]
