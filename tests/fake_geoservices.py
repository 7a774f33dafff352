"""A local stand-in for the public geoservices Vigie downloads from (127.0.0.1 only).

It speaks the real protocols, closely enough for the real client code:

* data.gouv.fr: ``/datagouv/fr/datasets/r/<id>`` answers 302 to ``/static/<name>.zip``;
  the zip is built at test time from the real property data (shapefiles named and
  laid out as in the "UNESCO - L93 2018" archive);
* Géo2France and Géoplateforme WFS 2.0.0: GetCapabilities (FeatureTypeList,
  CountDefault, output formats) and GetFeature in GeoJSON with BBOX, COUNT/STARTINDEX
  paging and numberMatched/numberReturned;
* Géoplateforme WMS-R 1.3.0: GetCapabilities (formats, CRS, MaxWidth/MaxHeight) and
  GetMap answering raw little-endian float32 BIL tiles resampled by GDAL from a DEM,
  or an XML ServiceException for a bad request;
* the altimetry API ``elevation.json`` (lon/lat lists, ``zonly``).

Faults are scripted per kind of request (``add_faults("wms_map", 503, 503)``): an HTTP
status, ``("retry_after", s)`` (429), ``"drop"`` (connection closed mid-body),
``"exception"`` (a ServiceException instead of the image), ``"truncate"`` (half the
body with a matching Content-Length), ``("delay", s)``. Every request is logged with
its time, so tests count requests and check waits. Also works as an HTTP proxy
(absolute URLs in the request line).
"""

import json
import os
import shutil
import socket
import tempfile
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()

DATAGOUV_ID = "7bea0497-889d-410c-8de9-144f4159ae8e"
TERRAIN_LAYER = "ELEVATION.ELEVATIONGRIDCOVERAGE.HIGHRES"
BIL32 = "image/x-bil;bits=32"


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionError, OSError)):
            return  # a client that went away (keep-alive closed, canceled download): not an error
        super().handle_error(request, client_address)


class FakeGeoServices:
    def __init__(self, dem_path: Optional[str] = None,
                 buildings: Optional[List[Dict[str, Any]]] = None,
                 property_zip: Optional[bytes] = None,
                 geo2france: Optional[Dict[str, List[Dict[str, Any]]]] = None,
                 count_default: int = 100, max_size: int = 512) -> None:
        self.dem_path = dem_path
        self.buildings = sorted(buildings or [], key=lambda f: str(f["id"]))
        self.property_zip = property_zip
        self.geo2france = geo2france or {}
        self.count_default = count_default
        self.max_size = max_size
        self.log: List[Dict[str, Any]] = []
        self.faults: Dict[str, List[Any]] = {}
        self.lock = threading.Lock()
        self.httpd: Optional[ThreadingHTTPServer] = None
        self.thread: Optional[threading.Thread] = None
        self._dem = None
        self.big_endian = False  # BIL byte order of GetMap answers

    # -- control -------------------------------------------------------------------
    def start(self, tls: Optional[Tuple[str, str]] = None) -> "FakeGeoServices":
        """Serve in a thread; ``tls=(certfile, keyfile)`` serves HTTPS instead."""
        handler = _make_handler(self)
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.scheme = "http"
        if tls is not None:
            import ssl

            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(tls[0], tls[1])
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    def __enter__(self) -> "FakeGeoServices":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def base(self) -> str:
        assert self.httpd is not None
        return "{}://127.0.0.1:{}".format(self.scheme, self.httpd.server_address[1])

    @property
    def port(self) -> int:
        assert self.httpd is not None
        return self.httpd.server_address[1]

    def urls(self, base: Optional[str] = None) -> Dict[str, str]:
        b = base or self.base
        return {
            "datagouv_property": b + "/datagouv/fr/datasets/r/" + DATAGOUV_ID,
            "geo2france_wfs": b + "/geo2france/geoserver/mission_bassin_minier/ows",
            "geopf_wms": b + "/geopf/wms-r/wms",
            "geopf_wfs": b + "/geopf/wfs/ows",
            "geopf_altimetry": b + "/geopf/altimetrie/1.0/calcul/alti/rest/elevation.json",
        }

    def env(self, base: Optional[str] = None) -> Dict[str, str]:
        return {"VIGIE_SOURCE_" + k.upper(): v for k, v in self.urls(base).items()}

    def add_faults(self, kind: str, *faults: Any) -> None:
        with self.lock:
            self.faults.setdefault(kind, []).extend(faults)

    def clear(self) -> None:
        with self.lock:
            self.log.clear()
            self.faults.clear()

    def count(self, kind: Optional[str] = None) -> int:
        with self.lock:
            return sum(1 for r in self.log if kind is None or r["kind"] == kind)

    def requests_of(self, kind: str) -> List[Dict[str, Any]]:
        with self.lock:
            return [r for r in self.log if r["kind"] == kind]

    def _next_fault(self, kind: str) -> Any:
        with self.lock:
            lst = self.faults.get(kind)
            return lst.pop(0) if lst else None

    # -- DEM -------------------------------------------------------------------------
    def dem(self) -> Any:
        if self._dem is None:
            self._dem = gdal.Open(self.dem_path)
        return self._dem

    def render(self, bbox: Tuple[float, float, float, float], width: int, height: int) -> bytes:
        src = self.dem()
        gt = src.GetGeoTransform()
        res = (bbox[2] - bbox[0]) / width
        alg = "average" if res >= abs(gt[1]) - 1e-9 else "bilinear"
        with self.lock:  # one GDAL warp at a time on the shared dataset
            out = gdal.Warp("", src, format="MEM", outputBounds=bbox, width=width, height=height,
                            resampleAlg=alg, dstNodata=-99999.0, outputType=gdal.GDT_Float32)
            arr = out.GetRasterBand(1).ReadAsArray().astype(">f4" if self.big_endian else "<f4")
        return arr.tobytes()

    def elevations(self, lons: List[float], lats: List[float]) -> List[float]:
        src = self.dem()
        wgs = osr.SpatialReference()
        wgs.ImportFromEPSG(4326)
        wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        l93 = osr.SpatialReference()
        l93.ImportFromWkt(src.GetProjection())
        l93.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        tr = osr.CoordinateTransformation(wgs, l93)
        gt = src.GetGeoTransform()
        band = src.GetRasterBand(1)
        nod = band.GetNoDataValue()
        out = []
        with self.lock:
            for lon, lat in zip(lons, lats):
                x, y = tr.TransformPoint(lon, lat)[:2]
                c = int((x - gt[0]) / gt[1])
                r = int((y - gt[3]) / gt[5])
                if 0 <= c < src.RasterXSize and 0 <= r < src.RasterYSize:
                    v = float(band.ReadAsArray(c, r, 1, 1)[0, 0])
                    out.append(-99999.0 if nod is not None and v == nod else round(v, 2))
                else:
                    out.append(-99999.0)
        return out


def _bbox_of(geom: Dict[str, Any]) -> Tuple[float, float, float, float]:
    xs: List[float] = []
    ys: List[float] = []

    def walk(c: Any) -> None:
        if c and isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for e in c:
                walk(e)
    walk(geom["coordinates"])
    return min(xs), min(ys), max(xs), max(ys)


def _service_exception(msg: str, code: str = "InvalidParameterValue") -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<ServiceExceptionReport version="1.3.0" '
            'xmlns="http://www.opengis.net/ogc"><ServiceException code="{}">{}</ServiceException>'
            '</ServiceExceptionReport>').format(code, msg).encode("utf-8")


def _ows_exception(msg: str, code: str = "InvalidParameterValue") -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<ows:ExceptionReport version="2.0.0" '
            'xmlns:ows="http://www.opengis.net/ows/1.1"><ows:Exception exceptionCode="{}">'
            '<ows:ExceptionText>{}</ows:ExceptionText></ows:Exception></ows:ExceptionReport>'
            ).format(code, msg).encode("utf-8")


def _wms_capabilities(max_size: int) -> bytes:
    return """<?xml version="1.0" encoding="UTF-8"?>
<WMS_Capabilities version="1.3.0" xmlns="http://www.opengis.net/wms" xmlns:xlink="http://www.w3.org/1999/xlink">
 <Service><Name>WMS</Name><Title>Fake Géoplateforme WMS-R</Title>
  <MaxWidth>{m}</MaxWidth><MaxHeight>{m}</MaxHeight></Service>
 <Capability>
  <Request>
   <GetCapabilities><Format>text/xml</Format></GetCapabilities>
   <GetMap><Format>image/png</Format><Format>image/jpeg</Format><Format>image/geotiff</Format>
    <Format>image/x-bil;bits=32</Format></GetMap>
  </Request>
  <Exception><Format>XML</Format></Exception>
  <Layer><Title>Géoplateforme</Title><CRS>EPSG:4326</CRS><CRS>EPSG:3857</CRS><CRS>EPSG:2154</CRS>
   <Layer queryable="0"><Name>ELEVATION.ELEVATIONGRIDCOVERAGE.HIGHRES</Name><Title>RGE ALTI</Title></Layer>
   <Layer queryable="0"><Name>ORTHOIMAGERY.ORTHOPHOTOS</Name><Title>Ortho</Title></Layer>
  </Layer>
 </Capability>
</WMS_Capabilities>""".format(m=max_size).encode("utf-8")


def _wfs_capabilities(typenames: List[str], count_default: int) -> bytes:
    fts = "".join("<FeatureType><Name>{}</Name><Title>{}</Title>"
                  "<DefaultCRS>urn:ogc:def:crs:EPSG::2154</DefaultCRS></FeatureType>".format(t, t)
                  for t in typenames)
    return """<?xml version="1.0" encoding="UTF-8"?>
<wfs:WFS_Capabilities version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0"
 xmlns:ows="http://www.opengis.net/ows/1.1" xmlns="http://www.opengis.net/wfs/2.0">
 <ows:OperationsMetadata>
  <ows:Operation name="GetFeature">
   <ows:Parameter name="outputFormat"><ows:AllowedValues><ows:Value>application/gml+xml; version=3.2</ows:Value>
    <ows:Value>application/json</ows:Value></ows:AllowedValues></ows:Parameter>
  </ows:Operation>
  <ows:Constraint name="ImplementsResultPaging"><ows:NoValues/><ows:DefaultValue>TRUE</ows:DefaultValue></ows:Constraint>
  <ows:Constraint name="CountDefault"><ows:NoValues/><ows:DefaultValue>{c}</ows:DefaultValue></ows:Constraint>
 </ows:OperationsMetadata>
 <FeatureTypeList>{f}</FeatureTypeList>
</wfs:WFS_Capabilities>""".format(c=count_default, f=fts).encode("utf-8")


def _make_handler(svc: FakeGeoServices) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server API
            parts = urlsplit(self.path)  # absolute URL when used as a proxy
            path = parts.path
            q = {k.upper(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
            kind, status, ctype, body, headers = self.route(path, q)
            entry = {"time": time.monotonic(), "kind": kind, "path": path, "query": q,
                     "host": self.headers.get("Host", ""), "proxied": self.path.startswith("http")}
            fault = svc._next_fault(kind) if kind else None
            entry["fault"] = fault
            with svc.lock:
                svc.log.append(entry)
            if isinstance(fault, tuple) and fault[0] == "delay":
                time.sleep(fault[1])
                fault = None
            if isinstance(fault, int):
                return self.send(fault, "text/plain", b"fake failure", {})
            if isinstance(fault, tuple) and fault[0] == "retry_after":
                return self.send(429, "text/plain", b"slow down", {"Retry-After": str(fault[1])})
            if fault == "exception":
                return self.send(200, "application/vnd.ogc.se_xml",
                                 _service_exception("Fake internal error: tile not available", "InternalError"), {})
            if fault == "drop":
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return None
            if fault == "truncate":
                body = body[: len(body) // 2]
            return self.send(status, ctype, body, headers)

        def send(self, status: int, ctype: str, body: bytes, headers: Dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        # -- routes ---------------------------------------------------------------------
        def route(self, path: str, q: Dict[str, str]) -> Tuple[str, int, str, bytes, Dict[str, str]]:
            if path.startswith("/datagouv/fr/datasets/r/"):
                if path.rsplit("/", 1)[-1] != DATAGOUV_ID or svc.property_zip is None:
                    return "datagouv", 404, "text/html", b"not found", {}
                return "datagouv", 302, "text/html", b"", {"Location": "/static/unesco-l93-2018.zip"}
            if path == "/static/unesco-l93-2018.zip":
                return "zip", 200, "application/zip", svc.property_zip or b"", {}
            if path == "/geopf/wms-r/wms":
                return self.wms(q)
            if path == "/geopf/wfs/ows":
                return self.wfs(q, {"BDTOPO_V3:batiment": svc.buildings}, "wfs")
            if path == "/geo2france/geoserver/mission_bassin_minier/ows":
                return self.wfs(q, svc.geo2france, "g2f")
            if path == "/geopf/altimetrie/1.0/calcul/alti/rest/elevation.json":
                return self.alti(q)
            return "other", 404, "text/plain", b"not found", {}

        def wms(self, q: Dict[str, str]) -> Tuple[str, int, str, bytes, Dict[str, str]]:
            req = q.get("REQUEST", "").lower()
            if req == "getcapabilities":
                return "wms_caps", 200, "text/xml", _wms_capabilities(svc.max_size), {}
            if req != "getmap":
                return "wms_other", 200, "text/xml", _service_exception("unknown request", "OperationNotSupported"), {}
            exc = "application/vnd.ogc.se_xml"
            if q.get("LAYERS") != TERRAIN_LAYER:
                return "wms_map", 200, exc, _service_exception("Layer not defined", "LayerNotDefined"), {}
            if q.get("FORMAT", "").replace(" ", "") != BIL32:
                return "wms_map", 200, exc, _service_exception("Format not supported", "InvalidFormat"), {}
            if q.get("CRS") != "EPSG:2154":
                return "wms_map", 200, exc, _service_exception("CRS not supported", "InvalidCRS"), {}
            try:
                w, h = int(q["WIDTH"]), int(q["HEIGHT"])
                bbox = tuple(float(v) for v in q["BBOX"].split(","))
            except (KeyError, ValueError):
                return "wms_map", 200, exc, _service_exception("bad WIDTH/HEIGHT/BBOX"), {}
            if w > svc.max_size or h > svc.max_size:
                return "wms_map", 200, exc, _service_exception("image too large"), {}
            return "wms_map", 200, BIL32, svc.render(bbox, w, h), {}

        def wfs(self, q: Dict[str, str], layers: Dict[str, List[Dict[str, Any]]],
                prefix: str) -> Tuple[str, int, str, bytes, Dict[str, str]]:
            req = q.get("REQUEST", "").lower()
            if req == "getcapabilities":
                return prefix + "_caps", 200, "text/xml", _wfs_capabilities(sorted(layers), svc.count_default), {}
            if req != "getfeature":
                return prefix + "_other", 400, "text/xml", _ows_exception("unknown request"), {}
            tn = q.get("TYPENAMES") or q.get("TYPENAME", "")
            if tn not in layers:
                return prefix + "_feature", 400, "text/xml", _ows_exception("Unknown type " + tn), {}
            if q.get("OUTPUTFORMAT") != "application/json":
                return prefix + "_feature", 400, "text/xml", _ows_exception("bad outputFormat"), {}
            feats = layers[tn]
            if "BBOX" in q:
                b = [float(v) for v in q["BBOX"].split(",")[:4]]
                sel = []
                for f in feats:
                    e = _bbox_of(f["geometry"])
                    if e[0] <= b[2] and e[2] >= b[0] and e[1] <= b[3] and e[3] >= b[1]:
                        sel.append(f)
                feats = sel
            count = min(int(q.get("COUNT", svc.count_default)), svc.count_default)
            start = int(q.get("STARTINDEX", 0))
            page = feats[start:start + count]
            doc = {"type": "FeatureCollection", "features": page, "totalFeatures": len(feats),
                   "numberMatched": len(feats), "numberReturned": len(page),
                   "timeStamp": "2026-01-01T00:00:00Z",
                   "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}}}
            return prefix + "_feature", 200, "application/json", json.dumps(doc).encode("utf-8"), {}

        def alti(self, q: Dict[str, str]) -> Tuple[str, int, str, bytes, Dict[str, str]]:
            d = q.get("DELIMITER", "|")
            try:
                lons = [float(v) for v in q["LON"].split(d)]
                lats = [float(v) for v in q["LAT"].split(d)]
            except (KeyError, ValueError):
                return "alti", 400, "application/json", b'{"error": "bad lon/lat"}', {}
            if q.get("RESOURCE") != "ign_rge_alti_wld":
                return "alti", 400, "application/json", b'{"error": "unknown resource"}', {}
            zs = svc.elevations(lons, lats)
            if q.get("ZONLY", "false") == "true":
                doc: Any = {"elevations": zs}
            else:
                doc = {"elevations": [{"lon": a, "lat": b, "z": z, "acc": 2.5} for a, b, z in zip(lons, lats, zs)]}
            return "alti", 200, "application/json", json.dumps(doc).encode("utf-8"), {}

    return Handler


# ----------------------------------------------------------------------------------------
# Building the served data from real / generated files
# ----------------------------------------------------------------------------------------

# Original shapefiles of the data.gouv archive: layer in the shared GeoPackage ->
# (file name, {normalised field: original DBF field}, keep only features with id_unesco)
SHAPEFILES = {
    "bien_inscrit": ("Bien Inscrit UNESCO BM", {"no_section": "No section", "section": "Section",
                                               "no_element": "No element", "nom": "Nom",
                                               "surface_ha": "Surface"}, False),
    "zone_tampon": ("Zone Tampon", {"id": "ID", "surface_ha": "Surface"}, False),
    "batis": ("batis", {"commune_1": "COMMUNE_1", "commune_2": "COMMUNE_2", "typologie": "Typologie",
                        "inscrit_mh": "Inscrit_MH", "classe_mh": "Classé_MH", "id_unesco": "ID_UNESCO",
                        "element": "element", "objet": "objet", "denomination": "Dénominat"}, False),
    "cavaliers": ("cavaliers", dict({"id_unesco": "ID_UNESCO", "element": "element", "objet": "objet",
                                     "longueur_m": "Longueur M"},
                                    **{"commune_%d" % i: "Commune %d" % i for i in range(1, 7)}), False),
    "cites_minieres": ("cités minières", {"nom": "NOM", "commune_1": "COMMUNE_1", "commune_2": "COMMUNE_2",
                                          "type": "TYPE", "compagnie": "COMPAGNIE", "interet": "INTERET",
                                          "inscrit_mh": "INSCRIT_MH", "classe_mh": "CLASSE_MH",
                                          "id_unesco": "ID_UNESCO", "element": "element", "objet": "objet"}, True),
    "espace_neonaturel": ("espace neonaturel", {"nom": "NOM", "commune_1": "COMMUNE_1", "commune_2": "COMMUNE_2",
                                                "id_unesco": "ID_UNESCO", "element": "element",
                                                "objet": "objet"}, False),
    "terrils": ("Terrils", {"no_terril": "NO_TERRIL", "nom": "NOM", "commune_1": "COMMUNE_1",
                            "commune_2": "COMMUNE_2", "commune_3": "COMMUNE_3", "compagnie": "COMPAGNIE",
                            "groupe": "GROUPE", "forme": "FORME", "id_unesco": "ID_UNESCO",
                            "element": "element", "objet": "objet"}, False),
}


def property_zip(gpkg_l93: str) -> bytes:
    """The data.gouv archive rebuilt from the shared Lambert-93 GeoPackage."""
    work = tempfile.mkdtemp(prefix="fake_datagouv_")
    try:
        src = ogr.Open(gpkg_l93)
        folder = os.path.join(work, "UNESCO - L93 2018")
        os.makedirs(folder)
        for lname, (fname, fields, only_unesco) in SHAPEFILES.items():
            lyr = src.GetLayerByName(lname)
            names = [lyr.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(lyr.GetLayerDefn().GetFieldCount())]
            drv = ogr.GetDriverByName("ESRI Shapefile")
            out = drv.CreateDataSource(os.path.join(folder, fname + ".shp"))
            ol = out.CreateLayer(fname, lyr.GetSpatialRef(), ogr.wkbMultiPolygon, ["ENCODING=UTF-8"])
            kept = [(n, o) for n, o in fields.items() if n in names]
            for n, o in kept:
                src_def = lyr.GetLayerDefn().GetFieldDefn(lyr.GetLayerDefn().GetFieldIndex(n))
                fd = ogr.FieldDefn(o, ogr.OFTReal if src_def.GetType() == ogr.OFTReal else ogr.OFTString)
                if fd.GetType() == ogr.OFTString:
                    fd.SetWidth(254)
                ol.CreateField(fd)
            lyr.ResetReading()
            for f in lyr:
                if only_unesco and not f["id_unesco"]:
                    continue
                o = ogr.Feature(ol.GetLayerDefn())
                for n, on in kept:
                    v = f[n]
                    if v is not None:
                        o[on] = v if isinstance(v, float) else str(v)
                g = f.GetGeometryRef()
                if g is not None:
                    o.SetGeometry(ogr.ForceToMultiPolygon(g.Clone()))
                ol.CreateFeature(o)
            out = None
        src = None
        buf_path = os.path.join(work, "archive.zip")
        with zipfile.ZipFile(buf_path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in sorted(os.listdir(folder)):
                zf.write(os.path.join(folder, name), "UNESCO - L93 2018/" + name)
        with open(buf_path, "rb") as fh:
            return fh.read()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def layer_features(gpkg: str, layer: str, id_prefix: str) -> List[Dict[str, Any]]:
    src = ogr.Open(gpkg)
    lyr = src.GetLayerByName(layer)
    out = []
    for i, f in enumerate(lyr):
        g = f.GetGeometryRef()
        if g is None:
            continue
        props = json.loads(f.ExportToJson())["properties"]
        out.append({"type": "Feature", "id": "{}.{}".format(id_prefix, i + 1), "geometry": json.loads(g.ExportToJson()),
                    "properties": props})
    return out


GEO2FRANCE_FROM_SHARED = {  # typeName on the real server -> layer in the shared GeoPackage
    "mission_bassin_minier:bassin_minier": "bassin_minier",
    "mission_bassin_minier:communes_mbm": "communes_mbm",
    "mission_bassin_minier:zt_cavaliers": "zt_cavaliers",
    "mission_bassin_minier:zt_cites_minires": "zt_cites_minieres",
    "mission_bassin_minier:zt_espaces_neonaturels": "zt_espaces_neonaturels",
    "mission_bassin_minier:zt_terrils": "zt_terrils",
    "mission_bassin_minier:zt_parvis_agricoles": "zt_parvis_agricoles",
}


def geo2france_layers(gpkg_l93: str) -> Dict[str, List[Dict[str, Any]]]:
    return {tn: layer_features(gpkg_l93, ln, tn.split(":")[1]) for tn, ln in GEO2FRANCE_FROM_SHARED.items()}


def bdtopo_buildings(gpkg: str, layer: str = "buildings") -> List[Dict[str, Any]]:
    """Buildings of a GeoPackage (height_m, floors) as BD TOPO batiment features."""
    src = ogr.Open(gpkg)
    lyr = src.GetLayerByName(layer)
    names = [lyr.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(lyr.GetLayerDefn().GetFieldCount())]
    out = []
    for i, f in enumerate(lyr):
        g = f.GetGeometryRef()
        if g is None:
            continue
        g = ogr.ForceToMultiPolygon(g.Clone())
        g.Set3D(True)  # BD TOPO geometries carry Z
        cleabs = "BATIMENT{:016d}".format(i + 1)
        h = f["height_m"] if "height_m" in names else None
        n = f["floors"] if "floors" in names else None
        out.append({"type": "Feature", "id": "batiment." + cleabs,
                    "geometry": json.loads(g.ExportToJson()),
                    "properties": {"cleabs": cleabs, "nature": "Indifférenciée",
                                   "usage_1": "Résidentiel" if (f["usage"] if "usage" in names else "") == "logement"
                                   else "Indifférencié",
                                   "hauteur": h, "nombre_d_etages": n, "etat_de_l_objet": "En service",
                                   "date_creation": "2008-06-12T09:52:00.000"}})
    return out


def analytic_dem(path: str, extent: Tuple[float, float, float, float], res: float) -> str:
    """A float32 DEM in EPSG:2154 from an analytic surface with a NoData corner."""
    x0, y0, x1, y1 = extent
    cols, rows = int(round((x1 - x0) / res)), int(round((y1 - y0) / res))
    xs = x0 + (np.arange(cols) + 0.5) * res
    ys = y1 - (np.arange(rows) + 0.5) * res
    xx, yy = np.meshgrid(xs, ys)
    z = (40 + 0.002 * (xx - x0) + 12 * np.sin((xx - x0) / 300.0) * np.cos((yy - y0) / 220.0)).astype(np.float32)
    z[:rows // 10, :cols // 10] = -9999.0
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    ds = gdal.GetDriverByName("GTiff").Create(path, cols, rows, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((x0, res, 0, y1, 0, -res))
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(z)
    ds.GetRasterBand(1).SetNoDataValue(-9999.0)
    ds = None
    return path
