"""The UI's httpx client: parameters, token, and error messages, against a MockTransport."""

from __future__ import annotations

import httpx
import pytest

from ui.client import ApiClient, ApiError, ApiUnreachable, SearchParams
from ui.render import esc, highlighted, md_escape


def test_params_repeat_lists_and_use_group_codes() -> None:
    params = SearchParams(q="skill", cohort=("workforce", "scientists"),
                          occupation_group=("25 Educational Instruction and Library", "15"), occupation=" nurse ")
    pairs = params.to_params()
    assert ("cohort", "workforce") in pairs and ("cohort", "scientists") in pairs
    assert [v for k, v in pairs if k == "occupation_group"] == ["25", "15"]
    assert ("occupation", "nurse") in pairs
    assert not {k for k, _ in params.to_params(paging=False)} & {"by", "limit"}


def test_token_sent_and_error_message_surfaced() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(400, json={"error": {"status": 400, "code": "bad_query", "message": "the query is empty"}})

    api = ApiClient("http://api.test", token="s3cret", transport=httpx.MockTransport(handler))
    with pytest.raises(ApiError) as info:
        api.search(SearchParams(q=""))
    assert info.value.message == "the query is empty" and info.value.status == 400
    assert seen[0].headers["authorization"] == "Bearer s3cret"


def test_ids_stay_in_their_path_segment() -> None:
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.raw_path.decode())
        return httpx.Response(404, text="not json")

    api = ApiClient("http://api.test", transport=httpx.MockTransport(handler))
    with pytest.raises(ApiError, match="404"):
        api.transcript("../health?x=1")
    assert paths == ["/transcripts/..%2Fhealth%3Fx%3D1"]


def test_unreachable_names_the_url_and_the_fix() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(ApiUnreachable, match=r"API not reachable at http://127\.0\.0\.1:9; start it with `archive serve`"):
        ApiClient("http://127.0.0.1:9", transport=httpx.MockTransport(refuse)).health()


def test_escaping_is_inert() -> None:
    assert esc("<b>a</b>\n[x](y)") == "&#60;b&#62;a&#60;&#47;b&#62;<br>&#91;x&#93;&#40;y&#41;"
    assert highlighted("a <b> c", [[2, 5], [99, 120], [4, 3]]) == "a <mark>&#60;b&#62;</mark> c"
    assert "\\[" in md_escape("[x](javascript:1)") and "://" not in md_escape("see http://x")
