"""Time the commands around the solver on one roster, side by side with another checkout.

    python benchmarks/generate.py --scale province --seed 1 --members list -o prov.json
    python benchmarks/commands.py prov.json --reps 2 --peer-src ../old/src --out rows.json

The roster is solved once (``solve -o plan.json``, timed), then each command runs in a fresh
process (``python -m branchplan``) on that plan: ``check``; ``explain`` of the whole plan,
of its largest joint branch (``-b``) and of a firm in it (``--firm``); ``report`` as HTML
and as xlsx; ``diff`` of the plan and a copy of it edited by hand (20 firms moved, see
:func:`edited`) and ``check`` of that copy with the plan as its ``--base``; ``import`` of
the roster written out as a spreadsheet (one row per member where the roster lists
members, one per firm where it counts them; CSV and xlsx). With
``--peer-src`` every command (solve included) also runs with that source tree first on
the Python path, alternating with this checkout's, each side in its own directory with
the same file names, so that outputs can be compared byte for byte. Prints a table of
medians (seconds of wall time), the ratio peer / this, and whether the outputs (stdout
and the files written) were the same ("-" where a run timed out). ``--timeout`` caps each
run (shown as "timeout").
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "src"

# the importer's column names for a roster spreadsheet (README, "Importing a roster spreadsheet")
FIRM_COLUMNS = ["律所编号", "律所名称", "所属城市", "区县", "经度", "纬度", "律师人数", "主任是否党员"]
MEMBER_COLUMNS = ["党员编号", "党员类别", "入党时间"]
COUNT_COLUMNS = ["正式党员人数", "预备党员人数"]


def spreadsheet_rows(roster: dict) -> tuple[list[str], list[list]]:
    """The roster as a 花名册: a header and one row per member (the firm's cells repeated)
    or, for a roster of counts, one row per firm."""
    firms = roster["firms"]
    counts = bool(firms) and isinstance(firms[0].get("members"), dict)
    rows = []
    for f in firms:
        loc = f.get("location") or {}
        cells = [f["id"], f.get("name", ""), f.get("jurisdiction", roster.get("jurisdiction", "")),
                 f.get("district", ""), loc.get("lon", ""), loc.get("lat", ""), f.get("lawyers", ""),
                 "是" if f.get("director_is_member") else "否"]
        if counts:
            rows.append(cells + [f["members"]["full"], f["members"]["probationary"]])
            continue
        for m in f.get("members") or []:
            rows.append(cells + [m["id"], "正式" if m["status"] == "full" else "预备", m.get("joined", "")])
    return FIRM_COLUMNS + (COUNT_COLUMNS if counts else MEMBER_COLUMNS), rows


def write_spreadsheets(roster: dict, where: Path) -> None:
    head, rows = spreadsheet_rows(roster)
    with open(where / "roster.csv", "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(head)
        w.writerows(rows)
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("roster")
    ws.append(head)
    for r in rows:
        ws.append(r)
    wb.save(where / "roster.xlsx")


def largest_joint(plan: dict) -> tuple[str | None, str | None]:
    """(id of the plan's largest joint branch, a firm of it other than its lead)."""
    joint = [b for b in plan.get("branches", []) if len(b.get("firms", [])) > 1]
    if not joint:
        return None, None
    b = max(joint, key=lambda b: (len(b["firms"]), b["id"]))
    firm = next((f for f in b["firms"] if f != b.get("lead")), b["firms"][0])
    return b["id"], firm


def edited(plan: dict, moves: int = 20) -> dict:
    """The plan as a hand edit leaves it: ``moves`` firms moved, each from a joint branch of
    three or more firms (one that is not its lead) to the next such branch of the same
    jurisdiction, in the plan's order; the branches' other fields are left as they were."""
    plan = json.loads(json.dumps(plan))
    by_place: dict = {}
    for b in plan.get("branches", []):
        if len(b.get("firms", [])) >= 3:
            by_place.setdefault(b.get("jurisdiction"), []).append(b)
    moved = 0
    for branches in by_place.values():
        for a, b in zip(branches, branches[1:]):
            if moved == moves:
                return plan
            firm = next(f for f in a["firms"] if f != a.get("lead"))
            a["firms"].remove(firm)
            b["firms"].append(firm)
            moved += 1
    return plan


def run(src: Path, cwd: Path, args: list[str], timeout: float) -> tuple[float | None, int | None, bytes]:
    """(wall seconds or None on timeout, exit code, stdout) of ``python -m branchplan args``."""
    env = dict(os.environ, PYTHONPATH=str(src))
    start = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "branchplan", *args], cwd=cwd, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None, b""
    return time.monotonic() - start, done.returncode, done.stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("roster", type=Path, help="a firms file (JSON or YAML)")
    ap.add_argument("--peer-src", type=Path, help="another checkout's src directory, run side by side")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    ap.add_argument("--workers", type=int, default=2, help="solve's --workers")
    ap.add_argument("--out", type=Path, help="write the rows as JSON")
    ap.add_argument("--keep", action="store_true", help="keep the working directories (their path is printed)")
    a = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bp-commands-"))
    try:
        return _run(a, tmp)
    finally:
        if a.keep:
            print(f"outputs kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _run(a: argparse.Namespace, tmp: Path) -> int:

    roster_path = a.roster.resolve()
    sides = [("this", HERE)] + ([("peer", a.peer_src.resolve())] if a.peer_src else [])
    dirs = {name: tmp / name for name, _ in sides}
    for d in dirs.values():
        d.mkdir()
    times: dict[str, dict[str, list]] = {}
    outputs: dict[str, dict[str, bytes]] = {}

    def step(label: str, args: list[str], files: tuple[str, ...] = ()) -> None:
        for name, src in sides:
            took, code, out = run(src, dirs[name], args, a.timeout)
            times.setdefault(label, {}).setdefault(name, []).append(took)
            written = b"".join((dirs[name] / f).read_bytes() for f in files if (dirs[name] / f).exists())
            outputs.setdefault(label, {})[name] = out + written + f"exit {code}".encode()
            print(f"{label:16s} {name:5s} {'timeout' if took is None else f'{took:8.2f} s'}  exit {code}",
                  file=sys.stderr, flush=True)

    # the plan every other command reads: this checkout's, in every side's directory
    step("solve", ["solve", str(roster_path), "--workers", str(a.workers), "-o", "plan.json", "-q"],
         ("plan.json",))
    if not (dirs["this"] / "plan.json").exists():
        print("no plan written by solve (see --timeout)", file=sys.stderr)
        return 2
    plan_text = (dirs["this"] / "plan.json").read_text(encoding="utf-8")
    edited_text = json.dumps(edited(json.loads(plan_text)), ensure_ascii=False, indent=2)
    for d in dirs.values():
        (d / "plan.json").write_text(plan_text, encoding="utf-8")
        (d / "edited.json").write_text(edited_text, encoding="utf-8")
    roster = json.loads(roster_path.read_text(encoding="utf-8")) if roster_path.suffix == ".json" else None
    if roster is None:
        import yaml

        roster = yaml.safe_load(roster_path.read_text(encoding="utf-8"))
    for d in dirs.values():
        write_spreadsheets(roster, d)
    branch, firm = largest_joint(json.loads(plan_text))
    firms = ["--firms", str(roster_path)]
    commands = [
        ("check", ["check", "plan.json", *firms], ()),
        ("explain", ["explain", "plan.json", *firms], ()),
        ("explain -b", ["explain", "plan.json", *firms, "-b", branch], ()) if branch else None,
        ("explain --firm", ["explain", "plan.json", *firms, "--firm", firm], ()) if firm else None,
        ("report html", ["report", "plan.json", *firms, "-o", "report.html"], ("report.html",)),
        ("report xlsx", ["report", "plan.json", *firms, "-o", "report.xlsx"], ("report.xlsx",)),
        ("diff", ["diff", "plan.json", "edited.json", *firms], ()),
        ("check --base", ["check", "edited.json", *firms, "--base", "plan.json"], ()),
        ("import csv", ["import", "roster.csv", "-o", "imported.json"], ("imported.json",)),
        ("import xlsx", ["import", "roster.xlsx", "-o", "imported-x.json"], ("imported-x.json",)),
    ]
    for _ in range(a.reps):
        for c in commands:
            if c is not None:
                step(*c)

    rows = []
    print(f"\n{'command':16s} {'this':>9s} {'peer':>9s} {'peer/this':>9s}  same output")
    for label, by in times.items():
        med = {n: (statistics.median(v) if None not in v else None) for n, v in by.items()}
        timed_out = any(t is None for v in by.values() for t in v)
        same = len(set(outputs[label].values())) == 1 if a.peer_src and not timed_out else None
        ratio = med["peer"] / med["this"] if a.peer_src and med.get("peer") and med["this"] else None
        show = {n: ("timeout" if med.get(n) is None else f"{med[n]:.2f}") for n in ("this", "peer")}
        print(f"{label:16s} {show['this']:>9s} {show['peer'] if a.peer_src else '':>9s} "
              f"{f'{ratio:.2f}' if ratio else '':>9s}  {'-' if same is None else ('yes' if same else 'NO')}")
        rows.append({"command": label, "this_s": by["this"], "peer_s": by.get("peer"), "same_output": same})
    if a.out:
        a.out.write_text(json.dumps({"roster": str(a.roster), "reps": a.reps, "rows": rows,
                                     "load_average": os.getloadavg()}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
