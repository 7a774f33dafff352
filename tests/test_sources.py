"""Downloads of the property, terrain and buildings through the real algorithms, against a
local server speaking the real protocols (tests/fake_geoservices.py); no internet."""

import glob
import os
import time

import numpy as np
import pytest
from fake_geoservices import FakeGeoServices, analytic_dem, bdtopo_buildings, geo2france_layers, property_zip
from osgeo import gdal, ogr
from qgis.core import (
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsRasterLayer,
    QgsSettings,
    QgsVectorLayer,
)

from conftest import SHARED_DATA

L93_GPKG = os.path.join(SHARED_DATA, "bassin_minier_unesco", "bassin_minier_unesco_l93.gpkg")
DEM_EXTENT = (680000.0, 7030000.0, 690000.0, 7040000.0)
AREA = (680600.0, 7030600.0, 682900.0, 7032100.0)  # inside the DEM, 2.3 x 1.5 km
TILE = 256


class Recorder(QgsProcessingFeedback):
    def __init__(self, cancel_at: float = -1.0) -> None:
        super().__init__()
        self.errors = []
        self.infos = []
        self.cancel_at = cancel_at
        if cancel_at >= 0:
            self.progressChanged.connect(self._maybe_cancel)

    def _maybe_cancel(self, p: float) -> None:
        if p >= self.cancel_at and not self.isCanceled():
            self.cancel()

    def reportError(self, error, fatalError=False):  # noqa: N802 - QGIS API
        self.errors.append(error)

    def pushInfo(self, info):  # noqa: N802 - QGIS API
        self.infos.append(info)


@pytest.fixture(scope="module")
def served(tmp_path_factory, sample_small):
    tmp = str(tmp_path_factory.mktemp("fake_geoservices"))
    dem = analytic_dem(os.path.join(tmp, "dem.tif"), DEM_EXTENT, 5.0)
    srv = FakeGeoServices(dem_path=dem, buildings=bdtopo_buildings(sample_small["gpkg"]),
                          property_zip=property_zip(L93_GPKG), geo2france=geo2france_layers(L93_GPKG),
                          count_default=100, max_size=TILE).start()
    yield srv, dem, sample_small["gpkg"]
    srv.stop()


@pytest.fixture
def env(served, tmp_path, monkeypatch):
    """Fresh cache, URLs pointing at the local server, short back-off."""
    srv, dem, gpkg = served
    srv.clear()
    for k, v in srv.env().items():
        monkeypatch.setenv(k, v)
    cache = str(tmp_path / "cache")
    monkeypatch.setenv("VIGIE_CACHE_DIR", cache)
    monkeypatch.setenv("VIGIE_BACKOFF", "0.05")
    monkeypatch.setenv("VIGIE_RETRIES", "3")
    return {"srv": srv, "dem": dem, "gpkg": gpkg, "cache": cache, "tmp": str(tmp_path)}


def extent_str(e):
    return "{},{},{},{} [EPSG:2154]".format(e[0], e[2], e[1], e[3])


def run_terrain(out, res_index=1, area=AREA, feedback=None, check=False):
    import processing

    return processing.run("vigie:downloadterrain", {"EXTENT": extent_str(area), "RESOLUTION": res_index,
                                                    "CHECK": check, "OUTPUT": out},
                          feedback=feedback or Recorder())


def read(path):
    ds = gdal.Open(path)
    arr = ds.GetRasterBand(1).ReadAsArray()
    gt = ds.GetGeoTransform()
    nd = ds.GetRasterBand(1).GetNoDataValue()
    ds = None
    return arr, gt, nd


def dem_window(dem, area, res):
    """The expected terrain: GDAL's resampling of the served DEM onto the snapped grid."""
    x0, y0 = np.floor(area[0] / res) * res, np.floor(area[1] / res) * res
    x1, y1 = np.ceil(area[2] / res) * res, np.ceil(area[3] / res) * res
    ds = gdal.Warp("", dem, format="MEM", outputBounds=(x0, y0, x1, y1), xRes=res, yRes=res,
                   resampleAlg="average")
    return ds.GetRasterBand(1).ReadAsArray(), (x0, y1)


def test_full_download_of_an_area(vigie_provider, env, out_dir):
    import processing

    srv = env["srv"]
    # the property
    fb = Recorder()
    prop = processing.run("vigie:downloadproperty", {"DATAGOUV": True, "GEO2FRANCE": True,
                                                     "OUTPUT": os.path.join(out_dir, "property.gpkg")}, feedback=fb)
    assert srv.count("datagouv") == 1 and srv.count("zip") == 1  # the redirect was followed
    ds = ogr.Open(prop["OUTPUT"])
    names = {ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())}
    assert {"bien_inscrit", "zone_tampon", "batis", "cites_minieres", "cavaliers", "espace_neonaturel",
            "terrils", "elements", "zt_terrils", "zt_cites_minieres", "communes_mbm"} <= names
    for i in range(ds.GetLayerCount()):
        assert ds.GetLayer(i).GetSpatialRef().GetAuthorityCode(None) == "2154"
    src = ogr.Open(L93_GPKG)
    ids = set()
    for lname in ("batis", "cites_minieres", "cavaliers", "espace_neonaturel", "terrils"):
        ids |= {f["id_unesco"] for f in src.GetLayerByName(lname) if f["id_unesco"]}
    elements = {f["id"]: (f["type"], f["source_layer"]) for f in ds.GetLayerByName("elements")}
    assert prop["ELEMENT_COUNT"] == len(elements) == len(ids) == 353
    assert set(elements) == ids
    batis = ds.GetLayerByName("batis")
    fields = [batis.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(batis.GetLayerDefn().GetFieldCount())]
    assert {"id_unesco", "typologie", "denomination", "classe_mh", "commune_1"} <= set(fields)
    chevalements = [k for k, (t, s) in elements.items() if t == "Chevalement"]
    assert len(chevalements) == 8
    # paged WFS: more features than one page of 100
    assert ds.GetLayerByName("zt_cavaliers").GetFeatureCount() == src.GetLayerByName("zt_cavaliers").GetFeatureCount() - 1
    assert srv.count("g2f_feature") > 14
    ds = None
    el = QgsVectorLayer(prop["ELEMENTS"], "elements", "ogr")
    assert el.isValid() and el.featureCount() == 353
    assert "Licence Ouverte" in " ".join(el.metadata().licenses())

    # the terrain: 5 m on the DEM's grid is the DEM itself, in 2 x 2 tiles of <= 256 px
    fb = Recorder()
    res = run_terrain(os.path.join(out_dir, "terrain_5m.tif"), 1, feedback=fb, check=True)
    arr, gt, nd = read(res["OUTPUT"])
    want, (x0, y1) = dem_window(env["dem"], AREA, 5.0)
    assert (gt[0], gt[3], gt[1], gt[5]) == (x0, y1, 5.0, -5.0)
    assert arr.shape == want.shape == (300, 460)
    assert np.array_equal(arr, want)
    assert res["TILES"] == 4 and srv.count("wms_map") == 4
    assert all(int(r["query"]["WIDTH"]) <= TILE and int(r["query"]["HEIGHT"]) <= TILE
               for r in srv.requests_of("wms_map"))
    assert srv.requests_of("wms_map")[0]["query"]["FORMAT"] == "image/x-bil;bits=32"
    assert 0 <= res["MAX_DIFFERENCE"] < 0.01  # the altimetry API rounds to the cm
    assert srv.count("alti") == 1
    # 25 m: GDAL's average of the 5 m cells
    res25 = run_terrain(os.path.join(out_dir, "terrain_25m.tif"), 2)
    arr25, gt25, _ = read(res25["OUTPUT"])
    want25, _ = dem_window(env["dem"], AREA, 25.0)
    assert gt25[1] == 25.0 and np.allclose(arr25, want25, atol=1e-4)
    # a NoData corner: the DEM has none in its north-west tenth
    resnd = run_terrain(os.path.join(out_dir, "terrain_nodata.tif"), 2, area=(679500, 7038000, 681500, 7040000))
    arrnd, _, ndv = read(resnd["OUTPUT"])
    assert ndv == -99999.0 and (arrnd == -99999.0).any() and (arrnd > 0).any()

    # the buildings of the sample landscape in an extent: exactly those the source has there
    import processing as p2

    area_b = (683000.0, 7034000.0, 690000.0, 7040000.0)
    fb = Recorder()
    b = p2.run("vigie:downloadbuildings", {"EXTENT": extent_str(area_b),
                                           "OUTPUT": os.path.join(out_dir, "buildings.gpkg")}, feedback=fb)
    srcds = ogr.Open(env["gpkg"])
    srcb = srcds.GetLayerByName("buildings")
    expected = {}
    for i, f in enumerate(srcb):
        e = f.GetGeometryRef().GetEnvelope()
        if e[0] <= area_b[2] and e[1] >= area_b[0] and e[2] <= area_b[3] and e[3] >= area_b[1]:
            expected["BATIMENT{:016d}".format(i + 1)] = (f["height_m"], f["floors"])
    assert len(expected) > 250  # several pages of 100
    lyr = QgsVectorLayer(b["BUILDINGS"], "b", "ogr")
    assert lyr.isValid() and lyr.crs().authid() == "EPSG:2154"
    got = {f["cleabs"]: (f["hauteur"], f["nombre_d_etages"]) for f in lyr.getFeatures()}
    norm = {k: (None if v[0] in (None,) else v[0], v[1]) for k, v in expected.items()}
    got_norm = {k: (None if v[0] is None or str(v[0]) == "NULL" else v[0],
                    None if v[1] is None or str(v[1]) == "NULL" else v[1]) for k, v in got.items()}
    assert got_norm == norm
    assert b["COUNT"] == len(expected) and b["WITH_HEIGHT"] == sum(1 for v in expected.values() if v[0] is not None)
    assert lyr.fields().field("hauteur").typeName().lower().startswith(("real", "double"))
    assert lyr.wkbType() in (6,)  # MultiPolygon, 2D
    assert srv.count("wfs_feature") == -(-len(expected) // 100)
    assert all(r["query"]["SRSNAME"] == "EPSG:2154" for r in srv.requests_of("wfs_feature"))

    # provenance: in the files, as QGIS metadata, and as credit lines for PDFs
    from vigie.core import sources

    provs = sources.read_provenance(res["OUTPUT"])
    assert provs[0].source == "geopf_wms" and provs[0].url == srv.urls()["geopf_wms"]
    assert "IGN" in provs[0].attribution and "Licence Ouverte" in provs[0].licence
    tif_layer = QgsRasterLayer(res["OUTPUT"], "t", "gdal")
    tif_layer.loadDefaultMetadata()  # the .qmd next to the GeoTIFF
    assert "IGN" in " ".join(tif_layer.metadata().rights())
    lines = sources.credit_lines([prop["OUTPUT"], res["OUTPUT"], b["OUTPUT"]])
    assert len(lines) == 4 and any("BD TOPO" in t for t in lines) and any("data.gouv.fr" in t for t in lines)
    blyr = QgsVectorLayer(b["BUILDINGS"], "b", "ogr")
    assert "BD TOPO" in " ".join(blyr.metadata().rights())


def test_dropped_connection_mid_tile(vigie_provider, env):
    srv = env["srv"]
    srv.add_faults("wms_map", None, "drop")
    out = os.path.join(env["tmp"], "t.tif")
    run_terrain(out)
    arr, _, _ = read(out)
    want, _ = dem_window(env["dem"], AREA, 5.0)
    assert np.array_equal(arr, want)
    maps = srv.requests_of("wms_map")
    assert len(maps) == 5 and maps[1]["fault"] == "drop" and maps[2]["query"] == maps[1]["query"]


def test_503_twice_then_200(vigie_provider, env):
    srv = env["srv"]
    srv.add_faults("wms_map", 503, 503)
    out = os.path.join(env["tmp"], "t.tif")
    run_terrain(out)
    maps = srv.requests_of("wms_map")
    assert [m["fault"] for m in maps[:3]] == [503, 503, None]
    assert maps[0]["query"] == maps[1]["query"] == maps[2]["query"]
    assert len(maps) == 6
    arr, _, _ = read(out)
    assert np.array_equal(arr, dem_window(env["dem"], AREA, 5.0)[0])


def test_429_waits_for_retry_after(vigie_provider, env):
    import processing

    srv = env["srv"]
    srv.add_faults("wfs_feature", ("retry_after", 1))
    fb = Recorder()
    processing.run("vigie:downloadbuildings", {"EXTENT": extent_str((684000, 7035500, 687000, 7038000)),
                                               "OUTPUT": os.path.join(env["tmp"], "b.gpkg")}, feedback=fb)
    assert any("354 buildings (338 with a height) in 4 pages;" in m for m in fb.infos), fb.infos
    reqs = srv.requests_of("wfs_feature")
    assert reqs[0]["fault"] == ("retry_after", 1) and reqs[1]["query"] == reqs[0]["query"]
    assert reqs[1]["time"] - reqs[0]["time"] >= 1.0  # the server's Retry-After, not the 0.05 s back-off


def test_service_exception_is_reported_and_tiles_restart(vigie_provider, env):
    srv = env["srv"]
    srv.add_faults("wms_map", None, None, "exception")
    out = os.path.join(env["tmp"], "t.tif")
    fb = Recorder()
    with pytest.raises(QgsProcessingException) as err:
        run_terrain(out, feedback=fb)
    assert "Fake internal error: tile not available" in str(err.value)
    assert not os.path.exists(out)
    assert not glob.glob(os.path.join(env["tmp"], ".t.tif*"))
    # the next run downloads only the tiles that were not cached yet
    srv.clear()
    run_terrain(out)
    assert srv.count("wms_map") == 2 and srv.count("wms_caps") == 0
    arr, _, _ = read(out)
    assert np.array_equal(arr, dem_window(env["dem"], AREA, 5.0)[0])


def test_truncated_zip_never_poisons_the_cache(vigie_provider, env):
    import processing

    srv = env["srv"]
    out = os.path.join(env["tmp"], "p.gpkg")
    srv.add_faults("zip", *(["truncate"] * 4))  # 1 attempt + 3 retries
    fb = Recorder()
    with pytest.raises(QgsProcessingException) as err:
        processing.run("vigie:downloadproperty", {"DATAGOUV": True, "GEO2FRANCE": False, "OUTPUT": out},
                       feedback=fb)
    assert srv.count("zip") == 4
    assert "the zip archive is damaged" in str(err.value) and "still after 4 attempts" in str(err.value)
    assert not os.path.exists(out)
    assert not [n for n in os.listdir(env["cache"]) if n.endswith((".bin", ".part"))]
    # once: the retry gets the whole archive
    srv.clear()
    srv.add_faults("zip", "truncate")
    res = processing.run("vigie:downloadproperty", {"DATAGOUV": True, "GEO2FRANCE": False, "OUTPUT": out},
                         feedback=Recorder())
    assert res["ELEMENT_COUNT"] == 353 and srv.count("zip") == 2


def test_cancel_mid_download_leaves_no_output(vigie_provider, env):
    srv = env["srv"]
    out = os.path.join(env["tmp"], "t.tif")
    fb = Recorder(cancel_at=30.0)
    with pytest.raises(QgsProcessingException):
        run_terrain(out, 0, feedback=fb)  # 1 m: 9 x 6 tiles
    assert not os.path.exists(out)
    assert not [n for n in os.listdir(env["tmp"]) if n.startswith(".t.tif")]
    assert 0 < srv.count("wms_map") < 54
    assert not [n for n in os.listdir(env["cache"]) if n.endswith(".part")]


def test_second_run_served_from_cache_without_requests(vigie_provider, env):
    import processing

    srv = env["srv"]
    area_b = (684000, 7035500, 687000, 7038000)
    runs = []
    for k in range(2):
        d = os.path.join(env["tmp"], "run%d" % k)
        os.makedirs(d)
        t = run_terrain(os.path.join(d, "t.tif"), check=True)
        b = processing.run("vigie:downloadbuildings", {"EXTENT": extent_str(area_b),
                                                       "OUTPUT": os.path.join(d, "b.gpkg")}, feedback=Recorder())
        p = processing.run("vigie:downloadproperty", {"DATAGOUV": True, "GEO2FRANCE": True,
                                                      "OUTPUT": os.path.join(d, "p.gpkg")}, feedback=Recorder())
        runs.append((t, b, p, srv.count()))
        srv.clear()
    assert runs[0][3] > 20
    assert runs[1][3] == 0
    assert np.array_equal(read(runs[0][0]["OUTPUT"])[0], read(runs[1][0]["OUTPUT"])[0])
    assert runs[0][1]["COUNT"] == runs[1][1]["COUNT"] > 0
    assert runs[0][2]["ELEMENT_COUNT"] == runs[1][2]["ELEMENT_COUNT"] == 353


def test_corrupted_cache_entry_is_fetched_again(vigie_provider, env):
    srv = env["srv"]
    out = os.path.join(env["tmp"], "t.tif")
    run_terrain(out)
    bins = sorted(glob.glob(os.path.join(env["cache"], "*.bin")), key=os.path.getsize)
    with open(bins[-1], "r+b") as fh:  # the biggest: a full tile
        fh.seek(100)
        fh.write(b"\x00\x00\x80\x7f")
    srv.clear()
    run_terrain(out)
    assert srv.count("wms_map") == 1
    assert np.array_equal(read(out)[0], dem_window(env["dem"], AREA, 5.0)[0])


def test_offline_says_what_to_do_and_what_the_cache_holds(vigie_provider, env):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    closed_port = s.getsockname()[1]
    s.close()
    run_terrain(os.path.join(env["tmp"], "first.tif"))  # something in the cache
    srv = env["srv"]
    srv.clear()
    # the network is gone: every connection goes to a proxy that does not answer
    with qgis_proxy(closed_port):
        fb = Recorder()
        out = os.path.join(env["tmp"], "t.tif")
        with pytest.raises(QgsProcessingException) as err:
            run_terrain(out, 2, feedback=fb)
        msg = str(err.value)
        assert "offline" in msg and "proxy" in msg and env["cache"] in msg and "5 earlier downloads" in msg
        assert not os.path.exists(out)
        # the area downloaded before is still served, from the cache
        run_terrain(os.path.join(env["tmp"], "again.tif"))
    assert srv.count() == 0


class qgis_proxy:  # noqa: N801 - used as a context manager
    KEYS = ("proxy/proxyEnabled", "proxy/proxyType", "proxy/proxyHost", "proxy/proxyPort")

    def __init__(self, port):
        self.port = port

    def __enter__(self):
        s = QgsSettings()
        self.old = {k: s.value(k) for k in self.KEYS}
        s.setValue("proxy/proxyEnabled", True)
        s.setValue("proxy/proxyType", "HttpProxy")
        s.setValue("proxy/proxyHost", "127.0.0.1")
        s.setValue("proxy/proxyPort", str(self.port))
        return self

    def __exit__(self, *exc):
        s = QgsSettings()
        for k, v in self.old.items():
            if v is None:
                s.remove(k)
            else:
                s.setValue(k, v)


def test_qgis_proxy_settings_are_used(vigie_provider, env, monkeypatch):
    srv = env["srv"]
    for k, v in srv.env("http://geoservices.invalid").items():
        monkeypatch.setenv(k, v)
    with qgis_proxy(srv.port):
        run_terrain(os.path.join(env["tmp"], "t.tif"), 2)
    reqs = srv.requests_of("wms_map")
    assert reqs and all(r["proxied"] and r["host"] == "geoservices.invalid" for r in reqs)


def test_retry_after_date_and_cache_keys():
    from vigie.core import sources

    assert sources.request_key("http://a/b", {"x": 1, "Y": 2}) == sources.request_key("http://a/b", {"y": 2, "X": 1})
    assert sources.request_key("http://a/b", {"x": 1}) != sources.request_key("http://a/b", {"x": 2})
    c = sources.Client(os.path.join("/tmp", "vigie-test-cache-%d" % os.getpid()))
    future = time.time() + 5
    import email.utils

    wait = c._retry_after(email.utils.formatdate(future, usegmt=True), 1.0)
    assert 3.0 <= wait <= 5.0
    assert c._retry_after("10000", 1.0) == c.options.max_wait
    assert sources.exception_text(b'<ServiceExceptionReport><ServiceException code="X">boom'
                                  b'</ServiceException></ServiceExceptionReport>') == "X: boom"


def test_dialog_downloads_everything_for_a_layer_extent(vigie_provider, env, out_dir):
    """The Vigie menu's dialog: extent of a layer, all three downloads, layers added to the project."""
    from qgis.core import QgsProject
    from qgis.gui import QgsMapCanvas

    from vigie.ui.download_dialog import DownloadDialog

    project = QgsProject.instance()
    area = QgsVectorLayer("Polygon?crs=EPSG:2154", "zone d'étude", "memory")
    from qgis.core import QgsFeature, QgsGeometry

    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromWkt("POLYGON((684000 7035500, 687000 7035500, 687000 7038000, "
                                      "684000 7038000, 684000 7035500))"))
    area.dataProvider().addFeatures([f])
    area.updateExtents()
    project.addMapLayer(area)
    canvas = QgsMapCanvas()
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle

    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    dlg = DownloadDialog(canvas)
    try:
        # an area drawn on the map with the extent tool
        dlg.start_drawing()
        assert canvas.mapTool() is dlg.map_tool and not dlg.isVisible()
        dlg.map_tool.extentChanged.emit(QgsRectangle(685000, 7036000, 686500, 7037000))
        assert dlg.use_drawn.isChecked() and dlg.isVisible() and canvas.mapTool() is not dlg.map_tool
        assert "1.50 × 1.00 km" in dlg.extent_label.text()
        assert dlg.extent().toString(0) == QgsRectangle(685000, 7036000, 686500, 7037000).toString(0)
        # the extent of a layer
        dlg.use_layer.setChecked(True)
        dlg.layer_combo.setLayer(area)
        assert "3.00 × 2.50 km" in dlg.extent_label.text()
        dlg.folder.setFilePath(os.path.join(out_dir, "data"))
        dlg.resolution.setCurrentIndex(2)
        dlg.show()
        dlg.grab().save(os.path.join(out_dir, "dialog_before.png"))
        assert dlg.run()
        dlg.grab().save(os.path.join(out_dir, "dialog_after.png"))
        names = {lyr.name() for lyr in project.mapLayers().values()}
        assert {"elements", "bien_inscrit", "zone_tampon", "Terrain (RGE ALTI)", "Buildings (BD TOPO)"} <= names
        terrain = project.mapLayersByName("Terrain (RGE ALTI)")[0]
        assert terrain.width() == 120 and terrain.height() == 100  # 3 x 2.5 km at 25 m
        buildings = project.mapLayersByName("Buildings (BD TOPO)")[0]
        assert buildings.featureCount() == dlg.results["vigie:downloadbuildings"]["COUNT"] > 300
        assert "IGN" in " ".join(terrain.metadata().rights())
        assert dlg.progress.value() == 100
    finally:
        dlg.close()
        for lyr in list(project.mapLayers().values()):
            project.removeMapLayer(lyr.id())


def test_big_endian_bil_tiles_are_recognised(vigie_provider, env):
    srv = env["srv"]
    srv.big_endian = True
    try:
        out = os.path.join(env["tmp"], "t.tif")
        run_terrain(out)
    finally:
        srv.big_endian = False
    assert np.array_equal(read(out)[0], dem_window(env["dem"], AREA, 5.0)[0])


def test_downloads_feed_the_surface_model(vigie_provider, env, out_dir):
    """Terrain + buildings downloaded for an area go straight into vigie:surfacemodel."""
    import processing
    from qgis.core import QgsGeometry, QgsPointXY

    area = (684000.0, 7035500.0, 687000.0, 7038000.0)
    t = run_terrain(os.path.join(out_dir, "terrain.tif"), 1, area=area)
    b = processing.run("vigie:downloadbuildings", {"EXTENT": extent_str(area),
                                                   "OUTPUT": os.path.join(out_dir, "buildings.gpkg")},
                       feedback=Recorder())
    fb = Recorder()
    s = processing.run("vigie:surfacemodel", {"DEM": t["OUTPUT"], "BUILDINGS": b["BUILDINGS"],
                                              "OUTPUT": os.path.join(out_dir, "surface.tif")}, feedback=fb)
    ground, gt, _ = read(t["OUTPUT"])
    surface, gts, _ = read(s["OUTPUT"])
    assert gts == gt and surface.shape == ground.shape
    lyr = QgsVectorLayer(b["BUILDINGS"], "b", "ogr")
    checked = 0
    for f in lyr.getFeatures():
        h = f["hauteur"]
        if h is None or str(h) == "NULL":
            continue
        p = f.geometry().pointOnSurface().asPoint()
        c, r = int((p.x() - gt[0]) / gt[1]), int((p.y() - gt[3]) / gt[5])
        centre = QgsGeometry.fromPointXY(QgsPointXY(gt[0] + (c + 0.5) * gt[1], gt[3] + (r + 0.5) * gt[5]))
        if 0 <= r < ground.shape[0] and 0 <= c < ground.shape[1] and f.geometry().contains(centre):
            assert surface[r, c] - ground[r, c] == pytest.approx(h, abs=0.01)
            checked += 1
    assert checked > 50


def test_tls_certificate_is_verified(vigie_provider, served, tmp_path, monkeypatch):
    """A server with a certificate nobody vouches for: refused, with a message saying what to do."""
    import subprocess

    srv0, dem, _ = served
    key, cert = str(tmp_path / "key.pem"), str(tmp_path / "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    srv = FakeGeoServices(dem_path=dem, max_size=TILE).start(tls=(cert, key))
    try:
        for k, v in srv.env().items():
            monkeypatch.setenv(k, v)
        monkeypatch.setenv("VIGIE_CACHE_DIR", str(tmp_path / "cache"))
        out = str(tmp_path / "t.tif")
        with pytest.raises(QgsProcessingException) as err:
            run_terrain(out, 2)
        assert "could not be verified" in str(err.value) and "certificate" in str(err.value)
        assert not os.path.exists(out)
        assert srv.count() == 0  # the TLS handshake failed before any request was read
    finally:
        srv.stop()


def test_menu_opens_the_download_dialog_in_french(tmp_path, out_dir):
    """Real QGIS desktop in French: the Vigie menu entry opens the dialog, on the map extent."""
    from qgis_run import run_desktop

    body = """
import qgis.utils
from qgis.PyQt.QtWidgets import QAction
from qgis.core import QgsRectangle, QgsCoordinateReferenceSystem, QgsProject
QgsProject.instance().setCrs(QgsCoordinateReferenceSystem('EPSG:2154'))
iface.mapCanvas().setDestinationCrs(QgsCoordinateReferenceSystem('EPSG:2154'))
iface.mapCanvas().setExtent(QgsRectangle(684000, 7035000, 690000, 7039000))
iface.mapCanvas().refresh()
plugin = qgis.utils.plugins['vigie']
action = iface.mainWindow().findChild(QAction, 'vigie_download_data')
result['menu'] = [a.text() for a in plugin.menu.actions()]
action.trigger()
dlg = plugin.dialogs['download_dialog']
result['title'] = dlg.windowTitle()
result['canvas_checked'] = dlg.use_canvas.isChecked()
result['extent'] = dlg.extent_label.text()
result['run'] = dlg.run_button.text()
dlg.grab().save(%r)
""" % os.path.join(out_dir, "dialog_fr.png")
    result = run_desktop(str(tmp_path / "profiles"), body, str(tmp_path / "r.json"), locale="fr")
    assert "error" not in result, result.get("error")
    assert "Télécharger les données d'une zone…" in result["menu"]
    assert result["title"] == "Vigie — télécharger des données"
    assert result["canvas_checked"] and result["run"] == "Télécharger"
    assert "× 4.00 km" in result["extent"] and "7035000 – " in result["extent"], result  # the canvas's extent
    assert os.path.getsize(os.path.join(out_dir, "dialog_fr.png")) > 10000


def test_qgis_process_downloads_without_a_desktop(env, tmp_path):
    """qgis_process (classFactory(None), no iface): the download algorithms run from the command line."""
    from qgis_run import qgis_process

    home = str(tmp_path / "home")
    os.makedirs(home)
    assert qgis_process(["plugins", "enable", "vigie"], home).returncode == 0
    out = str(tmp_path / "b.gpkg")
    run = qgis_process(["run", "vigie:downloadbuildings", "--", "EXTENT=684000,687000,7035500,7038000 [EPSG:2154]",
                        "OUTPUT=" + out], home)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    ds = ogr.Open(out)
    assert ds.GetLayerByName("buildings").GetFeatureCount() == 354
    ds = None
    assert env["srv"].count("wfs_feature") == 4


def test_errors_are_in_french_when_qgis_is(vigie_provider, env):
    from vigie import i18n

    srv = env["srv"]
    srv.add_faults("wms_map", "exception")
    translator = i18n.load_translator("fr")
    try:
        with pytest.raises(QgsProcessingException) as err:
            run_terrain(os.path.join(env["tmp"], "t.tif"))
    finally:
        i18n.unload_translator(translator)
    msg = str(err.value)
    assert msg.startswith("Le service 127.0.0.1 n'a pas fourni de données utilisables : le service a répondu par "
                          "un rapport d'erreur : InternalError: Fake internal error"), msg


def test_one_click_data_is_ready_for_the_visibility_algorithms(vigie_provider, env, out_dir):
    """The issue's "done when": property + 5 m terrain + buildings for an area around Lens, then
    surface model and ZTV of the real headframes found there, with nothing else to prepare."""
    import processing

    area = (683000.0, 7032000.0, 688000.0, 7037000.0)
    prop = processing.run("vigie:downloadproperty", {"DATAGOUV": True, "GEO2FRANCE": False,
                                                     "OUTPUT": os.path.join(out_dir, "bien.gpkg")}, feedback=Recorder())
    terrain = run_terrain(os.path.join(out_dir, "terrain_5m.tif"), 1, area=area)
    b = processing.run("vigie:downloadbuildings", {"EXTENT": extent_str(area),
                                                   "OUTPUT": os.path.join(out_dir, "batiments.gpkg")},
                       feedback=Recorder())
    surface = processing.run("vigie:surfacemodel", {"DEM": terrain["OUTPUT"], "BUILDINGS": b["BUILDINGS"],
                                                    "OUTPUT": os.path.join(out_dir, "surface.tif")},
                             feedback=Recorder())
    elements = QgsVectorLayer(prop["ELEMENTS"], "elements", "ogr")
    elements.setSubsetString("type = 'Chevalement'")
    inside = [f["name"] for f in elements.getFeatures()
              if area[0] < f.geometry().boundingBox().xMinimum() and f.geometry().boundingBox().xMaximum() < area[2]
              and area[1] < f.geometry().boundingBox().yMinimum() and f.geometry().boundingBox().yMaximum() < area[3]]
    assert "Chevalement n°3 de Lens" in inside
    fb = Recorder()
    ztv = processing.run("vigie:ztv", {
        "DEM": terrain["OUTPUT"], "ELEMENTS": elements, "SURFACE": surface["OUTPUT"], "RADIUS": 1500.0,
        "SPACING": 100.0, "OUTPUT_COUNT": os.path.join(out_dir, "ztv_count.tif"),
        "OUTPUT_TABLE": os.path.join(out_dir, "ztv.csv")}, feedback=fb)
    count, _, nd = read(ztv["OUTPUT_COUNT"])
    assert ((count > 0) & (count != nd)).sum() > 1000
    table = QgsVectorLayer(ztv["OUTPUT_TABLE"], "t", "ogr")
    seen = {f["name"]: (f["status"], float(f["visible_area_ha"])) for f in table.getFeatures()}
    assert all(seen[n][0] == "ok" and seen[n][1] > 100 for n in inside), seen


def test_cache_size_limit_drops_the_oldest_downloads_first(vigie_provider, env, monkeypatch):
    srv = env["srv"]
    area_a = (680600.0, 7030600.0, 681800.0, 7031800.0)
    area_b = (685000.0, 7035000.0, 686200.0, 7036200.0)
    tiles_a = run_terrain(os.path.join(env["tmp"], "a.tif"), area=area_a)["TILES"]
    size_a = sum(os.path.getsize(p) for p in glob.glob(os.path.join(env["cache"], "*.bin")))
    monkeypatch.setenv("VIGIE_CACHE_MAX_MB", str(size_a * 1.2 / 1e6))  # room for about one area
    fb = Recorder()
    run_terrain(os.path.join(env["tmp"], "b.tif"), area=area_b, feedback=fb)
    assert any("older downloads removed" in m for m in fb.infos), fb.infos
    assert sum(os.path.getsize(p) for p in glob.glob(os.path.join(env["cache"], "*.bin"))) <= size_a * 1.2
    srv.clear()
    run_terrain(os.path.join(env["tmp"], "b2.tif"), area=area_b)  # the last run's tiles were kept
    assert srv.count("wms_map") == 0
    run_terrain(os.path.join(env["tmp"], "a2.tif"), area=area_a)  # the first run's were dropped
    assert srv.count("wms_map") == tiles_a and srv.count("wms_caps") == 0
    assert np.array_equal(read(os.path.join(env["tmp"], "a.tif"))[0], read(os.path.join(env["tmp"], "a2.tif"))[0])
