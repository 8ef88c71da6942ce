"""Hostile transcripts: each is named in one message and skipped or repaired; good files still indexed."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.archive import Archive
from indexer.embed import HashEmbedder
from indexer.errors import StrictBuildFailed
from indexer.pipeline import build_index
from indexer.search import search
from tests.conftest import make_settings

GOOD = "AI: What do you do?\n\nUser: I am a {job} and I use AI for {task}.\n"


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    return make_messy(tmp_path, huge=False)


def make_messy(tmp_path: Path, huge: bool) -> Path:
    root = tmp_path / "in"
    (root / "a" / "b").mkdir(parents=True)
    (root / "good.md").write_text(GOOD.format(job="welder", task="safety checklists"))
    (root / "empty.md").write_text("")
    (root / "blank.txt").write_text("  \n\t\n")
    (root / "picture.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (root / "report.docx").write_bytes(b"PK\x03\x04 not really")
    (root / "paper.pdf").write_bytes(b"%PDF-1.7")
    (root / "utf16.md").write_bytes(codecs.BOM_UTF16_LE + GOOD.format(job="baker", task="recipes").encode("utf-16-le"))
    (root / "bom.md").write_bytes(codecs.BOM_UTF8 + GOOD.format(job="plumber", task="quotes").encode())
    (root / "cp1252.txt").write_bytes(GOOD.format(job="florist’s aide", task="orders").replace("\n", "\r\n").encode("cp1252"))
    (root / "mojibake.md").write_text(GOOD.format(job="café owner – barista", task="menus").encode().decode("cp1252"))
    (root / "nul.md").write_text(GOOD.format(job="pilot\x00", task="flight\x00 plans"))
    (root / "nolabels.txt").write_text("Notes from a chat with a glazier about AI and window quotes.")
    (root / "a" / "b" / "deep.md").write_text(GOOD.format(job="geologist", task="core samples"))
    (root / "dup1.md").write_text("**Transcript ID:** same_1\n\n---\n\nUser: first version, a tiler")
    (root / "dup2.md").write_text("**Transcript ID:** same_1\n\n---\n\nUser: second version")
    (root / "bad.csv").write_text("id,body\n1,2\n")
    (root / "open_quote.csv").write_text('transcript_id,text\nq_1,"User: never closed\n')
    (root / "rows.jsonl").write_text(json.dumps({"transcript_id": "j_1", "text": "User: I am a roofer."}) + "\n{oops\n")
    (root / "midline.md").write_text("AI: Go on?\n\nUser: When I type User: into the box, a sculptor answers.")
    if huge:
        big = "AI: Tell me everything?\n\nUser: " + ("I am an archivist and this sentence repeats. " * 120_000)
        (root / "huge.md").write_text(big)  # ~5.4 MB, one answer
    os.symlink(root, root / "a" / "loop")  # a symlink loop must not hang the walk
    return root


def test_messy_folder_builds_and_names_every_problem(tmp_path: Path) -> None:
    messy = make_messy(tmp_path, huge=True)
    settings = make_settings(tmp_path / "data")
    report = build_index([messy], settings, embedder=HashEmbedder())
    text = "\n".join(report.messages)
    for name, why in [
        ("empty.md", "is empty"), ("blank.txt", "is empty"), ("picture.md", "is a binary file"),
        ("report.docx", "unsupported format .docx"), ("paper.pdf", "unsupported format .pdf"),
        ("bad.csv", "CSV columns are ['id', 'body']; expected transcript_id,text"),
        ("open_quote.csv", "malformed CSV"), ("rows.jsonl", "line 2 is not JSON"),
    ]:
        assert any(name in m and why in m and m.startswith("skipped") for m in report.messages), (name, text)
    assert any("utf16.md: decoded as UTF-16" in m for m in report.messages)
    assert any("cp1252.txt: decoded as cp1252" in m for m in report.messages)
    assert any("mojibake.md: repaired encoding damage" in m for m in report.messages)
    assert any("nolabels.txt: no speaker labels" in m for m in report.messages)
    assert any(m.startswith("duplicate same_1: kept") and "dup1.md" in m and "dup2.md" in m
               for m in report.messages)
    assert report.skipped == 8
    assert report.summary().startswith(f"indexed {report.indexed}, repaired ")

    archive = Archive(settings, embedder=HashEmbedder())
    found = {h.transcript_id for h in search(archive, "welder OR baker OR plumber OR florist OR café OR pilot OR "
                                            "glazier OR geologist OR tiler OR sculptor",
                                            mode="keyword", limit=50).results}
    assert found == {"good", "utf16", "bom", "cp1252", "mojibake", "nul", "nolabels", "deep", "same_1",
                     "midline"}
    assert archive.transcript("cp1252")["turns"][1]["text"] == "I am a florist’s aide and I use AI for orders."
    assert archive.transcript("mojibake")["turns"][1]["text"] == "I am a café owner – barista and I use AI for menus."
    assert "\x00" not in archive.transcript("nul")["text"]
    assert len(archive.transcript("midline")["turns"]) == 2
    # The 5 MB answer's chunks hold "archivist" in most of this tiny corpus, so a multi-word query
    # leaves it out as a zero-weight word; on its own it is searched.
    huge = search(archive, "archivist", mode="keyword", by="quote", limit=100).results
    assert {h.transcript_id for h in huge} == {"huge"}
    assert all(len(h.quotes[0].text) < 2000 for h in huge)


def test_strict_makes_a_skip_an_error(messy: Path, tmp_path: Path) -> None:
    with pytest.raises(StrictBuildFailed, match=r"--strict: 8 file\(s\) skipped"):
        build_index([messy], make_settings(tmp_path / "data"), embedder=HashEmbedder(), strict=True)


def test_cli_exits_0_with_summary_and_2_when_strict(messy: Path, tmp_path: Path) -> None:
    env = {**os.environ, "ARCHIVE_EMBEDDER": "hash", "ARCHIVE_DATA_DIR": str(tmp_path / "d")}
    ok = subprocess.run([sys.executable, "-m", "indexer.cli", "index", str(messy)], env=env,
                        capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert ok.stderr.strip().splitlines()[-1].startswith("indexed 10, repaired ")
    strict = subprocess.run([sys.executable, "-m", "indexer.cli", "index", "--strict", str(messy)], env=env,
                            capture_output=True, text=True, timeout=300)
    assert strict.returncode == 2
    assert "--strict: 8 file(s) skipped" in strict.stderr
