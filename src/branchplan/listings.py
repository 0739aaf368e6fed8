"""A firm listed in more than one branch, as the change list tells it.

Every member belongs to one branch, so a plan that lists a firm in two branches breaks the
charter (``check`` says so: BP-ONE-BRANCH). The change list still has to say what such an
edit did: a firm added to a second branch while it stays in its own has not *moved*, it is
*listed twice* (duplicated), and so are its members; a firm taken out of one of the two
branches that listed it is no longer duplicated.

The diff anchors such a firm to a branch that lists it in both plans (:func:`anchors`), so
that moves, mergers, splits and graduations are judged on that branch; only when no branch
lists it in both plans has the firm (and have its members) moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .origins import natural

if TYPE_CHECKING:  # pragma: no cover
    from .model import Roster
    from .plan import Plan


@dataclass(frozen=True)
class Listing:
    """A firm listed in two or more branches of either plan, listed differently in the other.
    ``old``/``new``: the branches listing it (file order; empty: in no branch)."""

    firm: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    #: its members in the firms file (None: not in it)
    members: int | None
    #: their ids (empty in the counts form)
    member_ids: tuple[str, ...] = ()
    #: their names, only when names are asked for (``--show-names``)
    names: tuple[str | None, ...] = ()

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(b for b in self.new if b not in self.old)

    @property
    def taken_out(self) -> tuple[str, ...]:
        return tuple(b for b in self.old if b not in self.new)

    @property
    def kept(self) -> tuple[str, ...]:
        return tuple(b for b in self.new if b in self.old)

    @property
    def duplicated(self) -> bool:
        """Listed in two or more branches in the new plan (else: no longer)."""
        return len(self.new) > 1

    @property
    def labels(self) -> tuple[str, ...]:
        """Its members as people read them: the id, and the name when shown."""
        return labels(self.member_ids, self.names)


def member_ids(firm) -> tuple[str, ...]:
    """A firm's member ids in id order (none in the counts form, or without a firm)."""
    return tuple(m.id for m in sorted(firm.member_list, key=lambda m: natural(m.id))) \
        if firm is not None and firm.member_list else ()


def labels(ids: tuple[str, ...], names: tuple[str | None, ...]) -> tuple[str, ...]:
    """Members as people read them: the id, and the name when shown (``names``: empty, or
    one per id)."""
    return tuple(f"{m} {n}" if n else m for m, n in zip(ids, names or (None,) * len(ids)))


def listed(plan: Plan, skip: set[str]) -> dict[str, tuple[str, ...]]:
    """Firm id -> ids of every branch listing it, in file order (each once)."""
    out: dict[str, list[str]] = {}
    for b in plan.branches:
        for f in b.firms:
            if f in skip:
                continue
            bs = out.get(f)
            if bs is None:
                out[f] = [b.id]
            elif b.id not in bs:
                bs.append(b.id)
    return {f: tuple(bs) for f, bs in out.items()}


def anchors(was: dict[str, tuple[str, ...]], now: dict[str, tuple[str, ...]]) -> tuple[dict[str, str], dict[str, str]]:
    """Firm id -> its one branch in the old and in the new plan: the first branch listing
    it, except that a firm listed in both plans by a same branch is taken to be there in
    both (it did not move; the listing says where else it is or was), and that a firm the
    new plan lists in several branches, none of them its old one by id, is taken to be in
    the one with most of its old branch-mates (its old branch renumbered), the first on a tie."""
    old = {f: bs[0] for f, bs in was.items()}
    new = {f: bs[0] for f, bs in now.items()}
    firms_of = old_firms_of = None   # (made for the first firm listed in several new branches)
    for f in set(was) & set(now):
        common = [b for b in now[f] if b in was[f]]
        if common:
            old[f] = new[f] = common[0]
        elif len(now[f]) > 1:
            if firms_of is None:
                firms_of, old_firms_of = _firms_of(now), _firms_of(was)
            mates = old_firms_of[old[f]] - {f}
            new[f] = max(now[f], key=lambda b: (len(firms_of[b] & mates), -now[f].index(b)))
    return old, new


def _firms_of(listed: dict[str, tuple[str, ...]]) -> dict[str, set[str]]:
    """Branch id -> the firms it lists (from firm id -> the branches listing it)."""
    out: dict[str, set[str]] = {}
    for f, bs in listed.items():
        for b in bs:
            out.setdefault(b, set()).add(f)
    return out


def listings(was: dict[str, tuple[str, ...]], now: dict[str, tuple[str, ...]], roster: Roster) -> list[Listing]:
    """The firms listed in two or more branches of either plan whose branches differ
    between the plans, in natural order of firm id."""
    out = []
    # (only the firms listed more than once are sorted: a nation has tens of thousands)
    twice = [f for f in set(was) | set(now) if len(was.get(f, ())) > 1 or len(now.get(f, ())) > 1]
    for f in sorted(twice, key=natural):
        old, new = was.get(f, ()), now.get(f, ())
        if set(old) != set(new):
            firm = roster.firm_by_id.get(f)
            out.append(Listing(f, old, new, firm.size if firm is not None else None, member_ids(firm)))
    return out


def stays(branch: str, firm: str, was: dict[str, tuple[str, ...]], now: dict[str, tuple[str, ...]]) -> bool:
    """Members of ``firm`` who were in old branch ``branch`` are in a branch that lists their
    firm now: that one, or (the old plan listed the firm twice) another that listed it too."""
    here = now.get(firm, ())
    if branch in here:
        return True
    return branch in was.get(firm, ()) and any(b in here for b in was[firm])
