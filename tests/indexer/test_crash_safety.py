"""A killed build never damages the live index; the API keeps answering during a rebuild."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from indexer.archive import Archive
from indexer.embed import HashEmbedder
from indexer.pipeline import build_index
from indexer.search import search
from tests.conftest import CORPUS, make_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bigger_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 real interviews: enough that a build takes seconds, so it can be killed midway."""
    out = tmp_path_factory.mktemp("corpus300")
    for path in sorted((ROOT / "corpus" / "transcripts").glob("*.md"))[:300]:
        shutil.copy(path, out / path.name)
    return out


def test_sigkill_at_any_point_leaves_the_previous_index_serving(bigger_corpus: Path, tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    first = build_index([CORPUS], settings, embedder=HashEmbedder())
    env = {**os.environ, "ARCHIVE_EMBEDDER": "hash", "ARCHIVE_DATA_DIR": str(settings.data_dir)}
    for delay in (0.3, 1.5, 3.0, 5.0):
        proc = subprocess.Popen([sys.executable, "-m", "indexer.cli", "index", str(bigger_corpus)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is not None:
            break  # finished before we could kill it: nothing more to test at longer delays
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        archive = Archive(settings, embedder=HashEmbedder())
        assert archive.build.name == first.build
        assert len(archive.participants) == 6
        assert search(archive, "teacher", mode="hybrid").results
    # The lock died with the process; the next build cleans up the debris and goes live.
    after = build_index([CORPUS], settings, embedder=HashEmbedder())
    assert [p.name for p in (settings.data_dir / "builds").iterdir()] == [after.build]


def test_api_answers_during_a_rebuild_and_then_serves_the_new_build(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    first = build_index([CORPUS], settings, embedder=HashEmbedder())
    app = create_app(settings, Archive(settings, embedder=HashEmbedder()), fill_vectors=False)
    statuses: list[int] = []
    with TestClient(app) as client:
        second: list[str] = []
        failures: list[BaseException] = []

        def rebuild() -> None:
            try:
                second.append(build_index([CORPUS], settings, embedder=HashEmbedder()).build)
            except BaseException as exc:  # surfaced below with its message
                failures.append(exc)

        worker = threading.Thread(target=rebuild)
        worker.start()
        while worker.is_alive():
            statuses.append(client.get("/search", params={"q": "skills", "mode": "keyword"}).status_code)
        worker.join()
        assert not failures, repr(failures)
        assert statuses and set(statuses) == {200}
        health = client.get("/health").json()
        assert health["build"] == second[0] != first.build
