"""A plan naming a unit by an id that differs from the firms file's only in case, width or
accents (``F018`` typed ``Ｆ０１８`` with an input method, or ``f018``). A firms file refuses
two such ids as one; a plan to start from or compare with (``--current``, ``--base``,
``diff OLD``, ``report --base``) is refused at the id's line (exit 2, naming the firms file's
spelling) instead of being read as a closed firm, which counted its branch's other firms as
moved; the plan under ``check`` gets the spelling in its finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan import InputError, load_roster
from branchplan.cli import app
from branchplan.replan import load_current

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()
FIRMS, FIRMS_2027 = str(G / "firms.yaml"), str(G / "firms-2027.yaml")
CURRENT = G / "plan-current.yaml"
LINE = "    firms: [F006, F018, F028, F033, F035]"


def _typed(tmp_path: Path, spelling: str) -> Path:
    text = CURRENT.read_text(encoding="utf-8")
    assert LINE in text
    out = tmp_path / "typed.yaml"
    out.write_text(text.replace(LINE, LINE.replace("F018", spelling)), encoding="utf-8")
    return out


def _where(path: Path) -> str:
    line = path.read_text(encoding="utf-8").splitlines().index(
        next(x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith("    firms: [F006")))
    return f"{path}:{line + 1}:19: branches[4].firms[1]: "


@pytest.mark.parametrize("spelling", ["Ｆ０１８", "f018"])
@pytest.mark.parametrize("args", [
    lambda p: ["check", str(CURRENT), "--firms", FIRMS, "--base", str(p)],
    lambda p: ["solve", FIRMS_2027, "--current", str(p), "--old-firms", FIRMS],
    lambda p: ["solve", FIRMS, "--current", str(p)],
    lambda p: ["diff", str(p), str(CURRENT), "--firms", FIRMS],
    lambda p: ["report", str(CURRENT), "--firms", FIRMS, "--base", str(p)],
], ids=["check-base", "replan-old-firms", "replan", "diff", "report-base"])
def test_a_plan_to_start_from_or_compare_with_is_refused_at_the_id(tmp_path, spelling, args):
    typed = _typed(tmp_path, spelling)
    res = runner.invoke(app, args(typed) + (["-o", str(tmp_path / "out.html")] if args(typed)[0] == "report" else []))
    assert res.exit_code == 2, res.output
    assert res.stderr == (_where(typed) + f"{spelling} is not in the firms file, which has F018: the two differ "
                          "only in case, width or accents and read as one id; write it as F018\n")
    assert not (tmp_path / "out.html").exists()


def test_in_chinese_and_through_the_library(tmp_path):
    typed = _typed(tmp_path, "Ｆ０１８")
    res = runner.invoke(app, ["check", str(CURRENT), "--firms", FIRMS, "--base", str(typed), "--lang", "zh"])
    assert res.exit_code == 2
    assert "“Ｆ０１８”不在名册中，名册中有“F018”" in res.stderr
    with pytest.raises(InputError) as err:
        load_current(typed, load_roster(FIRMS))
    assert "write it as F018" in str(err.value)


def test_the_plan_under_check_gets_the_spelling_in_its_finding(tmp_path):
    typed = _typed(tmp_path, "Ｆ０１８")
    res = runner.invoke(app, ["check", str(typed), "--firms", FIRMS])
    assert res.exit_code == 1, res.output
    assert ("branch B005 lists Ｆ０１８, which is not a firm or host of the roster (the roster has F018: the two "
            "differ only in case, width or accents; write it as F018)") in res.stdout
    assert "firm F018" in res.stdout and "is in no branch" in res.stdout


def test_an_id_of_no_unit_is_still_a_closed_firm_and_an_old_firms_file_id_is_kept(tmp_path):
    """Only a variant of a unit of a firms file is refused: a firm gone from the roster is
    dropped with a note as before, and an id the old firms file has exactly is that firm."""
    gone = _typed(tmp_path, "F999")
    res = runner.invoke(app, ["check", str(CURRENT), "--firms", FIRMS, "--base", str(gone)])
    assert res.exit_code in (0, 1), res.output
    assert "read as one id" not in res.output
    assert "F018" in res.stdout           # (its branch's other firms are counted as moved, as before)
    old = tmp_path / "old.yaml"
    old.write_text(Path(FIRMS).read_text(encoding="utf-8").replace("id: F018", "id: f018"), encoding="utf-8")
    lower = _typed(tmp_path, "f018")
    res = runner.invoke(app, ["check", str(CURRENT), "--firms", FIRMS, "--base", str(lower),
                              "--base-firms", str(old)])
    assert "read as one id" not in res.output, res.output


def test_a_firm_typed_short_in_a_checked_plan_gets_the_rosters_name(tmp_path):
    """Ids that are firms' names (an import without a firm-id column), one typed short by hand
    in the plan under check (律所 for 律师事务所, or with its form in brackets): the finding names
    the firm the roster has; a name that reads as none gets no such hint."""
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: 柳州市\nfirms:\n  - {id: 广西甲律师事务所, members: {full: 3}}\n"
                     "  - {id: 广西乙律师事务所, members: {full: 2}}\n  - {id: 广西丙律师事务所, members: {full: 1}}\n",
                     encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["solve", str(firms), "-o", str(plan)]).exit_code == 0
    import yaml

    for typed, hinted in (("广西丙律所", True), ("广西丙律师事务所（普通合伙）", True), ("广西丁律所", False)):
        data = yaml.safe_load(plan.read_text(encoding="utf-8"))
        branch = next(b for b in data["branches"] if "广西丙律师事务所" in b["firms"])
        branch["firms"] = [typed if f == "广西丙律师事务所" else f for f in branch["firms"]]
        edited = tmp_path / "edited.yaml"
        edited.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        en = runner.invoke(app, ["check", str(edited), "--firms", str(firms), "--lang", "en"])
        assert en.exit_code == 1
        line = next(s for s in en.output.splitlines() if f"lists {typed}, which is not a firm or host" in s)
        assert ("(the roster has 广西丙律师事务所: the same firm written short or with its form in brackets? write it "
                "as 广西丙律师事务所)" in line) == hinted, line
        zh = runner.invoke(app, ["check", str(edited), "--firms", str(firms), "--lang", "zh"])
        assert ("（名册中有“广西丙律师事务所”：是否同一单位的简写或带括号的写法？请写作“广西丙律师事务所”）" in zh.output) == hinted
