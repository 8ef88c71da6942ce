"""AppTest smoke tests for the Streamlit UI, with the API replaced by an httpx MockTransport."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.fake_api import ANSWER, BROKEN_ID, FakeApi, down_transport
from ui import client

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")
RAW_MARKUP = re.compile(r"<script|<img|onerror\s*=|\]\(javascript|javascript:", re.IGNORECASE)


def qp(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key)
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def run_app(monkeypatch: pytest.MonkeyPatch, transport: httpx.BaseTransport, **params: str) -> AppTest:
    monkeypatch.setattr(client, "TRANSPORT", transport)
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def html_blocks(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.proto.allow_html]


def assert_inert(at: AppTest) -> None:
    """No markdown element that may carry raw HTML holds live markup from transcript text."""
    for body in html_blocks(at):
        assert not RAW_MARKUP.search(body), body


def test_search_renders_results_with_highlights(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    at = run_app(monkeypatch, api.transport(), q="skill loss")
    assert not at.exception
    assert not at.error
    blocks = html_blocks(at)
    assert any("<mark>skill</mark>" in b and "<mark>skills</mark>" in b for b in blocks)
    assert any("ia-question" in b and "Are you worried about losing skills" in b for b in blocks)
    assert any("participants match" in m.value for m in at.markdown)
    assert [b.label for b in at.button if b.label == "Open interview"] == ["Open interview"] * 2
    assert any(c.value == f"“{ANSWER}” (work_0035, turn 3; Anthropic Interviewer dataset, Handa et al. 2025, CC-BY)" for c in at.code)
    assert [e.label for e in at.expander].count("context") == 2
    assert {str(getattr(d, "label", "")) for d in at.get("download_button")} == {"CSV", "Markdown", "BibTeX"}
    search = next(r for r in api.requests if r.url.path == "/search")
    assert search.url.params["q"] == "skill loss" and search.url.params["mode"] == "hybrid"
    assert qp(at, "q") == ["skill loss"]


def test_filters_reach_the_api_and_stay_in_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    at = run_app(monkeypatch, api.transport(), q="skill", mode="keyword")
    at.multiselect(key="w_group").select("25").run()
    assert not at.exception
    search = [r for r in api.requests if r.url.path == "/search"][-1]
    assert search.url.params.get_list("occupation_group") == ["25"]
    assert search.url.params["mode"] == "keyword"
    assert qp(at, "group") == ["25"] and qp(at, "mode") == ["keyword"]


def test_semantic_progress_shown_while_not_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, FakeApi(semantic_ready=False).transport(), q="skill loss")
    assert not at.exception
    bars = at.get("progress")
    assert bars and "25 / 100" in bars[0].proto.text


def test_open_interview_switches_view(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, FakeApi().transport(), q="skill loss")
    next(b for b in at.button if b.label == "Open interview").click().run()
    assert not at.exception
    assert qp(at, "view") == ["interview"] and qp(at, "tid") == ["work_0035"]
    assert qp(at, "turn") == ["3"] and qp(at, "q") == ["skill loss"]
    assert any('id="turn-3"' in b and "ia-selected" in b for b in html_blocks(at))


def test_interview_page_renders_turns(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, FakeApi().transport(), view="interview", tid="work_0035", turn="3")
    assert not at.exception
    blocks = html_blocks(at)
    turns = [b for b in blocks if 'class="ia-text ia-turn' in b]
    assert len(turns) == 4
    assert "Interviewer &#183; turn 0" in turns[0] and "Participant &#183; turn 1" in turns[1]
    assert "ia-selected" in turns[3] and 'id="turn-3"' in turns[3]
    assert any(e.label == "Labels and their evidence" for e in at.expander)
    assert any("I teach history" in b and "ia-evidence" in b for b in blocks)
    assert any(c.value == f"“{ANSWER}” (work_0035, turn 3; Anthropic Interviewer dataset, Handa et al. 2025, CC-BY)" for c in at.code)


def test_hostile_transcript_is_shown_literally_in_interview(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, FakeApi().transport(), view="interview", tid="work_0666", turn="1")
    assert not at.exception
    assert_inert(at)
    turn = next(b for b in html_blocks(at) if 'id="turn-1"' in b)
    # Escaped to entities: the browser shows the characters, nothing is parsed as HTML or Markdown.
    assert "&#60;script&#62;alert&#40;1&#41;&#60;&#47;script&#62;" in turn
    assert "&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;" in turn
    assert "&#91;x&#93;&#40;javascript&#58;alert" in turn
    assert "&#42;&#42;bold&#42;&#42;" in turn and "&#36;x&#36;" in turn
    # Labels' evidence (also transcript text) is escaped the same way.
    assert any("ia-evidence" in b and "&#60;script&#62;" in b for b in html_blocks(at))


def test_hostile_transcript_is_shown_literally_in_search(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, FakeApi().transport(), q="script")
    assert not at.exception
    assert_inert(at)
    assert any("<mark>&#60;script&#62;</mark>" in b for b in html_blocks(at))
    # Non-HTML text widgets never receive the raw markup either, except st.code (shown verbatim).
    for element in [*at.caption, *at.info, *at.error]:
        assert "<script" not in element.value


def test_unsafe_markdown_never_carries_raw_tags_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, FakeApi().transport(), q="skill")
    for body in html_blocks(at):
        # Outside our own <style>, every tag is one of the few the renderer emits itself.
        if body.lstrip().startswith("<style>"):
            continue
        tags = set(re.findall(r"</?([a-zA-Z0-9]+)", body))
        assert tags <= {"div", "span", "b", "mark", "br"}, tags


def test_api_down_shows_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, down_transport(), q="skill loss")
    assert not at.exception
    assert at.error, "expected an error box"
    message = at.error[0].value.replace("\\", "")
    assert "API not reachable at http:" in message and ".test" in message
    assert "archive serve" in message


def test_unknown_interview_is_explained_in_ui_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, FakeApi().transport(), view="interview", tid="work_9999")
    assert not at.exception and not at.error
    assert [w.value.replace("\\", "") for w in at.warning] == [
        "No interview work_9999 in this archive: the link may be mistyped or from another archive. "
        "Go back to search and open one from the results."]
    # Nothing from the API's own message (endpoints, CLI commands) reaches the page.
    shown = [e.value for e in (*at.markdown, *at.warning, *at.error, *at.caption)]
    assert not any("participants" in v or "GET" in v for v in shown)
    assert [b.label for b in at.button] == ["Back to search"]
    at.button[0].click().run()
    assert qp(at, "view") == [] and qp(at, "tid") == []


def test_other_api_errors_keep_one_back_button(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, FakeApi().transport(), view="interview", tid=BROKEN_ID)
    assert not at.exception
    assert [e.value.replace("\\", "") for e in at.error] == ["The API said (500): the index could not be read"]
    assert [b.label for b in at.button] == ["Back to search"]


def test_bad_url_values_fall_back_to_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    at = run_app(monkeypatch, api.transport(), q="skill", mode="evil", limit="9999", tid="../../etc",
                 view="interview", cohort="nobody")
    assert not at.exception
    search = [r for r in api.requests if r.url.path == "/search"][-1]
    assert search.url.params["mode"] == "hybrid" and search.url.params["limit"] == "20"
    assert "cohort" not in search.url.params
    assert not any(r.url.path.startswith("/transcripts") for r in api.requests)
    assert [w.value.replace("\\", "") for w in at.warning] == [
        "Part of this link was not understood and is ignored: mode=evil (allowed: hybrid, keyword, semantic); "
        "limit=9999 (a whole number from 1 to 100); tid=../../etc (an interview id such as work_0035); "
        "cohort=nobody (allowed: workforce, creatives, scientists)."]


def test_ignored_link_filters_are_named_until_the_user_changes_something(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    at = run_app(monkeypatch, api.transport(), q="skill", cohort="martians", mode="bogus")
    assert not at.exception
    search = [r for r in api.requests if r.url.path == "/search"][-1]
    assert search.url.params["mode"] == "hybrid" and "cohort" not in search.url.params
    assert [w.value.replace("\\", "") for w in at.warning] == [
        "Part of this link was not understood and is ignored: cohort=martians (allowed: workforce, creatives, "
        "scientists); mode=bogus (allowed: hybrid, keyword, semantic)."]
    assert at.warning[0].proto.icon == ":material/link_off:"
    at.text_input(key="w_q").set_value("skill loss").run()  # a search of its own: the link no longer applies
    assert not at.exception and not at.warning


def test_a_valid_link_shows_no_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, FakeApi().transport(), q="skill", cohort="workforce", mode="keyword", min="0.2")
    assert not at.exception and not at.warning


def test_any_limit_from_the_url_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeApi()
    at = run_app(monkeypatch, api.transport(), q="skill", limit="37")
    assert not at.exception
    assert [r for r in api.requests if r.url.path == "/search"][-1].url.params["limit"] == "37"


def test_participants_outside_the_match_set_are_marked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    class Deeper(FakeApi):
        def search_hits(self, request: httpx.Request) -> list[dict[str, object]]:
            hits = super().search_hits(request)
            hits[1]["counted"] = False  # ranked within the filter, outside the archive-wide match set
            return hits

    at = run_app(monkeypatch, Deeper().transport(), q="skill loss", cohort="creatives")
    assert not at.exception
    notes = [c.value for c in at.caption if c.value.startswith("Below: further participants")]
    assert notes == ["Below: further participants of this group, ranked by the same search but outside the "
                     "archive-wide match set, so not in the counts, charts or comparisons."]


def test_a_suggested_spelling_is_one_click_away(monkeypatch: pytest.MonkeyPatch) -> None:
    class Misspelt(FakeApi):
        def search(self, request: httpx.Request) -> dict[str, object]:
            answer = super().search(request)
            if request.url.params.get("q") == "skil loss":
                answer.update(notice="no participant says 'skil'; did you mean “skill loss”?", suggestion="skill loss")
            return answer

    at = run_app(monkeypatch, Misspelt().transport(), q="skil loss")
    [button] = [b for b in at.button if b.label == "Search for “skill loss”"]
    at = button.click().run()
    assert qp(at, "q") == ["skill loss"]
    assert not [b for b in at.button if b.label.startswith("Search for “")]


def test_a_link_that_is_read_differently_says_so() -> None:
    from ui.state import parse_query

    class Params(dict):  # the get_all of st.query_params
        def get_all(self, key: str) -> list[str]:
            value = self.get(key)
            return [] if value is None else value if isinstance(value, list) else [value]

    s, ignored = parse_query(Params(q="skill", min="0.33", cf="cohort", cv=["zzz", "workforce"],
                                    tid="work_0001", view="interview", qs="9000", qe="100"))
    named = {i.name: i for i in ignored}
    assert s.min_match == 0.35 and "read as 0.35" in named["min"].allowed
    assert s.cv == ["workforce"] and named["cv"].value == "zzz"
    assert (s.qs, s.qe) == (None, None) and "after its start" in named["qe"].allowed


def test_a_result_card_says_a_label_was_derived_and_flags_a_weak_one() -> None:
    from ui.render import label_html

    weak = label_html("25 Educational Instruction and Library", {"source": "derived", "confidence": 0.36})
    assert weak.endswith("25 Educational Instruction and Library (uncertain)</span>")
    assert weak.startswith('<span title="derived from what the participant says') and "check the evidence" in weak
    sure = label_html("collaborative", {"source": "derived", "confidence": 0.9})
    assert sure.endswith(">collaborative</span>") and "check the evidence" not in sure
    assert label_html("29 Healthcare", {"source": "override", "confidence": 1.0}).endswith("29 Healthcare (override)</span>")
    assert label_html("<b>", None) == "&#60;b&#62;"  # escaped like every API value


def test_a_confidence_is_shown_with_its_scale() -> None:
    from ui.interview_view import confidence_words

    assert confidence_words(0.41) == "confidence 0.41 of 1 (low: check the evidence)"
    assert confidence_words(0.6) == "confidence 0.60 of 1 (fair)"
    assert confidence_words(0.95) == "confidence 0.95 of 1 (high)"
