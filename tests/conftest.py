"""Shared fixtures: the tiny corpus in tests/data, and an index built with the deterministic embedder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.archive import Archive
from indexer.embed import HashEmbedder
from indexer.pipeline import BuildReport, build_index
from indexer.settings import Settings

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"


def make_settings(data_dir: Path, **extra: object) -> Settings:
    # The hash embedder's cosines are not MiniLM's: the loose-match notice's threshold means nothing here.
    return Settings(**{"data_dir": data_dir, "embedder": "hash", "loose_match": 0.0, **extra})  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, BuildReport]:
    settings = make_settings(tmp_path_factory.mktemp("archive"))
    report = build_index([CORPUS], settings, embedder=HashEmbedder())
    return settings, report


@pytest.fixture(scope="session")
def archive(built: tuple[Settings, BuildReport]) -> Iterator[Archive]:
    settings, _ = built
    yield Archive(settings, embedder=HashEmbedder())
