"""The whole pipeline on tests/data/corpus with the deterministic embedder, then the search core."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.archive import Archive
from indexer.embed import HashEmbedder
from indexer.errors import BadQuery, BuildLocked, IndexMissing, TranscriptNotFound
from indexer.pipeline import BuildReport, acquire_lock, build_index
from indexer.search import Filters, search
from indexer.settings import Settings
from tests.conftest import CORPUS, make_settings

IDS = ["creativity_9002", "science_9003", "science_9004", "work_9001", "work_9005", "work_9006"]


def test_build_report(built: tuple[Settings, BuildReport]) -> None:
    _, report = built
    assert (report.indexed, report.skipped, report.duplicates) == (6, 0, 1)
    assert report.summary().startswith("indexed 6, repaired 1, skipped 0, duplicates 1;")
    assert f"repaired {CORPUS}/work_9006.txt: decoded as cp1252" in report.messages
    dup = [m for m in report.messages if m.startswith("duplicate")]
    assert dup == [f"duplicate work_9001: kept {CORPUS}/teacher.md, ignored "
                   f"{CORPUS}/nested/teacher_copy_mojibake.txt (same content)"]


def test_every_participant_once(archive: Archive) -> None:
    assert sorted(archive.participants) == IDS
    assert [archive.participants[i].cohort for i in IDS] == [
        "creatives", "scientists", "scientists", "workforce", "workforce", "workforce"]


def test_cp1252_crlf_file_is_repaired_verbatim(archive: Archive) -> None:
    doc = archive.transcript("work_9006")
    assert [t["text"] for t in doc["turns"]] == [
        "What do you do for a living?", "I’m a registered nurse on a cardiac ward.",
        "How do you use AI?", "I ask it to explain drug interactions, then I double-check everything myself."]
    assert "\r" not in doc["text"]


def test_every_quote_is_verbatim_at_its_offsets(archive: Archive) -> None:
    for mode in ("keyword", "semantic", "hybrid"):
        results = search(archive, "skill teacher AI emails debugging", mode=mode, by="quote", limit=50)
        assert results.results
        for hit in results.results:
            text = archive.transcript(hit.transcript_id)["text"]
            for q in hit.quotes:
                assert text[q.start : q.end] == q.text


def test_keyword_skill_loss_finds_the_teacher(archive: Archive) -> None:
    results = search(archive, "who worries about skill loss", mode="keyword")
    [hit] = [h for h in results.results if h.transcript_id == "work_9001"]
    quote = hit.quotes[0]
    assert quote.question == "Do you have any concerns about relying on AI?"
    assert [quote.text[s:e] for s, e in quote.highlights] == ["worry", "skills"]


def test_curly_quote_kept_in_repaired_text(archive: Archive) -> None:
    results = search(archive, '"high school teacher"', mode="keyword")
    assert results.results[0].quotes[0].text.startswith("I’m a high school teacher – really.")


def test_cohort_filter_excludes_other_cohorts(archive: Archive) -> None:
    for mode in ("keyword", "semantic", "hybrid"):
        results = search(archive, "AI skills writing", Filters(cohort=("creatives",)), mode=mode)
        assert {h.participant.cohort for h in results.results} == {"creatives"}


def test_exclude_and_not(archive: Archive) -> None:
    def ids(query: str, filters: Filters | None = None) -> set[str]:
        return {h.transcript_id for h in search(archive, query, filters, mode="keyword").results}

    assert ids("worried skills") == {"work_9001", "creativity_9002", "science_9004"}
    assert ids("worried skills -chapter") == {"work_9001", "science_9004"}
    assert ids("worried skills", Filters(exclude=("work_9001",))) == {"creativity_9002", "science_9004"}


def test_not_says_it_leaves_out_passages_not_people(archive: Archive) -> None:
    # The novelist says "write" in an answer without "chapter", and "chapter" in another one.
    results = search(archive, "write -chapter", mode="keyword")
    assert "creativity_9002" in {h.transcript_id for h in results.results}
    assert results.notice == (f"NOT leaves out passages, not people: 1 of the {results.total} participants found "
                              "say 'chapter' in another passage")
    assert search(archive, "write -zebra", mode="keyword").notice is None  # nobody found says it: nothing to say


def test_an_exclude_id_no_participant_has_is_named(archive: Archive) -> None:
    results = search(archive, "worried skills", Filters(exclude=("work_9001", "work_90001")), mode="keyword")
    assert {h.transcript_id for h in results.results} == {"creativity_9002", "science_9004"}
    assert results.notice == "exclude names no participant of this archive: work_90001 (ids look like creativity_9002)"


@pytest.mark.parametrize("query", ['"', "NEAR(", "*", "AND OR", "col:value", "^", "'; DROP TABLE chunks; --",
                                   "x" * 999, "\u202eevil\u202c 😀", "a\x00b"])
def test_hostile_queries_search_or_say_why(archive: Archive, query: str) -> None:
    try:
        search(archive, query, mode="hybrid")
    except BadQuery as exc:
        assert "query" in str(exc)


def test_limits_are_enforced(archive: Archive) -> None:
    with pytest.raises(BadQuery, match="limit must be between 1 and 100, got 0"):
        search(archive, "x", limit=0)
    with pytest.raises(BadQuery, match="the limit is 1000"):
        search(archive, "x" * 1001)
    with pytest.raises(BadQuery, match="unknown mode 'fuzzy'; use one of keyword, semantic, hybrid"):
        search(archive, "x", mode="fuzzy")


def test_unknown_transcript(archive: Archive) -> None:
    with pytest.raises(TranscriptNotFound, match="no transcript with id '../etc/passwd'"):
        archive.transcript("../etc/passwd")


def test_no_index_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match=r"no index at .*; run `archive index corpus/`"):
        Archive(make_settings(tmp_path))


def test_second_build_refuses(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    lock = acquire_lock(settings)
    try:
        with pytest.raises(BuildLocked, match="another index build is running"):
            build_index([CORPUS], settings, keyword_only=True)
    finally:
        lock.close()


def test_keyword_only_build_then_semantic_falls_back(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    build_index([CORPUS], settings, keyword_only=True)
    archive = Archive(settings)
    results = search(archive, "skill loss", mode="hybrid")
    assert results.mode.value == "keyword"
    assert results.notice == ("the semantic index is still being built; showing keyword results; "
                              "no participant says 'loss'")
    assert archive.semantic_status() == {"embedded": 0, "total": archive.semantic_status()["total"], "ready": False}


def test_min_match_cuts_counts_keyword(archive: Archive) -> None:
    loose = search(archive, "worried skills", mode="keyword")
    assert {h.transcript_id: h.match for h in loose.results} == {
        "work_9001": 1.0, "creativity_9002": 1.0, "science_9004": 0.5}
    strict = search(archive, "worried skills", Filters(min_match=1.0), mode="keyword")
    assert (strict.total, {h.transcript_id for h in strict.results}) == (2, {"work_9001", "creativity_9002"})


def test_min_match_is_cosine_in_semantic_mode(archive: Archive) -> None:
    results = search(archive, "emails to customers", mode="hybrid", by="quote", limit=50)
    vectors = archive.vectors()
    qv = archive.query_vector("emails to customers")
    for hit in results.results:
        q = hit.quotes[0]
        stored = vectors.get_vectors([q.chunk_id])[q.chunk_id]
        assert abs(q.match - float(stored @ qv)) < 1e-3


def test_keyword_mode_matches_what_the_participant_said(archive: Archive) -> None:
    # "relying" is only in the interviewer's question to work_9001: the participant never said it.
    assert "work_9001" not in {h.transcript_id for h in search(archive, "relying", mode="keyword").results}
    assert "work_9001" in {h.transcript_id for h in search(archive, "rusty", mode="keyword").results}


def test_quoted_words_are_required_in_every_mode(archive: Archive) -> None:
    for mode in ("keyword", "semantic", "hybrid"):
        for query in ('"my own skills"', 'writing chapters "my own skills"', '"rusty" writing'):
            results = search(archive, query, mode=mode)
            assert [h.transcript_id for h in results.results] == ["work_9001"], (mode, query)
            first = query.split('"')[1]
            assert results.notice == ("quoted words are required, as written: only passages where the participant "
                                      f'says them ("{first}*" also finds other endings)')


def test_quoted_words_match_as_written_not_by_stem(archive: Archive) -> None:
    # Two participants say "skills": unquoted, "skill" finds them by its stem; quoted, only as written.
    assert {h.transcript_id for h in search(archive, "skill", mode="keyword").results} == {"work_9001",
                                                                                         "creativity_9002"}
    for mode in ("keyword", "semantic", "hybrid"):
        results = search(archive, '"skill"', mode=mode)
        assert results.results == (), mode
        assert results.notice == ("quoted words are required, as written: only passages where the participant "
                                  'says them ("skill*" also finds other endings); '
                                  "no participant says 'skill' as written")
        found = search(archive, '"my own skill*"', mode=mode)
        assert [h.transcript_id for h in found.results] == ["work_9001"], mode
        quote = found.results[0].quotes[0]
        assert [quote.text[a:b] for a, b in quote.highlights] == ["my own skills"]


def test_a_hyphen_inside_a_word_is_no_exclusion() -> None:
    from indexer.ftsquery import parse_query

    parsed = parse_query("AI-generated e-mail -coding -\"pair programming\"")
    # searched as the phrase FTS5 indexed: "AI-generated" is the tokens AI, generated
    assert [(t.text, t.phrase) for g in parsed.groups for t in g] == [("AI generated", True), ("e mail", True)]
    assert [(t.text, t.phrase) for t in parsed.excluded] == [("coding", False), ("pair programming", True)]


@pytest.mark.parametrize("query,message", [
    ("*", "the query '*' has no words to search for; type a few words, e.g. who worries about skill loss"),
    ("-skill", "the query -skill only says what to leave out; add a word to search for, e.g. skill loss -skill"),
    ("NOT skill", "the query -skill only says what to leave out; add a word to search for, e.g. skill loss -skill"),
])
def test_a_query_with_nothing_to_look_for_says_so(archive: Archive, query: str, message: str) -> None:
    for mode in ("keyword", "semantic", "hybrid"):
        with pytest.raises(BadQuery) as info:
            search(archive, query, mode=mode)
        assert str(info.value) == message


def test_counts_do_not_depend_on_the_filter(built: tuple[Settings, BuildReport]) -> None:
    # A pool of 2 chunks per side: who counts as matching is fixed archive-wide, and a filter
    # only slices it; a filtered list may go deeper, but the extra participants are not counted.
    settings, _ = built
    small = Archive(settings.model_copy(update={"candidate_pool": 2}))
    query = "AI skills writing"
    everyone = search(small, query, mode="hybrid")
    for cohort in ("workforce", "scientists", "creatives"):
        one = search(small, query, Filters(cohort=(cohort,)), mode="hybrid")
        assert one.matched_ids == tuple(t for t in everyone.matched_ids if small.participants[t].cohort == cohort)
        assert one.total == len(one.matched_ids)
        counted = [h.transcript_id for h in one.results if h.counted]
        assert counted == list(one.matched_ids)  # the counted matches come first
        assert all(not h.counted for h in one.results[len(counted):])
    workforce = search(small, query, Filters(cohort=("workforce",)), mode="hybrid")
    assert [(h.transcript_id, h.counted) for h in workforce.results] == [("work_9001", True), ("work_9005", False)]
    keyword = search(small, "skills", mode="keyword")  # keyword mode has no pool: every answer that says it
    assert keyword.total == len({h.transcript_id for h in search(small, "skills", mode="keyword", limit=100).results})


def test_a_loose_best_match_is_said(built: tuple[Settings, BuildReport]) -> None:
    strict = Archive(built[0].model_copy(update={"loose_match": 0.99}))
    notice = search(strict, "abilities fading", mode="hybrid").notice or ""  # words no answer says
    assert "nothing in the archive matches this closely (best match 0." in notice
    assert search(strict, "skills", mode="keyword").notice is None  # keyword matches are words, not distances
    # Passages shown that say the search words are evidence, however far their meaning lies.
    assert search(strict, "skills", mode="hybrid").notice is None


def test_a_sign_off_is_shown_only_when_nothing_else_is(archive: Archive) -> None:
    from indexer.chunk import is_sign_off

    assert is_sign_off("Nope, that's it, thanks!") and is_sign_off("No, that is all. Thank you.")
    assert not is_sign_off("Thanks to AI I no longer worry about losing my skills, because I practise them every week.")
    for mode in ("keyword", "hybrid"):
        for hit in search(archive, "thanks skills", mode=mode).results:
            if len(hit.quotes) > 1:
                assert not is_sign_off(hit.quotes[0].text)


def test_an_answer_that_mentions_thanks_is_no_sign_off() -> None:
    from indexer.chunk import is_sign_off

    for answer in ("No, I appreciate AI for scheduling but not for patient notes.",
                   "Thank you. Mostly for drafting lesson plans and grading rubrics.", "That is all I use it for: emails."):
        assert not is_sign_off(answer), answer
    assert is_sign_off("Appreciate the chance to chat! I am closing the conversation.")


# like_from 0: the same answers when SQLite's substring scan narrows a name's passages first, as it
# does on a real corpus where FTS5 finds the bare letter in over 2,000 of them.
@pytest.mark.parametrize("like_from", [2000, 0])
def test_c_plus_plus_is_searched_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, like_from: int) -> None:
    import indexer.retrieve

    monkeypatch.setattr(indexer.retrieve, "LIKE_FROM", like_from)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for tid, answer in (("work_9301", "I write C++ every day, and some C# too."),
                        ("work_9302", "I take vitamin C and keep a plan C for deadlines."),
                        ("work_9303", "I use Java and Python at work.")):
        (corpus / f"{tid}.md").write_text(
            f"**Transcript ID:** {tid}\n\n---\n\nAssistant: Tell me about your work.\n\nUser: {answer}\n", encoding="utf-8")
    settings = make_settings(tmp_path / "data")
    build_index([corpus], settings, embedder=HashEmbedder())
    archive = Archive(settings, embedder=HashEmbedder())
    for mode in ("keyword", "semantic", "hybrid"):
        results = search(archive, "C++", mode=mode)
        assert [h.transcript_id for h in results.results] == ["work_9301"], mode
        assert results.notice == "C++: matched as written, not as the bare letter"
    quote = search(archive, "C++", mode="keyword").results[0].quotes[0]
    assert [quote.text[a:b] for a, b in quote.highlights] == ["C++"]
    assert [h.transcript_id for h in search(archive, "C -C++", mode="keyword").results] == ["work_9302"]
    with pytest.raises(BadQuery, match="the query -C# only says what to leave out"):
        search(archive, "NOT C#")
    # OR stays OR: a plain alternative meets the group, a bare "C" never does (keyword mode; quotes
    # make it so in every mode).
    for query in ("C++ OR Java", "C++ python"):
        assert {h.transcript_id for h in search(archive, query, mode="keyword").results} == {"work_9301", "work_9303"}
    for mode in ("keyword", "semantic", "hybrid"):
        found = {h.transcript_id for h in search(archive, '"C++" OR "Java"', mode=mode).results}
        assert found == {"work_9301", "work_9303"}, mode
        # AND means both, in every mode
        assert [h.transcript_id for h in search(archive, "Java AND Python", mode=mode).results] == ["work_9303"]
    assert search(archive, "F#", mode="semantic").notice.endswith("; no participant says F#")


def test_required_words_are_looked_for_beyond_the_nearest_neighbours(archive: Archive,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import indexer.search as core

    # A nearest-neighbour pool that holds none of them: the passages with the words are still found.
    monkeypatch.setattr(core, "semantic_ranking", lambda *args, **kwargs: [])
    assert [h.transcript_id for h in search(archive, '"rusty"', mode="semantic").results] == ["work_9001"]


def test_cli_file_formats_hold_every_match_and_text_a_page(built: tuple[Settings, BuildReport],
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from indexer.cli import main

    settings, _ = built
    monkeypatch.setenv("ARCHIVE_EMBEDDER", "hash")
    every = search(Archive(settings, embedder=HashEmbedder()), "AI", mode="keyword", limit=100).total
    assert every > 2
    base = ["--data-dir", str(settings.data_dir), "search", "AI", "--mode", "keyword", "--format", "json"]
    main(base)
    assert len(json.loads(capsys.readouterr().out)["results"]) == every
    main([*base, "--limit", "2"])
    assert len(json.loads(capsys.readouterr().out)["results"]) == 2


def test_a_prefix_finds_the_words_said_that_begin_with_it(archive: Archive) -> None:
    # FTS5 prefixes porter stems: "funny" is indexed as "funni", so funny* had found nothing.
    assert [h.transcript_id for h in search(archive, "funny*", mode="keyword").results] == ["work_9001"]
    results = search(archive, "zzz*", mode="keyword")
    assert results.total == 0 and results.notice == "no participant says a word beginning with 'zzz'"


def test_a_common_word_is_left_out_of_free_text_only_and_the_count_says_so(archive: Archive) -> None:
    # "AI" is in 64% of the fixture's passages: free text leaves it out, an explicit OR keeps the union.
    free = search(archive, "AI chapter", mode="keyword")
    assert [h.transcript_id for h in free.results] == ["creativity_9002"]
    assert free.notice == ("'AI' left out: said in 64% of passages, it would match nearly everyone "
                           '("AI" in quotes requires it)')
    assert search(archive, "AI OR chapter", mode="keyword").total == search(archive, "AI", mode="keyword").total == 5


@pytest.mark.parametrize("mode,by,counting", [
    ("semantic", "participant", "participants with a passage among the 300 passages closest in meaning, archive-wide"),
    ("hybrid", "participant", "participants with a passage among the top 300 passages by keyword and the top 300 by "
                              "meaning, archive-wide"),
    ("hybrid", "quote", "passages among the top 300 passages by keyword and the top 300 by meaning, archive-wide"),
])
def test_counting_says_which_lists_were_read(archive: Archive, mode: str, by: str, counting: str) -> None:
    assert search(archive, "worried skills", mode=mode, by=by).counting == (
        counting + ", however loosely they match; a filter counts its share of those")


def test_full_width_letters_are_the_letters(archive: Archive) -> None:
    assert [h.transcript_id for h in search(archive, "ｒｕｓｔｙ", mode="keyword").results] == ["work_9001"]


def test_names_and_prefixes_say_what_was_matched(archive: Archive) -> None:
    # A name nobody says is named; a quoted name gets no "other endings" hint (C++ has none).
    assert search(archive, "ASP.NET", mode="keyword").notice == (
        "ASP.NET: matched as written, not as the bare word; no participant says ASP.NET")
    assert "also finds other endings" not in (search(archive, '"C++"', mode="keyword").notice or "")
    # Accents either way, as FTS5 folds them: the teacher's "rusty" is found by "rüsty*".
    assert [h.transcript_id for h in search(archive, "rüsty*", mode="keyword").results] == ["work_9001"]


def test_typographic_quotes_are_quotes_and_syntax_is_not_meaning(archive: Archive) -> None:
    from indexer.ftsquery import parse_query

    assert search(archive, "“skills”", mode="keyword").total == search(archive, '"skills"', mode="keyword").total
    assert [t.quoted for g in parse_query("«lesson plan»").groups for t in g] == [True]
    for q in ("skills NOT students", "skills -students"):
        assert parse_query(q).meaning(q) == "skills"
    assert parse_query("skills OR worry").meaning("skills OR worry") == "skills worry"
    assert parse_query("who worries about skill loss").meaning("who worries about skill loss") == \
        "who worries about skill loss"


def test_an_occupation_nobody_has_is_said_and_plurals_find_the_singular(archive: Archive) -> None:
    none = search(archive, "skills", Filters(occupation="zzzz"), mode="keyword")
    assert none.total == 0 and "no participant's occupation has a word beginning with 'zzzz'" in (none.notice or "")
    assert Filters(occupation="teachers").admits_occupation(archive.participants["work_9001"])


def test_words_past_the_term_cap_are_said(archive: Archive) -> None:
    from indexer.ftsquery import MAX_TERMS

    notice = search(archive, " ".join(["filler"] * (MAX_TERMS + 1)) + " skills", mode="keyword").notice or ""
    assert f"only the first {MAX_TERMS} words and phrases of the query are searched" in notice
