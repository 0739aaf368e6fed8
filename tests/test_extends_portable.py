"""``extends:`` is portable: a ``\\`` written on Windows separates folders on every system
(a rules file a clerk commits from Windows passes the Linux CI gate), and a name that
matches a file only in letter case, or a Windows drive path, is said as such."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
runner = CliRunner()
EN, ZH = {"LANG": "en_US.UTF-8", "LC_ALL": None}, {"LANG": "zh_CN.UTF-8", "LC_ALL": None}


def _rules(tmp_path: Path, extends: str) -> Path:
    """A base rules file ``子 目录/base rules.yaml`` (joint branches of up to 6 firms) and
    ``规则 目录/my rules.yaml`` extending what ``extends`` names, returned."""
    sub = tmp_path / "规则 目录" / "子 目录"
    sub.mkdir(parents=True)
    (sub / "base rules.yaml").write_text("extends: cpc-branch-2018\ncharter: base-local\nrules:\n"
                                         "  - code: BP-JOINT-MAX-FIRMS\n    params: {max: 6}\n", encoding="utf-8")
    rules = tmp_path / "规则 目录" / "my rules.yaml"
    rules.write_text(f"extends: {extends}\ncharter: my-local\nrules:\n  - code: BP-DISTRICT\n    enabled: false\n",
                     encoding="utf-8")
    return rules


def _skip_unless_case_counts(tmp_path: Path) -> None:
    (tmp_path / "probe").touch()
    if (tmp_path / "PROBE").exists():
        pytest.skip("this file system ignores letter case (Windows, macOS): the file is found")


@pytest.mark.parametrize("extends", ["子 目录\\base rules.yaml", ".\\子 目录\\base rules.yaml",
                                     "子 目录/base rules.yaml", "..\\规则 目录\\子 目录/base rules.yaml"])
def test_a_backslash_separates_folders(tmp_path, extends):
    rules = _rules(tmp_path, extends)
    res = runner.invoke(app, ["rules", "-r", str(rules), "-f", "json"], env=EN)
    assert res.exit_code == 0, res.stderr
    listed = {r["code"]: r for r in json.loads(res.stdout)["rules"]}
    assert listed["BP-JOINT-MAX-FIRMS"]["params"]["max"] == 6       # read from the base
    assert "BP-DISTRICT" not in listed or listed["BP-DISTRICT"].get("enabled") is False
    res = runner.invoke(app, ["solve", str(GUIGANG), "-r", str(rules), "-f", "json", "-q"], env=EN)
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["charter"] == "my-local"


def test_a_missing_file_is_quoted_as_written(tmp_path):
    rules = _rules(tmp_path, "子 目录\\no such.yaml")
    res = runner.invoke(app, ["rules", "-r", str(rules)], env=EN)
    assert res.exit_code == 2
    looked = tmp_path / "规则 目录" / "子 目录" / "no such.yaml"
    assert res.stderr == f"{rules}:1:10: extends: no rules file '子 目录\\no such.yaml' (looked for {looked})\n"


@pytest.mark.parametrize("extends, actual", [("子 目录\\Base Rules.yaml", "子 目录/base rules.yaml"),
                                             ("子 目录/BASE RULES.yaml", "子 目录/base rules.yaml"),
                                             ("子 目录\\BASE RULES.YAML", "子 目录/base rules.yaml")])
def test_a_name_in_another_letter_case_is_said(tmp_path, extends, actual):
    _skip_unless_case_counts(tmp_path)
    rules = _rules(tmp_path, extends)
    res = runner.invoke(app, ["solve", str(GUIGANG), "-r", str(rules), "-q"], env=EN)
    assert res.exit_code == 2
    assert res.stderr.startswith(f"{rules}:1:10: extends: no rules file '{extends}' (looked for ")
    assert res.stderr.endswith(f" (the file is '{actual}': Linux tells capital from small letters in file names, "
                               "Windows does not)\n")
    res = runner.invoke(app, ["rules", "-r", str(rules)], env=ZH)
    assert res.exit_code == 2
    assert res.stderr.startswith(f"{rules}:1:10: extends: 找不到规则文件“{extends}”（查找位置：")
    assert res.stderr.endswith(f"（文件名实为“{actual}”：Linux 的文件名区分大小写，Windows 不区分）\n")


def test_a_folder_in_another_letter_case_is_said(tmp_path):
    _skip_unless_case_counts(tmp_path)
    (tmp_path / "Rules").mkdir()
    (tmp_path / "Rules" / "base.yaml").write_text("extends: cpc-branch-2018\nrules: []\n", encoding="utf-8")
    rules = tmp_path / "mine.yaml"
    rules.write_text("extends: rules\\base.yaml\nrules: []\n", encoding="utf-8")
    res = runner.invoke(app, ["rules", "-r", str(rules)], env=EN)
    assert res.exit_code == 2
    assert res.stderr.endswith(" (the file is 'Rules/base.yaml': Linux tells capital from small letters in file "
                               "names, Windows does not)\n")


@pytest.mark.skipif(os.name == "nt", reason="on Windows a drive path is a path")
def test_a_windows_drive_path_is_said(tmp_path):
    rules = _rules(tmp_path, "C:\\Users\\clerk\\rules\\base.yaml")
    res = runner.invoke(app, ["rules", "-r", str(rules)], env=EN)
    assert res.exit_code == 2
    assert res.stderr.startswith(f"{rules}:1:10: extends: no rules file 'C:\\Users\\clerk\\rules\\base.yaml' ")
    assert res.stderr.endswith(" (a path on a Windows drive, which other computers do not have: give the path "
                               "relative to this rules file)\n")


@pytest.mark.skipif(os.name == "nt", reason="a Windows file name holds no \\")
def test_a_file_whose_name_holds_a_backslash_is_found_by_that_name(tmp_path):
    """On Linux ``a\\b.yaml`` may be one file's name: the name as written is tried first, then
    with ``\\`` as a folder separator."""
    (tmp_path / "a\\b.yaml").write_text("extends: cpc-branch-2018\ncharter: literal\nrules: []\n", encoding="utf-8")
    rules = tmp_path / "mine.yaml"
    rules.write_text("extends: a\\b.yaml\nrules: []\n", encoding="utf-8")
    res = runner.invoke(app, ["rules", "-r", str(rules), "-f", "json"], env=EN)
    assert res.exit_code == 0, res.stderr
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.yaml").write_text("extends: cpc-branch-2018\ncharter: folder\nrules: []\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(GUIGANG), "-r", str(rules), "-f", "json", "-q"], env=EN)
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["charter"] == "mine (extends literal)"   # (the name as written first)
    (tmp_path / "a\\b.yaml").unlink()
    res = runner.invoke(app, ["solve", str(GUIGANG), "-r", str(rules), "-f", "json", "-q"], env=EN)
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["charter"] == "mine (extends folder)"


def test_the_file_in_another_letter_case_is_named_as_the_path_looked_for(tmp_path):
    """``./规则/../规则/Base.yaml`` looks for ``规则/Base.yaml``; the file is ``规则/base.yaml``."""
    _skip_unless_case_counts(tmp_path)
    (tmp_path / "规则").mkdir()
    (tmp_path / "规则" / "base.yaml").write_text("extends: cpc-branch-2018\nrules: []\n", encoding="utf-8")
    rules = tmp_path / "mine.yaml"
    for extends in ("./规则/../规则/Base.yaml", ".\\规则\\..\\规则\\Base.yaml"):
        rules.write_text(f"extends: {extends}\nrules: []\n", encoding="utf-8")
        res = runner.invoke(app, ["rules", "-r", str(rules)], env=EN)
        assert res.exit_code == 2
        assert res.stderr == (f"{rules}:1:10: extends: no rules file '{extends}' (looked for "
                              f"{tmp_path / '规则' / 'Base.yaml'}) (the file is '规则/base.yaml': Linux tells capital "
                              "from small letters in file names, Windows does not)\n")
        res = runner.invoke(app, ["rules", "-r", str(rules)], env=ZH)
        assert res.stderr.endswith("（文件名实为“规则/base.yaml”：Linux 的文件名区分大小写，Windows 不区分）\n")
