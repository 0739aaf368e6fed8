"""Small rosters and charters built in code, for tests."""

from __future__ import annotations

from datetime import date

from branchplan.model import Firm, Host, Location, Member, MemberCounts, Roster

AS_OF = date(2026, 11, 1)


def firm(fid: str, full: int, prob: int = 0, xy=(0.0, 0.0), district: str | None = None,
         director: bool | None = None, jurisdiction: str | None = None, recent: int = 0) -> Firm:
    """A firm with named members M-<fid>-k; ``recent`` of its full members joined this year."""
    members = []
    for k in range(full):
        joined = date(2026, 3, 1) if k < recent else date(2010, 7, 1)
        members.append(Member(id=f"M-{fid}-{k}", status="full", joined=joined))
    for k in range(prob):
        members.append(Member(id=f"M-{fid}-p{k}", status="probationary", joined=date(2026, 5, 1)))
    return Firm(id=fid, district=district, location=Location(x=xy[0], y=xy[1]),
                director_is_member=director, jurisdiction=jurisdiction, members=members)


def counts_firm(fid: str, full: int, prob: int = 0, xy=(0.0, 0.0), jurisdiction: str | None = None) -> Firm:
    return Firm(id=fid, location=Location(x=xy[0], y=xy[1]), jurisdiction=jurisdiction,
                members=MemberCounts(full=full, probationary=prob))


def host(hid: str, xy=(0.0, 0.0), jurisdiction: str | None = None) -> Host:
    return Host(id=hid, location=Location(x=xy[0], y=xy[1]), jurisdiction=jurisdiction)


def roster(firms, hosts=(), jurisdiction: str = "Testville") -> Roster:
    return Roster(jurisdiction=jurisdiction, as_of=AS_OF, firms=list(firms), hosts=list(hosts))
