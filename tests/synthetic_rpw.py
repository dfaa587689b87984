"""A SYNTHETIC provider-level workbook in the layout of the World Bank's RPW complete dataset.

Every price here is made up. Both data sheets are written with their own columns, plus the
awkward cases METHODOLOGY.md names: a non-transparent service (margin 0 with a note), a negative
FX margin, a total that disagrees with fee + margin, a placeholder rate of 1, a slow service, and
rows that must be rejected (unknown country code, no total cost, a period that is not a quarter).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

# The price of sending USD 200 (cc1) and USD 500 (cc2), the same seven columns each, in both sheets.
PRICE_FIELDS = ["lcu amount", "denomination amount", "lcu code", "lcu fee", "lcu fx rate", "fx margin", "total cost %"]
PRICE_COLUMNS = [f"cc{n} {field}" for n in (1, 2) for field in PRICE_FIELDS]


def _prices(  # noqa: PLR0917 (the cells of one price, in sheet order)
    lcu_200: float, fee: float | None, rate: float, margin: float, total_200: float | None, total_500: float | None
) -> list:
    """The cc1 and cc2 cells: USD 200 and USD 500 worth of RUB (2.5 times as much), the same fee, rate and margin."""
    return [lcu_200, 200, "RUB", fee, rate, margin, total_200, lcu_200 * 2.5, 500, "RUB", fee, rate, margin, total_500]


OLD_HEADER = [
    "period",
    "source_code",
    "source_name",
    "destination_code",
    "destination_name",
    "firm",
    "firm_type",
    "product",
    "sending location",
    "coverage",
    "pick-up method",
    "speed actual",
    *PRICE_COLUMNS,
    "inter lcu bank fx",
    "transparent",
    "note1",
]
NEW_HEADER = [
    "period",
    "source_code",
    "source_name",
    "source_region",
    "source_income",
    "source_lending",
    "source_G8G20",
    "destination_code",
    "destination_name",
    "destination_region",
    "destination_income",
    "destination_lending",
    "destination_G8G20",
    "firm",
    "firm_type",
    "payment instrument",
    "access point",
    "speed actual",
    *PRICE_COLUMNS,
    "inter lcu bank fx",
    "transparent",
    "Standard Note",
    "note2",
    "receiving network coverage",
    "pickup location",
    "pickup method",
    "date",
    "corridor",
]


def _new(  # noqa: PLR0917 (one argument per sheet column the tests vary)
    period: str,
    send: str,
    recv: str,
    firm: str,
    firm_type: str,
    instrument: str,
    access: str,
    pickup: str,
    speed: str,
    fee: float | None,
    margin: float,
    total: float | None,
    transparent: str = "yes",
    rate: float = 0.0107,
    note: str = "",
) -> list:
    """One row of the 'from Q2 2016' sheet, sending 200 USD worth of 15,000 RUB (amounts made up)."""
    return [
        period,
        send,
        send,
        "ECA",
        "HIC",
        "",
        "",
        recv,
        recv,
        "ECA",
        "LMIC",
        "",
        "",
        firm,
        firm_type,
        instrument,
        access,
        speed,
        *_prices(15000.0, fee, rate, margin, total, total),
        0.0108,
        transparent,
        note,
        "",
        "Nationwide",
        "Agent",
        pickup,
        "2016-05-01",
        f"{send}_{recv}",
    ]


NEW_ROWS = [
    # RUS -> TJK, 2016 Q2: four transparent services 1, 2, 3, 8 % (fee% + margin = total)
    _new(
        "2016_2Q",
        "RUS",
        "TJK",
        "Alpha",
        "Money Transfer Operator",
        "Online",
        "Online",
        "Bank account",
        "Less than one hour",
        75.0,
        0.5,
        1.0,
    ),
    _new(
        "2016_2Q", "RUS", "TJK", "Beta", "Money Transfer Operator", "Cash", "Agent", "Cash", "Same day", 150.0, 1.0, 2.0
    ),
    _new("2016_2Q", "RUS", "TJK", "Gamma", "Bank", "Account", "Branch", "Cash", "Next day", 300.0, 1.0, 3.0),
    _new("2016_2Q", "RUS", "TJK", "Delta", "Bank", "Account", "Branch", "Cash", "6 days or more", 900.0, 2.0, 8.0),
    # non-transparent: margin recorded as 0 with a note; kept, flagged, excluded from averages
    _new(
        "2016_2Q",
        "RUS",
        "TJK",
        "Opaque",
        "Money Transfer Operator",
        "Cash",
        "Agent",
        "Cash",
        "Same day",
        0.0,
        0.0,
        0.0,
        transparent="no",
        note="The exchange rate is not disclosed",
    ),
    # negative FX margin (a promotion): kept and flagged
    _new(
        "2016_2Q",
        "DEU",
        "KSV",
        "Promo",
        "Money Transfer Operator",
        "Online",
        "Online",
        "Mobile wallet",
        "Same day",
        150.0,
        -0.5,
        0.5,
    ),
    # total disagrees with fee% + margin (1 + 1 = 2, recorded 5): kept and flagged
    _new("2016_2Q", "DEU", "KSV", "Odd", "Bank", "Account", "Branch", "Cash", "Next day", 150.0, 1.0, 5.0),
    # placeholder rate of 1: kept, flagged, never used in arithmetic
    _new(
        "2016_2Q",
        "DEU",
        "KSV",
        "Placeholder",
        "Post office",
        "Cash",
        "Branch",
        "Cash",
        "2 days",
        300.0,
        2.0,
        4.0,
        rate=1.0,
    ),
    # rejected: unknown country, no total cost, a period that is not a quarter
    _new("2016_2Q", "RUS", "ZZZ", "Nowhere", "Bank", "Cash", "Branch", "Cash", "Same day", 150.0, 1.0, 2.0),
    _new("2016_2Q", "RUS", "TJK", "Blank", "Bank", "Cash", "Branch", "Cash", "Same day", 150.0, 1.0, None),
    _new("2016 spring", "RUS", "TJK", "Vague", "Bank", "Cash", "Branch", "Cash", "Same day", 150.0, 1.0, 2.0),
]


def _old(  # noqa: PLR0917 (one argument per sheet column the tests vary)
    recv: str, recv_name: str, firm: str, firm_type: str, product: str, location: str, speed: str,
    fee: float, total_200: float, total_500: float,
) -> list:  # fmt: skip
    """One row of the 'up to Q1 2016' sheet: 2011 Q1 from Russia, 6,000 RUB for USD 200 (amounts made up)."""
    period_send = ["2011_1Q", "RUS", "Russia"]
    service = [recv, recv_name, firm, firm_type, product, location, "Nationwide", "Cash", speed]
    return [*period_send, *service, *_prices(6000.0, fee, 0.033, 1.0, total_200, total_500), 0.034, "yes", ""]


OLD_ROWS = [
    # 2011 Q1: RUS -> TJK 2 services (1.5 and 2.5 -> 2.0); RUS -> KGZ 1 service (4.0)
    _old("TJK", "Tajikistan", "Alpha", "Money Transfer Operator", "Cash to cash", "Agent", "Same day", 30.0, 1.5, 1.2),
    _old("TJK", "Tajikistan", "Gamma", "Bank", "Account to cash", "Branch", "Next day", 90.0, 2.5, 1.6),
    _old(
        "KGZ",
        "Kyrgyz Republic",
        "Alpha",
        "Money Transfer Operator",
        "Cash to cash",
        "Agent",
        "Same day",
        180.0,
        4.0,
        2.2,
    ),
]


def write_workbook(path: Path, new_rows: list[list] = NEW_ROWS, old_rows: list[list] = OLD_ROWS) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in (
        ("Dataset (up to Q1 2016)", OLD_HEADER, old_rows),
        ("Dataset (from Q2 2016)", NEW_HEADER, new_rows),
    ):
        ws = wb.create_sheet(title)
        ws.append(header)
        for r in rows:
            ws.append(r)
    wb.create_sheet("Methodology").append(["SYNTHETIC test workbook"])
    wb.save(path)
    return path
