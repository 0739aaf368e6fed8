"""Write a seeded synthetic roster (YAML or JSON by extension) for benchmarks.

    python benchmarks/generate.py --scale city-300 --seed 1 -o out.json
    python benchmarks/generate.py --firms 500 --cities 3 --seed 7 -o custom.yaml

The logic lives in synth.py (``generate(n_firms, n_cities, seed)``); this is the CLI.
Same arguments, same bytes. A one-line summary goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402

SCALES = {  # name: (firms, cities)
    "city-40": (40, 1),
    "city-300": (300, 1),
    "city-3000": (3000, 1),
    "province": (12_000, 15),
    "nation": (39_000, 330),
}
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _json_default(obj):
    if isinstance(obj, dt.date):
        return obj.isoformat()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def write_json(doc: dict, out) -> None:
    """Compact JSON, one firm per line (small, and still greppable and diffable)."""
    def enc(x):
        return json.dumps(x, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    out.write('{"as_of":' + enc(doc["as_of"]) + ',"firms":[\n')
    out.write(",\n".join(enc(f) for f in doc["firms"]))
    out.write("\n]}\n")


def write_yaml(doc: dict, out, header: str) -> None:
    """Block style for firms, flow style for leaf maps ({lat, lon}, members)."""
    out.write(f"# {header}\n")
    yaml.dump(doc, out, Dumper=Dumper, allow_unicode=True, sort_keys=False,
              default_flow_style=None, width=1_000_000)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--scale", choices=SCALES, help="preset size")
    size.add_argument("--firms", type=int, metavar="N", help="custom number of firms")
    ap.add_argument("--cities", type=int, default=1, metavar="K",
                    help="cities (jurisdictions) for --firms (default 1)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--members", choices=["list", "counts"],
                    help="member form (default: list for <= 3000 firms, else counts)")
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=synth.AS_OF,
                    metavar="YYYY-MM-DD", help=f"roster date (default {synth.AS_OF})")
    ap.add_argument("-o", "--output", default="-",
                    help="output file, .yaml/.yml or .json (default: YAML to stdout)")
    args = ap.parse_args(argv)

    n_firms, n_cities = SCALES[args.scale] if args.scale else (args.firms, args.cities)
    if n_cities < 1 or n_firms < n_cities:
        ap.error("need --cities >= 1 and --firms >= --cities")
    suffix = Path(args.output).suffix.lower()
    if args.output != "-" and suffix not in (".yaml", ".yml", ".json"):
        ap.error("output extension must be .yaml, .yml or .json")

    t0 = time.perf_counter()
    doc = synth.generate(n_firms, n_cities, args.seed, members=args.members, as_of=args.as_of)
    t1 = time.perf_counter()
    what = f"--scale {args.scale}" if args.scale else f"--firms {n_firms} --cities {n_cities}"
    header = (f"synthetic roster: benchmarks/generate.py {what} --seed {args.seed}"
              f" (fictional data)")
    if args.output == "-":
        write_yaml(doc, sys.stdout, header)
    else:
        with open(args.output, "w", encoding="utf-8", newline="\n") as out:
            if suffix == ".json":
                write_json(doc, out)
            else:
                write_yaml(doc, out, header)
    t2 = time.perf_counter()
    s = synth.summary(doc)
    print(" ".join(f"{k}={v}" for k, v in s.items())
          + f" generate_s={t1 - t0:.2f} write_s={t2 - t1:.2f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
