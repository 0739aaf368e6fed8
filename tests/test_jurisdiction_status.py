"""Each jurisdiction's status, gap and proof where an organiser reads the plan: solve's text
output and the HTML report, end to end through the CLI."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from branchplan import jstatus
from branchplan.cli import app
from branchplan.loader import dump_yaml
from branchplan.solver import exact

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402

runner = CliRunner()
CITIES = ["城市001", "城市002", "城市003"]


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    """90 firms in 3 cities, written as a firms file."""
    path = tmp_path_factory.mktemp("province") / "firms.yaml"
    path.write_text(dump_yaml(synth.generate(n_firms=90, n_cities=3, seed=5)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def solved(province, tmp_path_factory) -> tuple[Path, str, str]:
    """(plan file, solve's English text, solve's Chinese text) for the province."""
    out = tmp_path_factory.mktemp("plan") / "plan.yaml"
    en = runner.invoke(app, ["solve", str(province), "--workers", "1", "-o", str(out)])
    assert en.exit_code == 0, en.output
    zh = runner.invoke(app, ["solve", str(province), "--workers", "1", "--lang", "zh", "--format", "text"])
    assert zh.exit_code == 0, zh.output
    return out, en.stdout, zh.stdout


def table(text: str, header: str) -> list[list[str]]:
    """The rows of the table whose header line starts with ``header`` (cells split on 2+ spaces)."""
    lines = text.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        rows.append(re.split(r"\s{2,}", line.strip()))
    return rows


def test_solve_prints_each_jurisdiction_after_the_summary(solved):
    out, en, _ = solved
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    rows = table(en, "jurisdiction")
    assert [r[0] for r in rows] == CITIES
    by_name = {j["name"]: j for j in plan["jurisdictions"]}
    for name, branches, status, gap, how in rows:
        j = by_name[name]
        assert int(branches) == j["branches"] == sum(b["jurisdiction"] == name for b in plan["branches"])
        assert status == j["status"] == "optimal"
        assert gap == "0.00%" and j["objective"] == j["bound"]
        # every jurisdiction names its proof in the file, and the table words it
        assert j["proof"] in jstatus.PROOFS
        assert how == {"all pairs": "all pairs modelled", "bound": "bound over all pairs"}[j["proof"]]
    # after the summary lines (a blank line between), before the branch table
    lines = en.splitlines()
    at = lines.index(next(line for line in lines if line.startswith("jurisdiction")))
    assert lines[0].startswith("Plan (optimal)") and lines[at - 1] == "" and all(lines[:at - 1])
    assert at < lines.index(next(line for line in lines if line.startswith("branch ")))


def test_solve_table_in_chinese(solved):
    _, _, zh = solved
    rows = table(zh, "辖区")
    assert [r[0] for r in rows] == CITIES
    assert all(r[2] == "最优" and r[3] == "0.00%" and r[4] in ("全部配对建模", "下界覆盖全部配对") for r in rows)
    assert "jurisdiction" not in zh and "all pairs" not in zh


def test_one_jurisdiction_keeps_the_summary_alone(tmp_path):
    res = runner.invoke(app, ["solve", str(GUIGANG), "-o", str(tmp_path / "plan.yaml")])
    assert res.exit_code == 0, res.output
    assert "how proven" not in res.stdout and "jurisdiction  " not in res.stdout
    plan = yaml.safe_load((tmp_path / "plan.yaml").read_text(encoding="utf-8"))
    assert plan["jurisdictions"][0]["proof"] in jstatus.PROOFS


def test_many_jurisdictions_list_only_the_unproven(province, monkeypatch):
    """Above the limit, solve lists the jurisdictions not proven optimal and counts the rest."""
    monkeypatch.setattr(jstatus, "TEXT_LIMIT", 2)
    res = runner.invoke(app, ["solve", str(province), "--workers", "1", "--format", "text"])
    assert res.exit_code == 0, res.output
    assert "all 3 jurisdictions proven optimal over all pairs" in res.stdout
    assert "how proven" not in res.stdout
    res = runner.invoke(app, ["solve", str(province), "--workers", "1", "--format", "text", "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert "全部 3 个辖区均已证明全局最优" in res.stdout and "证明方式" not in res.stdout
    # unproven cities: the exact path cut short, its plan reported with a gap
    monkeypatch.setattr(exact, "DIRECT_UP_TO", 0)
    monkeypatch.setattr(exact, "GUIDED", 1)
    monkeypatch.setattr(exact, "KEPT_PER_FIRM", 0)
    monkeypatch.setattr(exact, "KEPT_ANYWAY", 0)
    monkeypatch.setattr(exact, "ITERATIONS", (5, 5))
    monkeypatch.setattr(exact.rowcuts, "applies", lambda bm: False)     # (the cuts would prove them)
    res = runner.invoke(app, ["solve", str(province), "--workers", "1", "--format", "yaml"])
    assert res.exit_code == 0, res.output
    plan = yaml.safe_load(res.stdout)
    unproven = [j for j in plan["jurisdictions"] if not jstatus.proven(jstatus.JurisdictionResult(**j))]
    assert unproven, "the cut-short solve proved every city: the test needs a smaller budget"
    res = runner.invoke(app, ["solve", str(province), "--workers", "1", "--format", "text"])
    assert res.exit_code == 0, res.output
    rows = table(res.stdout, "jurisdiction")
    n = len(CITIES) - len(unproven)
    if n:  # the line under the table counts the others
        assert rows.pop() == [f"{n} other jurisdiction{'s' if n > 1 else ''} proven optimal over all pairs"]
    assert [r[0] for r in rows] == [j["name"] for j in unproven]
    for r, j in zip(rows, unproven):
        assert r[2] == j["status"]
        assert r[4] == ("nearest candidates only" if j["proof"] == "restricted" else "not proven: search stopped")
        gap = (j["objective"] - j["bound"]) / j["objective"] if j["objective"] else 0.0
        assert r[3] == f"{100 * gap:.2f}%"


def report_rows(page: str) -> list[dict[str, str]]:
    section = page[page.index('<section id="jurisdictions">'):]
    section = section[:section.index("</section>")]
    rows = []
    for m in re.finditer(r'<tr class="jurisdiction[^"]*" data-jurisdiction="([^"]+)" data-status="(\w+)">(.*?)</tr>',
                         section):
        cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(3))]
        rows.append(dict(zip(("name", "firms", "members", "branches", "status", "objective", "bound", "gap", "how",
                              "note"), cells),
                         status_value=m.group(2)))
    return rows


def test_report_shows_every_jurisdiction_and_the_plan_gap(solved, province, tmp_path):
    out, _, _ = solved
    page_path = tmp_path / "r.html"
    res = runner.invoke(app, ["report", str(out), "--firms", str(province), "-o", str(page_path)])
    assert res.exit_code == 0, res.output
    page = page_path.read_text(encoding="utf-8")
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    meta = re.search(r'<p class="meta">(.*?)</p>', page).group(1)
    assert f"bound {plan['bound']:,.3f}" in meta and f"gap {100 * plan['gap']:.2f}%" in meta
    rows = report_rows(page)
    assert [r["name"] for r in rows] == CITIES
    for r, j in zip(rows, plan["jurisdictions"]):
        assert int(r["branches"]) == j["branches"] and r["status"] == "optimal"
        assert (int(r["firms"]), int(r["members"])) == (j["firms"], j["members"])
        assert r["objective"] == f"{j['objective']:,.3f}" and r["bound"] == f"{j['bound']:,.3f}"
        assert r["gap"] == "0.00%" and r["how"] in ("all pairs modelled", "bound over all pairs")
        assert r["note"] == ""


def test_report_marks_an_unproven_jurisdiction_in_chinese(solved, province, tmp_path):
    """A plan file whose second city is unproven (as a cut-short solve writes it), and one
    from an earlier version (no proof values): the report reads both."""
    out, _, _ = solved
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    j = plan["jurisdictions"][1]
    j.update(status="feasible", bound=round(j["objective"] * 0.9, 3), proof="restricted",
             note="candidate leads limited to the nearest ones")
    for k in (0, 2):
        plan["jurisdictions"][k].pop("proof", None)
    edited = tmp_path / "plan.yaml"
    edited.write_text(dump_yaml(plan), encoding="utf-8")
    page_path = tmp_path / "r.html"
    res = runner.invoke(app, ["report", str(edited), "--firms", str(province), "--lang", "zh",
                              "-o", str(page_path)])
    assert res.exit_code == 0, res.output
    page = page_path.read_text(encoding="utf-8")
    assert "各辖区求解情况" in page
    rows = report_rows(page)
    assert [r["status_value"] for r in rows] == ["optimal", "feasible", "optimal"]
    assert rows[1]["status"] == "可行" and rows[1]["how"] == "仅含就近候选" and rows[1]["gap"] == "10.00%"
    assert rows[1]["note"] == "candidate leads limited to the nearest ones"
    assert rows[0]["how"] == rows[2]["how"] == "全部配对建模"
    assert 'class="jurisdiction unproven" data-jurisdiction="城市002"' in page
    assert page.count("jurisdiction unproven") == 1


def test_a_hand_made_plan_has_no_jurisdiction_section(tmp_path):
    plan = tmp_path / "plan.yaml"
    solved = runner.invoke(app, ["solve", str(GUIGANG), "--format", "yaml"])
    doc = yaml.safe_load(solved.stdout)
    plan.write_text(dump_yaml({"branches": [{k: b[k] for k in ("id", "lead", "firms")} for b in doc["branches"]]}),
                    encoding="utf-8")
    res = runner.invoke(app, ["report", str(plan), "--firms", str(GUIGANG), "-o", str(tmp_path / "r.html")])
    assert res.exit_code == 0, res.output
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="jurisdictions"' not in page and "· bound" not in page


def test_the_first_line_names_three_jurisdictions_and_counts_the_rest(tmp_path):
    doc = synth.generate(n_firms=100, n_cities=5, seed=3)
    firms = tmp_path / "firms.yaml"
    firms.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    en = runner.invoke(app, ["solve", str(firms), "-o", str(tmp_path / "p.yaml"), "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert en.stdout.splitlines()[0].startswith("Plan (optimal) for 城市001, 城市002, 城市003 and 2 other jurisdictions,")
    zh = runner.invoke(app, ["solve", str(firms), "-o", str(tmp_path / "q.yaml"), "--lang", "zh"])
    assert zh.stdout.splitlines()[0].startswith("城市001、城市002、城市003等 5 个辖区党支部设置方案")


@pytest.mark.parametrize("stopped, prove, tail, tail_zh", [
    ("time limit", False, " (the time limit stopped the search: a longer one, or solve --prove, may close it)",
     "（时间限制使搜索提前结束：给更长的时间限制或用 solve --prove 可望完成证明）"),
    (None, False, " (solve --prove to close it)", "（用 solve --prove 可完成证明）"),
    ("interrupted", False, "", ""),
    (None, True, "", "")])
def test_a_restricted_note_says_whether_the_time_limit_stopped_the_search(stopped, prove, tail, tail_zh):
    import numpy as np

    from branchplan.i18n import note_zh
    from branchplan.solver.options import PartResult

    res = PartResult("X", "feasible", values={2: 1000}, bounds={2: 990})
    res.stopped = stopped
    exact._unproven(res, np.zeros((3, 3), bool), 9, 2, 990, exact._Clock(), prove)
    assert res.note == ("best plan found among 3 of 9 candidate pairs; a lower bound over all pairs leaves a gap of "
                        "1.00% at priority 2" + tail)
    assert note_zh(res.note) == "在 9 个候选组合中的 3 个中找到的最好方案；覆盖全部组合的下界表明优先级 2 上的差距为 1.00%" + tail_zh
