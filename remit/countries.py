"""Country names and codes: one ISO3 key for World Bank, KNOMAD and RPW spellings.

The World Bank's own names come from the WDI country metadata shipped in data/ (the publisher's
list, not ours); anything else goes through pycountry. What neither knows is in the explicit
override tables of remit.keys (with normalise_iso3, the one place codes such as Kosovo's KSV/XKX are
mended), the only hand-kept part.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pycountry

from remit.errors import UnknownCountry
from remit.keys import CODE_OVERRIDES, NAME_OVERRIDES, normalise_iso3
from remit.keys import norm_name as _norm

# Rows and columns in the published tables that are totals or residuals, not economies.
NOT_ECONOMIES: frozenset[str] = frozenset(
    s.casefold()
    for s in (
        "World",
        "Total",
        "Total Remittances",
        "Other North",
        "Other South",
        "Unidentified*",
        "Unidentified",
        "Low-and Middle-Income Countries",
        "Low- and Middle-Income Countries",
    )
)

_NOTE_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")  # "Israel (using CB data)" -> "Israel"
# The longest name a source or a user could mean ("Micronesia, Federated States of (using ...)" and
# the like are far shorter): longer input is unknown at once, so a pasted page of text or a crafted
# URL cannot make the matching below (a regex, difflib) run for minutes.
MAX_NAME_CHARS = 200
_CODE = re.compile(r"[A-Za-z]{3}")
__all__ = ["CODE_OVERRIDES", "NAME_OVERRIDES", "NOT_ECONOMIES", "CountryResolver", "normalise_iso3"]
SUGGEST_CANDIDATES = 40  # names compared closely for a suggestion: those sharing the most trigrams with the text
MAX_KEPT_SUGGESTIONS = 4096


@dataclass
class CountryResolver:
    """Maps names and codes to ISO3, knowing the World Bank's names first."""

    names: dict[str, str] = field(default_factory=dict)  # normalised name -> ISO3
    display: dict[str, str] = field(default_factory=dict)  # ISO3 -> display name
    extra: dict[str, str] = field(default_factory=dict)  # ISO3 outside WDI -> name
    # The suggestion index (normalised name, ISO3, label; trigram -> entries), built once per set of names,
    # and the answers already given: an unknown name costs a dict look-up the second time.
    _index: tuple[int, list[tuple[str, str, str]], dict[str, list[int]]] | None = field(default=None, repr=False)
    _suggested: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _misses: set[str] = field(default_factory=set, repr=False)

    def add(self, iso3: str, name: str) -> None:
        """Register a publisher's name for a code; the first name seen is the display name."""
        self.names.setdefault(_norm(name), iso3)
        self.display.setdefault(iso3, name.strip())

    def is_economy_label(self, name: str) -> bool:
        """False for the totals and residual rows of published tables ('World', 'Other South')."""
        return _norm(name) not in NOT_ECONOMIES

    def code(self, code: str, *, suggest: bool = True) -> str:
        """A publisher's ISO3 code -> the store's ISO3 code (suggest=False: no 'did you mean' search, for bulk checks)."""
        c = normalise_iso3(code, names=False) or str(code).strip().upper()
        if c in self.display or c in self.extra:
            return c
        hit = pycountry.countries.get(alpha_3=c) or pycountry.historic_countries.get(alpha_3=c)
        if hit is not None:
            return self._known(c, hit.name)
        raise UnknownCountry(code, self.suggest(code) if suggest else None)

    def iso3(self, name: str) -> str:
        """A country name in any spelling the shipped sources use -> ISO3."""
        if len(str(name)) > MAX_NAME_CHARS:
            raise UnknownCountry(str(name))
        key = _norm(name)
        if key in self.names:
            return self.names[key]
        if key in self._misses:  # looked up before, and unknown
            raise UnknownCountry(str(name), self.suggest(str(name)))
        if (iso := normalise_iso3(name)) is not None and not _CODE.fullmatch(str(name).strip()):
            return self._known(iso, str(name).strip())
        stripped = _NOTE_SUFFIX.sub("", str(name)).strip()
        if stripped and _norm(stripped) != key:
            return self.iso3(stripped)
        try:
            hit = pycountry.countries.lookup(str(name).strip())
        except LookupError:
            hit = None
        if hit is not None:
            return self._known(hit.alpha_3, hit.name)
        if len(self._misses) >= MAX_KEPT_SUGGESTIONS:
            self._misses.clear()
        self._misses.add(key)
        raise UnknownCountry(str(name), self.suggest(str(name)))

    def resolve(self, text: str) -> str:
        """User input: an ISO3 code (KSV accepted), a name, or the start of one ('Russia')."""
        t = str(text).strip()
        if _CODE.fullmatch(t):
            c = normalise_iso3(t)
            if c in self.display or c in self.extra:
                return c
        try:
            return self.iso3(t)
        except UnknownCountry:
            starts = [k for k, v in self.display.items() if _norm(v).startswith(_norm(t))] if len(t) >= 4 else []
            if len(starts) == 1:
                return starts[0]
            raise

    @classmethod
    def from_table(cls, countries: Iterable[tuple[str, str]]) -> CountryResolver:
        """A resolver over the store's country table (iso3, name) rows."""
        resolver = cls()
        for iso3, name in countries:
            resolver.add(iso3, name)
        return resolver

    def _known(self, iso: str, name: str) -> str:
        if iso not in self.display:
            historic = pycountry.historic_countries.get(alpha_3=iso)
            self.extra.setdefault(iso, historic.name if historic else name)
        return iso

    def _suggestion_index(self) -> tuple[list[tuple[str, str, str]], dict[str, list[int]]]:
        if self._index is None or self._index[0] != len(self.display):
            entries = [(_norm(name), iso, f"{name} ({iso})") for iso, name in self.display.items()]
            grams: dict[str, list[int]] = {}
            for i, (key, _iso, _label) in enumerate(entries):
                for g in _trigrams(key):
                    grams.setdefault(g, []).append(i)
            self._index = (len(self.display), entries, grams)
            self._suggested.clear()
        return self._index[1], self._index[2]

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Close names and codes, for 'did you mean' messages.

        Only the names that share the most trigrams with the text are compared with difflib (a few dozen of
        ~270), and each text's answer is kept: an upload full of unknown names costs milliseconds, not minutes.
        """
        t = _norm(text)
        if not t or len(t) > MAX_NAME_CHARS:
            return []
        entries, grams = self._suggestion_index()
        if t in self._suggested:
            return self._suggested[t]
        shared: dict[int, int] = {}
        for g in _trigrams(t):
            for i in grams.get(g, ()):
                shared[i] = shared.get(i, 0) + 1
        candidates = sorted(shared, key=lambda i: -shared[i])[:SUGGEST_CANDIDATES]
        candidates += [i for i, (_key, iso, _label) in enumerate(entries) if iso.casefold() == t]
        matcher = difflib.SequenceMatcher(None, "", t)  # t is the second sequence: difflib indexes it once
        scored = []
        for i in dict.fromkeys(candidates):
            key, iso, label = entries[i]
            matcher.set_seq1(key)
            whole = matcher.ratio()
            matcher.set_seq1(key[: len(t) + 1])  # "Rusia" ~ "Russian Federation"
            score = max(whole, matcher.ratio(), 1.0 if t == iso.casefold() else 0.0)
            scored.append((score, label))
        scored.sort(key=lambda x: -x[0])
        found = [label for score, label in scored[:n] if score >= 0.6]
        if len(self._suggested) >= MAX_KEPT_SUGGESTIONS:
            self._suggested.clear()
        self._suggested[t] = found
        return found


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}
