"""The report's change counts: "of which N units have no Party members any more" follows the
count of units removed it is part of, not the member counts printed after it."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from branchplan.cli import app

runner = CliRunner()

OLD_FIRMS = ("jurisdiction: 测试市\nas_of: 2026-11-01\nfirms:\n"
             "  - id: A\n    location: {x: 0, y: 0}\n    members:\n"
             "      - {id: M1, status: full, joined: 2001-07-01}\n      - {id: M5, status: full, joined: 2001-07-01}\n"
             "  - id: D\n    location: {x: 0, y: 0}\n    members:\n      - {id: M6, status: full, joined: 2001-07-01}\n"
             "  - id: C\n    location: {x: 1, y: 0}\n    members:\n"
             "      - {id: M2, status: full, joined: 2001-07-01}\n      - {id: M3, status: full, joined: 2001-07-01}\n"
             "      - {id: M4, status: full, joined: 2001-07-01}\n")
NEW_FIRMS = (OLD_FIRMS.replace("    members:\n      - {id: M6, status: full, joined: 2001-07-01}\n", "    members: []\n")
             .replace("      - {id: M5, status: full, joined: 2001-07-01}\n",
                      "      - {id: M5, status: full, joined: 2001-07-01}\n      - {id: M7, status: full, joined: 2001-07-01}\n"))
OLD = "branches:\n  - {id: B1, lead: A, firms: [A, D]}\n  - {id: B2, lead: C, firms: [C]}\n"
NEW = "branches:\n  - {id: B1, lead: A, firms: [A]}\n  - {id: B2, lead: C, firms: [C]}\n"


def _chips(tmp_path, lang):
    for name, body in (("old.yaml", OLD), ("new.yaml", NEW), ("of.yaml", OLD_FIRMS), ("nf.yaml", NEW_FIRMS)):
        (tmp_path / name).write_text(body, encoding="utf-8")
    out = tmp_path / f"r-{lang}.html"
    res = runner.invoke(app, ["report", str(tmp_path / "new.yaml"), "--firms", str(tmp_path / "nf.yaml"),
                              "--base", str(tmp_path / "old.yaml"), "--base-firms", str(tmp_path / "of.yaml"),
                              "--lang", lang, "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    block = html[html.index('<ul class="changes-figures">'):]
    block = block[:block.index("</ul>")]
    return [re.sub(r"</?strong>", "", li) for li in re.findall(r"<li>(.*?)</li>", block)]


def test_of_which_follows_the_units_removed(tmp_path):
    en = _chips(tmp_path, "en")
    at = en.index("1 unit removed")
    assert en[at + 1] == "of which 1 unit has no Party members any more"
    assert en.index("1 member new to the roster") > at + 1
    zh = _chips(tmp_path, "zh")
    at = zh.index("减少单位 1 个")
    assert zh[at + 1] == "其中已无党员的单位 1 个"
