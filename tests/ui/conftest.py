"""Shared UI test setup: every test talks to its own fake API host, with the answer cache cleared."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from ui import data


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Answers are cached per base URL: a fresh host per test keeps one fake's answers from
    # leaking into the next even if the cache lives in a runtime this process can't clear.
    monkeypatch.setenv("ARCHIVE_API_URL", f"http://api-{uuid.uuid4().hex[:8]}.test")
    monkeypatch.delenv("ARCHIVE_API_TOKEN", raising=False)
    data.clear()
    yield
    data.clear()
