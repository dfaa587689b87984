"""The market tables the comparison reads from the store: corridor averages and surveyed services, and how
old the market figures of a quarter are."""

from __future__ import annotations

import duckdb
import pandas as pd

from remit.costs import age_message, quarter_age_years

__all__ = ["corridor_services", "corridor_table", "market_age", "quarter_age_years", "services_table"]


# How old a quarter's market figures are: the library's one age function (remit.costs).
market_age = age_message


def corridor_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every corridor average in the store (one row per corridor and quarter) with its source and the
    receiving country's World Bank region (the peer set 'corridors to the same region')."""
    return con.execute(
        """SELECT c.period, c.sending_iso3, c.receiving_iso3, s.name AS sending_name, r.name AS receiving_name,
                  r.wb_region AS receiving_region,
                  c.total_cost_pct_200, c.bank_cost_pct_200, c.mto_cost_pct_200, c.services_n, c.source_id
           FROM corridor_cost c JOIN country s ON s.iso3 = c.sending_iso3 JOIN country r ON r.iso3 = c.receiving_iso3
           ORDER BY c.period, c.sending_iso3, c.receiving_iso3"""
    ).df()


_SERVICE_COLUMNS = """period, sending_iso3, receiving_iso3, firm, firm_type, payment_instrument, pickup_method, speed,
                      non_transparent, qualifies_for_smart, total_cost_pct_200"""


def services_table(con: duckdb.DuckDBPyConnection, period: str) -> pd.DataFrame:
    """Every surveyed service (provider prices, USD 200) in one quarter; empty without an import."""
    return con.execute(
        f"SELECT {_SERVICE_COLUMNS} FROM provider_price WHERE period = ? ORDER BY sending_iso3, receiving_iso3, firm",  # noqa: S608 (constant)
        [period],
    ).df()


def corridor_services(con: duckdb.DuckDBPyConnection, sending_iso3: str, receiving_iso3: str) -> pd.DataFrame:
    """Every surveyed service of one corridor, in every quarter; empty without an import."""
    return con.execute(
        f"SELECT {_SERVICE_COLUMNS} FROM provider_price WHERE sending_iso3 = ? AND receiving_iso3 = ? ORDER BY period, firm",  # noqa: S608 (constant)
        [sending_iso3, receiving_iso3],
    ).df()
