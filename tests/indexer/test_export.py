"""Exports on hand-built results: citations with attribution, the recorded search, BibTeX escaping, overrides."""

from __future__ import annotations

import csv
import io

from indexer import export
from indexer.archive import ParticipantInfo
from indexer.citation import cite, quote_citation
from indexer.models import Label
from indexer.pipeline import BuildReport
from indexer.results import By, Hit, Mode, Quote, SearchResults
from indexer.search import Filters
from indexer.settings import Settings

ATTR = "Anthropic Interviewer dataset, Handa et al. 2025, CC-BY"
URL = "https://huggingface.co/datasets/Anthropic/AnthropicInterviewer"
RESEARCHER = ParticipantInfo(
    "work_0879", "workforce", 30, 15, 900,
    Label("r&d researcher", 1.0, "override", note="asked again"),
    Label("17 Architecture and Engineering", 1.0, "override", note="follows the occupation override"),
    Label("mixed", 0.9, "derived"),
)
# Two quotes from one turn: their BibTeX keys must differ.
QUOTES = (
    Quote("c1", "work_0879", 15, 1200, 1230, "It got 100% of it_right & cost $5", "Did it help?", 14, 2.0,
          match=0.4249),
    Quote("c2", "work_0879", 15, 1300, 1320, "#1 ^ ~ \\ {x}", "Did it help?", 14, 1.0, match=0.3),
)
RESULTS = SearchResults('"100%"', Mode.keyword, By.participant, 435,
                        (Hit("work_0879", 3.0, RESEARCHER, QUOTES),))
INFO = export.ExportInfo(
    Filters(cohort=("workforce",), occupation_group=("17", "15"), occupation="r&d",
            interaction_style=("mixed",), exclude=("work_0001",), min_match=0.4),
    build="20250101-120000-abcd1234", exported="2025-06-30")


def test_citation_carries_transcript_turn_and_dataset_attribution() -> None:
    assert cite("work_0084", 27) == f"(work_0084, turn 27; {ATTR})"
    assert QUOTES[1].as_dict()["citation"] == f"“#1 ^ ~ \\ {{x}}” (work_0879, turn 15; {ATTR})"
    # Interviews indexed from elsewhere are not attributed to the bundled dataset.
    assert quote_citation("Yes.", "site-b/07", 3) == "“Yes.” (site-b/07, turn 3)"


def test_latex_escape_escapes_every_special_once() -> None:
    assert export.latex_escape("\\ { } % & $ # _ ^ ~") == (
        "\\textbackslash{} \\{ \\} \\% \\& \\$ \\# \\_ \\textasciicircum{} \\textasciitilde{}")
    assert export.latex_escape("two\n\nparagraphs") == "two paragraphs"  # a blank line would be \par


def test_bibtex_escapes_fields_keys_are_unique_and_dataset_entry_has_the_url() -> None:
    assert export.to_bibtex(RESULTS) == (
        "@misc{work_0879_turn15_1200,\n"
        "  title = {Interview work\\_0879, turn 15},\n"
        "  crossref = {handa2025interviewer},\n"
        "  note = {“It got 100\\% of it\\_right \\& cost \\$5” (r\\&d researcher (override), workforce; "
        "chars 1200--1230)}\n}\n\n"
        "@misc{work_0879_turn15_1300,\n"
        "  title = {Interview work\\_0879, turn 15},\n"
        "  crossref = {handa2025interviewer},\n"
        "  note = {“\\#1 \\textasciicircum{} \\textasciitilde{} \\textbackslash{} \\{x\\}” "
        "(r\\&d researcher (override), workforce; chars 1300--1320)}\n}\n\n"
        "@misc{handa2025interviewer,\n"
        "  author       = {Handa, Kunal and others},\n"
        "  title        = {Introducing {Anthropic Interviewer}: What 1,250 professionals told us about "
        "working with {AI}},\n"
        "  year         = {2025},\n"
        "  publisher    = {Anthropic},\n"
        "  howpublished = {Dataset: Anthropic/AnthropicInterviewer},\n"
        f"  url          = {{{URL}}},\n"
        "  note         = {Data licensed CC-BY}\n}\n"
    )


def test_bibtex_key_suffixes_a_repeat() -> None:
    used: set[str] = set()
    assert [export.bibtex_key("work_0879", 15, 1200, used) for _ in range(3)] == [
        "work_0879_turn15_1200", "work_0879_turn15_1200-2", "work_0879_turn15_1200-3"]
    assert export.bibtex_key("a b,c", 1, 0, used) == "a-b-c_turn1_0"


def test_markdown_header_says_showing_n_of_m_and_records_the_search() -> None:
    lines = export.to_markdown(RESULTS, INFO).splitlines()
    assert lines[:11] == [
        "# Quotes for “\"100%\"”", "",
        "Showing 1 of 435 matching participants (by participant).", "",
        "- Query: “\"100%\"”",
        "- Mode: keyword",
        "- Filters: cohort=workforce; occupation_group=17|15; occupation=r&d; interaction_style=mixed; "
        "exclude=work_0001; min_match=0.40",
        "- Index build: 20250101-120000-abcd1234",
        "- Exported: 2025-06-30",
        "- Source: Anthropic Interviewer dataset (Handa et al. 2025, “Introducing Anthropic Interviewer: What "
        f"1,250 professionals told us about working with AI”), {URL}, licensed CC-BY.",
        "",
    ]
    assert lines[13] == (f"— (work_0879, turn 15; {ATTR}), chars 1200–1230; r&d researcher (override) · "
                         "17 Architecture and Engineering (override) · mixed · workforce · match 0.42. "
                         "Asked: “Did it help?”")


def test_csv_rows_stand_alone() -> None:
    rows = list(csv.DictReader(io.StringIO(export.to_csv(RESULTS, INFO))))
    assert len(rows) == 2
    assert rows[0] == {
        "transcript_id": "work_0879", "turn": "15", "start": "1200", "end": "1230",
        "quote": "It got 100% of it_right & cost $5", "question": "Did it help?",
        "occupation": "r&d researcher", "occupation_source": "override",
        "occupation_group": "17 Architecture and Engineering", "occupation_group_source": "override",
        "interaction_style": "mixed", "interaction_style_source": "derived",
        "occupation_confidence": "1.00", "occupation_group_confidence": "1.00", "interaction_style_confidence": "0.90",
        "cohort": "workforce",
        "match": "0.42", "counted": "yes", "score": "2.0", "citation": f"(work_0879, turn 15; {ATTR})",
        "dataset": f"Anthropic/AnthropicInterviewer ({URL})", "licence": "CC-BY",
        "query": '"100%"', "mode": "keyword",
        "filters": "cohort=workforce; occupation_group=17|15; occupation=r&d; interaction_style=mixed; "
                   "exclude=work_0001; min_match=0.40",
        "showing": "showing 1 of 435 matching participants", "build": "20250101-120000-abcd1234",
        "exported": "2025-06-30",
    }


def test_no_filters_say_none() -> None:
    assert export.describe_filters(Filters()) == "none"


def test_participants_csv_has_every_label_with_source_and_evidence() -> None:
    text = export.participants_csv([RESEARCHER.as_dict()])
    header, row = list(csv.reader(io.StringIO(text)))
    assert header == [
        "transcript_id", "cohort",
        "occupation", "occupation_source", "occupation_confidence", "occupation_evidence", "occupation_note",
        "occupation_group", "occupation_group_source", "occupation_group_confidence",
        "occupation_group_evidence", "occupation_group_note",
        "interaction_style", "interaction_style_source", "interaction_style_confidence",
        "interaction_style_evidence", "interaction_style_note",
        "n_answers", "n_words",
    ]
    assert row == ["work_0879", "workforce", "r&d researcher", "override", "1.0", "", "asked again",
                   "17 Architecture and Engineering", "override", "1.0", "", "follows the occupation override",
                   "mixed", "derived", "0.9", "", "", "15", "900"]


def test_a_filtered_export_says_what_it_counts_and_marks_the_rest(built: tuple[Settings, BuildReport]) -> None:
    from indexer.archive import Archive
    from indexer.search import search

    small = Archive(built[0].model_copy(update={"candidate_pool": 2}))
    results = search(small, "AI skills writing", Filters(cohort=("workforce",)), mode="hybrid")
    assert export.showing(results) == ("showing 1 of 1 matching participants, then 1 more of the filtered group "
                                       "from outside the match set (not counted)")
    markdown = export.to_markdown(results)
    assert "*Below: participants of the filtered group from outside the match set; not in the counts.*" in markdown
    assert "\n-- below: the filtered group beyond the match set (not counted) --" in export.to_text(results)


def test_text_view_shows_the_part_of_a_long_quote_that_matched() -> None:
    from indexer.export import _window

    text = "word " * 200 + "I code in C++ daily. " + "more " * 100
    at = text.index("C++")
    shown = _window(text, ((at, at + 3),))
    assert "C++" in shown and shown.startswith("[…] ") and shown.endswith(" […]")
    assert len(shown) <= 400 + 2 * len(" […]")
    assert _window("short quote", ()) == "short quote"
    assert _window(text, ()).startswith("word word") and not _window(text, ()).startswith("[…]")


def test_bibtex_records_how_it_was_made_in_a_comment() -> None:
    from dataclasses import replace

    info = export.ExportInfo(build="b1", exported="2026-11-23")
    text = export.to_bibtex(replace(RESULTS, query="skill} loss"), info)
    head = text.split("\n\n")[0]
    assert head.startswith("@comment{Quotes exported from the interview archive.")
    assert "Query: skill) loss" in head and "Index build: b1" in head and "Exported: 2026-11-23" in head
    assert head.count("{") == head.count("}") == 1  # the query's brace cannot end the comment early
    assert text.split("\n\n", 1)[1] == export.to_bibtex(RESULTS)  # the entries are unchanged


def test_a_weakly_derived_label_is_marked_where_it_is_pasted() -> None:
    from indexer.models import Label

    assert export._marked(Label("teacher", 0.36, "derived")) == "teacher (uncertain, 0.36)"
    assert export._marked(Label("teacher", 0.9, "derived")) == "teacher"
    assert export._marked(Label("teacher", 1.0, "override")) == "teacher (override)"
