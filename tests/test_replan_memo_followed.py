"""Re-planning output with the old firms file: where a closed firm's members went (diff,
solve --current text and memo, report), --show-names in solve's change list, the memo's
reasons once each and its cost table with the rules' titles (CLI, exit codes, exact lines)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()
LINE = "      - {id: M0045, name: 谭军, status: full, joined: 2014-04-15}\n"


def transferred(tmp_path: Path) -> Path:
    """firms-2027.yaml where M0054 of the closed firm F026 joined F013 (still in B007; listed as
    probationary, so F013 stays below 3 full members)."""
    text = (EX / "firms-2027.yaml").read_text(encoding="utf-8")
    assert LINE in text
    out = tmp_path / "firms-2027.yaml"
    out.write_text(text.replace(LINE, LINE + "      - {id: M0054, name: 覃丽, status: probationary, joined: 2026-06-01}\n"),
                   encoding="utf-8")
    return out


def without_f018(tmp_path: Path) -> Path:
    """plan-2027.yaml with F018 left out of its branch by hand (in no branch)."""
    import yaml

    data = yaml.safe_load((EX / "plan-2027.yaml").read_text(encoding="utf-8"))
    for b in data["branches"]:
        if "F018" in b["firms"]:
            b["firms"].remove("F018")
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return new


def test_diff_says_where_a_closed_firms_member_went(tmp_path):
    new = transferred(tmp_path)
    args = ["diff", str(EX / "plan-current.yaml"), str(EX / "plan-2027.yaml"), "--firms", str(new),
            "--old-firms", str(EX / "firms.yaml")]
    en = runner.invoke(app, args + ["--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "  firm F026 removed (was in B007; 1 member; member M0054 moved to firm F013, still in B007)" \
        in en.stdout.splitlines()
    zh = runner.invoke(app, args + ["--lang", "zh", "--show-names"])
    assert zh.exit_code == 0, zh.output
    assert "  减少单位 F026（原在 B007；1 名党员；党员 M0054 覃丽 已转入单位 F013，仍在 B007）" in zh.stdout.splitlines()
    md = runner.invoke(app, args + ["--lang", "zh", "--format", "markdown"])
    assert "| 减少单位 F026（1 名党员；党员 M0054 已转入单位 F013，仍在 B007） | B007 |  |" in md.stdout.splitlines()


def test_report_says_where_a_closed_firms_member_went(tmp_path):
    new = transferred(tmp_path)
    res = runner.invoke(app, ["report", str(EX / "plan-2027.yaml"), "--firms", str(new), "--base",
                              str(EX / "plan-current.yaml"), "--base-firms", str(EX / "firms.yaml"), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert "<li>F026 不再列入（原在 B007）：党员 M0054 已转入单位 F013，仍在 B007</li>" in res.stdout


def test_solve_memo_names_members_with_show_names(tmp_path):
    new, memo = transferred(tmp_path), tmp_path / "memo.md"
    args = ["solve", str(new), "--current", str(EX / "plan-current.yaml"), "--old-firms", str(EX / "firms.yaml"),
            "--changes", str(memo), "--lang", "zh", "--format", "text", "--show-names", "-q"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    lines = memo.read_text(encoding="utf-8").splitlines()
    assert "| 党员 M0012 张建军（现属 F036） | B001 | B006 |" in lines
    assert "| 减少单位 F026（1 名党员；党员 M0054 覃丽 已转入单位 F013，仍在 B007） | B007 |  |" in lines
    assert "  党员 M0012 张建军（现属 F036）由 B001 调整到 B006" in res.stdout.splitlines()
    plain = runner.invoke(app, args[:-2] + ["-q"])
    assert plain.exit_code == 0 and "张建军" not in memo.read_text(encoding="utf-8")
    alone = runner.invoke(app, ["solve", str(new), "--show-names", "--lang", "en"])
    assert alone.exit_code == 2
    assert "--show-names only makes sense with --current PLAN" in alone.stderr


def test_memo_reasons_once_and_rule_titles():
    res = runner.invoke(app, ["solve", str(EX / "firms-2027.yaml"), "--current", str(EX / "plan-current.yaml"),
                              "--old-firms", str(EX / "firms.yaml"), "--format", "markdown", "--lang", "zh"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert [x for x in lines if "F026" in x and x.startswith("- ")] == ["- F026（支部 B007）不在名册中（已注销或更名）：移出"]
    assert "| BP-DISTRICT 同一区县便于管理 | 25.000 | 20.000 | -5.000 |" in lines
    assert "- 结果：4 名党员变动支部：3 名随所在的 1 个单位变动，1 名因调换单位而变动；调整后党支部 8 个（原 7 个）" in lines
    en = runner.invoke(app, ["solve", str(EX / "firms-2027.yaml"), "--current", str(EX / "plan-current.yaml"),
                             "--old-firms", str(EX / "firms.yaml"), "--format", "markdown", "--lang", "en"])
    assert "| BP-DISTRICT Same district as the lead | 25.000 | 20.000 | -5.000 |" in en.stdout.splitlines()


def test_show_names_puts_the_name_beside_the_id_in_data_and_after_it_in_text():
    """JSON/YAML keep `member` an id (tools read it as one) and add `name`; people read
    "M0012 张建军" in text."""
    import json

    args = ["diff", str(EX / "plan-current.yaml"), str(EX / "plan-2027.yaml"), "--firms", str(EX / "firms-2027.yaml"),
            "--old-firms", str(EX / "firms.yaml"), "--show-names"]
    res = runner.invoke(app, args + ["--format", "json"])
    assert res.exit_code == 0, res.output
    moves = json.loads(res.stdout)["member_moves"]
    assert {"member": "M0012", "name": "张建军", "firm": "F036", "from": "B001", "to": "B006"} in moves
    assert all(" " not in m["member"] for m in moves)
    text = runner.invoke(app, args + ["--lang", "en"])
    assert text.exit_code == 0 and "M0012 张建军" in text.stdout
    plain = runner.invoke(app, args[:-1] + ["--format", "json"])
    assert all("name" not in m for m in json.loads(plain.stdout)["member_moves"])


def test_a_firm_left_out_of_the_new_plan_keeps_its_members_who_changed_no_firm(tmp_path):
    """F018 left out of the 2027 plan by hand: with the old firms file its members, still in
    F018, are not said to have moved to F018 (in text, Chinese and JSON)."""
    new = without_f018(tmp_path)
    args = ["diff", str(EX / "plan-current.yaml"), str(new), "--firms", str(EX / "firms-2027.yaml"),
            "--old-firms", str(EX / "firms.yaml")]
    en = runner.invoke(app, args + ["--lang", "en"])
    assert en.exit_code == 0, en.output
    line = next(s for s in en.stdout.splitlines() if s.startswith("  firm F018 is in no branch now"))
    assert line == "  firm F018 is in no branch now (dropped, unassigned; was in B005; 2 members: M0048, M0049)"
    zh = runner.invoke(app, args + ["--lang", "zh"])
    assert "已转入单位 F018" not in zh.stdout
    js = runner.invoke(app, args + ["--format", "json"])
    import json

    removed = [f for f in json.loads(js.stdout)["firms_removed"] if f["firm"] == "F018"]
    assert removed and not removed[0].get("went")


def test_a_branch_whose_every_firm_closed_gives_no_reason_and_no_saving(tmp_path):
    """F003, alone in B003, closed: the current plan's finding about the emptied B003 (that every
    firm it lists left the roster) only says it is gone: no reason for the change, not counted in the
    rule table (with or without the old firms file), named in its note."""
    import yaml

    data = yaml.safe_load((EX / "firms-2027.yaml").read_text(encoding="utf-8"))
    data["firms"] = [f for f in data["firms"] if f["id"] != "F003"]
    firms = tmp_path / "firms.yaml"
    firms.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for more in ([], ["--old-firms", str(EX / "firms.yaml")]):
        res = runner.invoke(app, ["solve", str(firms), "--current", str(EX / "plan-current.yaml"), "-f", "text",
                                  "--lang", "en", *more])
        assert res.exit_code == 0, res.output
        lines = res.stdout.splitlines()
        why = lines[lines.index("Why: under this roster the current plan has these findings (they outrank stability):")
                    + 1:lines.index("Notes on the current plan:")]
        assert why and not any("B003" in s for s in why)
        table = lines[next(k for k, s in enumerate(lines) if s.startswith("Rule costs (")):]
        secretary = next(s for s in table if s.startswith("  BP-SECRETARY "))
        assert secretary.split()[-4:] == ["0.000", "->", "0.000", "(0.000)"]
        assert not any(s.startswith("  BP-MIN-FULL ") for s in table)
        if not more:    # (with the old firms file the old plan is measured on it, where B003 is whole)
            # (check says once that every firm of B003 left the roster: no minimum, no secretary broken)
            note = next(s for s in lines if s.startswith("Note: the old plan's"))
            assert "2 BP-ONE-BRANCH findings" in note and "F003 (in branch B003)" in note
            assert "BP-MIN-FULL" not in note and "BP-SECRETARY" not in note


def test_a_branch_left_with_only_its_host_gives_no_reason_and_the_note_names_its_closed_firm(tmp_path):
    """B008 = host H1 with F037; F037 closed: "B008 holds host H1 and no firm" only says F037
    is gone: no reason, not counted; the note names F037, not H1 (a host of the roster)."""
    import yaml

    current = tmp_path / "current.yaml"
    current.write_text((EX / "plan-current.yaml").read_text(encoding="utf-8").rstrip("\n")
                       + "\n  - {id: B008, lead: H1, firms: [H1, F037]}\n", encoding="utf-8")
    data = yaml.safe_load((EX / "firms-2027.yaml").read_text(encoding="utf-8"))
    data["firms"] = [f for f in data["firms"] if f["id"] != "F037"]
    firms = tmp_path / "firms.yaml"
    firms.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "--current", str(current), "-f", "text", "--lang", "en"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    why = lines[lines.index("Why: under this roster the current plan has these findings (they outrank stability):")
                + 1:lines.index("Notes on the current plan:")]
    assert not any("B008" in s for s in why)
    table = lines[next(k for k, s in enumerate(lines) if s.startswith("Rule costs (")):]
    assert not any(s.startswith("  BP-ONE-BRANCH ") for s in table)
    note = next(s for s in lines if s.startswith("Note: the old plan's"))
    assert "F037 (in branch B008)" in note and "H1" not in note


def test_a_lead_without_members_now_is_not_called_a_closed_lead(tmp_path):
    """Every firm of B005 without members now: the note names its lead F028 as the others,
    "no Party members now", not as the closed lead of B005."""
    import yaml

    data = yaml.safe_load((EX / "firms-2027.yaml").read_text(encoding="utf-8"))
    for f in data["firms"]:
        if f["id"] in ("F006", "F018", "F028", "F033", "F035"):
            f["members"] = []
    firms = tmp_path / "firms.yaml"
    firms.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "--current", str(EX / "plan-current.yaml"), "-f", "text",
                              "--lang", "en"])
    assert res.exit_code == 0, res.output
    note = next(s for s in res.stdout.splitlines() if s.startswith("Note: the old plan's"))
    assert "F028 (in branch B005; no Party members now)" in note and "lead of branch B005" not in note


def test_a_firm_left_out_of_the_new_plan_counts_and_lists_its_members_now(tmp_path):
    """M0016 moved from F002 (branch B002) to F018 this year, and F018 is left out of the new
    plan by hand: the members left in no branch are F018's three now, not its two of the old
    firms file, and M0016 is said to come from B002 (text, Chinese, markdown and JSON; the
    summary's count of members left in no branch is three)."""
    import json

    text = (EX / "firms-2027.yaml").read_text(encoding="utf-8")
    line = "      - {id: M0016, name: 孙卫东, status: full, joined: 2001-09-12}\n"
    anchor = "      - {id: M0049, name: 陆宁, status: full, joined: 2002-11-04}\n"
    assert line in text and anchor in text
    firms = tmp_path / "firms-2027.yaml"
    firms.write_text(text.replace(line, "").replace(anchor, anchor + line), encoding="utf-8")
    new = without_f018(tmp_path)
    args = ["diff", str(EX / "plan-current.yaml"), str(new), "--firms", str(firms), "--old-firms", str(EX / "firms.yaml")]
    en = runner.invoke(app, args + ["--lang", "en"])
    assert en.exit_code == 0, en.output
    line = next(s for s in en.stdout.splitlines() if s.startswith("  firm F018 is in no branch now"))
    assert line == ("  firm F018 is in no branch now (dropped, unassigned; was in B005; 3 members: "
                    "M0016 (from B002), M0048, M0049)")
    zh = runner.invoke(app, args + ["--lang", "zh"])
    assert "3 名党员：M0016（原在 B002）、M0048、M0049" in zh.stdout
    md = runner.invoke(app, args + ["--format", "markdown"])
    assert "3 members: M0016 (from B002), M0048, M0049" in md.stdout
    removed = next(f for f in json.loads(runner.invoke(app, args + ["--format", "json"]).stdout)["firms_removed"]
                   if f["firm"] == "F018")
    assert removed["members"] == 3 and removed["members_left"] == [{"member": "M0016", "from": "B002"},
                                                                   {"member": "M0048"}, {"member": "M0049"}]
    # without the old firms file every member is taken to have been in F018 then
    plain = runner.invoke(app, args[:-2] + ["--format", "json"])
    removed = next(f for f in json.loads(plain.stdout)["firms_removed"] if f["firm"] == "F018")
    assert removed["members"] == 3 and all("from" not in m for m in removed["members_left"])
