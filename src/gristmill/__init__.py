"""gristmill: turn raw scraped web text into clean, deduplicated, auditable corpora.

The public names load on first use, so that `import gristmill` (and the command
line's start-up) stays light until a pipeline is actually built.
"""

from __future__ import annotations

import importlib as _importlib
from typing import Any as _Any

# the one place the version is written (pyproject.toml reads it from here):
# importlib.metadata took a tenth of the command line's start-up
__version__ = "0.1.0"

_WHERE = {
    "Decision": "gristmill.document",
    "Document": "gristmill.document",
    "Edit": "gristmill.document",
    "GristmillError": "gristmill.errors",
    "Pipeline": "gristmill.pipeline",
    "RunConfig": "gristmill.config",
    "load_config": "gristmill.config",
    "replay": "gristmill.document",
    "run": "gristmill.runner",
}

__all__ = [
    "Decision",
    "Document",
    "Edit",
    "GristmillError",
    "Pipeline",
    "RunConfig",
    "__version__",
    "load_config",
    "replay",
    "run",
]


def __getattr__(name: str) -> _Any:
    if name in _WHERE:
        value = getattr(_importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gristmill' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
