"""`gristmill explain OUTDIR DOC_ID`: one document's fate, its edits as a diff with reasons."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from gristmill.document import Document, step_groups, unreplay
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


def render_diff(doc: Document, color: bool) -> str:
    """Each step's edits shown inline on the text that step received."""
    red, green, dim, bold, reset = (_RED, _GREEN, _DIM, _BOLD, _RESET) if color else ("", "", "", "", "")
    groups = step_groups(doc.edits)
    # Recover each step's input by undoing later steps from the final text.
    texts = []
    text = doc.text
    for i in range(len(groups) - 1, -1, -1):
        text = unreplay(text, groups[i])
        texts.append(text)
    texts.reverse()
    out = []
    for group, source in zip(groups, texts):
        out.append(f"{bold}── step {group[0].step}: {len(group)} edit(s){reset}")
        parts, pos = [], 0
        for e in sorted(group, key=lambda e: e.start):
            parts.append(source[pos : e.start])
            if color:
                parts.append(f"{red}[-{_visible(e.removed)}-]{reset}")
                if e.replacement:
                    parts.append(f"{green}{{+{_visible(e.replacement)}+}}{reset}")
                parts.append(f"{dim}⟨{e.code}⟩{reset}")
            else:
                parts.append(f"[-{_visible(e.removed)}-]")
                if e.replacement:
                    parts.append(f"{{+{_visible(e.replacement)}+}}")
                parts.append(f"⟨{e.code}⟩")
            pos = e.end
        parts.append(source[pos:])
        out.append("".join(parts))
    return "\n".join(out)


def explain(outdir: str | os.PathLike[str], doc_id: str, color: bool = False) -> str:
    place, rec = find_document(outdir, doc_id)
    doc = Document.from_record(rec)
    head = f"document {doc.id!r} from {doc.source}:{doc.line}: {place.upper()}"
    if doc.decision is not None:
        head += f" by {doc.decision.step} ({doc.decision.reason})"
        if doc.decision.duplicate_of:
            head += f", duplicate of {doc.decision.duplicate_of!r}"
    if not doc.edits:
        return head + "\nno edits: the text is as it was read"
    return head + "\n" + render_diff(doc, color)
