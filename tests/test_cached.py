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
import pytest

from remit import i18n
from remit.scenarios import Area
from remit.store import StoreInfo
from ui import memo


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
    key = memo.fingerprint(frame)
    assert memo.fingerprint(frame.copy()) == key
    assert memo.fingerprint(pickle.loads(pickle.dumps(frame))) == key
    assert memo.fingerprint(frame["cost"]) == memo.fingerprint(frame["cost"].copy())


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
    keys = {memo.fingerprint(f) for f in [frame, *changed]}
    assert len(keys) == len(changed) + 1


def test_a_few_rows_of_a_large_result_get_the_key_of_their_own_contents() -> None:
    large = pd.DataFrame({"text": [f"corridor {i}" for i in range(20_000)], "cost": np.arange(20_000.0)})
    assert memo.fingerprint(large.head(40)) == memo.fingerprint(large.head(40).copy())
    assert memo.fingerprint(large.iloc[1:41]) != memo.fingerprint(large.head(40))


def test_a_page_cannot_change_a_cached_result() -> None:
    frame = _frame()
    kept = frame.copy()
    got = memo.fresh({"corridors": frame, "years": [2020, 2021]})
    got["corridors"].loc[0, "cost"] = 99.0
    got["corridors"]["new"] = 1
    got["corridors"].index.name = "renamed"
    got["years"].append(2022)
    pd.testing.assert_frame_equal(frame, kept)
    assert frame.index.name is None


def test_records_are_shared_only_when_nothing_in_them_can_change() -> None:
    area = Area("TJK", "Tajikistan", "country", ("TJK",))
    assert memo.fresh([area])[0] is area
    info = StoreInfo("data", None, "3", [{"source_id": "x"}], {"country": 1}, 1, 1, 1, None, None, None, [2011, 2020])
    copied = memo.fresh(info)
    copied.sources.append({"source_id": "y"})
    assert info.sources == [{"source_id": "x"}]


def test_a_shared_figure_writes_the_same_json() -> None:
    fig = go.Figure(go.Scatter(x=pd.to_datetime(["2020-01-01", "2020-04-01"]), y=np.array([1.5, np.nan]), name="<b>"))
    fig.update_layout(title="Cost", height=300)
    expected = plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True))
    frozen = memo.frozen(go.Figure(fig))
    for _ in range(2):  # the kept dict is not changed by being written
        got = plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(frozen, validate_figure=True))
        assert got == expected


def test_the_language_switch_reads_no_catalogue() -> None:
    i18n._catalog.cache_clear()
    names = i18n.language_names()
    assert i18n._catalog.cache_info().currsize == 0
    assert names["en"] == "English" and names["ru"] == "Русский"
    assert names == {lang.code: lang.name for lang in i18n.languages()}


def test_results_keep_the_recently_used_and_compute_a_missing_key_once() -> None:
    import threading
    import time

    results = memo.Results(2)
    calls: list[str] = []

    def make(key: str):  # noqa: ANN202
        def run() -> str:
            calls.append(key)
            time.sleep(0.05)  # long enough for the other threads to ask while it runs
            return key.upper()

        return run

    threads = [threading.Thread(target=lambda: results.get("a", make("a"))) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == ["a"]  # five sessions asked at once: one computation
    assert results.get("b", make("b")) == "B" and results.get("a", make("a")) == "A"  # "a" used last
    results.get("c", make("c"))  # a third key drops the least recently used, "b"
    results.get("a", make("a"))
    results.get("b", make("b"))
    assert calls == ["a", "b", "c", "b"]


def test_keys_follow_contents_and_refuse_what_cannot_be_told_apart() -> None:
    frame = pd.DataFrame({"iso3": ["TJK", "KGZ"], "cost": [2.04, 2.18]})
    assert memo.key(("f", frame, [1, 2])) == memo.key(("f", frame.copy(), [1, 2]))
    assert memo.key(("f", frame, [1, 2])) != memo.key(("f", frame.assign(cost=[2.04, 2.19]), [1, 2]))
    assert memo.key([1, 2]) != memo.key((1, 2))  # a list and a tuple stay apart
    with pytest.raises(TypeError):  # not hashable and not known: the caller computes it without caching
        memo.key(({1, 2}, np.zeros(2)))


def test_a_failed_computation_is_not_kept() -> None:
    results = memo.Results(4)

    def fail() -> str:
        raise OSError("the store is being replaced")

    with pytest.raises(OSError):
        results.get("q", fail)
    assert results.get("q", lambda: "answer") == "answer"  # the next caller computes it, nothing stuck
