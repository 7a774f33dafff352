"""vigie:influencezones on the real property: the 353 elements with the real perimeter
(109 components), buffer zone (15 parts) and the 330 communes of the Mission Bassin
Minier, on the synthetic terrain of test_real_property (no DEM of the Bassin minier)."""

import os

import pytest
from qgis.core import QgsProcessingFeedback, QgsVectorLayer
from shapely import wkb as shapely_wkb
from shapely.ops import unary_union
from test_real_property import GPKG, real_inputs  # noqa: F401 - the fixture

pytestmark = pytest.mark.skipif(not os.path.exists(GPKG), reason="shared real data not present")


class Log(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.warnings = []

    def pushWarning(self, m):  # noqa: N802
        self.warnings.append(m)


def test_influence_zones_of_the_353_elements(vigie_provider, real_inputs):  # noqa: F811
    import processing

    dem, elements, n, tmp = real_inputs
    log = Log()
    res = processing.run("vigie:influencezones", {
        "DEM": dem, "ELEMENTS": elements, "RADIUS": 1450.0, "SPACING": 200.0, "ACCURACY": 0,
        "BANDS": "0,500,1500", "MIN_AREA": 5000.0,
        "PERIMETER": GPKG + "|layername=bien_inscrit", "BUFFER_ZONE": GPKG + "|layername=zone_tampon",
        "COMMUNES": GPKG + "|layername=communes_mbm",
        "OUTPUT": os.path.join(tmp, "zones.gpkg"), "OUTPUT_ELEMENTS": os.path.join(tmp, "zones_el.csv"),
        "OUTPUT_COMMUNES": os.path.join(tmp, "zones_com.csv"),
    }, feedback=log)
    zones = list(QgsVectorLayer(res["OUTPUT"], "z", "ogr").getFeatures())
    table = list(QgsVectorLayer(res["OUTPUT_ELEMENTS"], "t", "ogr").getFeatures())
    communes = list(QgsVectorLayer(res["OUTPUT_COMMUNES"], "c", "ogr").getFeatures())
    assert len({f["element_id"] for f in table}) == n == 353
    assert len(table) == 2 * n
    for f in zones:
        g = shapely_wkb.loads(bytes(f.geometry().asWkb()))
        assert g.is_valid and min(p.area for p in g.geoms) >= 5000.0
    # every element is seen (synthetic rolling terrain) and its bands add up
    by_el = {}
    for f in table:
        by_el.setdefault(f["element_id"], []).append(f)
    for eid, rows in by_el.items():
        total = float(rows[0]["element_visible_ha"])
        assert total > 0, eid
        beyond = float(rows[0]["beyond_ha"])  # cells whose centre is within the radius poke out by half a cell
        assert 0.0 <= beyond < 1e-3 * total + 0.5, eid
        assert sum(float(r["visible_ha"]) for r in rows) + beyond == pytest.approx(total, abs=1e-3), eid
        for r in rows:
            assert 0.0 <= float(r["visible_share"]) <= 1.0
            kept = float(r["bien_ha"]) + float(r["zone_tampon_ha"]) + float(r["hors_zone_ha"])
            assert kept + float(r["slivers_ha"]) == pytest.approx(float(r["visible_ha"]), abs=1e-3), eid
    # the elements are the property: nearly all have visible Bien in their near band,
    # and the Bien is a larger share of the near band than of the far one
    near = [f for f in table if int(f["band_index"]) == 0]
    far = [f for f in table if int(f["band_index"]) == 1]
    assert sum(1 for f in near if float(f["bien_ha"]) > 0) >= 0.9 * n

    def bien_share(rows):
        return sum(float(f["bien_ha"]) for f in rows) / sum(float(f["visible_ha"]) for f in rows)
    assert bien_share(near) > bien_share(far)
    # the real communes name the pieces; a commune row sums its pieces
    names = {f["commune"] for f in zones if f["commune"]}
    assert len(names) > 50 and "Loos-en-Gohelle" in names
    row = next(r for r in communes if r["commune"] == "Loos-en-Gohelle")
    pieces = [f for f in zones if f["commune"] == "Loos-en-Gohelle" and f["element_id"] == row["element_id"]]
    assert float(row["visible_ha"]) == pytest.approx(sum(f["area_m2"] for f in pieces) / 1e4, abs=1e-3)
    # the pieces of one element do not overlap (bands × zones × communes is a partition)
    el = zones[0]["element_id"]
    geoms = [shapely_wkb.loads(bytes(f.geometry().asWkb())) for f in zones if f["element_id"] == el]
    assert unary_union(geoms).area == pytest.approx(sum(g.area for g in geoms), rel=1e-6)
