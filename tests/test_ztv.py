"""vigie:ztv end to end in real QGIS on the sample landscape, and its bad inputs."""

import os

import numpy as np
import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer

RADIUS = 2500.0


def _run(params, feedback=None):
    import processing

    return processing.run("vigie:ztv", params, feedback=feedback or QgsProcessingFeedback())


def _params(sample, tmp, **kw):
    p = {
        "DEM": sample["dem"],
        "ELEMENTS": sample["gpkg"] + "|layername=elements",
        "RADIUS": RADIUS,
        "OUTPUT_COUNT": os.path.join(tmp, "count.tif"),
        "OUTPUT_HEIGHT": os.path.join(tmp, "height.tif"),
        "OUTPUT_ZONES": os.path.join(tmp, "zones.gpkg"),
        "OUTPUT_TABLE": os.path.join(tmp, "table.csv"),
    }
    p.update(kw)
    return p


@pytest.fixture(scope="module")
def ztv_run(vigie_provider, sample_small, tmp_path_factory):
    tmp = str(tmp_path_factory.mktemp("ztv"))
    res = _run(_params(sample_small, tmp))
    return sample_small, tmp, res


def _read(path, band=1):
    ds = gdal.Open(path)
    b = ds.GetRasterBand(band)
    return b.ReadAsArray(), b.GetNoDataValue(), ds


def test_outputs_on_the_dem_grid_with_metadata(ztv_run):
    sample, tmp, res = ztv_run
    dem = gdal.Open(sample["dem"])
    for key in ("OUTPUT_COUNT", "OUTPUT_HEIGHT"):
        ds = gdal.Open(res[key])
        assert (ds.RasterXSize, ds.RasterYSize) == (dem.RasterXSize, dem.RasterYSize)
        assert ds.GetGeoTransform() == pytest.approx(dem.GetGeoTransform())
        md = ds.GetMetadata()
        assert md["VIGIE_ALGORITHM"] == "vigie:ztv"
        assert float(md["VIGIE_RADIUS_M"]) == RADIUS
        assert float(md["VIGIE_EYE_HEIGHT_M"]) == 1.6
        assert md["VIGIE_CURVATURE"] == "yes"
        assert os.path.exists(os.path.splitext(res[key])[0] + ".qml")
    ds = gdal.Open(res["OUTPUT_COUNT"])
    assert ds.RasterCount == 5
    assert "Headframes" in ds.GetRasterBand(2).GetDescription()


def test_count_bands_add_up_and_nodata_outside_radius(ztv_run):
    sample, tmp, res = ztv_run
    total, nd, ds = _read(res["OUTPUT_COUNT"])
    kinds = [ds.GetRasterBand(i).ReadAsArray().astype(int) for i in range(2, 6)]
    valid = total != nd
    assert valid.any() and (~valid).any()  # the 2.5 km radius does not cover the corners
    assert np.array_equal(total[valid].astype(int), sum(k[valid] for k in kinds))
    assert total[valid].max() >= 3
    # a corner far from every element is NoData
    gt = ds.GetGeoTransform()
    src = ogr.Open(sample["gpkg"])  # keep the dataset alive while its layer is used
    lyr = src.GetLayerByName("elements")
    pts = np.array([(f.GetGeometryRef().Centroid().GetX(), f.GetGeometryRef().Centroid().GetY()) for f in lyr])
    rows, cols = total.shape
    ys = gt[3] + (np.arange(rows) + 0.5) * gt[5]
    xs = gt[0] + (np.arange(cols) + 0.5) * gt[1]
    far = np.ones_like(valid)
    for x, y in pts:
        far &= ((xs[None, :] - x) ** 2 + (ys[:, None] - y) ** 2) > (RADIUS + 3000) ** 2
    assert not valid[far].any()


def test_admissible_height_agrees_with_count(ztv_run):
    """Visible to an eye at 1.6 m <=> a 1.6 m structure would be seen: the two outputs agree."""
    sample, tmp, res = ztv_run
    total, nd, _ = _read(res["OUTPUT_COUNT"])
    height, hnd, _ = _read(res["OUTPUT_HEIGHT"])
    valid = (total != nd) & (height != hnd)
    seen = valid & (total > 0)
    unseen = valid & (total == 0)
    assert seen.any() and unseen.any()
    assert np.all(height[seen] <= 1.6 + 1e-3)
    assert np.all(height[unseen] > 1.6 - 1e-3)
    assert np.array_equal(total == nd, height == hnd)


def test_zones_one_multipolygon_per_visible_element(ztv_run):
    sample, tmp, res = ztv_run
    zones = QgsVectorLayer(res["OUTPUT_ZONES"], "zones", "ogr")
    table = QgsVectorLayer(res["OUTPUT_TABLE"], "table", "ogr")
    assert zones.isValid() and table.isValid()
    src = QgsVectorLayer(sample["gpkg"] + "|layername=elements", "el", "ogr")
    assert table.featureCount() == src.featureCount()
    names = {f["element_id"]: f for f in zones.getFeatures()}
    assert 0 < len(names) <= src.featureCount()
    cell = 25.0 * 25.0
    for f in zones.getFeatures():
        g = f.geometry()
        assert g.isGeosValid()
        # the polygon area is the visible area reported, to the cell
        assert g.area() / 10000.0 == pytest.approx(f["visible_area_ha"], abs=cell / 10000.0)
        assert 0 < f["max_distance_m"] <= RADIUS + 50
        assert f["eye_height_m"] == 1.6
    assert {f["kind"] for f in zones.getFeatures()} >= {"chevalements", "terrils"}
    # accents survive
    assert any("é" in (f["name"] or "") for f in zones.getFeatures())


def test_zones_match_the_count_raster(ztv_run):
    """Every cell where n elements are seen lies in exactly n zones (sampled)."""
    from qgis.core import QgsGeometry, QgsPointXY

    sample, tmp, res = ztv_run
    total, nd, ds = _read(res["OUTPUT_COUNT"])
    gt = ds.GetGeoTransform()
    zones = [f.geometry() for f in QgsVectorLayer(res["OUTPUT_ZONES"], "z", "ogr").getFeatures()]
    rng = np.random.default_rng(1)
    rows, cols = np.nonzero(total != nd)
    pick = rng.choice(rows.size, 150, replace=False)
    for i in pick:
        r, c = rows[i], cols[i]
        p = QgsGeometry.fromPointXY(QgsPointXY(gt[0] + (c + 0.5) * gt[1], gt[3] + (r + 0.5) * gt[5]))
        n = sum(1 for z in zones if z.contains(p))
        assert n == total[r, c], (r, c)


def test_elements_in_another_crs_give_the_same_result(vigie_provider, sample_small, tmp_path, ztv_run):
    out = str(tmp_path / "el3857.gpkg")
    gdal.VectorTranslate(out, sample_small["gpkg"], layers=["elements"], dstSRS="EPSG:3857", format="GPKG")
    res = _run(_params(sample_small, str(tmp_path), ELEMENTS=out + "|layername=elements",
                       OUTPUT_ZONES=None, OUTPUT_TABLE=None, OUTPUT_HEIGHT=None))
    a, _, _ = _read(res["OUTPUT_COUNT"])
    b, _, _ = _read(ztv_run[2]["OUTPUT_COUNT"])
    # outline points are sampled in the layer's CRS, so they move by centimetres
    assert (a != b).mean() < 0.005


def _geographic_dem(sample, tmp):
    out = os.path.join(tmp, "dem4326.tif")
    gdal.Warp(out, sample["dem"], dstSRS="EPSG:4326")
    return out


def test_geographic_dem_is_refused(vigie_provider, sample_small, tmp_path):
    p = _params(sample_small, str(tmp_path), DEM=_geographic_dem(sample_small, str(tmp_path)))
    with pytest.raises(QgsProcessingException, match="geographic"):
        _run(p)
    assert not os.path.exists(p["OUTPUT_COUNT"])


def test_dem_without_crs_is_refused(vigie_provider, sample_small, tmp_path):
    out = str(tmp_path / "nocrs.tif")
    src = gdal.Open(sample_small["dem"])
    ds = gdal.GetDriverByName("GTiff").Create(out, src.RasterXSize, src.RasterYSize, 1, gdal.GDT_Float32)
    ds.SetGeoTransform(src.GetGeoTransform())
    ds.GetRasterBand(1).WriteArray(src.GetRasterBand(1).ReadAsArray())
    ds = None
    with pytest.raises(QgsProcessingException, match="coordinate reference system"):
        _run(_params(sample_small, str(tmp_path), DEM=out))


def test_one_cell_dem_is_refused(vigie_provider, sample_small, tmp_path):
    out = str(tmp_path / "one.tif")
    gdal.Translate(out, sample_small["dem"], srcWin=[100, 100, 1, 1])
    with pytest.raises(QgsProcessingException, match="1 × 1"):
        _run(_params(sample_small, str(tmp_path), DEM=out))


def test_radius_larger_than_dem_is_refused(vigie_provider, sample_small, tmp_path):
    with pytest.raises(QgsProcessingException, match="larger than the whole DEM"):
        _run(_params(sample_small, str(tmp_path), RADIUS=500000.0))


def _layer_with(tmp, rows, srs_epsg=2154):
    path = os.path.join(tmp, "els.gpkg")
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(srs_epsg)
    lyr = ds.CreateLayer("elements", srs, ogr.wkbPoint)
    for name, typ in (("id", ogr.OFTString), ("name", ogr.OFTString), ("type", ogr.OFTString),
                      ("height_m", ogr.OFTReal)):
        lyr.CreateField(ogr.FieldDefn(name, typ))
    for fid, name, typ, h, x, y in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        f["id"], f["name"], f["type"] = fid, name, typ
        if h is not None:
            f["height_m"] = h
        if x is not None:
            f.SetGeometry(ogr.CreateGeometryFromWkt("POINT ({} {})".format(x, y)))
        lyr.CreateFeature(f)
    ds = None
    return path + "|layername=elements"


def test_empty_layer_is_refused(vigie_provider, sample_small, tmp_path):
    layer = _layer_with(str(tmp_path), [])
    with pytest.raises(QgsProcessingException, match="no feature"):
        _run(_params(sample_small, str(tmp_path), ELEMENTS=layer))


def test_absurd_height_names_the_element(vigie_provider, sample_small, tmp_path):
    layer = _layer_with(str(tmp_path), [("E1", "Chevalement Sainte-Marie", "chevalement", 4500.0, 690000, 7036000)])
    with pytest.raises(QgsProcessingException, match="Sainte-Marie"):
        _run(_params(sample_small, str(tmp_path), ELEMENTS=layer))


class _Collect(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.warnings = []

    def pushWarning(self, msg):  # noqa: N802
        self.warnings.append(msg)
        super().pushWarning(msg)


def test_elements_outside_or_without_geometry_are_skipped_and_listed(vigie_provider, sample_small, tmp_path):
    layer = _layer_with(str(tmp_path), [
        ("E1", "Chevalement dedans", "chevalement", 40.0, 690000, 7036000),
        ("E2", "Chevalement dehors", "chevalement", 40.0, 600000, 7036000),
        ("E3", "Sans géométrie", "fosse", None, None, None),
        ("E4", "Fosse sans hauteur", "fosse", None, 691000, 7037000),
        ("E5", "Fosse négative", "fosse", -5.0, 689000, 7035000),
    ])
    fb = _Collect()
    res = _run(_params(sample_small, str(tmp_path), ELEMENTS=layer), fb)
    text = "\n".join(fb.warnings)
    assert "Chevalement dehors" in text and "outside" in text
    assert "Sans géométrie" in text
    assert "default 15" in text
    assert "negative" in text
    table = {f["element_id"]: f for f in QgsVectorLayer(res["OUTPUT_TABLE"], "t", "ogr").getFeatures()}
    assert table["E2"]["status"] != "ok" and table["E1"]["status"] == "ok"
    assert float(table["E4"]["height_m"]) == 15.0 and table["E4"]["height_source"] == "default"


def test_all_elements_outside_is_an_error(vigie_provider, sample_small, tmp_path):
    layer = _layer_with(str(tmp_path), [("E2", "Loin", "chevalement", 40.0, 600000, 7036000)])
    with pytest.raises(QgsProcessingException, match="No element"):
        _run(_params(sample_small, str(tmp_path), ELEMENTS=layer))


def test_cancel_leaves_no_output(vigie_provider, sample_small, tmp_path):
    class Cancel(QgsProcessingFeedback):
        def setProgress(self, p):  # noqa: N802
            super().setProgress(p)
            if p > 5:
                self.cancel()

    p = _params(sample_small, str(tmp_path))
    fb = Cancel()
    try:
        _run(p, fb)
    except QgsProcessingException:
        pass
    assert fb.isCanceled()
    left = [n for n in os.listdir(str(tmp_path)) if n.startswith(("count", "height", "zones", "table"))]
    assert left == []


def _surface(sample, tmp, add):
    src = gdal.Open(sample["dem"])
    out = os.path.join(tmp, "surface.tif")
    ds = gdal.GetDriverByName("GTiff").CreateCopy(out, src)
    band = ds.GetRasterBand(1)
    a = band.ReadAsArray()
    nd = band.GetNoDataValue()
    a = np.where(a == nd, a, a + add)
    band.WriteArray(a)
    ds = None
    return out


def test_surface_model_blocks_views_heights_stay_on_the_ground(vigie_provider, sample_small, tmp_path, ztv_run):
    """A uniform 6 m canopy over the terrain: the eye (1.6 m above ground) is under it and sees
    nothing beyond, and a new structure must rise above the canopy to be seen."""
    p = _params(sample_small, str(tmp_path), SURFACE=_surface(sample_small, str(tmp_path), 6.0),
                OUTPUT_ZONES=None, OUTPUT_TABLE=None)
    res = _run(p)
    with_canopy, nd, _ = _read(res["OUTPUT_COUNT"])
    bare, _, _ = _read(ztv_run[2]["OUTPUT_COUNT"])
    valid = bare != nd
    assert with_canopy[valid].sum() < 0.2 * bare[valid].sum()
    h, hnd, _ = _read(res["OUTPUT_HEIGHT"])
    hv = h[h != hnd]
    assert np.median(hv) > 5.0  # heights are above the ground, the canopy is 6 m


def test_surface_model_off_grid_is_refused(vigie_provider, sample_small, tmp_path):
    out = str(tmp_path / "coarse.tif")
    gdal.Translate(out, sample_small["dem"], xRes=50, yRes=50)
    with pytest.raises(QgsProcessingException, match="not on the grid"):
        _run(_params(sample_small, str(tmp_path), SURFACE=out))


def test_per_element_radius_field(vigie_provider, sample_small, tmp_path):
    path = _layer_with(str(tmp_path), [("E1", "Chevalement", "chevalement", 40.0, 690000, 7036000)])
    ds = ogr.Open(path.split("|")[0], 1)
    lyr = ds.GetLayer(0)
    lyr.CreateField(ogr.FieldDefn("rayon", ogr.OFTReal))
    f = lyr.GetNextFeature()
    f["rayon"] = 1000.0
    lyr.SetFeature(f)
    ds = None
    res = _run(_params(sample_small, str(tmp_path), ELEMENTS=path, RADIUS_FIELD="rayon", OUTPUT_HEIGHT=None))
    table = list(QgsVectorLayer(res["OUTPUT_TABLE"], "t", "ogr").getFeatures())
    assert float(table[0]["radius_m"]) == 1000.0
    assert 0 < float(table[0]["max_distance_m"]) <= 1000.0 + 25.0
