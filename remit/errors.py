"""Exceptions for bad input, each carrying a message (remit.messages) a user can act on.

`exc.message` is the Message; str(exc) is its English text (the CLI prints it); a page shows it in the
reader's language with ui.i18n.say(exc.message).
"""

from __future__ import annotations

from remit.messages import Joined, Message, msg


class RemitError(Exception):
    """Base class: the message is meant to be shown to the user as it is."""

    def __init__(self, message: Message | str = ""):
        self.message = message if isinstance(message, Message) else Message(str(message))
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


def _shown(text: str) -> str:
    """A user's text, shortened when it is long (it is repeated back in the message)."""
    return text if len(text) <= 80 else f"{text[:60]}… ({len(text):,})"


class UnknownCountry(RemitError):
    """A country name or code that the data does not know."""

    def __init__(self, text: str, suggestions: list[str] | None = None):
        self.text = text
        self.suggestions = suggestions or []
        if self.suggestions:
            message = msg(
                "Unknown country '{text}'. Did you mean: {suggestions}?",
                text=_shown(text),
                suggestions=Joined(tuple(self.suggestions)),
            )
        else:
            message = msg("Unknown country '{text}'.", text=_shown(text))
        super().__init__(message)


class UnknownCorridor(RemitError):
    """A sending/receiving pair with no cost data."""

    def __init__(self, sending: str, receiving: str, from_sending: list[str], to_receiving: list[str]):
        self.from_sending, self.to_receiving = from_sending, to_receiving
        hints = []
        if from_sending:
            hints.append(
                msg(
                    "from {sending} the data has corridors to {countries}",
                    sending=sending,
                    countries=Joined(tuple(from_sending)),
                )
            )
        if to_receiving:
            hints.append(
                msg(
                    "to {receiving} it has corridors from {countries}",
                    receiving=receiving,
                    countries=Joined(tuple(to_receiving)),
                )
            )
        hint = Joined(tuple(hints), "; ") if hints else msg("neither country has a corridor with cost data")
        super().__init__(
            msg(
                "No cost data for the corridor {sending} -> {receiving}: {hint}.",
                sending=sending,
                receiving=receiving,
                hint=hint,
            )
        )


class DataFileError(RemitError):
    """A data file that cannot be read as its source's layout says."""

    def __init__(self, file: str, problem: Message | str, row: int | None = None):
        self.file, self.row, self.problem = file, row, problem
        if row is not None:
            message = msg("{file}, row {row}: {problem}", file=file, row=row, problem=problem)
        else:
            message = msg("{file}: {problem}", file=file, problem=problem)
        super().__init__(message)


class StoreUnavailable(RemitError):
    """The DuckDB store is missing, corrupt or from an older version of remit."""


class WriteFailed(RemitError):
    """A file could not be written: the folder is read-only, the disk is full, or another OS error.

    Raised instead of the OSError or DuckDB error, so that a page can say it in plain words (and keep
    serving the last good store) and the CLI can print one line.
    """

    READ_ONLY = frozenset({30, 13, 1})  # EROFS, EACCES, EPERM
    FULL = frozenset({28, 122})  # ENOSPC, EDQUOT

    def __init__(self, folder: object, cause: BaseException):
        self.folder, self.cause = str(folder), cause
        errno, text = getattr(cause, "errno", None), str(cause)
        if errno in self.READ_ONLY or "read-only file system" in text.lower() or "permission denied" in text.lower():
            message = msg("Nothing could be written in {folder}: the folder is read-only.", folder=self.folder)
        elif errno in self.FULL or "no space left" in text.lower() or "disk quota" in text.lower():
            message = msg("Nothing could be written in {folder}: the disk is full.", folder=self.folder)
        else:
            reason = getattr(cause, "strerror", None) or type(cause).__name__
            message = msg("Nothing could be written in {folder} ({reason}).", folder=self.folder, reason=reason)
        super().__init__(message)


class UnknownPeriod(RemitError):
    """A quarter that is malformed or has no corridor data."""

    def __init__(
        self, text: str, first: str, last: str, last_complete: str | None = None, malformed: bool = False
    ) -> None:
        self.text, self.first, self.last = text, first, last
        values = {"text": _shown(text), "first": first, "last": last}
        if malformed:
            message = msg(
                "'{text}' is not a quarter like 2020Q3: the data has quarters from {first} to {last}.", **values
            )
        else:
            message = msg("'{text}' has no corridor cost data: the data has quarters from {first} to {last}.", **values)
        if last_complete and last_complete != last:
            message = msg(
                "{problem} Every corridor has data to {complete}, some to {last}.",
                problem=message,
                complete=last_complete,
                last=last,
            )
        super().__init__(message)


class MissingData(RemitError):
    """A figure the request needs is not in the data; the message names the closest one that is."""


class UnsafeFile(RemitError):
    """A spreadsheet that declares or needs more than its purpose allows, or that crashed the reader (remit.sandbox).

    `reason` is a short code: format, damaged, parts, unpacked, ratio, dimensions, shared_strings, long_text,
    password, memory, cpu, time, crash, unreadable.
    """

    def __init__(self, message: Message | str, reason: str = "unsafe"):
        self.reason = reason
        super().__init__(message)
