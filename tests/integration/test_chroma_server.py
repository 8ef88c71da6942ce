"""Past one machine: index and search through a `chroma run` server on loopback (HttpClient)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.archive import Archive
from indexer.embed import HashEmbedder
from indexer.pipeline import build_index
from indexer.search import search
from tests.conftest import CORPUS, make_settings

pytestmark = pytest.mark.chroma_server
CHROMA = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    if not os.path.exists(CHROMA):
        pytest.skip("the chroma CLI is not installed")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen([CHROMA, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma run did not start within 60 s")
    yield port
    proc.terminate()
    proc.wait(timeout=20)


def test_index_and_search_through_a_chroma_server(chroma_server: int, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_server)
    report = build_index([CORPUS], settings, embedder=HashEmbedder())
    assert report.embedded == report.chunks
    assert not (tmp_path / "builds" / report.build / "chroma").exists()  # vectors live on the server
    archive = Archive(settings, embedder=HashEmbedder())
    assert archive.vectors().count() == report.chunks
    results = search(archive, "emails to customers", mode="semantic", limit=3)
    assert "work_9005" in [h.transcript_id for h in results.results]
    # A second build makes a new collection and drops the old one from the server.
    second = build_index([CORPUS], settings, embedder=HashEmbedder())
    names = {c.name for c in Archive(settings).vectors().client.list_collections()}
    assert names == {f"chunks_{second.build}"}
