"""The README's import example runs as written on the bundled sheet, and the rejections the
README's Importing section documents are what ``branchplan import`` says."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app

ROOT = Path(__file__).resolve().parents[1]
SHEET = ROOT / "examples" / "guigang" / "roster.csv"
KEY = "test-key-0123456789abcdef"
runner = CliRunner()


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## Importing a roster spreadsheet\n", 1)[1].split("\n## ", 1)[0]


def example_commands() -> list[str]:
    """The commands of the section's example block (the one that imports the bundled sheet)."""
    [block] = [b for b in re.findall(r"```sh\n(.*?)```", section(), re.S) if "examples/guigang/roster.csv" in b]
    return [line for line in block.splitlines() if line.strip()]


def example_output() -> list[str]:
    [block] = [b for b in re.findall(r"```text\n(.*?)```", section(), re.S) if "roster.csv" in b]
    return block.splitlines()


def documented(part: str) -> str:
    """The message the section quotes (in backticks) that contains ``part``."""
    [message] = [m for m in re.findall(r"`(roster\.csv:[^`]*)`", section()) if part in m]
    return message


def sheet_members() -> list[dict[str, str]]:
    """The member rows of the bundled sheet, read with the csv module (a title row, then the header)."""
    text = SHEET.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[1]
    return [dict(zip(header, r)) for r in rows[2:] if any(c.strip() for c in r)]


def matches(expected: list[str], actual: list[str]) -> bool:
    """The README's shortened output against the real lines: in order; a line '...' skips any
    number of lines; a line ending in '...' is a prefix of the line it stands for."""
    i, skipping = 0, False
    for want in expected:
        if want.strip() == "...":
            skipping = True
            continue
        prefix = want.endswith("...")
        ok = (lambda line: line.startswith(want[:-3])) if prefix else (lambda line: line == want)
        while i < len(actual) and not ok(actual[i]):
            if not skipping:
                return False
            i += 1
        if i == len(actual):
            return False
        i, skipping = i + 1, False
    return True


def test_the_bundled_sheet_is_a_fictional_member_roster_without_id_numbers():
    data = SHEET.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as the README says
    members = sheet_members()
    assert 15 <= len(members) <= 25 and 5 <= len({m["律所编号"] for m in members}) <= 8
    assert "身份证号" not in data.decode("utf-8-sig")
    assert not re.search(rb"\d{15,}", data)  # nothing shaped like an ID number
    assert len({m["党员编号"] for m in members}) == len(members)
    firms = {f["id"]: f for f in yaml.safe_load((ROOT / "examples/guigang/firms.yaml").read_text("utf-8"))["firms"]}
    for m in members:  # the firms are the Guigang example's
        f = firms[m["律所编号"]]
        assert (m["律所名称"], m["区县"]) == (f["name"], f["district"])
        assert (float(m["纬度"]), float(m["经度"])) == (f["location"]["lat"], f["location"]["lon"])


def test_the_readme_example_imports_and_solves(tmp_path, monkeypatch):
    import_cmd, solve_cmd = example_commands()
    assert import_cmd == "branchplan import examples/guigang/roster.csv -o firms.yaml"
    assert solve_cmd == "branchplan solve firms.yaml"
    # run from a copy of the repository's layout, so that firms.yaml lands in tmp_path
    (tmp_path / "examples" / "guigang").mkdir(parents=True)
    shutil.copyfile(SHEET, tmp_path / "examples" / "guigang" / "roster.csv")
    monkeypatch.chdir(tmp_path)

    imported = runner.invoke(app, shlex.split(import_cmd)[1:])
    assert imported.exit_code == 0, imported.output
    assert imported.stdout == ""
    members = sheet_members()
    doc = yaml.safe_load((tmp_path / "firms.yaml").read_text(encoding="utf-8"))
    written = [m for f in doc["firms"] for m in f["members"]]
    assert sorted(m["id"] for m in written) == sorted(m["党员编号"] for m in members)
    assert {f["id"] for f in doc["firms"]} == {m["律所编号"] for m in members}

    solved = runner.invoke(app, shlex.split(solve_cmd)[1:] + ["--format", "json"])
    assert solved.exit_code == 0, solved.output
    plan = json.loads(solved.stdout)
    full = sum(1 for m in members if m["党员类别"] == "正式")
    assert plan["summary"]["members"] == len(members)
    assert (plan["summary"]["full_members"], plan["summary"]["probationary_members"]) == (full, len(members) - full)
    assert sum(b["members"] for b in plan["branches"]) == len(members)
    assert plan["unassigned_firms"] == []

    # what the README shows is what the two commands print (on a terminal solve prints text)
    text = runner.invoke(app, shlex.split(solve_cmd)[1:] + ["--format", "text"])
    assert text.exit_code == 0
    printed = imported.stderr.splitlines() + text.stdout.splitlines()
    assert matches(example_output(), printed), printed


def write(path: Path, rows: list[list[str]]) -> None:
    path.write_text("".join(",".join(r) + "\n" for r in rows), encoding="utf-8")


def id_number(body: str) -> str:
    """``body`` (17 digits) with its GB 11643 check digit."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


# region 990000 does not exist; birth date 1990-01-01; sequence numbers 001, 002
GOOD, OTHER = id_number("99000019900101001"), id_number("99000019900101002")
HEADER = ["律所名称", "所属城市", "姓名", "党员类别", "身份证号"]


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages name the sheet as given: roster.csv
    return tmp_path


def test_an_id_number_failing_its_check_digit_rejects_the_row(here):
    bad = GOOD[:-1] + ("0" if GOOD[-1] != "0" else "1")
    write(here / "roster.csv", [HEADER, ["甲律师事务所", "贵港市", "张一", "正式", bad],
                                ["甲律师事务所", "贵港市", "李二", "正式", OTHER]])
    res = runner.invoke(app, ["import", "roster.csv", "-o", "firms.yaml", "--id-key", KEY, "--lang", "en"])
    assert res.exit_code == 2
    assert documented("check digit") in res.stderr.splitlines()
    assert bad not in res.output and GOOD[:17] not in res.output
    assert not (here / "firms.yaml").exists()


def test_a_repeated_id_number_rejects_the_row(here):
    write(here / "roster.csv", [HEADER, ["甲律师事务所", "贵港市", "张一", "正式", GOOD],
                                ["甲律师事务所", "贵港市", "李二", "正式", GOOD],
                                ["甲律师事务所", "贵港市", "王三", "正式", OTHER]])
    res = runner.invoke(app, ["import", "roster.csv", "-o", "firms.yaml", "--id-key", KEY, "--lang", "en"])
    assert res.exit_code == 2
    assert documented("the same ID number") in res.stderr.splitlines()
    assert GOOD not in res.output
    assert not (here / "firms.yaml").exists()


def test_without_a_city_column_jurisdiction_is_required(here):
    synopsis = re.findall(r"```sh\n(.*?)```", section(), re.S)[0]
    assert "--jurisdiction is required when the sheet has no city column" in synopsis
    write(here / "roster.csv", [["律所名称", "姓名", "党员类别"], ["甲律师事务所", "张一", "正式"],
                                ["乙律师事务所", "李二", "预备"]])
    res = runner.invoke(app, ["import", "roster.csv", "-o", "firms.yaml", "--lang", "en"])
    assert res.exit_code == 2
    assert res.stderr.splitlines() == [documented("no city column")]
    assert not (here / "firms.yaml").exists()
    ok = runner.invoke(app, ["import", "roster.csv", "-o", "firms.yaml", "--jurisdiction", "贵港市", "--lang", "en"])
    assert ok.exit_code == 0, ok.output
    doc = yaml.safe_load((here / "firms.yaml").read_text(encoding="utf-8"))
    assert doc["jurisdiction"] == "贵港市" and [f["id"] for f in doc["firms"]] == ["甲律师事务所", "乙律师事务所"]
