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
