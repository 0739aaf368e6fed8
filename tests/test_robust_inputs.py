"""Inputs that once ended in "internal error" (exit 3) where the contract is a finding
(exit 1) or a bad-input / usage message (exit 2): each through the CLI, end to end."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()
EX = Path(__file__).resolve().parents[1] / "examples" / "guigang"

FIRMS_ONE = """jurisdiction: X
as_of: 2026-11-01
firms:
  - {id: F1, location: {x: 0, y: 0}, members: {full: 3}}
"""

#: B2's only firm, F9, closed and left the roster; the plan was not yet updated
PLAN_CLOSED = """branches:
  - {id: B1, lead: F1, firms: [F1]}
  - {id: B2, lead: F9, firms: [F9], members: 3, full_members: 3}
"""


def _write(tmp_path: Path, **files: str) -> dict[str, str]:
    out = {}
    for name, body in files.items():
        p = tmp_path / name.replace("_", ".")
        p.write_text(body, encoding="utf-8")
        out[name] = str(p)
    return out


def _no_crash(res) -> None:
    assert "internal error" not in res.output and "内部错误" not in res.output, res.output
    assert "Traceback" not in res.output


def test_check_a_branch_whose_firms_all_left_the_roster(tmp_path):
    f = _write(tmp_path, firms_yaml=FIRMS_ONE, plan_yaml=PLAN_CLOSED)
    for lang in ("en", "zh"):
        res = runner.invoke(app, ["check", f["plan_yaml"], "--firms", f["firms_yaml"], "--lang", lang])
        _no_crash(res)
        assert res.exit_code == 1, res.output
    res = runner.invoke(app, ["check", f["plan_yaml"], "--firms", f["firms_yaml"], "--lang", "en"])
    assert f"{f['plan_yaml']}:3:32: BP-ONE-BRANCH [hard] branch B2 lists F9, which is not a firm or host" in res.stdout
    # the stale-figures pass notes the recorded figures rather than failing on the branch
    assert f"{f['plan_yaml']}:3:5: branch B2 says 3 members, 3 full; now: 0 members, 0 full" in res.stdout


def test_report_a_branch_whose_firms_all_left_the_roster(tmp_path):
    f = _write(tmp_path, firms_yaml=FIRMS_ONE, plan_yaml=PLAN_CLOSED)
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["report", f["plan_yaml"], "--firms", f["firms_yaml"], "-o", str(out)])
    _no_crash(res)
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "B2" in html and "F9" in html


FIRMS_THREE = """jurisdiction: X
as_of: 2026-11-01
firms:
  - {id: F1, district: A, location: {x: 0, y: 0}, members: {full: 2}}
  - {id: F2, district: A, location: {x: 0, y: 1}, members: {full: 2}}
  - {id: F3, district: A, location: {x: 1, y: 1}, members: {full: 2}}
"""

#: a hand edit that swapped two firms lists: each branch is led by a firm outside it
PLAN_SWAPPED = """branches:
  - {id: B1, lead: F3, firms: [F1, F2]}
  - {id: B2, lead: F1, firms: [F3]}
"""


def test_explain_a_firm_whose_branch_is_led_from_outside(tmp_path):
    f = _write(tmp_path, firms_yaml=FIRMS_THREE, plan_yaml=PLAN_SWAPPED)
    for firm, branch, lead in (("F1", "B1", "F3"), ("F2", "B1", "F3"), ("F3", "B2", "F1")):
        res = runner.invoke(app, ["explain", f["plan_yaml"], "--firms", f["firms_yaml"], "--firm", firm, "--lang", "en"])
        _no_crash(res)
        assert res.exit_code == 0, res.output
        assert f"Branch {branch} is led by {lead}, which is not one of its units" in res.stdout
        assert (f"{branch} breaks BP-ONE-BRANCH: branch {branch} is led by {lead}, which is not one of its units "
                f"(its firms' distances and districts are still measured from {lead}).") in res.stdout
    res = runner.invoke(app, ["explain", f["plan_yaml"], "--firms", f["firms_yaml"], "--firm", "F1", "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert "支部 B1 的牵头单位 F3 不在本支部：" in res.stdout
    res = runner.invoke(app, ["explain", f["plan_yaml"], "--firms", f["firms_yaml"], "--firm", "F1", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "which is not one of its units" in res.stdout


HUGE = "9" * 5000


def test_an_integer_too_long_for_python_is_a_bad_input_in_every_file_kind(tmp_path):
    good = _write(tmp_path, firms_yaml=FIRMS_ONE, plan_yaml="branches:\n  - {id: B1, lead: F1, firms: [F1]}\n")
    cases = {
        "solve": ("f1.yaml", FIRMS_ONE.replace("{full: 3}", "{full: " + HUGE + "}"), "firms[0].members.full"),
        "plan": ("p1.yaml", f"branches:\n  - {{id: B1, lead: F1, firms: [F1], members: {HUGE}}}\n",
                 "branches[0].members"),
        "rules": ("r1.yaml", f"extends: cpc-branch-2018\nrules:\n  - code: BP-DISTANCE\n    weight: {HUGE}\n",
                  "rules[BP-DISTANCE].weight"),
        "waivers": ("w1.yaml", f"waivers:\n  - code: BP-DISTANCE\n    until: {HUGE}\n", "waivers[0].until"),
        "json": ("f2.json", '{"jurisdiction": "X", "note": "' + HUGE + '", "as_of": "2026-11-01", "firms": '
                 '[{"id": "F1", "location": {"x": 0, "y": 0}, "members": {"full": -' + HUGE + '}}]}',
                 "firms[0].members.full"),
    }
    for kind, (name, body, field) in cases.items():
        line, col = _at(body, ("-" if kind == "json" else "") + HUGE)
        bad = tmp_path / name
        bad.write_text(body, encoding="utf-8")
        if kind in ("solve", "json"):
            args = ["solve", str(bad)]
        elif kind == "plan":
            args = ["check", str(bad), "--firms", good["firms_yaml"]]
        else:
            args = ["check", good["plan_yaml"], "--firms", good["firms_yaml"], f"--{kind}", str(bad)]
        for lang, words in (("en", "number too large (5,000 digits)"), ("zh", "数字过大（5,000 位）")):
            res = runner.invoke(app, args + ["--lang", lang])
            _no_crash(res)
            assert res.exit_code == 2, (kind, res.output)
            assert f"{bad}:{line}:{col}: {field}: {words}" in res.stderr, (kind, res.stderr)


def _at(body: str, token: str) -> tuple[int, int]:
    """Line and column (1-based) of the last occurrence of token."""
    i = body.rfind(token)
    return body.count("\n", 0, i) + 1, i - (body.rfind("\n", 0, i) + 1) + 1


def test_a_failed_write_to_stdout_is_said_plainly(tmp_path):
    """``branchplan ... > plan.yaml`` onto a full disk (/dev/full: every write fails with ENOSPC)."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    guigang = root / "examples" / "guigang"
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    runs = [
        (["rules"], "cannot write the output: No space left on device (standard output;"),
        (["check", str(guigang / "plan-current.yaml"), "--firms", str(guigang / "firms.yaml"), "--format", "json",
          "--lang", "zh"], "无法写出输出：磁盘空间不足（标准输出；"),
        (["--help"], "cannot write the output: No space left on device"),
    ]
    for args, words in runs:
        with open("/dev/full", "w") as full:
            res = subprocess.run([sys.executable, "-m", "branchplan", *args], stdout=full, stderr=subprocess.PIPE,
                                 text=True, env=env, cwd=tmp_path, timeout=120)
        assert res.returncode == 2, (args, res.stderr)
        assert words in res.stderr, (args, res.stderr)
        assert "internal error" not in res.stderr and "Traceback" not in res.stderr, res.stderr


def test_max_input_bytes_beyond_the_largest_size_is_a_usage_error(tmp_path):
    f = _write(tmp_path, firms_yaml=FIRMS_ONE, plan_yaml="branches:\n  - {id: B1, lead: F1, firms: [F1]}\n")
    check = ["check", f["plan_yaml"], "--firms", f["firms_yaml"]]
    huge = "99999999999999999999999G"
    for args, env in (
        (["--max-input-bytes", huge, *check, "--lang", "en"], {}),
        ([*check, "--lang", "en"], {"BRANCHPLAN_MAX_INPUT_BYTES": huge}),
        (["solve", f["firms_yaml"], "--max-input-bytes", huge, "-o", str(tmp_path / "p.yaml"), "--lang", "en"], {}),
    ):
        res = runner.invoke(app, args, env=env)
        _no_crash(res)
        assert res.exit_code == 2, res.output
        assert (f"--max-input-bytes: '{huge}' is more than the largest size, 9,223,372,036,854,775,806 bytes"
                in res.stderr), res.stderr
    res = runner.invoke(app, ["--max-input-bytes", huge, *check, "--lang", "zh"])
    assert res.exit_code == 2 and "超过允许的最大值 9,223,372,036,854,775,806 字节" in res.stderr, res.output
    res = runner.invoke(app, ["--max-input-bytes", "infG", *check, "--lang", "en"])
    assert res.exit_code == 2 and "'infG' is not a size like 64M" in res.stderr, res.output
    # a limit far above the memory is only a limit: nothing is set aside for it
    for limit in ("100G", "9223372036854775806"):
        res = runner.invoke(app, ["--max-input-bytes", limit, *check])
        _no_crash(res)
        assert res.exit_code == 0, res.output
    assert not (tmp_path / "p.yaml").exists()


def test_extends_with_a_name_the_system_refuses_is_an_unknown_charter(tmp_path):
    f = _write(tmp_path, firms_yaml=FIRMS_ONE, plan_yaml="branches:\n  - {id: B1, lead: F1, firms: [F1]}\n")
    for name, ref in (("long.yaml", "x" * 300), ("longzh.yaml", "党支部" * 100), ("nul.yaml", '"a\\0b"')):
        rules = tmp_path / name
        rules.write_text(f"extends: {ref}\nrules: []\n", encoding="utf-8")
        res = runner.invoke(app, ["check", f["plan_yaml"], "--firms", f["firms_yaml"], "--rules", str(rules),
                                  "--lang", "en"])
        _no_crash(res)
        assert res.exit_code == 2, res.output
        assert res.stderr.startswith(f"{rules}:1:10: extends: unknown charter "), res.stderr


ID_CSV = """律所名称,所在区县,姓名,身份证号,党员类别,入党时间
广西甲律师事务所,港北区,张三,110101199003070011,正式,2010-07-01
广西甲律师事务所,港北区,李四,11010119900307002X,正式,2013-03-01
"""


def test_import_roster_holds_a_library_key_to_the_cli_minimum(tmp_path):
    import pytest

    import branchplan
    from branchplan.errors import UsageError

    roster = tmp_path / "r.csv"
    roster.write_text(ID_CSV, encoding="utf-8")
    key = "0123456789abcdefXYZ"
    as_str = branchplan.import_roster(roster, jurisdiction="J", id_key=key)
    as_bytes = branchplan.import_roster(roster, jurisdiction="J", id_key=key.encode())
    assert as_str.document == as_bytes.document
    ids = [m["id"] for m in as_str.document["firms"][0]["members"]]
    assert len(ids) == 2 and all(i.startswith("P") for i in ids)
    # the CLI with the same key gives the same ids
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", str(roster), "--jurisdiction", "J", "--id-key", key, "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert all(i in out.read_text(encoding="utf-8") for i in ids)
    # a short key: the CLI's sentence, as a UsageError
    res = runner.invoke(app, ["import", str(roster), "--jurisdiction", "J", "--id-key", "k", "-o", str(out)])
    assert res.exit_code == 2, res.output
    for short in (b"k", "k", "短密钥" * 5, bytearray(b"x" * 15)):
        with pytest.raises(UsageError) as err:    # (named as the library's parameter, not the option)
            branchplan.import_roster(roster, jurisdiction="J", id_key=short)
        assert err.value.text("en") == "id_key: the key must be at least 16 characters"
        assert err.value.text("zh") == "id_key：密钥至少应有 16 个字符"
    assert "--id-key" in res.stderr
    with pytest.raises(TypeError, match="id_key: expected str or bytes, got int"):
        branchplan.import_roster(roster, jurisdiction="J", id_key=12345678901234567890)


#: F\u200b1 prints as F1 yet is another firm; members differ only by invisible characters
UNI = """jurisdiction: X
as_of: 2026-11-01
firms:
 - id: "F\\u200b1"
   name: "\\u202eabc\\u202c"
   location: {x: 1, y: 1}
   members:
     - {id: "M\\u200d1", status: full}
     - {id: "M1\\ufeff", status: full}
     - {id: "M2", name: "\\u200f李", status: full}
 - id: "F1"
   location: {x: 2, y: 1}
   members: {full: 1}
"""


def test_invisible_characters_in_ids_and_direction_controls_in_names_are_refused(tmp_path):
    f = _write(tmp_path, firms_yaml=UNI)
    out = tmp_path / "p.yaml"
    res = runner.invoke(app, ["solve", f["firms_yaml"], "-o", str(out), "--lang", "en"])
    _no_crash(res)
    assert res.exit_code == 2, res.output
    invisible = "must not contain invisible characters (zero-width spaces, byte-order marks, direction marks)"
    direction = "must not contain text-direction control characters (they reorder what is shown)"
    lines = res.stderr.splitlines()
    assert lines[0].startswith(f"{f['firms_yaml']}:4:8: firms[0].id: {invisible}"), lines
    assert lines[1].startswith(f"{f['firms_yaml']}:5:10: firms[0].name: {direction}"), lines
    assert lines[2].startswith(f"{f['firms_yaml']}:8:13: firms[0].members[0].id: {invisible}"), lines
    assert lines[3].startswith(f"{f['firms_yaml']}:9:13: firms[0].members[1].id: {invisible}"), lines
    assert lines[4].startswith(f"{f['firms_yaml']}:10:25: firms[0].members[2].name: {direction}"), lines
    assert not out.exists()
    res = runner.invoke(app, ["solve", f["firms_yaml"], "-o", str(out), "--lang", "zh"])
    assert res.exit_code == 2 and "firms[0].id: 不能含不可见字符（零宽空格、字节顺序标记、方向标记）" in res.stderr
    assert "firms[0].name: 不能含文字方向控制符（会打乱显示顺序）" in res.stderr
    # a zero-width joiner in a name is text (not refused); only ids must look as they are
    ok = _write(tmp_path, ok_yaml=FIRMS_ONE.replace("{id: F1,", "{id: F1, name: \"A\\u200dB\","))
    res = runner.invoke(app, ["solve", ok["ok_yaml"], "-o", str(out)])
    assert res.exit_code == 0, res.output


def test_import_drops_invisible_characters_pasted_into_cells(tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text("律所名称,所在区县,姓名,党员类别,入党时间\n"
                      "\u200e广西甲律师事务所\u200b,港北区,张三\u200f,正式,2010-07-01\n"
                      "广西甲律师事务所,港北区,李四,正式,2013-03-01\n"
                      "广西甲律师事务所,港北区,王五,正式,2013-03-01\n", encoding="utf-8")
    out = tmp_path / "firms.yaml"
    res = runner.invoke(app, ["import", str(roster), "--jurisdiction", "J", "-o", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "广西甲律师事务所" in text and not any(c in text for c in "\u200b\u200e\u200f")
    assert text.count("广西甲律师事务所") == 1   # one firm, not two that print alike


def test_utf16_without_a_mark_and_a_damaged_workbook_are_said_plainly(tmp_path):
    f = tmp_path / "u16.yaml"
    f.write_bytes("jurisdiction: X\nfirms: []\n".encode("utf-16-le"))
    res = runner.invoke(app, ["solve", str(f), "--lang", "en"])
    assert res.exit_code == 2 and res.stderr == (f"{f}:1:1: file is UTF-16 text; save it as UTF-8 (if PowerShell's "
                                                 "> wrote it, write the file with -o FILE instead)\n")
    x = tmp_path / "bad.xlsx"
    x.write_bytes(b"PK\x03\x04garbage")
    res = runner.invoke(app, ["import", str(x), "--jurisdiction", "X", "--lang", "en"])
    assert res.exit_code == 2
    assert res.stderr == (f"{x}: not a readable .xlsx workbook (damaged, or not an Excel file): open it in Excel "
                          "and save it again as .xlsx\n")


def test_a_plan_windows_powershell_redirected_is_refused_with_a_hint_at_o(tmp_path):
    """Windows PowerShell 5.1's ``branchplan solve firms.yaml -f yaml > plan.yaml`` reads the
    UTF-8 output through the console's code page (GBK on a Chinese PC) and writes UTF-16 with
    a byte-order mark: the file is refused, and the message says to write it with -o."""
    plan = tmp_path / "plan.yaml"
    assert runner.invoke(app, ["solve", str(EX / "firms.yaml"), "-o", str(plan), "-q"]).exit_code == 0
    redirected = tmp_path / "redirected.yaml"
    redirected.write_bytes(b"\xff\xfe" + plan.read_bytes().decode("gbk", "replace").encode("utf-16-le"))
    args = ["check", str(redirected), "--firms", str(EX / "firms.yaml")]
    en = runner.invoke(app, args + ["--lang", "en"])
    assert en.exit_code == 2
    assert en.stderr == (f"{redirected}:1:1: file is UTF-16 text; save it as UTF-8 (if PowerShell's > wrote it, "
                         "write the file with -o FILE instead)\n")
    zh = runner.invoke(app, args + ["--lang", "zh"])
    assert zh.exit_code == 2
    assert zh.stderr == (f"{redirected}:1:1: 文件是 UTF-16 编码；请另存为 UTF-8（若是用 PowerShell 的 > 重定向写出的，"
                         "请改用 -o 文件名 写出文件）\n")


def test_a_duplicate_key_in_json_yaml_cannot_read_has_its_position(tmp_path):
    """A JSON plan that YAML cannot read (here, a lone surrogate escape in a string): the
    duplicate key is still placed, by scanning the JSON text."""
    import json as _json

    ex = Path(__file__).resolve().parents[1] / "examples" / "guigang"
    out = tmp_path / "plan.json"
    assert runner.invoke(app, ["solve", str(ex / "firms.yaml"), "-o", str(out)]).exit_code == 0
    text = _json.dumps(_json.loads(out.read_text(encoding="utf-8")), ensure_ascii=False, separators=(",", ":"))
    at = text.index('"jurisdiction"', text.index('"B003"'))
    text = text[:at] + '"jurisdiction":"X",' + text[at:]
    text = text.replace('"charter":"cpc-branch-2018"', '"charter":"cpc-branch-2018\\ud800"', 1)
    at += len("\\ud800")
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["check", str(bad), "--firms", str(ex / "firms.yaml"), "--lang", "en"])
    assert res.exit_code == 2
    col = at + len('"jurisdiction":"X",') + 1
    assert res.stderr.startswith(f"{bad}:1:{col}: duplicate key 'jurisdiction'"), res.stderr
