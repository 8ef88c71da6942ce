"""Speed and scale: each figure beside a baseline measured in the same run (ratios carry, times don't).

Usage: python benchmarks/bench.py [--interviews 60] [--scale 10] [--skip-index] [--skip-api]
Needs a complete index of corpus/ in ARCHIVE_DATA_DIR (default data/) for the query figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer import pipeline, store  # noqa: E402
from indexer.archive import Archive  # noqa: E402
from indexer.embed import MINILM, Embedder, MiniLMEmbedder, VectorCache, text_hash  # noqa: E402
from indexer.models import embed_text  # noqa: E402
from indexer.search import search  # noqa: E402
from indexer.settings import Settings  # noqa: E402

QUERIES = [
    "who worries about skill loss", "using AI to write emails to customers or clients",
    "teachers using AI to plan lessons", "colleagues see AI use as cheating or lazy", "debugging code with AI",
    "environmental impact and energy use of AI", "AI is bad at math or calculations",
    "treats AI like a colleague or thinking partner", "hallucinated citations", "privacy of patient data",
    "AI helps with brainstorming ideas", "fear of losing my job to automation", "writing grant proposals",
    "translating documents", "summarising long reports", "checking legal contracts",
    "music composition with AI", "learning a new programming language", "customer complaints",
    "AI makes me faster but less creative", "trust the output", "spreadsheet formulas",
    "managers pushing AI adoption", "students cheating with AI",
]
ROWS: list[tuple[str, str, str, str]] = []


def row(figure: str, value: str, baseline: str = "", ratio: str = "") -> None:
    ROWS.append((figure, value, baseline, ratio))
    print(f"  {figure}: {value}" + (f"  (baseline {baseline}; {ratio})" if baseline else ""), file=sys.stderr)


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class Counting:
    """Wraps an embedder and counts the texts it is asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.name, self.dim, self.count = inner, inner.name, inner.dim, 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.count += len(texts)
        return self.inner.encode(texts)


def bench_index(embedder: MiniLMEmbedder, interviews: int) -> None:
    files = sorted((ROOT / "corpus" / "transcripts").glob("*.md"))
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        sample.mkdir()
        for f in files[:interviews]:
            shutil.copy(f, sample / f.name)
        settings = Settings(data_dir=Path(tmp) / "data")
        counting = Counting(embedder)
        started = time.perf_counter()
        report = pipeline.build_index([sample], settings, embedder=counting)
        pipeline_s = time.perf_counter() - started
        db = sqlite3.connect(store.current_build(settings) / "archive.sqlite")
        texts = [embed_text(t, q) for t, q in db.execute(
            "SELECT text, question FROM chunks ORDER BY rowid")]
        db.close()
        started = time.perf_counter()
        for i in range(0, len(texts), 512):  # the pipeline's batch of texts per encode call
            embedder.encode(texts[i : i + 512])
        raw_s = time.perf_counter() - started
        row(f"index {interviews} interviews, {report.chunks} chunks, end to end",
            f"{report.chunks / pipeline_s:.1f} chunks/s", f"raw model.encode {len(texts) / raw_s:.1f} chunks/s",
            f"pipeline/raw time {pipeline_s / raw_s:.2f}x (goal <= 1.15x)")

        started = time.perf_counter()
        up_to_date = pipeline.is_up_to_date([sample], settings)
        row("re-index unchanged (content hashes)", f"{(time.perf_counter() - started) * 1000:.0f} ms",
            f"full build {pipeline_s:.1f} s", f"up to date: {up_to_date}")
        for f in files[interviews : interviews + 10]:
            shutil.copy(f, sample / f.name)
        counting.count = 0
        started = time.perf_counter()
        report2 = pipeline.build_index([sample], settings, embedder=counting)
        row("add 10 interviews and rebuild", f"{time.perf_counter() - started:.1f} s, "
            f"embedded {counting.count} of {report2.chunks} chunks",
            f"full build {pipeline_s:.1f} s",
            f"{report2.chunks - report.chunks} new chunks; identical texts come from the cache: "
            f"{counting.count <= report2.chunks - report.chunks}")


def bench_core(archive: Archive, label: str = "") -> None:
    embedder = archive.embedder()
    floor = []
    for q in QUERIES:
        started = time.perf_counter()
        embedder.encode([q + " "])  # uncached
        floor.append((time.perf_counter() - started) * 1000)
    row(f"{label}query embedding (floor)", f"p50 {pct(floor, .5):.1f} ms, p95 {pct(floor, .95):.1f} ms")
    for mode in ("keyword", "semantic", "hybrid"):
        times = []
        for i, q in enumerate(QUERIES):
            archive._query_vector.cache_clear()
            started = time.perf_counter()
            search(archive, f"{q} zq{i}", mode=mode, limit=20)  # unique: no result-cache hit
            times.append((time.perf_counter() - started) * 1000)
        row(f"{label}core {mode} (cold query vector)", f"p50 {pct(times, .5):.1f} ms, p95 {pct(times, .95):.1f} ms",
            f"embedding p50 {pct(floor, .5):.1f} ms", f"{pct(times, .5) / pct(floor, .5):.1f}x floor")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def drive(url: str, clients: int, per_client: int, mode: str, cold: bool = True) -> list[float]:
    times: list[float] = []
    lock = threading.Lock()

    def worker(offset: int) -> None:
        with httpx.Client(timeout=30) as http:
            for i in range(per_client):
                q = QUERIES[(offset + i) % len(QUERIES)]
                if cold:  # a unique extra word: no result- or vector-cache hit, every search is real work
                    q = f"{q} zq{offset}x{i}"
                started = time.perf_counter()
                http.get(f"{url}/search", params={"q": q, "mode": mode, "limit": 20}).raise_for_status()
                with lock:
                    times.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=worker, args=(c * 3,)) for c in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def bench_api(settings: Settings) -> None:
    port = free_port()
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(settings.data_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "indexer.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                httpx.get(f"{url}/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        for q in QUERIES:  # warm: model loaded, query vectors cached (a burst repeats queries)
            httpx.get(f"{url}/search", params={"q": q, "mode": "hybrid"}, timeout=60)
        for mode in ("keyword", "hybrid"):
            for cold in (True, False):
                label = "distinct queries" if cold else "repeated queries (cached)"
                one = drive(url, 1, 48, mode, cold)
                eight = drive(url, 8, 12, mode, cold)
                row(f"API {mode}, 8 clients, {label}", f"p50 {pct(eight, .5):.1f} ms, p95 {pct(eight, .95):.1f} ms",
                    f"1 client p50 {pct(one, .5):.1f} ms, p95 {pct(one, .95):.1f} ms",
                    f"p95 8/1 = {pct(eight, .95) / pct(one, .95):.1f}x (goal hybrid p95 <= 100 ms)")
        row("API peak RSS, model loaded", f"{peak_rss_mb(proc.pid):.0f} MB", "goal 1200 MB")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def synthetic(settings: Settings, factor: int, out: Path) -> Settings:
    """A build with `factor` copies of every chunk (new ids, jittered vectors) for the scale figures."""
    live = store.current_build(settings)
    target = Settings(data_dir=out, embedder=settings.embedder)
    build = out / "builds" / f"x{factor}"
    build.mkdir(parents=True)
    shutil.copy(live / "archive.sqlite", build / "archive.sqlite")
    db = sqlite3.connect(build / "archive.sqlite")
    cache = VectorCache(settings.data_dir / "vector_cache.sqlite")
    base = db.execute("SELECT chunk_id, transcript_id, turn, start, \"end\", text, question, question_turn "
                      "FROM chunks ORDER BY rowid").fetchall()
    vectors = cache.get_many(MINILM, [text_hash(embed_text(r[5], r[6])) for r in base])
    rng = np.random.default_rng(0)
    vs = store.VectorStore(target, build)
    db.execute("BEGIN")
    for copy in range(1, factor):
        rows = [(f"{r[1]}_x{copy}:{r[2]}:{r[3]}", f"{r[1]}_x{copy}", *r[2:]) for r in base]
        db.executemany("INSERT INTO chunks (chunk_id, transcript_id, turn, start, \"end\", text, question, "
                       "question_turn, embedded) VALUES (?,?,?,?,?,?,?,?,1)", rows)
        db.execute("INSERT INTO participants SELECT transcript_id || ?, cohort, n_turns, n_answers, n_words, "
                   "occupation, occupation_group, interaction_style, labels FROM participants "
                   "WHERE transcript_id NOT LIKE '%\\_x%' ESCAPE '\\'", (f"_x{copy}",))
    db.execute("COMMIT")
    db.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('rebuild')")
    db.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')")  # as store.write_keyword_index does
    db.commit()
    all_rows = db.execute("SELECT chunk_id, text, question, transcript_id FROM chunks ORDER BY rowid").fetchall()
    db.close()
    for i in range(0, len(all_rows), 20000):
        part = all_rows[i : i + 20000]
        mat = np.stack([vectors[text_hash(embed_text(r[1], r[2]))] for r in part])
        mat = mat + rng.normal(0, 0.02, mat.shape).astype(np.float32)
        mat /= np.linalg.norm(mat, axis=1, keepdims=True)
        vs.add([r[0] for r in part], mat, [{"transcript_id": r[3]} for r in part])
    store.swap_in(target, build)
    return target


def timed(label: str, fn: Callable[[], None]) -> None:
    started = time.perf_counter()
    fn()
    print(f"{label}: {time.perf_counter() - started:.1f} s", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interviews", type=int, default=40)
    parser.add_argument("--scale", type=int, nargs="*", default=[10])
    parser.add_argument("--skip-index", action="store_true")
    parser.add_argument("--skip-api", action="store_true")
    args = parser.parse_args()
    settings = Settings()
    embedder = MiniLMEmbedder(batch_size=settings.embed_batch_size)
    if not args.skip_index:
        timed("indexing figures", lambda: bench_index(embedder, args.interviews))
    archive = Archive(settings, embedder=embedder)
    status = archive.semantic_status()
    n_chunks = int(status["total"])
    timed("core figures", lambda: bench_core(archive, f"{n_chunks} chunks: "))
    if not args.skip_api:
        timed("API figures", lambda: bench_api(settings))
    for factor in args.scale:
        with tempfile.TemporaryDirectory() as tmp:
            big = Settings(data_dir=Path(tmp))
            timed(f"build x{factor}", lambda big=big, tmp=tmp, factor=factor: synthetic(settings, factor, Path(tmp)))
            big_archive = Archive(Settings(data_dir=Path(tmp)), embedder=embedder)
            bench_core(big_archive, f"x{factor} = {n_chunks * factor} chunks: ")
            del big
    print("\n| figure | value | baseline (same run) | ratio / goal |\n|---|---|---|---|")
    for r in ROWS:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
