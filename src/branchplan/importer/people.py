"""One person given twice in a roster without member ids.

When members get ``R`` + their row number (no member-id and no ID-number column), nothing
but their cells tells two rows of one person apart, so the importer compares them:

- a row that repeats an earlier taken row of the same firm in every member cell (name,
  status, joining date; names compared without case or spaces, dates as read) is a row given
  twice: it is rejected, as a repeated ID number is, naming the earlier row (exit 2 unless
  ``--allow-rejects``, which leaves it out);
- the same, but without a joining date on either row, is taken with a warning: nothing
  tells a row given twice from two namesakes of one firm;
- a row whose name and joining date are those of an earlier row in another firm, or of the
  same firm with another status, is taken with a warning naming both rows (and both firms):
  it may be one person entered twice, or two people;
- the same name with another joining date, or without one, is no message: namesakes are common.

With a member-id column, rows are told apart by their ids; a row whose name and joining
date are those of an earlier row under another id (in any firm) is taken with a warning
naming both rows and ids: one person under two member ids (a transfer entered again under a
new id), or two people.

Names are never quoted (they are personal data); a firm is, unless its cell is a member
name of the sheet (a shifted column).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..errors import Msg
from ..loader import NOT_SHOWN
from ..names import folded, masked

#: (folded name, joining date) -> (row, firm key, status) of each taken row
Seen = dict[tuple[str, date | None], list[tuple[int, str, str]]]


class People:
    """The members taken so far, by name and joining date."""

    def __init__(self, ids: bool = False) -> None:
        self.seen: Seen = {}
        #: members have ids of their own (a member-id column): only the same name and joining
        #: date under two ids is said
        self.ids = ids
        self.id_of: dict[int, str] = {}

    def given_twice(self, r, firm_key: str | None, member: dict[str, Any] | None) -> None:
        """Reject row ``r`` (at its name cell) if it repeats a taken row of the same firm (not
        with masked names, 张*: those say nothing of one person)."""
        if self.ids or member is None or firm_key is None or "name" not in member or member.get("joined") is None \
                or masked(member["name"]):
            return
        for row, firm, status in self.seen.get(_key(member), ()):
            if firm == firm_key and status == member["status"]:
                r.reject("name", f"the same member as row {row} of the same firm (name, status and joining date "
                         "alike): a row given twice? Delete one (if they are two people, tell them apart with "
                         "a 党员编号 column)",
                         f"与同一单位第 {row} 行为同一党员（姓名、党员类别、入党时间均相同）：是否重复录入？"
                         "请删去一行（如确为两人，请增加“党员编号”列加以区分）")
                return

    def take(self, r, firm_key: str, member: dict[str, Any]) -> tuple[str, str] | None:
        """Record a taken member; the warning (English, Chinese) when an earlier row has its
        name and joining date in another firm or with another status."""
        if "name" not in member or masked(member["name"]):
            return None
        key = _key(member)
        earlier = self.seen.setdefault(key, [])
        said = None
        if self.ids:
            if member.get("joined") is not None and earlier:
                row, firm, _ = earlier[0]
                en = [f"firm {NOT_SHOWN.en if f in r.names else f}" for f in (firm, firm_key)]
                zh = [f"单位{NOT_SHOWN.zh}" if f in r.names else f for f in (firm, firm_key)]
                other, mid = (NOT_SHOWN if r.withholds(v, "name") else Msg(v, v)
                              for v in (self.id_of[row], member["id"]))
                said = (f"warning: the same name and joining date as row {row} (member id {other.en}, {en[0]}), under "
                        f"member id {mid.en} in {en[1]}: one person under two member ids, or two people? If one, "
                        "keep only the row of the firm they belong to, with their old member id (a member is in one "
                        "branch, and a new id reads as one member leaving and another joining); if two, nothing to "
                        "change",
                        f"提醒：姓名和入党时间与第 {row} 行（党员编号 {other.zh}，{zh[0]}）相同，本行党员编号为 "
                        f"{mid.zh}、单位为{zh[1]}：是同一人有两个党员编号，还是两人？若是同一人，只保留其所在单位"
                        "的一行，沿用原编号（每名党员只编入一个支部；新编号会被当作一人离开、另一人加入）；若是两人，无需修改")
            self.id_of[r.number] = member["id"]
        elif member.get("joined") is None:
            same = next((row for row, firm, status in earlier if firm == firm_key and status == member["status"]), None)
            if same is not None:
                said = (f"warning: the same name and status as row {same} of the same firm, and no joining date to "
                        "tell them apart: one member entered twice, or two people of the same name? If one, "
                        "delete a row; if two, nothing to change (a 党员编号 column tells them apart)",
                        f"提醒：姓名和党员类别与同一单位第 {same} 行相同，且无入党时间可区分：是同一党员重复录入，"
                        "还是同名的两人？若是同一人，请删去一行；若是两人，无需修改（可增加“党员编号”列加以区分）")
        elif earlier:
            row, firm, _ = earlier[0]
            if firm == firm_key:
                said = (f"warning: the same name and joining date as row {row} of the same firm, with another "
                        "status: one member entered twice? Check both rows and keep the right one",
                        f"提醒：姓名和入党时间与同一单位第 {row} 行相同，但党员类别不同：是否同一党员重复录入？"
                        "请核对这两行，只保留正确的一行")
            else:
                # a firm cell that is a member name of the sheet (a shifted column) is not quoted
                en = [f"firm {NOT_SHOWN.en if f in r.names else f}" for f in (firm, firm_key)]
                zh = [f"单位{NOT_SHOWN.zh}" if f in r.names else f for f in (firm, firm_key)]
                said = (f"warning: the same name and joining date as row {row} ({en[0]}), but in {en[1]}: one "
                        "person in two firms, or two people? If one, keep only the row of the firm they belong to "
                        "(a member is in one branch); if two, nothing to change",
                        f"提醒：姓名和入党时间与第 {row} 行（{zh[0]}）相同，本行单位为{zh[1]}：是同一人登记在两个单位，"
                        "还是两人？若是同一人，只保留其所在单位的一行（每名党员只编入一个支部）；若是两人，无需修改")
        earlier.append((r.number, firm_key, member["status"]))
        return said


def _key(member: dict[str, Any]) -> tuple[str, date | None]:
    return folded(member["name"]), member.get("joined")
