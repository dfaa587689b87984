"""A country's or a region's cost of remittances: one measure, and the two it is shown beside.

METHODOLOGY.md, "A country's or a region's cost: three different numbers":
- flow-weighted average: corridor averages weighted by the bilateral remittance estimates of the
  matrix year nearest the price quarter (ties go to the earlier year), with its coverage (the share
  of the country's modelled inflow, or outflow, that has a corridor cost). This is the one used for
  cost paid and savings.
- the published country average (WDI SI.RMT.COST.IB.ZS / OB.ZS, else the UN SDG series of the
  same name), a simple mean over services, with its year;
- the simple mean of corridor averages (each corridor counts once).
Every price comes with its quarter and its age in years.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd

from remit.messages import Message, Pct, msg

DIRECTIONS = ("to", "from")
_WDI_COLUMN = {"to": "cost_to_country_pct", "from": "cost_from_country_pct"}
# The corridor's country on the side of the members, and the partner's.
_SIDE = {"to": ("receiving_iso3", "sending_iso3"), "from": ("sending_iso3", "receiving_iso3")}


def quarter_age_years(period: str, today: date | None = None) -> int:
    """Whole years from the start of a quarter to today: '2021Q3' -> 5 in December 2026."""
    start = pd.Period(period, "Q").start_time.date()
    today = today or date.today()
    years = today.year - start.year - ((today.month, today.day) < (start.month, start.day))
    return max(0, years)


def age_message(period: str, today: date | None = None) -> Message:
    """'2021Q3, 5 years ago' ('2026Q3, less than a year ago'): how a price's quarter is shown wherever a
    price is (pages, the handout, Learn, Benchmark, the CLI)."""
    n = quarter_age_years(period, today)
    if n < 1:
        return msg("{period}, less than a year ago", period=period)
    return msg("{period}, {n} year ago", "{period}, {n} years ago", count=n, period=period)


def nearest_year(years: list[int] | tuple[int, ...], period: str) -> int | None:
    """The year nearest the quarter's year; on a tie the earlier one (None if there is none)."""
    if not years:
        return None
    y = pd.Period(period, "Q").year
    return min(sorted(years), key=lambda v: abs(v - y))


@dataclass(frozen=True)
class CorridorCost:
    """One corridor of a country's cost: its average, official SmaRT, modelled flow and weight."""

    sending_iso3: str
    receiving_iso3: str
    partner_name: str
    cost_pct: float
    smart_pct: float | None
    flow_usd: float | None  # bilateral estimate of weights_year; None where there is none
    weight: float | None  # share of the covered flow (0-1); None without a flow
    source_id: str


@dataclass(frozen=True)
class CountryCost:
    """The cost of sending money to (from) a country or a region in one quarter, three ways."""

    members: tuple[str, ...]
    direction: str
    period: str | None
    age_years: int | None
    weights_year: int | None
    weighted_pct: float | None
    unweighted_mean_pct: float | None
    published_pct: float | None
    published_year: int | None
    published_source: str | None
    coverage_pct: float | None
    covered_flow_usd: float
    total_flow_usd: float
    corridors: tuple[CorridorCost, ...] = field(default_factory=tuple)

    @property
    def corridors_n(self) -> int:
        return len(self.corridors)

    @property
    def iso3(self) -> str:
        return self.members[0] if len(self.members) == 1 else ""

    def uncovered_flow_usd(self) -> float:
        """Modelled flow through corridors without a cost figure."""
        return max(0.0, self.total_flow_usd - self.covered_flow_usd)


def latest_country_period(
    con: duckdb.DuckDBPyConnection, members: list[str] | tuple[str, ...], direction: str
) -> str | None:
    """The latest quarter with corridor costs for the members from a source covering all corridors."""
    side = _side(direction)[0]
    return con.execute(
        f"""SELECT max(period) FROM corridor_cost
            WHERE list_contains(?, {side})
              AND source_id IN (SELECT source_id FROM source WHERE covers_all_corridors)""",  # noqa: S608 (side: allow-list)
        [list(members)],
    ).fetchone()[0]


def _side(direction: str) -> tuple[str, str]:
    if direction not in _SIDE:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    return _SIDE[direction]


def flow_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [r[0] for r in con.execute("SELECT DISTINCT year FROM bilateral_remittance ORDER BY 1").fetchall()]


def published_costs(
    con: duckdb.DuckDBPyConnection, members: list[str] | tuple[str, ...], direction: str
) -> pd.DataFrame:
    """Every published country average of the members: WDI (rank 0) and the UN SDG series (rank 1)."""
    _side(direction)
    col = _WDI_COLUMN[direction]
    return con.execute(
        f"""SELECT iso3, year, {col} AS cost_pct,
                   (SELECT min(source_id) FROM source WHERE column_name = '{col}') AS source_id, 0 AS rank
            FROM country_year WHERE list_contains($m, iso3) AND {col} IS NOT NULL
            UNION ALL
            SELECT iso3, year, cost_pct, source_id, 1 FROM published_cost WHERE list_contains($m, iso3) AND direction = $dir
            ORDER BY iso3, year DESC, rank""",  # noqa: S608 (column: allow-list)
        {"m": list(members), "dir": direction},
    ).df()


def _published_index(table: pd.DataFrame) -> dict[str, list[tuple[int, float, str]]]:
    """iso3 -> [(year, cost %, source id)], newest first, WDI before UN SDG within a year."""
    out: dict[str, list[tuple[int, float, str]]] = {}
    for iso, year, cost, source in zip(
        table["iso3"], table["year"], table["cost_pct"], table["source_id"], strict=True
    ):
        out.setdefault(iso, []).append((int(year), float(cost), str(source)))
    return out


def _pick_published(index: dict, iso3: str, year: int) -> tuple[float | None, int | None, str | None]:
    """The figure for the year (WDI first, else the UN SDG series), or the latest before it."""
    for y, cost, source in index.get(iso3, []):
        if y <= year:
            return cost, y, source
    return None, None, None


def published_cost(
    con: duckdb.DuckDBPyConnection, iso3: str, direction: str, year: int
) -> tuple[float | None, int | None, str | None]:
    """The published country average for the year (WDI first, else the UN SDG series), or the latest
    before it: (cost %, year, source id)."""
    return _pick_published(_published_index(published_costs(con, [iso3], direction)), iso3, int(year))


def corridor_rows(
    con: duckdb.DuckDBPyConnection,
    members: list[str] | tuple[str, ...],
    direction: str = "to",
    period: str | None = None,
) -> pd.DataFrame:
    """Every corridor to (from) the members in one quarter each, with its official SmaRT and the bilateral
    estimate of the year nearest that quarter: one row per corridor, own_iso3 = the member's side.

    period None: each member's own latest quarter from a source covering all corridors.
    """
    own, partner = _side(direction)
    rows = con.execute(
        f"""WITH per AS (
                SELECT {own} AS own_iso3, coalesce($period, max(period)) AS period FROM corridor_cost
                WHERE list_contains($members, {own})
                  AND ($period IS NOT NULL AND period = $period
                       OR source_id IN (SELECT source_id FROM source WHERE covers_all_corridors))
                GROUP BY 1)
            SELECT per.own_iso3, c.period, c.sending_iso3, c.receiving_iso3, p.name AS partner_name,
                   c.total_cost_pct_200 AS cost_pct, s.smart_cost_pct_200 AS smart_pct, c.source_id
            FROM per JOIN corridor_cost c ON c.{own} = per.own_iso3 AND c.period = per.period
            JOIN country p ON p.iso3 = c.{partner}
            LEFT JOIN corridor_smart s
              ON s.period = c.period AND s.sending_iso3 = c.sending_iso3 AND s.receiving_iso3 = c.receiving_iso3""",  # noqa: S608 (sides: allow-list)
        {"period": period, "members": list(members)},
    ).df()
    years = flow_years(con)
    rows["weights_year"] = rows["period"].map({q: nearest_year(years, q) for q in rows["period"].unique()})
    flows = con.execute(
        "SELECT year AS weights_year, sending_iso3, receiving_iso3, remittance_usd AS flow_usd FROM bilateral_remittance "
        "WHERE list_contains(?, year) AND remittance_usd > 0",
        [sorted({int(y) for y in rows["weights_year"].dropna()})],
    ).df()
    rows = rows.merge(flows, on=["weights_year", "sending_iso3", "receiving_iso3"], how="left", validate="one_to_one")
    return rows.sort_values(
        ["own_iso3", "flow_usd", "sending_iso3", "receiving_iso3"],
        ascending=[True, False, True, True],
        na_position="last",
    ).reset_index(drop=True)


def modelled_totals(
    con: duckdb.DuckDBPyConnection, members: list[str] | tuple[str, ...], direction: str, years: list[int]
) -> pd.DataFrame:
    """Each member's whole modelled inflow (outflow) per matrix year: own_iso3, weights_year, total_flow_usd."""
    own, _ = _side(direction)
    return con.execute(
        f"""SELECT {own} AS own_iso3, year AS weights_year, sum(remittance_usd) AS total_flow_usd
            FROM bilateral_remittance WHERE list_contains(?, {own}) AND list_contains(?, year) GROUP BY ALL""",  # noqa: S608
        [list(members), [int(y) for y in years]],
    ).df()


def _summarise(
    members: tuple[str, ...], direction: str, rows: list[dict], total: float, *, published: tuple, today: date | None
) -> CountryCost:
    """The three measures over one country's (or region's) corridor rows of one quarter (dicts of
    corridor_rows' columns)."""
    period = str(rows[0]["period"])
    wy = rows[0]["weights_year"]
    flows = [
        r["flow_usd"] if r["flow_usd"] is not None and not pd.isna(r["flow_usd"]) and r["flow_usd"] > 0 else None
        for r in rows
    ]
    covered = float(sum(f for f in flows if f is not None))
    paid = sum(r["cost_pct"] * f for r, f in zip(rows, flows, strict=True) if f is not None)
    corridors = tuple(
        CorridorCost(
            r["sending_iso3"],
            r["receiving_iso3"],
            r["partner_name"],
            float(r["cost_pct"]),
            None if pd.isna(r["smart_pct"]) else float(r["smart_pct"]),
            f,
            f / covered if f is not None and covered > 0 else None,
            r["source_id"],
        )
        for r, f in zip(rows, flows, strict=True)
    )
    return CountryCost(
        members=members,
        direction=direction,
        period=period,
        age_years=quarter_age_years(period, today),
        weights_year=None if wy is None or pd.isna(wy) else int(wy),
        weighted_pct=float(paid / covered) if covered > 0 else None,
        unweighted_mean_pct=float(sum(r["cost_pct"] for r in rows) / len(rows)),
        published_pct=published[0],
        published_year=published[1],
        published_source=published[2],
        coverage_pct=covered / total * 100 if total > 0 else None,
        covered_flow_usd=covered,
        total_flow_usd=float(total),
        corridors=corridors,
    )


def country_cost(
    con: duckdb.DuckDBPyConnection,
    members: list[str] | tuple[str, ...] | str,
    direction: str = "to",
    period: str | None = None,
    today: date | None = None,
) -> CountryCost:
    """The flow-weighted cost of sending money to (from) a country or a region (ISO3 codes of the
    store), with coverage, the published average and the mean of corridor averages (METHODOLOGY.md).

    period None: the members' latest quarter from a source covering all corridors (one quarter for all).
    """
    members = (members,) if isinstance(members, str) else tuple(members)
    _side(direction)
    period = period or latest_country_period(con, members, direction)
    rows = corridor_rows(con, members, direction, period) if period else pd.DataFrame()
    if rows.empty:
        return CountryCost(members, direction, period, None, None, None, None, None, None, None, None, 0.0, 0.0)
    wy = rows["weights_year"].iloc[0]
    totals = modelled_totals(con, members, direction, [] if pd.isna(wy) else [int(wy)])
    published: tuple = (None, None, None)
    if len(members) == 1:
        published = published_cost(con, members[0], direction, pd.Period(period, "Q").year)
    records = rows.to_dict("records")
    return _summarise(
        members, direction, records, float(totals["total_flow_usd"].sum()), published=published, today=today
    )


def country_costs(
    con: duckdb.DuckDBPyConnection,
    members: list[str] | tuple[str, ...],
    direction: str = "to",
    period: str | None = None,
    today: date | None = None,
) -> dict[str, CountryCost]:
    """country_cost for many countries at once (each at its own latest quarter when period is None), in a
    few queries: for maps, rankings and totals over every economy."""
    _side(direction)
    rows = corridor_rows(con, members, direction, period)
    if rows.empty:
        return {}
    totals = modelled_totals(con, members, direction, sorted({int(y) for y in rows["weights_year"].dropna()}))
    total = {(r.own_iso3, r.weights_year): r.total_flow_usd for r in totals.itertuples()}
    out = {}
    published = _published_index(published_costs(con, members, direction))
    groups: dict[str, list[dict]] = {}
    for r in rows.to_dict("records"):
        groups.setdefault(r["own_iso3"], []).append(r)
    for iso in sorted(groups):
        group = groups[iso]
        year = pd.Period(str(group[0]["period"]), "Q").year
        flow = float(total.get((iso, group[0]["weights_year"]), 0.0))
        out[iso] = _summarise(
            (iso,), direction, group, flow, published=_pick_published(published, iso, year), today=today
        )
    return out


# A World Bank grouping of economies (remit.explorer's "by" keys) -> the country column and the direction of
# the cost: a receiving region's cost is the cost of sending money to its economies, a sending one's from them.
GROUPINGS = {
    "receiving_region": ("wb_region", "to"),
    "sending_region": ("wb_region", "from"),
    "receiving_income": ("wb_income_group", "to"),
    "sending_income": ("wb_income_group", "from"),
}


def group_costs(
    con: duckdb.DuckDBPyConnection, by: str, period: str | None = None, today: date | None = None
) -> pd.DataFrame:
    """country_cost for each World Bank region or income group (every economy of the group, so the coverage
    counts the economies without any priced corridor too): group, direction, period, age_years, weights_year,
    weighted_pct, coverage_pct, unweighted_mean_pct, corridors_n, economies_n."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {sorted(GROUPINGS)}, not {by!r}")
    column, direction = GROUPINGS[by]
    members = con.execute(
        f"""SELECT {column} AS grp, list(iso3 ORDER BY iso3) FROM country
            WHERE NOT is_aggregate AND {column} IS NOT NULL GROUP BY 1 ORDER BY 1"""  # noqa: S608 (column: allow-list)
    ).fetchall()
    rows = []
    for group, isos in members:
        c = country_cost(con, isos, direction, period, today)
        if c.period is None:
            continue
        rows.append(
            {
                "group": group,
                "direction": direction,
                "period": c.period,
                "age_years": c.age_years,
                "weights_year": c.weights_year,
                "weighted_pct": c.weighted_pct,
                "coverage_pct": c.coverage_pct,
                "unweighted_mean_pct": c.unweighted_mean_pct,
                "corridors_n": c.corridors_n,
                "economies_n": len(isos),
            }
        )
    return pd.DataFrame(rows)


def global_average(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The World Bank's Global Average per year as reported to the UN SDG database (World, SI_RMT_COST):
    year, cost_pct, source_id. A mean over services, not the mean of corridor averages."""
    return con.execute(
        "SELECT year, cost_pct, source_id FROM published_cost WHERE iso3 = 'WLD' AND direction = 'to' ORDER BY year"
    ).df()


def why_they_differ(cost: CountryCost) -> Message:
    """One line on why the weighted cost, the published average and the mean of corridors differ."""
    if cost.weighted_pct is None:
        return msg(
            "No corridor here has a modelled flow, so there is no weighted cost; the published average "
            "and the mean of corridors count every service or corridor the same."
        )
    return msg(
        "The weighted cost counts each corridor by the money sent through it ({year} estimates, "
        "{coverage} of the flow has a price); the published average and the mean of corridors count "
        "every service or corridor the same, so a small, expensive corridor weighs as much as the main one.",
        year=cost.weights_year,
        coverage=Pct(cost.coverage_pct or 0.0, 0),
    )
