"""RRF on hand-made rankings, and the keyword query builder on broken syntax (plus a property test)."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.errors import BadQuery
from indexer.ftsquery import literal_pattern, parse_query
from indexer.fusion import dbsf, ranked, rrf, weighted, weighted_dbsf


def test_rrf_exact_scores() -> None:
    scores = rrf([["a", "b", "c"], ["b", "c"]], k=60)
    assert scores == {"a": 1 / 61, "b": 1 / 62 + 1 / 61, "c": 1 / 63 + 1 / 62}
    assert [i for i, _ in ranked(scores)] == ["b", "c", "a"]


def test_rrf_ties_broken_by_id() -> None:
    assert [i for i, _ in ranked(rrf([["x"], ["y"]]))] == ["x", "y"]


def test_weighted_fusion() -> None:
    assert weighted({"a": 2.0, "b": 1.0}, {"b": 0.9, "c": 0.1}, alpha=0.5) == {"a": 0.5, "b": 0.5, "c": 0.0}


def test_distribution_based_fusion() -> None:
    # keyword: mean 2, sd 1 → (x + 1) / 6; semantic: mean 0.5, sd 0.4 → (x + 0.7) / 2.4
    assert dbsf({"a": 3.0, "b": 1.0}) == pytest.approx({"a": 4 / 6, "b": 2 / 6})
    fused = weighted_dbsf({"a": 3.0, "b": 1.0}, {"b": 0.9, "c": 0.1}, alpha=0.5)
    # a chunk missing from one list scores that list's lowest value there, not zero
    assert fused == pytest.approx({"a": 0.5, "b": 0.5, "c": 1 / 3})
    assert dbsf({"x": 2.0, "y": 2.0}) == {"x": 1.0, "y": 1.0}
    # one keyword hit (no spread): a semantic-only candidate gets no keyword credit
    assert weighted_dbsf({"a": 5.0}, {"a": 0.9, "c": 0.1}, alpha=0.5)["c"] == pytest.approx(1 / 6)


@pytest.mark.parametrize(
    "query,expected",
    [
        ("who worries about skill loss", '("worries" OR "skill" OR "loss")'),
        ('"skill loss" OR rusty', '("skill loss" OR "rusty")'),
        ("skill AND loss", '("skill") AND ("loss")'),
        ("skill -coding", '(("skill")) NOT ("coding")'),
        ("skill NOT coding", '(("skill")) NOT ("coding")'),
        ("deskill*", '("deskill"*)'),
        ('"unterminated phrase', '("unterminated phrase")'),
        ("NEAR(foo bar) col:value ^x", '("NEAR" OR "foo" OR "bar" OR "col" OR "value" OR "x")'),
        ("not worried", '("not" OR "worried")'),
        ("the", '("the")'),
        # FTS5 keeps only the letter of C++; the symbols are checked on the text (ParsedQuery.admits)
        ("C++ -C# 10+ years", '("C" OR "10" OR "years")'),
    ],
)
def test_match_expressions(query: str, expected: str) -> None:
    assert parse_query(query).match_expression() == expected


@pytest.mark.parametrize("query", ["", "   ", "-only", '""', "((("])
def test_nothing_to_search_is_a_clear_error(query: str) -> None:
    with pytest.raises(BadQuery, match="no words to search for"):
        parse_query(query).match_expression()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_valid_fts5(query: str) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(text, tokenize='porter unicode61')")
    db.execute("INSERT INTO f VALUES ('skill loss is real')")
    try:
        expression = parse_query(query).match_expression()
    except BadQuery:
        return
    db.execute("SELECT rowid FROM f WHERE f MATCH ?", (expression,)).fetchall()


def test_names_ending_in_symbols_are_literals_met_as_written_or_by_a_plain_alternative() -> None:
    parsed = parse_query("C# or F# developers -C++")
    assert [(t.text, t.literal) for g in parsed.groups for t in g] == [("C", "C#"), ("F", "F#"), ("developers", "")]
    assert [([t.text for t in plain], lits) for plain, lits in parsed.literal_groups()] == [(["developers"], ("C#", "F#"))]
    assert parsed.words_required() is None  # "developers" alone meets the group: OR is OR
    only = parse_query("C# or F#").words_required()
    assert only is not None and [[t.literal for t in g] for g in only.groups] == [["C#", "F#"]]
    assert [t.literal for t in parse_query('"C++ developer"').groups[0]] == ["C++ developer"]
    assert [(t.literal, t.prefix) for t in parse_query("C++* #hashtag 10+").groups[0]] == [
        ("C++", False), ("", False), ("", False)]


def required_texts(query: str) -> list[list[str]]:
    required = parse_query(query).words_required()
    return [[t.text for t in g] for g in required.groups] if required else []


def test_what_every_mode_must_find() -> None:
    assert required_texts('fear of "being replaced"') == [["being replaced"]]
    assert required_texts('"skill loss" "rusty"') == [["skill loss"], ["rusty"]]
    assert required_texts('"C++" OR "Java"') == [["C", "Java"]]  # OR between quotes: either
    assert required_texts("guitar AND music") == [["guitar"], ["music"]]  # AND in every mode
    assert required_texts("who worries about skill loss") == []


@pytest.mark.parametrize("typed,text,found", [
    ("excel", "I use Excel daily.", ["Excel"]),
    ("excel", "it is excellent", []),  # FTS5 stems both to "excel"; as written they differ
    ("lesson plan*", "my lesson planning, lesson plans", ["lesson planning", "lesson plans"]),
    ("don't know", "I don’t  know yet", ["don’t  know"]),  # either apostrophe, any spacing
    ("C++", "C, C++ and C#", ["C++"]),
    (".NET", "ASP.NET, .net; not the safety net or a network", [".NET", ".net"]),
    ("A+", "an A+, not A++ or a", ["A+"]),
    ("e mail*", "e-mails by e mail", ["e-mails", "e mail"]),  # "e-mail*" as FTS5 read it: a space or a hyphen
])
def test_literal_patterns_find_words_as_written(typed: str, text: str, found: list[str]) -> None:
    assert [m.group() for m in literal_pattern(typed).finditer(text)] == found


def test_quoted_terms_are_literals_without_the_punctuation_a_paste_brings() -> None:
    terms = [t for g in parse_query('"skill loss." "lesson plan*" ("C++")').groups for t in g]
    assert [(t.text, t.literal, t.prefix, t.symbolic) for t in terms] == [
        ("skill loss", "skill loss", False, False), ("lesson plan", "lesson plan*", True, False),
        ("C", "C++", False, True)]
    assert parse_query('"lesson plan*"').match_expression() == '("lesson plan"*)'


@pytest.mark.parametrize("query,terms", [
    (".NET developer", [("NET", ".NET"), ("developer", "")]),
    ("A+ grade", [("A", "A+"), ("grade", "")]),
    ("10+ years", [("10", ""), ("years", "")]),  # the number: "10 years" is meant
    # A dot inside a word joins one name, searched as its parts and checked as written.
    ("ASP.NET or Node.js", [("ASP NET", "ASP.NET"), ("Node js", "Node.js")]),
    ("version 2.0", [("version", ""), ("2 0", "2.0")]),
    ("(.NET) [.NET]", [("NET", ".NET")]),
    ("..NET", [("NET", "")]),  # two dots are no name
    ('"...and then"', [("and then", "and then")]),  # a pasted ellipsis is not the dot of ".NET"
    ('"C++*" "lesson plan*"', [("C", "C++"), ("lesson plan", "lesson plan*")]),  # a name has no endings
])
def test_names_with_symbols_are_literals(query: str, terms: list[tuple[str, str]]) -> None:
    assert [(t.text, t.literal) for g in parse_query(query).groups for t in g] == terms


def test_an_excluded_dotted_name_is_a_literal() -> None:
    assert [(t.text, t.literal) for t in parse_query("-.NET code").excluded] == [("NET", ".NET")]


def test_a_prefix_is_searched_as_the_words_given_for_it_and_checked_as_written() -> None:
    parsed = parse_query('generat* "lesson plan*" -automat*').expanded(
        {"generat": ["generate", "generation"], "plan": ["plans", "planning"], "automat": []})
    wanted = [t for g in parsed.groups for t in g]
    assert [(t.fts(), t.literal) for t in wanted] == [
        ('("generate" OR "generation")', "generat*"),  # "generate" is stemmed to "gener", so also "general"
        ('("lesson plans" OR "lesson planning")', "lesson plan*")]
    assert [t.fts() for t in parsed.excluded] == ['"automat"*']  # no words given: left an FTS5 prefix
    assert parsed.meaning("fear of generat* tools") == "fear of generate tools"
    assert parse_query("a* a* a*").match_expression() == '("a"*)'  # one term, not three times the work
