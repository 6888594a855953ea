"""Finding input files and grouping them into shards.

A shard is the unit of parallel work and of resumption. Each JSON Lines,
Parquet, WARC or WET file is one shard; small text and HTML files are grouped. Shards are numbered
in sorted path order, which is the run's "input order".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from gristmill.errors import InputError

Kind = Literal["jsonl", "parquet", "text", "html", "warc", "wet"]

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
    (".html", "html"),
    (".htm", "html"),
    (".html.gz", "html"),
    (".htm.gz", "html"),
    (".wet", "wet"),  # before .warc: Common Crawl names them .warc.wet.gz
    (".wet.gz", "wet"),
    (".warc", "warc"),
    (".warc.gz", "warc"),
)

TEXT_FILES_PER_SHARD = 512
HTML_FILES_PER_SHARD = 64  # extraction takes ~10-50 ms a page: a few seconds of work per shard
HTML_KINDS = ("html", "warc")  # inputs whose documents are HTML, for the extract_html step
SUPPORTED = ".jsonl[.gz|.zst], .parquet, .txt, .html[.gz], .warc[.gz], .wet[.gz]"


@dataclass(frozen=True)
class InputFile:
    """A file to read, or a byte range of one (a big plain JSON Lines file is
    split so that several workers can read it)."""

    path: str  # absolute
    name: str  # stable display name: what ids derive from and `source` records
    kind: Kind
    start: int = 0  # byte offset of the first line to read
    end: int | None = None  # byte offset after the last line, None: to the end
    first_line: int = 1  # line number of the line at `start`

    @property
    def whole(self) -> bool:
        return self.start == 0 and self.end is None


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
                raise InputError(f"no readable input files in folder {arg} (looked for {SUPPORTED})")
            candidates = found
        elif path.is_file():
            kind = kind_of(path.name)
            if kind is None:
                raise InputError(f"unsupported input type: {arg} (use {SUPPORTED} or a folder)")
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


AUTO_SHARDS = 64  # with shard_bytes = 0, plain JSON Lines input is cut into about this many ranges
MIN_SHARD_BYTES = 4 << 20
MAX_SHARD_BYTES = 256 << 20
SHARD_MULTIPLE = 8  # range counts are a multiple of this, so that 1, 2, 4 or 8 workers finish together


def auto_shard_bytes(files: list[InputFile]) -> int:
    """A range size from the input alone (never from the worker count, so that
    a rerun with other --workers resumes the same shards)."""
    plain = sum(os.path.getsize(f.path) for f in files if f.kind == "jsonl" and not f.path.endswith((".gz", ".zst")))
    return range_size(plain)


def range_size(plain: int) -> int:
    """Enough ranges of `plain` bytes to balance many workers, none so small that
    per-shard overhead shows, and their count a multiple of SHARD_MULTIPLE (seven
    ranges on two workers leave one worker idle while the other reads the last).

    >>> [round(range_size(n << 20) / (1 << 20), 2) for n in (3, 28, 139, 100_000)]
    [4.0, 3.5, 3.48, 256.0]
    """
    size = min(max(plain // AUTO_SHARDS, MIN_SHARD_BYTES), MAX_SHARD_BYTES)
    ranges = -(-plain // size)  # ceiling division
    if ranges <= 1 or size == MAX_SHARD_BYTES:
        return size
    return -(-plain // (-(-ranges // SHARD_MULTIPLE) * SHARD_MULTIPLE))


def make_shards(files: list[InputFile], shard_bytes: int = 0) -> list[Shard]:
    """One shard per file, plain JSON Lines files over `shard_bytes` (0: automatic)
    split into line-aligned ranges, small text and HTML files grouped."""
    shard_bytes = shard_bytes or auto_shard_bytes(files)
    shards: list[Shard] = []
    pending: list[InputFile] = []
    group_size = {"text": TEXT_FILES_PER_SHARD, "html": HTML_FILES_PER_SHARD}

    def flush() -> None:
        if pending:
            shards.append(Shard(len(shards), tuple(pending)))
            pending.clear()

    for f in sorted(files, key=lambda f: f.name):
        if f.kind in group_size:
            if pending and pending[0].kind != f.kind:
                flush()
            pending.append(f)
            if len(pending) >= group_size[f.kind]:
                flush()
        else:
            flush()
            for piece in split_plain_jsonl(f, shard_bytes):
                shards.append(Shard(len(shards), (piece,)))
    flush()
    return shards


_SCAN_BLOCK = 16 << 20


def split_plain_jsonl(f: InputFile, shard_bytes: int) -> list[InputFile]:
    """Cut an uncompressed JSON Lines file into ranges of about `shard_bytes`,
    each starting just after a newline, with the line number it starts at.
    Compressed files cannot be entered mid-stream and stay whole."""
    size = os.path.getsize(f.path)
    if f.kind != "jsonl" or not f.path.lower().endswith((".jsonl", ".ndjson")) or size <= shard_bytes:
        return [f]
    cuts = [(0, 0)]  # (byte offset, lines before it)
    next_cut = shard_bytes
    pos = lines = 0
    with open(f.path, "rb") as fh:
        while block := fh.read(_SCAN_BLOCK):
            while next_cut < pos + len(block):
                nl = block.find(b"\n", max(next_cut - pos, 0))
                if nl == -1:
                    break  # the cut falls in the next block
                cut = pos + nl + 1
                if cut < size:
                    cuts.append((cut, lines + block.count(b"\n", 0, nl + 1)))
                next_cut = cut + shard_bytes
            lines += block.count(b"\n")
            pos += len(block)
    pieces = []
    for i, (start, before) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else None
        pieces.append(InputFile(f.path, f.name, f.kind, start, end, before + 1))
    return pieces
