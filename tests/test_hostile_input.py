"""Hostile input: alias bombs, deep nesting, code-executing tags, floods of errors, oversized
files. Each is refused with exit 2, quickly and in bounded memory (measured in a fresh
process; the bounds are generous: the point is "not gigabytes, not minutes")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from branchplan.cli import app
from branchplan.errors import InputError
from branchplan.loader import load_document

ROOT = Path(__file__).resolve().parents[1]
GUIGANG = ROOT / "examples" / "guigang" / "firms.yaml"
runner = CliRunner()

#: Runs the CLI in a fresh interpreter and reports (exit code, peak RSS in MB) on the last line.
DRIVER = """
import resource, sys
from branchplan.cli import main
sys.argv = ["branchplan"] + sys.argv[1:]
try:
    main()
    code = 0
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
print(f"{code} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}", file=sys.stderr)
"""
#: Python, OR-Tools and pydantic loaded take ~110 MB; a bomb that got through would take GBs.
PEAK_MB = 600
TIMEOUT = 120


def run_cli(*args: str) -> tuple[int, int, str]:
    proc = subprocess.run([sys.executable, "-c", DRIVER, *args], capture_output=True, text=True,
                          timeout=TIMEOUT)
    *lines, last = proc.stderr.strip().splitlines()
    code, peak = map(int, last.split())
    return code, peak, "\n".join(lines)


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """The classic: 9 levels of 9 aliases each expand to 9**9 (387 million) strings."""
    lines = ["a0: &a0 [lol]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + f"\njurisdiction: 贵港市\nfirms: *a{levels - 1}\n"


def members_bomb(n: int = 2000) -> str:
    """Aliases that pass as valid data: n firms of the same n members (n*n member records)."""
    members = "[&m {id: M1, status: full}" + ", *m" * (n - 1) + "]"
    return "jurisdiction: 贵港市\nfirms: [&f {id: F1, members: " + members + "}" + ", *f" * (n - 1) + "]\n"


@pytest.mark.parametrize("name,text", [
    ("billion-laughs.yaml", billion_laughs()),
    ("members-bomb.yaml", members_bomb()),
    ("deep-flow.yaml", "jurisdiction: 贵港市\nfirms: " + "[" * 200_000 + "]" * 200_000 + "\n"),
    ("deep-block.yaml", "firms:\n" + "".join("  " * i + "- \n" for i in range(1, 3000))),
    ("deep.json", '{"firms": ' + "[" * 1_000_000 + "]" * 1_000_000 + "}"),
])
def test_bombs_and_deep_nesting_are_refused_in_bounded_memory(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "plan.yaml"
    code, peak, stderr = run_cli("solve", str(path), "-o", str(out))
    assert code == 2, stderr
    assert stderr.startswith(f"{path}:") and "Traceback" not in stderr
    assert "alias" in stderr or "nested" in stderr or "nesting" in stderr
    assert peak < PEAK_MB, f"peak memory {peak} MB"
    assert not out.exists()


def test_a_flood_of_errors_is_reported_briefly(tmp_path):
    """10,000 duplicate member ids: the first 50 are located (each used to re-parse the whole
    file: minutes), then one closing line."""
    firms = [{"id": f"F{i:05d}", "members": [{"id": "M1", "status": "full"}]} for i in range(10_000)]
    path = tmp_path / "firms.yaml"
    path.write_text(yaml.safe_dump({"jurisdiction": "贵港市", "firms": firms}), encoding="utf-8")
    code, peak, stderr = run_cli("solve", str(path))
    assert code == 2
    lines = stderr.splitlines()
    assert len(lines) == 51
    assert "member id 'M1' appears also in firm F00000" in lines[0]
    assert lines[-1] == f"{path}: ... and 9,949 more problems (fix the ones above first)"
    assert peak < PEAK_MB


TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.call [[touch, {marker}]]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/object:argparse.Namespace {{x: 1}}",
]


@pytest.mark.parametrize("tag", TAGS)
@pytest.mark.parametrize("place", ["firms", "rules"])
def test_no_tag_executes_code(tmp_path, tag, place):
    marker = tmp_path / "PWNED"
    value = tag.format(marker=marker)
    if place == "firms":
        path = tmp_path / "firms.yaml"
        path.write_text(f"jurisdiction: {value}\nfirms:\n  - {{id: F1, members: {{full: 3}}}}\n")
        res = runner.invoke(app, ["solve", str(path)])
    else:
        path = tmp_path / "rules.yaml"
        path.write_text(f"extends: cpc-branch-2018\nrules:\n  - code: BP-DISTANCE\n    name: {value}\n")
        res = runner.invoke(app, ["solve", str(GUIGANG), "--rules", str(path)])
    assert res.exit_code == 2
    assert "is not allowed: branchplan files hold plain data only" in res.stderr
    assert res.stderr.startswith(f"{path}:")
    assert not marker.exists()


def test_plain_data_tags_and_merge_keys_still_work(tmp_path):
    path = tmp_path / "firms.yaml"
    path.write_text("jurisdiction: !!str 贵港市\ndefaults: &d {district: 港北区}\nfirms:\n"
                    "  - {<<: *d, id: F1, members: {full: !!int '3'}}\n", encoding="utf-8")
    data, _ = load_document(path)
    assert data["jurisdiction"] == "贵港市"
    assert data["firms"][0] == {"district": "港北区", "id": "F1", "members": {"full": 3}}


def test_merge_keys_do_not_hide_duplicate_keys(tmp_path):
    path = tmp_path / "firms.yaml"
    path.write_text("d: &d {district: 港北区}\nfirms:\n  - {<<: *d, id: F1, id: F2}\n")
    with pytest.raises(InputError) as info:
        load_document(path)
    assert str(info.value) == f"{path}:3:22: firms[0]: duplicate key 'id' (first at line 3)"


# ---------------------------------------------------------------- size limits

def test_oversized_file_is_refused_with_the_option_named(tmp_path):
    out = tmp_path / "plan.yaml"
    size = GUIGANG.stat().st_size
    res = runner.invoke(app, ["solve", str(GUIGANG), "--max-input-bytes", "4k", "-o", str(out)])
    assert res.exit_code == 2
    assert res.stderr == (f"{GUIGANG}: file is {size:,} bytes, more than the limit of 4,096 "
                          "(raise it with --max-input-bytes)\n")
    assert not out.exists()


def test_the_limit_applies_to_rules_files_too(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules: []\n" + "# padding\n" * 2000)
    res = runner.invoke(app, ["solve", str(GUIGANG), "--rules", str(rules), "--max-input-bytes", "16k"])
    assert res.exit_code == 2
    assert res.stderr.startswith(f"{rules}: file is 20,035 bytes, more than the limit of 16,384")


def test_a_raised_limit_lets_the_file_through():
    size = GUIGANG.stat().st_size
    res = runner.invoke(app, ["solve", str(GUIGANG), "--max-input-bytes", str(size), "-f", "yaml"])
    assert res.exit_code == 0, res.output
    assert yaml.safe_load(res.stdout)["status"] == "optimal"


@pytest.mark.parametrize("value", ["lots", "0", "-5M", "1.5Q"])
def test_a_bad_limit_is_a_usage_error(value):
    res = runner.invoke(app, ["solve", str(GUIGANG), "--max-input-bytes", value])
    assert res.exit_code == 2
    assert res.stderr.startswith("--max-input-bytes: ")


def test_sizes_read_like_people_write_them():
    from branchplan.cli.app import parse_size

    assert parse_size("1000") == 1000
    assert parse_size("64k") == 64 * 1024
    assert parse_size("64M") == parse_size("64MiB") == parse_size("64mb") == 64 * 1024 ** 2
    assert parse_size("1.5G") == 3 * 1024 ** 3 // 2


def test_json_of_the_same_roster_is_held_to_the_same_rules(tmp_path):
    """JSON has no aliases or tags, but duplicate keys and non-finite numbers are refused too."""
    path = tmp_path / "firms.json"
    text = json.dumps({"jurisdiction": "贵港市", "firms": [
        {"id": "F1", "location": {"lat": 23.1, "lon": 109.6}, "members": {"full": 3}}]}, ensure_ascii=False)
    path.write_text(text.replace("23.1", "Infinity"), encoding="utf-8")
    res = runner.invoke(app, ["solve", str(path)])
    assert res.exit_code == 2
    col = text.index("23.1") + 1
    assert res.stderr == f"{path}:1:{col}: firms[0].location.lat: Input should be a finite number, got inf\n"
    path.write_text(text.replace('"F1"', '"F1", "id": "F2"'), encoding="utf-8")
    res = runner.invoke(app, ["solve", str(path)])
    assert res.exit_code == 2
    second = text.index('"F1"') + len('"F1", ') + 1
    assert res.stderr == f"{path}:1:{second}: firms[0]: duplicate key 'id'\n"


def test_the_limit_before_the_command_serves_every_command(tmp_path):
    plan = ROOT / "examples" / "guigang" / "plan-current.yaml"
    res = runner.invoke(app, ["--max-input-bytes", "2k", "check", str(plan), "--firms", str(GUIGANG)])
    assert res.exit_code == 2
    assert "more than the limit of 2,048 (raise it with --max-input-bytes)" in res.stderr
    res = runner.invoke(app, ["check", str(plan), "--firms", str(GUIGANG)],
                        env={"BRANCHPLAN_MAX_INPUT_BYTES": "2k"})
    assert res.exit_code == 2 and "more than the limit of 2,048" in res.stderr
    # the limit lasts for one command only
    res = runner.invoke(app, ["check", str(plan), "--firms", str(GUIGANG)])
    assert res.exit_code == 0, res.output
    from branchplan.loader import DEFAULT_MAX_BYTES, input_limit

    assert input_limit() == DEFAULT_MAX_BYTES


def test_a_bad_limit_before_the_command_is_a_usage_error():
    res = runner.invoke(app, ["--max-input-bytes", "lots", "solve", str(GUIGANG)])
    assert res.exit_code == 2
    assert res.stderr == "--max-input-bytes: 'lots' is not a size like 64M or 1000000\n"


def test_max_input_bytes_leaves_the_shipped_charter_alone(tmp_path):
    """The limit is for the files a user gives: a firms file and a rules file under it are
    read, the shipped charter they extend (larger than the limit) too; a rules file over
    it is refused."""
    firms = tmp_path / "firms.yaml"
    firms.write_text("jurisdiction: 贵港市\nfirms:\n  - {id: F1, location: {lat: 23.1, lon: 109.6}, "
                     "members: {full: 3}}\n", encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: cpc-branch-2018\nrules:\n  - {code: BP-DISTRICT, weight: 6}\n")
    for extra in ([], ["-r", str(rules)]):
        res = runner.invoke(app, ["--max-input-bytes", "1k", "solve", str(firms), "-f", "json", *extra])
        assert res.exit_code == 0, res.output
    rules.write_text(rules.read_text() + "# " + "x" * 2000 + "\n")
    res = runner.invoke(app, ["--max-input-bytes", "1k", "solve", str(firms), "-r", str(rules)])
    assert res.exit_code == 2
    assert res.stderr.startswith(f"{rules}: file is ")


def test_json_with_escaped_pairs_is_not_walked_for_lone_surrogates(tmp_path, monkeypatch):
    # json.dump escapes an emoji or a rare character as a pair: one character, nothing to refuse,
    # and no walk of the whole document for it
    import json

    from branchplan import parsing
    from branchplan.roster import load_roster

    walked = []
    real = parsing._holds_surrogate
    monkeypatch.setattr(parsing, "_holds_surrogate", lambda data: walked.append(1) or real(data))
    p = tmp_path / "firms.json"
    p.write_text(json.dumps({"jurisdiction": "贵港市", "firms": [
        {"id": "F1", "name": "𠀾律所😀", "members": {"full": 3}}]}), encoding="utf-8")
    assert "\\ud840" in p.read_text(encoding="utf-8")
    assert load_roster(p).firms[0].name == "𠀾律所😀"
    assert walked == []


def test_a_plans_count_written_as_a_whole_float_is_read(tmp_path):
    # (a table tool writes 15.0 for an integer column with a gap in it)
    from branchplan.plan import plan_from_data

    plan = plan_from_data({"branches": [{"id": "B1", "lead": "F1", "firms": ["F1"], "members": 15.0,
                                         "full_members": 14.0}]})
    assert plan.branches[0].members == 15 and isinstance(plan.branches[0].members, int)
    import pytest

    from branchplan.errors import InputError

    for bad in (15.5, "15", True):
        with pytest.raises(InputError):
            plan_from_data({"branches": [{"id": "B1", "lead": "F1", "firms": ["F1"], "members": bad}]})


def test_the_last_years_the_calendar_has(tmp_path):
    """A roster of year 9999: a year's probation past it is the calendar's last day, not an
    internal error (exit 3)."""
    firms, plan = tmp_path / "f.yaml", tmp_path / "p.yaml"
    firms.write_text("jurisdiction: X\nas_of: 9999-12-31\nfirms:\n  - id: F1\n    members:\n"
                     "      - {id: M1, status: full, joined: 9998-01-01}\n"
                     "      - {id: M2, status: full, joined: 9998-01-01}\n"
                     "      - {id: M3, status: full, joined: 9999-06-01}\n", encoding="utf-8")
    res = runner.invoke(app, ["solve", str(firms), "-o", str(plan)])
    assert res.exit_code == 0, res.output
    for args in (["check", str(plan), "--firms", str(firms)], ["explain", str(plan), "--firms", str(firms)],
                 ["solve", str(firms), "--current", str(plan)],
                 ["report", str(plan), "--firms", str(firms), "-o", str(tmp_path / "r.xlsx")],
                 ["report", str(plan), "--firms", str(firms), "-o", str(tmp_path / "r.html")]):
        res = runner.invoke(app, args)
        assert res.exit_code == 0, (args, res.output)


def test_a_shipped_charter_by_its_name_and_a_plans_counts_below_zero(tmp_path):
    ex = Path(__file__).resolve().parents[1] / "examples" / "guigang"
    by_name = runner.invoke(app, ["solve", str(ex / "firms.yaml"), "-r", "cpc-branch-2018", "-f", "yaml"])
    plain = runner.invoke(app, ["solve", str(ex / "firms.yaml"), "-f", "yaml"])
    assert by_name.exit_code == 0 and by_name.stdout == plain.stdout, by_name.output
    plan = tmp_path / "p.yaml"
    plan.write_text("branches:\n  - {id: B001, lead: F001, firms: [F001], members: -5}\n", encoding="utf-8")
    res = runner.invoke(app, ["check", str(plan), "--firms", str(ex / "firms.yaml")])
    assert res.exit_code == 2 and res.stderr == (
        f"{plan}:2:52: branches[0].members: Input should be greater than or equal to 0, got -5\n")
