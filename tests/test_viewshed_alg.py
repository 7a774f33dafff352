"""vigie:viewshed end to end: viewpoints with heights and view cones (one crossing north)."""

import os

import numpy as np
import pytest
from osgeo import gdal, ogr
from qgis.core import QgsProcessingException


def _run(params):
    import processing

    return processing.run("vigie:viewshed", params)


def _read(path):
    ds = gdal.Open(path)
    return ds.GetRasterBand(1).ReadAsArray(), ds.GetGeoTransform()


@pytest.fixture(scope="module")
def one_viewpoint(sample_small, tmp_path_factory):
    """The sample viewpoint V03 (cone 350° -> 20°) alone, in its own layer."""
    tmp = str(tmp_path_factory.mktemp("vs"))
    out = os.path.join(tmp, "v03.gpkg")
    gdal.VectorTranslate(out, sample_small["gpkg"], layers=["viewpoints"], where="id = 'V03'", format="GPKG")
    return out + "|layername=viewpoints", tmp


def test_cone_crossing_north(vigie_provider, sample_small, one_viewpoint):
    layer, tmp = one_viewpoint
    base = dict(DEM=sample_small["dem"], VIEWPOINTS=layer, RADIUS=3000.0, TARGET_HEIGHT=1.6,
                AZIMUTH_MIN_FIELD="", AZIMUTH_MAX_FIELD="")
    full = _run(dict(base, OUTPUT=os.path.join(tmp, "full.tif"), OUTPUT_HEIGHT=os.path.join(tmp, "h.tif")))
    cone = _run(dict(base, AZIMUTH_MIN_FIELD="azimuth_min", AZIMUTH_MAX_FIELD="azimuth_max",
                     OUTPUT=os.path.join(tmp, "cone.tif"), OUTPUT_HEIGHT=os.path.join(tmp, "hc.tif")))
    a, gt = _read(full["OUTPUT"])
    b, _ = _read(cone["OUTPUT"])
    valid = a != 65535
    in_cone = b != 65535  # outside the cone: not analysed (NoData)
    assert set(np.unique(a[valid])) <= {0, 1}
    assert (in_cone <= valid).all() and 0 < in_cone.sum() < valid.sum()
    assert np.array_equal(b[in_cone], a[in_cone])  # inside the cone, the same viewshed
    assert 0 < (b == 1).sum() < (a == 1).sum()
    hc, _ = _read(cone["OUTPUT_HEIGHT"])
    assert np.array_equal(hc != -9999, in_cone)
    assert (hc[b == 1] <= 1.6 + 1e-3).all() and (hc[in_cone & (b == 0)] > 1.6 - 1e-3).all()
    ds = ogr.Open(layer.split("|")[0])
    f = ds.GetLayer(0).GetNextFeature()
    x, y = f.GetGeometryRef().GetX(), f.GetGeometryRef().GetY()
    assert (f["azimuth_min"], f["azimuth_max"]) == (350.0, 20.0)
    rows, cols = np.nonzero(b == 1)
    az = np.degrees(np.arctan2(gt[0] + (cols + 0.5) * gt[1] - x, gt[3] + (rows + 0.5) * gt[5] - y)) % 360
    assert ((az >= 349.0) | (az <= 21.0)).all()
    # north of the viewpoint is seen, south never
    assert (az < 5).any() and (az > 355).any()
    h, _ = _read(full["OUTPUT_HEIGHT"])
    seen = a == 1
    assert (h[seen] <= 1.6 + 1e-3).all() and (h[valid & ~seen] > 1.6 - 1e-3).all()


def test_empty_viewpoints_refused(vigie_provider, sample_small, tmp_path):
    out = str(tmp_path / "none.gpkg")
    gdal.VectorTranslate(out, sample_small["gpkg"], layers=["viewpoints"], where="id = 'nope'", format="GPKG")
    with pytest.raises(QgsProcessingException, match="no feature"):
        _run(dict(DEM=sample_small["dem"], VIEWPOINTS=out + "|layername=viewpoints", OUTPUT=str(tmp_path / "o.tif")))


def test_agreement_with_exact_line_of_sight_through_processing(vigie_provider, sample_small, one_viewpoint):
    """vigie:viewshed (balanced) agrees with the exact R3 line of sight on >= 99.5 % of the
    cells, and at least as well as GDAL alone (ACCURACY=0), on the sample terrain."""
    from vigie.core import los

    layer, tmp = one_viewpoint
    ds = ogr.Open(layer.split("|")[0])
    f = ds.GetLayer(0).GetNextFeature()
    x, y, h = f.GetGeometryRef().GetX(), f.GetGeometryRef().GetY(), f["height_m"]
    ds = None
    radius = 4000.0
    res = {}
    for acc in (0, 2, 3):
        out = _run(dict(DEM=sample_small["dem"], VIEWPOINTS=layer, RADIUS=radius, TARGET_HEIGHT=1.6,
                        HEIGHT_FIELD="height_m", ACCURACY=acc, OUTPUT=os.path.join(tmp, "acc{}.tif".format(acc))))
        res[acc], gt = _read(out["OUTPUT"])
    dem_ds = gdal.Open(sample_small["dem"])
    band = dem_ds.GetRasterBand(1)
    dem = band.ReadAsArray().astype(np.float64)
    nd = band.GetNoDataValue()
    r0, c0 = int((gt[3] - y) / -gt[5]), int((x - gt[0]) / gt[1])
    valid = res[2] != 65535
    rows, cols = np.nonzero(valid)
    srs = dem_ds.GetSpatialRef()
    diameter = 2 * srs.GetSemiMajor()
    truth = los.visible(dem, r0, c0, h, (rows, cols), (gt[1], -gt[5]), target_height=1.6,
                        curv_coeff=1 - 1 / 7, earth_diameter=diameter, nodata=nd)
    agree = {acc: float((res[acc][rows, cols].astype(bool) == truth).mean()) for acc in res}
    assert agree[2] >= 0.995, agree
    assert agree[2] >= agree[0], agree


def test_vertical_angle_limits(vigie_provider, sample_small, one_viewpoint, tmp_path):
    layer, tmp = one_viewpoint
    out = str(tmp_path / "v.gpkg")
    gdal.VectorTranslate(out, layer.split("|")[0], format="GPKG")
    ds = ogr.Open(out, 1)
    lyr = ds.GetLayer(0)
    lyr.CreateField(ogr.FieldDefn("angle_max", ogr.OFTReal))
    f = lyr.GetNextFeature()
    f["angle_max"] = -0.5  # only what lies more than half a degree below the horizontal
    lyr.SetFeature(f)
    ds = None
    base = dict(DEM=sample_small["dem"], RADIUS=3000.0, TARGET_HEIGHT=0.0)
    full = _run(dict(base, VIEWPOINTS=layer, OUTPUT=str(tmp_path / "a.tif")))
    down = _run(dict(base, VIEWPOINTS=out + "|layername=viewpoints", ANGLE_MAX_FIELD="angle_max",
                     OUTPUT=str(tmp_path / "b.tif")))
    a, _ = _read(full["OUTPUT"])
    b, _ = _read(down["OUTPUT"])
    seen_a, seen_b = a == 1, b == 1
    assert (seen_b <= seen_a).all()
    assert 0 < seen_b.sum() < seen_a.sum()
