"""remit: remittance costs, flows and development impact over a DuckDB store of World Bank data."""

from __future__ import annotations

__version__ = "0.1.0"
