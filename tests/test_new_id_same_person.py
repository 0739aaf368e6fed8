"""A re-plan whose new firms file gives a member a new id: where a member new to the roster
has the name and joining date of one of the old file's who is not in it, solve, diff and
check warn (once each), naming the ids and firms only."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()


def _roster(moved_id: str) -> dict:
    def m(mid, name, joined="2010-07-01"):
        return {"id": mid, "name": name, "status": "full", "joined": joined}
    return {"jurisdiction": "X", "as_of": "2026-11-01", "firms": [
        {"id": "A", "location": {"lat": 23.0, "lon": 109.0},
         "members": [m("M1", "张三"), m("M2", "李四"), m("M3", "王五")]},
        {"id": "B", "location": {"lat": 23.0, "lon": 109.1}, "members": [m("M4", "赵六"), m("M5", "孙七")]},
        {"id": "C", "location": {"lat": 23.0, "lon": 109.2},
         "members": [m("M6", "周八"), m(moved_id, "吴九", "2015-03-01")]}]}


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_member_under_a_new_id_is_warned_of_in_solve_diff_and_check(tmp_path):
    old = _write(tmp_path, "old.yaml", _roster("M7"))
    new = _write(tmp_path, "new.yaml", _roster("M70"))
    current = tmp_path / "current.yaml"
    assert runner.invoke(app, ["solve", str(old), "-o", str(current)]).exit_code == 0
    plan = tmp_path / "plan.yaml"
    said = (f"{new}: warning: member M70 (firm C) is new to the roster, and member M7 (firm C in {old}), who is not "
            "in it, had the same name and joining date: the same person under a new id? If so, give them their old "
            "id: a new id reads as one member leaving and another joining, and their move is not counted")
    res = runner.invoke(app, ["solve", str(new), "--current", str(current), "--old-firms", str(old), "-o", str(plan)])
    assert res.exit_code == 0, res.output
    assert [ln for ln in res.stderr.splitlines() if "same name" in ln] == [said]
    assert "吴九" not in res.stderr
    res = runner.invoke(app, ["diff", str(current), str(plan), "--firms", str(new), "--old-firms", str(old)])
    assert res.exit_code == 0, res.output
    assert [ln for ln in res.stderr.splitlines() if "same name" in ln] == [said]
    res = runner.invoke(app, ["check", str(plan), "--firms", str(new), "--base", str(current),
                              "--base-firms", str(old)])
    assert [ln for ln in res.stderr.splitlines() if "same name" in ln] == [said]
    res = runner.invoke(app, ["solve", str(new), "--current", str(current), "--old-firms", str(old), "-o",
                              str(plan), "--lang", "zh"])
    assert "是同一人换了编号吗" in res.stderr

    # the same member under the same id: no word
    res = runner.invoke(app, ["solve", str(old), "--current", str(current), "--old-firms", str(old), "-o", str(plan)])
    assert res.exit_code == 0 and "same name" not in res.stderr


def test_ids_that_are_names_are_withheld_and_masked_names_skipped(tmp_path):
    def roster(new_id: str, name: str) -> dict:
        data = _roster("M7")
        data["firms"][2]["members"][1].update(id=new_id, name=name)
        return data

    old_data = _roster("M7")
    old_data["firms"][2]["members"][1]["id"] = "吴九"       # (an id that is the name)
    old = _write(tmp_path, "old.yaml", old_data)
    current = tmp_path / "current.yaml"
    assert runner.invoke(app, ["solve", str(old), "-o", str(current)]).exit_code == 0
    new = _write(tmp_path, "new.yaml", roster("吴九2", "吴九"))
    res = runner.invoke(app, ["solve", str(new), "--current", str(current), "--old-firms", str(old),
                              "-o", str(tmp_path / "p.yaml")])
    said = [ln for ln in res.stderr.splitlines() if "same name" in ln]
    assert len(said) == 1 and "member (value not shown) (firm C) is new" in said[0] and "吴九" not in said[0]
    old_data["firms"][2]["members"][1].update(id="M7", name="吴*")
    old = _write(tmp_path, "old.yaml", old_data)
    new = _write(tmp_path, "new.yaml", roster("M70", "吴*"))
    res = runner.invoke(app, ["solve", str(new), "--current", str(current), "--old-firms", str(old),
                              "-o", str(tmp_path / "p.yaml")])
    assert "same name" not in res.stderr
