"""Seeded synthetic law-firm rosters for benchmarks.

``generate(n_firms, n_cities, seed)`` returns a roster document (a plain dict in the
shape of ``examples/guigang/firms.yaml``, one ``jurisdiction`` per firm) that is the same
for the same arguments on every run and every platform with the same Python ``random``.

The figures follow ``DOMAIN.md`` (see benchmarks/README.md for the list):
firm sizes by the 2022 national buckets, Party members ~31-36% of lawyers drawn per
lawyer, ~3% probationary, Zipf-like city sizes, firms clustered around district centres.

Every draw is built on ``random.Random.random()`` seeded with an int (see ``Rng``): that
is the one sequence Python promises to keep across versions; ``gauss``, ``choice``,
``shuffle``, ``betavariate`` and numpy's generators carry no such promise.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import math
import random

AS_OF = dt.date(2026, 11, 1)
KM_PER_DEG_LAT = 111.32

# --- firm size (lawyers): DOMAIN.md, China end 2022 -----------------------------------
# (bucket share, sizes in the bucket, relative weight of each size within the bucket).
# Within a bucket the weights fall with size (individual firms of 1-2 lawyers are rarer
# than 3-8-lawyer partnerships); the >100 bucket is a truncated Pareto tail (below).
SIZE_BUCKETS = [
    (0.655, range(1, 11), [3, 5, 10, 12, 13, 13, 12, 11, 10, 9]),
    (0.207, range(11, 21), [20 - i for i in range(10)]),
    (0.104, range(21, 51), [n ** -1.5 for n in range(21, 51)]),
    (0.020, range(51, 101), [n ** -1.5 for n in range(51, 101)]),
]
TAIL_SHARE, TAIL_MIN, TAIL_MAX, TAIL_ALPHA = 0.013, 101, 800, 1.2

# --- Party membership -----------------------------------------------------------------
CITY_SHARE = (0.28, 0.45, 0.30)   # triangular(low, high, mode): city member share, mean ~0.34
# A firm's member share ~ Beta(mean = city share x factor, concentration) by firm size.
# Calibrated so that, nationally, ~25% of firms have >= 3 full members (2016: 6,538 of
# ~26,000 firms had their own branch), ~37% have 1-2 (2016: 39% in joint branches) and
# members are ~33% of lawyers: small firms are uniformly thin, mid-sized firms vary a
# lot (many with no members), large firms are member-rich.
FIRM_SHARE = [  # (largest size in the class, factor on the city share, concentration)
    (10, 0.5, 20.0),
    (20, 0.6, 1.5),
    (None, 1.3, 1.5),
]
FIRM_SHARE_CAP = 0.9
PROBATIONARY_SHARE = 0.03         # "a few percent is plausible"
DIRECTOR_FACTOR = (0.8, 1.5)      # director more/less likely a member: small / >10 lawyers

# --- geography ------------------------------------------------------------------------
CHINA_BOX = (20.0, 45.0, 100.0, 125.0)   # lat_min, lat_max, lon_min, lon_max
PROVINCE_HALF_DEG = 3.0                  # <= 40 cities: one province-sized box
CITY_ZIPF = 0.75                         # rank-size exponent; 39,000 firms -> top city ~2,800
URBAN_NAMES = ["城东区", "城西区", "城南区", "城北区", "中山区", "新城区", "高新区",
               "江南区", "江北区", "开发区", "港口区", "老城区"]
COUNTY_CHARS = "安平长宁清河山阳丰和永兴福泰德昌源隆东西南北新乐定远武化临湖"


class Rng(random.Random):
    """random.Random whose every draw goes through random() (version-stable sequences)."""

    def __init__(self, *key: object) -> None:
        digest = hashlib.sha256("/".join(map(str, key)).encode()).digest()
        super().__init__(int.from_bytes(digest[:16], "big"))

    def below(self, n: int) -> int:
        """Uniform integer in [0, n)."""
        return min(int(self.random() * n), n - 1)

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def permute(self, items: list) -> None:
        """Fisher-Yates shuffle in place."""
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]

    def normal(self, mu: float = 0.0, sigma: float = 1.0) -> float:
        """Box-Muller (one of the pair; simple and stateless)."""
        u1 = 1.0 - self.random()                  # (0, 1]
        return mu + sigma * math.sqrt(-2.0 * math.log(u1)) * math.cos(2 * math.pi * self.random())

    def tri(self, low: float, high: float, mode: float) -> float:
        """Triangular distribution by inverse CDF."""
        u, c = self.random(), (mode - low) / (high - low)
        if u < c:
            return low + (high - low) * math.sqrt(u * c)
        return high - (high - low) * math.sqrt((1 - u) * (1 - c))

    def gamma(self, shape: float) -> float:
        """Marsaglia-Tsang; shape < 1 by the boost gamma(a) = gamma(a + 1) * U^(1/a)."""
        if shape < 1.0:
            return self.gamma(shape + 1.0) * (1.0 - self.random()) ** (1.0 / shape)
        d = shape - 1.0 / 3.0
        c = 1.0 / math.sqrt(9.0 * d)
        while True:
            x = self.normal()
            v = (1.0 + c * x) ** 3
            if v > 0 and math.log(1.0 - self.random()) < 0.5 * x * x + d - d * v + d * math.log(v):
                return d * v

    def beta(self, a: float, b: float) -> float:
        x = self.gamma(a)
        return x / (x + self.gamma(b))


def _weighted_sampler(items, weights):
    """Return a draw(rng) using cumulative weights and one rng.random() per draw."""
    cum = list(itertools.accumulate(weights))
    items = list(items)
    total = cum[-1]
    return lambda rng: items[min(bisect.bisect(cum, rng.random() * total), len(items) - 1)]


_BUCKET_DRAWS = [_weighted_sampler(sizes, w) for _, sizes, w in SIZE_BUCKETS]
_BUCKET_CUM = list(itertools.accumulate([b[0] for b in SIZE_BUCKETS] + [TAIL_SHARE]))


def draw_lawyers(rng: Rng) -> int:
    """Number of lawyers in one firm (DOMAIN.md national size buckets)."""
    u = rng.random() * _BUCKET_CUM[-1]
    k = bisect.bisect(_BUCKET_CUM, u)
    if k < len(_BUCKET_DRAWS):
        return _BUCKET_DRAWS[k](rng)
    # Truncated Pareto on [TAIL_MIN, TAIL_MAX] by inverse CDF.
    ratio = (TAIL_MIN / TAIL_MAX) ** TAIL_ALPHA
    x = TAIL_MIN / (1.0 - rng.random() * (1.0 - ratio)) ** (1.0 / TAIL_ALPHA)
    return min(int(x), TAIL_MAX)


def city_sizes(n_firms: int, n_cities: int, rng: Rng) -> list[int]:
    """Zipf-like firm counts per city, summing to n_firms, each >= 1.

    Ranks 1-2 follow the curve exactly (the nation's largest city gets ~2,800 firms, the
    second ~1,700, as Beijing and Shanghai); smaller ranks get +-15% lognormal noise.
    """
    if n_cities < 1 or n_firms < n_cities:
        raise ValueError("need n_cities >= 1 and n_firms >= n_cities")
    w = [k ** -CITY_ZIPF * (math.exp(rng.normal(0.0, 0.15)) if k > 2 else 1.0)
         for k in range(1, n_cities + 1)]
    spare = n_firms - n_cities                  # one firm per city guaranteed
    total = sum(w)
    exact = [spare * x / total for x in w]
    sizes = [1 + int(e) for e in exact]
    # Largest remainder, ties broken by rank, so the sum is exact and deterministic.
    order = sorted(range(n_cities), key=lambda i: (-(exact[i] - int(exact[i])), i))
    for i in order[: n_firms - sum(sizes)]:
        sizes[i] += 1
    # Shuffle which city code gets which size, so C001 is not always the largest.
    rng.permute(sizes)
    return sizes


def _offset(lat: float, lon: float, dn_km: float, de_km: float) -> tuple[float, float]:
    return (lat + dn_km / KM_PER_DEG_LAT,
            lon + de_km / (KM_PER_DEG_LAT * math.cos(math.radians(lat))))


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dn = (a[0] - b[0]) * KM_PER_DEG_LAT
    de = (a[1] - b[1]) * KM_PER_DEG_LAT * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dn, de)


def city_centres(n_cities: int, rng: Rng) -> list[tuple[float, float]]:
    """City centres in China's lat/lon box; a province-sized box for <= 40 cities."""
    lat0, lat1, lon0, lon1 = CHINA_BOX
    if n_cities <= 40:
        clat = lat0 + PROVINCE_HALF_DEG + rng.random() * (lat1 - lat0 - 2 * PROVINCE_HALF_DEG)
        clon = lon0 + PROVINCE_HALF_DEG + rng.random() * (lon1 - lon0 - 2 * PROVINCE_HALF_DEG)
        lat0, lat1 = clat - PROVINCE_HALF_DEG, clat + PROVINCE_HALF_DEG
        lon0, lon1 = clon - PROVINCE_HALF_DEG, clon + PROVINCE_HALF_DEG
    min_km = 60.0
    centres: list[tuple[float, float]] = []
    for _ in range(n_cities):
        for attempt in itertools.count():
            p = (lat0 + rng.random() * (lat1 - lat0), lon0 + rng.random() * (lon1 - lon0))
            if all(_km(p, q) >= min_km for q in centres) or attempt >= 50:
                break
        centres.append(p)
    return centres


def _county_name(rng: Rng, taken: set[str]) -> str:
    while True:
        name = rng.pick(COUNTY_CHARS) + rng.pick(COUNTY_CHARS) + "县"
        if name[0] != name[1] and name not in taken:
            return name


def districts(n_firms: int, centre: tuple[float, float], rng: Rng) -> list[dict]:
    """3-8 district centres: urban districts near the centre, counties 20-80 km out."""
    hi = min(8, 3 + int(1.5 * math.log10(max(n_firms, 1))))
    lo = max(3, hi - 2)
    n = lo + rng.below(hi - lo + 1)
    n_urban = max(1, min(n - 1, round(n * (0.4 + 0.3 * rng.random()))))
    names = list(URBAN_NAMES)
    rng.permute(names)
    urban = names[:n_urban]
    taken = set(urban)
    out = []
    for i in range(n):
        bearing = 2 * math.pi * rng.random()
        if i < n_urban:
            dist = 1.0 + 2.0 * rng.random() if i == 0 else 3.0 + 7.0 * rng.random()
            name, weight, sigma = urban[i], 0.6 + 0.8 * rng.random(), 1.5 + 2.0 * rng.random()
        else:
            dist = 20.0 + 60.0 * rng.random()
            name = _county_name(rng, taken)
            weight, sigma = 0.08 + 0.17 * rng.random(), 0.8 + 1.2 * rng.random()
            taken.add(name)
        lat, lon = _offset(*centre, dist * math.cos(bearing), dist * math.sin(bearing))
        out.append({"name": name, "lat": lat, "lon": lon, "weight": weight, "sigma": sigma})
    return out


def _full_joined(rng: Rng, as_of: dt.date) -> dt.date:
    """Joining date of a full member: 1-45 years ago, July (七一) over-represented."""
    years = int(rng.tri(1.0, 45.0, 6.0))
    month = 7 if rng.random() < 0.15 else 1 + rng.below(12)
    day = 1 if rng.random() < 0.3 else 1 + rng.below(28)
    d = dt.date(as_of.year - years, month, day)
    one_year_ago = as_of - dt.timedelta(days=365)
    return d if d <= one_year_ago else d.replace(year=d.year - 1)


def _probationary_joined(rng: Rng, as_of: dt.date) -> dt.date:
    """Probationary members joined within the last year (the probation period)."""
    return as_of - dt.timedelta(days=rng.below(365))


def firm_share(lawyers: int, city_share: float, rng: Rng) -> float:
    """A firm's Party-member share: Beta around the city share, by firm size (FIRM_SHARE)."""
    for top, factor, kappa in FIRM_SHARE:
        if top is None or lawyers <= top:
            mean = min(FIRM_SHARE_CAP, city_share * factor)
            return rng.beta(mean * kappa, (1 - mean) * kappa)
    raise AssertionError("unreachable")


def _firm_members(lawyers: int, p_firm: float, rng: Rng) -> tuple[bool, int, int]:
    """(director_is_member, full, probationary): one Bernoulli draw per lawyer.

    Lawyer 0 is the director; directors of small firms are less often members (DOMAIN.md:
    "small firms' directors are often not members") and, if members, are full members.
    """
    p_dir = min(0.95, p_firm * DIRECTOR_FACTOR[lawyers > 10])
    director = rng.random() < p_dir
    full = int(director)
    prob = 0
    for _ in range(lawyers - 1):
        if rng.random() < p_firm:
            if rng.random() < PROBATIONARY_SHARE:
                prob += 1
            else:
                full += 1
    return director, full, prob


def generate(n_firms: int, n_cities: int, seed: int, *, members: str | None = None,
             as_of: dt.date = AS_OF) -> dict:
    """Return a roster document: ``{"as_of": date, "firms": [...]}``.

    ``members`` is "list" (one entry per member with id, status, joined date) or "counts"
    (``{full: n, probationary: m}``); default list up to 3,000 firms, counts above.
    Counts, sizes and locations do not depend on the form (dates use their own stream).
    Dates are ``datetime.date`` objects, as ``yaml.safe_load`` would return them.
    """
    if members is None:
        members = "list" if n_firms <= 3000 else "counts"
    if members not in ("list", "counts"):
        raise ValueError(f"members must be 'list' or 'counts', not {members!r}")
    rng = Rng("branchplan-synth", seed, "structure")
    dates = Rng("branchplan-synth", seed, "dates")

    sizes = city_sizes(n_firms, n_cities, rng)
    centres = city_centres(n_cities, rng)
    cw = max(3, len(str(n_cities)))
    fw = max(4, len(str(max(sizes))))
    firms = []
    for c, (n_c, centre) in enumerate(zip(sizes, centres), start=1):
        city = f"城市{c:0{cw}d}"
        share = rng.tri(*CITY_SHARE)
        dists = districts(n_c, centre, rng)
        pick = _weighted_sampler(dists, [d["weight"] for d in dists])
        for f in range(1, n_c + 1):
            fid = f"C{c:0{cw}d}-F{f:0{fw}d}"
            d = pick(rng)
            lat = d["lat"] + rng.normal(0.0, d["sigma"]) / KM_PER_DEG_LAT
            lon = d["lon"] + rng.normal(0.0, d["sigma"]) / (
                KM_PER_DEG_LAT * math.cos(math.radians(d["lat"])))
            lawyers = draw_lawyers(rng)
            p_firm = firm_share(lawyers, share, rng)
            director, full, prob = _firm_members(lawyers, p_firm, rng)
            firms.append({
                "id": fid,
                "name": f"律所{fid}",
                "jurisdiction": city,
                "district": d["name"],
                "location": {"lat": round(lat, 5), "lon": round(lon, 5)},
                "director_is_member": director,
                "lawyers": lawyers,
                "members": {"full": full, "probationary": prob},
            })

    if members == "list":
        total = sum(f["members"]["full"] + f["members"]["probationary"] for f in firms)
        mw = max(6, len(str(total)))
        next_id = 1
        for firm in firms:
            n_full, n_prob = firm["members"]["full"], firm["members"]["probationary"]
            people = sorted([(_full_joined(dates, as_of), "full") for _ in range(n_full)]
                            + [(_probationary_joined(dates, as_of), "probationary")
                               for _ in range(n_prob)])
            entries = []
            for joined, status in people:          # ids rise with seniority in the firm
                entries.append({"id": f"M{next_id:0{mw}d}", "status": status, "joined": joined})
                next_id += 1
            firm["members"] = entries
    return {"as_of": as_of, "firms": firms}


def summary(doc: dict) -> dict:
    """Counts used by the README and the generator's report line."""
    full = prob = own = small = zero = empty = lawyers = 0
    for firm in doc["firms"]:
        m = firm["members"]
        if isinstance(m, dict):
            f, p = m["full"], m["probationary"]
        else:
            f = sum(1 for x in m if x["status"] == "full")
            p = len(m) - f
        full += f
        prob += p
        lawyers += firm["lawyers"]
        own += f >= 3
        small += 1 <= f <= 2
        zero += f == 0
        empty += f + p == 0
    cities = len({firm["jurisdiction"] for firm in doc["firms"]})
    return {"firms": len(doc["firms"]), "cities": cities, "lawyers": lawyers,
            "members": full + prob, "full": full, "probationary": prob,
            "firms_full_ge3": own, "firms_full_1_2": small, "firms_full_0": zero,
            "firms_no_members": empty}
