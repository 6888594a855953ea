"""`gristmill explain OUTDIR DOC_ID`: one document's fate, its edits as a diff with reasons."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gristmill.document import Document, Edit, step_groups, unreplay
from gristmill.errors import InputError
from gristmill.exec.layout import Layout
from gristmill.io.writers import read_records

if TYPE_CHECKING:  # rich loads when text is rendered: the report and the workers import this module for its diffs
    from rich.text import Text


def find_document(outdir: str | os.PathLike[str], doc_id: str) -> tuple[str, dict[str, Any]]:
    layout = Layout(Path(outdir))
    for place, folder in (("kept", layout.kept), ("dropped", layout.dropped)):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.name.startswith("."):
                    continue
                for rec in read_records(path):
                    if rec["id"] == doc_id:
                        return place, rec
    raise InputError(f"no document with id {doc_id!r} in {outdir}/kept or {outdir}/dropped")


def _visible(s: str) -> str:
    return s.replace("\n", "⏎\n").replace("\t", "⇥").replace("\u00a0", "⍽") or "∅"


def _reason(step: str, code: str) -> str:
    """The declared one-line explanation of an edit code, from the step's EDITS."""
    try:
        from gristmill.registry import step_class

        return str(step_class(step).EDITS.get(code, ""))
    except Exception:  # an edit log from another version: the code alone still explains
        return ""


def merge_adjacent(group: list[Edit]) -> list[Edit]:
    """Adjacent edits with the same code (a run of removed lines) shown as one hunk."""
    merged: list[Edit] = []
    for e in sorted(group, key=lambda e: e.start):
        last = merged[-1] if merged else None
        if last is not None and last.code == e.code and last.end == e.start:
            merged[-1] = Edit(
                e.step, e.code, last.start, e.end, last.removed + e.removed, last.replacement + e.replacement
            )
        else:
            merged.append(e)
    return merged


def step_inputs(doc: Document) -> list[tuple[list[Edit], str]]:
    """Each step's edits with the text that step received (undoing later steps from the output)."""
    groups = step_groups(doc.edits)
    texts = []
    text = doc.text
    for i in range(len(groups) - 1, -1, -1):
        text = unreplay(text, groups[i])
        texts.append(text)
    texts.reverse()
    return list(zip(groups, texts, strict=True))


def diff_text(doc: Document, context: int | None = 60) -> Text:
    """Each step's edits as hunks of their input text, removed text in red, added in
    green, each labelled with its code and the code's declared reason.

    `context` characters are shown either side of each hunk; `None` shows the
    step's whole input with the edits inline.
    """
    from rich.text import Text

    out = Text()

    def mark(e: Edit) -> None:
        shown = _visible(e.removed) if e.removed.strip() else _visible(e.removed).replace("\n", "")
        out.append(f"[-{shown}-]", style="red")
        if e.replacement:
            out.append(f"{{+{_visible(e.replacement)}+}}", style="green")

    for group, source in step_inputs(doc):
        step = group[0].step
        counts: dict[str, int] = {}
        for e in group:
            counts[e.code] = counts.get(e.code, 0) + 1
        summary = ", ".join(f"{c} ×{n}" for c, n in counts.items())
        out.append(f"── {step}: {len(group)} edit(s) ({summary})\n", style="bold")
        hunks = merge_adjacent(group)
        if context is None:
            pos = 0
            for e in hunks:
                out.append(source[pos : e.start])
                mark(e)
                out.append(f"⟨{e.code}⟩", style="dim")
                pos = e.end
            out.append(source[pos:] + "\n")
            continue
        for e in hunks:
            before = source[max(0, e.start - context) : e.start]
            after = source[e.end : e.end + context]
            before = ("…" if e.start > context else "") + before.rsplit("\n", 1)[-1] if "\n" in before else before
            after = after.split("\n", 1)[0] + ("…" if e.end + context < len(source) else "")
            reason = _reason(step, e.code)
            out.append(f"  @{e.start} ", style="dim")
            out.append(e.code, style="bold")
            out.append(f": {reason}\n" if reason else "\n", style="dim")
            out.append("    ")
            out.append(before, style="dim")
            mark(e)
            out.append(after + "\n", style="dim")
    out.rstrip()
    return out


def to_string(text: Text, color: bool) -> str:
    """Rich text as a string: with ANSI colours, or plain."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=color, color_system="standard" if color else None, width=1_000_000, highlight=False
    )
    console.print(text, soft_wrap=True, end="")
    return buffer.getvalue()


def render_diff(doc: Document, color: bool, context: int | None = 60) -> str:
    return to_string(diff_text(doc, context), color)


def _decision_text(doc: Document) -> Text:
    """Why the document left, in words: the reason's declared meaning and the signal that failed."""
    from rich.text import Text

    out = Text()
    if doc.decision is None:
        return out
    d = doc.decision
    meaning = ""
    try:
        from gristmill.registry import step_class

        meaning = str(step_class(d.step).REASONS.get(d.reason, ""))
    except Exception:  # an output from another version: the code alone still explains
        pass
    signal = f"{d.step}.{d.reason.removesuffix('_low').removesuffix('_high')}"
    if meaning or signal in doc.signals:
        out.append("\nwhy: ", style="bold red")
        out.append(meaning)
    if signal in doc.signals:
        out.append(f" ({signal} = {doc.signals[signal]:.4g})", style="dim")
    if d.duplicate_of:
        out.append(f"\n  kept copy: {d.duplicate_of!r} (gristmill explain OUTDIR {d.duplicate_of})", style="dim")
    return out


def explain_text(outdir: str | os.PathLike[str], doc_id: str, context: int | None = 60) -> Text:
    """One document's fate, its decision and its edits as a diff with reasons."""
    place, rec = find_document(outdir, doc_id)
    from rich.text import Text

    doc = Document.from_record(rec)
    out = Text()
    out.append(f"document {doc.id!r} from {doc.source}:{doc.line}: ")
    out.append(place.upper(), style="bold green" if place == "kept" else "bold red")
    if doc.decision is not None:
        out.append(f" by {doc.decision.step} ({doc.decision.reason})")
        if doc.decision.duplicate_of:
            out.append(f", duplicate of {doc.decision.duplicate_of!r}")
    if "language" in doc.signals:
        out.append(f"\nlanguage: {doc.signals['language']} ({doc.signals.get('language_score', 0):.2f})", style="dim")
    if doc.signals.get("rescued_by_repair"):
        rules = ", ".join(doc.signals["rescued_by_repair"])
        out.append(f"\nrescued by repair: the raw text would have been dropped by {rules}", style="green")
    out.append_text(_decision_text(doc))
    if not doc.edits:
        out.append("\nno edits: the text is as it was read")
        return out
    removed = sum(len(e.removed) for e in doc.edits)
    added = sum(len(e.replacement) for e in doc.edits)
    out.append(f"\n{len(doc.edits)} edit(s): {removed} character(s) removed, {added} added\n")
    out.append_text(diff_text(doc, context))
    return out


def explain(outdir: str | os.PathLike[str], doc_id: str, color: bool = False, context: int | None = 60) -> str:
    """`explain_text` as a string, with ANSI colours when `color` is true (the
    command line prints the rich text itself: coloured on a terminal, plain when piped)."""
    return to_string(explain_text(outdir, doc_id, context), color)
