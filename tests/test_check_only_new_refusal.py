"""check --only-new is refused without --base and --format github; the refusal says which
formats mark each finding new or not (json, markdown, sarif), and not the others."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

G = Path(__file__).resolve().parents[1] / "examples" / "guigang"
runner = CliRunner()
BASE = ["check", str(G / "plan-2027.yaml"), "--firms", str(G / "firms-2027.yaml"), "--base",
        str(G / "plan-current.yaml"), "--base-firms", str(G / "firms.yaml")]


def test_the_refusal_names_the_formats_that_mark_new_findings():
    for fmt in ("text", "junit", "json"):
        res = runner.invoke(app, BASE + ["--only-new", "--format", fmt, "--lang", "en"])
        assert res.exit_code == 2 and res.stdout == "", res.output
        assert res.stderr.startswith("--only-new needs --base and --format github (with --base, json, markdown and "
                                     "sarif mark each finding new or not; text and junit do not)"), res.stderr
        assert "the other formats" not in res.stderr
    zh = runner.invoke(app, BASE + ["--only-new", "--format", "text", "--lang", "zh"])
    assert zh.exit_code == 2
    assert "json、markdown 和 sarif 会标明每条问题是否新增，text 和 junit 不标明" in zh.stderr, zh.stderr


def test_the_formats_it_names_mark_new_findings():
    """What the message says, format by format: json `new`, markdown's since column, sarif's
    baselineState."""
    import json

    out = {fmt: runner.invoke(app, BASE + ["--format", fmt, "--lang", "en"]).stdout for fmt in ("json", "markdown", "sarif")}
    findings = json.loads(out["json"])["findings"]
    assert findings and all(f["new"] in (True, False) for f in findings)
    assert "| since |" in out["markdown"]
    results = [r for r in json.loads(out["sarif"])["runs"][0]["results"] if r["ruleId"] != "STALE-FIGURES"]
    assert results and all(r["baselineState"] in ("new", "unchanged") for r in results)
