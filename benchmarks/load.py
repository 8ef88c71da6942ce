"""Load test: N concurrent clients hit a running API for T seconds on loopback, then print throughput and latency."""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

QUERIES = [
    "worried about losing skills",
    "AI helps me write code faster",
    "grading essays and lesson plans",
    "I don't trust the output without checking",
    "creative ownership of my work",
    "delegate the boring parts",
    "fact-checking citations in papers",
    "brainstorming ideas for a story",
    "data analysis and statistics",
    "job security and the future of work",
    "it makes mistakes with references",
    "collaborate with the model like a colleague",
    "privacy concerns with client data",
    "learning a new programming language",
    "emails and meeting notes",
]
MODES = ("keyword", "semantic", "hybrid")
COHORTS = ("workforce", "creatives", "scientists")
FALLBACK_IDS = ("work_0001", "creative_0001", "science_0001")


@dataclass(frozen=True)
class Request:
    """One request to send and the statuses that count as a correct answer to it."""

    name: str
    path: str
    params: dict[str, str | int] = field(default_factory=dict)
    expected: frozenset[int] = frozenset({200})


@dataclass
class LoadReport:
    """What a load run measured; errors are exceptions or statuses the request did not expect."""

    requests: int = 0
    errors: int = 0
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)
    latencies_by_kind: dict[str, list[float]] = field(default_factory=dict)
    error_kinds: Counter[str] = field(default_factory=Counter)
    by_path: Counter[str] = field(default_factory=Counter)

    def percentile(self, p: float, kind: str | None = None) -> float:
        """Latency in ms at percentile p (nearest rank), overall or for one kind; 0 when nothing was measured."""
        measured = self.latencies if kind is None else self.latencies_by_kind.get(kind, [])
        if not measured:
            return 0.0
        ordered = sorted(measured)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered)) - 1))
        return ordered[rank] * 1000

    @property
    def throughput(self) -> float:
        return self.requests / self.elapsed if self.elapsed else 0.0

    def summary(self) -> str:
        lines = [
            f"requests   {self.requests}",
            f"errors     {self.errors}",
            f"elapsed    {self.elapsed:.1f} s",
            f"throughput {self.throughput:.1f} req/s",
            f"latency    p50 {self.percentile(50):.1f} ms  p95 {self.percentile(95):.1f} ms"
            f"  p99 {self.percentile(99):.1f} ms",
        ]
        lines += [f"  {name:<10} {n:>6} requests  p50 {self.percentile(50, name):.1f} ms"
                  f"  p95 {self.percentile(95, name):.1f} ms" for name, n in sorted(self.by_path.items())]
        lines += [f"error      {kind} x{n}" for kind, n in self.error_kinds.most_common(5)]
        return "\n".join(lines)


def transcript_ids(client: httpx.Client) -> list[str]:
    """Real ids from GET /participants, so transcript requests hit; fallback ids if that fails."""
    try:
        response = client.get("/participants")
        if response.status_code == 200:
            ids = [str(p["transcript_id"]) for p in response.json()]
            if ids:
                return ids
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        pass
    return list(FALLBACK_IDS)


def next_request(rng: random.Random, ids: list[str]) -> Request:
    """A realistic mix: mostly searches in every mode, some facets, transcripts and context windows."""
    roll = rng.random()
    query = rng.choice(QUERIES)
    if roll < 0.55:
        params: dict[str, str | int] = {"q": query, "mode": rng.choice(MODES), "limit": rng.choice((10, 20, 50))}
        if rng.random() < 0.3:
            params["by"] = "quote"
        if rng.random() < 0.25:
            params["cohort"] = rng.choice(COHORTS)
        return Request("search", "/search", params)
    if roll < 0.70:
        facet_params: dict[str, str | int] = {"mode": rng.choice(MODES)}
        if rng.random() < 0.7:
            facet_params["q"] = query
        return Request("facets", "/facets", facet_params)
    tid = rng.choice(ids)
    known = tid not in FALLBACK_IDS
    expected = frozenset({200}) if known else frozenset({200, 404})
    if roll < 0.85:
        return Request("transcript", f"/transcripts/{tid}", expected=expected)
    # Turn 1 exists in every real transcript; a fallback id may 404 (or 400 if it is short).
    return Request("context", f"/transcripts/{tid}/context", {"turn": 1, "window": 2},
                   expected if known else expected | {400})


def run_load(url: str = "http://127.0.0.1:8000", clients: int = 50, seconds: float = 60.0,
             max_requests: int = 200_000, token: str | None = None, seed: int = 0,
             timeout: float = 30.0) -> LoadReport:
    """Drive the API with `clients` threads until `seconds` pass or `max_requests` are sent."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with httpx.Client(base_url=url, headers=headers, timeout=timeout) as probe:
        ids = transcript_ids(probe)
    report = LoadReport()
    lock = threading.Lock()
    issued = 0
    started = time.perf_counter()
    deadline = started + seconds

    def worker(n: int) -> None:
        nonlocal issued
        rng = random.Random(seed * 1000 + n)
        latencies: list[float] = []
        by_kind: dict[str, list[float]] = {}
        kinds: Counter[str] = Counter()
        paths: Counter[str] = Counter()
        errors = 0
        with httpx.Client(base_url=url, headers=headers, timeout=timeout) as client:
            while time.perf_counter() < deadline:
                with lock:
                    if issued >= max_requests:
                        break
                    issued += 1
                req = next_request(rng, ids)
                paths[req.name] += 1
                t0 = time.perf_counter()
                try:
                    response = client.get(req.path, params=req.params)
                    if response.status_code not in req.expected:
                        errors += 1
                        kinds[f"{response.status_code} on {req.name}"] += 1
                except httpx.HTTPError as exc:
                    errors += 1
                    kinds[type(exc).__name__] += 1
                latencies.append(time.perf_counter() - t0)
                by_kind.setdefault(req.name, []).append(latencies[-1])
        with lock:
            report.latencies.extend(latencies)
            for name, values in by_kind.items():
                report.latencies_by_kind.setdefault(name, []).extend(values)
            report.errors += errors
            report.error_kinds.update(kinds)
            report.by_path.update(paths)

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + timeout + 5)
    report.elapsed = time.perf_counter() - started
    report.requests = len(report.latencies)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url", nargs="?", default="http://127.0.0.1:8000", help="API base URL (loopback)")
    parser.add_argument("-c", "--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("-t", "--seconds", type=float, default=60.0, help="how long to run (default 60)")
    parser.add_argument("-n", "--max-requests", type=int, default=200_000, help="stop after this many requests")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 1000 or not 0 < args.seconds <= 3600:
        parser.error("clients must be 1..1000 and seconds 0..3600")
    report = run_load(args.url, args.clients, args.seconds, args.max_requests,
                      token=os.environ.get("ARCHIVE_API_TOKEN") or None, seed=args.seed)
    print(f"load: {args.clients} clients x {args.seconds:g} s against {args.url}")
    print(report.summary())
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
