"""An ID number typed in the member-id column (党员编号) is never copied into the firms file:
without an ID key the rows are rejected (nothing written, the numbers not shown); with one,
each becomes the keyed pseudonym an ID-number column would give."""

from __future__ import annotations

from typer.testing import CliRunner

from branchplan import load_roster
from branchplan.cli import app
from branchplan.importer.ids import _CHECK, _WEIGHTS, pseudonym

runner = CliRunner()
KEY = "0123456789abcdef-key"


def id_number(first17: str) -> str:
    """A well-formed 18-character ID number (its check digit computed)."""
    return first17 + _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS)) % 11]


NUMBERS = [id_number("11010119900307123"), id_number("11010119910307123")]
ROWS = ("律所名称,姓名,党员编号,党员类别,入党时间,所属城市\n"
        f"甲所,张三,{NUMBERS[0]},正式,2010-01-01,贵港市\n"
        f"甲所,李四,{NUMBERS[1]},正式,2011-01-01,贵港市\n"
        "甲所,王五,M3,正式,2012-01-01,贵港市\n")


def test_without_a_key_the_rows_are_rejected_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv("BRANCHPLAN_ID_KEY", raising=False)
    src, out = tmp_path / "roster.csv", tmp_path / "firms.yaml"
    src.write_text(ROWS, encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 2
    assert not out.exists()
    said = res.stdout + res.stderr
    assert all(n not in said for n in NUMBERS)
    assert f"{src}:2:3: 党员编号: the member id looks like an ID number (value not shown): give --id-key" in said
    assert f"{src}:3:3: 党员编号:" in said and f"{src}:4:" not in said


def test_with_a_key_they_become_keyed_pseudonyms(tmp_path):
    src, out = tmp_path / "roster.csv", tmp_path / "firms.yaml"
    src.write_text(ROWS, encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--id-key", KEY, "--lang", "en"])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert all(n not in text for n in NUMBERS) and all(n not in res.stderr for n in NUMBERS)
    ids = [m.id for f in load_roster(out).firms for m in f.member_list]
    # the same pseudonym an ID-number column (身份证号) gives: ids stay stable if the sheet is fixed
    assert ids == [pseudonym(KEY.encode(), NUMBERS[0]), pseudonym(KEY.encode(), NUMBERS[1]), "M3"]
    assert "2 member ids were an ID number, replaced by a keyed pseudonym" in res.stderr
    zh = runner.invoke(app, ["import", str(src), "-o", str(tmp_path / "zh.yaml"), "--id-key", KEY, "--lang", "zh"])
    assert zh.exit_code == 0 and "2 个党员编号为身份证号，已替换为带密钥的化名" in zh.stderr
