"""Following members across years (--old-firms, --base-firms): a member whose name was typed
again in another case (ZHANG San as an ID card prints it, for Zhang San) is the same person,
as one typed in full-width letters or without the space already was; another name is not."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.origins import _same_name

runner = CliRunner()

OLD = """jurisdiction: 贵港市
as_of: 2026-11-01
firms:
  - id: F1
    location: {lat: 23.10, lon: 109.60}
    members:
      - {id: M01, name: Zhang San, status: full, joined: 2010-07-01}
      - {id: M02, status: full, joined: 2011-07-01}
      - {id: M03, status: full, joined: 2012-07-01}
"""
PLAN = "branches:\n- {id: B001, lead: F1, firms: [F1]}\n"


@pytest.mark.parametrize("typed", ["ZHANG SAN", "zhang san", "Ｚｈａｎｇ Ｓａｎ", "ZhangSan"])
def test_the_same_person(tmp_path, typed):
    (tmp_path / "old.yaml").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(OLD.replace("Zhang San", typed), encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    res = runner.invoke(app, ["diff", str(tmp_path / "plan.yaml"), str(tmp_path / "plan.yaml"), "--firms",
                              str(tmp_path / "new.yaml"), "--old-firms", str(tmp_path / "old.yaml")])
    assert res.exit_code == 0, res.output


def test_another_name_is_another_person():
    assert not _same_name("Zhang San", "Li Si")
    assert _same_name("阿依古丽·买买提", "阿依古丽•买买提")
    assert _same_name("ZHANG San", "zhang  san")
