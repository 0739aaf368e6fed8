"""A re-plan with the old firms file (--old-firms): a firm new to the roster, split off an old
one, is a new firm to place, its members still in their old branch until they transfer; the
reasons and the memo say so (and where its members were), not that its members are unmanaged."""

import json

from typer.testing import CliRunner

from branchplan.cli import app
from test_cli_replan import CITY, CITY_PLAN, write

runner = CliRunner()

# d1 and d2 leave D (lead of B003) for the new firm H; i1, new to the roster, founds I
NEW = (CITY.replace("2027", "2027").replace("as_of: 2026-11-01", "as_of: 2027-11-01")
       .replace("members: [{id: d1, status: full, joined: 2010-01-01}, {id: d2, status: full, joined: 2010-01-01}, ",
                "members: [")
       + "  - {id: H, location: {x: 10, y: 1}, district: 西区, members: [{id: d1, status: full, joined: 2010-01-01}, "
         "{id: d2, status: full, joined: 2010-01-01}]}\n"
         "  - {id: I, location: {x: 2, y: 1}, district: 东区, members: [{id: i1, status: full, joined: 2015-01-01}]}\n")


def _run(tmp_path, *more):
    old, new = write(tmp_path, "old.yaml", CITY), write(tmp_path, "new.yaml", NEW)
    cur = write(tmp_path, "plan.yaml", CITY_PLAN)
    return runner.invoke(app, ["solve", str(new), "--current", str(cur), "--old-firms", str(old), *more])


def test_a_split_off_firm_is_a_new_firm_to_place(tmp_path):
    memo = tmp_path / "changes.md"
    res = _run(tmp_path, "-f", "text", "--lang", "en", "--changes", str(memo))
    assert res.exit_code == 0, res.output
    assert "  BP-ONE-BRANCH  new firm H (2 members, formerly in B003) needs a branch" in res.stdout
    assert "  BP-ONE-BRANCH  new firm I (1 member, new to the roster) needs a branch" in res.stdout
    assert "would be left unmanaged" not in res.stdout
    written = memo.read_text(encoding="utf-8")
    assert "new firm H (2 members, formerly in B003) needs a branch" in written and "unmanaged" not in written
    zh = _run(tmp_path, "-f", "text", "--lang", "zh", "--changes", str(memo))
    assert "新设单位 I（1 名党员，为新列入名册的党员）需编入支部" in zh.stdout and "党员脱管" not in zh.stdout
    written = memo.read_text(encoding="utf-8")
    assert "新设单位 H（2 名党员，原在 B003）需编入支部" in written and "党员脱管" not in written


def test_without_the_old_firms_file_it_is_a_firm_in_no_branch(tmp_path):
    """Without --old-firms nothing says the firm is new: the finding is check's."""
    new, cur = write(tmp_path, "new.yaml", NEW), write(tmp_path, "plan.yaml", CITY_PLAN)
    res = runner.invoke(app, ["solve", str(new), "--current", str(cur), "-f", "json"])
    assert res.exit_code == 0, res.output
    reasons = json.loads(res.stdout)["current_plan_findings"]
    assert any(r["message"].startswith("firm H (2 members) is in no branch") for r in reasons), reasons
