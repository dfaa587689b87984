"""Financial-literacy material: the quiz ("which offer leaves your family more?") and its scoring.

The offers in the quiz are EXAMPLES for practice, not data: the right answer is never typed in, it
is computed with the same cost arithmetic as the rest of the app (remit.quotes).
"""

from __future__ import annotations

from dataclasses import dataclass

from remit.i18n import N_
from remit.quotes import QuoteCost, price_quote


@dataclass(frozen=True)
class Offer:
    label: str
    fee: float
    rate: float
    fee_on_top: bool = False


@dataclass(frozen=True)
class Question:
    """Send `amount` (sending currency); the mid-market rate is the fair rate that day."""

    amount: float
    mid_rate: float
    send_currency: str
    receive_currency: str
    offers: tuple[Offer, ...]
    lesson: str  # the point of the question, shown after the answer (a message id, translated by the page)

    def priced(self) -> list[QuoteCost]:
        return [
            price_quote(self.amount, o.fee, rate=o.rate, mid_rate=self.mid_rate, fee_on_top=o.fee_on_top)
            for o in self.offers
        ]

    def best(self) -> int:
        """Index of the offer that delivers the most for what is paid."""
        priced = self.priced()
        return max(range(len(priced)), key=lambda i: priced[i].received / priced[i].paid)


QUIZ: tuple[Question, ...] = (
    Question(
        15000,
        0.1210,
        "RUB",
        "TJS",
        (Offer(N_("Zero fee"), 0, 0.1150), Offer(N_("Fee 150 RUB"), 150, 0.1200)),
        N_("A zero fee can cost more: the exchange rate hides a margin of 5%, the fee is only 1%."),
    ),
    Question(
        300,
        19.90,
        "EUR",
        "MDL",
        (Offer(N_("Fee 3 EUR, rate 19.40"), 3, 19.40), Offer(N_("Fee 9 EUR, rate 19.85"), 9, 19.85)),
        N_("Compare what arrives, not the fee: the dearer fee comes with a much better rate."),
    ),
    Question(
        10000,
        0.1210,
        "RUB",
        "TJS",
        (
            Offer(N_("First transfer free, rate 0.1185"), 0, 0.1185),
            Offer(N_("Usual fee 100 RUB, rate 0.1205"), 100, 0.1205),
        ),
        N_("A free promotion is not free if the rate is worse: check what arrives."),
    ),
    Question(
        50000,
        0.1210,
        "RUB",
        "TJS",
        (
            Offer(N_("Fee 1% (500 RUB), rate 0.1200"), 500, 0.1200),
            Offer(N_("Fixed fee 300 RUB, rate 0.1185"), 300, 0.1185),
        ),
        N_("On larger amounts the exchange rate matters more than a small difference in the fee."),
    ),
    Question(
        100,
        1.0,
        "EUR",
        "EUR",
        (Offer(N_("Bank transfer, fee 12 EUR"), 12, 1.0), Offer(N_("Money transfer app, fee 2.50 EUR"), 2.5, 1.0)),
        N_("For small amounts a fixed fee is a large share: 12 EUR on 100 EUR is 12%."),
    ),
)


def score(answers: dict[int, int], questions: tuple[Question, ...] = QUIZ) -> tuple[int, int]:
    """(correct answers, questions answered) for {question index: chosen offer index}."""
    answered = {q: a for q, a in answers.items() if 0 <= q < len(questions)}
    correct = sum(1 for q, a in answered.items() if questions[q].best() == a)
    return correct, len(answered)
