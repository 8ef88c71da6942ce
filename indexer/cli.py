"""The `archive` command: index, search, participants, serve, ui."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from indexer import export
from indexer.errors import ArchiveError
from indexer.settings import Settings

FORMATS = ("text", "json", "csv", "markdown", "bibtex")


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {"data_dir": args.data_dir} if getattr(args, "data_dir", None) else {}
    return Settings(**overrides)


def cmd_index(args: argparse.Namespace) -> int:
    from indexer import pipeline

    settings = _settings(args)
    paths = [Path(p) for p in args.paths] or [settings.corpus_dir]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise ArchiveError(f"no such file or folder: {missing[0]}; give a path to transcripts, e.g. corpus/")
    if not (args.force or args.strict) and pipeline.is_up_to_date(paths, settings):
        print(f"index at {settings.data_dir} is up to date (same content); --force rebuilds", file=sys.stderr)
        return 0
    if args.keyword_only and not args.force and _keyword_half_current(paths, settings):
        print(f"keyword index at {settings.data_dir} is up to date; vectors fill in from `archive serve`",
              file=sys.stderr)
        return 0
    report = pipeline.build_index(paths, settings, keyword_only=args.keyword_only, strict=args.strict)
    for message in report.messages:
        print(message, file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return 0


def _keyword_half_current(paths: list[Path], settings: Settings) -> bool:
    from indexer import pipeline, store

    try:
        live = store.current_build(settings)
    except ArchiveError:
        return False
    meta = store.KeywordStore(live / "archive.sqlite").meta()
    return meta.get("fingerprint") == pipeline.fingerprint(paths, settings)


def _filters(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from indexer.search import Filters

    return Filters(
        cohort=tuple(args.cohort or ()),
        occupation_group=tuple(args.occupation_group or ()),
        occupation=args.occupation,
        interaction_style=tuple(args.style or ()),
        exclude=tuple(args.exclude or ()),
        min_match=args.min_match,
    )


def cmd_search(args: argparse.Namespace) -> int:
    from indexer.archive import Archive
    from indexer.search import search

    archive = Archive(_settings(args))
    filters = _filters(args)
    # A file format is an export: it may hold every match; the text view stays a page.
    ceiling = archive.settings.max_export if args.format in ("csv", "json", "markdown", "bibtex") else None
    # Unless --limit says otherwise, an export holds every match and the text view a page of 10.
    limit = args.limit if args.limit is not None else (ceiling or 10)
    results = search(archive, args.query, filters, args.mode, args.by, limit, ceiling=ceiling)
    info = export.ExportInfo(filters=filters, build=archive.build.name)
    if args.format == "json":
        print(json.dumps(results.as_dict(), ensure_ascii=False, indent=2))
    elif args.format == "csv":
        sys.stdout.write(export.to_csv(results, info))
    elif args.format == "markdown":
        print(export.to_markdown(results, info))
    elif args.format == "bibtex":
        print(export.to_bibtex(results, info))
    else:
        print(export.to_text(results))
    return 0


def cmd_participants(args: argparse.Namespace) -> int:
    from indexer.archive import Archive

    archive = Archive(_settings(args))
    records = [p.as_dict() for p in archive.participants.values()]
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    sys.stdout.write(export.participants_csv(records))
    return 0


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def check_bind(host: str, settings: Settings) -> None:
    """Refuse to serve beyond loopback without a token, unless ARCHIVE_ALLOW_NO_TOKEN says so."""
    if host not in LOOPBACK_HOSTS and not settings.api_token and not settings.allow_no_token:
        raise ArchiveError(
            f"refusing to bind {host} without a token; set ARCHIVE_API_TOKEN (or ARCHIVE_ALLOW_NO_TOKEN=true)"
        )


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args)
    host = args.host or settings.api_host
    check_bind(host, settings)
    if args.data_dir:
        os.environ["ARCHIVE_DATA_DIR"] = str(args.data_dir)
    uvicorn.run("api.main:create_app", factory=True, host=host, port=args.port or settings.api_port,
                log_level="info")
    return 0


def cmd_ui(args: argparse.Namespace) -> int:
    settings = Settings()
    app = Path(__file__).resolve().parent.parent / "ui" / "app.py"
    command = [
        sys.executable, "-m", "streamlit", "run", str(app), "--server.address", "127.0.0.1",
        "--server.port", str(args.port or settings.ui_port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]
    # Become Streamlit rather than wait on it: stopping `archive ui` (Ctrl-C, kill) then stops the
    # server too, instead of leaving it serving on the port.
    os.execv(sys.executable, command)
    return 0  # not reached


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="archive", description="Searchable archive of interview transcripts.")
    parser.add_argument("--data-dir", type=Path, help="index location (default $ARCHIVE_DATA_DIR or ./data)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="index transcripts (default corpus/)")
    p.add_argument("paths", nargs="*")
    p.add_argument("--keyword-only", action="store_true", help="build the keyword half now; embed later")
    p.add_argument("--strict", action="store_true", help="fail if any file is skipped")
    p.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="search the archive")
    p.add_argument("query")
    p.add_argument("--mode", default="hybrid", choices=["keyword", "semantic", "hybrid"])
    p.add_argument("--by", default="participant", choices=["participant", "quote"])
    p.add_argument("--limit", type=int, default=None,
                   help="how many results (default: 10 as text, every match up to 5,000 as a file format)")
    p.add_argument("--cohort", action="append", choices=["workforce", "creatives", "scientists"])
    p.add_argument("--occupation-group", action="append", help="SOC major group code, e.g. 25")
    p.add_argument("--occupation", help="text to match in the occupation label")
    p.add_argument("--style", action="append", choices=["collaborative", "delegative", "mixed", "unclear"])
    p.add_argument("--exclude", action="append", help="transcript id to leave out")
    p.add_argument("--min-match", type=float, default=0.0,
                   help="count only participants whose best quote matches at least this well (0..1)")
    p.add_argument("--format", default="text", choices=FORMATS)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("participants", help="list every participant with derived labels")
    p.add_argument("--format", default="json", choices=["json", "csv"])
    p.set_defaults(func=cmd_participants)

    p = sub.add_parser("serve", help="start the API")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("ui", help="start the Streamlit UI")
    p.add_argument("--port", type=int)
    p.set_defaults(func=cmd_ui)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ArchiveError as exc:
        print(f"archive: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `archive search … | head` closed the pipe: stop quietly, as Unix tools do (no traceback),
        # and keep Python's exit-time flush from raising it again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
