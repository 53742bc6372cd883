"""Command line: ``python -m portfolio.resume check|export ...``.

``check`` also validates the private overlay beside the data (``docs/resume.local.yaml``) when
there is one. ``export`` merges an overlay only when asked, with ``--overlay FILE``: the public
exports that the site build writes never see it.

Examples
--------
>>> main(["check", "docs/resume.yaml"])
docs/resume.yaml...: OK (sha256 ...)
0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from portfolio.resume.export import FORMATS, render
from portfolio.resume.loader import ResumeValidationError, display_name, overlay_path
from portfolio.resume.model import CONTACT_FIELDS, DEFAULT_PUBLIC, PAPERS, Resume

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m portfolio.resume",
        description="Validate and export the résumé data (docs/resume.yaml).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser(
        "check",
        help="validate the data (and its .local.yaml overlay, if any); print every error as "
        "file:line:col",
    )
    check.add_argument("data", type=Path, help="the résumé YAML file")
    export = sub.add_parser("export", help="write resume.json, JSON-LD or the PDF")
    export.add_argument("--format", "-f", choices=FORMATS, required=True, help="the export format")
    export.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    export.add_argument(
        "--paper",
        type=str.lower,
        choices=sorted(PAPERS),
        default="letter",
        help="PDF paper size, any case (default letter)",
    )
    export.add_argument(
        "--public",
        default=",".join(DEFAULT_PUBLIC),
        help=f"comma-separated public contact fields among {','.join(CONTACT_FIELDS)} "
        f"(default {','.join(DEFAULT_PUBLIC)})",
    )
    export.add_argument(
        "--overlay",
        type=Path,
        default=None,
        metavar="FILE",
        help="merge this private overlay (e.g. docs/resume.local.yaml) over the data first; "
        "its fields are validated by the same rules",
    )
    export.add_argument("data", type=Path, help="the résumé YAML file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status (0 ok, 1 invalid data, 2 usage error)."""
    args = _parser().parse_args(argv)
    if args.command == "check":
        local = overlay_path(args.data)
        overlay: Path | None = local if local.is_file() else None
    else:
        overlay = args.overlay
    try:
        resume = Resume.load(args.data, overlay=overlay)
    except ResumeValidationError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        count = len(exc.errors)
        print(f"{count} error{'s' if count != 1 else ''}", file=sys.stderr)
        return 1
    if args.command == "check":
        merged = f" + {display_name(overlay)}" if overlay else ""
        print(f"{display_name(args.data)}{merged}: OK (sha256 {resume.short_hash})")
        return 0
    public = [p for p in args.public.split(",") if p]
    unknown = sorted(set(public) - set(CONTACT_FIELDS))
    if unknown:
        print(f"--public: unknown field(s) {', '.join(unknown)}", file=sys.stderr)
        return 2
    sources = [args.data] + ([overlay] if overlay else [])
    if any(args.output.resolve() == source.resolve() for source in sources):
        print(f"-o: refusing to overwrite {display_name(args.output)}, an input", file=sys.stderr)
        return 2
    args.output.write_bytes(render(resume, args.format, public, PAPERS[args.paper]))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
