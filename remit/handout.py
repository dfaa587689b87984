"""A one- or two-page PDF handout for a corridor and an amount, in the reader's language.

What a transfer really costs (fee + exchange-rate margin), the corridor's average and its trend
from World Bank data, the SDG 3% target, and the questions to ask a provider.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fpdf import FPDF

from remit.i18n import N_, Translator
from remit.sdg import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT

FONTS = Path(__file__).parent / "fonts"  # DejaVu Sans: covers Latin, Cyrillic and more (LICENSE-DejaVu.txt)
BLUE, GREEN, RED, GREY = (31, 95, 168), (46, 133, 64), (192, 57, 43), (110, 110, 110)

QUESTIONS = (
    N_("How much arrives, in the receiving currency, for the amount I send?"),
    N_("What is the fee, and is it taken from my amount or added on top?"),
    N_("Which exchange rate do you use, and how far is it from today's mid-market rate?"),
    N_("Are there fees for my family when they collect the money?"),
    N_("How fast does the money arrive, and where can my family collect it?"),
    N_("Is the provider licensed, and how do I complain if something goes wrong?"),
)


def _chart(pdf: FPDF, history: list[tuple[str, float | None]], t: Translator, *, box: tuple[float, ...]) -> None:
    """Corridor cost by quarter with the 3% and 5% lines; quarters without data break the line."""
    x, y, w, h = box
    values = [v for _, v in history if v is not None]
    top = max([*values, SDG_CORRIDOR_CEILING_PCT]) * 1.15
    n = max(len(history) - 1, 1)

    def px(i: int) -> float:
        return x + w * i / n

    def py(v: float) -> float:
        return y + h - h * max(v, 0) / top

    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.2)
    pdf.line(x, y + h, x + w, y + h)
    for level, color in ((SDG_TARGET_PCT, GREEN), (SDG_CORRIDOR_CEILING_PCT, RED)):
        pdf.set_draw_color(*color)
        pdf.set_dash_pattern(dash=1.5, gap=1.5)
        pdf.line(x, py(level), x + w, py(level))
        pdf.set_dash_pattern()
        pdf.set_text_color(*color)
        pdf.set_font("DejaVu", size=7)
        pdf.text(x + w + 1, py(level) + 1, t.percent(level, 0))
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(0.6)
    for i in range(len(history) - 1):
        a, b = history[i][1], history[i + 1][1]
        if a is not None and b is not None:
            pdf.line(px(i), py(a), px(i + 1), py(b))
    pdf.set_fill_color(*BLUE)
    for i, (_, v) in enumerate(history):
        if v is not None:
            pdf.ellipse(px(i) - 0.6, py(v) - 0.6, 1.2, 1.2, style="F")
    pdf.set_text_color(*GREY)
    pdf.set_font("DejaVu", size=7)
    pdf.text(x, y + h + 4, history[0][0])
    pdf.text(x + w - 10, y + h + 4, history[-1][0])


def handout(
    t: Translator,
    *,
    sending_name: str,
    receiving_name: str,
    amount_usd: float,
    history: list[tuple[str, float | None]],
    source: str,
) -> bytes:
    """The handout as PDF bytes. `history` is (quarter, cost % of USD 200) with None for gaps."""
    observed = [(p, v) for p, v in history if v is not None]
    if not observed:
        raise ValueError("the corridor has no cost data")  # i18n: not text (a caller error, never shown)
    first_p, first_v = observed[0]
    last_p, last_v = observed[-1]
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(t("Sending money from {send} to {recv}", send=sending_name, recv=receiving_name))
    pdf.add_page()
    width = pdf.epw

    def heading(text: str, size: int = 13) -> None:
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", size)
        pdf.set_text_color(*BLUE)
        pdf.multi_cell(width, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)

    def para(text: str, size: int = 10) -> None:
        pdf.set_font("DejaVu", size=size)
        pdf.multi_cell(width, 5.2, text, markdown=True, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    heading(t("Sending money from {send} to {recv}", send=sending_name, recv=receiving_name), 17)
    para(t("What a transfer really costs, and how to pay less."), 11)

    heading(t("What you pay"))
    para(
        t(
            "Every transfer costs you twice: the **fee** you see, and the **exchange-rate margin** you do not see. "
            "The margin is the difference between the provider's exchange rate and the mid-market rate (the rate "
            "banks use between themselves, shown on currency websites)."
        )
    )
    para(
        t(
            "**Total cost** = fee + exchange-rate margin, as a share of the amount you send. A transfer with "
            '"zero fee" can cost more than one with a fee, if its exchange rate is worse. Always compare **what '
            "arrives**."
        )
    )
    cost = amount_usd * last_v / 100
    para(
        t(
            "Example: at this corridor's average cost of **{avg}**, sending **{amount}** costs about **{cost}**, "
            "and your family receives the rest.",
            avg=t.percent(last_v),
            amount=t.money(amount_usd, "USD", 0),
            cost=t.money(cost, "USD"),
        )
    )

    heading(t("This corridor"))
    trend = (
        t("down from {first} in {first_period}", first=t.percent(first_v), first_period=first_p)
        if last_v < first_v
        else t("up from {first} in {first_period}", first=t.percent(first_v), first_period=first_p)
    )
    para(
        t(
            "The average cost of sending USD 200 was **{avg}** in {period}, {trend}. The SDG target is **{target}**; "
            "no corridor should cost more than **{ceiling}**.",
            avg=t.percent(last_v),
            period=last_p,
            trend=trend,
            target=t.percent(SDG_TARGET_PCT, 0),
            ceiling=t.percent(SDG_CORRIDOR_CEILING_PCT, 0),
        )
    )
    y = pdf.get_y() + 2
    _chart(pdf, history, t, box=(pdf.l_margin + 2, y, width - 16, 45))
    pdf.set_y(y + 52)
    pdf.set_font("DejaVu", size=8)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(
        width,
        4,
        t(
            "Average cost of sending USD 200, % of the amount sent, by quarter. Dashed lines: "
            "SDG target 3% (green) and ceiling 5% (red)."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0, 0, 0)

    heading(t("Questions to ask before you send"))
    pdf.set_font("DejaVu", size=10)
    for q in QUESTIONS:
        pdf.multi_cell(width, 5.5, "☐  " + t(q), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    heading(t("Why 3%?"))
    para(
        t(
            "Under the Sustainable Development Goals (target 10.c), countries agreed to bring the average cost of "
            "sending remittances below 3% by 2030, and to end corridors costing more than 5%. Every percentage point "
            "saved stays with families."
        )
    )

    pdf.ln(2)
    pdf.set_font("DejaVu", size=7)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(
        width,
        3.5,
        t("Source: {source} Made with remit on {date}.", source=source, date=t.date(date.today())),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
