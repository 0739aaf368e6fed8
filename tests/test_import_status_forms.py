"""Common ways a clerk writes a status and a date: 中共正式党员 / 中共预备党员 (as on a 花名册),
and 号 for 日 (2010年3月1号), were rejected cells; a status with a remark in brackets
(正式党员（已转出）: a member who has left?) still is, for the clerk to decide."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()


def test_party_prefixed_statuses_and_hao_dates(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,所属城市,姓名,党员类别,入党时间\n"
                   "甲所,柳州市,张一,中共正式党员,2010年3月1号\n"
                   "甲所,柳州市,王三,中共预备党员,2026年3月1日\n", encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--as-of", "2026-11-01"])
    assert res.exit_code == 0, res.output
    members = yaml.safe_load(out.read_text(encoding="utf-8"))["firms"][0]["members"]
    assert [(m["status"], str(m["joined"])) for m in members] == [("full", "2010-03-01"),
                                                                  ("probationary", "2026-03-01")]


def test_a_status_with_a_remark_is_still_refused(tmp_path):
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,所属城市,姓名,党员类别,入党时间\n甲所,柳州市,张一,正式党员（已转出）,2010-03-01\n",
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--as-of", "2026-11-01"])
    assert res.exit_code == 2
    assert f"{src}:2:4: 党员类别:" in res.stderr
    assert not out.exists()


def test_a_status_with_a_character_mistyped_is_quoted_with_the_word_meant(tmp_path):
    """正试党员 / 予备 / 预各党员 cannot be anyone's name: quoted, with what was meant; a cell that is
    a member's name of the sheet, or reads as a name, is still withheld."""
    src, out = tmp_path / "r.csv", tmp_path / "firms.yaml"
    src.write_text("律所名称,姓名,党员类别,入党时间\n甲所,张一,正试党员,2001-07-01\n甲所,李二,予备,2026-03-01\n"
                   "甲所,王三,预各党员,2026-03-01\n甲所,赵四,张一,2003-07-01\n甲所,钱五,王五,2003-07-01\n",
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "zh"])
    assert res.exit_code == 2 and not out.exists()
    lines = res.output.splitlines()
    assert f"{src}:2:3: 党员类别: “正试党员”不是党员类别：是否应为“正式党员”？" in lines
    assert f"{src}:3:3: 党员类别: “予备”不是党员类别：是否应为“预备”？" in lines
    assert f"{src}:4:3: 党员类别: “预各党员”不是党员类别：是否应为“预备党员”？" in lines
    assert f"{src}:5:3: 党员类别: （值不予显示）不是党员类别（应为“正式”或“预备”）" in lines
    assert f"{src}:6:3: 党员类别: （值不予显示）不是党员类别（应为“正式”或“预备”）" in lines
    en = runner.invoke(app, ["import", str(src), "-o", str(out), "--jurisdiction", "柳州市", "--lang", "en"])
    assert f"{src}:2:3: 党员类别: '正试党员' is not a member status: did you mean '正式党员'?" in en.output.splitlines()
