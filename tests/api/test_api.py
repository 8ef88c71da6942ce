"""API over the tiny corpus: contract fields, one error shape, no 5xx for anything a user can send."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from indexer.archive import Archive
from indexer.embed import HashEmbedder
from indexer.pipeline import BuildReport
from indexer.settings import Settings


@pytest.fixture(scope="module")
def client(built: tuple[Settings, BuildReport], archive: Archive) -> Iterator[TestClient]:
    settings, _ = built
    with TestClient(create_app(settings, archive, fill_vectors=False)) as c:
        yield c


def assert_error(response, status: int, code: str, contains: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert (body["error"]["status"], body["error"]["code"]) == (status, code)
    assert contains in body["error"]["message"]


def test_health(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["participants"] == 6
    assert body["semantic"]["ready"] is True
    client.get("/search", params={"q": "skills", "mode": "semantic"})
    assert client.get("/health").json()["model_loaded"] is True  # a semantic search has loaded it


def test_search_contract(client: TestClient) -> None:
    body = client.get("/search", params={"q": "skills", "mode": "keyword"}).json()
    assert {"query", "total", "results"} <= set(body)
    hit = body["results"][0]
    assert {"transcript_id", "score", "cohort", "occupation", "occupation_group", "interaction_style",
            "quotes"} <= set(hit)
    assert {"text", "turn", "start", "end", "question"} <= set(hit["quotes"][0])


def test_search_by_quote_one_quote_per_result(client: TestClient) -> None:
    body = client.get("/search", params={"q": "AI", "by": "quote", "mode": "keyword"}).json()
    assert all(len(r["quotes"]) == 1 for r in body["results"])


def test_cohort_filter(client: TestClient) -> None:
    body = client.get("/search", params=[("q", "AI"), ("cohort", "scientists")]).json()
    assert {r["cohort"] for r in body["results"]} == {"scientists"}


def test_transcript_and_context(client: TestClient) -> None:
    doc = client.get("/transcripts/work_9001").json()
    assert doc["turns"][1]["text"].startswith("I’m a high school teacher")
    for turn in doc["turns"]:
        assert doc["text"][turn["start"] : turn["end"]] == turn["text"]
    ctx = client.get("/transcripts/work_9001/context", params={"turn": 3, "window": 1}).json()
    assert [t["number"] for t in ctx["turns"]] == [2, 3, 4]


def test_unknown_transcript_is_404(client: TestClient) -> None:
    assert_error(client.get("/transcripts/work_0000"), 404, "transcript_not_found", "no transcript with id")


@pytest.mark.parametrize("path", ["/transcripts/..%2F..%2Fetc%2Fpasswd", "/transcripts/a%00b",
                                  "/transcripts/" + "x" * 3000, "/transcripts/%2e%2e"])
def test_path_tricks_never_5xx(client: TestClient, path: str) -> None:
    assert client.get(path).status_code in (404, 422)


@pytest.mark.parametrize("turn", [99, -1, 10**12])
def test_bad_turn_is_400(client: TestClient, turn: int) -> None:
    assert_error(client.get("/transcripts/work_9001/context", params={"turn": turn}), 400, "bad_query",
                 f"turn {turn} does not exist; work_9001 has turns 0..7")


@pytest.mark.parametrize("params,fragment", [
    ({"q": "x", "limit": -1}, "limit: Input should be greater than or equal to 1"),
    ({"q": "x", "limit": 10**8}, "limit: Input should be less than or equal to 100"),
    ({"q": "x", "limit": "abc"}, "limit: Input should be a valid integer"),
    ({"q": "x", "min_match": "nan"}, "min_match: Input should be a finite number"),
    ({"q": "x", "mode": "fuzzy"}, "mode: Input should be 'keyword', 'semantic' or 'hybrid'"),
    ({"q": "x" * 5000}, "q: String should have at most 1000 characters"),
])
def test_bad_parameters_are_422_with_what_is_allowed(client: TestClient, params: dict[str, object],
                                                      fragment: str) -> None:
    assert_error(client.get("/search", params=params), 422, "invalid_parameter", fragment)


def test_empty_query_is_400(client: TestClient) -> None:
    assert_error(client.get("/search", params={"q": ""}), 400, "bad_query", "the query is empty")


@pytest.mark.parametrize("q", ['"', "NEAR(", "*", "AND OR", "col:value", "^", "1; DROP TABLE chunks",
                               "\x00\x01\x02", "\u05e9\u05dc\u05d5\u05dd 😀", "-", "((((", "x" * 1000])
def test_hostile_queries_never_5xx(client: TestClient, q: str) -> None:
    for mode in ("keyword", "semantic", "hybrid"):
        response = client.get("/search", params={"q": q, "mode": mode})
        assert response.status_code in (200, 400), response.text


def test_facets_count_matching_participants(client: TestClient) -> None:
    body = client.get("/facets", params={"q": "worried skills", "mode": "keyword"}).json()
    cohorts = {f["value"]: (f["count"], f["size"]) for f in body["facets"]["cohort"]}
    assert body["total"] == 3
    assert cohorts == {"workforce": (1, 3), "creatives": (1, 1), "scientists": (1, 2)}
    assert (body["notice"], body["counting"]) == (None, "participants whose own answers contain the search words "
                                                        "(exact count)")
    unknown = client.get("/facets", params={"q": "zebra worries", "mode": "keyword"}).json()
    assert unknown["notice"] == "no participant says 'zebra'"


def test_participants_json_and_csv(client: TestClient) -> None:
    assert len(client.get("/participants").json()) == 6
    csv_text = client.get("/participants", params={"format": "csv"}).text
    assert csv_text.splitlines()[0] == (
        "transcript_id,cohort,occupation,occupation_source,occupation_confidence,occupation_evidence,"
        "occupation_note,occupation_group,occupation_group_source,occupation_group_confidence,"
        "occupation_group_evidence,occupation_group_note,interaction_style,interaction_style_source,"
        "interaction_style_confidence,interaction_style_evidence,interaction_style_note,n_answers,n_words")


def test_participants_csv_is_the_cli_table(client: TestClient, built: tuple[Settings, BuildReport],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from indexer.cli import main

    assert main(["--data-dir", str(built[0].data_dir), "participants", "--format", "csv"]) == 0
    assert client.get("/participants", params={"format": "csv"}).text == capsys.readouterr().out


def test_quote_citation_names_the_dataset(client: TestClient) -> None:
    hit = client.get("/search", params={"q": "skills", "mode": "keyword"}).json()["results"][0]
    quote = hit["quotes"][0]
    assert quote["citation"] == (f"“{quote['text']}” ({hit['transcript_id']}, turn {quote['turn']}; "
                                 "Anthropic Interviewer dataset, Handa et al. 2025, CC-BY)")


def test_export_markdown_records_the_search(client: TestClient) -> None:
    params = [("q", "AI"), ("mode", "keyword"), ("format", "markdown"), ("limit", "1"),
              ("cohort", "workforce"), ("cohort", "scientists"), ("exclude", "work_9006")]
    lines = client.get("/export", params=params).text.splitlines()
    total = client.get("/search", params=[p for p in params if p[0] not in ("format", "limit")]).json()["total"]
    assert total > 1
    assert lines[2] == f"Showing 1 of {total} matching participants (by participant)."
    assert lines[4:8] == ["- Query: “AI”", "- Mode: keyword",
                          "- Filters: cohort=workforce|scientists; exclude=work_9006",
                          f"- Index build: {client.get('/health').json()['build']}"]
    assert lines[8].startswith("- Exported: 20")


def test_export_bibtex_keys_are_unique(client: TestClient) -> None:
    import re

    text = client.get("/export", params={"q": "AI", "mode": "keyword", "format": "bibtex", "by": "quote",
                                         "limit": 20}).text
    keys = re.findall(r"^@misc\{([^,]+),", text, re.M)
    assert len(keys) == len(set(keys)) > 2
    assert keys[-1] == "handa2025interviewer"
    assert "url          = {https://huggingface.co/datasets/Anthropic/AnthropicInterviewer}" in text


def test_export_csv_is_verbatim(client: TestClient) -> None:
    import csv
    import io

    text = client.get("/export", params={"q": "skills", "format": "csv", "mode": "keyword"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    assert {(r["licence"], r["mode"], r["filters"]) for r in rows} == {("CC-BY", "keyword", "none")}
    assert all(0 <= float(r["match"]) <= 1 for r in rows)
    for row in rows:
        source = client.get(f"/transcripts/{row['transcript_id']}").json()["text"]
        assert source[int(row["start"]) : int(row["end"])] == row["quote"]


def test_token_required_when_configured(built: tuple[Settings, BuildReport], archive: Archive) -> None:
    settings = built[0].model_copy(update={"api_token": "s3cret"})
    with TestClient(create_app(settings, archive, fill_vectors=False)) as c:
        assert_error(c.get("/search", params={"q": "x"}), 401, "unauthorized", "Bearer")
        ok = c.get("/search", params={"q": "skills"}, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        assert c.get("/health").status_code == 200


def test_no_index_is_503_with_the_fix(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=tmp_path, embedder="hash")
    with TestClient(create_app(settings)) as c:
        assert_error(c.get("/search", params={"q": "x"}), 503, "index_missing", "run `archive index corpus/`")


def test_compare_cohorts(client: TestClient) -> None:
    body = client.get("/compare", params=[("q", "worried skills"), ("mode", "keyword"), ("field", "cohort"),
                                          ("value", "creatives"), ("value", "workforce")]).json()
    assert [(g["value"], g["count"], g["size"], g["share"]) for g in body["groups"]] == [
        ("creatives", 1, 1, 1.0), ("workforce", 1, 3, 0.3333)]
    assert [r["transcript_id"] for r in body["groups"][0]["results"]] == ["creativity_9002"]


def test_compare_unknown_group_names_the_known_ones(client: TestClient) -> None:
    assert_error(client.get("/compare", params={"q": "x", "field": "cohort", "value": "pirates"}), 400,
                 "bad_query", "no cohort called 'pirates'; known values: creatives, scientists, workforce")


def test_an_empty_filter_value_means_no_filter(client: TestClient) -> None:
    plain = client.get("/search", params={"q": "skills"}).json()
    empty = client.get("/search?q=skills&cohort=&interaction_style=&occupation_group=&exclude=").json()
    assert [h["transcript_id"] for h in empty["results"]] == [h["transcript_id"] for h in plain["results"]]
    assert empty["total"] == plain["total"]


def test_a_soc_group_by_code_or_as_facets_print_it(client: TestClient) -> None:
    by_code = client.get("/search", params={"q": "skills", "occupation_group": "25"}).json()
    by_name = client.get("/search", params={"q": "skills", "occupation_group": "25 Educational Instruction and Library"})
    assert by_name.json()["total"] == by_code["total"]
    assert_error(client.get("/search", params={"q": "x", "occupation_group": "99"}), 400, "bad_query",
                 "no SOC major group 99; use one of 00, 11, 13,")
    assert_error(client.get("/search", params={"q": "x", "occupation_group": "abc"}), 400, "bad_query",
                 "occupation_group 'abc' is not a SOC major group; use its 2-digit code, e.g. 29")
    compared = client.get("/compare", params={"q": "skills", "field": "occupation_group", "value": "25"}).json()
    assert [g["value"] for g in compared["groups"]] == ["25 Educational Instruction and Library"]


def test_cohort_and_style_in_any_case_and_unknown_ones_named(client: TestClient) -> None:
    lower = client.get("/search", params={"q": "skills", "cohort": "workforce", "interaction_style": "delegative"})
    upper = client.get("/search", params={"q": "skills", "cohort": " Workforce", "interaction_style": "DELEGATIVE"})
    assert upper.status_code == 200 and upper.json()["total"] == lower.json()["total"]
    assert_error(client.get("/search", params={"q": "x", "cohort": "pirates"}), 400, "bad_query",
                 "unknown cohort 'pirates'; use one of workforce, creatives, scientists")
    assert_error(client.get("/search", params={"q": "x", "interaction_style": "solo"}), 400, "bad_query",
                 "unknown interaction_style 'solo'; use one of collaborative, delegative, mixed, unclear")


def test_an_export_may_hold_more_than_a_page(client: TestClient) -> None:
    assert client.get("/export", params={"q": "skills", "limit": 500, "format": "csv"}).status_code == 200
    assert_error(client.get("/search", params={"q": "skills", "limit": 500}), 422, "invalid_parameter",
                 "limit: Input should be less than or equal to 100")


def test_shares_are_of_the_group_under_the_filters(client: TestClient) -> None:
    everyone = client.get("/participants", params={"format": "json", "cohort": "workforce"}).json()
    rows = everyone["participants"] if isinstance(everyone, dict) else everyone
    facets = client.get("/facets", params={"q": "skills", "cohort": "workforce"}).json()["facets"]
    # each style's size counts only workforce participants, so the sizes add up to the cohort
    assert sum(v["size"] for v in facets["interaction_style"]) == len(rows)
    compared = client.get("/compare", params={"q": "skills", "cohort": "workforce", "field": "interaction_style"}).json()
    sizes = {v["value"]: v["size"] for v in facets["interaction_style"]}
    assert all(g["size"] == sizes[g["value"]] for g in compared["groups"])


def test_search_pages_with_offset(client: TestClient) -> None:
    every = client.get("/search", params={"q": "worried skills", "mode": "keyword", "limit": 10}).json()
    ids = [r["transcript_id"] for r in every["results"]]
    assert len(ids) == 3
    page = client.get("/search", params={"q": "worried skills", "mode": "keyword", "limit": 1, "offset": 1}).json()
    assert [r["transcript_id"] for r in page["results"]] == ids[1:2]
    assert (page["offset"], page["total"]) == (1, every["total"])
    beyond = client.get("/search", params={"q": "worried skills", "mode": "keyword", "offset": 50}).json()
    assert beyond["results"] == [] and beyond["total"] == every["total"]


def test_paging_keeps_to_the_deployments_export_cap(built: tuple[Settings, BuildReport]) -> None:
    settings, _ = built
    small = settings.model_copy(update={"max_export": 3})
    with TestClient(create_app(small, Archive(small, embedder=HashEmbedder()), fill_vectors=False)) as c:
        assert_error(c.get("/search", params={"q": "skills", "limit": 2, "offset": 2}), 400, "bad_query",
                     "offset + limit is 4; this archive serves the first 3 results (ARCHIVE_MAX_EXPORT)")
        assert c.get("/search", params={"q": "skills", "limit": 2, "offset": 1}).status_code == 200


def test_an_empty_q_is_not_given(client: TestClient) -> None:
    assert client.get("/search", params={"q": "", "query": "skills"}).json()["query"] == "skills"
