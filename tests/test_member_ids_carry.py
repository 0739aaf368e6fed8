"""Member ids that do not carry over between the old and the new firms file (ids made from
row numbers that shifted, or from ID numbers under another --id-key) are refused wherever
members are followed: solve --current --old-firms, diff --old-firms, check --base-firms,
report --base-firms (exit 2, both files named, examples, the fix)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()


def shifted(tmp_path: Path) -> Path:
    """firms-2027.yaml with M0002's name and M0003's swapped (as a deleted row shifts R-ids)."""
    text = (EX / "firms-2027.yaml").read_text(encoding="utf-8")
    text = text.replace("name: 邓宁,", "name: @@,").replace("name: 罗雪,", "name: 邓宁,").replace("name: @@,", "name: 罗雪,")
    out = tmp_path / "firms-2027.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def rekeyed(tmp_path: Path) -> Path:
    """firms-2027.yaml with every member id changed (another --id-key) and names dropped."""
    text = (EX / "firms-2027.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\{id: M(\d+), name: [^,]+,", r"{id: K\1,", text)
    out = tmp_path / "firms-2027.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def commands(new: Path) -> list[list[str]]:
    old, cur = str(EX / "firms.yaml"), str(EX / "plan-current.yaml")
    return [["solve", str(new), "--current", cur, "--old-firms", old],
            ["diff", cur, str(EX / "plan-2027.yaml"), "--firms", str(new), "--old-firms", old],
            ["check", str(EX / "plan-2027.yaml"), "--firms", str(new), "--base", cur, "--base-firms", old],
            ["report", str(EX / "plan-2027.yaml"), "--firms", str(new), "--base", cur, "--base-firms", old]]


@pytest.mark.parametrize("which", range(4))
def test_names_that_differ_under_one_id_are_refused(tmp_path, which):
    new = shifted(tmp_path)
    res = runner.invoke(app, commands(new)[which] + ["--lang", "en"])
    assert res.exit_code == 2, res.output
    line = res.stderr.strip().splitlines()[-1]
    assert line == (f"{EX / 'firms.yaml'}: 2 member ids name different people in {EX / 'firms.yaml'} and "
                    f"{new} (M0002, M0003), so members cannot be followed between "
                    "the two files; member ids must stay the same across years: import both rosters with a "
                    "党员编号 (member number) column, or from the ID numbers with the same --id-key (a member "
                    "who changed name: correct the old file)")
    assert res.stdout == ""


def test_ids_of_another_key_are_refused_in_chinese(tmp_path):
    new = rekeyed(tmp_path)
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, commands(new)[0] + ["--lang", "zh", "-o", str(out)])
    assert res.exit_code == 2, res.output
    assert res.stderr.strip().splitlines()[-1] == (
        f"{EX / 'firms.yaml'}: {EX / 'firms.yaml'} 中仍在 {new} 所列单位的 77 名党员里，有 77 名的编号不在 {new} 中"
        "（如 M0001, M0002, M0003）：两份文件的党员编号不一致，无法在两份文件间跟踪党员；党员编号须跨年份保持一致："
        "两年的名册都增加“党员编号”列后导入，或以身份证号导入并使用相同的 --id-key")
    assert not out.exists()


def test_real_departures_are_not_refused():
    # the Guigang 2027 roster: members left, joined and changed firm, ids carry over
    for cmd in commands(EX / "firms-2027.yaml"):
        res = runner.invoke(app, cmd + ["--lang", "en"])
        assert res.exit_code in (0, 1), res.output
        assert "cannot be followed" not in res.output


def test_real_departures_and_a_name_written_with_another_dot_are_not_refused(tmp_path):
    """Most of a firm's members really leave (ids gone, the others kept under the same ids and
    names), and a name is written with another middle dot: the ids carry over, so the
    commands run."""
    text = (EX / "firms-2027.yaml").read_text(encoding="utf-8")
    for gone in ("M0002", "M0003", "M0004", "M0005"):
        text = re.sub(r"      - \{id: " + gone + r",[^\n]*\n", "", text)
    text = text.replace("name: 赵小燕,", "name: 赵·小燕,")
    new = tmp_path / "firms-2027.yaml"
    new.write_text(text, encoding="utf-8")
    old = (EX / "firms.yaml").read_text(encoding="utf-8").replace("name: 赵小燕,", "name: 赵•小燕,")
    (tmp_path / "firms.yaml").write_text(old, encoding="utf-8")
    res = runner.invoke(app, ["diff", str(EX / "plan-current.yaml"), str(EX / "plan-2027.yaml"), "--firms", str(new),
                              "--old-firms", str(tmp_path / "firms.yaml"), "--lang", "en"])
    assert res.exit_code == 0, res.output


def test_row_number_ids_without_names_are_refused(tmp_path):
    """Ids R2, R3, ... (an import without a member-number column) and no names in either file:
    nothing can tell a shifted row, so following members is refused."""
    def unnamed(src: Path, out: Path) -> None:
        text = src.read_text(encoding="utf-8")
        text = re.sub(r"\{id: M(\d+), name: [^,]+,", lambda m: "{id: R" + str(int(m.group(1)) + 1) + ",", text)
        out.write_text(text, encoding="utf-8")

    unnamed(EX / "firms.yaml", tmp_path / "old.yaml")
    unnamed(EX / "firms-2027.yaml", tmp_path / "new.yaml")
    res = runner.invoke(app, ["diff", str(EX / "plan-current.yaml"), str(EX / "plan-2027.yaml"), "--firms",
                              str(tmp_path / "new.yaml"), "--old-firms", str(tmp_path / "old.yaml"), "--lang", "en"])
    assert res.exit_code == 2
    assert "are row numbers (R2, R3, ...) and the files give no names" in res.stderr


def test_the_library_refuses_ids_that_do_not_carry_over(tmp_path):
    """replan(old_roster=...), load_current(...).following and diff_plans(old_roster=...)
    run the same check as the commands, naming the files the rosters were read from."""
    import branchplan
    from branchplan.errors import InputError

    new_path = shifted(tmp_path)
    old = branchplan.load_roster(EX / "firms.yaml")
    new = branchplan.load_roster(new_path)
    current = branchplan.load_current(EX / "plan-current.yaml", new)
    with pytest.raises(InputError) as replanned:
        branchplan.replan(new, current, old_roster=old)
    text = str(replanned.value)
    assert "2 member ids name different people" in text and str(new_path) in text
    assert str(EX / "firms.yaml") in text
    plan, _ = branchplan.load_plan(EX / "plan-2027.yaml")
    with pytest.raises(InputError, match="name different people"):
        branchplan.diff_plans(current.source, plan, new, old_roster=old)
    # rosters built in memory are named by their source, else by the parameter
    same = branchplan.roster_from_data(__import__("yaml").safe_load(new_path.read_text(encoding="utf-8")))
    with pytest.raises(InputError) as unnamed:
        current.following(same, old)
    assert "<memory>" in str(unnamed.value)


def test_the_library_follows_members_when_ids_carry_over():
    import branchplan

    old = branchplan.load_roster(EX / "firms.yaml")
    new = branchplan.load_roster(EX / "firms-2027.yaml")
    current = branchplan.load_current(EX / "plan-current.yaml", new)
    out = branchplan.replan(new, current, old_roster=old)
    assert out.ok and out.diff is not None and out.diff.old_roster_given


def test_firms_whose_members_all_left_are_not_taken_for_other_ids():
    """Every member of three firms left (the firms stay, without members): nothing says the
    ids changed, so the files are not refused; the same firms with members under other ids are."""
    from branchplan import roster_from_data
    from branchplan.errors import InputError
    from branchplan.origins import require_same_ids

    def doc(members: dict[str, list[str]]) -> dict:
        return {"jurisdiction": "X", "firms": [
            {"id": fid, "location": {"x": k, "y": 0},
             "members": [{"id": m, "status": "probationary", "joined": "2026-01-01"} for m in ms]}
            for k, (fid, ms) in enumerate(members.items())]}

    old = roster_from_data(doc({"S0": ["M1"], "S1": ["M2"], "S2": ["M3"]}), "old.yaml")
    left = roster_from_data(doc({"S0": [], "S1": [], "S2": []}), "new.yaml")
    require_same_ids(left, old, "new.yaml", "old.yaml")          # no refusal
    other = roster_from_data(doc({"S0": ["K1"], "S1": ["K2"], "S2": ["K3"]}), "new.yaml")
    with pytest.raises(InputError, match="do not use the same member ids"):
        require_same_ids(other, old, "new.yaml", "old.yaml")
