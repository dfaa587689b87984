"""The impact page's inputs: the receiving area, the link's values, and the scenario form (views/impact.py).

Each render_... function draws one section and returns what the next ones need; the session-state keys they
use are listed in the page's docstring.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from remit import briefing, scenarios
from remit.i18n import N_
from remit.sdg import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT
from ui import cached
from ui.i18n import _, _n, current, say
from ui.url_state import (
    ignored_choice,
    ignored_flag,
    ignored_number,
    plain,
    seed_from_link,
    warn_ignored,
    write_to_link,
)
from ui.widgets import gpct, ignored_target, target_input

# The English names of the choices are what the links hold (?goal=SDG+3%25); only their display is translated.
LATEST = N_("Latest for each corridor")
YOUR_VALUE = N_("Your value")
GOALS = {N_("SDG 3%"): SDG_TARGET_PCT, N_("5%"): SDG_CORRIDOR_CEILING_PCT, YOUR_VALUE: None}
PROVIDER_GOALS = {"SmaRT": "smart", N_("Cheapest service"): "cheapest"}
SHIFT_LABELS = {
    "bank_to_mto": N_("Banks → money transfer operators"),
    "digital": N_("Bank or cash → digital services"),
}
MEASURES = {
    N_("US$"): ("received_usd", "complete", N_("US$")),
    N_("% of GDP"): ("received_pct_gdp", "gdp_complete", N_("% of GDP")),
    N_("Per person"): ("received_per_person_usd", "population_complete", N_("US$ per person")),
}


def pc(value: float, digits: int = 2) -> str:
    """A percentage rounded as Python rounds (7.205 -> '7.21%'), in the reader's locale."""
    return current().percent(round(float(value), digits), digits)


@dataclass(frozen=True)
class Place:
    """The chosen receiving area and how sentences name it."""

    area: scenarios.Area
    where: str  # 'the focus region', 'Tajikistan', in the reader's language

    @property
    def is_country(self) -> bool:
        return self.area.kind == "country"

    @property
    def members(self) -> tuple[str, ...]:
        return self.area.members


@dataclass(frozen=True)
class Options:
    """What the data offers for the area: flow years, cost quarters, targets."""

    years: list[int]
    cost_periods: list[str]
    provider: dict
    goals: list[str]


def render_area_picker() -> Place:
    """The receiving country or region (?country=TJK, KSV, XKX, a name, or a region's label)."""
    t = current()
    area_name = lambda a: say(briefing.area_choice(a))  # noqa: E731
    areas = cached.impact_areas()
    by_label = {a.label: a for a in areas}
    if t.code != "en":  # countries in the reader's alphabetical order, after the regions
        regions = [a for a in areas if a.kind != "country"]
        by_label = {a.label: a for a in regions + sorted((a for a in areas if a.kind == "country"), key=area_name)}
    asked = st.query_params.get("country")
    normalised = None
    if asked and asked not in by_label and "country" not in st.session_state:
        normalised = cached.impact_area_label(asked)
        if normalised:
            st.query_params["country"] = normalised  # the link says what it opened: ?country=KSV -> ?country=Kosovo
            st.rerun()
        else:
            st.warning(
                _(
                    "No receiving country or region called '{name}' in the data; showing the focus region.",
                    name=plain(asked, 40),
                )
            )
    # Not bound to the link: a bound widget would write its translated label there (see ui/url_state.py).
    first_area = areas[0].label
    seed_from_link("country", list(by_label), first_area)
    names = {label: area_name(a) for label, a in by_label.items()}
    choice = st.selectbox(
        _("Receiving country or region"),
        list(by_label),
        format_func=names.get,  # computed here: a format_func may be called after the run (AppTest)
        key="country",
        help=_(
            "Type to search. Regions come first: the focus region (South-Eastern Europe, Eastern Europe and "
            "Central Asia) and its parts, then the World Bank's regions. Codes work in the link too: ?country=TJK, "
            "?country=KSV or ?country=XKX."
        ),
    )
    write_to_link("country", choice, first_area)
    area = by_label[choice]
    place = Place(area, say(briefing.area_name(area)))
    if not place.is_country:
        st.caption(
            _n("{n} economy: {codes}.", "{n} economies: {codes}.", len(area.members), codes=", ".join(area.members))
        )
    return place


def link_options(place: Place) -> Options:
    """What the widgets will offer; a value in the link that they do not offer is said, not dropped silently."""
    members = place.members
    years = cached.impact_flow_years(members)
    provider = cached.impact_provider_status()
    goals = list(GOALS) + (list(PROVIDER_GOALS) if provider["available"] else [])
    cost_periods = cached.impact_cost_periods()
    warn_ignored(
        ignored_choice("measure", MEASURES, what=_("measure"), shown=_("US$")),
        ignored_choice(
            "year",
            [str(y) for y in years],
            what=_("year of the bilateral estimates"),
            shown=str(years[0]) if years else _("none"),
            reason=_("no estimates for it here"),
        ),
        ignored_choice("goal", goals, what=_("target"), shown=_("SDG 3%")),
        ignored_target(),
        ignored_choice(
            "period",
            [LATEST, *cost_periods],
            what=_("cost quarter"),
            shown=_("latest for each corridor"),
            reason=_("no cost data then"),
        ),
        ignored_number("growth", -20, 30, what=_("growth of flows"), shown=_("0% a year")),
        ignored_number("years", 1, 15, what=_("number of years"), shown="5", whole=True),
        ignored_number("shift", 0, 100, what=_("share of the flow that moves"), shown=gpct(0), whole=True),
        ignored_flag("fill", what=_("'Use the covered corridors' weighted cost'"), shown=_("it off")),
        ignored_flag("scale", what=_("'Scale the modelled flows'"), shown=_("it off")),
    )
    return Options(years, cost_periods, provider, goals)


@dataclass(frozen=True)
class Choice:
    """The scenario the form describes, with the inputs it runs on."""

    scenario: scenarios.Scenario
    inputs: pd.DataFrame
    flow_year: int
    period_choice: str
    fill: bool
    query: tuple  # what the inputs were asked with (members, flow year, quarter or None): cached.impact_scenario


def render_scenario_form(place: Place, options: Options, flow_year: int) -> Choice:
    """The scenario's inputs: target, cost quarter, growth, years, stand-ins, and a shift between services."""
    t = current()
    members, goals, cost_periods, provider = place.members, options.goals, options.cost_periods, options.provider
    asked_target = "target" in st.query_params and "goal" not in st.query_params
    with st.container(border=True):
        st.markdown(_("**Scenario**"))
        c1, c2, c3, c4 = st.columns([1.3, 1, 1, 1])
        with c1:
            seed_from_link("goal", goals, YOUR_VALUE if asked_target else next(iter(GOALS)))
            goal = st.segmented_control(
                _("Target cost"),
                goals,
                format_func=t,
                required=True,
                key="goal",
                help=_(
                    "SDG 10.c: an average cost below 3% by 2030 and no corridor above 5%. Costs are for sending "
                    "USD 200, in % of the amount sent."
                ),
            )
            # The default target (SDG 3%) stays out of the link, unless the link also sets a level (?target=4):
            # that alone opens as YOUR_VALUE.
            write_to_link("goal", goal, None if "target" in st.query_params else next(iter(GOALS)))
            if goal == YOUR_VALUE:
                target_pct = target_input(_("Your target (% of the amount sent)"))
            else:
                target_pct = GOALS.get(goal)
        with c2:
            seed_from_link("period", [LATEST, *cost_periods], LATEST)
            period_choice = st.selectbox(
                _("Cost quarter"),
                [LATEST, *cost_periods],
                format_func=lambda p: t(LATEST) if p == LATEST else p,
                key="period",
                help=_(
                    "Corridor average cost of sending USD 200 (World Bank RPW). 'Latest for each corridor' takes "
                    "each corridor's newest quarter (most end in 2020Q3; corridors to South Asia run to 2025Q3). A "
                    "single quarter leaves out corridors without data in it."
                ),
            )
            write_to_link("period", period_choice, LATEST)
        with c3:
            growth = st.number_input(
                _("Growth of flows (% a year)"),
                min_value=-20.0,
                max_value=30.0,
                value=0.0,
                step=0.5,
                format="%.1f",
                key="growth",
                bind="query-params",
            )
        with c4:
            n_years = st.slider(_("Years the total covers"), 1, 15, 5, key="years", bind="query-params")
        fill = st.toggle(
            _("Use the covered corridors' weighted cost where a corridor has no cost data"),
            key="fill",
            bind="query-params",
            help=_(
                "The receiving country's corridors that have a cost, weighted by the money sent through each "
                "(bilateral estimates of the year nearest the quarter): the cost a typical dollar sent there pays. "
                "Not the unweighted country average, and only a stand-in for a corridor's own cost. Off: corridors "
                "without cost data are left out of the totals, as on every other page."
            ),
        )
        scale = st.toggle(
            _("Scale the modelled flows to the latest WDI total"),
            key="scale",
            bind="query-params",
            help=_(
                "Keeps each sending country's share of the {year} estimates and applies it to what the "
                "receiving country received in its latest WDI year. Assumes the shares have not changed since.",
                year=flow_year,
            ),
        )
        query = (members, int(flow_year), None if period_choice == LATEST else period_choice)
        inputs = cached.impact_scenario_inputs(*query)
        available = {k: scenarios.shift_available(inputs, k) for k in scenarios.SHIFTS}
        usable = [k for k, (ok, _reason, _n) in available.items() if ok]
        s1, s2 = st.columns([1.3, 2])
        with s1:
            if usable:
                warn_ignored(
                    ignored_choice(
                        "shift_kind",
                        [SHIFT_LABELS[k] for k in usable],
                        what=_("service shift"),
                        shown=_(SHIFT_LABELS[usable[0]]),
                        reason=_("not possible with these corridors' data"),
                    )
                )
                # The link holds the shift's English name (?shift_kind=Banks → money transfer operators).
                by_name = {SHIFT_LABELS[k]: k for k in usable}
                if "shift_kind" not in st.session_state or st.session_state["shift_kind"] not in usable:
                    st.session_state["shift_kind"] = by_name.get(st.query_params.get("shift_kind"), usable[0])
                shift = st.radio(
                    _("Move senders to cheaper services"),
                    usable,
                    format_func=lambda k: t(SHIFT_LABELS[k]),
                    key="shift_kind",
                    help=_(
                        "A share of the flow moves from the dearer to the cheaper service type, at the average cost "
                        "of each type in the corridor; the corridor's cost falls at most to the cheaper type's "
                        "average. Assumes at least that share goes through the dearer type today: the data does not "
                        "say how much does."
                    ),
                )
                write_to_link("shift_kind", SHIFT_LABELS[shift], SHIFT_LABELS[usable[0]])
            else:
                shift = None
                st.radio(
                    _("Move senders to cheaper services (not available)"),
                    list(SHIFT_LABELS),
                    format_func=lambda k: t(SHIFT_LABELS[k]),
                    disabled=True,
                    key="shift_kind_off",
                )
        with s2:
            if usable:
                shift_share = st.slider(
                    _("Share of the flow that moves (%)"), 0, 100, 0, step=5, key="shift", bind="query-params"
                )
                st.caption(
                    _n(
                        "Applies to the {n} corridor with both averages.",
                        "Applies to the {n} corridors with both averages.",
                        available[shift][2],
                    )
                )
            else:
                shift_share = 0
                st.slider(_("Share of the flow that moves (%)"), 0, 100, 0, disabled=True, key="shift_off")
        if not provider["available"]:
            st.segmented_control(
                _("Per-corridor targets (not available)"),
                list(PROVIDER_GOALS),
                format_func=t,
                disabled=True,
                key="goal_provider",
                help=say(provider["reason"]),
            )
        missing = (
            [_("Not available here. **SmaRT and cheapest service** targets: {reason}", reason=say(provider["reason"]))]
            if not provider["available"]
            else []
        )
        missing += [
            _("Not available here. **{lever}**: {reason}", lever=_(SHIFT_LABELS[k]), reason=say(reason))
            for k, (ok, reason, _n) in available.items()
            if not ok
        ]
        for line in missing:
            st.caption(f":material/block: {line}")

    target_kind = PROVIDER_GOALS.get(goal, "level")
    scenario = scenarios.Scenario(
        target_pct=float(target_pct) if target_pct is not None else SDG_TARGET_PCT,
        target=target_kind,
        use_country_average=bool(fill),
        scale_to_wdi=bool(scale),
        shift=shift if shift_share else None,
        shift_share_pct=float(shift_share),
        growth_pct=float(growth),
        years=int(n_years),
    )
    return Choice(scenario, inputs, int(flow_year), period_choice, bool(fill), query)
