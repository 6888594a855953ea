"""Errors gristmill raises, one family per kind of failure.

    GristmillError
    ├── ConfigError      a bad option, config key, step name or step parameter
    ├── InputError       an input path that does not exist or cannot be listed
    ├── OutputError      an output folder that cannot be written, or holds another run
    ├── ReadError        one unreadable input record (file, line); quarantined, fatal with --strict
    ├── StepError        a step failed on a document (step, doc id)
    ├── GuardrailError   a dedup step removed an abnormal share of the corpus (with --strict)
    └── AccountingError  read != kept + dropped + quarantined at the end of a run

Messages say what went wrong and what to do next; the CLI prints them as one
line on stderr and exits nonzero, without a traceback.
"""

from __future__ import annotations


class GristmillError(Exception):
    """Root of every error gristmill raises on purpose."""


class ConfigError(GristmillError):
    pass


class InputError(GristmillError):
    pass


class OutputError(GristmillError):
    pass


class ReadError(GristmillError):
    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(f"{source}:{line}: {message}")
        self.source = source
        self.line = line
        self.message = message

    def __reduce__(self) -> tuple[type, tuple[str, int, str]]:  # raised in a worker, re-raised on the driver
        return type(self), (self.source, self.line, self.message)


class StepError(GristmillError):
    def __init__(self, step: str, doc_id: str, message: str) -> None:
        super().__init__(f"step {step!r} failed on document {doc_id!r}: {message}")
        self.step = step
        self.doc_id = doc_id
        self.message = message

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:  # raised in a worker, re-raised on the driver
        return type(self), (self.step, self.doc_id, self.message)


class GuardrailError(GristmillError):
    pass


class AccountingError(GristmillError):
    pass
