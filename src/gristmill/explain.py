"""`gristmill explain OUTDIR DOC_ID`: one document's fate, its edits as a diff with reasons."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from gristmill.document import Document, Edit, step_groups, unreplay
from gristmill.errors import InputError
from gristmill.exec.layout import Layout
from gristmill.io.writers import read_records

_RED, _GREEN, _DIM, _BOLD, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[2m", "\x1b[1m", "\x1b[0m"


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


def _merge(group: list[Edit]) -> list[Edit]:
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


def _step_inputs(doc: Document) -> list[tuple[list[Edit], str]]:
    """Each step's edits with the text that step received (undoing later steps from the output)."""
    groups = step_groups(doc.edits)
    texts = []
    text = doc.text
    for i in range(len(groups) - 1, -1, -1):
        text = unreplay(text, groups[i])
        texts.append(text)
    texts.reverse()
    return list(zip(groups, texts, strict=True))


def render_diff(doc: Document, color: bool, context: int | None = 60) -> str:
    """Each step's edits as hunks of their input text, removed text in red, added in
    green, each labelled with its code and the code's declared reason.

    `context` characters are shown either side of each hunk; `None` shows the
    step's whole input with the edits inline.
    """
    red, green, dim, bold, reset = (_RED, _GREEN, _DIM, _BOLD, _RESET) if color else ("", "", "", "", "")

    def mark(e: Edit) -> str:
        shown = _visible(e.removed) if e.removed.strip() else _visible(e.removed).replace("\n", "")
        out = f"{red}[-{shown}-]{reset}"
        if e.replacement:
            out += f"{green}{{+{_visible(e.replacement)}+}}{reset}"
        return out

    out = []
    for group, source in _step_inputs(doc):
        step = group[0].step
        counts: dict[str, int] = {}
        for e in group:
            counts[e.code] = counts.get(e.code, 0) + 1
        summary = ", ".join(f"{c} ×{n}" for c, n in counts.items())
        out.append(f"{bold}── {step}: {len(group)} edit(s) ({summary}){reset}")
        hunks = _merge(group)
        if context is None:
            parts, pos = [], 0
            for e in hunks:
                parts += [source[pos : e.start], mark(e), f"{dim}⟨{e.code}⟩{reset}"]
                pos = e.end
            parts.append(source[pos:])
            out.append("".join(parts))
            continue
        for e in hunks:
            before = source[max(0, e.start - context) : e.start]
            after = source[e.end : e.end + context]
            before = ("…" if e.start > context else "") + before.rsplit("\n", 1)[-1] if "\n" in before else before
            after = after.split("\n", 1)[0] + ("…" if e.end + context < len(source) else "")
            reason = _reason(step, e.code)
            out.append(
                f"  {dim}@{e.start}{reset} {bold}{e.code}{reset}{dim}: {reason}{reset}"
                if reason
                else f"  {dim}@{e.start}{reset} {bold}{e.code}{reset}"
            )
            out.append(f"    {dim}{before}{reset}{mark(e)}{dim}{after}{reset}")
    return "\n".join(out)


def explain(outdir: str | os.PathLike[str], doc_id: str, color: bool = False, context: int | None = 60) -> str:
    """One document's fate and its edits as a diff with reasons.

    Colour is used when `color` is true or the environment sets FORCE_COLOR
    (and never when it sets NO_COLOR).
    """
    color = (color or bool(os.environ.get("FORCE_COLOR"))) and not os.environ.get("NO_COLOR")
    place, rec = find_document(outdir, doc_id)
    doc = Document.from_record(rec)
    head = f"document {doc.id!r} from {doc.source}:{doc.line}: {place.upper()}"
    if doc.decision is not None:
        head += f" by {doc.decision.step} ({doc.decision.reason})"
        if doc.decision.duplicate_of:
            head += f", duplicate of {doc.decision.duplicate_of!r}"
    if not doc.edits:
        return head + "\nno edits: the text is as it was read"
    removed = sum(len(e.removed) for e in doc.edits)
    added = sum(len(e.replacement) for e in doc.edits)
    head += f"\n{len(doc.edits)} edit(s): {removed} character(s) removed, {added} added"
    return head + "\n" + render_diff(doc, color, context)
