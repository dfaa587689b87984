"""Learn: a guided walk-through for financial-literacy sessions on the room's corridor, a quiz, a group
exercise (compare the offers the group collected) and a printable handout.

A short script of named sections (ui/learn_sections.py draws them); with ?present=true the same steps show one
screen at a time for a projector. Session state:
- present: the presentation toggle, bound to ?present=true;
- present_step: the screen shown in presentation mode (Back and Next move it), reset to 0 when the corridor
  changes; _present_corridor: the corridor it was reset for;
- corridor: the corridor of the examples (?corridor=RUS-TJK; _corridor_unknown: codes in the link without data);
- l_amount_<CUR>, l_per_year, l_mid_<SEND>_<RECV>: the session settings (the group's amount, transfers a year,
  today's mid-market rate); l_ref_fetch, l_ref_said: the reference rate's fetch button and what it said;
- l_fee_<CUR>_<amount>, l_rate_<SEND>_<RECV>_<mid>, l_margin_<SEND>_<RECV>: the example's inputs; _l_fee and
  _l_fee_for, _l_rate_*, _l_margin_*: their values kept for the later steps (presentation mode draws one step at
  a time);
- quiz_<i>: the answers' radios; _quiz_answers: the answers kept across screens, emptied when the corridor
  changes;
- ex_<i>_provider, ex_<i>_amount, ex_<i>_fee, ex_<i>_rate, ex_<i>_received: the offers the group collected;
  _ex_<i>: each kept for the ranking screen;
- offers_pdf, handout, present_back, present_next: the buttons.
"""

from __future__ import annotations

import streamlit as st

from ui import learn_sections as sections
from ui.i18n import _

present = sections.presentation_toggle()
if present:
    with st.expander(_("Session settings: corridor, amount, today's rate")):
        lesson = sections.settings()
    sections.render_presentation(lesson)
else:
    st.title(_("What sending money really costs"))
    st.markdown(_("A step-by-step guide for a session before departure or in the host country."))
    lesson = sections.settings()
    sections.render_lesson(lesson)
    st.header(_("Quiz: which offer leaves your family more?"))
    sections.render_quiz(lesson)
    st.header(_("Group exercise: compare the offers"))
    sections.step_offers(lesson)
    sections.step_ranking(lesson)
    st.header(_("Handout to take home"))
    sections.render_handout(lesson)
