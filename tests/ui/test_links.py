"""Links the UI is opened with: what parse_query ignores (and says so), and how the app is launched."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit import config

from tests.ui.test_app import APP
from ui import state
from ui.state import Ignored


class Query(dict[str, list[str]]):
    """The part of st.query_params that parse_query reads: ordered keys, every value of a key."""

    def get_all(self, key: str) -> list[str]:
        return self.get(key, [])


def parse(**params: str | list[str]) -> tuple[state.UiState, list[Ignored]]:
    return state.parse_query(Query({k: v if isinstance(v, list) else [v] for k, v in params.items()}))


def test_every_bad_value_is_listed_in_the_links_order_and_falls_back() -> None:
    s, ignored = parse(by="people", min="5", group=["25", "Education", "99"], style="solo", ex=["work_0001", "a b"],
                       tab="stats", cf="age", turn="x", utm_source="mail")
    assert s == state.UiState(group=["25"], ex=["work_0001"])
    assert [i.describe() for i in ignored] == [
        "by=people (allowed: participant, quote)",
        "min=5 (a number from 0 to 1)",
        "group=Education (an occupation group's 2-digit SOC 2018 code: 00, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, "
        "31, 33, 35, 37, 39, 41, 43, 45, 47, 49, 51, 53, 55)",
        "group=99 (an occupation group's 2-digit SOC 2018 code: 00, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, "
        "35, 37, 39, 41, 43, 45, 47, 49, 51, 53, 55)",
        "style=solo (allowed: collaborative, delegative, mixed, unclear)",
        "ex=a b (a participant id such as work_0035)",
        "tab=stats (allowed: results, who, compare)",
        "cf=age (allowed: cohort, occupation_group, interaction_style)",
        "turn=x (a whole number from 0 to 100000)",
        "utm_source=mail (not a setting of this page)",
    ]


def test_interview_link_without_an_id_is_named() -> None:
    s, ignored = parse(view="interview", turn="3")
    assert s.view == "search"
    assert ignored == [Ignored("view", "interview", "needs tid, the id of an interview")]


@pytest.mark.parametrize("value", ["-0.1", "nan", "abc", "1.5"])
def test_a_cut_off_outside_0_to_1_is_ignored_not_clamped(value: str) -> None:
    s, ignored = parse(q="skill", min=value)
    assert s.min_match == 0.0
    assert ignored == [Ignored("min", value, "a number from 0 to 1")]


def test_valid_links_ignore_nothing() -> None:
    s, ignored = parse(view="interview", tid="work_0035", turn="3", qs="10", qe="20", q="skill", mode="keyword",
                       by="quote", limit="50", cohort="creatives", group="25", style="mixed", occ="nurse",
                       min="0.35", ex="work_0666", tab="compare", cf="interaction_style", cv="mixed")
    assert ignored == []
    assert (s.view, s.tid, s.turn, s.qs, s.qe, s.min_match) == ("interview", "work_0035", 3, 10, 20, 0.35)


def test_a_long_bad_value_is_shortened_in_the_warning() -> None:
    _, ignored = parse(mode="x" * 100)
    assert ignored[0].describe() == "mode=" + "x" * 39 + "… (allowed: hybrid, keyword, semantic)"


def test_streamlit_reads_the_viewer_toolbar_setting_next_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    # `archive ui` runs `streamlit run <repo>/ui/app.py` from any directory; Streamlit then reads the
    # config next to the script, so this file is the one that hides Deploy and the developer menu.
    path = Path(APP).parent / ".streamlit" / "config.toml"
    # It also keeps `streamlit run ui/app.py` from sending usage statistics off the machine.
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "client": {"toolbarMode": "viewer"}, "browser": {"gatherUsageStats": False}, "server": {"headless": True}}
    monkeypatch.setattr(config, "_main_script_path", APP)
    assert config.get_config_files("config.toml")[-1] == str(path)
