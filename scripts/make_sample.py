#!/usr/bin/env python3
"""Generate Vigie's synthetic sample landscape (see docs/sample-data.md).

Usage (from the repository root, with Debian's /usr/bin/python3):

    python3 scripts/make_sample.py OUT_DIR [--seed N] [--small]

Same seed and mode -> same bytes in every file (listed with sha256 in manifest.json).
"""

import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

try:
    from core import landscape  # noqa: E402
except ImportError as exc:  # e.g. a pyenv/venv python without GDAL, numpy, shapely, PIL
    sys.exit("make_sample.py needs numpy, GDAL (osgeo), shapely and Pillow (%s).\n"
             "Run it with Debian's Python: /usr/bin/python3 scripts/make_sample.py ..." % exc)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Generate the synthetic mining-landscape "
                                     "sample data (DEM, GeoPackage, photos).")
    parser.add_argument("out_dir", help="output folder (created if needed; files overwritten)")
    parser.add_argument("--seed", type=int, default=2012, help="random seed (default 2012)")
    parser.add_argument("--small", action="store_true",
                        help="25 m DEM (800 x 480) instead of 5 m (4000 x 2400), for fast tests")
    args = parser.parse_args(argv)
    t0 = time.time()
    paths = landscape.generate(args.out_dir, seed=args.seed, small=args.small)
    for key in sorted(paths):
        print("%-9s %s" % (key, paths[key]))
    print("done in %.1f s" % (time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
