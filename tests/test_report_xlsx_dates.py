"""report -o plan.xlsx dates the workbook (docProps/core.xml, every zip entry) by the plan's
as_of, else the firms file's (a hand-made plan has none), else a fixed date; the bytes are
the same on every run."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang"
runner = CliRunner()


def _report(plan: Path, firms: Path, out: Path) -> dict[str, str]:
    res = runner.invoke(app, ["report", str(plan), "--firms", str(firms), "-o", str(out)])
    assert res.exit_code == 0, res.output
    with zipfile.ZipFile(out) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
        times = {i.date_time[:3] for i in z.infolist()}
    stamps = dict(re.findall(r"<dcterms:(created|modified)[^>]*>([^<]+)</dcterms:", core))
    assert set(stamps) == {"created", "modified"}, core
    stamps["zip"] = "%04d-%02d-%02d" % times.pop() if len(times) == 1 else repr(times)
    return stamps


def test_hand_made_plan_takes_the_firms_files_date(tmp_path):
    plan = GUIGANG / "plan-current.yaml"           # hand-made: no as_of
    assert "as_of" not in plan.read_text(encoding="utf-8")
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    stamps = _report(plan, GUIGANG / "firms.yaml", a)
    assert stamps == {"created": "2026-11-01T00:00:00Z", "modified": "2026-11-01T00:00:00Z", "zip": "2026-11-01"}
    _report(plan, GUIGANG / "firms.yaml", b)
    assert a.read_bytes() == b.read_bytes()


def test_plans_own_date_wins(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("as_of: 2026-12-15\n" + (GUIGANG / "plan-current.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    stamps = _report(plan, GUIGANG / "firms.yaml", tmp_path / "p.xlsx")
    assert stamps["created"] == stamps["modified"] == "2026-12-15T00:00:00Z" and stamps["zip"] == "2026-12-15"


def test_no_date_anywhere_keeps_a_fixed_one(tmp_path):
    firms = tmp_path / "firms.yaml"
    text = (GUIGANG / "firms.yaml").read_text(encoding="utf-8")
    assert "\nas_of: 2026-11-01\n" in text
    firms.write_text(text.replace("\nas_of: 2026-11-01\n", "\n"), encoding="utf-8")
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    stamps = _report(GUIGANG / "plan-current.yaml", firms, a)
    assert stamps["created"] == stamps["modified"] == "2000-01-01T00:00:00Z" and stamps["zip"] == "2000-01-01"
    _report(GUIGANG / "plan-current.yaml", firms, b)
    assert a.read_bytes() == b.read_bytes()
