"""vigie:surfacemodel: analytic checks on a synthetic grid, bad inputs, and the surface
accepted by vigie:viewshed / vigie:ztv (a building row hides a headframe)."""

import os

import numpy as np
import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsProcessingException, QgsProcessingFeedback

from vigie.core import surface as core_surface

X0, Y0, CELL = 700000.0, 7040000.0, 5.0  # upper-left corner, Lambert-93
NR, NC = 60, 80


class Log(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.infos, self.warnings = [], []

    def pushInfo(self, m):  # noqa: N802
        self.infos.append(m)

    def pushWarning(self, m):  # noqa: N802
        self.warnings.append(m)


def _dem(path, nr=NR, nc=NC, cell=CELL, z=None, nodata_cells=()):
    ds = gdal.GetDriverByName("GTiff").Create(path, nc, nr, 1, gdal.GDT_Float32)
    ds.SetGeoTransform((X0, cell, 0, Y0, 0, -cell))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    ds.SetProjection(srs.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.SetNoDataValue(-9999.0)
    if z is None:  # a tilted plane: every cell has its own elevation
        r, c = np.mgrid[0:nr, 0:nc]
        z = (30.0 + 0.01 * c + 0.02 * r).astype(np.float32)
    z = np.array(z, dtype=np.float32)
    for rc in nodata_cells:
        z[rc] = -9999.0
    band.WriteArray(z)
    ds = None
    return path


def _cells_box(r0, c0, r1, c1):
    """Polygon covering exactly the cells rows r0..r1-1, cols c0..c1-1."""
    x0, x1 = X0 + c0 * CELL, X0 + c1 * CELL
    y0, y1 = Y0 - r0 * CELL, Y0 - r1 * CELL
    return "POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(a=x0, b=y0, c=x1, d=y1)


def _layer(path, name, rows, fields=(("hauteur", ogr.OFTReal), ("nombre_d_etages", ogr.OFTInteger)), epsg=2154):
    drv = ogr.GetDriverByName("GPKG")
    ds = drv.Open(path, 1) if os.path.exists(path) else drv.CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lyr = ds.CreateLayer(name, srs=srs, geom_type=ogr.wkbPolygon)
    for fname, ftype in fields:
        lyr.CreateField(ogr.FieldDefn(fname, ftype))
    for row in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetGeometry(ogr.CreateGeometryFromWkt(row[0]))
        for (fname, _), v in zip(fields, row[1:]):
            if v is not None:
                f.SetField(fname, v)
        lyr.CreateFeature(f)
    ds = None
    return path + "|layername=" + name


def _run(params, feedback=None):
    import processing

    return processing.run("vigie:surfacemodel", params, feedback=feedback or QgsProcessingFeedback())


def _raster(path):
    ds = gdal.Open(path)
    return ds.GetRasterBand(1).ReadAsArray().astype(np.float64), ds


@pytest.fixture
def dem(tmp_path):
    return _dem(str(tmp_path / "dem.tif"))


def test_buildings_raise_exactly_their_cells(vigie_provider, dem, tmp_path):
    gpkg = str(tmp_path / "b.gpkg")
    lyr = _layer(gpkg, "batiment", [
        (_cells_box(10, 20, 15, 25), 12.5, None),    # height field
        (_cells_box(30, 5, 33, 9), None, 4),          # 4 floors x storey height
        (_cells_box(40, 40, 42, 50), None, None),     # nothing: default height
        (_cells_box(0, 60, 10, 70), 10.0, None),      # overlap: max wins, whatever the order
        (_cells_box(5, 65, 20, 75), 20.0, None),
        (_cells_box(3, 61, 6, 64), 4.0, None),       # lower one inside the 10 m block
    ])
    log = Log()
    out = str(tmp_path / "surface.tif")
    res = _run({"DEM": dem, "BUILDINGS": lyr, "STOREY_HEIGHT": 2.5, "DEFAULT_HEIGHT": 7.0, "OUTPUT": out}, log)
    s, ds = _raster(res["OUTPUT"])
    z, dds = _raster(dem)
    assert (ds.RasterXSize, ds.RasterYSize) == (dds.RasterXSize, dds.RasterYSize)
    assert ds.GetGeoTransform() == dds.GetGeoTransform()
    assert osr.SpatialReference(wkt=ds.GetProjection()).IsSame(osr.SpatialReference(wkt=dds.GetProjection()))
    expected = np.zeros((NR, NC))
    expected[0:10, 60:70] = 10.0
    expected[3:6, 61:64] = 10.0
    expected[5:20, 65:75] = 20.0
    expected[10:15, 20:25] = 12.5
    expected[30:33, 5:9] = 4 * 2.5
    expected[40:42, 40:50] = 7.0
    assert np.allclose(s - z, expected, atol=1e-4)
    assert ds.GetMetadata()["VIGIE_ALGORITHM"] == "vigie:surfacemodel"
    assert ds.GetMetadata()["VIGIE_HEIGHT_FIELD"] == "hauteur"
    assert ds.GetMetadata()["VIGIE_FLOORS_FIELD"] == "nombre_d_etages"
    assert any("1 features have no height" in w and "7 m" in w for w in log.warnings), log.warnings
    assert any("4 heights from the field hauteur" in m for m in log.infos), log.infos
    assert any("1 heights from the number of floors" in m for m in log.infos), log.infos


def test_nodata_stays_and_vegetation_in_another_crs_is_reprojected(vigie_provider, tmp_path):
    dem = _dem(str(tmp_path / "dem.tif"), nodata_cells=[(12, 22)])
    gpkg = str(tmp_path / "v.gpkg")
    b = _layer(gpkg, "b", [(_cells_box(10, 20, 15, 25), 9.0, None)])
    # a wood of 15 m given in WGS 84: the same cells once reprojected
    wkt = _cells_box(40, 10, 50, 30)
    src = osr.SpatialReference()
    src.ImportFromEPSG(2154)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    g = ogr.CreateGeometryFromWkt(wkt)
    g.Segmentize(1.0)
    g.Transform(osr.CoordinateTransformation(src, dst))
    v = _layer(gpkg, "bois", [(g.ExportToWkt(), 15.0)], fields=(("hauteur", ogr.OFTReal),), epsg=4326)
    log = Log()
    res = _run({"DEM": dem, "BUILDINGS": b, "VEGETATION": v, "OUTPUT": str(tmp_path / "s.tif")}, log)
    s, ds = _raster(res["OUTPUT"])
    z, _ = _raster(dem)
    assert s[12, 22] == -9999.0
    valid = z != -9999.0
    d = np.where(valid, s - z, 0.0)
    assert np.allclose(d[10:15, 20:25][valid[10:15, 20:25]], 9.0)
    assert np.allclose(d[41:49, 11:29], 15.0, atol=1e-4)
    raised = d > 0
    # reprojection: at most the rim of the wood differs (sub-centimetre shifts)
    assert raised.sum() == pytest.approx(5 * 5 - 1 + 10 * 20, abs=8)
    assert any("EPSG:4326" in w and "reprojected" in w for w in log.warnings), log.warnings


def test_negative_heights_are_skipped_and_named(vigie_provider, dem, tmp_path):
    lyr = _layer(str(tmp_path / "b.gpkg"), "b", [
        (_cells_box(10, 20, 15, 25), -3.0, None),
        (_cells_box(30, 5, 33, 9), None, -2),
        (_cells_box(40, 40, 42, 50), 8.0, None),
    ])
    log = Log()
    res = _run({"DEM": dem, "BUILDINGS": lyr, "OUTPUT": str(tmp_path / "s.tif")}, log)
    s, _ = _raster(res["OUTPUT"])
    z, _ = _raster(dem)
    assert np.count_nonzero(s - z > 1e-4) == 20
    msg = [w for w in log.warnings if "negative" in w]
    assert msg and "feature ids 1, 2" in msg[0], log.warnings


def test_heights_that_look_like_elevations_stop_the_run(vigie_provider, dem, tmp_path):
    lyr = _layer(str(tmp_path / "b.gpkg"), "b", [(_cells_box(10, 20, 15, 25), 412.0, None)])
    out = str(tmp_path / "s.tif")
    with pytest.raises(QgsProcessingException, match="elevations"):
        _run({"DEM": dem, "BUILDINGS": lyr, "OUTPUT": out})
    assert not os.path.exists(out)


def test_text_height_is_a_clear_error(vigie_provider, dem, tmp_path):
    lyr = _layer(str(tmp_path / "b.gpkg"), "b", [(_cells_box(10, 20, 15, 25), "R+2")],
                 fields=(("hauteur", ogr.OFTString),))
    with pytest.raises(QgsProcessingException, match="hauteur.*'R\\+2'"):
        _run({"DEM": dem, "BUILDINGS": lyr, "OUTPUT": str(tmp_path / "s.tif")})


def test_no_layer_is_refused(vigie_provider, dem, tmp_path):
    with pytest.raises(QgsProcessingException, match="buildings layer, a vegetation layer"):
        _run({"DEM": dem, "OUTPUT": str(tmp_path / "s.tif")})


def test_all_touched_choice(dem, tmp_path):
    # a 2 m x 2 m shed in the corner of one cell: its centre rule raises nothing
    x, y = X0 + 10 * CELL + 0.2, Y0 - 10 * CELL - 0.2
    shed = ogr.CreateGeometryFromWkt("POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(
        a=x, b=y, c=x + 2, d=y - 2)).ExportToWkb()
    gt = (X0, CELL, 0, Y0, 0, -CELL)
    centre = core_surface.rasterize_heights([(shed, 5.0)], gt, (NR, NC))
    touched = core_surface.rasterize_heights([(shed, 5.0)], gt, (NR, NC), all_touched=True)
    assert centre.max() == 0.0
    assert touched[10, 10] == 5.0 and np.count_nonzero(touched) == 1


def test_resolve_heights_rules():
    fps = [core_surface.Footprint(1, b"", 7.5, 3), core_surface.Footprint(2, b"", None, 3),
           core_surface.Footprint(3, b"", None, None), core_surface.Footprint(4, b"", -1.0, None),
           core_surface.Footprint(5, b"", float("nan"), 0), core_surface.Footprint(6, b"", 500.0, None)]
    h, rep = core_surface.resolve_heights(fps, storey_height=3.0, default_height=6.0)
    assert h == [7.5, 9.0, 6.0, None, 6.0, None]
    assert rep.from_field == [1] and rep.from_floors == [2] and rep.from_default == [3, 5]
    assert rep.negative == [4] and rep.too_high == [6]
    h, rep = core_surface.resolve_heights(fps[2:3], default_height=0.0)
    assert h == [None] and rep.without_height == [3]
    with pytest.raises(ValueError):
        core_surface.resolve_heights(fps, storey_height=0.0)


def test_cancel_leaves_no_file(dem, tmp_path):
    out = str(tmp_path / "s.tif")
    box = ogr.CreateGeometryFromWkt(_cells_box(1, 1, 5, 5)).ExportToWkb()
    with pytest.raises(core_surface.Canceled):
        core_surface.build_surface(dem, out, [(box, 5.0)], is_canceled=lambda: True)
    assert os.listdir(str(tmp_path)) == ["dem.tif"]
    # blocks of a few rows give the same result as one block
    a = core_surface.build_surface(dem, out, [(box, 5.0)], block_cells=NC * 7)
    s1, _ = _raster(out)
    b = core_surface.build_surface(dem, str(tmp_path / "t.tif"), [(box, 5.0)])
    s2, _ = _raster(str(tmp_path / "t.tif"))
    assert np.array_equal(s1, s2) and a == b and a["raised_cells"] == 16


def test_building_row_hides_the_headframe(vigie_provider, tmp_path):
    """Flat ground; a viewpoint, 60 m east a row of 20 m buildings, 1 km east a 40 m
    headframe: seen without the surface, hidden with it (viewshed and ZTV)."""
    nr, nc = 120, 300
    dem = _dem(str(tmp_path / "flat.tif"), nr=nr, nc=nc, z=np.full((nr, nc), 25.0))
    row_y = 60
    vx, vy = X0 + 20.5 * CELL, Y0 - (row_y + 0.5) * CELL      # viewpoint cell (60, 20)
    hx, hy = X0 + 220.5 * CELL, Y0 - (row_y + 0.5) * CELL     # headframe cell (60, 220), 1000 m away
    gpkg = str(tmp_path / "scene.gpkg")
    # a row of houses (north-south), 20 m high, 12 cells east of the viewpoint, with 1-cell gaps
    houses = [(_cells_box(r, 32, r + 4, 34), 20.0, None) for r in range(30, 92, 5)]
    b = _layer(gpkg, "batiment", houses)
    for name, (x, y), fields in (("vp", (vx, vy), ()), ("hf", (hx, hy), (("height_m", 40.0), ("type", "chevalement")))):
        ds = ogr.Open(gpkg, 1)
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(2154)
        lyr = ds.CreateLayer(name, srs=srs, geom_type=ogr.wkbPoint)
        for fname, v in fields:
            lyr.CreateField(ogr.FieldDefn(fname, ogr.OFTReal if isinstance(v, float) else ogr.OFTString))
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT({} {})".format(x, y)))
        for fname, v in fields:
            f.SetField(fname, v)
        lyr.CreateFeature(f)
        ds = None
    surf = _run({"DEM": dem, "BUILDINGS": b, "OUTPUT": str(tmp_path / "surface.tif")})["OUTPUT"]
    import processing

    out = {}
    for label, extra in (("bare", {}), ("surface", {"SURFACE": surf})):
        res = processing.run("vigie:viewshed", dict(
            DEM=dem, VIEWPOINTS=gpkg + "|layername=vp", OBSERVER_HEIGHT=1.6, TARGET_HEIGHT=40.0, RADIUS=1400.0,
            OUTPUT=str(tmp_path / ("vs_%s.tif" % label)), **extra))
        a, _ = _raster(res["OUTPUT"])
        z = processing.run("vigie:ztv", dict(
            DEM=dem, ELEMENTS=gpkg + "|layername=hf", HEIGHT_FIELD="height_m", RADIUS=1400.0,
            OUTPUT_COUNT=str(tmp_path / ("ztv_%s.tif" % label)), **extra))
        c, _ = _raster(z["OUTPUT_COUNT"])
        out[label] = (a[row_y, 220], c[row_y, 20], a, c)
    assert out["bare"][0] == 1 and out["bare"][1] == 1          # seen over bare ground
    assert out["surface"][0] == 0 and out["surface"][1] == 0    # hidden behind the houses
    # east of the row, nothing stands between the eye and the headframe
    c_s = out["surface"][3]
    assert c_s[row_y, 40] == 1 and c_s[row_y, 10] == 0
