"""The domain keys: one ISO3 normaliser (Kosovo's KSV/XKX and names in one place) and the corridor key."""

from __future__ import annotations

import pandas as pd
import pytest

from remit.keys import Corridor, corridor_code, normalise_iso3, rpw_code


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("KSV", "XKX"),  # RPW's code for Kosovo
        ("XKX", "XKX"),  # WDI's, and the store's
        ("ksv", "XKX"),
        (" xkx\t", "XKX"),
        ("Kosovo", "XKX"),
        ("  kosovo ", "XKX"),
        ("ROM", "ROU"),
        ("tjk", "TJK"),
        ("Macedonia, FYR", "MKD"),
        ("ZZZ", "ZZZ"),  # a well-formed code comes back: whether a country has it is for the store to say
    ],
)
def test_normalise_iso3(text: str, iso3: str) -> None:
    assert normalise_iso3(text) == iso3


@pytest.mark.parametrize("text", ["Atlantis", "", "   ", "RU", "RUSS", "RUS-TJK", "12A"])
def test_normalise_iso3_unknown_is_none(text: str) -> None:
    assert normalise_iso3(text) is None


def test_names_can_be_left_out() -> None:
    assert normalise_iso3("Kosovo", names=False) is None
    assert normalise_iso3("KSV", names=False) == "XKX"


def test_rpw_code_is_the_inverse_for_kosovo() -> None:
    assert rpw_code("XKX") == "KSV" and rpw_code("TJK") == "TJK"
    assert normalise_iso3(rpw_code("XKX")) == "XKX"


@pytest.mark.parametrize(
    ("code", "send", "recv"),
    [
        ("RUS-TJK", "RUS", "TJK"),
        ("rus-tjk", "RUS", "TJK"),
        (" DEU-KSV ", "DEU", "XKX"),
        ("deu-xkx", "DEU", "XKX"),
        ("KSV-KSV", "XKX", "XKX"),
    ],
)
def test_corridor_parse(code: str, send: str, recv: str) -> None:
    corridor = Corridor.parse(code)
    assert corridor == Corridor(send, recv)
    assert (corridor.send, corridor.recv) == (send, recv)


@pytest.mark.parametrize("code", ["RUSTJK", "RUS-", "-TJK", "RUS-TJK-KGZ", "RUS - TJK", "RUS-Kosovo", "", "R1S-TJK"])
def test_corridor_parse_refuses(code: str) -> None:
    with pytest.raises(ValueError, match="RUS-TJK"):
        Corridor.parse(code)


def test_corridor_prints_its_code_and_round_trips() -> None:
    corridor = Corridor("RUS", "TJK")
    assert corridor.code == "RUS-TJK" == str(corridor)
    assert Corridor.parse(corridor.code) == corridor
    assert len({Corridor("RUS", "TJK"), Corridor.parse("rus-tjk")}) == 1  # hashable, a dictionary key


def test_corridor_code_on_columns() -> None:
    codes = corridor_code(pd.Series(["RUS", "DEU"]), pd.Series(["TJK", "XKX"]))
    assert list(codes) == ["RUS-TJK", "DEU-XKX"]
