"""Named exceptions, each saying what went wrong, the value, and the fix; mapped to HTTP once in api/."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base of every error the archive raises on purpose."""

    code = "archive_error"


class SourceError(ArchiveError):
    """A transcript file could not be used; the build skips it and says why."""

    code = "bad_source"

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class UnsupportedFormat(SourceError):
    code = "unsupported_format"


class BinaryFile(SourceError):
    code = "binary_file"


class BadOverride(SourceError):
    """A row of data/overrides.csv that cannot be applied; the build skips the row and says why."""

    code = "bad_override"


class IndexMissing(ArchiveError):
    """No built index in the data directory."""

    code = "index_missing"

    def __init__(self, data_dir: str) -> None:
        super().__init__(f"no index at {data_dir}; run `archive index corpus/` (or `make run`)")


class BuildLocked(ArchiveError):
    """Another index build holds the lock."""

    code = "build_locked"

    def __init__(self, lock_path: str) -> None:
        super().__init__(
            f"another index build is running (lock held on {lock_path}); wait for it to finish"
        )


class StrictBuildFailed(ArchiveError):
    code = "strict_build_failed"


class NotFound(ArchiveError):
    code = "not_found"


class TranscriptNotFound(NotFound):
    code = "transcript_not_found"

    def __init__(self, transcript_id: str) -> None:
        shown = transcript_id if len(transcript_id) <= 80 else transcript_id[:77] + "..."
        super().__init__(
            f"no transcript with id {shown!r}; list ids with GET /participants or `archive participants`"
        )


class BadRequest(ArchiveError):
    """A parameter a user sent is not acceptable; the message lists what is allowed."""

    code = "bad_request"


class BadQuery(BadRequest):
    code = "bad_query"

