"""'*' is what a plan calls the whole roster (a charter without a jurisdiction rule): a
jurisdiction called '*' was taken, and mixed up with it (check found the plan solve had just
written stale). It is refused where a jurisdiction is named, at its line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import branchplan
from branchplan import InputError
from branchplan.cli import app

runner = CliRunner()


@pytest.mark.parametrize("text,where", [
    ("jurisdiction: '*'\nfirms:\n  - {id: F1, members: {full: 3}}\n", "1:15: jurisdiction"),
    ("jurisdiction: x\nfirms:\n  - {id: F1, jurisdiction: ' * ', members: {full: 3}}\n", "3:28: firms[0].jurisdiction"),
    ("jurisdiction: x\nfirms:\n  - {id: F1, members: {full: 3}}\nhosts:\n  - {id: H1, jurisdiction: '*'}\n",
     "5:28: hosts[0].jurisdiction"),
])
def test_refused_at_its_line(tmp_path, text, where):
    firms = tmp_path / "firms.yaml"
    firms.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(tmp_path / "plan.yaml")])
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith(f"{firms}:{where}: '*' is reserved: a plan names the whole roster so; give the "
                                 "jurisdiction its name")
    assert not (tmp_path / "plan.yaml").exists()


def test_in_the_library_and_in_chinese(tmp_path):
    with pytest.raises(InputError, match=r"'\*' is reserved"):
        branchplan.roster_from_data({"jurisdiction": "*", "firms": [{"id": "F1", "members": {"full": 3}}]})
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: '*'\nfirms:\n  - {id: F1, members: {full: 3}}\n", encoding="utf-8")
    res = runner.invoke(app, ["check", str(firms), "--firms", str(firms), "--lang", "zh"])
    assert res.exit_code == 2
    assert "“*”为保留名称" in res.stderr


def test_a_name_with_a_star_in_it_is_a_name(tmp_path):
    roster = branchplan.roster_from_data({"jurisdiction": "城市*1", "firms": [{"id": "F1", "members": {"full": 3}}]})
    assert roster.jurisdiction == "城市*1"


def test_an_imported_sheet_naming_the_city_so(tmp_path):
    src = tmp_path / "roster.csv"
    src.write_text("律所名称,所属城市,正式党员人数,预备党员人数\n甲所,*,3,0\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(tmp_path / "firms.yaml")])
    assert res.exit_code == 2, res.output
    assert f"{src}:2: firms.jurisdiction: '*' is reserved" in res.stderr
    assert not (tmp_path / "firms.yaml").exists()
