"""The domain: firms, their Party members, fallback hosts, and the roster that holds them."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

Status = Literal["full", "probationary"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Location(_Model):
    """Either geographic (lat/lon, degrees) or planar (x/y, any unit)."""

    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    x: float | None = None
    y: float | None = None

    @model_validator(mode="after")
    def _one_pair(self) -> "Location":
        geo = self.lat is not None or self.lon is not None
        planar = self.x is not None or self.y is not None
        if geo and planar:
            raise ValueError("give either lat/lon or x/y, not both")
        if geo and (self.lat is None or self.lon is None):
            raise ValueError("lat and lon must be given together")
        if planar and (self.x is None or self.y is None):
            raise ValueError("x and y must be given together")
        if not geo and not planar:
            raise ValueError("give lat/lon or x/y")
        return self

    @property
    def is_geo(self) -> bool:
        return self.lat is not None


class Member(_Model):
    """A Party member: full (正式) members vote and count towards thresholds; probationary (预备) do not."""

    id: str = Field(min_length=1, max_length=200)
    name: str | None = Field(None, max_length=200)
    status: Status
    joined: date | None = None


class MemberCounts(_Model):
    """The counts form, for rosters without names."""

    full: int = Field(0, ge=0, le=100_000)
    probationary: int = Field(0, ge=0, le=100_000)


def _members_tag(value: Any) -> str:
    return "counts" if isinstance(value, (dict, MemberCounts)) else "list"


MemberField = Annotated[
    Union[Annotated[list[Member], Tag("list")], Annotated[MemberCounts, Tag("counts")]],
    Discriminator(_members_tag),
]


class Firm(_Model):
    """A law firm (or a firm's branch office, or a legal-aid centre): one unit."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=200)
    name: str | None = Field(None, max_length=500)
    jurisdiction: str | None = Field(None, min_length=1, max_length=200)
    district: str | None = Field(None, max_length=200)
    location: Location | None = None
    director_is_member: bool | None = None
    lawyers: int | None = Field(None, ge=0, le=100_000)
    members: MemberField = Field(default_factory=list)

    def model_copy(self, *, update=None, deep: bool = False) -> "Firm":
        """A copy; member counts cached on this firm are recomputed for the copy."""
        copy = super().model_copy(update=update, deep=deep)
        for name in ("member_list", "full", "probationary"):
            copy.__dict__.pop(name, None)
        return copy

    @cached_property
    def member_list(self) -> tuple[Member, ...] | None:
        """Individual members, or None for the counts form."""
        return tuple(self.members) if isinstance(self.members, list) else None

    @cached_property
    def full(self) -> int:
        if isinstance(self.members, MemberCounts):
            return self.members.full
        return sum(1 for m in self.members if m.status == "full")

    @cached_property
    def probationary(self) -> int:
        if isinstance(self.members, MemberCounts):
            return self.members.probationary
        return sum(1 for m in self.members if m.status == "probationary")

    @property
    def size(self) -> int:
        """All Party members, full and probationary."""
        return self.full + self.probationary

    def count_members(self, status: Status | None = None, min_standing_years: float | None = None,
                      as_of: date | None = None) -> int:
        """Members matching a filter. Counts-form members have no joining date: they are
        taken to meet a standing requirement (the roster does not say otherwise)."""
        if isinstance(self.members, MemberCounts):
            if status == "full":
                return self.members.full
            if status == "probationary":
                return self.members.probationary
            return self.size
        n = 0
        for m in self.members:
            if status is not None and m.status != status:
                continue
            if min_standing_years is not None and m.joined is not None and as_of is not None:
                if standing_years(m.joined, as_of) < min_standing_years:
                    continue
            n += 1
        return n


def standing_years(joined: date, as_of: date) -> float:
    """Whole and fractional years of Party standing on a date (exact for whole years)."""
    years = as_of.year - joined.year
    if (as_of.month, as_of.day) < (joined.month, joined.day):
        years -= 1
    return float(years)


class Host(_Model):
    """A fallback organisation (bar association, justice bureau) that can take small firms."""

    id: str = Field(min_length=1, max_length=200)
    name: str | None = Field(None, max_length=500)
    jurisdiction: str | None = Field(None, min_length=1, max_length=200)
    district: str | None = Field(None, max_length=200)
    location: Location | None = None


class Roster(_Model):
    """The firms file: every unit of a city (or of many cities) and its members."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              json_schema_extra={"title": "branchplan firms file"})

    jurisdiction: str | None = Field(None, min_length=1, max_length=200,
                                     description="default jurisdiction for firms that omit it")
    as_of: date | None = Field(None, description="date on which Party standing is measured")
    firms: list[Firm]
    hosts: list[Host] = Field(default_factory=list)

    def firm_jurisdiction(self, firm: Firm | Host) -> str:
        return firm.jurisdiction or self.jurisdiction or ""

    @cached_property
    def firm_by_id(self) -> dict[str, Firm]:
        return {f.id: f for f in self.firms}

    @cached_property
    def host_by_id(self) -> dict[str, Host]:
        return {h.id: h for h in self.hosts}

    @property
    def member_count(self) -> int:
        return sum(f.size for f in self.firms)
