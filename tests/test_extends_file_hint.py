"""A missing ``extends:`` file is suggested a file beside it whose name is near its own, not
one that only shares the extension (``nope.yaml`` got "did you mean 'r_maxneg.yaml'?")."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
runner = CliRunner()


@pytest.mark.parametrize("ref, suggestion", [("./nope.yaml", None), ("./r_maxnge.yaml", "r_maxneg.yaml"),
                                             ("./R_MAXNEG.yml", "r_maxneg.yaml"), ("./local.yml", None)])
def test_the_suggestion(tmp_path, ref, suggestion):
    (tmp_path / "r_maxneg.yaml").write_text("extends: cpc-branch-2018\nrules: []\n", encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(f"extends: {ref}\nrules: []\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(GUIGANG), "--rules", str(rules), "-q"])
    assert res.exit_code == 2
    line = res.stderr.strip()
    assert line.startswith(f"{rules}:1:10: extends: no rules file '{ref}'")
    if suggestion is None:
        assert "did you mean" not in line
    else:
        assert line.endswith(f"(did you mean '{suggestion}'?)")
