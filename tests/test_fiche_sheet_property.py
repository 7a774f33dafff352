"""Property test of the fiche sheet builder (core, no QGIS): whatever a surveyor types — any Unicode,
markup characters, empty or enormous fields, 0–30 photos, 0–50 préconisations — the export never
crashes and every word typed is in the PDF (read back with pdftotext)."""

import io
import os
import subprocess
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vigie  # noqa: F401 - vendored reportlab on sys.path
from vigie.core import fiche
from vigie.core.pdf import base, fiche_sheet

# Every character a person can type: letters, marks, numbers, punctuation, symbols, spaces of any
# script (emoji and CJK included). Left out: control and format characters (invisible; controls
# print as spaces, by design), unassigned / private / surrogate code points, and right-to-left
# letters (Arabic, Hebrew: reportlab has no bidirectional layout, and pdftotext reorders them, so
# the check itself would be wrong; see docs/fiches-pdf.md).
# Also left out: the Hebrew and Arabic presentation forms (U+FB1D-U+FDFF, U+FE70-U+FEFF), which
# pdftotext expands into right-to-left letters (e.g. U+FD48, a neutral-direction ligature symbol).
CHARS = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")).filter(
    lambda c: unicodedata.bidirectional(c) not in ("R", "AL", "AN", "RLE", "RLO", "RLI", "NSM")
    and not (0xFB1D <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFF))
WORD = st.text(CHARS, min_size=1, max_size=12)
MARKUP = st.sampled_from(["<", ">", "&", "&amp;", "<b>", "</para>", "<br/>", "&#x3C;", "<font name='x'>",
                          "œ", "«", "»", "€", "l'été", "\"", "'", "%s", "{0}", "\\"])
SHORT = st.lists(st.one_of(WORD, MARKUP), max_size=8).map(" ".join)
ENORMOUS = st.builds(lambda words, n: " ".join(words * n), st.lists(st.one_of(WORD, MARKUP), min_size=1, max_size=6),
                     st.integers(60, 300))
UNBROKEN = st.builds(lambda w, n: w * n, WORD, st.integers(50, 400))  # no space at all
TEXT = st.one_of(st.just(""), SHORT, SHORT, SHORT, ENORMOUS, UNBROKEN)


def _tiny_jpeg() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 60)).save(buf, "JPEG")
    return buf.getvalue()


JPEG = _tiny_jpeg()
SCALE = [(t.code, t.label) for t in fiche.VOCABS["etat"]]
CODES = st.sampled_from([c for c, _ in SCALE] + [""])


@st.composite
def sheets(draw):
    photos = []
    for i in range(draw(st.integers(0, 30))):
        photos.append({"number": i + 1, "file": "DCIM/p{}.jpg".format(i), "data": JPEG,
                       "caption": draw(TEXT), "theme": draw(SHORT), "taken": "12/05/2025",
                       "direction": draw(st.one_of(st.none(), st.floats(0, 360))), "credit": draw(SHORT),
                       "x": draw(st.floats(0, 100)), "y": draw(st.floats(0, 88))})
    precos = [{"theme": draw(SHORT), "action": draw(SHORT), "text": draw(TEXT), "instrument": draw(SHORT),
               "instrument_code": "", "priority": draw(SHORT),
               "photo_number": draw(st.one_of(st.none(), st.integers(1, 30)))}
              for _ in range(draw(st.integers(0, 50)))]
    sections = []
    for tab in fiche.FICHE.tabs:
        rows = [(f.label, draw(TEXT)) for f in fiche.FICHE.fields if f.tab == tab.id and f.pdf
                and f.name not in fiche.TREND_FIELDS]
        sections.append((tab.label, rows))
    scores = [{"label": fiche.FICHE.field(n).label, "code": draw(CODES), "value": "", "previous_code": draw(CODES),
               "previous_value": ""} for n in fiche.SCORE_FIELDS]
    prev = draw(st.sampled_from(["", "03/06/2021"]))
    return {
        "key": "k", "property": "", "cite_uuid": "c", "cite_name": draw(TEXT), "cite_found": True,
        "cite_bounds": (0, 0, 100, 88), "communes": draw(SHORT), "unesco": draw(SHORT),
        "cite_rows": [(f.label, draw(TEXT)) for f in fiche.CITE.fields if f.pdf],
        "date": "12/05/2025", "date_iso": "2025-05-12", "surveyors": draw(TEXT), "status": draw(SHORT),
        "status_code": "", "sections": sections, "scores": scores,
        "indicators": [{"label": "Intégrité (1 à 4)", "value": draw(SHORT), "code": "2", "previous_value": draw(SHORT),
                        "previous_code": "1"}],
        "scale": SCALE, "score_tab": "État", "previous_date": prev, "photos": photos, "preconisations": precos,
        "credits": "", "photo_credits": [], "map": draw(st.sampled_from([None, {"jpeg": JPEG, "extent": (0, 0, 100, 88),
                                                                                  "legend": [("Bâti", "buildings")]}])),
    }


def user_texts(sheet):
    yield sheet["cite_name"]
    yield sheet["communes"]
    yield sheet["surveyors"]
    for _lab, v in sheet["cite_rows"]:
        yield v
    for _tab, rows in sheet["sections"]:
        for _lab, v in rows:
            yield v
    for p in sheet["photos"]:
        yield p["caption"]
        yield p["credit"]
        yield p["theme"]
    for p in sheet["preconisations"]:
        for k in ("theme", "action", "text", "instrument", "priority"):
            yield p[k]


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", base.clean_text(text)).split())


def missing_words(sheet, extracted: str):
    hay = norm(extracted)
    counts = {}
    for ch in hay:
        counts[ch] = counts.get(ch, 0) + 1
    out = []
    for text in user_texts(sheet):
        for word in base.clean_text(text).split():
            w = norm(word)
            if not w:
                continue
            if len(w) <= 24:
                if w not in hay:
                    out.append(word)
            else:  # long unbroken words may straddle a page break (header/footer in between)
                if w[:12] not in hay or w[-12:] not in hay or any(counts.get(c, 0) < w.count(c) for c in set(w)):
                    out.append(word[:40] + "…")
    return out


@settings(max_examples=int(os.environ.get("VIGIE_HYPOTHESIS_EXAMPLES", "12")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(sheet=sheets())
def test_any_fiche_content_prints_without_loss(sheet, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("prop") / "fiche.pdf")
    problems = fiche_sheet.build_fiches_pdf(out, [sheet])
    assert [p for p in problems if p.kind.startswith("photo")] == []
    extracted = subprocess.run(["pdftotext", "-raw", out, "-"], check=True, capture_output=True,
                               text=True).stdout
    assert missing_words(sheet, extracted) == []
