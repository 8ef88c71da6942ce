"""Parse decoded text of Markdown, CSV, JSONL and plain-text files into raw transcripts."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import PurePath

from indexer.errors import SourceError, UnsupportedFormat
from indexer.models import RawTranscript

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".csv", ".jsonl")
_ID_HEADER = re.compile(r"^\*{0,2}Transcript ID:?\*{0,2}:?\s*(?P<id>\S+)\s*$", re.M | re.I)
_RULE = re.compile(r"^-{3,}\s*$", re.M)
_SAFE_ID = re.compile(r"[^A-Za-z0-9_.-]+")
MAX_ID_CHARS = 128


def transcript_id_from_name(name: str) -> str:
    """A safe id from a file name: its stem, with anything but letters, digits, _ . - replaced."""
    stem = PurePath(name).stem
    return clean_id(stem) or "transcript"


def clean_id(value: str) -> str:
    """Ids are cited and used in URLs, so keep them to a safe alphabet and bounded length."""
    return _SAFE_ID.sub("_", value.strip()).strip("_.")[:MAX_ID_CHARS]


def split_header(text: str) -> tuple[str | None, str, int]:
    """Markdown header → (transcript id or None, body text, offset of body in text)."""
    head = text[:2000]
    match = _ID_HEADER.search(head)
    if not match:
        return None, text, 0
    rule = _RULE.search(text, match.end())
    body_start = rule.end() if rule and rule.start() < 2000 else match.end()
    while body_start < len(text) and text[body_start] == "\n":
        body_start += 1
    return clean_id(match.group("id")), text[body_start:], body_start


def parse_markdown(name: str, text: str) -> list[RawTranscript]:
    """A Markdown or plain-text interview: id from the header, else from the file name."""
    found_id, body, _ = split_header(text)
    return [RawTranscript(transcript_id=found_id or transcript_id_from_name(name), text=body, source=name)]


def _rows(name: str, records: Iterator[dict[str, object]]) -> list[RawTranscript]:
    out: list[RawTranscript] = []
    for number, record in enumerate(records, start=1):
        tid, text = record.get("transcript_id"), record.get("text")
        if not isinstance(tid, str) or not tid.strip():
            raise SourceError(f"{name} row {number}", "has no transcript_id; every row needs one")
        if not isinstance(text, str):
            raise SourceError(f"{name} row {number}", "has no text field; every row needs one")
        out.append(RawTranscript(transcript_id=clean_id(tid), text=text, source=f"{name} row {number}"))
    return out


def parse_csv(name: str, text: str) -> list[RawTranscript]:
    """The dataset's CSV layout: columns transcript_id,text (other columns ignored)."""
    csv.field_size_limit(1 << 30)
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    fields = reader.fieldnames or []
    if "transcript_id" not in fields or "text" not in fields:
        raise SourceError(
            name, f"CSV columns are {fields}; expected transcript_id,text (the dataset's layout)"
        )
    try:
        return _rows(name, iter(reader))
    except csv.Error as exc:
        raise SourceError(name, f"malformed CSV at line {reader.line_num}: {exc}; fix the quoting") from exc


def parse_jsonl(name: str, text: str) -> list[RawTranscript]:
    """One JSON object per line with transcript_id and text."""

    def records() -> Iterator[dict[str, object]]:
        for line_no, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SourceError(name, f"line {line_no} is not JSON ({exc.msg})") from exc
            if not isinstance(obj, dict):
                raise SourceError(name, f"line {line_no} is not a JSON object")
            yield obj

    return _rows(name, records())


def parse_document(name: str, text: str) -> list[RawTranscript]:
    """Dispatch on the file suffix; unsupported formats are named as such."""
    suffix = PurePath(name).suffix.lower()
    if suffix in (".md", ".markdown", ".txt"):
        return parse_markdown(name, text)
    if suffix == ".csv":
        return parse_csv(name, text)
    if suffix == ".jsonl":
        return parse_jsonl(name, text)
    raise UnsupportedFormat(
        name, f"unsupported format {suffix or '(none)'}; export as {', '.join(SUPPORTED_SUFFIXES)}"
    )
