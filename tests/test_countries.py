"""Country names and codes from every source resolve to one ISO3 key."""

from __future__ import annotations

import pytest

from remit.countries import CountryResolver
from remit.errors import UnknownCountry


@pytest.fixture
def resolver() -> CountryResolver:
    r = CountryResolver()
    for iso, name in [
        ("RUS", "Russian Federation"),
        ("KGZ", "Kyrgyz Republic"),
        ("XKX", "Kosovo"),
        ("CIV", "Côte d'Ivoire"),
        ("TUR", "Türkiye"),
        ("ISR", "Israel"),
        ("SRB", "Serbia"),
        ("TJK", "Tajikistan"),
        ("VIR", "Virgin Islands (U.S.)"),
    ]:
        r.add(iso, name)
    return r


@pytest.mark.parametrize(
    ("published", "iso3"),
    [
        ("Kyrgyz Republic", "KGZ"),
        ("Russian Federation", "RUS"),
        ("Cote d'Ivoire", "CIV"),  # accents do not matter
        ("Türkiye, Rep. of", "TUR"),  # KNOMAD 2023
        ("Turkey", "TUR"),  # older vintages
        ("Israel (using CB data)", "ISR"),  # a note in brackets
        ("Vietnam ", "VNM"),  # trailing space; pycountry knows it
        ("Macedonia, FYR", "MKD"),
        ("Virgin Islands (U.S.)", "VIR"),  # brackets that are part of the name
    ],
)
def test_published_names_resolve(resolver: CountryResolver, published: str, iso3: str) -> None:
    assert resolver.iso3(published) == iso3


def test_kosovo_codes_from_rpw_and_wdi(resolver: CountryResolver) -> None:
    assert resolver.code("KSV") == "XKX"
    assert resolver.code("XKX") == "XKX"
    assert resolver.resolve("Kosovo") == "XKX"  # never pycountry's fuzzy match to Serbia


def test_user_input_accepts_codes_names_and_name_starts(resolver: CountryResolver) -> None:
    assert resolver.resolve("rus") == "RUS"
    assert resolver.resolve("Russia") == "RUS"
    assert resolver.resolve("Tajik") == "TJK"


def test_unknown_names_suggest_close_ones(resolver: CountryResolver) -> None:
    with pytest.raises(UnknownCountry) as err:
        resolver.resolve("Rusia")
    assert err.value.suggestions[0] == "Russian Federation (RUS)"
    assert "Did you mean: Russian Federation (RUS)" in str(err.value)


def test_totals_are_not_economies(resolver: CountryResolver) -> None:
    for label in (
        "World",
        "WORLD",
        "Other South",
        "Unidentified*",
        "Total Remittances",
        "Low-and Middle-Income Countries",
    ):
        assert not resolver.is_economy_label(label)
    assert resolver.is_economy_label("Tajikistan")


def test_historic_codes_are_known_but_kept_apart(resolver: CountryResolver) -> None:
    assert resolver.code("ANT") == "ANT"  # Netherlands Antilles appears in early RPW corridors
    assert resolver.extra["ANT"] == "Netherlands Antilles"
