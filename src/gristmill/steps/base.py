"""Step base classes: authors write the heuristic, the base class owns the loop.

- `Repairer.repair(text)` returns `Change`s; the base class applies them and
  records each as an `Edit` with the step's name and a declared code.
- `Filter.check(doc)` returns None (keep) or a declared reason code (drop).
- `Annotator.annotate(doc)` writes signals only.
- `CorpusStep` needs the whole corpus (dedup): `key(doc)` is computed per shard,
  `resolve(keys)` decides globally between passes, and the decisions are applied
  to the documents in the next pass.

A step never both edits and drops. Reason and edit codes are declared in
class-level `REASONS` / `EDITS` mappings; using an undeclared code is a bug and
raises immediately.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, NamedTuple

from gristmill.document import Decision, Document, Edit, apply_edits, compose_edits, unreplay
from gristmill.errors import ConfigError
from gristmill.stats import Stats


@dataclasses.dataclass(frozen=True)
class NoParams:
    """For steps without parameters."""


class Change(NamedTuple):
    """A repairer's proposed replacement of text[start:end]."""

    start: int
    end: int
    replacement: str
    code: str


class Step:
    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    REASONS: ClassVar[Mapping[str, str]] = {}
    EDITS: ClassVar[Mapping[str, str]] = {}
    Params: ClassVar[type] = NoParams
    # Consecutive steps that set this run document by document rather than step by
    # step over a batch (`pipeline.process_batch`): they share what they derive
    # from a document (its words), which is then used while in cache and freed at once.
    BY_DOCUMENT: ClassVar[bool] = False

    def __init__(self, params: Any = None) -> None:
        self.params = params if params is not None else self.Params()

    @classmethod
    def from_config(cls, options: Mapping[str, Any]) -> Step:
        """Build the step from a config table, naming any unknown or mistyped key."""
        fields = {f.name: f for f in dataclasses.fields(cls.Params)}
        unknown = sorted(set(options) - set(fields))
        if unknown:
            known = ", ".join(fields) or "none"
            raise ConfigError(f"unknown parameter {cls.name}.{unknown[0]} (known: {known})")
        try:
            params = cls.Params(**options)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"bad parameters for step {cls.name!r}: {exc}") from None
        return cls(params)

    def params_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self.params)

    def process(self, doc: Document, stats: Stats) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class Repairer(Step):
    def repair(self, text: str) -> list[Change]:  # pragma: no cover - abstract
        raise NotImplementedError

    def process(self, doc: Document, stats: Stats) -> None:
        apply_changes(self, doc, self.repair(doc.text), stats)


def apply_changes(step: Step, doc: Document, changes: list[Change], stats: Stats) -> None:
    """Apply a step's changes to a document, recording each as an `Edit`."""
    if not changes:
        return
    edits = []
    for c in changes:
        if c.code not in step.EDITS:
            raise ValueError(f"step {step.name!r} used undeclared edit code {c.code!r}")
        edits.append(Edit(step.name, c.code, c.start, c.end, doc.text[c.start : c.end], c.replacement))
        stats.add(f"steps.{step.name}.edited.{c.code}")
    doc.text, before = apply_edits(doc.text, edits), doc.text
    if doc.edits and doc.edits[-1].step == step.name:
        # the step ran again right after its own edits (a repair chain's next round):
        # one group, so that replay still sees one text per consecutive step
        k = len(doc.edits)
        while k and doc.edits[k - 1].step == step.name:
            k -= 1
        previous = doc.edits[k:]
        doc.edits[k:] = compose_edits(unreplay(before, previous), previous, edits)
    else:
        doc.edits.extend(edits)


class Filter(Step):
    def check(self, doc: Document) -> str | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def process(self, doc: Document, stats: Stats) -> None:
        reason = self.check(doc)
        if reason is None:
            return
        if reason not in self.REASONS:
            raise ValueError(f"step {self.name!r} used undeclared reason {reason!r}")
        doc.decision = Decision(self.name, reason)
        stats.add(f"steps.{self.name}.dropped.{reason}")


class Annotator(Step):
    def annotate(self, doc: Document) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def process(self, doc: Document, stats: Stats) -> None:
        self.annotate(doc)


@dataclasses.dataclass(frozen=True)
class CorpusEdit:
    """A corpus step's instruction to edit one document (not drop it), applied by
    the step's `apply_edit` in the next pass: e.g. the site boilerplate lines to remove."""

    step: str
    payload: Any


class CorpusStep(Step):
    """A step that decides over the whole corpus (deduplication).

    In the workers, `keys(docs)` returns one row of key columns per kept
    document (columns named by `key_fields()`), written to Parquet per shard.
    Between passes, `resolve(store, artifacts)` queries them through DuckDB (the
    view `keys`, with `shard`, `idx`, `id` and the step's columns) and yields
    `(shard, idx, Decision)` for each document to drop, or `(shard, idx,
    CorpusEdit)` for one to edit (then `apply_edit` applies it); it must be
    deterministic. `artifacts` is a folder for the step's own outputs (such as
    a clusters table), or None in memory.
    """

    def key_fields(self) -> list[Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def keys(self, docs: list[Document]) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def resolve(self, store: Any, artifacts: Any) -> Iterator[tuple[int, int, Decision | CorpusEdit]]:
        raise NotImplementedError  # pragma: no cover - abstract

    def apply_edit(self, doc: Document, payload: Any, stats: Stats) -> None:  # pragma: no cover - abstract
        raise TypeError(f"step {self.name!r} does not edit documents")

    def process(self, doc: Document, stats: Stats) -> None:  # corpus steps work by keys/resolve
        raise TypeError("corpus steps are run by the executor, not per document")
