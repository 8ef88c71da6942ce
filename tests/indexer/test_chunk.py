"""Chunks never cross a turn, keep exact offsets, carry the question, split long answers with overlap."""

from __future__ import annotations

from indexer.chunk import chunk_transcript, question_of, sentence_spans, windows
from indexer.models import RawTranscript
from indexer.turns import split_turns


def transcript(text: str):  # type: ignore[no-untyped-def]
    t, _ = split_turns(RawTranscript("work_1", text, "x.md"), ["AI"], ["User"])
    return t


def test_short_answer_is_one_chunk_with_question() -> None:
    t = transcript("AI: Nice to meet you.\n\nWhat do you do?\n\nUser: I teach. I like it.")
    [c] = chunk_transcript(t)
    assert (c.text, c.question, c.turn, c.question_turn) == ("I teach. I like it.", "What do you do?", 1, 0)
    assert t.text[c.start : c.end] == c.text
    assert c.chunk_id == f"work_1:1:{c.start}"


def test_long_answer_splits_at_sentences_with_overlap() -> None:
    sentences = [f"Sentence number {i} has exactly seven words." for i in range(10)]
    t = transcript("AI: Tell me?\nUser: " + " ".join(sentences))
    chunks = chunk_transcript(t, max_words=21, overlap=1)
    assert [c.text for c in chunks] == [
        " ".join(sentences[0:3]), " ".join(sentences[2:5]), " ".join(sentences[4:7]),
        " ".join(sentences[6:9]), " ".join(sentences[8:10])]
    for c in chunks:
        assert t.text[c.start : c.end] == c.text


def test_chunks_never_cross_turns() -> None:
    t = transcript("AI: A?\nUser: One. Two.\nAI: B?\nUser: Three.")
    assert [(c.turn, c.text) for c in chunk_transcript(t, max_words=1, overlap=0)] == [
        (1, "One."), (1, "Two."), (3, "Three.")]


def test_unpunctuated_giant_sentence_is_cut() -> None:
    text = "word " * 2000
    spans = sentence_spans(text, 0, len(text))
    assert all(e - s <= 1500 for s, e in spans)
    assert len(windows(spans, text, 120, 1)) > 1


def test_question_is_last_paragraph_with_question_mark() -> None:
    t = transcript("AI: Great answer.\n\nHow often do you use it?\n\nTake your time.\nUser: Daily.")
    assert question_of(t.turns[0]) == "How often do you use it?"
