"""Exceptions for bad input, each carrying a message a user can act on."""

from __future__ import annotations


class RemitError(Exception):
    """Base class: the message is meant to be shown to the user as it is."""


class UnknownCountry(RemitError):
    """A country name or code that the data does not know."""

    def __init__(self, text: str, suggestions: list[str] | None = None):
        self.text = text
        self.suggestions = suggestions or []
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        shown = text if len(text) <= 80 else f"{text[:60]}… ({len(text):,} characters)"
        super().__init__(f"Unknown country '{shown}'.{hint}")


class UnknownCorridor(RemitError):
    """A sending/receiving pair with no cost data."""

    def __init__(self, sending: str, receiving: str, from_sending: list[str], to_receiving: list[str]):
        self.from_sending, self.to_receiving = from_sending, to_receiving
        hints = []
        if from_sending:
            hints.append(f"from {sending} the data has corridors to {', '.join(from_sending)}")
        if to_receiving:
            hints.append(f"to {receiving} it has corridors from {', '.join(to_receiving)}")
        hint = "; ".join(hints) if hints else "neither country has a corridor with cost data"
        super().__init__(f"No cost data for the corridor {sending} -> {receiving}: {hint}.")


class DataFileError(RemitError):
    """A data file that cannot be read as its source's layout says."""

    def __init__(self, file: str, problem: str, row: int | None = None):
        self.file, self.row, self.problem = file, row, problem
        where = f"{file}, row {row}" if row is not None else file
        super().__init__(f"{where}: {problem}")


class StoreUnavailable(RemitError):
    """The DuckDB store is missing, corrupt or from an older version of remit."""


class UnknownPeriod(RemitError):
    """A quarter that is malformed or has no corridor data."""

    def __init__(
        self, text: str, first: str, last: str, last_complete: str | None = None, malformed: bool = False
    ) -> None:
        self.text, self.first, self.last = text, first, last
        what = "is not a quarter like 2020Q3" if malformed else "has no corridor cost data"
        extra = (
            f" (every corridor to {last_complete}, some to {last})" if last_complete and last_complete != last else ""
        )
        super().__init__(f"'{text}' {what}: the data has quarters from {first} to {last}{extra}.")


class MissingData(RemitError):
    """A figure the request needs is not in the data; the message names the closest one that is."""
