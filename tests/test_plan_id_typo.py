"""A firm id mistyped in a plan (C001-F085 for C001-F0085, FOO12 for F0012): a re-plan from it,
its firms file's warning and check each name the firm meant."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()


def _firm(fid: str, full: int, lon: float) -> dict:
    return {"id": fid, "location": {"lat": 23.0, "lon": lon},
            "members": [{"id": f"{fid}-{k}", "status": "full", "joined": "2010-01-01"} for k in range(full)]}


def _files(tmp_path, typo: str = "C001-F085"):
    roster = {"jurisdiction": "X", "as_of": "2026-11-01",
              "firms": [_firm("C001-F0001", 2, 109.0), _firm("C001-F0085", 1, 109.01), _firm("C001-F0002", 3, 109.3)]}
    plan = {"branches": [{"id": "B1", "kind": "joint", "lead": "C001-F0001", "firms": ["C001-F0001", typo]},
                         {"id": "B2", "kind": "standalone", "lead": "C001-F0002", "firms": ["C001-F0002"]}]}
    firms, current = tmp_path / "firms.yaml", tmp_path / "current.yaml"
    firms.write_text(yaml.safe_dump(roster), encoding="utf-8")
    current.write_text(yaml.safe_dump(plan), encoding="utf-8")
    return firms, current


def test_a_re_plan_from_a_plan_with_a_mistyped_firm_id_names_the_firm_meant(tmp_path):
    firms, current = _files(tmp_path)
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(firms), "--current", str(current), "--old-firms", str(firms),
                              "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert (f"{current}: warning: {current} lists firm ids {firms} does not have, each like one of its firms the "
            f"plan places nowhere: typos (C001-F085 for C001-F0085)? Write them as the firms file does") in res.stderr
    assert ("C001-F085 (branch B1) is not in the roster, which has C001-F0085, placed by no branch of the plan: a "
            "typo for C001-F0085? Dropped (then C001-F0085 counts as a firm added, and its members' moves are not "
            "counted): write it as C001-F0085") in res.output
    assert "is year" not in res.stderr and "the firms file" not in res.stderr.split("typos")[0]
    res = runner.invoke(app, ["solve", str(firms), "--current", str(current), "-o", str(out)])
    assert "a typo for C001-F0085?" in res.output
    res = runner.invoke(app, ["check", str(current), "--firms", str(firms)])
    assert res.exit_code == 1
    assert ("branch B1 lists C001-F085, which is not a firm or host of the roster (the roster has C001-F0085, in no "
            "branch of the plan: a typo? write it as C001-F0085)") in res.output


def test_an_id_that_is_like_no_unplaced_firm_is_a_closed_firm_as_before(tmp_path):
    firms, current = _files(tmp_path, typo="C001-F0777")
    res = runner.invoke(app, ["solve", str(firms), "--current", str(current), "-o", str(tmp_path / "p.yaml")])
    assert res.exit_code == 0, res.output
    assert "C001-F0777 (branch B1) is not in the roster (closed or renamed): dropped" in res.output
    assert "typo" not in res.output + res.stderr


def test_o_for_zero_is_a_typo_too(tmp_path):
    firms, current = _files(tmp_path, typo="C001-FOO85")
    res = runner.invoke(app, ["check", str(current), "--firms", str(firms)])
    assert "(the roster has C001-F0085, in no branch of the plan: a typo? write it as C001-F0085)" in res.output


def test_a_closed_firm_and_the_next_new_id_are_no_typo(tmp_path):
    """Ids given out in sequence: the closed C001-F0084 and the new C001-F0085 differ by a digit,
    which is no typo (and with --old-firms the old file has the closed firm)."""
    firms, current = _files(tmp_path, typo="C001-F0084")
    old = tmp_path / "old.yaml"
    data = yaml.safe_load(firms.read_text(encoding="utf-8"))
    data["firms"][1]["id"] = "C001-F0084"
    old.write_text(yaml.safe_dump(data), encoding="utf-8")
    for extra in ([], ["--old-firms", str(old)]):
        res = runner.invoke(app, ["solve", str(firms), "--current", str(current), "-o", str(tmp_path / "p.yaml"),
                                  *extra])
        assert res.exit_code == 0, res.output
        assert "typo" not in res.output + res.stderr
    res = runner.invoke(app, ["check", str(current), "--firms", str(firms)])
    assert "typo" not in res.output


def test_with_the_old_firms_file_an_id_it_has_is_no_typo(tmp_path):
    """C001-F085 really was a firm (the old file has it, with a member of its own): closed, not
    mistyped (and not a firm renamed: its member is not in the new file)."""
    firms, current = _files(tmp_path)
    old = tmp_path / "old.yaml"
    data = yaml.safe_load(firms.read_text(encoding="utf-8"))
    data["firms"][1] = _firm("C001-F085", 1, 109.01)
    data["firms"][1]["members"][0]["id"] = "GONE-1"
    old.write_text(yaml.safe_dump(data), encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "--current", str(current), "--old-firms", str(old),
                              "-o", str(tmp_path / "p.yaml")])
    assert res.exit_code == 0, res.output
    assert "a typo for" not in res.output and "typos (" not in res.stderr
