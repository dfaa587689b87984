"""Financial-literacy mode: quiz scoring, the handout PDF read back, the Learn page in each language."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
import segno
from apptest import app, metrics, ok, open_page
from pypdf import PdfReader

from remit import costs, learning
from remit.handout import QR_SCALE, handout, offers_sheet
from remit.i18n import Translator, complete_scopes, in_scope
from remit.learning import (
    CollectedOffer,
    Room,
    compare_offers,
    data_age,
    live_link,
    quiz,
    score,
)

# The languages promised complete for the handout (remit/locales/complete.txt) and for the Learn page
HANDOUT_LANGUAGES = ["en", *(c for c, scope in complete_scopes().items() if in_scope(["remit/handout.py"], scope))]
LEARN_LANGUAGES = ["en", *(c for c, scope in complete_scopes().items() if in_scope(["views/learn.py"], scope))]
HISTORY = [("2019Q3", 2.4), ("2019Q4", None), ("2020Q1", 2.2), ("2020Q2", 2.1), ("2020Q3", 2.0)]


ROOMS = [
    Room("RUB", "TJS", 15000, 12, 2.08, "2020Q3"),  # no mid-market rate: margins below it, valued in RUB
    Room("RUB", "TJS", 15000, 12, 2.08, "2020Q3", mid_rate=0.1210),
    Room("EUR", "MDL", 300, 6, 3.9, "2020Q3", fee_pct=1.2, margin_pct=2.7, mid_rate=19.90),
    Room("KZT", "UZS", 100000, 24, 1.1, "2020Q3", mid_rate=26.1),
]


@pytest.mark.parametrize("room", ROOMS, ids=lambda r: f"{r.send_currency}-{r.receive_currency}-{r.mid_rate}")
def test_quiz_on_the_corridor_is_scored_from_its_own_numbers(room: Room) -> None:
    questions = quiz(room)
    assert len(questions) == 5
    for q in questions:
        assert (q.send_currency, q.receive_currency, q.mid_rate) == (
            room.send_currency,
            room.receive_currency,
            room.mid_rate,
        )
        # the best answer, recomputed here from what the question shows: (amount - fee) x the printed rate
        mid = q.mid_rate or 1.0
        shown_rates = [q.rate(o) for o in q.offers]
        arrives = [(q.amount - o.fee) * r for o, r in zip(q.offers, shown_rates, strict=True)]
        assert q.best() == arrives.index(max(arrives))
        assert [p.received for p in q.priced()] == pytest.approx(arrives)
        # every number the arithmetic needs is on the screen: the rate as printed, the fee, the amount
        en = Translator("en")
        for k, o in enumerate(q.offers):
            label = en.render(q.label(k))
            assert room.send_currency in label
            if q.mid_rate is not None:
                assert en.number(shown_rates[k], q.digits) in label
                assert room.receive_currency in en.render(q.working(k))
            else:
                assert en.percent(o.margin_pct, 1) in label
        prompt = en.render(q.prompt(1))
        assert room.send_currency in prompt and room.receive_currency in prompt
        if q.mid_rate is not None:
            assert en.number(mid, q.digits) in prompt
        lesson = en.render(q.lesson_for())
        assert en.render(q.offers[q.best()].name) in lesson
    best = {i: q.best() for i, q in enumerate(questions)}
    assert score(best, questions) == (5, 5)
    assert score({i: 1 - b for i, b in best.items()}, questions) == (0, 5)
    assert score({0: best[0], 1: 1 - best[1]}, questions) == (1, 2)
    assert score({99: 0}, questions) == (0, 0)  # answers to questions that do not exist are ignored


def test_feedback_works_the_arithmetic_with_the_question_numbers() -> None:
    q = quiz(ROOMS[1])[0]
    text = Translator("en").render(q.working(1))
    # average 2.08% halved: a fee of 1.04% of RUB 15,000 said as RUB 160; (15,000 - 160) x 0.1198 = TJS 1,777.83
    assert q.offers[1].fee == 160 and q.rate(q.offers[1]) == 0.1198
    assert text.startswith("Usual offer: (RUB15,000 − RUB160) × 0.1198 = TJS1,777.83;")


def test_room_uses_the_data_split_or_says_it_halves_the_total() -> None:
    assert ROOMS[2].split() == (1.2, 2.7) and ROOMS[2].measured_split
    assert ROOMS[0].split() == (1.04, 1.04) and not ROOMS[0].measured_split
    offer = ROOMS[2].average_offer()
    assert offer.total_cost_pct == pytest.approx(3.9)
    assert ROOMS[2].yearly(offer) == pytest.approx(offer.cost_in_sending_currency * 6)


def test_compare_offers_ranks_by_what_arrives() -> None:
    ranked, problems = compare_offers(
        [
            CollectedOffer("A", 15000, 150, rate=0.118),
            CollectedOffer("B", 15000, 0, received=1700),
            CollectedOffer("C", 15000, 20000, rate=0.12),  # a fee above the amount: said, not priced
            CollectedOffer("", 0, 0),  # an empty row is skipped
            CollectedOffer("Offer 5", 15000, 0),  # the group's amount filled in, nothing typed: not yet a problem
            CollectedOffer("F", 15000, 100),  # a fee but no rate nor what arrives: said
        ],
        mid_rate=0.121,
    )
    assert [o.provider for o, _ in ranked] == ["A", "B"]
    assert ranked[0][1].received == pytest.approx(14850 * 0.118)
    assert [o.provider for o, _ in problems] == ["C", "F"]


def test_data_age_in_words() -> None:
    # one age function: remit.costs.age_message (whole years from the quarter's start)
    assert str(data_age("2021Q3", date(2026, 12, 2))) == "prices from 2021Q3, 5 years ago"
    assert str(data_age("2025Q3", date(2026, 2, 1))) == "prices from 2025Q3, less than a year ago"
    assert str(data_age("2025Q1", date(2026, 6, 1))) == "prices from 2025Q1, 1 year ago"
    assert str(data_age("2021Q3")) == f"prices from {costs.age_message('2021Q3')}"
    assert not hasattr(learning, "quarter_age_years")


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "h.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages), len(reader.pages)


LONG_HISTORY = [(f"{y}Q{q}", 2.0 + (y - 2011) * 0.1) for y in range(2011, 2021) for q in range(1, 5)]
SOURCE = "The World Bank, Remittance Prices Worldwide (Corridors) (2020-12-07); World Bank, RPW aggregated (2025)"


def _handout(lang: str, history=HISTORY) -> bytes:
    t = Translator(lang)
    return handout(
        t,
        sending_name=t.country("RUS", "Russian Federation"),
        receiving_name=t.country("TJK", "Tajikistan"),
        amount=15000,
        currency="RUB",
        history=history,
        source=SOURCE,
        link=live_link("RUS-TJK", lang, base="https://remit.example.org"),
        today=date(2026, 12, 2),
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "Sending money from Russian Federation to Tajikistan",
                "What you pay",
                "2.00%",
                "prices from 2020Q3, 6 years ago",
                "Total cost, % of USD 200 sent",
                "Checklist",
                "Ask for the exchange rate",
                "Questions to ask before you send",
                "Why 3%?",
                "Scan for this corridor, live:",
            ],
        ),
        (
            "ru",
            [
                "Россия",
                "Что вы платите",
                "2,00 %",
                "2020Q3",
                "6 лет",
                "Что спросить перед отправкой",
                "Почему 3%?",
            ],
        ),
    ],
)
def test_handout_pdf_says_what_it_should(lang: str, expected: list[str], tmp_path: Path) -> None:
    text, pages = _text(_handout(lang), tmp_path)
    assert pages == 1
    for phrase in expected:
        assert phrase in text, phrase


@pytest.mark.parametrize("lang", HANDOUT_LANGUAGES)
def test_handout_fits_one_a4_page(lang: str) -> None:
    pdf = _handout(lang, LONG_HISTORY)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_handout_qr_code_decodes_to_the_live_page(lang: str) -> None:
    link = live_link("RUS-TJK", lang, base="https://remit.example.org")
    reader = PdfReader(io.BytesIO(_handout(lang)))
    (image,) = reader.pages[0].images
    pixels = image.image.convert("L")
    expected = segno.make(link, error="m")
    size = expected.symbol_size(scale=1, border=4)[0]
    assert pixels.size == (size * QR_SCALE, size * QR_SCALE)
    read = [
        [
            pixels.getpixel((c * QR_SCALE + QR_SCALE // 2, r * QR_SCALE + QR_SCALE // 2)) < 128
            for c in range(4, size - 4)
        ]
        for r in range(4, size - 4)
    ]
    assert read == [[bool(v) for v in row] for row in expected.matrix]
    # the same link is printed under the code and is a clickable link on the page
    annotations = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    assert any(a.get("/A", {}).get("/URI") == link for a in annotations)


def test_offers_sheet_is_one_page(tmp_path: Path) -> None:
    ranked, _ = compare_offers([CollectedOffer("Bank <b>A</b>", 15000, 150, rate=0.118)], 0.121)
    text, pages = _text(
        offers_sheet(Translator("ru"), ranked, send_currency="RUB", receive_currency="TJS", title="x"), tmp_path
    )
    assert pages == 1 and "Bank <b>A</b>" in text


def test_handout_needs_some_data() -> None:
    with pytest.raises(ValueError, match="no cost data"):
        handout(
            Translator("en"),
            sending_name="A",
            receiving_name="B",
            amount=200,
            currency="USD",
            history=[("2020Q3", None)],
            source="s",
            link="http://localhost:8501/learn",
        )


@pytest.mark.parametrize("lang", LEARN_LANGUAGES)
def test_learn_page_runs_in_each_complete_language(lang: str, app_env: None) -> None:
    at = app()
    at.query_params["lang"] = lang  # before the first run: the language is taken from the link then
    ok(at.switch_page("views/learn.py").run())
    assert at.title[0].value == Translator(lang)("What sending money really costs")
    if lang == "ru":
        assert at.title[0].value == "Сколько на самом деле стоит денежный перевод"
    questions = quiz(Room("RUB", "TJS", 15000, 12, 2.0, "2020Q3"))  # RUS-TJK in 2020Q3, no rate cached
    ok(at.radio(key="quiz_0").set_value(questions[0].best()).run())
    assert at.success
    assert metrics(at)[at.metric[-1].label] == f"1 / {len(questions)}"
    ok(at.radio(key="quiz_1").set_value(1 - questions[1].best()).run())
    assert at.error and at.metric[-1].value == f"1 / {len(questions)}"
    # the options carry the corridor's currencies and the numbers the answer needs
    assert all("RUB" in o or "₽" in o for o in at.radio(key="quiz_0").options)


def test_learn_uses_the_group_amount_and_the_typed_rate(app_env: None) -> None:
    at = open_page("views/learn.py")
    ok(at.number_input(key="l_amount_RUB").set_value(20000).run())
    ok(at.number_input(key="l_mid_RUB_TJS").set_value(0.121).run())
    assert all("TJS for 1 RUB" in o for o in at.radio(key="quiz_0").options)
    assert any("0.1210 TJS for 1 RUB" in m.value for m in at.markdown)
    shown = metrics(at)
    assert any(v.startswith("TJS") for v in shown.values())  # what arrives, in somoni


def test_group_exercise_ranks_the_offers(app_env: None) -> None:
    at = open_page("views/learn.py")
    assert not at.warning  # the offers not yet filled in are not called wrong before anyone has typed
    assert any("The ranking appears here" in i.value for i in at.info)
    at.text_input(key="ex_0_provider").set_value("Bank A")
    at.number_input(key="ex_0_fee").set_value(150)
    at.number_input(key="ex_0_rate").set_value(0.118)
    at.text_input(key="ex_1_provider").set_value("App B")
    ok(at.number_input(key="ex_1_received").set_value(1760).run())
    shown = metrics(at)
    assert shown["1. App B"] == "TJS1,760.00" and shown["2. Bank A"] == "TJS1,752.30"  # (15,000 - 150) x 0.118


def test_projector_view_hides_the_chrome_and_shows_one_step(app_env: None) -> None:
    at = open_page("views/learn.py", present="true")
    css = " ".join(h.proto.body for h in at.get("html"))
    for hidden in ('[data-testid="stSidebar"]', '[data-testid="stHeader"]', '[data-testid="stToolbar"]', "footer"):
        assert hidden in css
    assert not at.tabs  # one step at a time, not tabs
    assert [h.value for h in at.header] == ["1. The fee"]
    assert at.button(key="present_back").disabled and not at.button(key="present_next").disabled
    ok(at.button(key="present_next").click().run())
    assert [h.value for h in at.header] == ["2. The exchange rate"]
    ok(at.button(key="present_back").click().run())
    assert [h.value for h in at.header] == ["1. The fee"]
    normal = open_page("views/learn.py")
    assert len(normal.tabs) == 7 and not normal.get("html")
