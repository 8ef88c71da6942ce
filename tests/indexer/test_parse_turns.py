"""Parsing every format and label form into turns with exact offsets."""

from __future__ import annotations

import pytest

from indexer.errors import SourceError, UnsupportedFormat
from indexer.models import RawTranscript
from indexer.parse import parse_document
from indexer.turns import split_turns

INTERVIEWER = ["Assistant", "AI", "Interviewer", "Q"]
PARTICIPANT = ["User", "Participant", "Respondent", "A"]


def turns_of(text: str) -> list[tuple[str, str]]:
    transcript, _ = split_turns(RawTranscript("t", text, "t.md"), INTERVIEWER, PARTICIPANT)
    return [(t.speaker, t.text) for t in transcript.turns]


def test_markdown_header_gives_id_and_body() -> None:
    md = "# Dialog 00472\n\n**Transcript ID:** work_0035\n\n---\n\nAssistant: Hi\n\nUser: Hello"
    [raw] = parse_document("00472.md", md)
    assert raw.transcript_id == "work_0035"
    assert raw.text == "Assistant: Hi\n\nUser: Hello"


def test_plain_text_id_from_file_name() -> None:
    [raw] = parse_document("my interview 7.txt", "Q: a?\nA: b")
    assert raw.transcript_id == "my_interview_7"


def test_csv_rows() -> None:
    rows = parse_document("x.csv", 'transcript_id,text\nscience_1,"User: a"\nscience_2,"User: b"\n')
    assert [(r.transcript_id, r.text, r.source) for r in rows] == [
        ("science_1", "User: a", "x.csv row 1"), ("science_2", "User: b", "x.csv row 2")]


def test_csv_wrong_columns_names_them() -> None:
    with pytest.raises(SourceError, match=r"x.csv: CSV columns are \['id', 'body'\]"):
        parse_document("x.csv", "id,body\n1,2\n")


def test_csv_unterminated_quote() -> None:
    with pytest.raises(SourceError, match="x.csv"):
        parse_document("x.csv", 'transcript_id,text\nw_1,"User: never closed\n')


def test_jsonl_rows_and_bad_line() -> None:
    [raw] = parse_document("x.jsonl", '{"transcript_id": "w_1", "text": "User: hi"}\n\n')
    assert raw.transcript_id == "w_1"
    with pytest.raises(SourceError, match="line 2 is not JSON"):
        parse_document("x.jsonl", '{"transcript_id": "w_1", "text": "x"}\n{oops\n')


def test_docx_is_named_unsupported() -> None:
    with pytest.raises(UnsupportedFormat, match="unsupported format .docx"):
        parse_document("notes.docx", "x")


def test_user_assistant_ai_labels() -> None:
    assert turns_of("Assistant: Hi?\n\nUser: Yes.\n\nAI: Next?\nUser: No.") == [
        ("interviewer", "Hi?"), ("participant", "Yes."), ("interviewer", "Next?"), ("participant", "No.")]


@pytest.mark.parametrize("q,a", [("Interviewer", "Participant"), ("Interviewer", "Respondent"), ("Q", "A")])
def test_common_label_forms(q: str, a: str) -> None:
    assert turns_of(f"{q}: Why?\n{a}: Because.") == [("interviewer", "Why?"), ("participant", "Because.")]


def test_label_only_counts_at_line_start() -> None:
    text = "AI: Go on?\n\nUser: When I type User: into the chat, AI: answers.\nMe: not a label"
    assert turns_of(text) == [
        ("interviewer", "Go on?"),
        ("participant", "When I type User: into the chat, AI: answers.\nMe: not a label"),
    ]


def test_turn_offsets_are_exact() -> None:
    text = "AI: Hello there?\n\nUser:   Multi\n\nparagraph answer.  \n"
    transcript, labelled = split_turns(RawTranscript("t", text, "t.md"), INTERVIEWER, PARTICIPANT)
    assert labelled
    for turn in transcript.turns:
        assert text[turn.start : turn.end] == turn.text
    assert transcript.turns[1].text == "Multi\n\nparagraph answer."


def test_no_labels_is_one_participant_turn() -> None:
    transcript, labelled = split_turns(RawTranscript("t", "just notes\n", "t.txt"), INTERVIEWER, PARTICIPANT)
    assert not labelled
    assert [(t.speaker, t.text) for t in transcript.turns] == [("participant", "just notes")]
