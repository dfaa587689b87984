"""ui.cached's shortcuts keep the answers the same: the figure cache's key tells frames apart exactly as their
contents differ, a cached query result cannot be changed by the page that got it, a shared figure writes the
same JSON, and the language switch reads no catalogue. (No timings here: benchmarks/run_all.py --item7.)"""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io
import plotly.tools

from remit import i18n
from remit.scenarios import Area
from remit.store import StoreInfo
from ui import cached


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": ["Tajikistan", "Kosovo", None],
            "cost": [6.1, np.nan, 3.0],
            "n": [1, 2, 3],
            "flag": [True, False, True],
            "when": pd.to_datetime(["2020-01-01", "2020-04-01", "2020-07-01"]),
            "services": pd.array([4, None, 6], dtype="Int64"),
            "band": pd.Categorical(["above 5%", "3-5%", "above 5%"]),
            "mixed": [1, "a", None],
        }
    )


def test_the_figure_key_is_the_same_for_the_same_contents() -> None:
    frame = _frame()
    key = cached._fingerprint(frame)
    assert cached._fingerprint(frame.copy()) == key
    assert cached._fingerprint(pickle.loads(pickle.dumps(frame))) == key
    assert cached._fingerprint(frame["cost"]) == cached._fingerprint(frame["cost"].copy())


def test_the_figure_key_changes_with_any_cell_name_or_index() -> None:
    frame = _frame()
    changed = []
    for column, value in [
        ("text", "Moldova"),
        ("cost", 6.2),
        ("n", 9),
        ("flag", True),
        ("when", pd.Timestamp("2021-01-01")),
        ("services", 0),  # a missing count and a zero are different
        ("band", "above 5%"),
        ("mixed", 2),
    ]:
        other = frame.copy()
        other.loc[1, column] = value
        changed.append(other)
    changed += [frame.rename(columns={"cost": "fee"}), frame.set_axis([5, 6, 7]), frame.iloc[:2], frame.iloc[1:]]
    keys = {cached._fingerprint(f) for f in [frame, *changed]}
    assert len(keys) == len(changed) + 1


def test_a_few_rows_of_a_large_result_get_the_key_of_their_own_contents() -> None:
    large = pd.DataFrame({"text": [f"corridor {i}" for i in range(20_000)], "cost": np.arange(20_000.0)})
    assert cached._fingerprint(large.head(40)) == cached._fingerprint(large.head(40).copy())
    assert cached._fingerprint(large.iloc[1:41]) != cached._fingerprint(large.head(40))


def test_a_page_cannot_change_a_cached_result() -> None:
    frame = _frame()
    kept = frame.copy()
    got = cached._fresh({"corridors": frame, "years": [2020, 2021]})
    got["corridors"].loc[0, "cost"] = 99.0
    got["corridors"]["new"] = 1
    got["corridors"].index.name = "renamed"
    got["years"].append(2022)
    pd.testing.assert_frame_equal(frame, kept)
    assert frame.index.name is None


def test_records_are_shared_only_when_nothing_in_them_can_change() -> None:
    area = Area("TJK", "Tajikistan", "country", ("TJK",))
    assert cached._fresh([area])[0] is area
    info = StoreInfo("data", None, "3", [{"source_id": "x"}], {"country": 1}, 1, 1, 1, None, None, None, [2011, 2020])
    copied = cached._fresh(info)
    copied.sources.append({"source_id": "y"})
    assert info.sources == [{"source_id": "x"}]


def test_a_shared_figure_writes_the_same_json() -> None:
    fig = go.Figure(go.Scatter(x=pd.to_datetime(["2020-01-01", "2020-04-01"]), y=np.array([1.5, np.nan]), name="<b>"))
    fig.update_layout(title="Cost", height=300)
    expected = plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True))
    frozen = cached._frozen(go.Figure(fig))
    for _ in range(2):  # the kept dict is not changed by being written
        got = plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(frozen, validate_figure=True))
        assert got == expected


def test_the_language_switch_reads_no_catalogue() -> None:
    i18n._catalog.cache_clear()
    names = i18n.language_names()
    assert i18n._catalog.cache_info().currsize == 0
    assert names["en"] == "English" and names["ru"] == "Русский"
    assert names == {lang.code: lang.name for lang in i18n.languages()}
