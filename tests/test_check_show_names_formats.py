"""check --show-names: text, markdown and json name members (json as ``name`` beside a
moved member's id and ``names`` beside a finding's member ids); github, sarif and junit
(CI logs and code scanning, often public) stay id-only."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from branchplan import load_roster
from branchplan.cli import app
from branchplan.privacy import names_in

runner = CliRunner()
G = Path(__file__).resolve().parents[1] / "examples" / "guigang"
MOVED = ["check", str(G / "plan-2027.yaml"), "--firms", str(G / "firms-2027.yaml"), "--base",
         str(G / "plan-current.yaml"), "--base-firms", str(G / "firms.yaml"), "--show-names"]
NAMED = ("text", "markdown", "json")
ID_ONLY = ("github", "sarif", "junit")


def _names() -> set[str]:
    return names_in(load_roster(G / "firms.yaml")) | names_in(load_roster(G / "firms-2027.yaml"))


def test_a_moved_member_is_named_in_text_markdown_json_only():
    names = _names()
    for fmt in NAMED + ID_ONLY:
        res = runner.invoke(app, MOVED + ["--format", fmt, "--lang", "en"])
        assert res.exit_code in (0, 1), (fmt, res.output)
        assert "M0012" in res.stdout or fmt in ("sarif", "junit"), fmt   # the moved member, by id (sarif and junit carry no diff)
        shown = [n for n in names if n in res.stdout]
        if fmt in NAMED:
            assert "张建军" in res.stdout, fmt
        else:
            assert not shown, (fmt, shown)
    doc = json.loads(runner.invoke(app, MOVED + ["--format", "json"]).stdout)
    move = next(m for m in doc["diff"]["member_moves"] if m["member"] == "M0012")
    assert move["name"] == "张建军"


def test_a_findings_members_keep_ids_and_json_names_them(tmp_path):
    """A firm in no branch: the finding lists its members; json adds their names beside the
    ids; sarif's members stay ids; no id-only format shows a name."""
    plan = (G / "plan-current.yaml").read_text(encoding="utf-8")
    plan = plan.replace("firms: [F006, F018, F028, F033, F035]", "firms: [F006, F018, F028, F033]")
    assert "F035]" not in plan
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    roster = load_roster(G / "firms.yaml")
    f035 = {m.id: m.name for m in roster.firm_by_id["F035"].member_list}
    names = _names()
    args = ["check", str(tmp_path / "plan.yaml"), "--firms", str(G / "firms.yaml")]
    for fmt in NAMED + ID_ONLY:
        res = runner.invoke(app, args + ["--show-names", "--format", fmt, "--lang", "en"])
        assert res.exit_code == 1, (fmt, res.output)
        if fmt in ID_ONLY:
            assert not [n for n in names if n in res.stdout], fmt
    doc = json.loads(runner.invoke(app, args + ["--show-names", "--format", "json"]).stdout)
    lost = next(f for f in doc["findings"] if f["code"] == "BP-ONE-BRANCH")
    assert lost["members"] == sorted(f035) and lost["names"] == f035
    # a finding without members gets no names key either (the shape is the finding's, not the flag's)
    assert all("names" not in f for f in doc["findings"] if not f.get("members"))
    assert any(not f.get("members") for f in doc["findings"])
    sarif = json.loads(runner.invoke(app, args + ["--show-names", "--format", "sarif"]).stdout)
    props = [r["properties"] for r in sarif["runs"][0]["results"] if r["ruleId"] == "BP-ONE-BRANCH"]
    assert props and props[0]["members"] == sorted(f035), props
    plain = json.loads(runner.invoke(app, args + ["--format", "json"]).stdout)   # not asked: no names key
    assert all("names" not in f for f in plain["findings"])


def test_text_and_markdown_findings_name_their_members(tmp_path):
    """A firm in no branch: with --show-names, text and markdown (en and zh) list the finding's
    members as the change list shows moved members, the id then the name (``M0079 覃志远``);
    without it, ids only."""
    plan = (G / "plan-current.yaml").read_text(encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(plan.replace("firms: [F006, F018, F028, F033, F035]",
                                                     "firms: [F006, F018, F028, F033]"), encoding="utf-8")
    members = load_roster(G / "firms.yaml").firm_by_id["F035"].member_list
    assert all(m.name for m in members) and len(members) > 1
    en = ", ".join(f"{m.id} {m.name}" for m in members)
    zh = "、".join(f"{m.id} {m.name}" for m in members)
    args = ["check", str(tmp_path / "plan.yaml"), "--firms", str(G / "firms.yaml")]
    text = runner.invoke(app, args + ["--show-names", "--lang", "en"]).stdout
    lines = text.splitlines()
    k = next(i for i, s in enumerate(lines) if "BP-ONE-BRANCH" in s and "F035" in s)
    assert lines[k + 1].startswith("    单位 F035") and lines[k + 2] == f"    members: {en}", lines[k:k + 3]
    assert f"    党员：{zh}" in runner.invoke(app, args + ["--show-names", "--lang", "zh"]).stdout.splitlines()
    md = runner.invoke(app, args + ["--show-names", "--format", "markdown", "--lang", "en"]).stdout
    row = next(s for s in md.splitlines() if "`BP-ONE-BRANCH`" in s and "F035" in s)
    assert f"<br>members: {en} |" in row, row
    md_zh = runner.invoke(app, args + ["--show-names", "--format", "markdown", "--lang", "zh"]).stdout
    assert f"<br>党员：{zh} |" in md_zh
    for fmt in ("text", "markdown"):   # not asked: ids only, and no names line
        plain = runner.invoke(app, args + ["--format", fmt, "--lang", "en"]).stdout
        assert "members: M" not in plain and not any(m.name in plain for m in members), fmt
