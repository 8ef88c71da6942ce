"""The API is locked down: read-only, token and bind rules, no CORS by default, no leaks, hostile input, load."""

from __future__ import annotations

import hmac
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

import pytest
import uvicorn
from fastapi.testclient import TestClient

import api.routes
from api.main import create_app
from indexer.archive import Archive
from indexer.cli import check_bind
from indexer.errors import ArchiveError
from indexer.pipeline import BuildReport
from indexer.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
RTL_EMOJI = "\u202eשלום مرحبا 😀👩🏽‍🔬\u200f"  # right-to-left override, Hebrew, Arabic, emoji with ZWJ
CONTROL = "\x00\x01\x07\x1b[31m\x7f"


@pytest.fixture(scope="module")
def client(built: tuple[Settings, BuildReport], archive: Archive) -> Iterator[TestClient]:
    with TestClient(create_app(built[0], archive, fill_vectors=False)) as c:
        yield c


class Reply(Protocol):
    """What the tests read from a response (TestClient and httpx return different Response classes)."""

    @property
    def status_code(self) -> int: ...

    @property
    def text(self) -> str: ...

    def json(self) -> Any: ...


def assert_error(response: Reply, status: int, code: str, contains: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert (body["error"]["status"], body["error"]["code"]) == (status, code)
    assert contains in body["error"]["message"]
    return body


# -- read-only ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["/search", "/transcripts/x", "/transcripts/work_9001", "/facets"])
def test_api_is_read_only(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, json={"q": "x"})
    assert_error(response, 405, "method_not_allowed", "Method Not Allowed")
    assert response.headers["allow"] == "GET"


# -- binding beyond loopback needs a token ---------------------------------------------------------------


def _cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    return {**env, "ARCHIVE_DATA_DIR": str(data_dir), "ARCHIVE_EMBEDDER": "hash", **extra}


def test_serve_on_all_interfaces_without_token_refuses(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "indexer.cli", "serve", "--host", "0.0.0.0", "--port", "9"],
                          cwd=ROOT, env=_cli_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == ("archive: refusing to bind 0.0.0.0 without a token; "
                           "set ARCHIVE_API_TOKEN (or ARCHIVE_ALLOW_NO_TOKEN=true)\n")


@pytest.mark.parametrize("host,extra,allowed", [
    ("0.0.0.0", {}, False),
    ("::", {}, False),
    ("192.168.1.5", {}, False),
    ("0.0.0.0", {"allow_no_token": True}, True),
    ("0.0.0.0", {"api_token": "s3cret"}, True),
    ("127.0.0.1", {}, True),
    ("localhost", {}, True),
    ("::1", {}, True),
])
def test_check_bind(tmp_path: Path, host: str, extra: dict[str, object], allowed: bool) -> None:
    settings = Settings(**{"data_dir": tmp_path, "api_token": None, "allow_no_token": False, **extra})  # type: ignore[arg-type]
    if allowed:
        check_bind(host, settings)
    else:
        with pytest.raises(ArchiveError, match=f"refusing to bind {host} without a token"):
            check_bind(host, settings)


def test_allow_no_token_env_is_read_by_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ARCHIVE_API_TOKEN", raising=False)
    monkeypatch.setenv("ARCHIVE_ALLOW_NO_TOKEN", "true")
    check_bind("0.0.0.0", Settings(data_dir=tmp_path))


# -- token -----------------------------------------------------------------------------------------------------


def test_token_is_compared_in_constant_time(built: tuple[Settings, BuildReport], archive: Archive,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    settings = built[0].model_copy(update={"api_token": "s3cret"})
    with TestClient(create_app(settings, archive, fill_vectors=False)) as c:
        same_length = c.get("/search", params={"q": "skills"}, headers={"Authorization": "Bearer s3creT"})
        assert_error(same_length, 401, "unauthorized", "send Authorization: Bearer <ARCHIVE_API_TOKEN>")
        assert same_length.headers["www-authenticate"] == "Bearer"
        assert_error(c.get("/search", params={"q": "skills"}), 401, "unauthorized", "Bearer")
        assert_error(c.get("/search", params={"q": "skills"}, headers={"Authorization": "s3cret"}), 401,
                     "unauthorized", "Bearer")
        assert_error(c.get("/openapi.json/../search", params={"q": "skills"}), 401, "unauthorized", "Bearer")
        ok = c.get("/search", params={"q": "skills"}, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
    assert compared == [(b"Bearer s3creT", b"Bearer s3cret"), (b"", b"Bearer s3cret"),
                        (b"s3cret", b"Bearer s3cret"), (b"", b"Bearer s3cret"),
                        (b"Bearer s3cret", b"Bearer s3cret")]


# -- CORS ----------------------------------------------------------------------------------------------------


def test_cors_is_off_by_default(client: TestClient) -> None:
    response = client.get("/health", headers={"Origin": "http://evil.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/search", headers={"Origin": "http://evil.example",
                                                   "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_only_for_configured_origins(built: tuple[Settings, BuildReport], archive: Archive) -> None:
    settings = built[0].model_copy(update={"cors_origins": ["http://x"]})
    with TestClient(create_app(settings, archive, fill_vectors=False)) as c:
        allowed = c.get("/health", headers={"Origin": "http://x"})
        assert allowed.headers["access-control-allow-origin"] == "http://x"
        other = c.get("/health", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in other.headers


# -- no leaks ----------------------------------------------------------------------------------------------


def test_unexpected_error_is_a_generic_500(built: tuple[Settings, BuildReport], archive: Archive,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("/secret/path boom")

    monkeypatch.setattr(api.routes, "search", boom)
    with TestClient(create_app(built[0], archive, fill_vectors=False), raise_server_exceptions=False) as c:
        response = c.get("/search", params={"q": "skills"})
    body = assert_error(response, 500, "internal_error", "something went wrong on the server; it has been logged")
    assert response.headers["content-type"] == "application/json"
    for leak in ("/secret", "boom", "Traceback", "RuntimeError", str(ROOT)):
        assert leak not in response.text
    assert body["error"]["message"] == "something went wrong on the server; it has been logged"


def test_index_missing_does_not_name_the_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "private" / "archive-data"
    with TestClient(create_app(Settings(data_dir=data_dir, embedder="hash", api_token=None))) as c:
        for path in ("/health", "/search?q=x", "/transcripts/work_9001"):
            response = c.get(path)
            body = assert_error(response, 503, "index_missing", "run `archive index corpus/`")
            assert body["error"]["message"] == (
                "no index in the data directory yet; run `archive index corpus/` (or `make run`)")
            assert str(tmp_path) not in response.text and "archive-data" not in response.text


def test_cli_still_names_the_data_dir(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "indexer.cli", "search", "skills"], cwd=ROOT,
                          env=_cli_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == f"archive: no index at {tmp_path}; run `archive index corpus/` (or `make run`)\n"


def test_openapi_documents_the_one_error_shape(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["components"]["schemas"]["ErrorBody"]["required"] == ["error"]
    assert spec["components"]["schemas"]["ErrorDetail"]["required"] == ["status", "code", "message"]
    search = spec["paths"]["/search"]["get"]["responses"]
    assert sorted(search) == ["200", "400", "401", "404", "422", "503"]
    assert search["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    export = spec["paths"]["/export"]["get"]["responses"]["200"]["content"]
    assert {"text/csv", "text/markdown", "application/x-bibtex"} <= set(export)
    assert "text/csv" in spec["paths"]["/participants"]["get"]["responses"]["200"]["content"]


# -- hostile requests ----------------------------------------------------------------------------------------


def test_control_chars_in_occupation(client: TestClient) -> None:
    for path in ("/search", "/facets", "/export"):
        response = client.get(path, params={"q": "skills", "mode": "keyword", "occupation": CONTROL})
        assert response.status_code == 200, response.text
    search = client.get("/search", params={"q": "skills", "mode": "keyword", "occupation": CONTROL}).json()
    assert (search["total"], search["results"]) == (0, [])
    assert client.get("/participants", params={"occupation": CONTROL}).json() == []
    facets = client.get("/facets", params={"occupation": CONTROL}).json()
    assert facets["total"] == 0


@pytest.mark.parametrize("tid", ["work\x009001", "work_9001\x00", "\x1b[31mwork_9001", "work\n9001", "\x7f"])
def test_control_chars_in_transcript_ids(client: TestClient, tid: str) -> None:
    path = f"/transcripts/{quote(tid, safe='')}"
    body = assert_error(client.get(path), 404, "transcript_not_found", "no transcript with id")
    assert body["error"]["message"] == (f"no transcript with id {tid!r}; "
                                        "list ids with GET /participants or `archive participants`")
    assert_error(client.get(f"{path}/context", params={"turn": 1}), 404, "transcript_not_found",
                 "no transcript with id")
    response = client.get("/search", params=[("q", "skills"), ("mode", "keyword"), ("exclude", tid)])
    assert response.status_code == 200


def test_3000_char_transcript_id_on_context(client: TestClient) -> None:
    tid = "x" * 3000
    response = client.get(f"/transcripts/{tid}/context", params={"turn": 1})
    body = assert_error(response, 422, "invalid_parameter", "transcript_id: String should have at most 128 characters")
    assert tid not in body["error"]["message"]
    assert len(response.text) < 500


def test_limit_in_exponent_notation_is_422(client: TestClient) -> None:
    assert_error(client.get("/search", params={"q": "skills", "limit": "1e3"}), 422, "invalid_parameter",
                 "limit: Input should be a valid integer")
    assert_error(client.get("/search", params={"q": "skills", "limit": "1e1"}), 422, "invalid_parameter",
                 "limit: Input should be a valid integer")


def test_a_single_valued_parameter_given_twice_is_400(client: TestClient) -> None:
    # "?q=skill&q=loss" had searched "loss" alone, silently.
    assert_error(client.get("/search", params=[("q", "zzzz"), ("q", "skills"), ("mode", "keyword")]), 400,
                 "bad_query", "'q' given more than once; give each once (only cohort, exclude, interaction_style, "
                 "occupation_group, value take several values)")
    assert_error(client.get("/search", params=[("q", "skills"), ("mode", "semantic"), ("mode", "keyword")]), 400,
                 "bad_query", "'mode' given more than once")
    many = client.get("/search", params=[("q", "skills"), ("cohort", "workforce"), ("cohort", "creatives")])
    assert many.status_code == 200


def test_unknown_parameters_are_named_not_ignored(client: TestClient) -> None:
    assert_error(client.get("/participants", params={"q": "skills"}), 400, "bad_query",
                 "unknown parameter 'q'; this endpoint takes cohort, exclude, format, interaction_style")
    # style=delegative (the CLI's flag name) used to return the unfiltered list, looking filtered.
    response = client.get("/search", params={"q": "skills", "style": "delegative", "debug": "1", "limit[]": "5"})
    assert_error(response, 400, "bad_query",
                 "unknown parameter 'debug', 'limit[]', 'style'; 'style' is 'interaction_style' here; this endpoint "
                 "takes by, cohort, exclude, interaction_style, limit, min_match, mode, occupation, "
                 "occupation_group, offset, q, query")
    # A leading underscore is a client's cache-buster ("_=1700000000"): not a question, left alone.
    plain = client.get("/search", params={"q": "skills", "mode": "keyword"}).json()
    busted = client.get("/search", params={"q": "skills", "mode": "keyword", "_": "1700000000"}).json()
    assert busted["results"] == plain["results"]


def test_q_and_query_must_agree(client: TestClient) -> None:
    assert_error(client.get("/search", params={"q": "skills", "query": "writing"}), 400, "bad_query",
                 "q='skills' and query='writing' disagree; give one of them")
    assert client.get("/search", params={"q": "skills", "query": "skills"}).status_code == 200


def test_huge_exclude_lists(client: TestClient) -> None:
    ids = [f"work_{n:04d}" for n in range(2000)] + ["work_9001"]  # 2001 ids
    assert_error(client.get("/search", params=[("q", "skills"), *[("exclude", t) for t in ids]]), 400,
                 "bad_query", "exclude takes at most 2000 transcript ids")
    assert_error(client.get("/facets", params=[("q", "skills"), *[("exclude", t) for t in ids]]), 400,
                 "bad_query", "exclude takes at most 2000 transcript ids")
    kept = client.get("/search", params=[("q", "skills"), ("mode", "hybrid"), *[("exclude", t) for t in ids[1:]]])
    assert kept.status_code == 200
    assert "work_9001" not in {r["transcript_id"] for r in kept.json()["results"]}
    assert_error(client.get("/search", params=[("q", "skills"), ("exclude", "x" * 129)]), 422,
                 "invalid_parameter", "exclude.0: String should have at most 128 characters")


@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_rtl_and_emoji_in_every_text_param(client: TestClient, mode: str) -> None:
    text, quoted = RTL_EMOJI, quote(RTL_EMOJI, safe="")
    base = {"mode": mode}
    cases: list[tuple[str, Any, int]] = [
        ("/search", {**base, "q": text}, 200),
        ("/search", {**base, "query": text}, 200),
        ("/search", {**base, "q": "skills " + text, "occupation": text}, 200),
        ("/search", [("q", text + " skills"), ("exclude", text), ("mode", mode)], 200),
        ("/facets", {**base, "q": text, "occupation": text}, 200),
        ("/facets", {"occupation": text, "exclude": text}, 200),
        ("/export", {**base, "q": "skills " + text, "format": "markdown"}, 200),
        ("/export", {**base, "q": "skills " + text, "format": "bibtex"}, 200),
        ("/participants", {"occupation": text, "format": "csv"}, 200),
        (f"/transcripts/{quoted}", {}, 404),
        (f"/transcripts/{quoted}/context", {"turn": "1"}, 404),
    ]
    for path, params, status in cases:
        response = client.get(path, params=params)
        assert response.status_code == status, (path, response.text)
    search = client.get("/search", params={**base, "q": text}).json()
    assert search["query"] == text
    assert search["total"] == (0 if mode == "keyword" else 6)  # the hash embedder ranks everyone
    missing = client.get(f"/transcripts/{quoted}").json()["error"]["message"]
    assert missing.startswith(r"no transcript with id '\u202eשלום")  # repr: the RTL override is escaped
    assert "\u202e" not in missing


def test_invalid_utf8_percent_escapes(client: TestClient) -> None:
    assert_error(client.get("/search?q=%ff%fe&mode=semantic"), 400, "bad_query",
                 "the query '\ufffd\ufffd' has no words to search for")
    assert client.get("/search?q=skills&occupation=%ed%a0%80").json()["total"] == 0
    assert client.get("/search?q=skills&mode=keyword&exclude=%ff").status_code == 200
    assert_error(client.get("/transcripts/%ff"), 404, "transcript_not_found", "no transcript with id '\ufffd'")
    assert_error(client.get("/transcripts/%ed%a0%80/context?turn=1"), 404, "transcript_not_found",
                 "no transcript with id")


HOSTILE_PATHS = ("/search", "/facets", "/export", "/participants")
IGNORED = {"/search": {"format"}, "/facets": {"by", "limit", "format"}, "/export": set(),
           "/participants": {"q", "mode", "by", "limit"}}


@pytest.mark.parametrize("params,statuses,fragment", [
    ({"q": CONTROL, "mode": "keyword"}, (200, 200, 200, 200), ""),
    ({"q": "\x00"}, (400, 400, 400, 200), "the query is empty"),
    ({"q": "skills", "mode": "\x00"}, (422, 422, 422, 200), "mode: Input should be 'keyword', 'semantic' or 'hybrid'"),
    ({"q": "skills", "by": "\x00"}, (422, 200, 422, 200), "by: Input should be 'participant' or 'quote'"),
    ({"q": "skills", "cohort": "\x00"}, (400, 400, 400, 400), "unknown cohort"),
    ({"q": "skills", "occupation_group": "2\x00"}, (400, 400, 400, 400), "is not a SOC major group"),
    ({"q": "skills", "interaction_style": RTL_EMOJI}, (400, 400, 400, 400), "unknown interaction_style"),
    ({"q": "skills", "limit": "\x00"}, (422, 200, 422, 200), "limit: Input should be a valid integer"),
    ({"q": "skills", "format": RTL_EMOJI}, (200, 200, 422, 422), "format: Input should be"),
])
def test_other_hostile_values_get_the_error_shape(client: TestClient, params: dict[str, str],
                                                  statuses: tuple[int, ...], fragment: str) -> None:
    for path, status in zip(HOSTILE_PATHS, statuses, strict=True):
        # Each path is sent what it reads: a parameter it does not is a 400 of its own (next test).
        response = client.get(path, params={k: v for k, v in params.items() if k not in IGNORED[path]})
        if status == 200:
            assert response.status_code == 200, (path, response.text)
        else:
            code = "bad_query" if status == 400 else "invalid_parameter"
            assert_error(response, status, code, fragment)


# -- load ----------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.mark.slow
def test_load_on_loopback_has_no_errors(built: tuple[Settings, BuildReport], archive: Archive) -> None:
    from benchmarks.load import run_load

    app = create_app(built[0], archive, fill_vectors=False)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        url = f"http://127.0.0.1:{server.config.port}"
        report = run_load(url, clients=10, seconds=5, max_requests=5000)
    finally:
        server.should_exit = True
        thread.join(30)
    assert report.errors == 0, report.summary()
    assert report.requests > 0
    assert set(report.by_path) == {"search", "facets", "transcript", "context"}


def test_a_cutoff_without_a_query_is_400_not_ignored(client: TestClient) -> None:
    assert_error(client.get("/participants", params={"min_match": "0.9"}), 400, "bad_query",
                 "min_match=0.9 needs a query")
    assert_error(client.get("/facets", params={"min_match": "0.5"}), 400, "bad_query", "add q=… to /facets")
    assert client.get("/facets", params={"q": "skills", "min_match": "0.5"}).status_code == 200


def test_compare_names_a_group_the_filters_empty(client: TestClient) -> None:
    assert_error(client.get("/compare", params={"q": "skills", "field": "cohort", "value": "creatives",
                                                "cohort": "workforce"}), 400, "bad_query",
                 "the filters leave nobody in cohort 'creatives'; loosen them or compare within workforce")
