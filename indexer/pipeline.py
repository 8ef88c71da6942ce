"""Wire the stages: find files → parse → clean → turns → chunks → participants → store → embed → swap."""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from tqdm import tqdm

from indexer import clean, parse, store
from indexer.chunk import chunk_transcript
from indexer.embed import Embedder, VectorCache, embed_texts, make_embedder, text_hash
from indexer.enrich import participant_of
from indexer.errors import BuildLocked, SourceError, StrictBuildFailed
from indexer.models import Chunk, Participant, Transcript, embed_text
from indexer.overrides import parse_overrides, unknown_ids
from indexer.settings import Settings
from indexer.turns import split_turns

log = logging.getLogger("archive.index")
# Corpus folders often carry these beside the interviews (ours does); they are not transcripts.
DOC_FILES = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE", "CITATION"})


@dataclass
class BuildReport:
    """What a build did, for the closing summary line and for tests."""

    indexed: int = 0
    repaired: int = 0
    skipped: int = 0
    duplicates: int = 0
    chunks: int = 0
    embedded: int = 0
    seconds: float = 0.0
    build: str = ""
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"indexed {self.indexed}, repaired {self.repaired}, skipped {self.skipped}, "
            f"duplicates {self.duplicates}; {self.chunks} chunks, {self.embedded} embedded "
            f"in {self.seconds:.1f}s"
        )


def discover(paths: Sequence[Path]) -> Iterator[Path]:
    """Every file under the given paths, sorted, following symlinks but never around a loop."""
    seen: set[str] = set()
    for root in paths:
        if root.is_file():
            yield root
            continue
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
            real = os.path.realpath(dirpath)
            if real in seen:
                dirnames[:] = []
                continue
            seen.add(real)
            dirnames.sort()
            for name in sorted(filenames):
                if not name.startswith("."):
                    yield Path(dirpath) / name


# Bump when parsing, chunking or labelling changes what a build contains.
BUILD_VERSION = "6"  # 6: Chroma collections made with vector_ef_search (deterministic nearest neighbours)
# The label tables, the style model and the label rules themselves: editing any of them must relabel.
LABEL_DATA = Path(__file__).resolve().parent / "data"
LABEL_CODE = Path(__file__).resolve().parent


def fingerprint(paths: Sequence[Path], settings: Settings) -> str:
    """Identity of what a build would contain: file contents (not mtimes), overrides, settings."""
    digest = hashlib.sha256()
    digest.update(f"{BUILD_VERSION}\0{settings.chunk_words}\0{settings.chunk_overlap_sentences}\0"
                  f"{settings.interviewer_labels}\0{settings.participant_labels}\n".encode())
    overrides = settings.data_dir / "overrides.csv"
    label_inputs = [*sorted(LABEL_DATA.glob("*.csv")), *sorted(LABEL_DATA.glob("*.json")),
                    *sorted(LABEL_CODE.glob("labels*.py"))]
    for path in [*discover(paths), overrides, *label_inputs]:
        try:
            content = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue
        digest.update(f"{path}\0{content}\n".encode())
    return digest.hexdigest()


def is_up_to_date(paths: Sequence[Path], settings: Settings) -> bool:
    """True when the live build has the same fingerprint and all its vectors."""
    try:
        live = store.current_build(settings)
    except Exception:
        return False
    keyword = store.KeywordStore(live / "archive.sqlite")
    meta = keyword.meta()
    embedded, total = keyword.db().execute("SELECT SUM(embedded), COUNT(*) FROM chunks").fetchone()
    return meta.get("fingerprint") == fingerprint(paths, settings) and (embedded or 0) == total


def load_file(path: Path, settings: Settings, report: BuildReport) -> list[Transcript]:
    """Read one file and run the pure stages; raises SourceError for a file that can't be used."""
    name = str(path)
    if path.stem.upper() in DOC_FILES:
        raise SourceError(name, "is a documentation file (README/LICENSE), not a transcript")
    if path.suffix.lower() not in parse.SUPPORTED_SUFFIXES:
        raise SourceError(
            name, f"unsupported format {path.suffix or '(none)'}; export as .md, .txt, .csv or .jsonl"
        )
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise SourceError(name, f"is {size:,} bytes, over the {settings.max_file_bytes:,} limit; split it")
    text, encoding = clean.decode(path.read_bytes(), name)
    if not text.strip():
        raise SourceError(name, "is empty; nothing to index")
    out: list[Transcript] = []
    for raw in parse.parse_document(name, text):
        fixed, repaired = clean.repair(raw.text)
        fixed = fixed.rstrip()  # trailing whitespace differs between the CSV and Markdown copies
        if not fixed.strip():
            report.messages.append(f"skipped {raw.source}: empty transcript text")
            report.skipped += 1
            continue
        if repaired or encoding:
            what = ", ".join(x for x in (f"decoded as {encoding}" if encoding else "",
                                          "repaired encoding damage" if repaired else "") if x)
            report.messages.append(f"repaired {raw.source}: {what}")
        raw = replace(raw, text=fixed, repaired=repaired or encoding is not None)
        transcript, labelled = split_turns(raw, settings.interviewer_labels, settings.participant_labels)
        if not labelled:
            report.messages.append(
                f"warning {raw.source}: no speaker labels (User:/AI:/Interviewer:/...); indexed as one answer"
            )
        out.append(transcript)
    return out


def collect(paths: Sequence[Path], settings: Settings, report: BuildReport) -> list[Transcript]:
    """Load every file; one broken file is reported and skipped, never stops the build."""
    kept: dict[str, Transcript] = {}
    files = list(discover(paths))
    for path in tqdm(files, desc="reading", unit="file", disable=None):
        try:
            transcripts = load_file(path, settings, report)
        except SourceError as exc:
            report.skipped += 1
            report.messages.append(f"skipped {exc}")
            continue
        except (OSError, ValueError) as exc:  # unreadable file, odd bytes: name it and go on
            report.skipped += 1
            report.messages.append(f"skipped {path}: {exc.__class__.__name__}: {exc}")
            continue
        for t in transcripts:
            first = kept.get(t.transcript_id)
            if first is not None:
                report.duplicates += 1
                same = "same content" if first.text == t.text else "different content"
                report.messages.append(
                    f"duplicate {t.transcript_id}: kept {first.source}, ignored {t.source} ({same})"
                )
                continue
            kept[t.transcript_id] = t
    return list(kept.values())


def acquire_lock(settings: Settings) -> IO[str]:
    """Only one build at a time; the second one refuses with a clear message."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock_path = settings.data_dir / ".build.lock"
    handle = open(lock_path, "w")  # noqa: SIM115 - held for the whole build
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise BuildLocked(str(lock_path)) from None
    return handle


def remove_stale_builds(settings: Settings, keep: Path | None) -> None:
    """Delete build dirs that are not live (earlier finished or crashed builds)."""
    root = store.builds_dir(settings)
    if not root.exists():
        return
    for child in root.iterdir():
        if keep is not None and child.resolve() == keep.resolve():
            continue
        if settings.chroma_host:
            # On a shared server, drop only collections this data dir made (named by its builds).
            store.drop_collection(settings, child)
        shutil.rmtree(child, ignore_errors=True)


def build_index(
    paths: Sequence[Path],
    settings: Settings,
    *,
    keyword_only: bool = False,
    strict: bool = False,
    embedder: Embedder | None = None,
    overrides_path: Path | None = None,
) -> BuildReport:
    """Build a new index beside the live one and swap it in when complete."""
    started = time.perf_counter()
    report = BuildReport()
    lock = acquire_lock(settings)
    try:
        try:
            live: Path | None = store.current_build(settings)
        except Exception:
            live = None
        remove_stale_builds(settings, keep=live)
        transcripts = collect(paths, settings, report)
        if strict and report.skipped:
            raise StrictBuildFailed(
                f"--strict: {report.skipped} file(s) skipped; fix them or drop --strict:\n"
                + "\n".join(m for m in report.messages if m.startswith("skipped"))
            )
        overrides_file = overrides_path or settings.data_dir / "overrides.csv"
        first_lines: dict[str, int] = {}
        overrides = (
            parse_overrides(overrides_file.read_text(encoding="utf-8-sig"), str(overrides_file), report.messages,
                            first_lines)
            if overrides_file.exists()
            else {}
        )
        report.messages.extend(unknown_ids(first_lines, {t.transcript_id for t in transcripts}, str(overrides_file)))
        participants: list[Participant] = []
        chunks: list[Chunk] = []
        for t in tqdm(transcripts, desc="chunking", unit="interview", disable=None):
            participants.append(participant_of(t, overrides.get(t.transcript_id)))
            chunks.extend(chunk_transcript(t, settings.chunk_words, settings.chunk_overlap_sentences))
        report.indexed = len(transcripts)
        report.repaired = sum(1 for t in transcripts if t.repaired)
        report.chunks = len(chunks)
        # Time for humans, random suffix so two builds in one second never share a directory.
        build = store.builds_dir(settings) / f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(4)}"
        build.mkdir(parents=True)
        report.build = build.name
        meta = {
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "fingerprint": fingerprint(paths, settings),
            "paths": "\n".join(str(p) for p in paths),
            "embedder": (embedder.name if embedder else settings.embedder),
            "chunk_words": str(settings.chunk_words),
        }
        store.write_keyword_index(
            build / "archive.sqlite",
            transcripts,
            chunks,
            participants,
            {t.transcript_id: text_hash(t.text) for t in transcripts},
            [text_hash(c.embed_text()) for c in chunks],
            meta,
        )
        if not keyword_only:
            emb = embedder or make_embedder(settings.embedder, settings.embed_batch_size, settings.torch_threads)
            report.embedded = fill_vectors(settings, build, emb)
        store.swap_in(settings, build)
        remove_stale_builds(settings, keep=build)
        report.seconds = time.perf_counter() - started
        return report
    finally:
        lock.close()


def fill_vectors(
    settings: Settings,
    build: Path,
    embedder: Embedder,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 512,
    vector_store: store.VectorStore | None = None,
) -> int:
    """Embed every chunk of a build that has no vector yet (cache first) and add it to Chroma."""
    import sqlite3

    db_path = build / "archive.sqlite"
    db = sqlite3.connect(db_path)
    rows = db.execute(
        "SELECT c.rowid, c.chunk_id, c.transcript_id, c.text, c.question, p.cohort, p.occupation_group,"
        " p.interaction_style FROM chunks c JOIN participants p USING (transcript_id)"
        " WHERE c.embedded=0 ORDER BY c.rowid"
    ).fetchall()
    total = db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    db.close()
    done_before = total - len(rows)
    vectors_store = vector_store or store.VectorStore(settings, build)
    cache = VectorCache(settings.data_dir / "vector_cache.sqlite")
    bar = tqdm(total=total, initial=done_before, desc="embedding", unit="chunk", disable=None)
    try:
        for i in range(0, len(rows), batch):
            part = rows[i : i + batch]
            texts = [embed_text(r[3], r[4]) for r in part]
            vectors = embed_texts(texts, embedder, cache, settings.embed_batch_size)
            metadatas: list[dict[str, Any]] = [
                {"transcript_id": r[2], "cohort": r[5], "occupation_group": r[6].split(" ")[0],
                 "interaction_style": r[7]}
                for r in part
            ]
            vectors_store.add([r[1] for r in part], vectors, metadatas)
            store.mark_embedded(db_path, [r[0] for r in part])
            bar.update(len(part))
            if progress:
                progress(done_before + i + len(part), total)
    finally:
        bar.close()
        cache.close()
    return total
