"""The policy briefing: a short text a policymaker can paste, stating every figure's year, assumption and source.

Written once, as messages (remit.messages): the impact page renders each sentence in the reader's language,
`python -m remit briefing COUNTRY` prints them in English (or as JSON, with the figures behind them).
`sentences(...)` builds the text from a scenario's result; `briefing(con, area, ...)` runs the scenario too.
Also here: how an area, a target and an amount are named wherever a scenario is described.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from remit import costs, scenarios
from remit.errors import UnknownCountry
from remit.messages import Country, Joined, Message, Num, Pct, Term, msg
from remit.scenarios import Area, Scenario
from remit.sdg import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT

# How scenarios.SHIFTS moves the flow, as the briefing and the page's assumptions say it.
SHIFT_MOVES = {
    "digital": msg("from non-digital (bank branch or cash) services to digital ones"),
    "bank_to_mto": msg("from banks to money transfer operators"),
}
SOURCES = msg(
    "Bilateral flows are modelled estimates, not observations, and flows and costs refer to different "
    "years. Sources: World Bank, Remittance Prices Worldwide; World Bank/KNOMAD bilateral remittance "
    "estimates; World Bank, World Development Indicators."
)


def level(value: float) -> Pct:
    """A percentage with as many decimals as it needs (3 -> '3%', 3.5 -> '3.5%')."""
    text = f"{value:g}"
    return Pct(value, len(text.split(".")[1]) if "." in text else 0)


def amount(usd: float) -> Message:
    """An amount as the briefing writes it: 'US$ 2.90 billion', 'US$ 290 million', 'US$ 12,345'."""
    if pd.isna(usd):
        return msg("n/a")
    if abs(usd) >= 1e9:
        return msg("US$ {amount} billion", amount=Num(usd / 1e9, 2))
    if abs(usd) >= 1e6:
        return msg("US$ {amount} million", amount=Num(usd / 1e6, 0))
    return msg("US$ {amount}", amount=Num(usd, 0))


def joined(items: list[str]) -> Message | str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) < 2:
        return "".join(items)
    return msg("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])


def area_name(area: Area) -> Message | Country:
    """An area as a sentence names it: 'the focus region', 'Central Asia (focus region)', 'Tajikistan'."""
    if area.key == "focus":
        return msg("the focus region")
    if area.key.startswith("focus:"):
        return msg("{region} (focus region)", region=Term(area.key.split(":", 1)[1]))
    if area.key.startswith("wb:"):
        return msg("{region} (World Bank region)", region=Term(area.key.split(":", 1)[1]))
    return Country(area.key, area.label)


def area_choice(area: Area) -> Message | Country:
    """An area as a picker offers it: 'Focus region (all 19 economies)', 'World Bank region: South Asia'."""
    if area.key == "focus":
        return msg("Focus region (all {n} economies)", n=len(area.members))
    if area.key.startswith("focus:"):
        return msg("Focus region: {region}", region=Term(area.key.split(":", 1)[1]))
    if area.key.startswith("wb:"):
        return msg("World Bank region: {region}", region=Term(area.key.split(":", 1)[1]))
    return Country(area.key, area.label)


def target_text(sc: Scenario) -> Message | Pct:
    """The target as the assumptions and the briefing state it: '3% (the SDG 10.c target)'."""
    if sc.target == "level":
        if sc.target_pct == SDG_TARGET_PCT:
            return msg("{level} (the SDG 10.c target)", level=level(sc.target_pct))
        if sc.target_pct == SDG_CORRIDOR_CEILING_PCT:
            return msg("{level} (the SDG 10.c corridor ceiling)", level=level(sc.target_pct))
        return level(sc.target_pct)
    if sc.target == "smart":
        return msg("the corridor's SmaRT (mean of the three cheapest qualifying services)")
    return msg("the corridor's cheapest transparent service")


def target_short(sc: Scenario) -> Message | Pct:
    """The target without its explanation, for labels: '3%'."""
    if sc.target == "level":
        return level(sc.target_pct)
    return msg("the corridor's SmaRT") if sc.target == "smart" else msg("the corridor's cheapest transparent service")


# The columns corridor() reads: walk result[CORRIDOR_COLUMNS].itertuples(), not the whole (wide) result.
CORRIDOR_COLUMNS = ["sending_iso3", "sending_name", "receiving_iso3", "receiving_name"]


def corridor(r: object) -> Message:
    """A result row's corridor: 'Russian Federation → Tajikistan' (names in the reader's language)."""
    return msg(
        "{sending} → {receiving}",
        sending=Country(r.sending_iso3, r.sending_name),
        receiving=Country(r.receiving_iso3, r.receiving_name),
    )


def corridors_meeting(result: pd.DataFrame, limit: int) -> list[Message]:
    """The corridors that already meet the target, largest flow first: 'A → B (2.00%, 2012Q1)'."""
    rows = result[result["meets_target"].fillna(False).astype(bool)].sort_values("flow_used_usd", ascending=False)
    cols = ["sending_iso3", "receiving_iso3", "sending_name", "receiving_name", "cost_used_pct", "cost_used_period"]
    return [
        msg("{corridor} ({cost}, {period})", corridor=corridor(r), cost=Pct(r.cost_used_pct), period=r.cost_used_period)
        for r in rows[cols].head(limit).itertuples()
    ]


def _flows(where: object, tot: dict, sc: Scenario) -> Message:
    years = joined([str(y) for y in tot["flow_years"]])
    values = {"area": where, "amount": amount(tot["flow_usd"]), "years": years}
    if sc.scale_to_wdi and tot["flow_used_years"] != tot["flow_years"]:
        return msg(
            "Remittances to {area}: about {amount} a year from {n} sending country (the {years} modelled "
            "shares of each sending country applied to the latest World Bank total ({latest})).",
            "Remittances to {area}: about {amount} a year from {n} sending countries (the {years} modelled "
            "shares of each sending country applied to the latest World Bank total ({latest})).",
            count=tot["senders_n"],
            latest=joined([str(y) for y in tot["flow_used_years"]]),
            **values,
        )
    return msg(
        "Remittances to {area}: about {amount} a year from {n} sending country (World Bank/KNOMAD "
        "modelled bilateral estimates for {years}).",
        "Remittances to {area}: about {amount} a year from {n} sending countries (World Bank/KNOMAD "
        "modelled bilateral estimates for {years}).",
        count=tot["senders_n"],
        **values,
    )


def dated(periods: list[str]) -> Message:
    """The cost quarters with the age of the newest: '2021Q3, 5 years ago', '2011Q1–2021Q3, 5 years ago'."""
    if not periods:
        return msg("no quarter")
    last = costs.age_message(periods[-1])
    return last if len(periods) == 1 else msg("{first}–{last}", first=periods[0], last=last)


def _cost(tot: dict) -> Message:
    cost = {
        "share": Pct(tot["coverage_pct"], 0),
        "covered": amount(tot["flow_covered_usd"]),
        "periods": dated(tot["cost_periods"]),
        "fill": dated(tot.get("fill_periods", [])),
        "paid": amount(tot["cost_paid_usd"]),
        "average": Pct(tot["current_cost_weighted_pct"]),
    }
    whole = tot["coverage_pct"] >= 99.5
    if n := tot["corridors_country_average_n"]:
        if whole:
            return msg(
                "For the whole flow ({covered}), RPW corridor average costs of sending USD 200 ({periods}), and "
                "for {n} corridor without one the weighted cost of the covered corridors ({fill}) imply that "
                "senders pay about {paid} a year in fees and exchange-rate margins, on average {average} of the "
                "amount sent (weighted by flow).",
                "For the whole flow ({covered}), RPW corridor average costs of sending USD 200 ({periods}), and "
                "for {n} corridors without one the weighted cost of the covered corridors ({fill}) imply that "
                "senders pay about {paid} a year in fees and exchange-rate margins, on average {average} of the "
                "amount sent (weighted by flow).",
                count=n,
                **cost,
            )
        return msg(
            "For {share} of this flow ({covered}), RPW corridor average costs of sending USD 200 ({periods}), "
            "and for {n} corridor without one the weighted cost of the covered corridors ({fill}) imply "
            "that senders pay about {paid} a year in fees and exchange-rate margins, on average {average} of "
            "the amount sent (weighted by flow).",
            "For {share} of this flow ({covered}), RPW corridor average costs of sending USD 200 ({periods}), "
            "and for {n} corridors without one the weighted cost of the covered corridors ({fill}) imply "
            "that senders pay about {paid} a year in fees and exchange-rate margins, on average {average} of "
            "the amount sent (weighted by flow).",
            count=n,
            **cost,
        )
    if whole:
        return msg(
            "For the whole flow ({covered}), RPW corridor average costs of sending USD 200 ({periods}) imply "
            "that senders pay about {paid} a year in fees and exchange-rate margins, on average {average} of "
            "the amount sent (weighted by flow).",
            **cost,
        )
    return msg(
        "For {share} of this flow ({covered}), RPW corridor average costs of sending USD 200 ({periods}) "
        "imply that senders pay about {paid} a year in fees and exchange-rate margins, on average "
        "{average} of the amount sent (weighted by flow).",
        **cost,
    )


def _above(tot: dict, sc: Scenario, shift: Message | None) -> tuple[Message, Message | None]:
    """The sentence on the corridors above the target, and the condition of the saving (None: no saving)."""
    above, meeting = tot["corridors_above_target_n"], tot["corridors_meeting_target_n"]
    costed = above + meeting
    counts = {"above": Num(above), "costed": Num(costed), "target": target_text(sc), "shift": shift}
    counts["to"] = level(sc.target_pct) if sc.target == "level" else msg("that level")
    if above:
        said = (
            msg(
                "{above} of the {costed} corridors with a cost figure costs more than {target}.",
                "{above} of the {costed} corridors with a cost figure cost more than {target}.",
                count=above,
                **counts,
            )
            if costed > above
            else msg("The corridor with a cost figure costs more than {target}.", **counts)
            if above == 1
            else msg("All {above} corridors with a cost figure cost more than {target}.", **counts)
        )
        if above > 1:
            lever = (
                msg("If those fell to {to} and {shift}", **counts) if shift else msg("If those fell to {to}", **counts)
            )
        else:
            lever = (
                msg("If that corridor fell to {to} and {shift}", **counts)
                if shift
                else msg("If that corridor fell to {to}", **counts)
            )
        return said, lever
    if shift:
        said = (
            msg("The corridor with a cost figure costs no more than {target}.", **counts)
            if costed == 1
            else msg("None of the {costed} corridors with a cost figure costs more than {target}.", **counts)
        )
        return said, msg("If {shift}", **counts)
    said = (
        msg(
            "The corridor with a cost figure costs no more than {target}, so a cut to {to} would save nothing.",
            **counts,
        )
        if costed == 1
        else msg(
            "None of the {costed} corridors with a cost figure costs more than {target}, so a cut to {to} "
            "would save nothing.",
            **counts,
        )
    )
    return said, None


def _saving(lever: Message, tot: dict, sc: Scenario, gdp_usd: float | None, gdp_year: int | None) -> Message:
    saving = {
        "condition": lever,
        "amount": amount(tot["savings_usd"]),
        "share": Pct(tot["savings_usd"] / gdp_usd * 100) if gdp_usd and gdp_usd > 0 else "",
        "year": str(gdp_year),
        "total": amount(tot["savings_period_usd"]),
        "growth": level(sc.growth_pct),
    }
    with_gdp = bool(gdp_usd and gdp_usd > 0)
    if sc.years <= 1:
        if with_gdp:
            return msg(
                "{condition}, recipients would keep about {amount} more a year ({share} of {year} GDP).", **saving
            )
        return msg("{condition}, recipients would keep about {amount} more a year.", **saving)
    if sc.growth_pct:
        if with_gdp:
            return msg(
                "{condition}, recipients would keep about {amount} more a year ({share} of {year} GDP), or "
                "{total} over {n} year with flows growing {growth} a year.",
                "{condition}, recipients would keep about {amount} more a year ({share} of {year} GDP), or "
                "{total} over {n} years with flows growing {growth} a year.",
                count=sc.years,
                **saving,
            )
        return msg(
            "{condition}, recipients would keep about {amount} more a year, or {total} over {n} year "
            "with flows growing {growth} a year.",
            "{condition}, recipients would keep about {amount} more a year, or {total} over {n} years "
            "with flows growing {growth} a year.",
            count=sc.years,
            **saving,
        )
    if with_gdp:
        return msg(
            "{condition}, recipients would keep about {amount} more a year ({share} of {year} GDP), or "
            "{total} over {n} year with flows at today's level.",
            "{condition}, recipients would keep about {amount} more a year ({share} of {year} GDP), or "
            "{total} over {n} years with flows at today's level.",
            count=sc.years,
            **saving,
        )
    return msg(
        "{condition}, recipients would keep about {amount} more a year, or {total} over {n} year "
        "with flows at today's level.",
        "{condition}, recipients would keep about {amount} more a year, or {total} over {n} years "
        "with flows at today's level.",
        count=sc.years,
        **saving,
    )


def _meeting(tot: dict, sc: Scenario, result: pd.DataFrame, shifted: bool) -> Message:
    meeting, above = tot["corridors_meeting_target_n"], tot["corridors_above_target_n"]
    named = corridors_meeting(result, 5)
    if sc.target == "level":
        head = msg(
            "{n} corridor already costs {target} or less",
            "{n} corridors already cost {target} or less",
            count=meeting,
            target=level(sc.target_pct),
        )
    else:
        head = msg(
            "{n} corridor already costs no more than the target",
            "{n} corridors already cost no more than the target",
            count=meeting,
        )
    listed: Message | Joined | None = Joined(tuple(named)) if named else None
    if listed is not None and meeting > len(named):
        listed = msg("{corridors} and {n} more", corridors=listed, n=Num(meeting - len(named)))
    end = (
        "."
        if not above
        else msg("; a cut saves nothing there.")
        if not shifted
        else msg("; only the shift can save there.")
    )
    if listed is None:
        return msg("{head}{end}", head=head, end=end)
    return msg("{head}: {corridors}{end}", head=head, corridors=listed, end=end)


def sentences(
    where: object,
    tot: dict,
    sc: Scenario,
    result: pd.DataFrame,
    *,
    gdp_usd: float | None = None,
    gdp_year: int | None = None,
    requested_period: str | None = None,
) -> list[Message]:
    """The briefing on a scenario's result (scenarios.apply, scenarios.totals), one message per sentence.

    where: the area as a sentence names it (area_name); gdp_usd/gdp_year: GDP for the saving's share of it.
    """
    text: list[Message] = [_flows(where, tot, sc)]
    if tot["flow_covered_usd"] <= 0:
        text.append(
            msg(
                "None of these corridors has cost data in {period} in the World Bank's Remittance Prices "
                "Worldwide, so the cost and the savings cannot be estimated.",
                period=requested_period,
            )
            if requested_period
            else msg(
                "None of these corridors has cost data in the World Bank's Remittance Prices Worldwide, so the "
                "cost and the savings cannot be estimated."
            )
        )
        return text
    text.append(_cost(tot))
    # The saving comes from the corridors that cost more than the target (and from a shift, if any): say how
    # many there are, so that an average below the target does not read as a contradiction.
    shifted = sc.shift is not None and sc.shift_share_pct > 0
    shift = (
        msg("{share} of the flow moved {how}", share=level(sc.shift_share_pct), how=SHIFT_MOVES[sc.shift])
        if shifted
        else None
    )
    said, lever = _above(tot, sc, shift)
    text.append(said)
    if lever is not None:
        text.append(_saving(lever, tot, sc, gdp_usd, gdp_year))
    if tot["corridors_meeting_target_n"]:
        text.append(_meeting(tot, sc, result, shifted))
    if n := tot["corridors_no_cost_n"]:
        text.append(
            msg(
                "{n} corridor ({amount}) has no cost data and is left out.",
                "{n} corridors ({amount}) have no cost data and are left out.",
                count=n,
                amount=amount(tot["flow_no_cost_usd"]),
            )
        )
    text.append(SOURCES)
    return text


def gdp_for(series: pd.DataFrame, tot: dict) -> tuple[float | None, int | None]:
    """GDP of the flows' year, or the latest before it (received_series), for the saving's share of GDP."""
    if series.empty:
        return None, None
    rows = series[series["gdp_complete"] & series["gdp_usd"].notna()]
    rows = rows[rows["year"] <= max(tot["flow_used_years"] or [0])]
    return (float(rows.iloc[-1]["gdp_usd"]), int(rows.iloc[-1]["year"])) if not rows.empty else (None, None)


@dataclass(frozen=True)
class Briefing:
    """The briefing on one area and scenario, with the figures behind its sentences."""

    area: Area
    scenario: Scenario
    flow_year: int | None
    period: str | None
    sentences: list[Message]
    totals: dict = field(default_factory=dict)
    gdp_usd: float | None = None
    gdp_year: int | None = None

    def text(self) -> str:
        """The briefing in English, as one paragraph."""
        return " ".join(str(s) for s in self.sentences)


def briefing(
    con: duckdb.DuckDBPyConnection,
    country_or_area: str,
    scenario: Scenario | None = None,
    *,
    flow_year: int | None = None,
    period: str | None = None,
) -> Briefing:
    """The briefing on a receiving country or region (a name, an ISO3 code or an area's label), for the
    scenario (the SDG 3% target by default), the latest flow year and each corridor's latest quarter."""
    sc = scenario or Scenario()
    area = scenarios.find_area(scenarios.areas(con), country_or_area, con)
    if area is None:
        raise UnknownCountry(country_or_area)
    years = scenarios.flow_years(con, area.members)
    year = int(flow_year) if flow_year is not None else (years[0] if years else None)
    if year is None:
        return Briefing(
            area,
            sc,
            None,
            period,
            [
                msg(
                    "The bilateral remittance estimates have no flows into {area}, so no scenario can be built.",
                    area=area_name(area),
                )
            ],
        )
    result = scenarios.apply(scenarios.scenario_inputs(con, area.members, year, period), sc)
    tot = scenarios.totals(result, sc)
    covered = tot["flow_covered_usd"] > 0
    gdp_usd, gdp_year = gdp_for(scenarios.received_series(con, area.members), tot)
    text = sentences(
        area_name(area),
        tot,
        sc,
        result,
        gdp_usd=gdp_usd if covered else None,
        gdp_year=gdp_year,
        requested_period=period,
    )
    return Briefing(area, sc, year, period, text, tot, gdp_usd if covered else None, gdp_year)
