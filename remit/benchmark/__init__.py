"""Benchmarking a financial institution's prices against the market (METHODOLOGY.md conventions).

A product is one way of sending money in one corridor at one amount. Its total cost follows the
World Bank's definition: total cost % = fee / amount sent x 100 + FX margin %, with FX margin % =
(mid-market rate - provider's rate) / mid-market rate x 100. It is compared with:

- the corridor average (mean over the services the World Bank surveyed in the corridor) in the
  corridor's latest quarter or a quarter the user names, and the distribution of all corridor
  averages in that quarter (percentile: the share of corridors cheaper than the price, ties half);
- the SDG 10.c levels: the 3% target and the 5% ceiling;
- where provider-level prices are imported: the corridor's services (rank and percentile among
  the transparent services), the cheapest service, SmaRT (mean of the three cheapest services that
  are transparent, arrive within 5 days and are accessible) and peer groups (services of the same
  firm type, payment instrument and pickup method).

Gaps are price minus level: positive means dearer than the level. In money, a gap is
amount x gap / 100 per transfer and that times the transfers a year the user gives.

The package, by what changes together:
- template.py: the price-list columns, the template (CSV, Excel), safe spreadsheet output;
- reading.py: an upload's bytes to records (encodings, delimiters; read_workbook is the only place a
  spreadsheet library opens a price list);
- price_list.py: records to products and reasons (parse_price_list, which never raises);
- products.py: the product model (validation of a row, Product, InvalidProduct, country names);
- market.py: the store's tables the comparison reads, and how old a quarter's figures are;
- comparison.py: percentile, rank, peer sets (the corridor's services, or corridors from the same sending
  country, to the same receiving country and region; the world only when asked), peer groups, reference
  levels and gaps (benchmark_frame);
- results.py: the tables drawn from a benchmarked result (peer_sets, references, peer_groups, corridor_spread,
  reference_history, positions).

Nothing here writes to the store.
"""

from __future__ import annotations

from remit.benchmark.comparison import (
    AGAINST,
    CORRIDOR_PEER_SETS,
    PEER_DIMENSIONS,
    REFERENCE_LEVELS,
    SERVICE_RESULT_COLUMNS,
    benchmark_frame,
    benchmark_price_list,
    benchmark_product,
    matches,
    percentile,
    resolve_product,
)
from remit.benchmark.market import (
    corridor_services,
    corridor_table,
    market_age,
    quarter_age_years,
    services_table,
)
from remit.benchmark.price_list import BAD_COLUMNS, GOOD_COLUMNS, PriceList, parse_price_list, sentence
from remit.benchmark.products import (
    COMMON_NAMES,
    DEFAULT_AMOUNT_USD,
    FEE_TOLERANCE_USD,
    MARGIN_TOLERANCE_PP,
    MIN_FX_MARGIN_PCT,
    REGION_LANGUAGES,
    STANDARD_FIRM_TYPES,
    STANDARD_INSTRUMENTS,
    STANDARD_PAYOUTS,
    STANDARD_SPEEDS,
    InvalidProduct,
    Product,
    margin_from_rates,
)
from remit.benchmark.reading import DELIMITERS, HEADER_SEARCH_ROWS, MAX_WORKBOOK_UNPACKED_BYTES, read_workbook
from remit.benchmark.results import (
    corridor_spread,
    peer_groups,
    peer_set_label,
    peer_sets,
    positions,
    reference_history,
    references,
)
from remit.benchmark.template import (
    ALIASES,
    AMBIGUOUS,
    MAX_PRICE_LIST_BYTES,
    MAX_PRICE_LIST_ROWS,
    NUMERIC_COLUMNS,
    REQUIRED,
    TEMPLATE_COLUMNS,
    TEMPLATE_NOTES,
    TEXT_COLUMNS,
    Column,
    safe_for_spreadsheet,
    template_csv,
    template_excel,
    template_frame,
    template_guide,
    to_excel,
)

__all__ = [
    "AGAINST", "ALIASES", "AMBIGUOUS", "CORRIDOR_PEER_SETS", "BAD_COLUMNS", "COMMON_NAMES", "DEFAULT_AMOUNT_USD", "DELIMITERS", "FEE_TOLERANCE_USD",
    "GOOD_COLUMNS", "HEADER_SEARCH_ROWS", "MARGIN_TOLERANCE_PP", "MAX_PRICE_LIST_BYTES", "MAX_PRICE_LIST_ROWS",
    "MAX_WORKBOOK_UNPACKED_BYTES", "MIN_FX_MARGIN_PCT", "NUMERIC_COLUMNS", "PEER_DIMENSIONS", "REFERENCE_LEVELS",
    "REGION_LANGUAGES", "REQUIRED", "SERVICE_RESULT_COLUMNS", "STANDARD_FIRM_TYPES", "STANDARD_INSTRUMENTS",
    "STANDARD_PAYOUTS", "STANDARD_SPEEDS", "TEMPLATE_COLUMNS", "TEMPLATE_NOTES", "TEXT_COLUMNS", "Column",
    "InvalidProduct", "PriceList", "Product", "benchmark_frame", "benchmark_price_list", "benchmark_product",
    "corridor_services", "corridor_spread", "corridor_table", "margin_from_rates", "market_age", "matches", "parse_price_list",
    "peer_groups", "peer_set_label", "peer_sets", "percentile", "positions", "quarter_age_years", "read_workbook", "reference_history", "references", "resolve_product",
    "safe_for_spreadsheet", "sentence", "services_table", "template_csv", "template_excel", "template_frame", "template_guide",
    "to_excel",
]  # fmt: skip
