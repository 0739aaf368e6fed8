"""Values refused while the YAML is read (an impossible date where a date is wanted, a tag, a
duplicate key) name their field the way model errors do (``firms[3].members[0].joined``), in firms, plan, rules
and waivers files, whether the document is plain (the one-pass builder, which leaves every
refusal to the general path) or not (anchors, aliases, merge keys: PyYAML's general path)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.parsing import MAX_DEPTH, MAX_NODES, StrictLoader
from branchplan.plainyaml import NotPlain, build

runner = CliRunner()
BAD = "2026-02-30"
WHY = f"{BAD} is not a valid date (day is out of range for month)"
GOOD_FIRMS = """jurisdiction: 小城
firms:
  - id: F1
    members: {full: 3}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def at(text: str, needle: str = BAD, nth: int = 0) -> str:
    """'line:col' (1-based) of the nth occurrence of needle."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    line = text.count("\n", 0, i) + 1
    return f"{line}:{i - (text.rfind(chr(10), 0, i) + 1) + 1}"


def plain(text: str) -> bool:
    """Whether the one-pass builder takes the document (given a valid date in place of BAD)."""
    loader = StrictLoader(text.replace(BAD, "2026-02-03"))
    try:
        build(loader, MAX_DEPTH, MAX_NODES)
        return True
    except NotPlain:
        return False
    finally:
        loader.dispose()


def refused(args: list[str]) -> str:
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    assert res.stdout == ""
    assert "Traceback" not in res.output
    return res.stderr


ROSTER = f"""jurisdiction: 小城
as_of: 2026-11-01
firms:
  - {{id: F0, members: {{full: 3}}}}
  - {{id: F1, members: {{full: 3}}}}
  - {{id: F2, members: {{full: 3}}}}
  - id: F3
    members:
      - id: M1
        status: full
        joined: {BAD}
"""


def test_plain_roster_names_the_member_field(tmp_path):
    assert plain(ROSTER)
    f = write(tmp_path, "firms.yaml", ROSTER)
    assert refused(["solve", str(f)]) == f"{f}:{at(ROSTER)}: firms[3].members[0].joined: {WHY}\n"


def test_the_same_name_as_a_model_error_at_the_same_place(tmp_path):
    text = ROSTER.replace(BAD, "soon")
    f = write(tmp_path, "firms.yaml", text)
    err = refused(["solve", str(f)])
    assert err.startswith(f"{f}:{at(text, 'soon')}: firms[3].members[0].joined: ")


def test_flow_style_and_a_top_level_date(tmp_path):
    text = ROSTER.replace("as_of: 2026-11-01", f"as_of: {BAD}")
    assert plain(text)
    f = write(tmp_path, "firms.yaml", text)
    assert refused(["solve", str(f)]) == (f"{f}:{at(text)}: as_of: {WHY}\n"  # both bad dates, in one run
                                          f"{f}:{at(text, nth=1)}: firms[3].members[0].joined: {WHY}\n")
    text = GOOD_FIRMS + f"  - {{id: F2, members: [{{id: M1, status: full, joined: {BAD}}}]}}\n"
    f = write(tmp_path, "firms.yaml", text)
    assert refused(["solve", str(f)]) == f"{f}:{at(text)}: firms[1].members[0].joined: {WHY}\n"


GENERAL = f"""jurisdiction: 小城
firms:
  - id: F1
    location: &here {{x: 1, y: 2}}
    members:
      - &m1 {{id: M1, status: full, joined: 2020-01-01}}
      - {{<<: *m1, id: M2, joined: {BAD}}}
  - id: F2
    location: *here
    members:
      - <<: [{{status: full}}, {{joined: 2026-02-29}}]
        id: M3
"""


def test_general_path_with_anchors_aliases_and_merge_keys(tmp_path):
    assert not plain(GENERAL)
    f = write(tmp_path, "firms.yaml", GENERAL)
    assert refused(["solve", str(f)]) == (f"{f}:{at(GENERAL)}: firms[0].members[1].joined: {WHY}\n"
                                          f"{f}:{at(GENERAL, '2026-02-29')}: firms[1].members[0].joined: "
                                          "2026-02-29 is not a valid date (day is out of range for month)\n")
    text = GENERAL.replace(BAD, "2026-02-03")  # now the date inside a merged list of mappings
    f = write(tmp_path, "firms.yaml", text)
    assert refused(["solve", str(f)]) == (f"{f}:{at(text, '2026-02-29')}: firms[1].members[0].joined: "
                                          "2026-02-29 is not a valid date (day is out of range for month)\n")


def test_a_bad_date_in_an_anchored_value_is_named_where_it_is_written(tmp_path):
    text = f"""jurisdiction: 小城
firms:
  - id: F1
    members:
      - &m {{id: M1, status: full, joined: {BAD}}}
  - id: F2
    members: [*m]
"""
    f = write(tmp_path, "firms.yaml", text)
    assert refused(["solve", str(f)]) == (  # once, though used twice; and the member listed twice, too
        f"{f}:{at(text, 'M1')}: firms[1].members[0].id: member id 'M1' appears also in firm F1; "
        "a member belongs to one place only\n"
        f"{f}:{at(text)}: firms[0].members[0].joined: {WHY}\n")


def test_tags_and_duplicate_keys_name_their_place_too(tmp_path):
    text = GOOD_FIRMS + "  - id: F2\n    members: !!set {M1, M2}\n"
    f = write(tmp_path, "firms.yaml", text)
    assert refused(["solve", str(f)]) == (f"{f}:{at(text, '!!set')}: firms[1].members: "
                                          "tag !!set is not allowed: branchplan files hold plain data only\n")
    text = GOOD_FIRMS + "  - id: F2\n    members: {full: 3}\n    id: F3\n"
    f = write(tmp_path, "firms.yaml", text)
    assert refused(["solve", str(f)]) == f"{f}:{at(text, 'id: F3')}: firms[1]: duplicate key 'id' (first at line 5)\n"


def test_nothing_to_name_at_the_top_of_the_document(tmp_path):
    f = write(tmp_path, "firms.yaml", f"{BAD}\n")
    assert refused(["solve", str(f)]) == f"{f}:1:1: a firms file is a mapping with a 'firms:' list\n"
    text = "jurisdiction: 小城\njurisdiction: 大城\n"
    f = write(tmp_path, "firms.yaml", text)
    assert refused(["solve", str(f)]) == f"{f}:2:1: duplicate key 'jurisdiction' (first at line 1)\n"


PLAN = f"""as_of: {BAD}
branches:
  - {{id: B1, lead: F1, firms: [F1]}}
"""


@pytest.mark.parametrize("command", ["check", "current"])
def test_plan_file(tmp_path, command):
    firms = write(tmp_path, "firms.yaml", GOOD_FIRMS)
    plan = write(tmp_path, "plan.yaml", PLAN)
    args = (["check", str(plan), "--firms", str(firms)] if command == "check"
            else ["solve", str(firms), "--current", str(plan)])
    assert refused(args) == f"{plan}:{at(PLAN)}: as_of: {WHY}\n"


@pytest.mark.parametrize("text, field", [
    (f"extends: cpc-branch-2018\nrules:\n  - code: BP-MIN-FULL\n    params: {{min: {BAD}}}\n",
     "rules[BP-MIN-FULL].params.min"),
    (f"extends: cpc-branch-2018\nrules:\n  - code: BP-MIN-FULL\n  - code: BP-DISTANCE\n"
     f"    weight: {BAD}\n", "rules[BP-DISTANCE].weight"),
], ids=["params", "weight"])
def test_rules_file(tmp_path, text, field):
    firms = write(tmp_path, "firms.yaml", GOOD_FIRMS)
    rules = write(tmp_path, "rules.yaml", text)
    assert refused(["solve", str(firms), "--rules", str(rules)]) == f"{rules}:{at(text)}: {field}: {WHY}\n"


def test_a_date_the_calendar_lacks_is_text_where_text_is_wanted(tmp_path):
    """An impossible date is an error only where a date (or a number) is wanted: in a title
    or a name it is the text written (as JSON and YAML 1.2 read it)."""
    from branchplan.charter import load_charter

    rules = write(tmp_path, "rules.yaml", f"extends: cpc-branch-2018\nrules:\n  - code: BP-DISTANCE\n"
                                          f"    title:\n      en: {BAD}\n")
    assert load_charter(rules).get("BP-DISTANCE").title.en == BAD


@pytest.mark.parametrize("text, field", [
    (f"waivers:\n  - {{code: BP-MIN-FULL, subject: B1, reason: agreed, expires: {BAD}}}\n", "waivers[0].expires"),
    (f"- {{code: BP-MIN-FULL, subject: B1, reason: agreed, expires: {BAD}}}\n", "[0].expires"),
], ids=["mapping", "list"])
def test_waivers_file(tmp_path, text, field):
    firms = write(tmp_path, "firms.yaml", GOOD_FIRMS)
    plan = write(tmp_path, "plan.yaml", PLAN.replace(BAD, "2026-11-01"))
    waivers = write(tmp_path, "waivers.yaml", text)
    err = refused(["check", str(plan), "--firms", str(firms), "--waivers", str(waivers)])
    assert err == f"{waivers}:{at(text)}: {field}: {WHY}\n"
