"""The `gristmill` command line: run, dedup, verify, steps, explain, report."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from gristmill import __version__, interrupt
from gristmill.errors import GristmillError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command in ("run", "dedup") and args.workers != 1 and args.executor != "ray":
        from gristmill.exec.forkserver import warm_up

        # `dedup` and runs given other steps do not pay for compiling the repair patterns
        warm_up(repairs=args.command == "run" and (args.steps is None or "remove_boilerplate" in args.steps))
    interrupt.install()
    try:
        status = int(args.func(args) or 0)
        interrupt.check()  # a Ctrl-C swallowed on the way (in a finaliser) still stops with 130
        return status
    except GristmillError as exc:
        print(f"gristmill: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gristmill: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `gristmill explain ... | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # as the Python docs advise
        return 0


def _add_run_options(p: argparse.ArgumentParser) -> None:
    """Inputs, output and the run options `run` and `dedup` share."""
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="JSON Lines (.jsonl, .gz, .zst), Parquet, .txt, .html[.gz], WARC/WET (.warc[.gz], .wet[.gz]), or folders",
    )
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR")
    p.add_argument("--config", metavar="FILE.toml", help="steps and parameters (see `gristmill steps`)")
    p.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    p.add_argument("--executor", choices=["local", "ray"], help="where tasks run (default: local; ray: extra)")
    p.add_argument("--ray-address", metavar="ADDRESS", help="Ray cluster to join, e.g. ray://head:10001 or auto")
    p.add_argument("--format", choices=["jsonl", "parquet"])
    p.add_argument("--compression", choices=["auto", "gzip", "zstd", "none"])
    p.add_argument("--text-field", help="input field holding the text (default: text)")
    p.add_argument("--id-field", help="input field holding the id (default: id)")
    p.add_argument("--html-field", help="input field holding a page's HTML, to extract the text from")
    p.add_argument("--strict", action="store_true", default=None, help="stop at the first unreadable record")
    p.add_argument("--quiet", action="store_true", help="no progress bar, no summary")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gristmill", description="Clean, repair and deduplicate scraped web text.")
    parser.add_argument("--version", action="version", version=f"gristmill {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="run the pipeline over inputs into an output folder")
    _add_run_options(p)
    p.add_argument("--steps", help="run only these steps, in this order: NAME,NAME")
    p.add_argument("--extractor", choices=["trafilatura", "resiliparse"], help="HTML main-text extractor")
    p.add_argument(
        "--annotate-only",
        action="store_true",
        help="store every quality signal and drop nothing (no filters, no dedup)",
    )
    p.set_defaults(func=_cmd_run)

    d = sub.add_parser("dedup", help="deduplicate only: exact and near-duplicate (MinHash-LSH) documents")
    _add_run_options(d)
    d.add_argument("--threshold", type=float, help="Jaccard similarity of word n-grams (default 0.8)")
    d.add_argument("--ngram", type=int, help="words per shingle (default 5)")
    d.add_argument("--bands", type=int, help="LSH bands (with --rows; default: derived from the threshold)")
    d.add_argument("--rows", type=int, help="rows per band (with --bands)")
    d.add_argument(
        "--keep", choices=["first", "longest", "best"], help="which copy to keep (default: first; best: by best_signal)"
    )
    d.add_argument("--no-verify", action="store_true", help="keep every LSH candidate pair without checking it")
    d.add_argument("--url", action="store_true", help="also keep one document per normalised URL (url_dedup)")
    d.set_defaults(func=_cmd_dedup)

    v = sub.add_parser("verify", help="re-check a run: every input record in exactly one place")
    v.add_argument("outdir", metavar="OUTDIR")
    v.set_defaults(func=_cmd_verify)

    s = sub.add_parser("steps", help="list every available step")
    s.set_defaults(func=_cmd_steps)

    e = sub.add_parser("explain", help="show one document's edits and decision")
    e.add_argument("outdir", metavar="OUTDIR")
    e.add_argument("doc_id", metavar="DOC_ID")
    e.set_defaults(func=_cmd_explain)

    r = sub.add_parser("report", help="write OUTDIR/report.html again from the run's output")
    r.add_argument("outdir", metavar="OUTDIR")
    r.set_defaults(func=_cmd_report)
    return parser


DEDUP_STEPS = ["exact_dedup", "near_dedup"]


def _cmd_dedup(args: argparse.Namespace) -> int:
    """`run` with only the dedup steps, their parameters taken from the flags."""
    near = {
        "threshold": args.threshold,
        "ngram": args.ngram,
        "bands": args.bands,
        "rows": args.rows,
        "keep": args.keep,
        "verify": "off" if args.no_verify else None,
    }
    params = {"near_dedup": {k: v for k, v in near.items() if v is not None}}
    if args.keep:
        params["exact_dedup"] = params["url_dedup"] = {"keep": args.keep}
    steps = DEDUP_STEPS[:1] + ["url_dedup"] + DEDUP_STEPS[1:] if args.url else DEDUP_STEPS
    args.steps = ",".join(steps)
    return _run(args, params)


def _cmd_run(args: argparse.Namespace) -> int:
    return _run(args, {"extract_html": {"extractor": args.extractor}} if args.extractor else {})


def _run(args: argparse.Namespace, step_params: dict[str, dict[str, Any]]) -> int:
    from gristmill.config import load_config
    from gristmill.runner import run

    steps = None
    if args.steps is not None:
        steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    overrides: dict[str, Any] = {
        "workers": args.workers,
        "executor": args.executor,
        "ray_address": args.ray_address,
        "format": args.format,
        "compression": args.compression,
        "text_field": args.text_field,
        "id_field": args.id_field,
        "html_field": args.html_field,
        "steps": steps,
        "strict": args.strict,
        "annotate_only": getattr(args, "annotate_only", False) or None,
    }
    config = load_config(args.config, overrides, step_params)
    if args.quiet:  # no bars, no tables: rich is not even imported
        summary = run(args.inputs, args.output, config)
    else:
        from gristmill.progress import progress_bars

        with progress_bars(True) as progress:
            summary = run(args.inputs, args.output, config, progress=progress)
        from rich.console import Console

        Console(highlight=False).print(*summary_tables(summary, args.output), sep="\n")
    return 0


def format_summary(summary: dict[str, Any], outdir: str) -> str:
    """The end-of-run summary as plain text (what a pipe receives)."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=120, color_system=None, highlight=False)
    console.print(*summary_tables(summary, outdir), sep="\n")
    return buffer.getvalue()


def summary_tables(summary: dict[str, Any], outdir: str) -> list[Any]:
    """The accounting line, a table of where documents went and why, one of the
    steps (documents, seconds, edits), and where to look next."""
    from rich.table import Table
    from rich.text import Text

    ok = "ok" if summary["accounting"]["balanced"] else "MISMATCH"
    read = summary["read"] or 1
    fates = Table(title="documents", title_justify="left", show_edge=False)
    fates.add_column("where")
    fates.add_column("reason")
    fates.add_column("documents", justify="right")
    fates.add_column("share", justify="right")

    def row(where: str, reason: str, n: int, style: str = "") -> None:
        fates.add_row(where, reason, f"{n:,}", f"{n / read:.1%}", style=style)

    row("kept", "", summary["kept"], "bold green")
    for reason, n in sorted(summary["dropped_by_reason"].items(), key=lambda kv: (-kv[1], kv[0])):
        row("dropped", reason, n)
    for error, n in sorted(summary["quarantined_by_error"].items()):
        row("quarantined", error, n, "yellow")
    steps = Table(title="steps", title_justify="left", show_edge=False)
    for name, justify in (("step", "left"), ("documents", "right"), ("CPU s", "right"), ("edits", "left")):
        steps.add_column(name, justify=justify)  # type: ignore[arg-type]
    for name, step in summary["steps"].items():
        by_code = sorted(step["edited"].items(), key=lambda kv: (-kv[1], kv[0]))
        edits = ", ".join(f"{code} {n:,}" for code, n in by_code[:4]) + (", ..." if len(by_code) > 4 else "")
        steps.add_row(name, f"{step['seen']:,}", f"{step['seconds']:.2f}", edits)
    lines = [f"warning: {w}" for w in summary.get("warnings", [])]
    if summary.get("skipped_records"):
        skipped = ", ".join(f"{k} {v:,}" for k, v in summary["skipped_records"].items())
        lines.append(f"not documents (not read): {skipped}")
    secs = summary["timings"]["this_invocation_seconds"]
    lines.append(f"took {secs:.2f} s with {summary['timings']['workers']} worker(s)")
    if summary["quarantined"]:
        lines.append(f"quarantine: {Path(outdir) / 'quarantine'}")
    lines.append(f"kept:    {summary['outputs']['kept']}")
    lines.append(f"summary: {Path(outdir) / 'summary.json'}")
    lines.append(f"report:  {Path(outdir) / 'report.html'}")
    head = Text(f"gristmill: {summary['accounting']['equation']}  [{ok}]", style="bold")
    return [head, fates, steps, *(Text(line) for line in lines)]


def _cmd_verify(args: argparse.Namespace) -> int:
    from gristmill.verify import verify

    report = verify(args.outdir)
    total = report.kept + report.dropped + report.quarantined
    print(
        f"inputs {report.inputs:,} records; outputs kept {report.kept:,} + dropped {report.dropped:,} "
        f"+ quarantined {report.quarantined:,} = {total:,}"
    )
    if report.duplicate_ids:
        print(
            f"note: {report.duplicate_ids:,} ids occur more than once in the input "
            "(records are matched by file and line)"
        )
    for p in report.problems:
        print(f"problem: {p}", file=sys.stderr)
    print("verify: ok" if report.ok else "verify: FAILED")
    return 0 if report.ok else 1


def _cmd_steps(args: argparse.Namespace) -> int:
    from gristmill.registry import STEPS

    width = max(len(n) for n in STEPS)
    for name, reg in STEPS.items():
        mark = "*" if reg.default else " "
        print(f"{mark} {name:<{width}}  {reg.cls.description}")
    print("\n* in the default 'web' pipeline")
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from rich.console import Console

    from gristmill.explain import explain_text

    # rich colours a terminal, prints plain text into a pipe, and honours NO_COLOR / FORCE_COLOR
    Console(highlight=False, soft_wrap=True).print(explain_text(args.outdir, args.doc_id))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from gristmill.report import write_report

    print(f"report: {write_report(args.outdir)}")
    return 0
