"""Financial-literacy mode: quiz scoring, the handout PDF read back, the Learn page in each language."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from remit.handout import handout
from remit.i18n import Translator, complete_scopes, in_scope
from remit.learning import QUIZ, score

ROOT = Path(__file__).resolve().parent.parent
# The languages promised complete for the handout (remit/locales/complete.txt) and for the Learn page
HANDOUT_LANGUAGES = ["en", *(c for c, scope in complete_scopes().items() if in_scope(["remit/handout.py"], scope))]
LEARN_LANGUAGES = ["en", *(c for c, scope in complete_scopes().items() if in_scope(["views/learn.py"], scope))]
HISTORY = [("2019Q3", 2.4), ("2019Q4", None), ("2020Q1", 2.2), ("2020Q2", 2.1), ("2020Q3", 2.0)]


def test_quiz_answers_are_computed_not_typed_in() -> None:
    # question 1: zero fee at 0.1150 vs 150 RUB at 0.1200 on 15,000 RUB -> 1,725 vs 1,782 TJS: the fee wins
    assert QUIZ[0].best() == 1
    received = [q.received for q in QUIZ[0].priced()]
    assert received == pytest.approx([15000 * 0.1150, 14850 * 0.1200])


def test_quiz_score() -> None:
    best = {i: q.best() for i, q in enumerate(QUIZ)}
    assert score(best) == (len(QUIZ), len(QUIZ))
    wrong = {i: 1 - b for i, b in best.items()}
    assert score(wrong) == (0, len(QUIZ))
    assert score({0: best[0], 1: 1 - best[1]}) == (1, 2)
    assert score({99: 0}) == (0, 0)  # answers to questions that do not exist are ignored


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "h.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages), len(reader.pages)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "Sending money from Russian Federation to Tajikistan",
                "What you pay",
                "2.00%",
                "2020Q3",
                "Questions to ask before you send",
                "Why 3%?",
            ],
        ),
        (
            "ru",
            [
                "Денежные переводы: Russian Federation → Tajikistan",
                "Что вы платите",
                "2,00 %",
                "2020Q3",
                "Что спросить перед отправкой",
                "Почему 3%?",
            ],
        ),
    ],
)
def test_handout_pdf_says_what_it_should(lang: str, expected: list[str], tmp_path: Path) -> None:
    pdf = handout(
        Translator(lang),
        sending_name="Russian Federation",
        receiving_name="Tajikistan",
        amount_usd=200,
        history=HISTORY,
        source="The World Bank, Remittance Prices Worldwide.",
    )
    text, pages = _text(pdf, tmp_path)
    assert pdf.startswith(b"%PDF") and 1 <= pages <= 2
    for phrase in expected:
        assert phrase in text, phrase


@pytest.mark.parametrize("lang", HANDOUT_LANGUAGES)
def test_handout_fits_one_page_in_every_complete_language(lang: str, tmp_path: Path) -> None:
    """Read back: one A4 page, in the language's own words and number format, whatever its text length."""
    t = Translator(lang)
    pdf = handout(
        t,
        sending_name="Russian Federation",
        receiving_name="Tajikistan",
        amount_usd=200,
        history=HISTORY,
        source="The World Bank, Remittance Prices Worldwide.",
    )
    text, pages = _text(pdf, tmp_path)
    assert pages == 1
    for phrase in (t("What you pay"), t("Questions to ask before you send"), t("Why 3%?"), t.percent(2.0)):
        assert " ".join(phrase.split()) in text, phrase  # the text read back has its spaces normalised
    if lang != "en":
        assert "What you pay" not in text


def test_handout_needs_some_data() -> None:
    with pytest.raises(ValueError, match="no cost data"):
        handout(
            Translator("en"),
            sending_name="A",
            receiving_name="B",
            amount_usd=200,
            history=[("2020Q3", None)],
            source="s",
        )


@pytest.mark.parametrize("lang", LEARN_LANGUAGES)
def test_learn_page_runs_in_each_complete_language(
    lang: str, real_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REMIT_STORE", str(real_store))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("views/learn.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == Translator(lang)("What sending money really costs")
    if lang == "ru":
        assert at.title[0].value == "Сколько на самом деле стоит денежный перевод"
    at.radio(key="quiz_0").set_value(QUIZ[0].best()).run()
    assert at.success and not at.exception
    assert at.metric[-1].value == f"1 / {len(QUIZ)}"
    at.radio(key="quiz_1").set_value(1 - QUIZ[1].best()).run()
    assert at.error and at.metric[-1].value == f"1 / {len(QUIZ)}"
    st.cache_data.clear()
