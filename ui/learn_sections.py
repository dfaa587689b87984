"""Sections of the Learn page: the session's settings, the lesson's steps, the quiz, the group exercise,
the handout, and the projector view that shows them one screen at a time (?present=true).

settings() reads the corridor and the group's habits into a Lesson; every step and section draws from it.
views/learn.py is a short script that calls them; its docstring lists the session state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import pandas as pd
import streamlit as st

from remit import learning, limits, rates, safe
from remit.costs import age_message
from remit.handout import country_line, handout, offers_sheet
from remit.i18n import Translator
from remit.learning import CollectedOffer, Question, Room, compare_offers, quiz, score
from remit.messages import Message
from remit.quotes import QuoteCost, price_quote
from remit.sdg import SDG_TARGET_PCT
from ui import cached
from ui.i18n import _, _n, current, say
from ui.url_state import coded_selectbox
from ui.widgets import reference_rate, source_line

# Projector view: twice the type of the normal page (inputs, labels, numbers), the sidebar and Streamlit's
# header, toolbar and footer hidden, black on white, big Back/Next buttons. CSS only, no script.
PROJECTOR_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer {display: none !important;}
.stApp, [data-testid="stMain"] {background: #ffffff !important; color: #000000 !important;}
[data-testid="stMainBlockContainer"] {max-width: 100% !important; padding: 1rem 3rem 2rem 3rem !important;}
[data-testid="stMain"] p, [data-testid="stMain"] li {font-size: max(2rem, 2.1vw) !important; line-height: 1.3 !important; color: #000 !important;}
[data-testid="stMain"] [data-testid="stAlert"] li {font-size: max(1.5rem, 1.6vw) !important;}
[data-testid="stMain"] label p, [data-testid="stWidgetLabel"] p {font-size: max(1.6rem, 1.6vw) !important; font-weight: 600 !important;}
[data-testid="stMain"] input, [data-testid="stMain"] [data-baseweb="select"] div {font-size: max(1.9rem, 2vw) !important; color: #000 !important;}
[data-testid="stMain"] [data-baseweb="input"], [data-testid="stMain"] [data-baseweb="select"] > div {min-height: 3.4rem !important;}
[data-testid="stMain"] h1 {font-size: 2.6rem !important; padding-top: 0 !important;}
[data-testid="stMain"] h2 {font-size: max(2.4rem, 2.6vw) !important; color: #0b3d91 !important; padding: 0.4rem 0 !important;}
[data-testid="stMetricValue"], [data-testid="stMain"] [data-testid="stMetricValue"] p {font-size: max(4.6rem, 4.4vw) !important; font-weight: 700 !important; color: #000 !important; line-height: 1.15 !important;}
[data-testid="stMain"] [data-testid="stMetricLabel"] p {font-size: max(1.6rem, 1.6vw) !important; color: #000 !important;}
[data-testid="stMain"] [data-testid="stCaptionContainer"] p {font-size: max(1.3rem, 1.3vw) !important; color: #222 !important;}
[data-testid="stMain"] [role="radiogroup"] label p {font-size: max(1.9rem, 2vw) !important;}
[data-testid="stMain"] [data-testid="stExpander"] summary p {font-size: 1.3rem !important;}
.st-key-present_back button, .st-key-present_next button {min-height: 4.2rem !important; width: 100% !important;
  border: 3px solid #0b3d91 !important;}
.st-key-present_back button p, .st-key-present_next button p {font-size: 2.2rem !important; font-weight: 700 !important;}
.st-key-present_next button {background: #0b3d91 !important;} .st-key-present_next button p {color: #fff !important;}
</style>"""


def presentation_toggle() -> bool:
    """The presentation toggle (bound to ?present=true); on, the projector's CSS."""
    present = st.toggle(_("Presentation mode (large type, no sidebar)"), key="present", bind="query-params")
    if present:
        st.html(PROJECTOR_CSS)
    return present


@dataclass
class Lesson:
    """The session's corridor and the room it makes: what every step, the quiz and the handout draw from."""

    t: Translator
    room: Room
    code: str  # the corridor, "RUS-TJK"
    route: str  # the corridor's name in the reader's language
    hist: pd.DataFrame  # the corridor's quarters
    observed: pd.DataFrame  # its quarters with a cost
    send: str = field(init=False)  # the sending currency
    recv: str = field(init=False)  # the receiving currency
    fee_share: float = field(init=False)  # the average's fee and margin (% of the amount)
    margin_share: float = field(init=False)
    quiz: tuple[Question, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.send, self.recv = self.room.send_currency, self.room.receive_currency
        self.fee_share, self.margin_share = self.room.split()
        self.quiz = quiz(self.room)

    def money(self, value: float, currency: str, digits: int = 2) -> str:
        return self.t.money(value, currency, digits)


# ---- the session's settings: corridor, currencies, the group's amount and habits, today's rate ---------


def settings() -> Lesson:
    """The corridor, the group's amount, transfers a year and the mid-market rate; the room they make."""
    t = current()
    corridors = cached.corridor_list()
    focus = corridors[corridors["in_focus_region"]]
    options = {
        row.corridor: t.corridor(row.sending_iso3, row.receiving_iso3, row.sending_name, row.receiving_name)
        for row in focus.itertuples()
    }
    code = coded_selectbox(_("Corridor for the examples"), options, key="corridor", default="RUS-TJK")
    if st.session_state.get("_present_corridor") != code:  # a new corridor starts the presentation again
        st.session_state["_present_corridor"] = code
        st.session_state["present_step"] = 0
        st.session_state["_quiz_answers"] = {}
    hist = cached.corridor_histories((code,))
    observed = hist.dropna(subset=["total_cost_pct_200"])
    latest = observed.iloc[-1]
    send = rates.country_currency(latest["sending_iso3"]) or "USD"
    recv = rates.country_currency(latest["receiving_iso3"]) or "USD"
    tables = rates.cached_tables()
    per_usd = rates.cross_rate("USD", send, tables)
    a, b, c = st.columns([2, 1, 2])
    amount = a.number_input(
        _("The amount the group usually sends ({currency})", currency=send),
        min_value=1.0,
        max_value=1e9,
        value=learning.usual_amount(send, per_usd.value if per_usd else None),
        step=learning.nice(learning.usual_amount(send) / 10, 1),
        format="%.0f",
        key=f"l_amount_{send}",
    )
    per_year = int(
        b.number_input(_("Transfers a year"), min_value=1, max_value=365, value=12, step=1, key="l_per_year")
    )
    with c:
        ref = reference_rate(send, recv, key="l_ref") if send != recv else None
        mid = st.number_input(
            _("Today's mid-market rate ({recv} for 1 {send})", recv=recv, send=send),
            min_value=0.0,
            max_value=limits.RATE_MAX,
            value=ref.value if ref else None,
            format="%.6f",
            key=f"l_mid_{send}_{recv}",
            placeholder=_("Type it from a currency website"),
        )
        if ref is not None:
            st.caption(say(ref.label()))
    if send == recv:
        mid = 1.0
    fee_pct, margin_pct = latest["fee_pct_200"], latest["fx_margin_pct_200"]
    room = Room(
        send,
        recv,
        float(amount),
        per_year,
        float(latest["total_cost_pct_200"]),
        str(latest["period"]),
        None if pd.isna(fee_pct) else float(fee_pct),
        None if pd.isna(margin_pct) else float(margin_pct),
        float(mid) if mid else None,
    )
    return Lesson(t, room, code, options[code], hist, observed)


# ---- the lesson, one idea per step ---------------------------------------------------------------------


def step_fee(lesson: Lesson) -> None:
    t, room, S, fee_share, money = lesson.t, lesson.room, lesson.send, lesson.fee_share, lesson.money
    st.markdown(
        _(
            "The **fee** is what the provider charges to send the money. It is shown on the counter or in the "
            "app. Some take it from the amount you send, others add it on top."
        )
    )
    kept = st.session_state.get("_l_fee_for") == (S, room.amount)
    fee = st.number_input(
        _("Fee ({currency})", currency=S),
        min_value=0.0,
        max_value=room.amount * 0.99,
        value=st.session_state["_l_fee"]
        if kept
        else min(learning.nice(room.amount * fee_share / 100), room.amount * 0.99),
        key=f"l_fee_{S}_{room.amount:g}",
    )
    st.session_state["_l_fee_for"] = (S, room.amount)
    st.session_state["_l_fee"] = fee  # kept for the later steps (presentation mode draws one step at a time)
    st.metric(
        _("{fee} on {amount} is", fee=money(fee, S, 0), amount=money(room.amount, S, 0)),
        t.percent(fee / room.amount * 100),
    )
    if room.measured_split:
        st.caption(
            _(
                "The corridor's average fee in {period}: {fee}.",
                period=say(age_message(room.period)),
                fee=t.percent(fee_share),
            )
        )
    else:
        st.caption(
            _(
                "The survey gives only this corridor's total cost ({total} in {period}); the example takes half of "
                "it as the fee and half as the exchange-rate margin.",
                total=t.percent(room.average_pct),
                period=say(age_message(room.period)),
            )
        )


def example(lesson: Lesson) -> QuoteCost:
    """The example offer: the fee of step 1 and the rate (or margin) of step 2."""
    room, S, R, fee_share, margin_share = lesson.room, lesson.send, lesson.recv, lesson.fee_share, lesson.margin_share
    fee = learning.nice(room.amount * fee_share / 100)
    if st.session_state.get("_l_fee_for") == (S, room.amount):
        fee = st.session_state["_l_fee"]
    mid = room.mid_rate
    if mid is None:
        margin = st.session_state.get(f"_l_margin_{S}_{R}", round(margin_share, 2))
        return price_quote(room.amount, fee, rate=1 - margin / 100, mid_rate=1.0)
    rate = st.session_state.get(f"_l_rate_{S}_{R}_{mid:g}", round(mid * (1 - margin_share / 100), 6))
    return price_quote(room.amount, fee, rate=rate, mid_rate=mid)


def step_rate(lesson: Lesson) -> None:
    t, room, money, margin_share = lesson.t, lesson.room, lesson.money, lesson.margin_share
    S, R = lesson.send, lesson.recv
    st.markdown(
        _(
            "The **exchange rate** says how much of your family's currency you get for one unit of yours. "
            "Providers set their own rate."
        )
    )
    if room.mid_rate is None:
        st.info(
            _(
                "Type today's mid-market rate in the settings above to see what arrives in {recv}. Until then the "
                "provider's rate is given as how far it is below the mid-market rate.",
                recv=R,
            )
        )
        st.session_state[f"_l_margin_{S}_{R}"] = st.number_input(
            _("Provider's rate: % below the mid-market rate"),
            min_value=0.0,
            max_value=50.0,
            value=st.session_state.get(f"_l_margin_{S}_{R}", round(margin_share, 2)),
            step=0.1,
            key=f"l_margin_{S}_{R}",
        )
        q = example(lesson)
        st.metric(
            _("What arrives, valued in {send} at the mid-market rate (fee taken from the amount)", send=S),
            money(q.received, S),
        )
        return
    kept = f"_l_rate_{S}_{R}_{room.mid_rate:g}"
    st.session_state[kept] = st.number_input(
        _("Provider's rate ({recv} for 1 {send})", recv=R, send=S),
        min_value=0.000001,
        max_value=limits.RATE_MAX,
        value=st.session_state.get(kept, round(room.mid_rate * (1 - margin_share / 100), 6)),
        format="%.6f",
        key=f"l_rate_{S}_{R}_{room.mid_rate:g}",
    )
    q = example(lesson)
    st.metric(_("What arrives (fee taken from the amount)"), money(q.received, R))
    st.caption(
        _(
            "({amount} − {fee}) × {rate} = {arrives}",
            amount=money(room.amount, S, 0),
            fee=money(q.fee, S),
            rate=t.number(q.rate, 6),
            arrives=money(q.received, R),
        )
    )


def step_mid(lesson: Lesson) -> None:
    t, room, S, R = lesson.t, lesson.room, lesson.send, lesson.recv
    st.markdown(
        _(
            "The **mid-market rate** is the rate banks use between themselves: halfway between buying and "
            "selling. You find it on currency websites and in the news. It is the fair yardstick."
        )
    )
    if room.mid_rate is not None:
        st.metric(_("Today's mid-market rate ({recv} for 1 {send})", recv=R, send=S), t.number(room.mid_rate, 4))


def step_margin(lesson: Lesson) -> None:
    t, room = lesson.t, lesson.room
    st.markdown(
        _(
            "The **exchange-rate margin** is how far the provider's rate is below the mid-market rate. "
            "You do not see it as a charge, but your family receives less."
        )
    )
    q = example(lesson)
    st.metric(_("Hidden margin in the provider's rate"), t.percent(q.fx_margin_pct))
    st.caption(_("Margin = (mid-market rate − provider's rate) ÷ mid-market rate."))
    if room.mid_rate is not None:
        st.caption(
            _(
                "({mid} − {rate}) ÷ {mid} = {margin}",
                mid=t.number(room.mid_rate, 6),
                rate=t.number(q.rate, 6),
                margin=t.percent(q.fx_margin_pct),
            )
        )


def step_total(lesson: Lesson) -> None:
    t, room, S, route, observed, money = lesson.t, lesson.room, lesson.send, lesson.route, lesson.observed, lesson.money
    st.markdown(_("**Total cost = fee + margin**, as a share of what you send. That is what to compare."))
    q = example(lesson)
    c1, c2, c3 = st.columns(3)
    c1.metric(_("Your example"), t.percent(q.total_cost_pct))
    c2.metric(
        _("Average for {route}, {period}", route=route, period=say(age_message(room.period))),
        t.percent(room.average_pct),
    )
    c3.metric(_("SDG target"), t.percent(SDG_TARGET_PCT, 0))
    st.markdown(
        _n(
            "At this cost, **{n} transfer** of {amount} a year costs the group about **{cost}**.",
            "At this cost, **{n} transfers** of {amount} a year cost the group about **{cost}**.",
            room.transfers_per_year,
            amount=money(room.amount, S, 0),
            cost=money(room.yearly(q), S, 0),
        )
    )
    st.caption(
        _(
            "The corridor average is the World Bank's survey for {period} ({source}).",
            period=say(age_message(room.period)),
            source=source_line(observed["source_id"].unique()),
        )
    )


def step_speed(lesson: Lesson) -> None:
    st.markdown(
        _(
            "- **Speed**: from minutes to several days. Faster services often cost more.\n"
            "- **Pickup**: cash at an agent, a bank account, a card or a mobile wallet. Ask whether your family "
            "pays anything to collect.\n"
            "- **Access**: is there an agent near your family? Is the service open when they need it?"
        )
    )


def step_formal(lesson: Lesson) -> None:
    st.markdown(
        _(
            "- **Formal channels** (banks, money transfer operators, post offices, licensed apps) are regulated: "
            "your money is protected and you can complain.\n"
            "- **Informal channels** (a friend, a driver, an unlicensed agent) may look cheap but carry risks: "
            "loss or theft, no receipt, no way to complain, and sometimes breaking the law.\n"
            "- Keep every receipt and the transfer number until the money has arrived."
        )
    )


def lesson_steps(lesson: Lesson) -> list[tuple[str, Callable[[], None]]]:
    """The lesson, one idea per step: each step's title and what draws it."""
    return [
        (_("1. The fee"), partial(step_fee, lesson)),
        (_("2. The exchange rate"), partial(step_rate, lesson)),
        (_("3. The mid-market rate"), partial(step_mid, lesson)),
        (_("4. The hidden margin"), partial(step_margin, lesson)),
        (_("5. Total cost"), partial(step_total, lesson)),
        (_("6. Speed and pickup"), partial(step_speed, lesson)),
        (_("7. Formal and informal"), partial(step_formal, lesson)),
    ]


# ---- the quiz: one question per screen in presentation mode ---------------------------------------------


def answers() -> dict[int, int]:
    """The answers given so far (kept outside the widgets: presentation mode draws one question at a time)."""
    return st.session_state.setdefault("_quiz_answers", {})


def ask(lesson: Lesson, i: int, *, scored: bool = True) -> None:
    """Question i, its options, and once answered the feedback with the arithmetic; the score when `scored`."""
    questions = lesson.quiz
    question = questions[i]
    st.markdown(say(question.prompt(i + 1)))
    labels = [say(question.label(k)) for k in range(len(question.offers))]
    choice = st.radio(
        _("Which offer leaves your family more?"),
        range(len(labels)),
        format_func=lambda k, labels=labels: labels[k],
        index=answers().get(i),
        key=f"quiz_{i}",
    )
    if choice is None:
        answers().pop(i, None)
    else:
        answers()[i] = choice
        working = "\n".join(f"- {say(question.working(k))}" for k in range(len(labels)))
        point = say(question.lesson_for())
        if choice == question.best():
            st.success(_("Right. {lesson}", lesson=point) + "\n\n" + working)
        else:
            st.error(_("Not this one. {lesson}", lesson=point) + "\n\n" + working)
    right, answered = score(answers(), questions)
    if scored and answered:
        st.metric(_("Score"), f"{right} / {len(questions)}")


# ---- the group exercise: compare the offers the room collected ------------------------------------------


def collected(lesson: Lesson) -> list[CollectedOffer]:
    """Three rows of inputs (labels on the first row only), as the group read the offers out."""
    room, S, R = lesson.room, lesson.send, lesson.recv
    offers = []
    for i in range(3):
        shown = "visible" if i == 0 else "collapsed"
        cols = st.columns([2, 1.3, 1, 1.3, 1.3], vertical_alignment="bottom")
        name = cols[0].text_input(
            _("Provider"),
            key=f"ex_{i}_provider",
            max_chars=40,
            placeholder=_("Offer {n}", n=i + 1),
            label_visibility=shown,
        )
        amount = cols[1].number_input(
            _("Sent ({currency})", currency=S),
            min_value=0.0,
            max_value=1e10,  # in the sender's currency: 10,000,000 US dollars' worth in any currency
            value=room.amount,
            format="%.0f",
            key=f"ex_{i}_amount",
            label_visibility=shown,
        )
        fee = cols[2].number_input(
            _("Fee ({currency})", currency=S),
            min_value=0.0,
            max_value=1e10,
            value=None,
            key=f"ex_{i}_fee",
            label_visibility=shown,
        )
        rate = cols[3].number_input(
            _("Rate ({recv} for 1 {send})", recv=R, send=S),
            min_value=0.0,
            max_value=limits.RATE_MAX,
            value=None,
            format="%.6f",
            key=f"ex_{i}_rate",
            label_visibility=shown,
        )
        received = cols[4].number_input(
            _("Or what arrives ({currency})", currency=R),
            min_value=0.0,
            max_value=limits.RECEIVED_MAX,
            value=None,
            key=f"ex_{i}_received",
            label_visibility=shown,
        )
        offers.append(
            CollectedOffer(
                name.strip() or _("Offer {n}", n=i + 1), amount or 0.0, fee or 0.0, rate or None, received or None
            )
        )
        st.session_state[f"_ex_{i}"] = offers[-1]  # kept for the ranking screen of presentation mode
    return offers


def step_offers(lesson: Lesson) -> None:
    st.markdown(
        _(
            "Type the offers the group found (on their phones, at the counter) for the same amount: the fee and "
            "the rate, or what arrives. They are ranked by what arrives for what you pay."
        )
    )
    collected(lesson)


def step_ranking(lesson: Lesson) -> None:
    t, room, money, route, code = lesson.t, lesson.room, lesson.money, lesson.route, lesson.code
    S, R = lesson.send, lesson.recv
    offers = [st.session_state[f"_ex_{i}"] for i in range(3) if f"_ex_{i}" in st.session_state]
    ranked, problems = compare_offers(offers, room.mid_rate)
    for offer, problem in problems:
        st.warning(f"{safe.markdown(offer.provider, 40)}: {say(problem)}")
    if not ranked:
        st.info(_("The ranking appears here when an offer has an amount and a rate or what arrives."))
        return
    cols = st.columns(len(ranked))
    for rank, ((offer, q), col) in enumerate(zip(ranked, cols, strict=True), start=1):
        col.metric(f"{rank}. {safe.markdown(offer.provider, 40)}", money(q.received, R))
        cost = t.percent(q.total_cost_pct) if q.total_cost_pct is not None else "–"
        col.caption(_("You pay {paid}; total cost {cost}", paid=money(q.paid, S), cost=cost))
    st.download_button(
        _("Print this comparison (PDF)"),
        lambda: offers_sheet(t, ranked, send_currency=S, receive_currency=R, title=route),
        file_name=f"remit-offers-{code}-{t.code}.pdf",  # i18n: not text
        mime="application/pdf",
        icon=":material/print:",
        on_click="ignore",
        key="offers_pdf",
    )


# ---- the handout --------------------------------------------------------------------------------------


def receiving_line(iso3: str) -> Message | None:
    """The receiving country's weighted cost, coverage and saving at 3%: its row of Savings by country."""
    stake = cached.money_at_stake("world", SDG_TARGET_PCT)
    row = stake[stake["iso3"] == iso3]
    return country_line(next(row.itertuples())) if len(row) else None


def render_handout(lesson: Lesson) -> None:
    t, room, S, code, hist, observed = lesson.t, lesson.room, lesson.send, lesson.code, lesson.hist, lesson.observed
    history = [
        (p, None if pd.isna(v) else float(v)) for p, v in zip(hist["period"], hist["total_cost_pct_200"], strict=True)
    ]
    latest = observed.iloc[-1]
    link = learning.live_link(code, t.code)
    pdf = handout(
        t,
        sending_name=t.country(latest["sending_iso3"], str(latest["sending_name"])),
        receiving_name=t.country(latest["receiving_iso3"], str(latest["receiving_name"])),
        amount=room.amount,
        currency=S,
        history=history,
        source=source_line(observed["source_id"].unique(), chart=False),
        link=link,
        country=receiving_line(str(latest["receiving_iso3"])),
    )
    st.download_button(
        _("Download the handout (PDF)"),
        pdf,
        file_name=f"remit-handout-{code}-{t.code}.pdf",  # i18n: not text
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        key="handout",
    )
    st.caption(
        _(
            "One A4 page in the language chosen in the sidebar (Language): what a transfer costs, this corridor's "
            "average and trend with the data's age, the 3% target, a checklist and a QR code to this page."
        )
    )


# ---- the two ways to show it: the page, and the projector one screen at a time --------------------------


def render_lesson(lesson: Lesson) -> None:
    """The lesson's steps, a tab each."""
    steps = lesson_steps(lesson)
    for tab, (_title, show) in zip(st.tabs([title for title, _show in steps]), steps, strict=True):
        with tab:
            show()


def render_quiz(lesson: Lesson) -> None:
    """Every question, the score under the last."""
    for i in range(len(lesson.quiz)):
        ask(lesson, i, scored=i == len(lesson.quiz) - 1)


def screens(lesson: Lesson) -> list[tuple[str, Callable[[], None]]]:
    """The projector's screens: the lesson's steps, a question each, the offers and their ranking."""
    questions = lesson.quiz
    return [
        *lesson_steps(lesson),
        *(
            (_("Quiz: question {n} of {total}", n=i + 1, total=len(questions)), partial(ask, lesson, i))
            for i in range(len(questions))
        ),
        (_("Group exercise: the offers the group found"), partial(step_offers, lesson)),
        (_("Group exercise: ranked by what arrives"), partial(step_ranking, lesson)),
    ]


def move(by: int, count: int) -> None:
    st.session_state["present_step"] = min(max(st.session_state.get("present_step", 0) + by, 0), count - 1)


def render_presentation(lesson: Lesson) -> None:
    """One screen (present_step), with Back and Next above it."""
    shown = screens(lesson)
    step = min(max(int(st.session_state.get("present_step", 0)), 0), len(shown) - 1)
    title, show = shown[step]
    # Back and Next above the screen, so a long answer never pushes them off a 720-pixel projector
    back, where, forward = st.columns([1, 3, 1], vertical_alignment="center")
    back.button(_("◀ Back"), key="present_back", on_click=move, args=(-1, len(shown)), disabled=step == 0)
    where.caption(_("{route} · screen {n} of {total}", route=lesson.route, n=step + 1, total=len(shown)))
    forward.button(
        _("Next ▶"), key="present_next", on_click=move, args=(1, len(shown)), disabled=step == len(shown) - 1
    )
    st.header(title)
    show()
