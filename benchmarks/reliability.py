"""Measure what the reliability guarantees promise: time limits kept, honest statuses,
prompt stops on signals. Run on demand; prints a table and writes JSON.

    python benchmarks/reliability.py                       # city-300 and province-like, limits 2/5/10 s
    python benchmarks/reliability.py --firms 3000 --cities 1 --limits 1 3 --workers 1 2

Time limits: ``branchplan solve --time-limit T`` is run as a user would (a fresh process),
and the solve itself is timed inside it (from the start of solving to the plan, without
starting Python and reading the file). "ratio" is solve seconds / T; the promise is <= 1.10.
Interruption: SIGINT is sent 1 s after the search has started; "stop" is the time from the
signal to the process exit, and "outcome" what was left behind.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402

#: Runs the CLI in a fresh interpreter, timing api.solve (the part --time-limit bounds).
DRIVER = """
import sys, time, json
from branchplan import api
real = api.solve
spent = []
def timed(*a, **k):
    t = time.monotonic()
    try:
        return real(*a, **k)
    finally:
        spent.append(time.monotonic() - t)
api.solve = timed
import branchplan.cli.solve as cs
cs.run_solve = timed
from branchplan.cli import main
sys.argv = ["branchplan"] + sys.argv[1:]
code = 0
try:
    main()
except SystemExit as e:
    code = e.code if isinstance(e.code, int) else 1
print("RESULT " + json.dumps({"exit": code, "solve_s": spent[0] if spent else None}), file=sys.stderr)
"""


def roster(folder: Path, firms: int, cities: int, seed: int) -> Path:
    path = folder / f"firms-{firms}-{cities}.json"
    path.write_text(json.dumps(synth.generate(n_firms=firms, n_cities=cities, seed=seed), ensure_ascii=False,
                               default=str), encoding="utf-8")
    return path


def time_limit_run(path: Path, limit: float, workers: int, out: Path) -> dict:
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", DRIVER, "solve", str(path), "-o", str(out), "-f", "yaml",
                           "--time-limit", str(limit), "--workers", str(workers)],
                          capture_output=True, text=True)
    wall = time.monotonic() - start
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("RESULT "))
    res = json.loads(line[7:])
    row = {"firms_file": path.name, "limit_s": limit, "workers": workers, "exit": res["exit"],
           "solve_s": round(res["solve_s"], 2), "ratio": round(res["solve_s"] / limit, 3),
           "wall_s": round(wall, 2), "status": None, "gap": None}
    if out.exists():
        import yaml

        plan = yaml.safe_load(out.read_text(encoding="utf-8"))
        row["status"], row["gap"] = plan["status"], plan.get("gap")
        out.unlink()
    else:
        row["status"] = "none (exit %d)" % res["exit"]
    return row


def interrupt_run(path: Path, workers: int, out: Path, after: float = 1.0, from_start: bool = False) -> dict:
    """SIGINT ``after`` seconds into the first CP-SAT search, or (``from_start``) after the
    process started: then it may land in any phase (loading, the bound, a search)."""
    launched = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "branchplan", "solve", str(path), "-o", str(out),
                             "--workers", str(workers), "--verbose"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    started = threading.Event()

    def drain():  # the search log is on stderr
        for ln in proc.stderr:
            if ln.startswith("Starting CP-SAT"):
                started.set()
        started.set()

    threading.Thread(target=drain, daemon=True).start()
    if from_start:
        time.sleep(max(0.0, launched + after - time.monotonic()))
    else:
        started.wait()
        time.sleep(after)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    code = proc.wait()
    row = {"firms_file": path.name, "workers": workers,
           "signal": f"{after:g} s after {'start' if from_start else 'CP-SAT began'}", "exit": code,
           "stop_s": round(time.monotonic() - sent, 2), "outcome": "plan written" if out.exists() else "nothing written"}
    if out.exists():
        out.unlink()
    return row


def table(rows: list[dict]) -> str:
    keys = list(rows[0])
    widths = [max(len(k), *(len(str(r[k])) for r in rows)) for k in keys]
    lines = ["  ".join(k.ljust(w) for k, w in zip(keys, widths))]
    lines += ["  ".join(str(r[k]).ljust(w) for k, w in zip(keys, widths)) for r in rows]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--firms", type=int, nargs="*", default=[300, 3000])
    ap.add_argument("--cities", type=int, nargs="*", default=[1, 4])
    ap.add_argument("--limits", type=float, nargs="*", default=[2, 5, 10])
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--signal-at", type=float, nargs="*", default=[],
                    help="also send SIGINT this many seconds after the process started (any phase)")
    ap.add_argument("-o", "--output", type=Path, default=HERE / "out" / "reliability.json")
    args = ap.parse_args()
    limits, stops = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = folder / "plan.yaml"
        for firms, cities in zip(args.firms, args.cities):
            path = roster(folder, firms, cities, args.seed)
            for workers in args.workers:
                for limit in args.limits:
                    limits.append(time_limit_run(path, limit, workers, out))
                    print(limits[-1], file=sys.stderr)
                stops.append(interrupt_run(path, workers, out))
                print(stops[-1], file=sys.stderr)
                for at in args.signal_at:
                    stops.append(interrupt_run(path, workers, out, at, from_start=True))
                    print(stops[-1], file=sys.stderr)
    print("time limits\n" + table(limits) + "\n\ninterruption\n" + table(stops))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"time_limits": limits, "interrupts": stops}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
