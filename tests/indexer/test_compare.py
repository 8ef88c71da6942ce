"""Compare groups (indexer.compare): counts, shares and quotes per group."""

from __future__ import annotations

from indexer.archive import Archive
from indexer.compare import compare
from indexer.embed import HashEmbedder
from indexer.pipeline import BuildReport
from indexer.settings import Settings


def test_a_group_whose_matches_rank_below_the_first_page_still_shows_quotes(
        built: tuple[Settings, BuildReport]) -> None:
    settings, _ = built
    # One result per page: every group after the best one used to read "No quotes" under its count.
    archive = Archive(settings.model_copy(update={"max_limit": 1}), embedder=HashEmbedder())
    body = compare(archive, "worried skills", "cohort", mode="keyword")
    assert sorted((g["value"], g["count"], [r["transcript_id"] for r in g["results"]]) for g in body["groups"]) == [
        ("creatives", 1, ["creativity_9002"]), ("scientists", 1, ["science_9004"]), ("workforce", 1, ["work_9001"])]


def test_compare_carries_the_notice_and_what_is_counted(archive: Archive) -> None:
    body = compare(archive, "zebra worries", "cohort", mode="keyword")
    assert body["notice"] == "no participant says 'zebra'"
    assert body["counting"] == "participants whose own answers contain the search words (exact count)"


def test_compare_reads_values_in_any_case_and_each_group_once(archive: Archive) -> None:
    body = compare(archive, "worried skills", "cohort", ("Creatives", "creatives", "workforce"), mode="keyword")
    assert [g["value"] for g in body["groups"]] == ["creatives", "workforce"]
    body = compare(archive, "worried skills", "occupation_group", ("27", "27 Arts, Design, Entertainment, Sports, "
                                                                   "and Media"), mode="keyword")
    assert [g["value"][:2] for g in body["groups"]] == ["27"]
