"""Opening plain, gzip and zstd files as buffered binary streams, by suffix.

gzip goes through python-isal (Intel ISA-L) when it is installed: it reads
about 4x and writes about 3x faster than the standard library's zlib, with the
same file format and the same error types; the standard library is the fallback.
"""

from __future__ import annotations

import io
from typing import IO, Any

try:
    from isal import igzip as _gzip
    from isal.isal_zlib import error as _isal_error

    GZIP_ERRORS: tuple[type[BaseException], ...] = (_isal_error,)
    GZIP_LEVEL = 1  # ISA-L levels are 0-3; 1 is fast with a ratio close to zlib's 6
except ImportError:  # pragma: no cover - isal has wheels for the common platforms
    import gzip as _gzip  # type: ignore[no-redef]

    GZIP_ERRORS = ()
    GZIP_LEVEL = 1


def decompressing(path: str, raw: IO[bytes]) -> IO[bytes]:
    """Wrap an open raw file in the decompressor its suffix names."""
    lower = path.lower()
    if lower.endswith(".gz"):
        return _gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if lower.endswith(".zst"):
        return io.BufferedReader(_ZstdFrames(raw), buffer_size=1 << 20)
    return raw


class TruncatedStreamError(EOFError):
    """A compressed stream ended in the middle of a frame."""


class _ZstdFrames(io.RawIOBase):
    """Decompresses concatenated zstd frames and, unlike zstandard's stream_reader,
    raises when the input ends inside a frame instead of reporting a clean EOF."""

    def __init__(self, raw: IO[bytes]) -> None:
        import zstandard

        self._zstd = zstandard
        self._raw = raw
        self._dobj = zstandard.ZstdDecompressor().decompressobj()
        self._pending = b""
        self._in_frame = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = self._raw.read(1 << 18)
            if not chunk:
                if self._in_frame:
                    raise TruncatedStreamError("zstd stream ended in the middle of a frame (truncated file?)")
                return 0
            self._pending = self._feed(chunk)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _feed(self, chunk: bytes) -> bytes:
        out = []
        while chunk:
            self._in_frame = True
            out.append(self._dobj.decompress(chunk))
            if not self._dobj.eof:
                break
            self._in_frame = False
            chunk = self._dobj.unused_data
            self._dobj = self._zstd.ZstdDecompressor().decompressobj()
        return b"".join(out)


def gzip_writer(raw: IO[bytes]) -> Any:
    """A gzip stream with no timestamp in its header: same records, same bytes."""
    return _gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=GZIP_LEVEL, mtime=0)
