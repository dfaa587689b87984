"""The keys of the domain: a country's ISO3 code and a corridor, each with one parser and one printer.

Every source writes some countries its own way (RPW: KSV for Kosovo, WDI and this store: XKX; old
codes ROM, ZAR, TMP; KNOMAD: names). `normalise_iso3` is the one place that mends them: the build
(remit.countries), the URL state (ui.url_state) and the CLI all go through it. A corridor travels as
"RUS-TJK" in URLs, CSVs and the CLI: `Corridor.parse` reads it back, `Corridor.code` writes it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Publishers' codes that differ from the store's (RPW writes Kosovo as KSV; WDI and this store use XKX).
CODE_OVERRIDES: dict[str, str] = {"KSV": "XKX", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS"}
# The code RPW publishes for a store code, where the two differ (kept in the country table).
RPW_CODES: dict[str, str] = {"XKX": "KSV"}

# World Bank / KNOMAD spellings found in the shipped files that neither WDI's metadata nor
# pycountry resolves (older vintages, missing hyphens, renamed countries).
NAME_OVERRIDES: dict[str, str] = {
    "Cape Verde": "CPV",
    "Faeroe Islands": "FRO",
    "GuineaBissau": "GNB",
    "TimorLeste": "TLS",
    "Korea, Dem. Rep.": "PRK",
    "Macedonia, FYR": "MKD",
    "Swaziland": "SWZ",
    "Turkey": "TUR",
    "Türkiye, Rep. of": "TUR",
    "Holy See": "VAT",
    "Kosovo": "XKX",
    "Netherlands Antilles": "ANT",
    "Virgin Islands (U.S.)": "VIR",
    "Gibralter": "GIB",
}

_ISO3_SHAPE = re.compile(r"[A-Za-z]{3}")
CORRIDOR_SEPARATOR = "-"


def norm_name(text: str) -> str:
    """Case, spacing and accents do not distinguish names ("Côte d'Ivoire" = "Cote d'Ivoire")."""
    decomposed = unicodedata.normalize("NFKD", " ".join(str(text).split()))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


_NAMES = {norm_name(name): iso3 for name, iso3 in NAME_OVERRIDES.items()}


def normalise_iso3(text: str, *, names: bool = True) -> str | None:
    """The store's ISO3 code for a code or a hand-kept name as a source or a user writes it, else None.

    Case and surrounding spaces do not matter; publishers' own codes are mended ("ksv " -> "XKX",
    "ROM" -> "ROU"). A well-formed code comes back whether or not a country has it ("zzz" -> "ZZZ":
    whether the store knows it is for the caller to say). With names=True the spellings in
    NAME_OVERRIDES are read too ("Kosovo" -> "XKX"); any other name is None (remit.countries resolves
    names against the store's country table).
    """
    t = " ".join(str(text).split())
    if _ISO3_SHAPE.fullmatch(t):
        code = t.upper()
        return CODE_OVERRIDES.get(code, code)
    return _NAMES.get(norm_name(t)) if names else None


def rpw_code(iso3: str) -> str:
    """The code RPW publishes for a store ISO3 code (XKX -> KSV; most codes are the same)."""
    return RPW_CODES.get(iso3, iso3)


@dataclass(frozen=True, order=True)
class Corridor:
    """A corridor: the sending and the receiving country's ISO3 codes."""

    send: str
    recv: str

    @property
    def code(self) -> str:
        """'RUS-TJK': the corridor's code in URLs, CSVs and the CLI."""
        return corridor_code(self.send, self.recv)

    def __str__(self) -> str:
        return self.code

    @classmethod
    def parse(cls, code: str) -> Corridor:
        """'RUS-TJK' (any case, spaces around; Kosovo as KSV or XKX) -> Corridor('RUS', 'TJK'); ValueError otherwise."""
        parts = str(code).strip().split(CORRIDOR_SEPARATOR)
        found = [normalise_iso3(p, names=False) if p == p.strip() else None for p in parts]
        if len(found) != 2 or None in found:
            raise ValueError(f"a corridor code looks like RUS-TJK, not {code!r}")
        return cls(found[0], found[1])


def corridor_code(send: str, recv: str) -> str:
    """'RUS-TJK' from the two codes; works on strings and on pandas columns of codes alike."""
    return send + CORRIDOR_SEPARATOR + recv
