"""report --base --base-firms: the table of moves comes from the diff's member moves, so
its rows add up to the members-moved headline (members who changed firm included)."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()
ARGS = ["report", str(EX / "plan-2027.yaml"), "--firms", str(EX / "firms-2027.yaml"),
        "--base", str(EX / "plan-current.yaml"), "--base-firms", str(EX / "firms.yaml")]


def test_rows_add_up_to_the_headline_in_chinese():
    res = runner.invoke(app, ARGS + ["--lang", "zh"])
    assert res.exit_code == 0, res.output
    html = res.stdout
    assert "<li>调整支部的党员 <strong>4</strong> 名</li>" in html
    assert ('<tr data-firm="F028"><td>F028</td><td>广西贵城律师事务所</td><td>B005</td><td>B008</td>'
            '<td class="num">3</td></tr>') in html
    assert ('<tr data-firm="F036"><td>F036</td><td>广西荷美律师事务所 <span class="note">（由其他单位调入本单位的党员）'
            '</span></td><td>B001</td><td>B006</td><td class="num">1</td></tr>') in html
    table = html.split('<table class="changes">')[1].split("</table>")[0]
    assert sum(int(n) for n in re.findall(r'<td class="num">(\d+)</td>', table)) == 4


def test_english_marks_members_who_changed_firm():
    res = runner.invoke(app, ARGS + ["--lang", "en"])
    assert res.exit_code == 0, res.output
    assert '<span class="note">(members who joined this firm from another)</span></td><td>B001</td><td>B006</td>' in res.stdout


def test_the_moves_are_priced_as_check_base_prices_them(monkeypatch):
    """report --base charges the moves as check --base does: the plan beside the base is
    evaluated once, for the stability rules only (the others keep the plan's own outcomes),
    and the figure is the same as check's."""
    import importlib

    from branchplan.charter import load_charter
    from branchplan.check import evaluate, moves_in, priced_view, with_current
    from branchplan.current import from_plan
    from branchplan.plan import load_plan
    from branchplan.roster import load_roster

    check_mod = importlib.import_module("branchplan.check")
    calls = []
    real = check_mod.evaluate_view

    def counting(view, charter, known=None):
        calls.append((view.current is not None, known is not None))
        return real(view, charter, known)

    monkeypatch.setattr(check_mod, "evaluate_view", counting)
    res = runner.invoke(app, ARGS + ["--lang", "en"])
    assert res.exit_code == 0, res.output
    # with the base: only through with_current (known outcomes given), never the whole plan again
    assert calls and all(known for current, known in calls if current), calls
    monkeypatch.setattr(check_mod, "evaluate_view", real)
    plan, _ = load_plan(EX / "plan-2027.yaml")
    base, _ = load_plan(EX / "plan-current.yaml")
    roster, old = load_roster(EX / "firms-2027.yaml"), load_roster(EX / "firms.yaml")
    charter = load_charter()
    day = plan.as_of
    current = from_plan(base, roster, "base plan", "", old)
    beside = priced_view(plan, roster, charter, day, current)
    cost, _ = moves_in(beside, charter, with_current(evaluate(plan, roster, charter, day), beside, charter))
    assert cost == moves_in(beside, charter)[0] > 0
    assert f"{cost / 1000:,.3f}" in res.stdout
