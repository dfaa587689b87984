"""Reference rates (remit.rates) against local 127.0.0.1 servers that answer like the ECB and the Central
Bank of Russia (SYNTHETIC rates), including HTML, a 500, a time-out, malformed XML and rates of 0 or below."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from remit import rates

ECB = b"""<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
<gesmes:subject>Reference rates</gesmes:subject>
<Cube><Cube time="2026-12-01">
<Cube currency="USD" rate="1.1000"/><Cube currency="GBP" rate="0.8500"/><Cube currency="PLN" rate="4.2000"/>
</Cube></Cube></gesmes:Envelope>"""

CBR = """<?xml version="1.0" encoding="windows-1251"?>
<ValCurs Date="01.12.2026" name="Foreign Currency Market">
<Valute ID="R01235"><NumCode>840</NumCode><CharCode>USD</CharCode><Nominal>1</Nominal><Name>Доллар США</Name><Value>80,0000</Value></Valute>
<Valute ID="R01239"><NumCode>978</NumCode><CharCode>EUR</CharCode><Nominal>1</Nominal><Name>Евро</Name><Value>88,0000</Value></Valute>
<Valute ID="R01670"><NumCode>972</NumCode><CharCode>TJS</CharCode><Nominal>10</Nominal><Name>Сомони</Name><Value>80,0000</Value></Valute>
<Valute ID="R01717"><NumCode>860</NumCode><CharCode>UZS</CharCode><Nominal>10000</Nominal><Name>Сумов</Name><Value>62,5000</Value></Valute>
</ValCurs>""".encode("windows-1251")

ANSWERS = {
    "ecb": (200, ECB),
    "cbr": (200, CBR),
    "html": (200, b"<!DOCTYPE html><html><body>Maintenance</body></html>"),
    "500": (500, b"internal error"),
    "malformed": (200, b"<?xml version='1.0'?><ValCurs Date='01.12.2026'><Valute>"),
    "zero": (200, CBR.replace(b"<Value>62,5000</Value>", b"<Value>0</Value>")),
    "negative": (200, ECB.replace(b'rate="4.2000"', b'rate="-4.2"')),
    "older": (200, CBR.replace(b'Date="01.12.2026"', b'Date="01.11.2026"')),
}


class FakeBanks(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        name = self.path.strip("/")
        if name == "slow":
            time.sleep(1.0)
            name = "cbr"
        status, body = ANSWERS[name]
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except BrokenPipeError:  # the client gave up waiting (the time-out test)
            pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeBanks)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def feeds(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Point both feeds at the fake server; `point(ecb, cbr)` chooses the answers."""
    monkeypatch.setenv("REMIT_RATES_FILE", str(tmp_path / "rates" / "reference_rates.json"))
    monkeypatch.setattr(rates, "_MEMORY", {})

    def point(ecb: str = "ecb", cbr: str = "cbr") -> None:
        monkeypatch.setenv("REMIT_ECB_URL", f"{server}/{ecb}")
        monkeypatch.setenv("REMIT_CBR_URL", f"{server}/{cbr}")

    point()
    return point


def test_a_good_answer_is_cached_with_its_date(feeds, tmp_path: Path) -> None:  # noqa: ANN001
    said = [str(m) for m in rates.refresh(tmp_path)]
    assert said == ["European Central Bank: rates of 2026-12-01.", "Central Bank of Russia: rates of 2026-12-01."]
    tables = rates.cached_tables()
    assert tables["ECB"].per_base["USD"] == 1.1 and tables["ECB"].per_base["EUR"] == 1.0
    assert tables["CBR"].per_base["TJS"] == pytest.approx(10 / 80)  # 80 RUB per 10 TJS, decimal comma
    assert tables["CBR"].per_base["UZS"] == pytest.approx(10000 / 62.5)
    assert (tmp_path / "rates" / "reference_rates.json").is_file()


def test_cross_rates_within_and_across_feeds(feeds, tmp_path: Path) -> None:  # noqa: ANN001
    rates.refresh(tmp_path)
    tables = rates.cached_tables()
    today = date(2026, 12, 2)
    rub_tjs = rates.cross_rate("RUB", "TJS", tables, today)
    assert rub_tjs.value == pytest.approx(0.125) and rub_tjs.feeds == ("CBR",) and not rub_tjs.stale
    assert str(rub_tjs.label()) == "Reference rate: Central Bank of Russia, 2026-12-01."
    usd_tjs = rates.cross_rate("usd", "tjs", tables, today)
    assert usd_tjs.value == pytest.approx(10.0)  # 80 RUB per USD, 8 RUB per TJS
    eur_usd = rates.cross_rate("EUR", "USD", tables, today)
    assert eur_usd.value == pytest.approx(1.1) and eur_usd.feeds == ("ECB",)  # one feed, the ECB first
    pln_tjs = rates.cross_rate("PLN", "TJS", tables, today)  # PLN only at the ECB, TJS only at the CBR
    assert pln_tjs.feeds == ("ECB", "CBR")
    assert pln_tjs.value == pytest.approx(1 / 4.2 * 88 / 8)  # PLN -> EUR (ECB) -> RUB -> TJS (CBR)
    assert rates.cross_rate("RUB", "XXX", tables, today) is None
    later = rates.cross_rate("RUB", "TJS", tables, date(2026, 12, 20))
    assert later.stale and str(later.label()).endswith("It is 19 days old.")


def test_conversions(feeds, tmp_path: Path) -> None:  # noqa: ANN001
    rates.refresh(tmp_path)
    tables = rates.cached_tables()
    assert rates.in_usd(15000, "RUB", tables) == pytest.approx(187.5)
    assert rates.in_usd(200, "USD", {}) == 200
    assert rates.in_usd(15000, "RUB", {}, usd_per_unit=0.0125) == pytest.approx(187.5)  # typed by the user
    amount, rate = rates.convert(100, "GBP", "EUR", tables)
    assert amount == pytest.approx(100 / 0.85) and rate.feeds == ("ECB",)
    with pytest.raises(rates.RatesUnavailable, match="type the rate yourself"):
        rates.convert(100, "RUB", "TJS", {})  # offline, nothing cached
    with pytest.raises(rates.RatesUnavailable):
        rates.in_usd(100, "RUB", {}, usd_per_unit=-1)
    assert str(rates.amount_label(15000, "RUB", 187.5)) == "RUB15,000.00 (about $187.50)"  # Babel's en pattern


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ("html", "is not a table of rates"),
        ("500", "answered with an error (500)"),
        ("malformed", "is not valid XML"),
        ("zero", "rate of zero or below for UZS"),
        ("older", "older than the cached ones"),
    ],
)
def test_a_bad_answer_keeps_the_cached_rates(feeds, tmp_path: Path, answer: str, says: str) -> None:  # noqa: ANN001
    rates.refresh(tmp_path)
    feeds(cbr=answer)
    said = [str(m) for m in rates.refresh(tmp_path)]
    assert says in said[1]
    if answer != "older":
        assert said[1].endswith("The cached rates of 2026-12-01 are kept.")
    kept = rates.load_cache(tmp_path / "rates" / "reference_rates.json")["CBR"]
    assert kept.day == "2026-12-01" and kept.per_base["TJS"] == pytest.approx(0.125)
    assert not list((tmp_path / "rates").glob("*.tmp"))


def test_negative_rate_and_no_cache_says_only_the_problem(feeds, tmp_path: Path) -> None:  # noqa: ANN001
    feeds(ecb="negative", cbr="500")
    said = [str(m) for m in rates.refresh(tmp_path)]
    assert said[0] == "The European Central Bank answer gives a rate of zero or below for PLN: it was not used."
    assert said[1] == "The Central Bank of Russia answered with an error (500)."
    assert rates.cached_tables() == {}
    assert not (tmp_path / "rates" / "reference_rates.json").exists()


def test_a_timeout_and_no_server_are_quick_plain_messages(feeds, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    rates.refresh(tmp_path)
    feeds(cbr="slow")
    said = [str(m) for m in rates.refresh(tmp_path, feeds=("CBR",), timeout=0.2)]
    assert said == [
        "The Central Bank of Russia did not answer within 0.2 seconds. The cached rates of 2026-12-01 are kept."
    ]
    monkeypatch.setenv("REMIT_ECB_URL", "http://127.0.0.1:9/")  # the discard port: refused
    said = [str(m) for m in rates.refresh(tmp_path, feeds=("ECB",))]
    assert said == [
        "Could not reach the European Central Bank: no connection. The cached rates of 2026-12-01 are kept."
    ]
    assert rates.cached_tables()["ECB"].per_base["USD"] == 1.1


def test_an_unwritable_cache_keeps_the_rates_for_this_process(feeds, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("REMIT_RATES_FILE", str(blocked / "rates.json"))
    said = [str(m) for m in rates.refresh(tmp_path)]
    assert said[-1] == "Today's rates could not be saved on this server; they are used for this visit only."
    assert rates.cached_tables()["CBR"].per_base["TJS"] == pytest.approx(0.125)


def test_a_corrupt_cache_counts_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text("{not json")
    assert rates.load_cache(path) == {}


def test_country_currency() -> None:
    assert rates.country_currency("RUS") == "RUB"
    assert rates.country_currency("TJK") == "TJS"
    assert rates.country_currency("DEU") == "EUR"
    assert rates.country_currency("QQQ") is None
