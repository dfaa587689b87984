"""What each kind of spreadsheet may declare and use while it is read (remit.sandbox's limits)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from remit.messages import Num, msg

Purpose = Literal["price_list", "rpw"]
CHUNK_ROWS = 5_000
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one kind of file may declare and use while it is read."""

    max_rows: int  # per sheet
    max_columns: int
    max_cells: int  # per sheet, rows x columns as declared
    max_unpacked_bytes: int  # zip: all parts together
    max_ratio: float  # zip: unpacked / packed size of one part over 1 MB (Apache POI stops at 100)
    max_string_chars: int  # the longest text in one cell
    max_shared_strings_bytes: int
    memory_bytes: int  # the worker's address space
    cpu_seconds: int
    wall_seconds: float


LIMITS: dict[str, Limits] = {
    # A price list is read whole; the benchmark keeps 10,000 product rows and says when there are more.
    "price_list": Limits(
        max_rows=100_000,
        max_columns=256,
        max_cells=2_000_000,
        max_unpacked_bytes=64 * MB,
        max_ratio=200.0,
        max_string_chars=5_000,
        max_shared_strings_bytes=16 * MB,
        memory_bytes=1024 * MB,
        cpu_seconds=30,
        wall_seconds=45.0,
    ),
    # The World Bank's complete dataset: ~250,000 rows x ~45 columns over two sheets, ~50 MB packed.
    "rpw": Limits(
        max_rows=1_048_576,
        max_columns=128,
        max_cells=20_000_000,
        max_unpacked_bytes=2048 * MB,
        max_ratio=200.0,
        max_string_chars=32_767,  # Excel's own limit for a cell
        max_shared_strings_bytes=512 * MB,
        memory_bytes=3072 * MB,
        cpu_seconds=240,
        wall_seconds=300.0,
    ),
}

PURPOSE_TEXT = {"price_list": msg("a price list"), "rpw": msg("the RPW workbook")}


def mb(n: float) -> Num:
    return Num(n / MB, 1 if n < 10 * MB else 0)
