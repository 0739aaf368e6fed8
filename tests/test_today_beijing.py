"""The day called today (standing is measured on it when neither --as-of nor the firms file
gives a date, waivers are checked on it, import refuses a joining date after it) is the
date in Beijing time (UTC+8), whatever the machine's time zone: a CI runner in UTC and a
clerk's PC in Beijing make the same plan."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

import branchplan

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(branchplan.__file__).resolve().parent     # (the package's source in use)
FIRMS = ROOT / "tests" / "data" / "check" / "firms.yaml"


def _beijing_now() -> date:
    return (datetime.now(timezone.utc) + timedelta(hours=8)).date()


def test_today_is_the_date_in_beijing():
    from branchplan.model import today

    before = _beijing_now()
    got = today()
    after = _beijing_now()
    assert type(got) is date
    assert got in (before, after)      # (a day boundary may pass between the calls)


def test_no_other_clock_in_the_source():
    """Every "today" goes through branchplan.model.today: no date.today() (the machine's
    local date), datetime.today() or datetime.now() without a zone anywhere in src."""
    clock = re.compile(r"\b(?:date|datetime)\.today\(|\bdatetime\.now\(\s*\)|\btime\.localtime\(")
    found = [f"{p.relative_to(SRC)}:{n}: {line.strip()}"
             for p in sorted(SRC.rglob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if clock.search(line)]
    assert found == []


#: 25 hours apart (UTC+14 and UTC-11): their local dates differ at any hour
ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago")


def _env(tz: str) -> dict[str, str]:
    return dict(os.environ, TZ=tz)


def _local_date(tz: str) -> str:
    return subprocess.run([sys.executable, "-c", "import datetime; print(datetime.date.today())"],
                          capture_output=True, text=True, env=_env(tz), check=True).stdout.strip()


@pytest.mark.skipif(sys.platform == "win32", reason="the TZ variable names IANA zones on POSIX only")
def test_an_undated_firms_file_solves_alike_in_every_time_zone(tmp_path):
    if _local_date(ZONES[0]) == _local_date(ZONES[1]):
        pytest.skip("the C library does not read these time zones (no tz database)")
    text = FIRMS.read_text(encoding="utf-8")
    undated = tmp_path / "firms.yaml"
    undated.write_text(re.sub(r"(?m)^as_of:.*\n", "", text), encoding="utf-8")
    assert "as_of" not in undated.read_text(encoding="utf-8")
    for _ in range(2):                 # again if Beijing's midnight passed during the runs
        before = _beijing_now()
        plans = []
        for k, tz in enumerate(ZONES):
            out = tmp_path / f"plan{k}.yaml"
            res = subprocess.run([sys.executable, "-m", "branchplan", "solve", str(undated), "-o", str(out),
                                  "--lang", "en"], capture_output=True, env=_env(tz), cwd=tmp_path)
            assert res.returncode == 0, res.stderr.decode("utf-8", "replace")
            plans.append(out.read_bytes())
        if _beijing_now() == before:
            break
    assert plans[0] == plans[1]
    assert yaml.safe_load(plans[0].decode("utf-8"))["as_of"] == before.isoformat()
