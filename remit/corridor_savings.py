"""One corridor's savings scenario (python -m remit savings): its flow, the cost its senders pay and the
saving at a target, with the closest year or quarter that has data named when one is missing.

METHODOLOGY.md, development impact: cost paid = flow x cost / 100; saving = flow x (cost - target) / 100.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from remit import corridors, impact
from remit.errors import MissingData, UnknownCorridor
from remit.messages import Country, Message, Pct, msg
from remit.scenarios import (
    CORRIDOR_AVERAGE,
    COUNTRY_AVERAGE,
    PROVIDER_TARGETS,
    TARGET_LABELS,
    UnavailableTarget,
    citations,
    column_sources,
    flow_years,
    provider_levels,
    provider_status,
)
from remit.sdg import SDG_TARGET_PCT


def _closest(available: list, wanted: object, distance) -> object:
    return min(available, key=lambda a: (abs(distance(a, wanted)), -distance(a, wanted)))


def _quarter_distance(a: str, b: str) -> int:
    return pd.Period(a, "Q").ordinal - pd.Period(b, "Q").ordinal


def _check_period(period: str) -> str:
    try:
        p = pd.Period(str(period).strip().upper(), "Q")
    except (ValueError, TypeError) as exc:
        raise MissingData(msg("'{period}' is not a quarter; write it like 2020Q3.", period=str(period)[:40])) from exc
    return f"{p.year}Q{p.quarter}"


def _span(values: list) -> Message | str:
    """'2010–2017, 2021' for sorted years; quarters as first–last."""
    if not values:
        return msg("none")
    if isinstance(values[0], str):
        return f"{values[0]}–{values[-1]}"
    runs, start = [], values[0]
    for prev, cur in zip(values, [*values[1:], None], strict=True):
        if cur is None or cur != prev + 1:
            runs.append(str(start) if start == prev else f"{start}–{prev}")
            start = cur
    return ", ".join(runs)


def corridor_savings(
    con: duckdb.DuckDBPyConnection,
    sending: str,
    receiving: str,
    *,
    target: str | float = SDG_TARGET_PCT,
    year: int | None = None,
    period: str | None = None,
    use_country_average: bool = False,
) -> dict:
    """One corridor's flow, cost paid and saving at a target; MissingData names the closest year or quarter
    with data when the flow or the cost is missing. Latest flow year and cost quarter of the corridor by default."""
    countries = corridors.resolver(con)
    send, recv = countries.resolve(sending), countries.resolve(receiving)
    name = lambda iso: countries.display.get(iso, iso)  # noqa: E731
    label = msg(
        "{sending} ({send}) -> {receiving} ({recv})",
        sending=Country(send, name(send)),
        send=send,
        receiving=Country(recv, name(recv)),
        recv=recv,
    )

    flows = con.execute(
        "SELECT year, remittance_usd, source_id FROM bilateral_remittance WHERE sending_iso3 = ? AND receiving_iso3 = ? ORDER BY year",
        [send, recv],
    ).fetchall()
    all_years = sorted(flow_years(con))
    if not flows:
        raise MissingData(
            msg(
                "No bilateral remittance estimate for {corridor} in any year (the estimates cover {years}).",
                corridor=label,
                years=_span(all_years),
            )
        )
    by_year = {y: (v, s) for y, v, s in flows}
    flow_year = int(year) if year is not None else max(by_year)
    if flow_year not in by_year:
        closest = _closest(sorted(by_year), flow_year, lambda a, b: a - b)
        raise MissingData(
            msg(
                "No bilateral remittance estimate for {corridor} in {year}; closest year with one: {closest} "
                "(this corridor has estimates for {years}).",
                corridor=label,
                year=str(flow_year),
                closest=str(closest),
                years=_span(sorted(by_year)),
            )
        )
    flow_usd, flow_source = by_year[flow_year]

    rows = con.execute(
        "SELECT period, total_cost_pct_200, source_id FROM corridor_cost WHERE sending_iso3 = ? AND receiving_iso3 = ? ORDER BY period",
        [send, recv],
    ).fetchall()
    avg = con.execute(
        """SELECT year, cost_to_country_pct FROM country_year WHERE iso3 = ? AND cost_to_country_pct IS NOT NULL
           ORDER BY year DESC LIMIT 1""",
        [recv],
    ).fetchone()
    wanted = _check_period(period) if period is not None else None
    by_period = {p: (c, s) for p, c, s in rows}
    cost_basis = CORRIDOR_AVERAGE
    if not rows:
        if use_country_average and avg is not None:
            cost_period, current = str(avg[0]), avg[1]
            cost_source = column_sources(con).get("cost_to_country_pct", "")
            cost_basis = COUNTRY_AVERAGE
        else:
            try:
                corridors.corridor_history(con, send, recv)
            except UnknownCorridor as exc:
                country = Country(recv, name(recv))
                if avg is not None and not use_country_average:
                    problem = msg(
                        "{problem} Add --use-country-average to apply {country}'s average cost (WDI {year}: {cost}).",
                        problem=exc.message,
                        country=country,
                        year=str(avg[0]),
                        cost=Pct(avg[1]),
                    )
                elif use_country_average:
                    problem = msg(
                        "{problem} {country} has no average cost either.", problem=exc.message, country=country
                    )
                else:
                    problem = exc.message
                raise MissingData(problem) from exc
            raise MissingData(msg("No cost data for the corridor {corridor}.", corridor=label))  # pragma: no cover
    else:
        cost_period = wanted or max(by_period)
        if cost_period not in by_period:
            closest = _closest(sorted(by_period), cost_period, _quarter_distance)
            raise MissingData(
                msg(
                    "No cost data for {corridor} in {period}; closest quarter with data: {closest} "
                    "(this corridor has data {periods}).",
                    corridor=label,
                    period=cost_period,
                    closest=closest,
                    periods=_span(sorted(by_period)),
                )
            )
        current, cost_source = by_period[cost_period]

    target_kind = str(target).strip().casefold()
    if target_kind in PROVIDER_TARGETS:
        status = provider_status(con)
        if not status["available"]:
            raise UnavailableTarget(
                msg(
                    "The {target} target is not available. {reason}",
                    target=TARGET_LABELS[target_kind],
                    reason=status["reason"],
                )
            )
        if cost_basis != CORRIDOR_AVERAGE:
            raise UnavailableTarget(
                msg(
                    "The {target} target needs corridor prices; {corridor} has none.",
                    target=TARGET_LABELS[target_kind],
                    corridor=label,
                )
            )
        levels = provider_levels(con, [recv])
        hit = levels[
            (levels["sending_iso3"] == send)
            & (levels["receiving_iso3"] == recv)
            & (levels["cost_period"] == cost_period)
        ]
        value = hit[f"{target_kind}_pct"].iloc[0] if not hit.empty else np.nan
        if pd.isna(value):
            raise UnavailableTarget(
                msg(
                    "No {target} level for {corridor} in {period} in the provider prices.",
                    target=TARGET_LABELS[target_kind],
                    corridor=label,
                    period=cost_period,
                )
            )
        target_pct, target_name = float(value), target_kind
    else:
        try:
            target_pct, target_name = float(target), "level"
        except ValueError:
            target_pct = float("nan")
        if not 0 <= target_pct <= 100:  # also refuses nan and inf
            raise MissingData(
                msg(
                    "The target must be a number from 0 to 100 (% of the amount sent), 'smart' or 'cheapest', "
                    "not '{target}'.",
                    target=str(target)[:40],
                )
            )

    cites = citations(con)
    note = None
    if target_pct >= current:
        note = str(  # the JSON keeps English text
            msg(
                "The corridor already meets the target: its cost ({cost}) is at or below {target}, so the saving is 0.",
                cost=Pct(current),
                target=Pct(target_pct),
            )
        )
    return {
        "sending_iso3": send,
        "sending_name": name(send),
        "receiving_iso3": recv,
        "receiving_name": name(recv),
        "flow_usd": float(flow_usd),
        "flow_year": flow_year,
        "flow_source": flow_source,
        "flow_note": "Modelled estimate (World Bank/KNOMAD bilateral remittance matrix), not an observation.",
        "current_cost_pct": float(current),
        "cost_period": cost_period,
        "cost_basis": cost_basis,
        "cost_source": cost_source,
        "amount_usd": 200,
        "target": target_name,
        "target_pct": target_pct,
        "cost_paid_usd": impact.cost_paid_usd(float(flow_usd), float(current)),
        "savings_usd": impact.savings_usd(float(flow_usd), float(current), target_pct),
        "note": note,
        "sources": {s: cites.get(s, "") for s in (flow_source, cost_source)},
    }
