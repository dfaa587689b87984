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
    """'2021Q3, 5 years ago': how a price's quarter is shown wherever a price is."""
    n = quarter_age_years(period, today)
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


def published_cost(
    con: duckdb.DuckDBPyConnection, iso3: str, direction: str, year: int
) -> tuple[float | None, int | None, str | None]:
    """The published country average for the year (WDI first, else the UN SDG series), or the latest
    before it: (cost %, year, source id)."""
    _side(direction)
    row = con.execute(
        f"""WITH p AS (
                SELECT year, {_WDI_COLUMN[direction]} AS cost_pct,
                       (SELECT min(source_id) FROM source WHERE column_name = '{_WDI_COLUMN[direction]}') AS source_id,
                       0 AS rank
                FROM country_year WHERE iso3 = $iso AND {_WDI_COLUMN[direction]} IS NOT NULL
                UNION ALL
                SELECT year, cost_pct, source_id, 1 FROM published_cost WHERE iso3 = $iso AND direction = $dir)
            SELECT cost_pct, year, source_id FROM p WHERE year <= $year ORDER BY year DESC, rank LIMIT 1""",  # noqa: S608 (columns: allow-list)
        {"iso": iso3, "dir": direction, "year": int(year)},
    ).fetchone()
    return (float(row[0]), int(row[1]), row[2]) if row else (None, None, None)


def country_cost(
    con: duckdb.DuckDBPyConnection,
    members: list[str] | tuple[str, ...] | str,
    direction: str = "to",
    period: str | None = None,
    today: date | None = None,
) -> CountryCost:
    """The flow-weighted cost of sending money to (from) a country or a region (ISO3 codes of the
    store), with coverage, the published average and the mean of corridor averages (METHODOLOGY.md).

    period None: the members' latest quarter from a source covering all corridors.
    """
    members = (members,) if isinstance(members, str) else tuple(members)
    own, partner = _side(direction)
    period = period or latest_country_period(con, members, direction)
    if period is None:
        return CountryCost(members, direction, None, None, None, None, None, None, None, None, None, 0.0, 0.0)
    weights_year = nearest_year(flow_years(con), period)
    rows = con.execute(
        f"""SELECT c.sending_iso3, c.receiving_iso3, p.name AS partner_name, c.total_cost_pct_200 AS cost_pct,
                   s.smart_cost_pct_200 AS smart_pct, b.remittance_usd AS flow_usd, c.source_id
            FROM corridor_cost c
            JOIN country p ON p.iso3 = c.{partner}
            LEFT JOIN corridor_smart s USING (period, sending_iso3, receiving_iso3)
            LEFT JOIN bilateral_remittance b
              ON b.year = $year AND b.sending_iso3 = c.sending_iso3 AND b.receiving_iso3 = c.receiving_iso3
            WHERE c.period = $period AND list_contains($members, c.{own})
            ORDER BY b.remittance_usd DESC NULLS LAST, c.sending_iso3, c.receiving_iso3""",  # noqa: S608 (sides: allow-list)
        {"year": weights_year if weights_year is not None else -1, "period": period, "members": list(members)},
    ).df()
    total = con.execute(
        f"SELECT coalesce(sum(remittance_usd), 0) FROM bilateral_remittance WHERE year = ? AND list_contains(?, {own})",  # noqa: S608
        [weights_year if weights_year is not None else -1, list(members)],
    ).fetchone()[0]
    flows = rows["flow_usd"].where(rows["flow_usd"] > 0)
    covered = float(flows.sum()) if flows.notna().any() else 0.0
    weighted = float((rows["cost_pct"] * flows).sum() / covered) if covered > 0 else None
    corridors = tuple(
        CorridorCost(
            r.sending_iso3,
            r.receiving_iso3,
            r.partner_name,
            float(r.cost_pct),
            None if pd.isna(r.smart_pct) else float(r.smart_pct),
            None if pd.isna(f) else float(f),
            None if pd.isna(f) or covered <= 0 else float(f) / covered,
            r.source_id,
        )
        for r, f in zip(rows.itertuples(), flows, strict=True)
    )
    pub: tuple[float | None, int | None, str | None] = (None, None, None)
    if len(members) == 1:
        pub = published_cost(con, members[0], direction, pd.Period(period, "Q").year)
    return CountryCost(
        members=members,
        direction=direction,
        period=period,
        age_years=quarter_age_years(period, today),
        weights_year=weights_year,
        weighted_pct=weighted,
        unweighted_mean_pct=float(rows["cost_pct"].mean()) if len(rows) else None,
        published_pct=pub[0],
        published_year=pub[1],
        published_source=pub[2],
        coverage_pct=covered / total * 100 if total > 0 else None,
        covered_flow_usd=covered,
        total_flow_usd=float(total),
        corridors=corridors,
    )


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
