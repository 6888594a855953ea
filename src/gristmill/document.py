"""The one record type that flows through a pipeline.

A `Document` carries its text, the input's other fields (`metadata`), the
signals steps measured, the edits repairs made, and the final `Decision`.
Provenance (`source`, `line`) travels with it so that every output record can
be traced back to the exact input line it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, frozen=True)
class Edit:
    """One replacement made by a repair step.

    Offsets are into the text *that step received*; replaying a step's edits
    from last to first on that text gives the step's output (`replay`).
    """

    step: str
    code: str
    start: int
    end: int
    removed: str
    replacement: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "code": self.code,
            "start": self.start,
            "end": self.end,
            "removed": self.removed,
            "replacement": self.replacement,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Edit:
        return cls(d["step"], d["code"], d["start"], d["end"], d["removed"], d.get("replacement", ""))


@dataclass(slots=True, frozen=True)
class Decision:
    """Why a document left the pipeline early: the step, its declared reason code,
    and for duplicates the id of the copy that was kept."""

    step: str
    reason: str
    duplicate_of: str | None = None


@dataclass(slots=True)
class Document:
    id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    signals: dict[str, Any] = field(default_factory=dict)
    edits: list[Edit] = field(default_factory=list)
    decision: Decision | None = None  # None: still kept
    source: str = ""
    line: int = 0
    # A web page's HTML, from the readers of WARC, HTML and --html-field input, until the
    # extract_html step turns it into `text`. Never written out: the extracted text is the input.
    html: str | None = None

    @property
    def kept(self) -> bool:
        return self.decision is None

    def to_record(self) -> dict[str, Any]:
        """The output record: kept documents have no `reason`, dropped ones do."""
        rec: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "metadata": self.metadata,
            "signals": self.signals,
            "edits": [e.to_dict() for e in self.edits],
            "source": self.source,
            "line": self.line,
        }
        if self.decision is not None:
            rec["reason"] = self.decision.reason
            rec["step"] = self.decision.step
            if self.decision.duplicate_of is not None:
                rec["duplicate_of"] = self.decision.duplicate_of
        return rec

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> Document:
        decision = None
        if "reason" in rec:
            decision = Decision(rec.get("step", ""), rec["reason"], rec.get("duplicate_of"))
        return cls(
            id=rec["id"],
            text=rec["text"],
            metadata=rec.get("metadata") or {},
            signals=rec.get("signals") or {},
            edits=[Edit.from_dict(e) for e in rec.get("edits") or ()],
            decision=decision,
            source=rec.get("source", ""),
            line=rec.get("line", 0),
        )


def replay(text: str, edits: list[Edit]) -> str:
    """Apply a document's recorded edits to its input text, reproducing the output.

    Edits are grouped by consecutive step; within a step the offsets refer to the
    text that step received, so each group is applied last-to-first.

    >>> replay("a  b", [Edit("whitespace", "collapse_spaces", 1, 3, "  ", " ")])
    'a b'
    """
    for group in step_groups(edits):
        text = apply_edits(text, group)
    return text


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply one step's non-overlapping edits (offsets into `text`)."""
    if not edits:
        return text
    parts: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: e.start):
        parts.append(text[pos : e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def step_groups(edits: list[Edit]) -> list[list[Edit]]:
    """Consecutive edits of the same step: each group's offsets refer to one text."""
    groups: list[list[Edit]] = []
    for e in edits:
        if groups and groups[-1][0].step == e.step:
            groups[-1].append(e)
        else:
            groups.append([e])
    return groups


def unreplay(text: str, edits: list[Edit]) -> str:
    """Undo a document's edits: recover the input text from the output.

    >>> edits = [Edit("whitespace", "collapse_spaces", 1, 3, "  ", " ")]
    >>> unreplay(replay("a  b", edits), edits)
    'a  b'
    """
    for group in reversed(step_groups(edits)):
        parts: list[str] = []
        pos = 0  # in the step's output
        shift = 0  # output offset minus input offset so far
        for e in sorted(group, key=lambda e: e.start):
            out_start = e.start + shift
            parts.append(text[pos:out_start])
            parts.append(e.removed)
            pos = out_start + len(e.replacement)
            shift += len(e.replacement) - (e.end - e.start)
        parts.append(text[pos:])
        text = "".join(parts)
    return text
