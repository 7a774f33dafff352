"""vigie:ztv on the real property: the 353 inscribed elements of the Bassin minier
(accented names, multipolygons, French type names), on a synthetic terrain covering
their extent (no DEM of the Bassin minier is available)."""

import os

import numpy as np
import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsProcessingFeedback, QgsVectorLayer

from conftest import SHARED_DATA

GPKG = os.path.join(SHARED_DATA, "bassin_minier_unesco", "bassin_minier_unesco_l93.gpkg")
LAYERS = {  # layer -> (name field, type or type field)
    "batis": ("denomination", "typologie"),
    "cites_minieres": ("nom", "=cité"),
    "cavaliers": ("objet", "=cavalier"),
    "espace_neonaturel": ("nom", "=espace néonaturel"),
    "terrils": ("nom", "=terril"),
}

pytestmark = pytest.mark.skipif(not os.path.exists(GPKG), reason="shared real data not present")


@pytest.fixture(scope="module")
def real_inputs(tmp_path_factory):
    tmp = str(tmp_path_factory.mktemp("real"))
    src = ogr.Open(GPKG)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    out_path = os.path.join(tmp, "elements.gpkg")
    out = ogr.GetDriverByName("GPKG").CreateDataSource(out_path)
    lyr = out.CreateLayer("elements", srs, ogr.wkbMultiPolygon)
    for n in ("id", "name", "type"):
        lyr.CreateField(ogr.FieldDefn(n, ogr.OFTString))
    ids = set()
    minx = miny = 1e12
    maxx = maxy = -1e12
    for lname, (nf, tf) in LAYERS.items():
        for f in src.GetLayerByName(lname):
            uid = f["id_unesco"]
            if not uid or uid in ids:
                continue
            ids.add(uid)
            g = f.GetGeometryRef()
            e = g.GetEnvelope()
            minx, maxx, miny, maxy = min(minx, e[0]), max(maxx, e[1]), min(miny, e[2]), max(maxy, e[3])
            o = ogr.Feature(lyr.GetLayerDefn())
            o["id"] = uid
            o["name"] = f[nf] or f["objet"] or uid
            o["type"] = tf[1:] if tf.startswith("=") else (f[tf] or "")
            o.SetGeometry(ogr.ForceToMultiPolygon(g.Clone()))
            lyr.CreateFeature(o)
    out = None
    # synthetic rolling terrain at 50 m over the property's extent (+3 km)
    cell = 50.0
    x0, y1 = minx - 3000, maxy + 3000
    cols = int((maxx + 3000 - x0) / cell)
    rows = int((y1 - (miny - 3000)) / cell)
    rng = np.random.default_rng(1360)
    yy, xx = np.mgrid[0:rows, 0:cols].astype(np.float32)
    z = 40 + 15 * np.sin(xx / 90.0) * np.cos(yy / 70.0) + rng.normal(0, 0.5, (rows, cols)).astype(np.float32)
    dem_path = os.path.join(tmp, "terrain.tif")
    ds = gdal.GetDriverByName("GTiff").Create(dem_path, cols, rows, 1, gdal.GDT_Float32, ["COMPRESS=DEFLATE"])
    ds.SetGeoTransform((x0, cell, 0, y1, 0, -cell))
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).WriteArray(z)
    ds.GetRasterBand(1).SetNoDataValue(-9999)
    ds = None
    return dem_path, out_path + "|layername=elements", len(ids), tmp


def test_ztv_of_the_353_elements(vigie_provider, real_inputs):
    import processing

    dem, elements, n, tmp = real_inputs
    assert n == 353
    res = processing.run("vigie:ztv", {
        "DEM": dem, "ELEMENTS": elements, "RADIUS": 1500.0, "SPACING": 200.0,
        "OUTPUT_COUNT": os.path.join(tmp, "count.tif"), "OUTPUT_ZONES": os.path.join(tmp, "zones.gpkg"),
        "OUTPUT_TABLE": os.path.join(tmp, "table.csv"),
    }, feedback=QgsProcessingFeedback())
    table = list(QgsVectorLayer(res["OUTPUT_TABLE"], "t", "ogr").getFeatures())
    assert len(table) == 353
    assert all(f["status"] == "ok" for f in table)
    kinds = {f["kind"] for f in table}
    assert kinds == {"chevalements", "terrils", "cités", "autres"}
    names = {f["name"] for f in table}
    assert any("é" in nm for nm in names)
    zones = QgsVectorLayer(res["OUTPUT_ZONES"], "z", "ogr")
    assert zones.featureCount() >= 340
    ds = gdal.Open(res["OUTPUT_COUNT"])
    count = ds.GetRasterBand(1).ReadAsArray()
    valid = count != 65535
    assert count[valid].max() >= 5  # dense parts of the property see many elements at once
    bands = [ds.GetRasterBand(i).ReadAsArray().astype(int) for i in range(2, 6)]
    assert np.array_equal(count[valid].astype(int), sum(b[valid] for b in bands))
