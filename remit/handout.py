"""A one-page A4 PDF handout for a corridor and an amount, in the reader's language, and the one-page
sheet of the group exercise (the offers the room compared).

The handout: what a transfer really costs (fee + exchange-rate margin), the corridor's average and its
trend from World Bank data with the data's quarter and age, the SDG 3% target, a checklist, the
questions to ask a provider, and a QR code (segno) to the live page for the same corridor and language.
"""

from __future__ import annotations

import io
import math
from datetime import date
from pathlib import Path

import segno
from fpdf import FPDF

from remit.costs import age_message
from remit.i18n import N_, Translator
from remit.learning import data_age
from remit.messages import CompactMoney, Country, Message, Pct, msg
from remit.quotes import QuoteCost
from remit.sdg import SDG_CORRIDOR_CEILING_PCT, SDG_TARGET_PCT

FONTS = Path(__file__).parent / "fonts"  # DejaVu Sans: covers Latin, Cyrillic and more (LICENSE-DejaVu.txt)
BLUE, GREEN, RED, GREY = (31, 95, 168), (46, 133, 64), (192, 57, 43), (110, 110, 110)

CHECKLIST = (
    N_("Ask for the exchange rate, not only the fee."),
    N_("Compare what arrives, in your family's currency, for the same amount."),
    N_("Check today's mid-market rate on a currency website."),
    N_("Send larger amounts less often: fixed fees weigh less."),
    N_("Use a licensed provider and keep the receipt and transfer number."),
)
QR_SCALE = 10  # pixels per QR module in the embedded PNG (the PDF prints it at QR_MM)
QR_MM = 30

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
    pdf.line(x, y, x, y + h)  # the y axis, with ticks every 1 or 2 points and its title above
    pdf.set_text_color(*GREY)
    pdf.set_font("DejaVu", size=7)
    step = 1 if top <= 8 else 2 if top <= 16 else 5
    level = 0
    while level <= top:
        pdf.line(x - 1, py(level), x, py(level))
        label = t.percent(level, 0)
        pdf.text(x - 2 - pdf.get_string_width(label), py(level) + 1, label)
        level += step
    pdf.set_font("DejaVu", size=7.5)
    pdf.text(x - 8, y - 2.5, t("Total cost, % of USD 200 sent"))
    for level, color in ((SDG_TARGET_PCT, GREEN), (SDG_CORRIDOR_CEILING_PCT, RED)):
        pdf.set_draw_color(*color)
        pdf.set_dash_pattern(dash=1.5, gap=1.5)
        pdf.line(x, py(level), x + w, py(level))
        pdf.set_dash_pattern()
        pdf.set_text_color(*color)
        pdf.set_font("DejaVu", size=7)
        pdf.text(
            x + w + 1,
            py(level) + 1,
            t("{level} target", level=t.percent(level, 0))
            if level == SDG_TARGET_PCT
            else t("{level} ceiling", level=t.percent(level, 0)),
        )
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


def qr_png(link: str) -> bytes:
    """The link as a QR code (PNG, QR_SCALE pixels per module, the standard 4-module quiet zone)."""
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=QR_SCALE, border=4)
    return out.getvalue()


def _pdf(title: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_margins(14, 12, 14)
    pdf.set_auto_page_break(auto=True, margin=10)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.add_page()
    return pdf


def _writer(pdf: FPDF, width: float):  # noqa: ANN202 (two small closures over the page)
    def heading(text: str, size: float = 12) -> None:
        pdf.ln(1.2)
        pdf.set_font("DejaVu", "B", size)
        pdf.set_text_color(*BLUE)
        pdf.multi_cell(width, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)

    def para(text: str, size: float = 9.5) -> None:
        pdf.set_font("DejaVu", size=size)
        pdf.multi_cell(width, size * 0.5, text, markdown=True, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)

    return heading, para


def country_line(stake: object, target_pct: float = SDG_TARGET_PCT) -> Message | None:
    """The receiving country's cost as every page states it, for the handout: a row of
    remit.impact.money_at_stake (the flow-weighted cost of remit.costs, its coverage, quarter and age, and the
    saving at the target on the flow with a corridor cost). None without a weighted cost."""
    weighted = getattr(stake, "weighted_cost_pct", None)
    if weighted is None or math.isnan(weighted):
        return None
    return msg(
        "**All corridors to {country}:** {cost} on average, weighted by the money sent through each ({period}); "
        "{coverage} of the money sent there has a price. At {target}, families there would keep about {saving} "
        "more a year.",
        country=Country(stake.iso3, stake.name),
        cost=Pct(weighted),
        period=age_message(stake.period),
        coverage=Pct(stake.coverage_pct, 0),
        target=Pct(target_pct, 0),
        saving=CompactMoney(stake.savings_usd),
    )


def handout(
    t: Translator,
    *,
    sending_name: str,
    receiving_name: str,
    amount: float,
    currency: str,
    history: list[tuple[str, float | None]],
    source: str,
    link: str,
    today: date | None = None,
    country: Message | None = None,
) -> bytes:
    """The handout as PDF bytes (one A4 page). `history` is (quarter, cost % of USD 200) with None for gaps;
    `amount` in `currency` is the group's usual transfer; `link` the live page the QR code opens; `country` the
    receiving country's line (country_line), if any."""
    observed = [(p, v) for p, v in history if v is not None]
    if not observed:
        raise ValueError("the corridor has no cost data")  # i18n: not text (a caller error, never shown)
    first_p, first_v = observed[0]
    last_p, last_v = observed[-1]
    title = t("Sending money from {send} to {recv}", send=sending_name, recv=receiving_name)
    pdf = _pdf(title)
    width = pdf.epw
    heading, para = _writer(pdf, width - QR_MM - 4)

    top = pdf.get_y()
    pdf.image(qr_png(link), x=pdf.l_margin + width - QR_MM, y=top, w=QR_MM, h=QR_MM, link=link)
    pdf.set_font("DejaVu", size=6.5)
    pdf.set_text_color(*GREY)
    pdf.set_xy(pdf.l_margin + width - QR_MM - 6, top + QR_MM)
    pdf.multi_cell(QR_MM + 6, 3, t("Scan for this corridor, live:"), align="C", new_x="LEFT", new_y="NEXT")
    pdf.multi_cell(QR_MM + 6, 3, link, align="C", link=link)
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(pdf.l_margin, top)

    heading(title, 16)
    para(t("What a transfer really costs, and how to pay less."), 10.5)
    heading(t("What you pay"))
    para(
        t(
            "Every transfer costs you twice: the **fee** you see, and the **exchange-rate margin** you do not see. "
            "The margin is the difference between the provider's exchange rate and the mid-market rate (the rate "
            "banks use between themselves, shown on currency websites)."
        )
    )
    heading, para = _writer(pdf, width)
    pdf.set_y(max(pdf.get_y(), top + QR_MM + 8))
    para(
        t(
            "**Total cost** = fee + exchange-rate margin, as a share of the amount you send. A transfer with "
            '"zero fee" can cost more than one with a fee, if its exchange rate is worse. Always compare **what '
            "arrives**."
        )
    )
    para(
        t(
            "Example: at this corridor's average cost of **{avg}**, sending **{amount}** costs about **{cost}**, "
            "and your family receives the rest.",
            avg=t.percent(last_v),
            amount=t.money(amount, currency, 0),
            cost=t.money(amount * last_v / 100, currency),
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
    para(
        t(
            "**Mind the date:** these are {age}. Prices change: ask today's providers and compare.",
            age=t.render(data_age(last_p, today)),
        )
    )
    if country is not None:
        para(t.render(country), 9)
    y = pdf.get_y() + 7
    _chart(pdf, history, t, box=(pdf.l_margin + 10, y, width - 30, 38))
    pdf.set_y(y + 43)
    pdf.set_font("DejaVu", size=7.5)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(
        width,
        3.6,
        t(
            "Average cost of sending USD 200, % of the amount sent, by quarter. Dashed lines: "
            "SDG target 3% (green) and ceiling 5% (red)."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0, 0, 0)

    heading(t("Checklist"))
    pdf.set_font("DejaVu", size=9.5)
    for item in CHECKLIST:
        pdf.multi_cell(width, 4.8, "☐  " + t(item), new_x="LMARGIN", new_y="NEXT")
    heading(t("Questions to ask before you send"))
    pdf.set_font("DejaVu", size=9.5)
    for q in QUESTIONS:
        pdf.multi_cell(width, 4.8, "?  " + t(q), new_x="LMARGIN", new_y="NEXT")
    heading(t("Why 3%?"))
    para(
        t(
            "Under the Sustainable Development Goals (target 10.c), countries agreed to bring the average cost of "
            "sending remittances below 3% by 2030, and to end corridors costing more than 5%. Every percentage point "
            "saved stays with families."
        )
    )
    pdf.set_font("DejaVu", size=6.5)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(
        width,
        3.2,
        t("Source: {source} Made with remit on {date}.", source=source, date=t.date(today or date.today())),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())


def offers_sheet(
    t: Translator,
    ranked: list[tuple[object, QuoteCost]],
    *,
    send_currency: str,
    receive_currency: str,
    title: str,
    today: date | None = None,
) -> bytes:
    """The group exercise on one A4 page: the offers the room collected, best first by what arrives.
    `ranked` holds (offer with a .provider name, its priced quote), as remit.learning.compare_offers gives."""
    pdf = _pdf(t("Compare the offers"))
    width = pdf.epw
    heading, para = _writer(pdf, width)
    heading(t("Compare the offers"), 18)
    para(title, 12)
    para(t("Ranked by what arrives for what you pay. Printed {date}.", date=t.date(today or date.today())), 10)
    cols = (
        (t("Provider"), 0.34),
        (t("You pay ({currency})", currency=send_currency), 0.2),
        (t("Fee ({currency})", currency=send_currency), 0.14),
        (t("Arrives ({currency})", currency=receive_currency), 0.2),
        (t("Total cost"), 0.12),
    )
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_fill_color(230, 236, 245)
    for label, share in cols:
        pdf.cell(width * share, 9, label, border="B", fill=True)
    pdf.ln(9)
    for rank, (offer, q) in enumerate(ranked, start=1):
        pdf.set_font("DejaVu", "B" if rank == 1 else "", 13)
        name = f"{rank}. {str(getattr(offer, 'provider', offer))[:40]}"
        cells = (
            name,
            t.number(q.paid, 2),
            t.number(q.fee, 2),
            t.number(q.received, 2),
            t.percent(q.total_cost_pct) if q.total_cost_pct is not None else "–",
        )
        for text, (_label, share) in zip(cells, cols, strict=True):
            pdf.cell(width * share, 11, text, border="B")
        pdf.ln(11)
    pdf.ln(4)
    heading(t("Checklist"))
    pdf.set_font("DejaVu", size=11)
    for item in CHECKLIST:
        pdf.multi_cell(width, 6, "☐  " + t(item), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
