"""Financial-literacy material on the room's corridor: the examples, the quiz and the group exercise.

A session is held for one corridor (a `Room`): its sending and receiving currencies, the amount the
group usually sends, the corridor's average cost from the World Bank survey (the fee and the margin
where the data splits them) and, when one is cached or typed, today's mid-market rate. The quiz offers
are EXAMPLES built from those numbers, not data: every offer shows its fee and its rate, and the right
answer is never typed in, it is computed with the cost arithmetic of the rest of the app
(remit.quotes). Without a mid-market rate an offer's rate is shown as its margin below the mid-market
rate, and what arrives is valued in the sending currency at that rate.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from remit.costs import age_message
from remit.messages import Message, Money, Num, Pct, msg
from remit.quotes import InvalidQuote, QuoteCost, price_quote

# A starting amount for the "amount the group usually sends" (about USD 200 in each currency), for when no
# reference rate converts USD 200: the trainer changes it. Not data.
USUAL_AMOUNTS = {
    "USD": 200,
    "EUR": 200,
    "GBP": 150,
    "CHF": 200,
    "RUB": 15000,
    "KZT": 100000,
    "UAH": 8000,
    "TRY": 7000,
    "PLN": 800,
    "CZK": 4500,
    "ILS": 700,
    "AED": 700,
    "SAR": 750,
}


PUBLIC_URL = "http://localhost:8501"  # where the app is served, unless REMIT_PUBLIC_URL says otherwise


def live_link(corridor_code: str, lang: str, base: str | None = None) -> str:
    """The Learn page for a corridor in a language, as printed on the handout (REMIT_PUBLIC_URL is the base)."""
    base = (base or os.environ.get("REMIT_PUBLIC_URL") or PUBLIC_URL).rstrip("/")
    query = {"corridor": corridor_code} | ({"lang": lang} if lang != "en" else {})
    return f"{base}/learn?{urlencode(query)}"


def data_age(period: str, today: date | None = None) -> Message:
    """'prices from 2021Q3, 5 years ago': the age as remit.costs.age_message states it everywhere."""
    return msg("prices from {age}", age=age_message(period, today))


def nice(value: float, digits: int = 2) -> float:
    """`value` rounded to `digits` significant figures (15,000 x 1.3% = 195 -> 200), as a trainer would say it."""
    if value <= 0 or not math.isfinite(value):
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(value)))


def rate_digits(rate: float) -> int:
    """Decimals that show a rate with four significant figures (0.1210, 19.40, 1.000)."""
    return max(0, 3 - math.floor(math.log10(rate)))


def usual_amount(currency: str, per_usd: float | None = None) -> float:
    """A starting amount for the group: USD 200 in `currency` at `per_usd` (units per US dollar), else a round
    amount of about that much, else 200."""
    if per_usd:
        return nice(200 * per_usd)
    return float(USUAL_AMOUNTS.get(currency.upper(), 200))


@dataclass(frozen=True)
class Room:
    """The corridor a session is about, and the group's habits."""

    send_currency: str
    receive_currency: str
    amount: float  # what the group usually sends, in send_currency
    transfers_per_year: int
    average_pct: float  # the corridor's average total cost (% of USD 200) in `period`
    period: str
    fee_pct: float | None = None  # the average's fee and margin, where the data splits the total
    margin_pct: float | None = None
    mid_rate: float | None = None  # receive_currency per 1 send_currency (reference rate or typed)

    @property
    def measured_split(self) -> bool:
        return self.fee_pct is not None and self.margin_pct is not None

    def split(self) -> tuple[float, float]:
        """(fee %, margin %) of the average: the data's split, else the total taken half and half."""
        if self.measured_split:
            return max(0.0, self.fee_pct), max(0.0, self.margin_pct)
        return self.average_pct / 2, self.average_pct / 2

    def average_offer(self) -> QuoteCost:
        """The corridor's average price on the group's amount: fee and rate as the average splits them."""
        fee_pct, margin = self.split()
        mid = self.mid_rate or 1.0
        return price_quote(self.amount, self.amount * fee_pct / 100, rate=mid * (1 - margin / 100), mid_rate=mid)

    def yearly(self, quote: QuoteCost) -> float:
        """What `quote`'s cost (fee and margin, in send_currency) adds up to over the group's transfers in a year."""
        return (quote.cost_in_sending_currency or 0.0) * self.transfers_per_year


@dataclass(frozen=True)
class Offer:
    """One example offer: the fee (sending currency, taken from the amount) and the margin below the mid rate."""

    name: Message
    fee: float
    margin_pct: float


@dataclass(frozen=True)
class Question:
    """Send `amount` (sending currency); the mid-market rate, when known, is the fair rate that day."""

    amount: float
    mid_rate: float | None
    send_currency: str
    receive_currency: str
    offers: tuple[Offer, ...]
    lesson: str  # a message id with {best}, {other}, {more}, {fee}, {fee_pct}, {margin} filled by lesson_for

    @property
    def digits(self) -> int:
        return rate_digits(self.mid_rate) if self.mid_rate else 4

    def rate(self, offer: Offer) -> float:
        """The offer's rate as shown: mid x (1 - margin), rounded as printed; without a mid rate 1 - margin."""
        if self.mid_rate is None:
            return 1 - offer.margin_pct / 100
        return round(self.mid_rate * (1 - offer.margin_pct / 100), self.digits)

    def priced(self) -> list[QuoteCost]:
        mid = self.mid_rate or 1.0
        return [price_quote(self.amount, o.fee, rate=self.rate(o), mid_rate=mid) for o in self.offers]

    def best(self) -> int:
        """Index of the offer that delivers the most for what is paid."""
        priced = self.priced()
        return max(range(len(priced)), key=lambda i: priced[i].received / priced[i].paid)

    def _fee(self, fee: float) -> Money:
        return Money(fee, self.send_currency, 0 if float(fee).is_integer() else 2)

    def prompt(self, n: int) -> Message:
        """The question as the room reads it: the amount and the mid-market rate (or how rates are given)."""
        if self.mid_rate is None:
            return msg(
                "**Question {n}.** You send {amount} to {recv}. Each rate is given as how far it is below "
                "today's mid-market rate.",
                n=n,
                amount=Money(self.amount, self.send_currency, 0),
                recv=self.receive_currency,
            )
        return msg(
            "**Question {n}.** You send {amount}. Today's mid-market rate is {mid} {recv} for 1 {send}.",
            n=n,
            amount=Money(self.amount, self.send_currency, 0),
            mid=Num(self.mid_rate, self.digits),
            recv=self.receive_currency,
            send=self.send_currency,
        )

    def label(self, k: int) -> Message:
        """'Zero fee: fee RUB 0, rate 0.1150 TJS for 1 RUB' (or '... rate 5.0% below the mid-market rate')."""
        o = self.offers[k]
        if self.mid_rate is None:
            return msg(
                "{name}: fee {fee}, rate {margin} below the mid-market rate",
                name=o.name,
                fee=self._fee(o.fee),
                margin=Pct(o.margin_pct, 1),
            )
        return msg(
            "{name}: fee {fee}, rate {rate} {recv} for 1 {send}",
            name=o.name,
            fee=self._fee(o.fee),
            rate=Num(self.rate(o), self.digits),
            recv=self.receive_currency,
            send=self.send_currency,
        )

    def working(self, k: int) -> Message:
        """The arithmetic of one offer with the question's numbers: what arrives and its total cost."""
        o, q = self.offers[k], self.priced()[k]
        if self.mid_rate is None:
            return msg(
                "{name}: ({amount} − {fee}) × (1 − {margin}) = {arrives} at the mid-market rate; total cost "
                "{fee_pct} + {margin} = {total}.",
                name=o.name,
                amount=Money(self.amount, self.send_currency, 0),
                fee=self._fee(o.fee),
                margin=Pct(o.margin_pct, 1),
                arrives=Money(q.received, self.send_currency),
                fee_pct=Pct(q.fee_pct),
                total=Pct(q.total_cost_pct),
            )
        return msg(
            "{name}: ({amount} − {fee}) × {rate} = {arrives}; fee {fee_pct} + margin {margin} = total cost {total}.",
            name=o.name,
            amount=Money(self.amount, self.send_currency, 0),
            fee=self._fee(o.fee),
            rate=Num(self.rate(o), self.digits),
            arrives=Money(q.received, self.receive_currency),
            fee_pct=Pct(q.fee_pct),
            margin=Pct(q.fx_margin_pct),
            total=Pct(q.total_cost_pct),
        )

    def lesson_for(self) -> Message:
        """The point of the question, with its numbers: the best offer, how much more it leaves, the other's costs."""
        priced, best = self.priced(), self.best()
        other = next(i for i in range(len(priced)) if i != best)
        currency = self.send_currency if self.mid_rate is None else self.receive_currency
        return msg(
            self.lesson,
            best=self.offers[best].name,
            other=self.offers[other].name,
            more=Money(priced[best].received - priced[other].received, currency),
            fee=self._fee(self.offers[other].fee),
            fee_pct=Pct(priced[other].fee_pct, 1),
            margin=Pct(priced[other].fx_margin_pct, 1),
            amount=Money(self.amount, self.send_currency, 0),
        )


LESSONS = (
    msg(
        "A zero fee can cost more: the rate of {other} is {margin} below the mid-market rate, more than the fee "
        "of {best}. {best} leaves {more} more."
    ).id,
    msg(
        "Compare what arrives, not the fee: {best} has the higher fee but a rate closer to the mid-market rate, "
        "and leaves {more} more."
    ).id,
    msg(
        "A free promotion is not free if the rate is worse: {other} takes {margin} in its rate. {best} leaves "
        "{more} more."
    ).id,
    msg(
        "On larger amounts the exchange rate matters more than a small difference in the fee: {best} leaves "
        "{more} more."
    ).id,
    msg(
        "For small amounts a fixed fee is a large share: {fee} on {amount} is {fee_pct}. {best} leaves {more} more."
    ).id,
)


def quiz(room: Room) -> tuple[Question, ...]:
    """Five questions on the room's corridor: its currencies, the group's amount, the corridor's average cost
    and (when known) the mid-market rate. Each offer's numbers are built so the lesson holds; which offer
    is best is still computed, never stated."""
    a, avg = room.amount, room.average_pct
    fee_pct, margin = room.split()
    big, small = nice(a * 4), nice(a / 5)

    def question(amount: float, offers: tuple[Offer, ...], lesson: str) -> Question:
        return Question(amount, room.mid_rate, room.send_currency, room.receive_currency, offers, lesson)

    return (
        question(
            a,
            (
                Offer(msg("Zero fee"), 0.0, round(avg + 1.5, 1)),
                Offer(msg("Usual offer"), nice(a * fee_pct / 100), round(margin, 1)),
            ),
            LESSONS[0],
        ),
        question(
            a,
            (
                Offer(msg("Low fee"), nice(a * 0.005), round(max(avg, 1.5) + 1, 1)),
                Offer(msg("Higher fee"), nice(a * 0.015), 0.3),
            ),
            LESSONS[1],
        ),
        question(
            a,
            (
                Offer(msg("First transfer free"), 0.0, round(avg + 1.0, 1)),
                Offer(msg("Usual fee"), nice(a * max(fee_pct, 0.5) / 100), round(min(margin, avg / 2), 1)),
            ),
            LESSONS[2],
        ),
        question(
            big,
            (
                Offer(msg("Fee 1%, good rate"), nice(big * 0.01), 0.5),
                Offer(msg("Lower fee, weaker rate"), nice(big * 0.005), 1.5),
            ),
            LESSONS[3],
        ),
        question(
            small,
            (
                Offer(msg("Bank, fixed fee"), nice(small * 0.08), 0.5),
                Offer(msg("Money transfer app"), nice(small * 0.01), 2.0),
            ),
            LESSONS[4],
        ),
    )


def score(answers: dict[int, int], questions: tuple[Question, ...]) -> tuple[int, int]:
    """(correct answers, questions answered) for {question index: chosen offer index}."""
    answered = {q: a for q, a in answers.items() if 0 <= q < len(questions)}
    correct = sum(1 for q, a in answered.items() if questions[q].best() == a)
    return correct, len(answered)


# ---- the group exercise: compare the offers the room collected ---------------------------------------


@dataclass(frozen=True)
class CollectedOffer:
    """A quote the group collected: the amount sent and fee (sending currency), and the rate or what arrives."""

    provider: str
    amount: float
    fee: float
    rate: float | None = None
    received: float | None = None


def compare_offers(
    offers: list[CollectedOffer], mid_rate: float | None = None
) -> tuple[list[tuple[CollectedOffer, QuoteCost]], list[tuple[CollectedOffer, Message]]]:
    """The complete offers priced and ranked best first by what arrives per unit paid, and the problem with
    each row that could not be priced. A row not yet filled in is skipped, not called a problem: no fee, no
    rate and nothing that arrives (the form fills in the group's amount, so an amount alone is not a start)."""
    priced: list[tuple[CollectedOffer, QuoteCost]] = []
    problems: list[tuple[CollectedOffer, Message]] = []
    for o in offers:
        if not o.fee and o.rate is None and o.received is None:
            continue
        try:
            priced.append((o, price_quote(o.amount, o.fee or 0.0, rate=o.rate, received=o.received, mid_rate=mid_rate)))
        except InvalidQuote as exc:
            problems.append((o, exc.message))
    priced.sort(key=lambda pq: -(pq[1].received / pq[1].paid))
    return priced, problems
