"""Check your quotes and Compare providers in the sender's money, with a cached reference rate (SYNTHETIC
rates written into the cache file; no network)."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from apptest import ok, open_page
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from remit import safe

pytestmark = pytest.mark.usefixtures("app_env")


def _cache(rub_per: dict[str, float], day: str | None = None) -> None:
    """A CBR table in the cache the app reads: roubles per unit of each currency."""
    path = Path(os.environ["REMIT_RATES_FILE"])
    path.parent.mkdir(parents=True, exist_ok=True)
    table = {"day": day or date.today().isoformat(), "fetched_at": "", "per_base": {"RUB": 1.0}}
    table["per_base"] |= {code: 1 / v for code, v in rub_per.items()}
    path.write_text(json.dumps({"CBR": table}), encoding="utf-8")


def test_quotes_prefill_the_reference_rate_with_its_source_and_date() -> None:
    _cache({"TJS": 8.0, "USD": 80.0}, day="2026-11-02")
    at = open_page("views/my_quotes.py")
    assert at.number_input(key="q_mid").value == pytest.approx(0.125)
    assert any(c.value.startswith("Reference rate: Central Bank of Russia, 2026-11-02.") for c in at.caption)
    assert any("days old" in c.value for c in at.caption)  # a stale rate says its age
    assert any("Provider B" in w.value and "away from the reference rate" in w.value for w in at.warning)


def test_without_a_rate_the_user_types_it_and_another_pair_clears_the_examples() -> None:
    at = open_page("views/my_quotes.py")
    assert at.number_input(key="q_mid").value is None  # an empty box to type into, not "0.000000"
    assert any("No reference rate for RUB → TJS here" in c.value for c in at.caption)
    text = " ".join(m.value for m in at.markdown)
    # without the mid-market rate the ranked list gives no total cost at all rather than a bare dash
    assert "1. **Provider A**: **1,752.30 TJS** arrive" in text and "total cost" not in text
    # the corridor's average says its quarter and how old it is
    assert "was **1.85%** in 2021Q3, 5 years ago (World Bank" in text
    at.number_input(key="q_mid").set_value(0.121).run()
    at.text_input(key="q_cur_send").set_value("EUR").run()
    ok(at)
    assert at.number_input(key="q_mid").value is None  # the old pair's rate is not kept for the new one
    assert any("at least two offers" in i.value for i in at.info)  # no example priced in the wrong currency
    assert not any("%" in m.value and "Provider A" in m.value for m in at.markdown)


def test_the_cheapest_is_said_and_transfers_are_whole() -> None:
    _cache({"TJS": 8.2})
    at = open_page("views/my_quotes.py")
    assert at.number_input(key="y_n").value == 1 and isinstance(at.number_input(key="y_n").value, int)
    at.selectbox(key="y_now").set_value("Provider A").run()
    ok(at)
    text = " ".join(m.value for m in at.markdown)
    assert "is already the cheapest of these offers" in text and "1 transfer a month" in text
    assert "more a year" not in text


def test_compare_in_roubles_with_the_reference_rate() -> None:
    _cache({"TJS": 8.0, "USD": 80.0})
    at = open_page("views/send_money.py")
    assert at.number_input(key="s_mid").value == pytest.approx(10.0)  # USD -> TJS prefilled: 80 / 8
    at.get("button_group")[0].set_value("RUB").run()
    ok(at)
    assert at.number_input(key="s_mid").value == pytest.approx(0.125)  # RUB -> TJS
    assert at.number_input(key="amount").value == pytest.approx(16000.0)  # US$ 200 at 80 RUB
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rough cost on your amount"] == "296.00 RUB"  # 1.85% (RUS-TJK, 2021Q3) of 16,000 RUB
    text = " ".join(c.value for c in at.caption)
    assert "An estimate, not a quote: the average cost of sending USD 200 in 2021Q3 (1.85%)" in text
    assert "Your amount is about US$ 200." in text
    assert "About **1,963 TJS** would arrive" in text  # (16,000 - 296) x 0.125
    at.selectbox(key="to").set_value("UKR").run()  # another corridor, the same sender's currency
    ok(at)


def test_compare_offline_in_roubles_still_gives_the_cost_in_roubles() -> None:
    at = open_page("views/send_money.py")
    at.get("button_group")[0].set_value("RUB").run()
    ok(at)
    assert {m.label: m.value for m in at.metric}[
        "Rough cost on your amount"
    ] == "3.70 RUB"  # 1.85% of 200 RUB typed as is
    assert any("No reference rate for RUB → TJS here" in c.value for c in at.caption)


def test_compare_providers_in_roubles(provider_env: Path) -> None:
    _cache({"TJS": 8.0, "USD": 75.0})
    at = open_page("views/send_money.py")
    at.get("button_group")[0].set_value("RUB").run()
    ok(at)
    assert at.number_input(key="amount").value == pytest.approx(15000.0)  # US$ 200 at 75 RUB
    ranked = at.dataframe[0].value
    assert list(ranked["Provider"]) == ["Alpha", "Beta", "Gamma", "Delta"]
    assert "What arrives (TJS, at the mid-market rate above)" in ranked.columns


# --- Provider names the visitor types are text, everywhere they are shown --------------------------------

EVIL_HTML = '<a href="https://evil.example">x</a>'
EVIL_MD = "[click](https://evil.example)"
EVIL_TEX = "$x$"
EVIL_FORMULA = '=HYPERLINK("https://evil.example","x")'
LONG = "y" * 20_000
# Where each would act as markup (an unescaped character that starts it); the long name must be cut.
LIVE = {
    "an HTML link": re.compile(r"(?<!\\)<a"),
    "a Markdown link": re.compile(r"(?<!\\)\[click"),
    "LaTeX": re.compile(r"(?<!\\)\$x"),
    "a formula's link": re.compile(r"(?<!\\)\(\"https"),
    "a 20,000-character name": re.compile("y{61}"),
}


def _type_offers(at: AppTest, key: str, state: dict) -> AppTest:
    """Run the page as after a visitor typed into the data editor `key` (AppTest cannot type into one):
    the editor's state as the browser sends it (edited and added rows), beside the other widgets' values."""
    editor = next(e for e in at.get("dataframe") if key in e.proto.id)
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=editor.proto.id, string_value=json.dumps(state)))
    return ok(at._run(states))


def test_provider_names_typed_in_check_your_quotes_are_plain_text() -> None:
    _cache({"TJS": 8.2})  # a mid-market rate: the comparison with the corridor and the year's cost are shown
    at = open_page("views/my_quotes.py")
    offers = {
        "edited_rows": {"0": {"Provider": EVIL_HTML, "Fee": 0.0, "Rate": 0.121}, "1": {"Provider": EVIL_MD}},
        "added_rows": [
            {"Provider": EVIL_TEX, "Fee": 100.0, "Rate": 0.115},
            {"Provider": EVIL_FORMULA, "Fee": 0.0, "Rate": 0.09},  # far from the reference rate: a warning
            {"Provider": LONG, "Fee": 0.0},  # no rate: an error naming it
        ],
        "deleted_rows": [],
    }
    at = _type_offers(at, "q_offers_RUB_TJS", offers)
    kinds = ("title", "header", "subheader", "markdown", "caption", "success", "info", "warning", "error")
    texts = [str(e.value) for kind in kinds for e in at.get(kind)]
    shown = " ".join(texts)
    for part in ("evil.example", "click", "HYPERLINK", "x\\$", "yyy"):  # each name is shown, as text
        assert part in shown, part
    assert any("HYPERLINK" in w for w in (e.value for e in at.warning))  # quote_checks' note names it
    assert any("yyy" in e.value for e in at.error)  # the offer without a rate is named
    assert at.subheader[0].value.startswith("Best: \\<a href")
    live = [(what, text[:120]) for text in texts for what, pattern in LIVE.items() if pattern.search(text)]
    assert not live, live
    table = at.dataframe[1].value  # the ranked table: names on one line, capped like a label
    assert set(table["Provider"]) == {EVIL_HTML, EVIL_MD, EVIL_TEX, EVIL_FORMULA}
    assert safe.csv_bytes(table).decode().count("'=HYPERLINK") == 1  # its download (ui.widgets.download)


def test_a_typed_currency_is_a_code_not_markup() -> None:
    """The currencies are typed too (up to 12 characters): only their letters and digits reach the labels and the text."""
    at = open_page("views/my_quotes.py")
    at.text_input(key="q_cur_send").set_value("[u](//e.ee)").run()
    at.text_input(key="q_cur_recv").set_value("$x$").run()
    ok(at)
    labels = [w.label for kind in ("number_input", "text_input") for w in at.get(kind)]
    texts = [str(e.value) for kind in ("markdown", "caption", "info", "warning") for e in at.get(kind)]
    assert "Amount you send (ueee)" in labels, labels
    for text in [*labels, *texts]:
        assert "](" not in text and "$x" not in text, text
