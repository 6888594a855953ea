"""The one record type that flows through a pipeline.

A `Document` carries its text, the input's other fields (`metadata`), the
signals steps measured, the edits repairs made, and the final `Decision`.
Provenance (`source`, `line`) travels with it so that every output record can
be traced back to the exact input line it came from.
"""

from __future__ import annotations

import dataclasses
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


def compose_edits(text: str, first: list[Edit], second: list[Edit]) -> list[Edit]:
    """One step's edits on `text`, then the same step's edits on the result, as
    one group of edits on `text`: so a step that runs again (a repair chain run
    to its fixed point) still replays as one group. Edits of the second run that
    touch text the first run replaced merge with those edits (keeping the second
    run's code); the others keep their own code, remapped to `text`.

    >>> t0 = "a  b  c"
    >>> first = [Edit("s", "x", 1, 3, "  ", " ")]
    >>> second = [Edit("s", "y", 3, 5, "  ", " ")]
    >>> [(e.start, e.end, e.removed, e.replacement) for e in compose_edits(t0, first, second)]
    [(1, 3, '  ', ' '), (4, 6, '  ', ' ')]
    """
    first = sorted(first, key=lambda e: e.start)
    middle = apply_edits(text, first)
    # each edit as an interval of the middle text: (start, end, is_first, edit)
    spans: list[tuple[int, int, bool, Edit]] = []
    shift = 0
    for e in first:
        spans.append((e.start + shift, e.start + shift + len(e.replacement), True, e))
        shift += len(e.replacement) - (e.end - e.start)
    spans += [(e.start, e.end, False, e) for e in second]
    spans.sort(key=lambda s: (s[0], s[1]))
    clusters: list[list[tuple[int, int, bool, Edit]]] = []
    end = -1
    for span in spans:
        # overlapping, or touching where one of them is empty (an insertion at a deletion)
        if clusters and (span[0] < end or (span[0] == end and (span[0] == span[1] or clusters[-1][-1][0] == end))):
            clusters[-1].append(span)
            end = max(end, span[1])
        else:
            clusters.append([span])
            end = span[1]
    out: list[Edit] = []
    shift = 0  # text offset minus middle offset, before the current cluster
    for cluster in clusters:
        start1, end1 = cluster[0][0], max(s[1] for s in cluster)
        firsts = [s[3] for s in cluster if s[2]]
        seconds = [s[3] for s in cluster if not s[2]]
        start0 = start1 + shift
        end0 = end1 + shift - sum(len(e.replacement) - (e.end - e.start) for e in firsts)
        if not seconds:
            out.extend(firsts)
        elif not firsts and len(seconds) == 1:
            e = seconds[0]
            out.append(Edit(e.step, e.code, start0, end0, text[start0:end0], e.replacement))
        else:
            local = [dataclasses.replace(e, start=e.start - start1, end=e.end - start1) for e in seconds]
            replacement = apply_edits(middle[start1:end1], local)
            out.append(Edit(seconds[0].step, seconds[0].code, start0, end0, text[start0:end0], replacement))
        shift = end0 - end1
    return out


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
