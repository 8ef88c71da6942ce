"""Researcher overrides of participant labels: a CSV (transcript_id, field, value, note) applied at index time."""

from __future__ import annotations

import csv

from indexer.enrich import LABEL_FIELDS
from indexer.models import Label


def parse_overrides(text: str, source: str, messages: list[str]) -> dict[str, dict[str, Label]]:
    """Rows → {transcript_id: {field: Label(source='override')}}; bad rows are named and skipped."""
    out: dict[str, dict[str, Label]] = {}
    reader = csv.DictReader(text.splitlines())
    needed = {"transcript_id", "field", "value"}
    if not needed <= set(reader.fieldnames or []):
        messages.append(f"skipped {source}: columns must be transcript_id,field,value,note")
        return out
    for number, row in enumerate(reader, start=2):
        field_name = (row.get("field") or "").strip()
        tid = (row.get("transcript_id") or "").strip()
        value = (row.get("value") or "").strip()
        if field_name not in LABEL_FIELDS or not tid or not value:
            messages.append(
                f"skipped {source} line {number}: field must be one of {', '.join(LABEL_FIELDS)}"
                " with a transcript_id and a value"
            )
            continue
        out.setdefault(tid, {})[field_name] = Label(
            value=value, confidence=1.0, source="override", note=(row.get("note") or "").strip()
        )
    return out
