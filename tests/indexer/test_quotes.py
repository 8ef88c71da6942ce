"""Overlapping chunks of one answer become one verbatim passage (indexer.quotes)."""

from __future__ import annotations

from typing import Any

from indexer import quotes
from indexer.quotes import passages, text_of

TEXT = "Q? One two. Three four. Five six. Seven."
#       0123456789012345678901234567890123456789


def row(start: int, end: int, turn: int = 1) -> dict[str, Any]:
    return {"turn": turn, "start": start, "end": end, "text": TEXT[start:end]}


def test_overlapping_chunks_merge_into_one_verbatim_passage() -> None:
    rows = {1: row(3, 23), 2: row(12, 33), 3: row(24, 40, turn=2)}
    spans = {1: ((0, 3),), 2: ((12, 16),)}  # "One" in chunk 1, "Five" in chunk 2
    found = passages([(2, "t", 0.9), (1, "t", 0.5), (3, "t", 0.4)], rows, spans)
    assert [(p.rowid, p.start, p.end, p.score, p.rowids) for p in found] == [(2, 3, 33, 0.9, (2, 1)), (3, 24, 40, 0.4, (3,))]
    start, text, marks = text_of(found[0], rows)
    assert (start, text) == (3, "One two. Three four. Five six.") and TEXT[start : start + len(text)] == text
    assert [text[a:b] for a, b in marks] == ["One", "Five"]


def test_a_bridging_chunk_folds_both_neighbours_into_the_better() -> None:
    rows = {1: row(3, 11), 2: row(24, 33), 3: row(9, 27)}
    found = passages([(1, "t", 0.8), (2, "t", 0.7), (3, "t", 0.6)], rows, {})
    assert [(p.start, p.end, p.rowids) for p in found] == [(3, 33, (1, 3, 2))]
    assert text_of(found[0], rows)[1] == "One two. Three four. Five six."


def test_a_merge_past_the_length_cap_keeps_only_the_new_text(monkeypatch: Any) -> None:
    monkeypatch.setattr(quotes, "MAX_PASSAGE_CHARS", 25)
    rows = {1: row(3, 23), 2: row(12, 33), 3: row(3, 11)}
    found = passages([(1, "t", 0.9), (2, "t", 0.5), (3, "t", 0.4)], rows, {2: ((12, 16), (21, 25))})
    assert [(p.start, p.end) for p in found] == [(3, 23), (23, 33)]
    start, text, marks = text_of(found[1], rows)
    assert (start, text, [text[a:b] for a, b in marks]) == (24, "Five six.", ["Five"])
