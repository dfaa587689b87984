"""The impact page's results: what senders pay and would save, warnings, the chart, every corridor, and
the briefing (remit.briefing)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from remit import briefing, costs, scenarios
from remit.errors import RemitError
from remit.messages import Pct, msg
from ui import cached
from ui.cached import charts
from ui.i18n import _, _n, current, say
from ui.impact_inputs import LATEST, Choice, Place, pc
from ui.widgets import MILLIONS, chart, citation, download, gpct, in_millions, money, source_names


def periods(tot: dict) -> str:
    """The cost quarters used with the newest one's age: '2021Q3, 5 years ago', '2011Q1–2021Q3, 5 years ago'
    or 'no quarter' (remit.briefing.dated)."""
    return say(briefing.dated(tot["cost_periods"]))


def run(choice: Choice) -> tuple[pd.DataFrame, dict]:
    """The scenario per corridor and its totals; a scenario the data cannot run is said and stops the page."""
    try:
        return cached.impact_scenario(*choice.query, choice.scenario)
    except RemitError as exc:
        st.error(say(exc.message))
        st.stop()


def render_totals(place: Place, choice: Choice, series: pd.DataFrame, result: pd.DataFrame, tot: dict) -> None:
    """The four figures and the assumptions next to them."""
    t = current()
    where, is_country = place.where, place.is_country
    scenario, flow_year, period_choice = choice.scenario, choice.flow_year, choice.period_choice
    target_label = say(briefing.target_short(scenario))
    flow_years_text = ", ".join(map(str, tot["flow_used_years"]))
    period_text = periods(tot)
    gdp_usd, gdp_year = briefing.gdp_for(series, tot)  # GDP of the flows' year (or the latest before it)
    covered = tot["flow_covered_usd"] > 0
    r1, r2, r3, r4 = st.columns(4)
    r1.metric(
        _("Sent to {country}, {years}", country=where, years=flow_years_text)
        if is_country
        else _("Sent to the region, {years}", years=flow_years_text),
        money(tot["flow_usd"]),
        help=_n(
            "Sum of the bilateral estimates (modelled), scaled to the latest WDI total, from {n} sending country.",
            "Sum of the bilateral estimates (modelled), scaled to the latest WDI total, from {n} sending countries.",
            tot["senders_n"],
        )
        if scenario.scale_to_wdi
        else _n(
            "Sum of the bilateral estimates (modelled), from {n} sending country.",
            "Sum of the bilateral estimates (modelled), from {n} sending countries.",
            tot["senders_n"],
        ),
    )
    r2.metric(
        _("Paid in fees and FX margins, a year"),
        money(tot["cost_paid_usd"]) if covered else "–",
        help=_(
            "Flow × current cost ÷ 100, summed over the corridors with a cost figure ({share} of the flow).",
            share=pc(tot["coverage_pct"], 0) if pd.notna(tot["coverage_pct"]) else "–",
        ),
    )
    r3.metric(
        _("Saving a year at {target} + shift", target=target_label)
        if scenario.shift
        else _("Saving a year at {target}", target=target_label),
        money(tot["savings_usd"]) if covered else "–",
        help=_(
            "Flow × (current cost − scenario cost) ÷ 100 per corridor, never below 0: a corridor that already meets "
            "the target saves nothing."
        ),
    )
    r4.metric(
        _n("Saving over {n} year", "Saving over {n} years", scenario.years),
        money(tot["savings_period_usd"]) if covered else "–",
        help=_n(
            "The yearly saving × {factor}: flows growing {growth} a year over {n} year (the saving per dollar stays "
            "the same).",
            "The yearly saving × {factor}: flows growing {growth} a year over {n} years (the saving per dollar stays "
            "the same).",
            scenario.years,
            factor=t.number(tot["period_factor"], 2),
            growth=gpct(scenario.growth_pct),
        ),
    )

    # The assumptions, next to the result.
    growing = {"year": flow_year, "years": flow_years_text, "growth": gpct(scenario.growth_pct)}
    if scenario.scale_to_wdi:
        flows_line = (
            _(
                "**Flows:** modelled shares of {year} scaled to the latest WDI total ({years}), growing {growth} a year",
                **growing,
            )
            if scenario.growth_pct
            else _("**Flows:** modelled shares of {year} scaled to the latest WDI total ({years})", **growing)
        )
    else:
        flows_line = (
            _(
                "**Flows:** bilateral estimates for {year} (modelled, World Bank/KNOMAD), growing {growth} a year",
                **growing,
            )
            if scenario.growth_pct
            else _("**Flows:** bilateral estimates for {year} (modelled, World Bank/KNOMAD)", **growing)
        )
    cost_values = {
        "quarter": _("each corridor's latest quarter") if period_choice == LATEST else period_choice,
        "periods": period_text,
        "fill": say(briefing.dated(tot["fill_periods"])),
        "n": tot["corridors_country_average_n"],
    }
    costs_line = (
        _(
            "**Costs:** RPW corridor average for sending USD 200, {quarter} ({periods}); the covered corridors' "
            "weighted cost ({fill}) for {n} corridors without one",
            **cost_values,
        )
        if tot["corridors_country_average_n"]
        else _("**Costs:** RPW corridor average for sending USD 200, {quarter} ({periods})", **cost_values)
    )
    target_line = (
        _(
            "**Target:** {target}; {share} of the flow moves {how}",
            target=say(briefing.target_text(scenario)),
            share=gpct(scenario.shift_share_pct),
            how=say(briefing.SHIFT_MOVES[scenario.shift]),
        )
        if scenario.shift
        else _("**Target:** {target}", target=say(briefing.target_text(scenario)))
    )
    coverage_line = _(
        "**Coverage:** {n} of {total} corridors, {share} of the flow",
        n=tot["corridors_n"] - tot["corridors_no_cost_n"],
        total=tot["corridors_n"],
        share=pc(tot["coverage_pct"], 0) if pd.notna(tot["coverage_pct"]) else "–",
    )
    if covered:
        coverage_line += " · " + _(
            "**Weighted cost now:** {cost} (the corridors with a cost, weighted by flow)",
            cost=pc(tot["current_cost_weighted_pct"]),
        )
    st.markdown(" · ".join([flows_line, costs_line, target_line, coverage_line]))
    method = _(
        "Flows and costs refer to different years. Savings = flow × (current cost − scenario cost) ÷ 100 per corridor; "
        "the scenario cost is the lower of the target and the cost after any shift, and a corridor already at or "
        "below the target saves 0."
    )
    if gdp_usd and covered:
        method += " " + _(
            "The yearly saving equals **{gdp_share} of GDP** ({year}, WDI) and **{flow_share}** of the flow.",
            gdp_share=pc(tot["savings_usd"] / gdp_usd * 100),
            year=gdp_year,
            flow_share=pc(tot["savings_usd"] / tot["flow_usd"] * 100),
        )
    st.caption(method)


def render_left_out(place: Place, choice: Choice, result: pd.DataFrame, tot: dict) -> None:
    """What the result leaves out (corridors without cost data) and which corridors already meet the target."""
    where, is_country, scenario = place.where, place.is_country, choice.scenario
    period_choice, fill = choice.period_choice, choice.fill
    covered = tot["flow_covered_usd"] > 0
    if not covered:
        # Without a covered corridor there is no weighted cost to extend either.
        period = {"area": where, "period": period_choice}
        said = (
            _(
                "None of the corridors into {area} has cost data in {period} in the World Bank's Remittance Prices "
                "Worldwide, so the cost paid and the savings cannot be estimated.",
                **period,
            )
            if period_choice != LATEST
            else _(
                "None of the corridors into {area} has cost data in the World Bank's Remittance Prices Worldwide, "
                "so the cost paid and the savings cannot be estimated.",
                **period,
            )
        )
        st.warning(said, icon=":material/warning:")
    elif tot["corridors_no_cost_n"]:
        said = _(
            "{n} of {total} corridors ({flow}, {share} of the flow) have no cost data and are **left out** of the cost "
            "and the savings.",
            n=tot["corridors_no_cost_n"],
            total=tot["corridors_n"],
            flow=money(tot["flow_no_cost_usd"]),
            share=pc(100 - tot["coverage_pct"], 0),
        )
        gaps = result[result["cost_basis"] == scenarios.NO_COST_DATA]
        if not fill and gaps["fill_cost_pct"].notna().any():
            first = gaps.dropna(subset=["fill_cost_pct"]).iloc[0]
            if is_country:
                said += " " + _(
                    "Switch on 'Use the covered corridors' weighted cost' above to include them at {country}'s "
                    "weighted cost ({cost}, {period}).",
                    country=where,
                    cost=pc(first["fill_cost_pct"]),
                    period=say(costs.age_message(first["fill_period"])),
                )
            else:
                said += " " + _(
                    "Switch on 'Use the covered corridors' weighted cost' above to include them at each receiving "
                    "country's weighted cost."
                )
        elif fill:
            said += " " + _("Their receiving country has no covered corridor to take a weighted cost from.")
        st.warning(said, icon=":material/warning:")
    if n_meeting := tot["corridors_meeting_target_n"]:
        meeting = result[result["meets_target"].fillna(False).astype(bool)].head(8)
        listed = ", ".join(
            say(
                msg(
                    "{corridor} ({cost}, {period})",
                    corridor=briefing.corridor(r),
                    cost=Pct(r.cost_used_pct),
                    period=costs.age_message(r.cost_used_period),  # the quarter and its age, as everywhere
                )
            )
            for r in meeting.itertuples()
        )
        if n_meeting > 8:
            listed = _("{corridors} and more", corridors=listed)
        said = _n(
            "{n} corridor already meets the target: {corridors}.",
            "{n} corridors already meet the target: {corridors}.",
            n_meeting,
            corridors=listed,
        )
        if scenario.shift:
            said += " " + _("Lowering the target saves nothing there; only the shift between service types can.")
        else:
            said += " " + _n("Its saving is 0.", "Their saving is 0.", n_meeting)
        st.success(said, icon=":material/check_circle:")


def render_savings_chart(place: Place, choice: Choice, result: pd.DataFrame, tot: dict) -> str:
    """The corridors with the largest cost paid, paid and saved; returns the citation of the sources used."""
    t = current()
    area, where, is_country, scenario = place.area, place.where, place.is_country, choice.scenario
    target_label = say(briefing.target_short(scenario))
    flow_years_text = ", ".join(map(str, tot["flow_used_years"]))
    period_text = periods(tot)
    costed = result[result["cost_used_pct"].notna()].copy()
    costed["corridor"] = (
        [t.country(c, n) for c, n in zip(costed["sending_iso3"], costed["sending_name"], strict=True)]
        if is_country
        else [say(briefing.corridor(r)) for r in costed[briefing.CORRIDOR_COLUMNS].itertuples()]
    )
    sources_used = sorted(set(result["flow_source"]) | set(costed["cost_used_source"].dropna()))
    cite = citation(*sources_used, *(["wdi_received"] if scenario.scale_to_wdi else []))
    if not costed.empty:
        top_costed = costed.sort_values("cost_paid_usd", ascending=False).head(12)
        target_bar = (
            _("Target {target}, {share} shift", target=target_label, share=gpct(scenario.shift_share_pct))
            if scenario.shift
            else _("Target {target}", target=target_label)
        )
        chart(
            charts.savings_bars(
                top_costed,
                "corridor",
                _("Paid now and saved, a year"),
                _(
                    "Into {area}: flows {years} (modelled), costs {periods}",
                    area=where,
                    years=flow_years_text,
                    periods=period_text,
                )
                + "<br>"
                + target_bar,
                _("World Bank RPW; KNOMAD estimates"),
                t=t,
            ),
            top_costed[
                [
                    "sending_iso3",
                    "receiving_iso3",
                    "flow_used_usd",
                    "cost_used_pct",
                    "cost_used_period",
                    "target_pct",
                    "cost_paid_usd",
                    "savings_usd",
                ]
            ],  # fmt: skip
            f"savings-{area.key}",
            cite,
            note=_(
                "The {n} corridors with the largest cost paid, of {total} with a cost figure.",
                n=len(top_costed),
                total=len(costed),
            ),
        )
    return cite


@cached.per_reader
def corridor_rows(query: tuple, scenario: scenarios.Scenario) -> pd.DataFrame:
    """The scenario's corridors with their names, cost basis, age, note and sources in the reader's words: a
    note per row, built once per question and language (read-only)."""
    result, _totals = cached.impact_scenario(*query, scenario)
    return result.assign(
        corridor_label=[say(briefing.corridor(r)) for r in result[briefing.CORRIDOR_COLUMNS].itertuples()],
        cost_basis=[say(scenarios.COST_BASIS_NAMES[b]) for b in result["cost_basis"]],
        cost_age_years=[costs.quarter_age_years(p) if isinstance(p, str) else None for p in result["cost_used_period"]],
        note=[
            "; ".join(say(m) for m in scenarios.note_messages(r, scenario))
            for r in result[scenarios.NOTE_COLUMNS].itertuples()
        ],
        flow_source=source_names(result["flow_source"]),
        cost_used_source=source_names(result["cost_used_source"]),
    )


def render_corridor_table(place: Place, choice: Choice, result: pd.DataFrame, cite: str) -> None:
    """Every corridor with its note, and the CSV with the scenario's assumptions."""
    area, scenario, flow_year = place.area, choice.scenario, choice.flow_year
    st.subheader(_("Every corridor"))
    head = {
        "corridor_label": _("Corridor"),
        "flow_used_usd": _("Flow (US$ million)"),
        "flow_used_year": _("Flow year"),
        "share_of_receiving_pct": _("Share (%)"),
        "cost_basis": _("Cost basis"),
        "cost_used_period": _("Cost period"),
        "cost_age_years": _("Age (years)"),
        "cost_used_pct": _("Cost now (%)"),
        "target_pct": _("Target (%)"),
        "scenario_cost_pct": _("Scenario cost (%)"),
        "cost_paid_usd": _("Paid (US$ million/yr)"),
        "savings_usd": _("Saving (US$ million/yr)"),
        "savings_period_usd": _("Saving over {n} yr (US$ million)", n=scenario.years),
        "note": _("Note"),
        "flow_source": _("Flow source"),
        "cost_used_source": _("Cost source"),
    }
    money_columns = ["flow_used_usd", "cost_paid_usd", "savings_usd", "savings_period_usd"]
    table = in_millions(corridor_rows(choice.query, scenario), money_columns).rename(columns=head)
    order = ["corridor_label", "flow_used_usd", "share_of_receiving_pct", "cost_used_pct", "cost_used_period",
             "cost_age_years", "cost_paid_usd", "savings_usd", "note", "cost_basis", "target_pct", "scenario_cost_pct",
             "savings_period_usd", "flow_used_year", "flow_source", "cost_used_source"]  # fmt: skip
    st.dataframe(
        table[[head[c] for c in order]],
        hide_index=True,
        height=min(36 * (len(table) + 1) + 2, 460),
        placeholder="–",
        column_config={
            # pinned and no wider than a phone's half screen: at "large" (400 px) a phone showed the name alone
            head["corridor_label"]: st.column_config.TextColumn(width="medium", pinned=True),
            head["flow_used_usd"]: st.column_config.NumberColumn(
                format=MILLIONS, help=_("Modelled bilateral estimate")
            ),
            head["cost_paid_usd"]: st.column_config.NumberColumn(format=MILLIONS),
            head["savings_usd"]: st.column_config.NumberColumn(format=MILLIONS),
            head["savings_period_usd"]: st.column_config.NumberColumn(format=MILLIONS),
            head["share_of_receiving_pct"]: st.column_config.NumberColumn(
                format="%.1f", help=_("Share of the receiving country's modelled inflow in the flow year")
            ),
            head["cost_used_pct"]: st.column_config.NumberColumn(format="%.2f"),
            head["target_pct"]: st.column_config.NumberColumn(format="%.2f"),
            head["scenario_cost_pct"]: st.column_config.NumberColumn(format="%.2f"),
            head["flow_used_year"]: st.column_config.NumberColumn(format="%d"),
            head["cost_age_years"]: st.column_config.NumberColumn(
                format="%d", help=_("Whole years since the quarter began")
            ),
            head["note"]: st.column_config.TextColumn(width="large"),
            head["cost_basis"]: st.column_config.TextColumn(width="medium"),
            head["flow_source"]: st.column_config.TextColumn(width="large"),
            head["cost_used_source"]: st.column_config.TextColumn(width="large"),
        },
    )
    export = result.assign(
        area=area.label,
        target=scenario.target,
        target_level_pct=scenario.target_pct if scenario.target == "level" else None,
        use_country_average=scenario.use_country_average,
        scale_to_wdi=scenario.scale_to_wdi,
        shift=scenario.shift,
        shift_share_pct=scenario.shift_share_pct,
        growth_pct=scenario.growth_pct,
        years=scenario.years,
    )
    download(
        export,
        f"scenario-{area.key}-{flow_year}",
        cite,
        note=_("The CSV has every corridor with its inputs, sources and the scenario's assumptions."),
    )


def render_briefing(place: Place, choice: Choice, series: pd.DataFrame, result: pd.DataFrame, tot: dict) -> None:
    """The summary for a briefing (remit.briefing), in the reader's language."""
    st.subheader(_("Summary for a briefing"))
    gdp_usd, gdp_year = briefing.gdp_for(series, tot)
    sentences = briefing.sentences(
        place.where,
        tot,
        choice.scenario,
        result,
        gdp_usd=gdp_usd if tot["flow_covered_usd"] > 0 else None,
        gdp_year=gdp_year,
        requested_period=None if choice.period_choice == LATEST else choice.period_choice,
    )
    st.code(" ".join(say(s) for s in sentences), language=None, wrap_lines=True)
    st.caption(
        _("Copy it with the icon at the top right of the box. It states the years, the assumptions and the sources.")
    )
    st.page_link(
        "views/savings_world.py",  # i18n: not text: the page's file
        label=_("Savings by country: the world ranking"),
        icon=":material/leaderboard:",
    )
