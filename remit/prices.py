"""Indicators from provider-level RPW prices (METHODOLOGY.md): all are SIMPLE means over services
at USD 200 unless stated, over transparent services by default (see Data & methods for why).

Global Average (SDG 10.c.1) = mean over every service in the quarter; corridor average = mean over
the corridor's services; averages by region, firm type, payment instrument, pickup method and
digital vs non-digital follow the same rule. SmaRT = per corridor, the mean of the three cheapest
services that are transparent, arrive within 5 days and are accessible.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from remit.errors import RemitError
from remit.messages import msg


class NoProviderData(RemitError):
    """Provider-level prices are needed and have not been imported."""

    def __init__(self) -> None:
        super().__init__(
            msg(
                "Provider-level prices are not loaded. Import the World Bank's RPW complete dataset with "
                "'python -m remit import-rpw PATH' (or the Data & methods page), or download it with "
                "'python -m remit update'."
            )
        )


# Speeds that arrive in more than 5 days (RPW's "6 days or more"); everything else qualifies for SmaRT.
SLOW_SPEED = r"(?i)(?:6\s*days|more than 5|over 5)"
LIMITED_COVERAGE = r"(?i)(?:limited|restricted|few)"
# RPW: a digital remittance is sent online or self-assisted and received into a transaction account.
DIGITAL_SEND = r"(?i)(?:online|internet|mobile|app|self)"
DIGITAL_RECEIVE = r"(?i)(?:account|wallet|mobile|card)"

DIMENSIONS: dict[str, str] = {  # allow-list: the only grouping expressions built into SQL
    "firm_type": "p.firm_type",
    "payment_instrument": "p.payment_instrument",
    "pickup_method": "p.pickup_method",
    "sending_region": "s.wb_region",
    "receiving_region": "r.wb_region",
    "receiving_income_group": "r.wb_income_group",
    "digital": "CASE WHEN p.is_digital THEN 'digital' ELSE 'non-digital' END",
}


# The flags of each service, worked out in SQL as the store is built (is_digital, qualifies_for_smart),
# over the provider rows that 'remit import-rpw' saved as Parquet. The patterns are passed as parameters,
# so this text is constant; regexp_matches (RE2) reads these patterns as Python's re does.
_FLAGGED_SERVICES_MACRO = """
CREATE OR REPLACE TEMP MACRO flagged_services(path, digital_send, digital_receive, slow_speed, limited_coverage) AS TABLE
SELECT *,
       regexp_matches(coalesce(payment_instrument, '') || ' ' || coalesce(access_point, ''), digital_send)
           AND regexp_matches(coalesce(pickup_method, ''), digital_receive) AS is_digital,
       NOT non_transparent
           AND NOT regexp_matches(coalesce(speed, ''), slow_speed)
           AND NOT regexp_matches(coalesce(coverage, ''), limited_coverage) AS qualifies_for_smart
FROM read_parquet(path)
"""


def _flagged_params(con: duckdb.DuckDBPyConnection, parquet: Path) -> dict[str, str]:
    """Define flagged_services() on con; the parameters that read `parquet` through it."""
    con.execute(_FLAGGED_SERVICES_MACRO)
    return {
        "parquet": str(parquet),
        "digital_send": DIGITAL_SEND,
        "digital_receive": DIGITAL_RECEIVE,
        "slow_speed": SLOW_SPEED,
        "limited_coverage": LIMITED_COVERAGE,
    }


def count_services(con: duckdb.DuckDBPyConnection, parquet: Path) -> int:
    """How many provider rows the imported Parquet file holds."""
    return con.execute("SELECT count(*) FROM read_parquet($parquet)", {"parquet": str(parquet)}).fetchone()[0]


def insert_services(con: duckdb.DuckDBPyConnection, parquet: Path) -> int:
    """Copy the imported provider rows into provider_price with their flags; return how many were stored."""
    params = _flagged_params(con, parquet)
    return con.execute(
        "INSERT INTO provider_price BY NAME SELECT * FROM "
        "flagged_services($parquet, $digital_send, $digital_receive, $slow_speed, $limited_coverage)",
        params,
    ).fetchone()[0]


def corridor_averages(
    con: duckdb.DuckDBPyConnection, parquet: Path, include_non_transparent: bool = False
) -> pd.DataFrame:
    """Per corridor and quarter: the simple mean over services, and the splits the app shows, from the
    imported Parquet file (bank / MTO: the firm type contains 'bank' / 'money transfer', in any case)."""
    params = _flagged_params(con, parquet)
    out = con.execute(
        """SELECT period, sending_iso3, receiving_iso3,
                  favg(total_cost_pct_200) AS total_cost_pct_200,
                  favg(total_cost_pct_500) AS total_cost_pct_500,
                  favg(fee_pct_200) AS fee_pct_200,
                  favg(fx_margin_pct_200) AS fx_margin_pct_200,
                  favg(total_cost_pct_200) FILTER (WHERE contains(lower(coalesce(firm_type, '')), 'bank'))
                      AS bank_cost_pct_200,
                  favg(total_cost_pct_200) FILTER (WHERE contains(lower(coalesce(firm_type, '')), 'money transfer'))
                      AS mto_cost_pct_200,
                  count(*) AS services_n,
                  favg(is_digital::DOUBLE) * 100 AS digital_services_pct
           FROM flagged_services($parquet, $digital_send, $digital_receive, $slow_speed, $limited_coverage)
           WHERE $all OR NOT non_transparent
           GROUP BY period, sending_iso3, receiving_iso3
           ORDER BY period, sending_iso3, receiving_iso3""",
        {**params, "all": include_non_transparent},
    ).df()
    out["period_start"] = pd.PeriodIndex(out["period"], freq="Q").to_timestamp()
    return out


def _require(con: duckdb.DuckDBPyConnection) -> None:
    if con.execute("SELECT count(*) FROM provider_price").fetchone()[0] == 0:
        raise NoProviderData()


def has_provider_data(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT count(*) FROM provider_price").fetchone()[0] > 0


def latest_provider_period(con: duckdb.DuckDBPyConnection) -> str:
    _require(con)
    return con.execute("SELECT max(period) FROM provider_price").fetchone()[0]


def averages(con: duckdb.DuckDBPyConnection, period: str, include_non_transparent: bool = False) -> dict:
    """The World Bank's headline indicators for one quarter, from provider rows."""
    _require(con)
    periods = [r[0] for r in con.execute("SELECT DISTINCT period FROM provider_price ORDER BY 1").fetchall()]
    if period not in periods:
        raise RemitError(
            msg(
                "No provider prices for {period}; the imported data covers {first} to {last}.",
                period=str(period),
                first=periods[0],
                last=periods[-1],
            )
        )
    where = "p.period = ? AND (? OR NOT p.non_transparent)"
    params = [period, include_non_transparent]
    head = con.execute(
        f"SELECT avg(total_cost_pct_200), count(*), count(DISTINCT (sending_iso3, receiving_iso3)) FROM provider_price p WHERE {where}",  # noqa: S608 (constant)
        params,
    ).fetchone()
    result = {
        "period": period,
        "amount_usd": 200,
        "include_non_transparent": include_non_transparent,
        "global_average_pct": head[0],
        "services": head[1],
        "corridors": head[2],
    }
    for name in DIMENSIONS:
        result[f"by_{name}"] = by_dimension(con, period, name, include_non_transparent).to_dict(orient="records")
    return result


def by_dimension(
    con: duckdb.DuckDBPyConnection, period: str, dimension: str, include_non_transparent: bool = False
) -> pd.DataFrame:
    """Simple mean over services in one quarter, grouped by an allow-listed dimension."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {sorted(DIMENSIONS)}")
    expr = DIMENSIONS[dimension]
    return con.execute(
        f"""SELECT coalesce({expr}, 'not recorded') AS "group", avg(p.total_cost_pct_200) AS average_total_cost_pct,
                   count(*) AS services
            FROM provider_price p JOIN country s ON s.iso3 = p.sending_iso3 JOIN country r ON r.iso3 = p.receiving_iso3
            WHERE p.period = ? AND (? OR NOT p.non_transparent)
            GROUP BY 1 ORDER BY 2""",  # noqa: S608 (expr from the DIMENSIONS allow-list)
        [period, include_non_transparent],
    ).df()


def smart(con: duckdb.DuckDBPyConnection, period: str) -> pd.DataFrame:
    """Per corridor: SmaRT, the mean of the three cheapest qualifying USD 200 services (and how many qualified)."""
    _require(con)
    return con.execute(
        """WITH ranked AS (
               SELECT sending_iso3, receiving_iso3, total_cost_pct_200,
                      row_number() OVER (PARTITION BY sending_iso3, receiving_iso3 ORDER BY total_cost_pct_200) AS rank
               FROM provider_price WHERE period = ? AND qualifies_for_smart)
           SELECT sending_iso3, receiving_iso3, avg(total_cost_pct_200) AS smart_pct,
                  count(*) AS services_used, min(total_cost_pct_200) AS cheapest_pct
           FROM ranked WHERE rank <= 3 GROUP BY 1, 2 ORDER BY 1, 2""",
        [period],
    ).df()
