"""Researcher overrides of participant labels: a CSV (transcript_id, field, value, note) applied at index time."""

from __future__ import annotations

import csv
from collections.abc import Collection, Mapping

from indexer.enrich import LABEL_FIELDS
from indexer.errors import BadOverride
from indexer.labels_tables import soc_group, tables
from indexer.models import STYLES, Label


def parse_overrides(text: str, source: str, messages: list[str],
                    first_lines: dict[str, int] | None = None) -> dict[str, dict[str, Label]]:
    """Rows → {transcript_id: {field: Label(source='override')}}; bad rows are named and skipped.

    first_lines, if given, receives each transcript id's first line (for messages about the id).
    """
    out: dict[str, dict[str, Label]] = {}
    seen: dict[tuple[str, str], int] = {}
    # Lines starting with "#" are comments, so a file can explain itself (see overrides.example.csv);
    # they still count for the line numbers in messages.
    lines = ["" if line.lstrip().startswith("#") else line for line in text.splitlines()]
    header = next((n for n, line in enumerate(lines) if line.strip()), 0)
    reader = csv.DictReader(lines[header:])
    needed = {"transcript_id", "field", "value"}
    if not needed <= {(name or "").strip() for name in reader.fieldnames or []}:
        messages.append(f"skipped {source}: columns must be transcript_id,field,value,note")
        return out
    reader.fieldnames = [(name or "").strip() for name in reader.fieldnames or []]
    for row in reader:
        number = header + reader.line_num
        try:
            tid, field_name, value = _checked(row, f"{source} line {number}")
        except BadOverride as exc:
            messages.append(f"skipped {exc}")
            continue
        if (tid, field_name) in seen:
            messages.append(f"{source} line {number}: {tid} {field_name} was already set on line "
                            f"{seen[tid, field_name]}; the later row wins")
        seen[tid, field_name] = number
        if first_lines is not None:
            first_lines.setdefault(tid, number)
        out.setdefault(tid, {})[field_name] = Label(
            value=value, confidence=1.0, source="override", note=(row.get("note") or "").strip()
        )
    return out


def _checked(row: Mapping[str, str | None], where: str) -> tuple[str, str, str]:
    """(transcript_id, field, canonical value) of one row, or BadOverride saying what to write instead."""
    field_name = (row.get("field") or "").strip()
    tid = (row.get("transcript_id") or "").strip()
    value = " ".join((row.get("value") or "").split())
    # Name the one thing that is wrong: an empty value is not a bad field.
    if not tid:
        raise BadOverride(where, "transcript_id is empty; give the interview's id, e.g. work_0035")
    if field_name not in LABEL_FIELDS:
        raise BadOverride(where, f"field {field_name!r} is not a label; use one of {', '.join(LABEL_FIELDS)}")
    if not value:
        raise BadOverride(where, f"{field_name} for {tid} has no value; write the label, or delete the row")
    if field_name == "interaction_style":
        if value.lower() not in STYLES:
            raise BadOverride(where, f"interaction_style {value!r} is not allowed; use one of {', '.join(STYLES)}")
        return tid, field_name, value.lower()
    if field_name == "occupation_group":
        group = soc_group(value)
        if group is None:
            allowed = "; ".join(tables().groups.values())
            raise BadOverride(where, f"occupation_group {value!r} is not a SOC 2018 major group; use a code "
                                     f"(e.g. 29) or a code and title from: {allowed}")
        return tid, field_name, group
    return tid, field_name, value


def unknown_ids(first_lines: Mapping[str, int], known: Collection[str], source: str) -> list[str]:
    """One message per overridden transcript id that is not in the build (a typo, or a dropped file).

    first_lines: each overridden id's first line in the file, as parse_overrides records it.
    """
    return [f"ignored {source} line {line}: no transcript {tid!r} in this build; check the id against "
            "`archive participants`" for tid, line in sorted(first_lines.items()) if tid not in known]
