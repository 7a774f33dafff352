"""The grading rules of vigie:projectimpact, in one place (pure Python).

A row is one project seen from one inscribed element (its top) or from one
remarkable viewpoint. Its grade is one of ``negligible < minor < moderate <
major`` and comes from these rules, applied in this order; every rule that
fires adds a sentence to the row's reason, so a grade is never unexplained.

1. **The project stands inside the element** (inside its polygon, or on it):
   ``major``.
2. **Base grade from the distance band and the visible height.**  The visible
   height is how many metres of the project (its tip for a turbine) show above
   the horizon from the element's top or the viewpoint's eye.  Each distance
   band has three thresholds ``minor / moderate / major`` in metres
   (:data:`DEFAULT_THRESHOLDS`); the grade is the highest whose threshold the
   visible height reaches (a threshold of 0 means "any visible part"; ``-``
   means never).  Not visible: ``negligible``.
3. **Co-visibility**: when the area from which the element and the project
   are seen together, in the same field of view, reaches
   ``covis_raise_ha`` hectares, the grade rises one step (at least ``minor``).
4. **Skyline**: when, from a remarkable viewpoint, the project breaks the
   skyline behind the element, the grade rises one step (at least
   ``moderate``).
5. **View cone** (viewpoint rows): a visible project inside the viewpoint's
   view cone rises one step (at least ``minor``).
6. The grade never exceeds ``major``.

The thresholds, the co-visibility area and the bands are parameters of the
algorithm (``GRADE_THRESHOLDS``, ``COVIS_RAISE_HA``, ``DISTANCE_BANDS``).

Reasons are English templates with ``{placeholders}`` (translated by the
Processing glue through ``tr()``; the French of each template is in
``resources/i18n/fr/impact.json``, which the PDF sheet reads directly).
"""
import json
import math
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

GRADES = ("negligible", "minor", "moderate", "major")
GRADES_FR = {"negligible": "négligeable", "minor": "faible", "moderate": "modéré", "major": "fort"}

#: distance band edges (m): 0-2 km, 2-5 km, 5-10 km, 10-20 km
DEFAULT_BANDS = (2000.0, 5000.0, 10000.0, 20000.0)
#: visible height (m) for minor / moderate / major in each band (inf = never)
DEFAULT_THRESHOLDS = ((0.0, 5.0, 20.0), (0.0, 15.0, 50.0), (5.0, 40.0, 120.0),
                      (20.0, 100.0, math.inf))
DEFAULT_COVIS_RAISE_HA = 100.0

# Reason templates (English source; French in resources/i18n/fr/impact.json).
R_INSIDE = "the project stands inside the element"
R_NOT_VISIBLE = "not visible from the element's top: hidden by the terrain"
R_NOT_VISIBLE_VP = "not visible from the viewpoint: hidden by the terrain"
R_BASE = "{visible:.0f} m of the project visible at {distance:.1f} km (band {band})"
R_BELOW = ("{visible:.0f} m of the project visible at {distance:.1f} km (band {band}), "
           "below the {threshold:.0f} m threshold: negligible")
R_COVIS = ("seen together with the element over {area:.1f} ha "
           "(threshold {threshold:.1f} ha): one grade higher")
R_SKYLINE = "breaks the skyline behind the element seen from {viewpoints}: one grade higher"
R_CONE = "inside the view cone of the viewpoint: one grade higher"
REASONS = (R_INSIDE, R_NOT_VISIBLE, R_NOT_VISIBLE_VP, R_BASE, R_BELOW, R_COVIS, R_SKYLINE, R_CONE)

_I18N = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                     "resources", "i18n", "fr", "impact.json")
_FRENCH: Optional[Dict[str, str]] = None


def french(text: str) -> str:
    """The French of an English template of this module (the text itself if none)."""
    global _FRENCH
    if _FRENCH is None:
        try:
            with open(_I18N, encoding="utf-8") as fh:
                _FRENCH = json.load(fh)
        except OSError:
            _FRENCH = {}
    return _FRENCH.get(text, text)


@dataclass
class Rules:
    """The parameters of the grading rules."""

    bands: Tuple[float, ...] = DEFAULT_BANDS
    thresholds: Tuple[Tuple[float, float, float], ...] = DEFAULT_THRESHOLDS
    covis_raise_ha: float = DEFAULT_COVIS_RAISE_HA

    def __post_init__(self) -> None:
        self.bands = tuple(float(b) for b in self.bands)
        if not self.bands or any(b <= 0 for b in self.bands) or list(self.bands) != sorted(set(self.bands)):
            raise ValueError("distance bands must be increasing distances > 0 m")
        if len(self.thresholds) != len(self.bands):
            raise ValueError("one minor/moderate/major triple of thresholds per distance band is needed "
                             "({} bands, {} triples)".format(len(self.bands), len(self.thresholds)))
        for t in self.thresholds:
            if len(t) != 3 or not (t[0] <= t[1] <= t[2]) or t[0] < 0:
                raise ValueError("thresholds must be three increasing heights >= 0 (minor/moderate/major), "
                                 "got {}".format("/".join(str(v) for v in t)))

    @property
    def max_range(self) -> float:
        return self.bands[-1]

    def band_of(self, distance: float) -> int:
        """Index of the band of ``distance`` (-1 beyond the last one)."""
        for i, edge in enumerate(self.bands):
            if distance <= edge:
                return i
        return -1

    def band_label(self, index: int) -> str:
        if index < 0:
            return "> {:g} km".format(self.bands[-1] / 1000.0)
        lo = 0.0 if index == 0 else self.bands[index - 1]
        return "{:g}-{:g} km".format(lo / 1000.0, self.bands[index] / 1000.0)


def parse_bands(text: str) -> Tuple[float, ...]:
    """"2000, 5000, 10000, 20000" -> band edges in metres (ValueError when malformed)."""
    parts = [p for p in text.replace(";", ",").split(",") if p.strip()]
    try:
        out = tuple(float(p) for p in parts)
    except ValueError:
        raise ValueError("distance bands must be numbers in metres separated by commas, got {!r}".format(text))
    Rules(out, tuple((0.0, 0.0, 0.0) for _ in out))  # validation
    return out


def parse_thresholds(text: str) -> Tuple[Tuple[float, float, float], ...]:
    """"0/5/20; 0/15/50; 5/40/120; 20/100/-" -> per band (minor, moderate, major); ``-`` = never."""
    out = []
    for group in [g for g in text.split(";") if g.strip()]:
        vals = []
        for v in group.split("/"):
            v = v.strip()
            if v in ("-", "inf", "never", "jamais"):
                vals.append(math.inf)
            else:
                try:
                    vals.append(float(v))
                except ValueError:
                    raise ValueError("grade thresholds must look like 0/5/20; 0/15/50 (metres, '-' for never), "
                                     "got {!r}".format(text))
        if len(vals) != 3:
            raise ValueError("each band needs three thresholds minor/moderate/major, got {!r}".format(group.strip()))
        out.append((vals[0], vals[1], vals[2]))
    return tuple(out)


def format_thresholds(thresholds: Sequence[Sequence[float]]) -> str:
    return "; ".join("/".join("-" if math.isinf(v) else "{:g}".format(v) for v in t) for t in thresholds)


@dataclass
class Reason:
    template: str
    values: Dict[str, object] = field(default_factory=dict)

    def text(self, translate=None) -> str:
        """The sentence, through ``translate`` (a template -> template function) if given."""
        tpl = translate(self.template) if translate else self.template
        return tpl.format(**self.values)


@dataclass
class GradeInput:
    visible: bool
    visible_height: float          # metres of the project above the horizon (0 when hidden)
    distance: float                # metres
    inside: bool = False           # the project stands inside / on the element
    covis_ha: float = 0.0          # co-visibility area
    skyline_from: Sequence[str] = ()   # viewpoints from which it breaks the skyline behind the element
    in_cone: bool = False          # viewpoint rows: inside the view cone
    viewpoint_row: bool = False


def grade(inp: GradeInput, rules: Rules) -> Tuple[str, List[Reason]]:
    """The grade of one row and the reasons for it (see the module docstring)."""
    reasons: List[Reason] = []
    if inp.inside:
        return "major", [Reason(R_INSIDE)]
    band = rules.band_of(inp.distance)
    label = rules.band_label(band)
    rank = 0
    if not inp.visible:
        reasons.append(Reason(R_NOT_VISIBLE_VP if inp.viewpoint_row else R_NOT_VISIBLE))
    else:
        th = rules.thresholds[band] if band >= 0 else (math.inf, math.inf, math.inf)
        for i in (2, 1, 0):
            if inp.visible_height >= th[i]:
                rank = i + 1
                break
        if rank:
            reasons.append(Reason(R_BASE, {"visible": inp.visible_height, "distance": inp.distance / 1000.0,
                                           "band": label}))
        else:
            reasons.append(Reason(R_BELOW, {"visible": inp.visible_height, "distance": inp.distance / 1000.0,
                                            "band": label, "threshold": th[0]}))
    if inp.covis_ha >= rules.covis_raise_ha and inp.covis_ha > 0:
        rank = max(1, min(3, rank + 1))
        reasons.append(Reason(R_COVIS, {"area": inp.covis_ha, "threshold": rules.covis_raise_ha}))
    if inp.skyline_from:
        rank = max(2, min(3, rank + 1))
        reasons.append(Reason(R_SKYLINE, {"viewpoints": ", ".join(inp.skyline_from)}))
    if inp.viewpoint_row and inp.in_cone and inp.visible:
        rank = max(1, min(3, rank + 1))
        reasons.append(Reason(R_CONE))
    return GRADES[rank], reasons


def worst(grades: Sequence[str]) -> str:
    return GRADES[max((GRADES.index(g) for g in grades), default=0)]
