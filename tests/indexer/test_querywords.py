"""What the archive's words say about a query's words (indexer.querywords), read before retrieval."""

from __future__ import annotations

from indexer.archive import Archive
from indexer.ftsquery import parse_query
from indexer.querywords import read_words


def test_common_words_leave_free_text_and_the_keyword_count_says_so(archive: Archive) -> None:
    reading = read_words(archive, parse_query("AI chapter"), "AI chapter", keyword_mode=True)
    assert [t.text for g in reading.parsed.groups for t in g] == ["chapter"]
    assert reading.notes == ("'AI' left out: said in 64% of passages, it would match nearly everyone "
                             '("AI" in quotes requires it)',)
    assert read_words(archive, parse_query("AI chapter"), "AI chapter", keyword_mode=False).notes == ()
    kept = read_words(archive, parse_query("AI OR chapter"), "AI OR chapter", keyword_mode=True)
    assert [t.text for g in kept.parsed.groups for t in g] == ["AI", "chapter"] and kept.notes == ()


def test_a_prefix_becomes_the_words_said_that_begin_with_it(archive: Archive) -> None:
    reading = read_words(archive, parse_query("funny* zzz*"), "funny* zzz*", keyword_mode=True)
    assert [t.expansions for g in reading.parsed.groups for t in g] == [("funny",), ()]
    assert reading.notes == ("no participant says a word beginning with 'zzz'",)
