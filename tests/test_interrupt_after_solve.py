"""A signal once the solver is done (while the plan is verified, written and printed) stops
nothing: the plan is written and the exit code says the signal; an interrupt that does
end the command after a file was written says that file was written in full."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import yaml
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.cli import solve as solve_cli

runner = CliRunner()
FIRMS = Path(__file__).resolve().parents[1] / "examples" / "guigang" / "firms.yaml"


def test_ctrl_c_while_the_plan_is_written_keeps_the_plan(tmp_path, monkeypatch):
    real = solve_cli.write_output

    def write(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)      # Ctrl-C as the file is about to be written
        return real(*args, **kwargs)

    monkeypatch.setattr(solve_cli, "write_output", write)
    out = tmp_path / "plan.yaml"
    res = runner.invoke(app, ["solve", str(FIRMS), "-o", str(out)])
    assert res.exit_code == 130, res.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["status"] == "optimal"
    assert "interrupted: this is the best plan found so far (status optimal, gap 0.00%)" in res.stderr
    assert "no output written" not in res.stderr


def test_an_interrupt_after_the_file_was_written_says_it_was(tmp_path, monkeypatch):
    def table(*args, **kwargs):
        raise KeyboardInterrupt     # (a second Ctrl-C while the table is printed)

    monkeypatch.setattr(solve_cli, "plan_text", table)
    out = tmp_path / "plan.yaml"
    out.write_text("old: previous plan\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(FIRMS), "-o", str(out)])
    assert res.exit_code == 130
    assert f"interrupted; written in full before it: {out}" in res.stderr
    assert "no output written" not in res.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["status"] == "optimal"
    # one that ends a command before anything is written still says so
    monkeypatch.setattr(solve_cli, "write_output", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    res = runner.invoke(app, ["solve", str(FIRMS), "-o", str(tmp_path / "other.yaml")])
    assert res.exit_code == 130 and "interrupted; no output written" in res.stderr
