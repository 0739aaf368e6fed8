"""branchplan report: the HTML's structure (parsed with html.parser), self-containment,
both languages, changes from a base plan, determinism, exit codes."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan import load_charter, load_plan, load_roster
from branchplan.check import evaluate
from branchplan.cli import app
from branchplan.diff import diff_plans
from branchplan.model import today

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang"
CHECK = ROOT / "tests" / "data" / "check"
runner = CliRunner()


class Page(HTMLParser):
    """Every start tag with its attributes and the chain of its ancestors."""

    VOID = {"meta", "br", "link", "img", "input", "hr"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.tags: list[tuple[str, dict, tuple]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a, tuple(self.stack)))
        if tag not in self.VOID:
            self.stack.append((tag, a))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), tuple(self.stack)))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag: str, inside: str | None = None, **attrs) -> list[dict]:
        """Tags named ``tag`` with the given attributes (class matched as a word), inside an
        element whose id or class is ``inside``."""
        out = []
        for t, a, anc in self.tags:
            if t != tag:
                continue
            if any((k == "class" and v not in (a.get("class") or "").split()) or (k != "class" and a.get(k) != v)
                   for k, v in attrs.items()):
                continue
            if inside and not any(x.get("id") == inside or inside in (x.get("class") or "").split() for _, x in anc):
                continue
            out.append(a)
        return out

    def svgs(self) -> list[list[tuple[str, dict]]]:
        """The children of each <svg>, in order."""
        maps: list[list[tuple[str, dict]]] = []
        for t, a, anc in self.tags:
            if t == "svg":
                maps.append([])
            elif maps and any(x[0] == "svg" for x in anc):
                maps[-1].append((t, a))
        return maps


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("plan") / "plan.yaml"
    res = runner.invoke(app, ["solve", str(GUIGANG / "firms.yaml"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


def report(args: list[str], tmp_path: Path, name: str = "report.html") -> tuple[str, Path]:
    out = tmp_path / name
    res = runner.invoke(app, ["report", *args, "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out.read_text(encoding="utf-8"), out


def test_report_structure_of_solved_plan(solved, tmp_path):
    html, _ = report([str(solved), "--firms", str(GUIGANG / "firms.yaml"), "--lang", "en"], tmp_path)
    page = Page(html)
    plan, _ = load_plan(solved)
    roster = load_roster(GUIGANG / "firms.yaml")
    ids = [s["id"] for s in page.find("section")]
    assert ids == ["summary", "jurisdictions", "map", "branches", "findings", "rules"]
    assert len(page.find("div", "summary", **{"class": "figure"})) == 5
    articles = page.find("article", "branches", **{"class": "branch"})
    assert [a["data-branch"] for a in articles] == [b.id for b in plan.branches]
    assert len(page.find("table", "branches", **{"class": "branch-table"})) == len(plan.branches)
    for b in plan.branches:
        rows = [a for t, a, anc in page.tags if t == "tr" and "data-firm" in a
                and any(x.get("data-branch") == b.id for _, x in anc)]
        assert [r["data-firm"] for r in rows] == b.firms
    whole = page.svgs()[0]
    circles = [a for t, a in whole if t == "circle"]
    located = [f for f in roster.firms if f.location is not None]
    assert sorted(c["data-firm"] for c in circles) == sorted(f.id for f in located)
    branch_of = {f: b.id for b in plan.branches for f in b.firms}
    assert {c["data-firm"]: c.get("data-branch") for c in circles} == {f.id: branch_of.get(f.id) for f in located}
    lines = [a for t, a in whole if t == "line" and "data-firm" in a]
    assert len(lines) == sum(len(b.firms) - 1 for b in plan.branches)
    assert all(branch_of[a["data-firm"]] == branch_of[a["data-lead"]] for a in lines)
    assert len(page.svgs()) == 2  # the city, and its crowded centre enlarged
    labels = [a["data-branch"] for svg in page.svgs() for t, a in svg if t == "text" and "data-branch" in a]
    assert set(labels) == {b.id for b in plan.branches}  # every branch labelled on some map
    for svg in page.svgs():
        boxes = [(float(a["x"]), float(a["y"]), 7.0 * len(a["data-branch"])) for t, a in svg
                 if t == "text" and "data-branch" in a]
        for i, (x1, y1, w1) in enumerate(boxes):
            for x2, y2, w2 in boxes[i + 1:]:
                assert not (x1 < x2 + w2 and x2 < x1 + w1 and abs(y1 - y2) < 12), "labels overlap"
    assert not page.find("section", id="changes")
    assert "No rule is broken." not in html  # the solved plan has soft findings
    assert len(page.find("tr", "findings", **{"class": "finding"})) == len(
        evaluate(plan, roster, load_charter(), plan.as_of).findings)


def test_report_is_self_contained_and_printable(solved, tmp_path):
    html, _ = report([str(solved), "--firms", str(GUIGANG / "firms.yaml")], tmp_path)
    page = Page(html)
    assert not page.find("script") and not page.find("link") and not page.find("img") and not page.find("iframe")
    for _, a, _ in page.tags:
        for k in ("src", "href", "xlink:href"):
            assert k not in a or not a[k].startswith(("http", "//")), a
    assert "url(" not in html and "@import" not in html
    assert "@media print" in html and "break-inside: avoid" in html and "@page" in html


def test_findings_and_languages(tmp_path):
    args = [str(CHECK / "plan-bad.yaml"), "--firms", str(CHECK / "firms.yaml")]
    en, _ = report(args + ["--lang", "en"], tmp_path, "en.html")
    zh, _ = report(args + ["--lang", "zh"], tmp_path, "zh.html")
    roster = load_roster(CHECK / "firms.yaml")
    plan, _ = load_plan(CHECK / "plan-bad.yaml")
    found = evaluate(plan, roster, load_charter(), roster.as_of or plan.as_of or today())
    codes = sorted(f.code for f in found.findings)
    for html in (en, zh):
        page = Page(html)
        assert sorted(r["data-code"] for r in page.find("tr", "findings", **{"class": "finding"})) == codes
    assert any(f.severity == "hard" for f in found.findings)
    assert Page(en).find("html")[0]["lang"] == "en" and Page(zh).find("html")[0]["lang"] == "zh-CN"
    assert "Findings" in en and "检查结果" in zh and "检查结果" not in en
    first_hard = next(f for f in found.findings if f.severity == "hard")
    assert first_hard.message_zh and first_hard.message_zh in zh.replace("&#34;", '"').replace("&#39;", "'")


def test_changes_from_base(solved, tmp_path):
    html, _ = report([str(solved), "--firms", str(GUIGANG / "firms.yaml"),
                      "--base", str(GUIGANG / "plan-current.yaml"), "--lang", "zh"], tmp_path)
    page = Page(html)
    assert [s["id"] for s in page.find("section")][-2:] == ["changes", "rules"]
    roster = load_roster(GUIGANG / "firms.yaml")
    d = diff_plans(load_plan(GUIGANG / "plan-current.yaml")[0], load_plan(solved)[0], roster, load_charter())
    moved = [a["data-firm"] for a in page.find("tr", "changes") if "data-firm" in a]
    assert moved == [m.firm for m in d.firm_moves] and moved
    assert f"调整支部的党员 {d.members_moved} 名" in "".join(page.text)
    assert len(page.find("li", "changes")) >= len(d.created) + len(d.dissolved)


def test_same_inputs_same_bytes_and_exit_codes(solved, tmp_path):
    args = [str(solved), "--firms", str(GUIGANG / "firms.yaml")]
    a, _ = report(args, tmp_path, "a.html")
    b, _ = report(args, tmp_path, "b.html")
    assert a == b
    res = runner.invoke(app, ["report", *args, "-o", str(tmp_path / "r.pdf")])
    assert res.exit_code == 2 and not (tmp_path / "r.pdf").exists()
    res = runner.invoke(app, ["report", str(tmp_path / "missing.yaml"), "--firms", str(GUIGANG / "firms.yaml")])
    assert res.exit_code == 2 and "no such file" in res.stderr
    res = runner.invoke(app, ["report", *args, "-o", str(solved.with_suffix(".html")), "--base", str(solved)])
    assert res.exit_code == 0 and "No changes." in solved.with_suffix(".html").read_text(encoding="utf-8")


def test_pseudonymised_report_has_no_real_names(solved, tmp_path):
    roster = load_roster(GUIGANG / "firms.yaml")
    html, _ = report([str(solved), "--firms", str(GUIGANG / "firms.yaml"), "--pseudonymise",
                      "--pseudonym-key", "a-review-key-2026"], tmp_path)
    names = [f.name for f in roster.firms if f.name] + [m.name for f in roster.firms for m in f.member_list or () if m.name]
    assert names and not [n for n in names if n in html]


def test_base_firms_follows_members_who_changed_firm_like_the_memo(tmp_path):
    ex = Path(__file__).resolve().parents[1] / "examples" / "guigang"
    args = ["report", str(ex / "plan-2027.yaml"), "--firms", str(ex / "firms-2027.yaml"),
            "--base", str(ex / "plan-current.yaml"), "--lang", "zh"]
    without = runner.invoke(app, args)
    with_old = runner.invoke(app, args + ["--base-firms", str(ex / "firms.yaml")])
    assert without.exit_code == 0 and with_old.exit_code == 0, with_old.output
    assert "调整支部的党员 <strong>3</strong> 名" in without.stdout
    assert "调整支部的党员 <strong>4</strong> 名" in with_old.stdout     # M0012 too, as in changes-2027.md
    alone = runner.invoke(app, args[:4] + ["--base-firms", str(ex / "firms.yaml")])
    assert alone.exit_code == 2 and "--base-firms needs --base" in alone.stderr


def test_a_report_against_a_base_says_what_the_moves_add_to_a_re_plan():
    """The objective card leaves the moves out (as check does) and says what BP-STABILITY
    adds, so the report and the re-plan's recorded objective add up."""
    ex = Path(__file__).resolve().parents[1] / "examples" / "guigang"
    args = ["report", str(ex / "plan-2027.yaml"), "--firms", str(ex / "firms-2027.yaml"),
            "--base", str(ex / "plan-current.yaml"), "--base-firms", str(ex / "firms.yaml")]
    en = runner.invoke(app, args + ["--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "moves from the base, not included: BP-STABILITY 4.001; a re-plan&#39;s objective: 186.568" in en.stdout
    zh = runner.invoke(app, args + ["--lang", "zh"])
    assert "不含人员调整代价（BP-STABILITY 4.001）；含调整代价的目标值 186.568" in zh.stdout
    # the card, below the header's bound of 186.568, says on its label that it leaves the moves out,
    # and gives its figure to the thousandth, as check, explain and diff do
    assert ('<span class="value">182.567</span><span class="label">objective without the moves (points)</span>'
            in en.stdout)
    assert '<span class="label">目标值（不含人员调整代价，分）</span>' in zh.stdout
    plain = runner.invoke(app, args[:4] + ["--lang", "en"])
    assert "moves from the base" not in plain.stdout


def _edit(solved: Path, tmp_path: Path, firm: str, to_lead: str) -> Path:
    """The solved plan with ``firm`` moved by hand into the branch led by ``to_lead``; every
    recorded figure left as solve wrote it."""
    import yaml

    data = yaml.safe_load(solved.read_text(encoding="utf-8"))
    old = next(b for b in data["branches"] if firm in b["firms"])
    new = next(b for b in data["branches"] if b["lead"] == to_lead)
    old["firms"].remove(firm)
    new["firms"].append(firm)
    out = tmp_path / f"edited-{firm}.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def _check_json(plan: Path) -> dict:
    import json

    res = runner.invoke(app, ["check", str(plan), "--firms", str(GUIGANG / "firms.yaml"), "-f", "json"])
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


def _meta(html: str) -> str:
    import re

    return re.search(r'<p class="meta">(.*?)</p>', html).group(1)


def test_the_report_of_a_hand_edited_plan_shows_what_check_computes_now(solved, tmp_path):
    """F028 moved out of F033's branch (left with 2 full members) into F013's: the header
    and the jurisdictions table give the status, objective, bound and gap as check computes
    them (infeasible, no gap, the bound kept), not those the file records, and the report
    lists the recorded figures that no longer hold in check's own words, in both languages."""
    from markupsafe import escape   # as the template escapes

    plan = _edit(solved, tmp_path, "F028", "F013")
    recorded = load_plan(plan)[0]
    checked = _check_json(plan)
    cost = next(s for s in checked["stale_fields"] if s["part"] == "objective")["fields"]["total"]["computed"]
    assert cost > recorded.bound
    html, _ = report([str(plan), "--firms", str(GUIGANG / "firms.yaml"), "--lang", "en"], tmp_path)
    meta = _meta(html)
    assert "plan status infeasible" in meta and "plan status optimal" not in meta
    assert f"bound {recorded.bound:,.3f} (it bounds plans that keep every hard rule)" in meta
    assert "gap" not in meta
    page = Page(html)
    row = page.find("tr", "jurisdictions", **{"class": "jurisdiction"})
    assert [r["data-status"] for r in row] == ["infeasible"]
    assert f'<td class="num">{cost:,.3f}</td>' in html
    notes = [s for s in checked["stale_fields"] if s["part"] in ("status", "jurisdiction")]
    assert len(notes) == 2
    for s in notes:
        assert f"<li>{escape(s['message'])}</li>" in html
    assert "now: infeasible, no gap (it breaks 1 hard rule: BP-MIN-FULL)" in html
    zh, _ = report([str(plan), "--firms", str(GUIGANG / "firms.yaml"), "--lang", "zh"], tmp_path, "zh.html")
    assert "方案状态 不可行" in _meta(zh) and "方案状态 最优" not in _meta(zh)
    for s in notes:
        assert f"<li>{escape(s['message_zh'])}</li>" in zh
    assert "方案文件中已与各支部现状不符的记载" in zh


def test_the_report_of_an_edited_plan_that_keeps_the_hard_rules_recomputes_its_gap(solved, tmp_path):
    plan = _edit(solved, tmp_path, "F030", "F035")
    recorded = load_plan(plan)[0]
    checked = _check_json(plan)
    assert not checked["stale_fields"][0]["fields"].get("status", {}).get("computed") == "infeasible"
    cost = next(s for s in checked["stale_fields"] if s["part"] == "objective")["fields"]["total"]["computed"]
    gap = 100 * (cost - recorded.bound) / cost
    assert gap > 1
    html, _ = report([str(plan), "--firms", str(GUIGANG / "firms.yaml"), "--lang", "en"], tmp_path)
    assert _meta(html).endswith(f"plan status feasible · bound {recorded.bound:,.3f} · gap {gap:.2f}%")
    assert f'<td class="num">{cost:,.3f}</td><td class="num">{recorded.bound:,.3f}</td>' \
           f'<td class="num">{gap:.2f}%</td>' in html
    assert "no longer proven optimal" in html


def test_the_report_of_a_solved_plan_notes_nothing(solved, tmp_path):
    html, _ = report([str(solved), "--firms", str(GUIGANG / "firms.yaml"), "--lang", "en"], tmp_path)
    assert 'class="stale"' not in html and "plan status optimal" in _meta(html)


def test_a_report_without_its_base_says_what_the_recorded_moves_add_to_a_re_plan(tmp_path):
    """Without --base the objective card still says what the recorded BP-STABILITY cost adds,
    so the objective, the bound and the gap in the header add up."""
    args = [str(GUIGANG / "plan-2027.yaml"), "--firms", str(GUIGANG / "firms-2027.yaml")]
    en, _ = report(args + ["--lang", "en"], tmp_path)
    assert "bound 186.568 · gap 0.00%" in _meta(en)
    assert ("moves from the plan it was re-planned from, as the plan file records them (give --base to "
            "recompute), not included: BP-STABILITY 4.001; a re-plan&#39;s objective: 186.568") in en
    zh, _ = report(args + ["--lang", "zh"], tmp_path, "zh.html")
    assert "不含人员调整代价 BP-STABILITY 4.001（据方案文件记载，可用 --base 重新计算）；含调整代价的目标值 186.568" in zh


def test_the_distance_column_says_km_only_for_lat_lon_rosters(solved, tmp_path):
    html, _ = report([str(solved), "--firms", str(ROOT / "examples" / "guigang" / "firms.yaml")], tmp_path)
    assert '<th class="num">km to lead</th>' in html
    firms = tmp_path / "xy.yaml"
    firms.write_text("jurisdiction: X\nas_of: 2026-11-01\nfirms:\n"
                     "  - {id: F1, location: {x: 0, y: 0}, members: {full: 3}}\n"
                     "  - {id: F2, location: {x: 5, y: 0}, members: {full: 1}}\n"
                     "  - {id: F3, location: {x: 6, y: 0}, members: {full: 2}}\n", encoding="utf-8")
    plan = tmp_path / "xy-plan.yaml"
    plan.write_text("branches:\n  - {id: B1, lead: F1, firms: [F1]}\n  - {id: B2, lead: F3, firms: [F3, F2]}\n",
                    encoding="utf-8")
    for lang, header in (("en", "Distance to lead"), ("zh", "距牵头单位")):
        html, _ = report([str(plan), "--firms", str(firms), "--lang", lang], tmp_path, f"xy-{lang}.html")
        body = html.split("<body", 1)[1]
        assert f'<th class="num">{header}</th>' in body and "km" not in body and "公里" not in body


def test_moves_priced_without_the_base_firms_file_point_to_it_where_the_plan_records_more(tmp_path):
    """The 2027 re-plan records BP-STABILITY 4.001 (solved with --old-firms); against its base
    without the old firms file a member who changed firm is not followed (3.001): check and the
    report say what the plan records and which option follows them; with it, nothing is added."""
    g = ROOT / "examples" / "guigang"
    args = [str(g / "plan-2027.yaml"), "--firms", str(g / "firms-2027.yaml"), "--base", str(g / "plan-current.yaml")]
    hint = "the plan records 4.001 points for them: members who changed firm are followed only with --base-firms"
    html, _ = report(args, tmp_path, "without.html")
    assert hint in html and "BP-STABILITY 3.001" in html
    html, _ = report(args + ["--base-firms", str(g / "firms.yaml")], tmp_path, "with.html")
    assert "the plan records" not in html and "BP-STABILITY 4.001" in html
    res = runner.invoke(app, ["check", *args])
    assert res.exit_code == 0 and "  " + hint in res.stdout
    res = runner.invoke(app, ["check", *args, "--format", "json"])
    import json

    moves = json.loads(res.stdout)["moves"]
    assert (moves["cost"], moves["cost_recorded"]) == (3.001, 4.001)
    res = runner.invoke(app, ["check", *args, "--base-firms", str(g / "firms.yaml"), "--format", "json"])
    moves = json.loads(res.stdout)["moves"]
    assert (moves["cost"], moves["cost_recorded"]) == (4.001, None)


def test_a_chinese_report_gives_the_jurisdictions_note_in_chinese(tmp_path):
    """The note of a jurisdiction without coordinates (recorded in the plan in English, as data)
    is in the report's language in the jurisdictions' table, as solve's text gives it."""
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: 柳州市\nfirms:\n"
                     + "".join(f"  - {{id: F{i}, district: 城中区, members: {{full: {1 + i % 2}}}}}\n" for i in range(6))
                     + "  - {id: G1, district: 鱼峰区, members: {full: 2}}\n  - {id: G2, district: 鱼峰区, members: {full: 1}}\n",
                     encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["solve", str(firms), "-o", str(plan), "--as-of", "2026-11-01"]).exit_code == 0
    assert "no firm has coordinates" in plan.read_text(encoding="utf-8")       # (data: English)
    for lang, said, not_said in (("zh", "各单位均无坐标：不计距离", "no firm has coordinates"),
                                 ("en", "no firm has coordinates", "各单位均无坐标")):
        page = tmp_path / f"report-{lang}.html"
        res = runner.invoke(app, ["report", str(plan), "--firms", str(firms), "--lang", lang, "-o", str(page)])
        assert res.exit_code == 0, res.output
        html = page.read_text(encoding="utf-8")
        assert said in html and not_said not in html


def test_a_long_unbroken_name_wraps_in_its_cell(tmp_path):
    """A Latin name without spaces (or a URL, or an id used as a name) wraps within its table
    cell rather than squeezing the other columns and running past the card; numbers do not."""
    html, _ = report([str(GUIGANG / "plan-current.yaml"), "--firms", str(GUIGANG / "firms.yaml"), "--lang", "en"],
                     tmp_path)
    css = html[html.index("<style>"):html.index("</style>")]
    rule = next(line for line in css.splitlines() if line.startswith("th, td {"))
    assert "overflow-wrap: anywhere" in rule
    assert "white-space: nowrap" in next(line for line in css.splitlines() if line.startswith("td.num, th.num"))


def test_points_are_given_to_the_thousandth_as_elsewhere(tmp_path):
    """The report's points (the objective card, the rule table, the findings, the change table)
    and distances are given to three decimals, as check, explain and diff give them."""
    args = [str(GUIGANG / "plan-2027.yaml"), "--firms", str(GUIGANG / "firms-2027.yaml"),
            "--base", str(GUIGANG / "plan-current.yaml"), "--base-firms", str(GUIGANG / "firms.yaml"), "--lang", "en"]
    html, _ = report(args, tmp_path)
    plain, _ = report(args[:3] + ["--lang", "en"], tmp_path, "plain.html")
    assert '<span class="value">227.222</span><span class="label">objective (points)</span>' in report(
        [str(GUIGANG / "plan-current.yaml"), "--firms", str(GUIGANG / "firms.yaml"), "--lang", "en"],
        tmp_path, "cur.html")[0]
    rules = html[html.index('<table class="rules">'):]
    rules = rules[:rules.index("</table>")]
    distance = next(row for row in rules.split("<tr") if 'data-code="BP-DISTANCE"' in row)
    assert re.findall(r'<td class="num">([\d,.]+)</td>', distance)[-1].count(".") == 1
    assert re.findall(r'<td class="num">[\d,]+\.(\d+)</td>', distance) and all(
        len(d) == 3 for d in re.findall(r'<td class="num">[\d,]+\.(\d+)</td>', distance))
    changes = html[html.index('<table class="rule-changes">'):]
    changes = changes[:changes.index("</table>")]
    assert all(len(d) == 3 for d in re.findall(r'[+-]?[\d,]+\.(\d+)</td>', changes))
    assert re.findall(r'[+-]?[\d,]+\.(\d+)</td>', changes)
    assert ".1f" not in plain


def test_a_crowded_centre_beside_big_outlying_towns_gets_its_enlarged_map():
    """60% of the firms lie farther out than the centre's crowd (towns 20-100 km away hold
    many): the centre, where 40% crowd within 2 km, still gets its enlarged map; an even
    spread gets none."""
    from branchplan.model import Location
    from branchplan.svgmap import Point, dense_core

    def at(i: int, lat: float, lon: float) -> Point:
        return Point(f"F{i}", f"F{i}", Location(lat=lat, lon=lon), "B1", "F0", "#000", 1)

    centre = [at(i, 23.10 + 0.002 * (i % 7), 109.60 + 0.002 * (i // 7)) for i in range(45)]
    towns = [at(100 + i, 23.10 + dlat + 0.001 * i, 109.60 + dlon)
             for i, (dlat, dlon) in enumerate([(0.25, 0.3)] * 20 + [(-0.2, -0.5)] * 20 + [(0.8, 0.9)] * 20)]
    core = dense_core(centre + towns)
    assert core is not None and {p.id for p in core} == {p.id for p in centre}
    even = [at(i, 23.0 + 0.05 * (i % 10), 109.0 + 0.05 * (i // 10)) for i in range(100)]
    assert dense_core(even) is None


def test_the_rule_tables_count_column_says_it_counts_findings_in_chinese():
    from branchplan.htmlreport import build_report

    roster = load_roster(GUIGANG / "firms.yaml")
    html = build_report(load_plan(GUIGANG / "plan-current.yaml")[0], roster, lang="zh")
    assert '<th class="num">问题数</th>' in html and "<h2>检查结果</h2>" in html
