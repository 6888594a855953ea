"""Opening plain, gzip and zstd files as one buffered binary stream, by suffix."""

from __future__ import annotations

import gzip
import io
from typing import IO


def decompressing(path: str, raw: IO[bytes]) -> IO[bytes]:
    """Wrap an open raw file in the decompressor its suffix names."""
    lower = path.lower()
    if lower.endswith(".gz"):
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if lower.endswith(".zst"):
        import zstandard

        reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
        return io.BufferedReader(reader, buffer_size=1 << 20)  # type: ignore[arg-type]
    return raw
