"""An in-memory stand-in for the archive API, served through httpx.MockTransport."""

from __future__ import annotations

from typing import Any

import httpx

EVIL = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) **bold** $x$"
ANSWER = "I do worry about skill loss, my writing skills feel rusty."
QUESTION = "Are you worried about losing skills?"
BROKEN_ID = "work_0500"  # a transcript the fake API fails on (500), for the generic error path


def label(value: str, evidence: str, turn: int = 1) -> dict[str, Any]:
    return {"value": value, "confidence": 0.8, "source": "derived", "evidence": evidence,
            "turn": turn, "start": 0, "end": len(evidence), "note": ""}


def participant(tid: str, evidence: str = "I teach history.") -> dict[str, Any]:
    return {"transcript_id": tid, "cohort": "workforce", "n_turns": 4, "n_answers": 2, "n_words": 40,
            "occupation": "teacher", "occupation_group": "25 Educational Instruction and Library",
            "interaction_style": "collaborative",
            "labels": {"occupation": label("teacher", evidence),
                       "occupation_group": label("25 Educational Instruction and Library", evidence),
                       "interaction_style": label("collaborative", evidence, 3)}}


def quote(tid: str, text: str, turn: int, start: int, highlights: list[list[int]],
          match: float = 0.5) -> dict[str, Any]:
    return {"text": text, "turn": turn, "start": start, "end": start + len(text), "match": match,
            "question": QUESTION,
            "question_turn": turn - 1, "chunk_id": f"{tid}:{turn}:{start}", "score": 0.5,
            "highlights": highlights, "citation": f"“{text}” ({tid}, turn {turn}; Anthropic Interviewer dataset, Handa et al. 2025, CC-BY)"}


def turns_for(texts: list[str]) -> tuple[str, list[dict[str, Any]]]:
    """Full text and turn records with consistent offsets."""
    full, turns = "", []
    for n, text in enumerate(texts):
        start = len(full)
        full += text + "\n\n"
        turns.append({"number": n, "speaker": "interviewer" if n % 2 == 0 else "participant",
                      "label": "AI" if n % 2 == 0 else "User", "start": start, "end": start + len(text),
                      "text": text})
    return full, turns


NORMAL_TEXTS = ["Hello, thanks for joining.", "I teach history.", QUESTION, ANSWER]
EVIL_TEXTS = ["Hello, thanks for joining.", EVIL, "Tell me more?", "Sure: " + EVIL]


def transcript(tid: str) -> dict[str, Any]:
    texts = EVIL_TEXTS if tid == "work_0666" else NORMAL_TEXTS
    full, turns = turns_for(texts)
    return {"transcript_id": tid, "source": f"{tid}.md", "repaired": False, "text": full, "turns": turns,
            "attribution": "Anthropic Interviewer dataset, Handa et al. 2025, CC-BY",
            "participant": participant(tid, EVIL if tid == "work_0666" else "I teach history.")}


def excluded(request: httpx.Request) -> set[str]:
    return set(request.url.params.get_list("exclude"))


def min_match(request: httpx.Request) -> float:
    return float(request.url.params.get("min_match", "0"))


def facets(total: int = 2) -> dict[str, Any]:
    return {"query": "", "total": total, "facets": {
        "cohort": [{"value": "workforce", "count": total, "size": 1000, "share": total / 1000},
                   {"value": "creatives", "count": 0, "size": 125, "share": 0.0}],
        "occupation_group": [{"value": "25 Educational Instruction and Library", "count": total,
                              "size": 100, "share": total / 100},
                             {"value": "15 Computer and Mathematical", "count": 0, "size": 272, "share": 0.0}],
        "interaction_style": [{"value": "collaborative", "count": total, "size": 600, "share": total / 600}],
    }}


class FakeApi:
    """Routes GETs to canned answers; records requests; `semantic_ready` and `fail` tune it."""

    def __init__(self, semantic_ready: bool = True) -> None:
        self.semantic_ready = semantic_ready
        self.requests: list[httpx.Request] = []

    def semantic(self) -> dict[str, Any]:
        done = 100 if self.semantic_ready else 25
        return {"embedded": done, "total": 100, "ready": self.semantic_ready}

    def hits(self, request: httpx.Request) -> list[dict[str, Any]]:
        """The canned hits, minus excluded ids and those below the cut-off (like the API)."""
        out, cut = excluded(request), min_match(request)
        return [h for h in self.search_hits(request) if h["transcript_id"] not in out and h["match"] >= cut]

    def compare(self, request: httpx.Request) -> dict[str, Any]:
        field = request.url.params.get("field", "cohort")
        hits = self.hits(request)
        sizes = {v["value"]: v["size"] for v in facets()["facets"][field]}
        wanted = request.url.params.get_list("value") or sorted({h[field] for h in hits})
        groups = []
        for value in wanted:
            members = [h for h in hits if h[field] == value]
            size = sizes.get(value, 10)
            groups.append({"value": value, "count": len(members), "size": size,
                           "share": round(len(members) / size, 4), "results": members[:3]})
        return {"query": request.url.params.get("q", ""), "mode": request.url.params.get("mode", "hybrid"),
                "field": field, "total": len(hits), "groups": groups}

    def search(self, request: httpx.Request) -> dict[str, Any]:
        hits = self.hits(request)
        by = request.url.params.get("by", "participant")
        # By quote a participant comes back once per quote, as the real API does.
        shown = hits + hits[:1] if by == "quote" else hits
        return {"query": request.url.params.get("q", ""), "mode": request.url.params.get("mode", "hybrid"),
                "by": by, "total": len(shown), "notice": None, "took_ms": 3.2,
                "semantic": self.semantic(), "results": shown}

    def search_hits(self, request: httpx.Request) -> list[dict[str, Any]]:
        t0, t1 = NORMAL_TEXTS[3], EVIL_TEXTS[3]
        s = t0.index("skill")
        results = [
            {"transcript_id": "work_0035", "score": 0.9, "match": 0.8, "cohort": "workforce", "occupation": "teacher",
             "occupation_group": "25 Educational Instruction and Library", "interaction_style": "collaborative",
             "quotes": [quote("work_0035", t0, 3, transcript("work_0035")["turns"][3]["start"],
                              [[s, s + 5], [t0.index("skills"), t0.index("skills") + 6]], 0.8)]},
            {"transcript_id": "work_0666", "score": 0.5, "match": 0.3, "cohort": "creatives", "occupation": EVIL,
             "occupation_group": "25 Educational Instruction and Library", "interaction_style": "collaborative",
             "quotes": [quote("work_0666", t1, 3, transcript("work_0666")["turns"][3]["start"], [[6, 14]])]},
        ]
        return results

    def route(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if path == "/health":
            return httpx.Response(200, json={"status": "ok", "build": "test-build", "built_at": None,
                                             "participants": 2, "semantic": self.semantic()})
        if path == "/search":
            return httpx.Response(200, json=self.search(request))
        if path == "/facets":
            return httpx.Response(200, json=facets(len(self.hits(request)) if request.url.params.get("q")
                                                   else 2 - len(excluded(request))))
        if path == "/compare":
            return httpx.Response(200, json=self.compare(request))
        if path == "/export":
            return httpx.Response(200, content=b"transcript_id,turn\n")
        if path.startswith("/transcripts/"):
            tid = path.split("/")[2]
            if tid == BROKEN_ID:
                return httpx.Response(500, json={"error": {"status": 500, "code": "internal_error",
                                                           "message": "the index could not be read"}})
            if tid not in ("work_0035", "work_0666"):
                # The real API's wording (indexer.errors.TranscriptNotFound), written for API/CLI users.
                return httpx.Response(404, json={"error": {
                    "status": 404, "code": "transcript_not_found",
                    "message": f"no transcript with id {tid!r}; list ids with GET /participants or "
                               "`archive participants`"}})
            doc = transcript(tid)
            if path.endswith("/context"):
                turn = int(request.url.params["turn"])
                return httpx.Response(200, json={"transcript_id": tid, "turn": turn, "window": 2,
                                                 "turns": doc["turns"][max(0, turn - 2):turn + 3],
                                                 "participant": doc["participant"]})
            return httpx.Response(200, json=doc)
        return httpx.Response(404, json={"error": {"status": 404, "code": "not_found", "message": "nope"}})

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.route)


def down_transport() -> httpx.MockTransport:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
    return httpx.MockTransport(refuse)

