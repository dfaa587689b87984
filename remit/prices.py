"""Indicators from provider-level RPW prices (METHODOLOGY.md): all are SIMPLE means over services
at USD 200 unless stated, over transparent services by default (see Data & methods for why).

Global Average (SDG 10.c.1) = mean over every service in the quarter; corridor average = mean over
the corridor's services; averages by region, firm type, payment instrument, pickup method and
digital vs non-digital follow the same rule. SmaRT = per corridor, the mean of the three cheapest
services that are transparent, arrive within 5 days and are accessible.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from remit.errors import RemitError


class NoProviderData(RemitError):
    """Provider-level prices are needed and have not been imported."""

    def __init__(self) -> None:
        super().__init__(
            "Provider-level prices are not loaded. Import the World Bank's RPW complete dataset with "
            "'python -m remit import-rpw PATH' (or the Data & methods page), or download it with 'python -m remit update'."
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


def flag_services(df: pd.DataFrame) -> pd.DataFrame:
    """Add is_digital and qualifies_for_smart to provider rows."""
    send = df["payment_instrument"].fillna("").str.cat(df["access_point"].fillna(""), sep=" ")
    df["is_digital"] = send.str.contains(DIGITAL_SEND) & df["pickup_method"].fillna("").str.contains(DIGITAL_RECEIVE)
    df["qualifies_for_smart"] = (
        ~df["non_transparent"]
        & ~df["speed"].fillna("").str.contains(SLOW_SPEED)
        & ~df["coverage"].fillna("").str.contains(LIMITED_COVERAGE)
    )
    return df


def corridor_averages(services: pd.DataFrame, include_non_transparent: bool = False) -> pd.DataFrame:
    """Per corridor and quarter: the simple mean over services, and the splits the app shows."""
    s = services if include_non_transparent else services[~services["non_transparent"]]
    key = ["period", "sending_iso3", "receiving_iso3"]
    g = s.groupby(key)
    firm = s["firm_type"].fillna("").str.casefold()
    out = pd.DataFrame(
        {
            "total_cost_pct_200": g["total_cost_pct_200"].mean(),
            "total_cost_pct_500": g["total_cost_pct_500"].mean(),
            "fee_pct_200": g["fee_pct_200"].mean(),
            "fx_margin_pct_200": g["fx_margin_pct_200"].mean(),
            "bank_cost_pct_200": s[firm.str.contains("bank")].groupby(key)["total_cost_pct_200"].mean(),
            "mto_cost_pct_200": s[firm.str.contains("money transfer")].groupby(key)["total_cost_pct_200"].mean(),
            "services_n": g.size(),
            "digital_services_pct": g["is_digital"].mean() * 100,
        }
    ).reset_index()
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
        raise RemitError(f"No provider prices for {period}; the imported data covers {periods[0]} to {periods[-1]}.")
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
