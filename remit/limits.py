"""The range every number a visitor or a command line gives must fall in (the CLI checks its options
against these, the pages give them to their inputs as min_value/max_value): outside it a figure is a
typo or an attack (1e308 prints 309 digits or 'inf'), never a transfer.
"""

from __future__ import annotations

AMOUNT_MIN, AMOUNT_MAX = 1, 10_000_000  # an amount sent, in US dollars or the sender's currency
FEE_MAX = AMOUNT_MAX  # a fee in money
RECEIVED_MAX = 1e12  # an amount received or a price in the receiving currency (VND, IDR run to billions)
RATE_MIN, RATE_MAX = 1e-9, 1e9  # an exchange rate, units of one currency for one of the other
PCT_MAX = 100.0  # a fee or a cost as a percentage of the amount
MARGIN_MIN, MARGIN_MAX = -100.0, 100.0  # an exchange-rate margin (negative: a rate better than mid-market)
TRANSFERS_MAX = 1e9  # transfers a year
