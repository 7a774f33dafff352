"""The synthetic sample landscape (core/landscape.py): deterministic, opens in QGIS.

Uses the session fixtures ``qgis_app`` and ``sample_small`` of tests/conftest.py.
"""

import hashlib
import json
import os

import numpy as np
import pytest
from osgeo import gdal, ogr
from shapely import vectorized, wkb

from core import landscape

EXPECTED_COUNTS = {  # layer: (min, max) features
    "elements": (25, 40), "perimeter": (1, 1), "buffer_zone": (1, 1), "cites": (8, 12),
    "buildings": (1000, 6000), "projects": (5, 12), "viewpoints": (4, 10), "hydro": (2, 2),
}


def _hashes(folder):
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            p = os.path.join(root, name)
            with open(p, "rb") as f:
                out[os.path.relpath(p, folder)] = hashlib.sha256(f.read()).hexdigest()
    return out


def test_same_seed_same_bytes(tmp_path):
    a = landscape.generate(str(tmp_path / "a"), seed=7, small=True)
    ha = _hashes(str(tmp_path / "a"))  # hash before anything can touch the files
    landscape.generate(str(tmp_path / "b"), seed=7, small=True)
    hb = _hashes(str(tmp_path / "b"))
    assert len(ha) == 2 + 6 + 1  # dem, gpkg, 6 photos, manifest
    assert ha == hb
    for key in ("dem", "gpkg", "photos", "manifest"):
        assert os.path.exists(a[key])
    # the manifest lists every other file with its sha256
    with open(a["manifest"], encoding="utf-8") as f:
        manifest = json.load(f)
    assert {k: v["sha256"] for k, v in manifest["files"].items()} == \
        {k.replace(os.sep, "/"): v for k, v in ha.items() if k != "manifest.json"}


def test_other_seed_other_relief(tmp_path):
    landscape.generate(str(tmp_path / "c"), seed=8, small=True)
    hc = _hashes(str(tmp_path / "c"))
    landscape.generate(str(tmp_path / "d"), seed=9, small=True)
    hd = _hashes(str(tmp_path / "d"))
    assert hc["dem.tif"] != hd["dem.tif"]


def test_layers_open_in_qgis(qgis_app, sample_small):
    from qgis.core import QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    qtype = {"str": QVariant.String, "float": QVariant.Double, "int": QVariant.Int}
    for lname, (_geom, fields) in landscape.LAYERS.items():
        layer = QgsVectorLayer("%s|layername=%s" % (sample_small["gpkg"], lname), lname, "ogr")
        assert layer.isValid(), lname
        assert layer.crs().authid() == "EPSG:2154", lname
        lo, hi = EXPECTED_COUNTS[lname]
        assert lo <= layer.featureCount() <= hi, (lname, layer.featureCount())
        lfields = layer.fields()
        for fname, ftype in fields:
            idx = lfields.indexFromName(fname)
            assert idx >= 0, (lname, fname)
            assert lfields.at(idx).type() == qtype[ftype], (lname, fname)
        for f in layer.getFeatures():
            assert f.hasGeometry() and f.geometry().isGeosValid(), (lname, f.id())


def _values(layer, field):
    return [f[field] for f in layer.getFeatures()]


def test_contents_and_accents(qgis_app, sample_small):
    from qgis.core import NULL, QgsVectorLayer, QgsWkbTypes

    gpkg = sample_small["gpkg"]
    el = QgsVectorLayer(gpkg + "|layername=elements", "e", "ogr")
    names = _values(el, "name")
    assert "Église Sainte-Barbe" in names
    assert "Chevalement de la fosse n°9" in names
    assert "Terril jumeau n°11/19" in names
    types = set(_values(el, "type"))
    assert types == set(landscape.ELEMENT_TYPES)
    geoms = {QgsWkbTypes.geometryType(f.geometry().wkbType()) for f in el.getFeatures()}
    assert geoms == {QgsWkbTypes.PointGeometry, QgsWkbTypes.PolygonGeometry,
                     QgsWkbTypes.LineGeometry}
    for f in el.getFeatures():
        assert f["id"].startswith("E") and f["component"].startswith("C")
        h = f["height_m"]
        if f["type"] == "chevalement":
            assert 30 <= h <= 62
        elif f["type"] == "fosse" and h != NULL:
            assert 10 <= h <= 25
    nulls = [f["name"] for f in el.getFeatures()
             if f["type"] in ("fosse", "chevalement", "eglise", "ecole") and f["height_m"] == NULL]
    assert len(nulls) == 1

    cites = QgsVectorLayer(gpkg + "|layername=cites", "c", "ogr")
    assert {"Liévin", "Hénin-Beaumont", "Loos-en-Gohelle", "Lens"} <= set(_values(cites, "commune"))
    assert "Cité-jardin du Bois-Duchâteau" in _values(cites, "name")
    assert set(_values(cites, "type")) <= set(landscape.CITE_TYPES)
    assert set(_values(cites, "bailleur")) <= set(landscape.BAILLEURS)
    assert "Maisons & Cités" in _values(cites, "bailleur")
    assert all(len(v) == 5 for v in _values(cites, "insee"))

    bld = QgsVectorLayer(gpkg + "|layername=buildings", "b", "ogr")
    heights = _values(bld, "height_m")
    assert any(h == NULL for h in heights) and any(h != NULL for h in heights)
    assert any(v == NULL for v in _values(bld, "floors"))

    pr = QgsVectorLayer(gpkg + "|layername=projects", "p", "ogr")
    for f in pr.getFeatures():
        assert f["kind"] in landscape.PROJECT_KINDS
        if f["kind"] == "eolienne":
            assert 150 <= f["height_m"] <= 200 and 0 < f["hub_height_m"] < f["height_m"]
        else:
            assert f["hub_height_m"] == NULL

    vp = QgsVectorLayer(gpkg + "|layername=viewpoints", "v", "ogr")
    assert any(f["azimuth_min"] > f["azimuth_max"] for f in vp.getFeatures())  # crosses north


def test_dem_in_qgis(qgis_app, sample_small):
    from qgis.core import QgsRasterLayer

    dem = QgsRasterLayer(sample_small["dem"], "dem", "gdal")
    assert dem.isValid()
    assert dem.crs().authid() == "EPSG:2154"
    assert (dem.width(), dem.height()) == (800, 480)
    assert dem.rasterUnitsPerPixelX() == pytest.approx(25.0)
    prov = dem.dataProvider()
    assert prov.sourceHasNoDataValue(1)
    assert prov.sourceNoDataValue(1) == -9999


def test_full_size_header():
    # the full DEM is only checked by its documented size (generation takes ~5 s)
    w = (landscape.EXTENT[2] - landscape.EXTENT[0]) / landscape.RES_FULL
    h = (landscape.EXTENT[3] - landscape.EXTENT[1]) / landscape.RES_FULL
    assert (w, h) == (4000, 2400)


def test_dem_holds_spoil_tips(sample_small):
    ds = gdal.Open(sample_small["dem"])
    band = ds.GetRasterBand(1)
    z = band.ReadAsArray().astype(np.float64)
    assert band.GetNoDataValue() == -9999
    assert (z == -9999).any()  # the documented NoData corner
    valid = z[z != -9999]
    assert 10 < valid.min() and valid.max() < 200
    x0, dx, _, y1, _, dy = ds.GetGeoTransform()
    xs = x0 + (np.arange(ds.RasterXSize) + 0.5) * dx
    ys = y1 + (np.arange(ds.RasterYSize) + 0.5) * dy
    xx, yy = np.meshgrid(xs, ys)
    src = ogr.Open(sample_small["gpkg"])
    layer = src.GetLayerByName("elements")
    n = 0
    for f in layer:
        if f.GetField("type") != "terril":
            continue
        poly = wkb.loads(bytes(f.GetGeometryRef().ExportToWkb()))
        ring = poly.buffer(400).difference(poly.buffer(100))
        inside = vectorized.contains(poly, xx, yy)
        around = vectorized.contains(ring, xx, yy) & (z != -9999)
        plain = np.median(z[around])
        assert z[inside].max() > plain + 20, f.GetField("name")
        n += 1
    assert n >= 6

    # the canal water is flat
    canal_row = int((landscape.CANAL_Y - y1) / dy)
    assert np.all(z[canal_row, :700] == np.float32(landscape.CANAL_LEVEL))


def test_photos_exif(sample_small):
    from PIL import Image

    folder = sample_small["photos"]
    files = sorted(os.listdir(folder))
    assert len(files) == 6
    with Image.open(os.path.join(folder, files[0])) as im:
        assert im.size == (1600, 1200)
        exif = im.getexif()
        assert exif.get_ifd(0x8769)[0x9003].startswith("2025:")
        gps = exif.get_ifd(0x8825)
        lat = sum(float(v) / 60 ** i for i, v in enumerate(gps[2]))
        lon = sum(float(v) / 60 ** i for i, v in enumerate(gps[4]))
        assert 50.0 < lat < 51.0 and 2.0 < lon < 3.5
        assert 0 <= float(gps[17]) < 360
