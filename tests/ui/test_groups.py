"""AppTest tests for the cut-off, exclusions, the "Who matches" listing and the Compare view."""

from __future__ import annotations

import httpx
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Node

from tests.ui.fake_api import ANSWER, FakeApi
from tests.ui.test_app import APP, assert_inert, html_blocks, qp, run_app
from ui import client, render, state
from ui.client import ApiClient, SearchParams
from ui.render import esc


def calls(api: FakeApi, path: str) -> list[httpx.Request]:
    return [r for r in api.requests if r.url.path == path]


def status_line(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "participants match" in m.value)


def heads(at: AppTest) -> list[str]:
    return [b for b in html_blocks(at) if 'class="ia-head"' in b]


def test_cut_off_reaches_every_call_and_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    at = run_app(monkeypatch, api.transport(), q="skill loss")
    assert "**2** participants match (no cut-off: the nearest passages)" in status_line(at)
    at.slider(key="w_min_match").set_value(0.5).run()
    assert not at.exception
    assert calls(api, "/search")[-1].url.params["min_match"] == "0.5"
    assert calls(api, "/facets")[-1].url.params["min_match"] == "0.5"
    assert qp(at, "min") == ["0.5"]
    assert "**1** participants match (cut-off 0.50)" in status_line(at)
    assert len(heads(at)) == 1 and "work&#95;0035" in heads(at)[0]


def test_cut_off_from_a_link_is_snapped_to_the_slider(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    at = run_app(monkeypatch, api.transport(), q="skill", min="0.37")
    assert not at.exception
    assert at.slider(key="w_min_match").value == pytest.approx(0.35)
    assert calls(api, "/search")[-1].url.params["min_match"] == "0.35"
    assert qp(at, "min") == ["0.35"]


def test_exclude_button_removes_participant_everywhere_and_restore_brings_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    at = run_app(monkeypatch, api.transport(), q="skill loss")
    excludes = [b for b in at.button if b.label == "Not a match — exclude"]
    assert len(excludes) == 2
    excludes[1].click().run()  # work_0666
    assert not at.exception
    assert qp(at, "ex") == ["work_0666"]
    for path in ("/search", "/facets"):
        assert calls(api, path)[-1].url.params.get_list("exclude") == ["work_0666"]
    assert "**1** participants match" in status_line(at) and "1 excluded" in status_line(at)
    assert any(m.value == "`work_0666`" for m in at.sidebar.markdown)
    at.sidebar.button(key="restore-work_0666").click().run()
    assert not at.exception
    assert qp(at, "ex") == []
    assert len(heads(at)) == 2  # (the answer without exclusions comes from the cache)
    assert "**2** participants match" in status_line(at) and "excluded" not in status_line(at)


def test_state_from_a_link_reaches_the_api(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    at = run_app(monkeypatch, api.transport(), q="skill", ex="work_0666", min="0.2", mode="keyword")
    assert not at.exception
    search = calls(api, "/search")[-1].url.params
    assert search.get_list("exclude") == ["work_0666"] and search["min_match"] == "0.2"
    assert qp(at, "ex") == ["work_0666"] and qp(at, "min") == ["0.2"] and qp(at, "mode") == ["keyword"]
    assert [b.label for b in at.sidebar.button if b.label == "Restore"] == ["Restore"]


def test_exports_carry_cut_off_and_exclusions() -> None:
    api = FakeApi()
    s = state.UiState(q="skill", min_match=0.45, ex=["work_0666", "work_0001"])
    ApiClient("http://api.test", transport=api.transport()).export(s.search_params(), "csv")
    params = calls(api, "/export")[-1].url.params
    assert params["min_match"] == "0.45" and params.get_list("exclude") == ["work_0666", "work_0001"]
    assert params["format"] == "csv" and params["q"] == "skill"


def test_compare_view_renders_groups_side_by_side(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    at = run_app(monkeypatch, api.transport(), q="skill loss", tab="compare")
    assert not at.exception and not at.error
    request = calls(api, "/compare")[-1].url.params
    assert request["field"] == "cohort" and request.get_list("value") == ["workforce", "creatives"]
    metrics = [(m.label, m.value) for m in at.metric]
    assert metrics == [("matching", "1"), ("share of group", "0.1%"),
                       ("matching", "1"), ("share of group", "0.8%")]
    groups = [b for b in heads(at)]
    assert "workforce" in groups[0] and "creatives" in groups[1]
    assert any(c.value.endswith("(work_0035, turn 3; Anthropic Interviewer dataset, Handa et al. 2025, CC-BY)") for c in at.code)
    assert any(c.value.endswith("(work_0666, turn 3; Anthropic Interviewer dataset, Handa et al. 2025, CC-BY)") for c in at.code)
    assert_inert(at)  # quotes here are transcript text too
    assert qp(at, "tab") == ["compare"] and qp(at, "cv") == ["workforce", "creatives"]


def test_compare_field_and_groups_follow_the_controls(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    at = run_app(monkeypatch, api.transport(), q="skill", tab="compare", min="0.5", ex="work_0001")
    assert calls(api, "/compare")[-1].url.params["min_match"] == "0.5"
    assert calls(api, "/compare")[-1].url.params.get_list("exclude") == ["work_0001"]
    at.selectbox(key="w_cf").set_value("occupation_group").run()
    assert not at.exception
    request = calls(api, "/compare")[-1].url.params
    assert request["field"] == "occupation_group"
    assert request.get_list("value") == ["25 Educational Instruction and Library", "15 Computer and Mathematical"]
    assert qp(at, "cf") == ["occupation_group"]
    at.multiselect(key="w_cv").unselect("15 Computer and Mathematical").run()
    assert any(i.value.startswith("Pick two or more") for i in at.info)
    assert qp(at, "cv") == ["25 Educational Instruction and Library"]


def test_compare_link_with_unknown_group_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    monkeypatch.setattr(client, "TRANSPORT", api.transport())
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update(q="skill", tab="compare", cv=["nobody", "workforce"])
    at.run()
    assert not at.exception
    assert at.multiselect(key="w_cv").value == ["workforce"]
    assert not calls(api, "/compare")


def test_who_matches_lists_participants_per_group(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    at = run_app(monkeypatch, api.transport(), q="skill loss", tab="who", cf="cohort")
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert any(label.startswith("workforce") and "2 of 1000" in label for label in labels)
    opens = [b for b in at.button if b.label == "Open"]
    assert len(opens) == 1  # work_0035 is the only workforce hit in the results
    opens[0].click().run()
    assert qp(at, "view") == ["interview"] and qp(at, "tid") == ["work_0035"] and qp(at, "turn") == ["3"]


def test_who_matches_links_back_to_filtered_results(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    at = run_app(monkeypatch, api.transport(), q="skill loss", tab="who", cf="occupation_group")
    next(b for b in at.button if b.label == "Show this group in Results").click().run()
    assert not at.exception
    assert qp(at, "group") == ["25"] and qp(at, "tab") == []
    assert calls(api, "/search")[-1].url.params.get_list("occupation_group") == ["25"]
    assert heads(at)  # the Results tab is drawn again


def test_url_round_trip_keeps_everything() -> None:
    s = state.UiState(q="skills", mode="keyword", cohort=["workforce"], group=["25"], style=["mixed"],
                      occ="nurse", min_match=0.65, ex=["work_0001", "work_0002"], tab="compare",
                      cf="interaction_style", cv=["mixed", "delegative"])

    class Q(dict[str, list[str]]):
        def get_all(self, key: str) -> list[str]:
            return self.get(key, [])

    query = Q({k: v if isinstance(v, list) else [v] for k, v in s.to_query().items()})
    assert state.from_query(query) == s
    assert SearchParams(min_match=0.0).to_params().count(("min_match", "0")) == 0
    assert client.SearchParams(q="skills", min_match=1.0).to_params(paging=False)[-1] == ("min_match", "1")
    # The API rejects a cut-off with no query to cut on (/facets of the landing page).
    assert ("min_match", "1") not in client.SearchParams(min_match=1.0).to_params(paging=False)


def blocks_of(node: Block | Node, kind: str) -> list[Block]:
    """Every block of one type ("popover", "expander", ...) under `node`."""
    if not isinstance(node, Block):
        return []
    found = [node] if node.type == kind else []
    return found + [b for child in node.children.values() for b in blocks_of(child, kind)]


def test_compare_cards_show_each_quote_once_with_the_citation_in_a_popover(
        monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, FakeApi().transport(), q="skill loss", tab="compare")
    assert not at.exception
    answers = [b for b in html_blocks(at) if b.startswith("<div") and "ia-answer" in b]
    assert len(answers) == 2 and "I do worry about <mark>skill</mark> loss" in answers[0]
    # The citations (which repeat the quote) are only in the "Copy citation" popovers, never on the card.
    popovers = blocks_of(at._tree, "popover")
    assert [p.proto.popover.label for p in popovers] == ["Copy citation", "Copy citation"]
    inside = [c.value for p in popovers for c in p.get("code")]
    assert inside == [c.value for c in at.code]
    assert inside[0] == f"“{ANSWER}” (work_0035, turn 3; Anthropic Interviewer dataset, Handa et al. 2025, CC-BY)"
    assert [b.label for b in at.button if b.label == "Open interview"] == ["Open interview"] * 2


def test_match_figure_explains_itself_on_hover(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, FakeApi().transport(), q="skill loss")
    assert render.match_help("hybrid") == (
        "Match, 0 to 1: how close the quote is to your search in meaning (cosine similarity); the \"match at "
        "least\" cut-off uses it. Results are ordered by combined relevance (keyword and meaning ranks fused), "
        "not by match, so a lower match can sit above a higher one.")
    tip = f'<span class="ia-match" title="{esc(render.match_help("hybrid"))}">'
    metas = [b for b in html_blocks(at) if b.startswith("<div") and "ia-match" in b]
    assert metas == [
        '<div class="ia-text ia-meta">25 Educational Instruction and Library &#183; collaborative &#183; '
        f'workforce &#183; {tip}match 0.80</span></div>',
        '<div class="ia-text ia-meta">25 Educational Instruction and Library &#183; collaborative &#183; '
        f'creatives &#183; {tip}match 0.30</span></div>',
    ]


def test_match_help_follows_the_mode() -> None:
    assert render.match_help("keyword") == (
        "Match, 0 to 1: the share of your search words the quote contains; the \"match at least\" cut-off "
        "uses it. Results are ordered by keyword relevance (BM25), not by match, so a lower match can sit "
        "above a higher one.")
    assert render.match_html("n/a", "hybrid") == ""


def test_a_participant_placed_in_a_group_on_weak_evidence_says_so() -> None:
    from ui.groups_view import weak_membership

    hit = {"transcript_id": "work_0872", "labels": {"occupation_group": {"source": "derived", "confidence": 0.36},
                                                    "interaction_style": {"source": "derived", "confidence": 0.9}}}
    assert weak_membership(hit, "occupation_group") == "in this group on weak evidence (0.36)"  # type: ignore[arg-type]
    assert weak_membership(hit, "interaction_style") is None  # type: ignore[arg-type]
    assert weak_membership(hit, "cohort") is None  # type: ignore[arg-type]


def test_who_matches_has_its_own_field_and_lists_each_person_once(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    at = run_app(monkeypatch, api.transport(), q="skill loss", tab="who", cf="interaction_style",
                 cv=["mixed", "delegative"], by="quote")
    at.selectbox(key="w_who_field").set_value("cohort").run()
    assert not at.exception
    assert qp(at, "cf") == ["interaction_style"] and qp(at, "cv") == ["mixed", "delegative"]  # Compare's kept
    opens = [b for b in at.button if b.label == "Open"]
    assert len(opens) == len({b.key.rsplit("-", 1)[-1] for b in opens})  # nobody twice, though by quote


def test_an_export_holds_the_match_set_whatever_the_page_shows() -> None:
    from ui.search_view import export_params

    for shown in (10, 100):  # "How many" used to decide whether uncounted participants were exported
        params = export_params(state.UiState(q="skill", limit=shown, group=["25"]), 20)
        assert params is not None and params.limit == 20
    assert export_params(state.UiState(q="skill"), 0) is None  # nothing to export, no button
