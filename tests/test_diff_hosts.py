"""`branchplan diff` with a host organisation (H): a host that leaves, takes or changes
branch is reported and counted, and a firm leaving a host-led branch for its own is not
said to leave a joint branch."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

FIRMS = str(Path(__file__).parent / "data" / "diffhost" / "firms.yaml")
HOSTED = {"B1": ("H", ["H", "A", "D"]), "B2": ("C", ["C"])}
runner = CliRunner()


def write(tmp_path: Path, name: str, branches: dict[str, tuple[str, list[str]]]) -> str:
    path = tmp_path / name
    data = {"branches": [{"id": i, "lead": lead, "firms": fs} for i, (lead, fs) in branches.items()]}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


def diff(tmp_path: Path, old: dict, new: dict, *args: str) -> str:
    res = runner.invoke(app, ["diff", write(tmp_path, "old.yaml", old), write(tmp_path, "new.yaml", new),
                              "--firms", FIRMS, *args])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_host_leaving_its_branch_is_reported_and_counted(tmp_path):
    new = {"B1": ("A", ["A", "D"]), "B2": ("C", ["C"])}
    out = diff(tmp_path, HOSTED, new, "--lang", "en")
    assert "Changes: none" not in out
    assert "; 1 lead change; 1 host organisation change" in out
    assert "  host organisation H leaves branch B1 and leads no branch" in out
    assert "  branch B1 lead H -> A" in out
    zh = diff(tmp_path, HOSTED, new, "--lang", "zh")
    assert "；更换牵头单位的支部 1 个；托管组织变动 1 处" in zh
    assert "  托管组织 H 退出支部 B1，不再牵头支部" in zh
    md = diff(tmp_path, HOSTED, new, "--format", "markdown", "--lang", "en")
    assert "| host organisation H | B1 |  |" in md
    data = json.loads(diff(tmp_path, HOSTED, new, "--format", "json"))
    assert data["summary"]["host_changes"] == 1 and data["summary"]["lead_changes"] == 1
    assert data["host_changes"] == [{"host": "H", "from": "B1", "to": None}]
    assert yaml.safe_load(diff(tmp_path, HOSTED, new, "--format", "yaml"))["host_changes"] == data["host_changes"]


def test_host_branch_dissolved_when_its_firms_join_another(tmp_path):
    new = {"B2": ("C", ["C", "A", "D"])}
    data = json.loads(diff(tmp_path, HOSTED, new, "--format", "json"))
    assert data["summary"]["members_moved"] == 3 and data["summary"]["firms_moved"] == 2
    assert data["summary"]["branches_dissolved"] == 1 and data["summary"]["host_changes"] == 1
    assert data["branches_dissolved"] == [{"branch": "B1", "lead": "H", "firms": ["H", "A", "D"]}]
    out = diff(tmp_path, HOSTED, new, "--lang", "en")
    assert "  firm A moves B1 -> B2 (2 members: M1, M5)" in out
    assert "  host organisation H leaves branch B1 and leads no branch" in out


def test_firm_leaving_a_host_branch_for_its_own_is_not_from_a_joint_branch(tmp_path):
    new = {"B1": ("H", ["H", "D"]), "B2": ("C", ["C"]), "B3": ("A", ["A"])}
    out = diff(tmp_path, HOSTED, new, "--lang", "en")
    assert "  firm A leaves branch B1 with the host organisation H for its own branch B3" in out
    assert "joint branch" not in out and "host organisation change" not in out
    zh = diff(tmp_path, HOSTED, new, "--lang", "zh")
    assert "  单位 A 由编入托管组织 H 的支部 B1 转为单独组建支部 B3" in zh and "联合支部" not in zh
    md = diff(tmp_path, HOSTED, new, "--format", "markdown", "--lang", "zh")
    assert "| 单位 A 由编入托管组织 H 转为单独组建支部 | B1 | B3 |" in md
    data = json.loads(diff(tmp_path, HOSTED, new, "--format", "json"))
    assert data["graduations"] == [{"firm": "A", "from": "B1", "to": "B3", "host": "H"}]


def test_joint_branch_graduation_keeps_its_wording(tmp_path):
    old = {"B1": ("A", ["A", "D"]), "B2": ("C", ["C"])}
    new = {"B1": ("D", ["D"]), "B2": ("C", ["C"]), "B3": ("A", ["A"])}
    out = diff(tmp_path, old, new, "--lang", "en")
    assert "  firm A graduates from joint branch B1 to its own branch B3" in out
    assert json.loads(diff(tmp_path, old, new, "--format", "json"))["graduations"][0]["host"] is None


def test_lead_from_firm_to_host_and_back(tmp_path):
    joint = {"B1": ("A", ["A", "D"]), "B2": ("C", ["C"])}
    there = diff(tmp_path, joint, HOSTED, "--lang", "en")
    assert "  branch B1 lead A -> H" in there and "  host organisation H takes branch B1" in there
    back = diff(tmp_path, HOSTED, joint, "--lang", "en")
    assert "  branch B1 lead H -> A" in back and "  host organisation H leaves branch B1" in back
    assert "graduates" not in there + back and "leaves branch B1 with" not in there + back


def test_host_in_both_plans_unchanged_or_moved(tmp_path):
    assert diff(tmp_path, HOSTED, HOSTED, "--lang", "en").splitlines()[1] == "Changes: none (same branches, same firms)"
    moved = {"B1": ("A", ["A", "D"]), "B2": ("H", ["H", "C"])}
    out = diff(tmp_path, HOSTED, moved, "--lang", "en")
    assert "  host organisation H leaves branch B1 for branch B2" in out
    # B2 keeps its id but H, which was not in it, leads it now: a new branch under the old
    # id, so C moved (as the stability rule and a re-plan count it)
    assert "  firm C moves B2 -> B2 (a new branch under that id)" in out
    assert "  branch B2 lead C -> H, which was not one of its firms: a new branch under the old id" in out
    # (B1's lead handed over within it is a lead change; B2 under H is a branch ended and begun)
    assert "branches: 1 created (1 of them under an old branch's id), 1 dissolved, " in out
    assert "; 1 lead change; 1 host organisation change" in out


def test_check_base_reports_a_host_leaving(tmp_path):
    new = write(tmp_path, "new.yaml", {"B1": ("A", ["A", "D"]), "B2": ("C", ["C"])})
    res = runner.invoke(app, ["check", new, "--firms", FIRMS, "--base", write(tmp_path, "old.yaml", HOSTED),
                              "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    data = json.loads(res.stdout)
    assert data["diff"]["host_changes"] == [{"host": "H", "from": "B1", "to": None}]


def test_report_names_host_changes_and_host_graduations(tmp_path):
    new = write(tmp_path, "new.yaml", {"B1": ("H", ["H", "D"]), "B2": ("C", ["C"]), "B3": ("A", ["A"])})
    old = write(tmp_path, "old.yaml", {"B1": ("H", ["H", "A", "D"]), "B2": ("C", ["C"])})
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["report", new, "--firms", FIRMS, "--base", old, "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "A leaves B1, the branch with host organisation H, and forms its own branch B3" in html
    gone = write(tmp_path, "gone.yaml", {"B1": ("A", ["A", "D"]), "B2": ("C", ["C"])})
    res = runner.invoke(app, ["report", gone, "--firms", FIRMS, "--base", old, "--lang", "zh", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "托管组织 H 退出 B1，不再牵头支部" in out.read_text(encoding="utf-8")


def test_a_host_that_left_the_roster_is_known_from_the_old_plan_without_old_firms(tmp_path):
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: 甲市\nfirms:\n  - {id: P1, location: {x: 0, y: 0}, members: {full: 3}}\n"
                     "  - {id: P4, location: {x: 1, y: 0}, members: {full: 3}}\n", encoding="utf-8")
    old = tmp_path / "old.yaml"
    old.write_text("branches:\n  - {id: B1, lead: P1, firms: [P1]}\n"
                   "  - {id: B2, kind: host, lead: H2, firms: [H2, P4]}\n", encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text("branches:\n  - {id: B1, lead: P1, firms: [P1]}\n  - {id: B3, lead: P4, firms: [P4]}\n",
                   encoding="utf-8")
    res = CliRunner().invoke(app, ["diff", str(old), str(new), "--firms", str(firms), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "firm P4 leaves branch B2 with the host organisation H2 for its own branch B3" in res.stdout
    assert "host organisation H2 leaves branch B2 and leads no branch" in res.stdout
    assert "firm H2 removed" not in res.stdout and "from joint branch" not in res.stdout
