"""Hypothesis strategies for small random rosters (documents as a firms file holds them)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

AS_OF = date(2026, 11, 1)
CITIES = ["贵港市", "桂平市", "平南县"]
DISTRICTS = ["港北区", "港南区", "覃塘区"]


@st.composite
def members(draw, firm_no: int, next_id: list[int]) -> list | dict:
    full = draw(st.integers(0, 4))
    prob = draw(st.integers(0, 2))
    if draw(st.booleans()):
        return {"full": full, "probationary": prob}
    out = []
    for status in ["full"] * full + ["probationary"] * prob:
        next_id[0] += 1
        days = draw(st.integers(1, 40 * 365)) if status == "full" else draw(st.integers(1, 360))
        out.append({"id": f"M{next_id[0]:04d}", "status": status, "joined": AS_OF - timedelta(days=days)})
    return out


@st.composite
def rosters(draw, max_firms: int = 8, max_cities: int = 2, hosts: bool | None = None) -> dict:
    """A roster of 1..max_cities jurisdictions with 1..max_firms firms each; locations all
    geographic, all planar or absent per jurisdiction; some firms without members; maybe a
    host per jurisdiction (always one when ``hosts`` is True, never when False)."""
    next_id = [0]
    firms, host_list = [], []
    n_cities = draw(st.integers(1, max_cities))
    for c in range(n_cities):
        city = CITIES[c]
        kind = draw(st.sampled_from(["geo", "planar", "none"]))

        def location():
            if kind == "geo":
                return {"lat": draw(st.floats(22.9, 23.5)), "lon": draw(st.floats(109.4, 110.2))}
            if kind == "planar":
                return {"x": draw(st.floats(0, 80)), "y": draw(st.floats(0, 80))}
            return None

        for k in range(draw(st.integers(1, max_firms))):
            firm = {"id": f"F{c}{k:02d}", "jurisdiction": city,
                    "district": draw(st.sampled_from(DISTRICTS)),
                    "director_is_member": draw(st.booleans()),
                    "members": draw(members(k, next_id))}
            loc = location()
            if loc is not None:
                firm["location"] = loc
            firms.append(firm)
        if hosts or (hosts is None and draw(st.booleans())):
            host = {"id": f"H{c}", "jurisdiction": city, "name": f"{city}律师协会党支部"}
            loc = location()
            if loc is not None:
                host["location"] = loc
            host_list.append(host)
    doc = {"as_of": AS_OF, "firms": firms}
    if host_list:
        doc["hosts"] = host_list
    return doc
