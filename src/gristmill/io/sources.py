"""Finding input files and grouping them into shards.

A shard is the unit of parallel work and of resumption. Each JSON Lines or
Parquet file is one shard; small text files are grouped. Shards are numbered
in sorted path order, which is the run's "input order".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from gristmill.errors import InputError

Kind = Literal["jsonl", "parquet", "text"]

_SUFFIXES: tuple[tuple[str, Kind], ...] = (
    (".jsonl", "jsonl"),
    (".jsonl.gz", "jsonl"),
    (".jsonl.zst", "jsonl"),
    (".ndjson", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".ndjson.zst", "jsonl"),
    (".json.gz", "jsonl"),
    (".parquet", "parquet"),
    (".txt", "text"),
)

TEXT_FILES_PER_SHARD = 512


@dataclass(frozen=True)
class InputFile:
    path: str  # absolute
    name: str  # stable display name: what ids derive from and `source` records
    kind: Kind


@dataclass(frozen=True)
class Shard:
    index: int
    files: tuple[InputFile, ...]


def kind_of(path: str) -> Kind | None:
    lower = path.lower()
    for suffix, kind in _SUFFIXES:
        if lower.endswith(suffix):
            return kind
    return None


def discover(inputs: list[str]) -> list[InputFile]:
    """Every readable input file under the given paths, in a stable order."""
    if not inputs:
        raise InputError("no input given")
    files: list[InputFile] = []
    seen: set[str] = set()
    for arg in inputs:
        path = Path(arg)
        if path.is_dir():
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in sorted(names):
                    full = Path(root) / n
                    kind = kind_of(n)
                    if kind is not None and not n.startswith("."):
                        rel = full.relative_to(path.parent).as_posix()
                        found.append(InputFile(str(full.resolve()), rel, kind))
            if not found:
                raise InputError(f"no readable input files in folder {arg} (looked for .jsonl[.gz|.zst], .parquet, .txt)")
            candidates = found
        elif path.is_file():
            kind = kind_of(path.name)
            if kind is None:
                raise InputError(f"unsupported input type: {arg} (use .jsonl[.gz|.zst], .parquet, .txt or a folder)")
            candidates = [InputFile(str(path.resolve()), path.name, kind)]
        elif path.exists():
            raise InputError(f"input is neither a file nor a folder: {arg}")
        else:
            raise InputError(f"input not found: {arg}")
        for f in candidates:
            if f.path not in seen:
                seen.add(f.path)
                files.append(f)
    names = [f.name for f in files]
    if len(set(names)) != len(names):
        # Two inputs with the same display name would derive the same ids; use full paths.
        files = [InputFile(f.path, f.path, f.kind) for f in files]
    return files


def make_shards(files: list[InputFile]) -> list[Shard]:
    shards: list[Shard] = []
    pending_text: list[InputFile] = []

    def flush_text() -> None:
        if pending_text:
            shards.append(Shard(len(shards), tuple(pending_text)))
            pending_text.clear()

    for f in sorted(files, key=lambda f: f.name):
        if f.kind == "text":
            pending_text.append(f)
            if len(pending_text) >= TEXT_FILES_PER_SHARD:
                flush_text()
        else:
            flush_text()
            shards.append(Shard(len(shards), (f,)))
    flush_text()
    return shards
