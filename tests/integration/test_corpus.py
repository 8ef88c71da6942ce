"""The bundled corpus end to end (keyword half, so it stays quick): counts, verbatim quotes, filters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.archive import Archive
from indexer.pipeline import build_index
from indexer.search import Filters, search
from tests.conftest import make_settings

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def corpus_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    settings = make_settings(tmp_path_factory.mktemp("full"))
    report = build_index([ROOT / "corpus"], settings, keyword_only=True)
    assert (report.indexed, report.duplicates) == (1250, 0)
    assert report.messages == [f"skipped {ROOT / 'corpus' / 'README.md'}: is a documentation file "
                               "(README/LICENSE), not a transcript"]
    yield Archive(settings)


def test_every_interview_is_a_participant(corpus_archive: Archive) -> None:
    cohorts = [p.cohort for p in corpus_archive.participants.values()]
    assert (len(cohorts), cohorts.count("workforce"), cohorts.count("creatives"),
            cohorts.count("scientists")) == (1250, 1000, 125, 125)


def test_skill_loss_gives_ten_participants_with_verbatim_quotes(corpus_archive: Archive) -> None:
    results = search(corpus_archive, "who worries about skill loss", mode="keyword", limit=20)
    assert results.total >= 10 and len(results.results) == 20
    source = (ROOT / "corpus" / "transcripts")
    texts = {p.read_text(encoding="utf-8") for p in source.glob("*.md")}
    corpus_text = "\n".join(texts)
    for hit in results.results:
        full = corpus_archive.transcript(hit.transcript_id)["text"]
        for q in hit.quotes:
            assert full[q.start : q.end] == q.text
            assert q.text in corpus_text


def test_group_25_filter_returns_only_educators(corpus_archive: Archive) -> None:
    results = search(corpus_archive, "teachers using AI to plan lessons", Filters(occupation_group=("25",)),
                     mode="keyword", limit=30)
    assert len(results.results) == 30
    for hit in results.results:
        assert hit.participant.occupation_group.value == "25 Educational Instruction and Library"
        assert any(w in hit.participant.occupation.value for w in
                   ("teach", "tutor", "instructor", "educat", "professor", "lecturer", "homeschool")), hit


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/corpus is not beside this checkout")
def test_shared_corpus_all_three_folders_dedupes_to_1250(tmp_path: Path) -> None:
    report = build_index([SHARED], make_settings(tmp_path), keyword_only=True)
    # csv/ and seeds/ sort before transcripts/, so those copies are kept; once the seeds' mojibake
    # is repaired, every duplicate has exactly the text of its Markdown twin.
    assert (report.indexed, report.duplicates, report.repaired) == (1250, 255, 5)
    duplicates = [m for m in report.messages if m.startswith("duplicate")]
    assert len(duplicates) == 255 and all(m.endswith("(same content)") for m in duplicates)
    [seed] = [m for m in duplicates if m.startswith("duplicate work_0035")]
    assert "kept /work/shared/corpus/seeds/000_e623ff2914aaf138.txt" in seed.replace(str(SHARED.parent.parent), "/work")
