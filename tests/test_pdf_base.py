"""core/pdf/base.py: fonts, escaping, document template, images, atomic writes (real PDFs)."""

import io
import os
import re
import subprocess

import pytest

import vigie  # noqa: F401 - puts the vendored reportlab (ext_libs) on sys.path
from vigie.core.pdf import base


def pdftotext(path: str) -> str:
    return subprocess.run(["pdftotext", "-layout", path, "-"], check=True, capture_output=True,
                          text=True).stdout


def pdfinfo(path: str) -> dict:
    out = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def outline(path: str) -> list:
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", path], check=True,
                         capture_output=True, text=True).stdout
    return re.findall(r'<item page="(\d+)">(.*?)</item>', xml)


def _jpeg(size=(4000, 3000), orientation=None) -> bytes:
    from PIL import Image

    im = Image.new("RGB", size, (120, 80, 40))
    for i in range(0, size[0], 97):
        im.paste((250, 250, 250), (i, 0, i + 20, size[1]))
    buf = io.BytesIO()
    kw = {}
    if orientation:
        ex = Image.Exif()
        ex[0x0112] = orientation
        kw["exif"] = ex
    im.save(buf, "JPEG", quality=90, **kw)
    return buf.getvalue()


def test_esc_keeps_markup_characters_as_text():
    assert base.esc("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert base.esc("l1\nl2\r\nl3") == "l1<br/>l2<br/>l3"
    assert base.esc(None) == ""
    assert base.esc("x\x00y\x1bz") == "x y z"
    assert base.esc("<b>gras</b>", newlines=False) == "&lt;b&gt;gras&lt;/b&gt;"


def test_document_text_metadata_bookmarks_pages(out_dir):
    from reportlab.platypus import PageBreak, Paragraph
    from reportlab.platypus.tableofcontents import TableOfContents

    st = base.make_styles()
    toc = TableOfContents(levelStyles=[st["toc1"], st["toc2"]])
    story = [Paragraph("Sommaire", st["h1"]), toc, PageBreak()]
    names = ["Cité « Fosse 9 » — œuvre & <patrimoine>", "Cité Saint-Amé 😀 中文"]
    for i, name in enumerate(names):
        story += [base.PageInfo(header_right=name, footer_left="Visite du 12/05/2025"),
                  base.Bookmark(name, "c%d" % i), Paragraph(base.esc(name), st["title"])]
        story += base.key_value_block([("Commune", "Loos-en-Gohelle"), ("Vide", ""),
                                       ("Note", "prix 12 € < 20 € & plus")], st, empty="non renseigné")
        story.append(base.long_table(["Thème", "Texte"],
                                     [["t%d" % k, "mot " * 200 + "z" * 2500] for k in range(6)],
                                     [60, base.CONTENT_WIDTH - 60], st))
        story.append(PageBreak())
    path = os.path.join(out_dir, "base.pdf")

    def build(tmp):
        doc = base.SheetDocTemplate(tmp, title="Fiches — essai", author="Mission Bassin minier",
                                    subject="Fiches patrimoine", header_left="Bassin minier")
        doc.multiBuild(story, canvasmaker=base.NumberedCanvas)

    base.write_pdf(path, build)
    info = pdfinfo(path)
    assert info["Title"] == "Fiches — essai"
    assert info["Author"] == "Mission Bassin minier"
    assert info["Subject"] == "Fiches patrimoine"
    assert info["Page size"].startswith("595.276 x 841.89")
    pages = int(info["Pages"])
    assert pages > 4
    with open(path, "rb") as fh:
        assert b"/Lang (fr-FR)" in fh.read()
    text = pdftotext(path)
    flat = " ".join(text.split())
    for name in names:
        assert name in flat
    assert "prix 12 € < 20 € & plus" in flat
    assert "non renseigné" in flat
    assert "page 1/{}".format(pages) in flat and "page {0}/{0}".format(pages) in flat
    # nothing lost in the long cells: every z of every row is there
    assert text.count("z") == 2 * 6 * 2500
    marks = outline(path)
    assert [t for _p, t in marks] == [n.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                                      for n in names]
    assert int(marks[0][0]) == 2 and int(marks[1][0]) > 3
    # table of contents: the second cité's page number as in the outline
    assert re.search(r"Saint-Amé.*\s{}\s".format(marks[1][0]), text)


def test_prepare_jpeg_downsamples_to_print_resolution():
    data = _jpeg((4000, 3000))
    img = base.prepare_jpeg(data, 240, 180, dpi=200)
    assert img.width_px <= 667 and img.height_px <= 500
    assert img.width_px >= 600
    assert len(img.data) < len(data) / 5
    assert img.data[:2] == b"\xff\xd8"
    # small upright JPEG: kept byte for byte
    small = _jpeg((300, 200))
    assert base.prepare_jpeg(small, 240, 180).data == small


def test_prepare_jpeg_orientation_png_and_bad_files():
    from PIL import Image

    rotated = base.prepare_jpeg(_jpeg((1200, 800), orientation=6), 1000, 1000, dpi=72)
    assert rotated.height_px > rotated.width_px
    buf = io.BytesIO()
    Image.new("RGBA", (500, 400), (0, 0, 255, 0)).save(buf, "PNG")
    png = base.prepare_jpeg(buf.getvalue(), 100, 100)
    assert png.data[:2] == b"\xff\xd8"
    with pytest.raises(base.ImageError) as err:
        base.prepare_jpeg(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", 100, 100)
    assert err.value.reason == "unsupported"
    with pytest.raises(base.ImageError) as err:
        base.prepare_jpeg(_jpeg((800, 600))[:600], 100, 100)
    assert err.value.reason == "unreadable"
    with pytest.raises(base.ImageError):
        base.prepare_jpeg(b"not an image at all", 100, 100)
    with pytest.raises(base.ImageError):
        base.prepare_jpeg(b"", 100, 100)


def test_write_pdf_is_atomic(tmp_path):
    target = tmp_path / "fiche.pdf"
    target.write_bytes(b"previous")

    def failing(tmp):
        with open(tmp, "wb") as fh:
            fh.write(b"half")
        raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        base.write_pdf(str(target), failing)
    assert target.read_bytes() == b"previous"
    assert sorted(os.listdir(tmp_path)) == ["fiche.pdf"]
    # a target that cannot be replaced (here a folder in the way)
    (tmp_path / "dir.pdf").mkdir()
    (tmp_path / "dir.pdf" / "x").write_text("x")
    with pytest.raises(base.OutputError) as err:
        base.write_pdf(str(tmp_path / "dir.pdf"), lambda tmp: open(tmp, "wb").close())
    assert err.value.reason == "locked"
    assert sorted(os.listdir(tmp_path)) == ["dir.pdf", "fiche.pdf"]
    with pytest.raises(base.OutputError) as err:
        base.check_writable_folder("/proc/vigie-not-writable")
    assert err.value.reason == "folder"
    with pytest.raises(base.OutputError):
        base.check_writable_folder(str(target / "sub"))


def test_map_flowable_scale_bar_length():
    assert base.nice_scale_length(730) == 500
    assert base.nice_scale_length(260) == 250
    assert base.nice_scale_length(1999) == 1000
    assert base.nice_scale_length(0) == 0


def test_slugs_are_safe_file_names_on_windows():
    from vigie.core.pdf import fiche_data

    assert fiche_data.slug("Cité-jardin du Bois-Duchâteau") == "cite-jardin-du-bois-duchateau"
    assert fiche_data.slug("Cœur d'Œuvre « n°3 » <a|b>?*") == "coeur-d-oeuvre-n3-a-b"
    assert fiche_data.slug("CON") == "con-1" and fiche_data.slug("lpt1") == "lpt1-1"
    assert fiche_data.slug("") == "fiche" and fiche_data.slug("中文 😀") == "fiche"
    assert len(fiche_data.slug("x" * 500)) == 60
    assert fiche_data.unique_names(["a", "A", "a", "a-2"]) == ["a", "A-2", "a-3", "a-2-2"]


def test_sheet_data_previous_visit_kept_photos_and_model_sections():
    from vigie.core import fiche
    from vigie.core.pdf import fiche_data

    cite = {"uuid": "c1", "nom": "Cité Saint-Amé", "communes": "Liévin", "statut_unesco": "zone_tampon",
            "wkb": None}
    visits = [dict(uuid=u, cite_uuid="c1", date_visite=d, etat_voirie=v, statut="validee")
              for u, d, v in (("f2019", "2019-04-01", "1"), ("f2021", "2021-06-03", "2"), ("f2025", "2025-05-12", "4"))]
    other = dict(uuid="fx", cite_uuid="c2", date_visite="2024-01-01", etat_voirie="3")
    photos = {"f2025": [
        {"uuid": "p3", "fichier": "DCIM/c.jpg", "ordre": 3, "retenue": True, "legende": "trois"},
        {"uuid": "p1", "fichier": "DCIM/a.jpg", "ordre": 1, "retenue": None, "legende": "un"},
        {"uuid": "p2", "fichier": "DCIM/b.jpg", "ordre": 2, "retenue": False, "legende": "écartée"},
    ]}
    precos = {"f2025": [{"theme": "facades", "action": "conserver", "texte": "Garder la brique",
                         "instrument": "l151_19", "priorite": "1", "photo_uuid": "p3"}]}
    sv = fiche_data.Survey("/survey", {"c1": cite}, visits + [other], precos, photos)
    d = fiche_data.sheet_data(sv, visits[2])
    assert d["previous_date"] == "03/06/2021"  # the latest earlier visit of the same cité
    voirie = [s for s in d["scores"] if s["label"] == "Voirie"][0]
    assert (voirie["code"], voirie["value"], voirie["previous_code"], voirie["previous_value"]) == (
        "4", "Mauvais", "2", "Moyen")
    assert [p["caption"] for p in d["photos"]] == ["un", "trois"]  # not kept: left out; in order
    assert d["photos"][1]["path"] == "/survey/DCIM/c.jpg"
    assert d["preconisations"][0]["photo_number"] == 2
    assert d["preconisations"][0]["instrument"] == "Protection au titre du L.151-19"
    assert d["unesco"] == "Dans la zone tampon" and d["communes"] == "Liévin"
    labels = [lab for _tab, rows in d["sections"] for lab, _v in rows]
    assert "Voirie" not in labels and "Intégrité (1 à 4)" not in labels  # printed in the scale
    assert "Trame viaire" in labels and "Désordres : description" in labels  # score 4: group shown
    tabs = [t for t, _r in d["sections"]]
    assert tabs == [t.label for t in fiche.FICHE.tabs]
    first = fiche_data.sheet_data(sv, visits[0])
    assert first["previous_date"] == "" and "Désordres : description" not in [
        lab for _t, rows in first["sections"] for lab, _v in rows]
