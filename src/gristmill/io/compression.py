"""Opening plain, gzip and zstd files as buffered binary streams, by suffix.

gzip goes through python-isal (Intel ISA-L) when it is installed: it reads
about 4x and writes about 3x faster than the standard library's zlib, with the
same file format and the same error types; the standard library is the fallback.
"""

from __future__ import annotations

import io
from collections import deque
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


def gzip_members(raw: IO[bytes]) -> GzipMembers:
    """Decompress concatenated gzip members (a WARC file holds one per record),
    handing out everything that decompressed before a truncation or corruption
    is raised: the records before a cut stay readable."""
    return GzipMembers(raw)


class GzipMembers:
    """A readable stream of the decompressed data, with `tell` and forward `seek`
    (FastWARC asks for both). It knows where each member starts in the file:
    `member_offset(pos)` maps a record's position in the decompressed stream to
    its member's byte offset in the file, which is what a WARC index records."""

    def __init__(self, raw: IO[bytes]) -> None:
        try:
            from isal import isal_zlib as zlib_module
        except ImportError:  # pragma: no cover - isal has wheels for the common platforms
            import zlib as zlib_module  # type: ignore[no-redef]
        self._zlib = zlib_module
        self._raw = raw
        self._dobj = zlib_module.decompressobj(wbits=31)
        self._input = b""  # compressed bytes read but not yet decompressed
        self._pending = b""
        self._taken = 0  # bytes of _pending handed out
        self._pos = 0  # decompressed bytes handed out
        self._produced = 0  # decompressed bytes made
        self._raw_pos = 0  # file bytes read
        self._in_member = False
        self._error: BaseException | None = None
        self._members: deque[tuple[int, int]] = deque()  # (decompressed start, file offset), not yet asked for
        self.member_start = 0  # file offset of the member being decompressed
        self.closed = False

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        target = offset if whence == io.SEEK_SET else self._pos + offset if whence == io.SEEK_CUR else -1
        if target < self._pos:
            raise io.UnsupportedOperation("a gzip stream can only seek forward")
        while self._pos < target and self.read(min(target - self._pos, 1 << 20)):
            pass
        return self._pos

    def member_offset(self, pos: int) -> int | None:
        """The file offset of the member that starts at decompressed position `pos`
        (positions must be asked for in increasing order), None if none starts there."""
        while self._members and self._members[0][0] < pos:
            self._members.popleft()
        if self._members and self._members[0][0] == pos:
            return self._members[0][1]
        return None

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(1 << 20), b""))
        while self._taken >= len(self._pending):
            if self._error is not None:
                error, self._error = self._error, None
                raise error
            if not self._input:
                self._input = self._raw.read(1 << 18)
                self._raw_pos += len(self._input)
                if not self._input:
                    if self._in_member:
                        self._in_member = False
                        raise TruncatedStreamError("gzip stream ended in the middle of a member (truncated file?)")
                    return b""
            self._taken = 0
            try:
                self._pending = self._step()
            except Exception as exc:  # corrupt data: hand out what came before it, then raise
                self._pending = b""
                self._error = exc
        out = self._pending[self._taken : self._taken + size]
        self._taken += len(out)
        self._pos += len(out)
        return out

    def _step(self) -> bytes:
        """Decompress at most 4 MiB of the pending input (a member that inflates
        a thousandfold cannot fill memory), starting a new member where one ended."""
        if not self._in_member:
            self._in_member = True
            self.member_start = self._raw_pos - len(self._input)
            self._members.append((self._produced, self.member_start))
        data = self._dobj.decompress(self._input, 4 << 20)
        self._produced += len(data)
        if self._dobj.eof:
            self._in_member = False
            self._input = self._dobj.unused_data
            self._dobj = self._zlib.decompressobj(wbits=31)
        else:
            self._input = self._dobj.unconsumed_tail
        return data

    def close(self) -> None:
        self.closed = True


def gzip_writer(raw: IO[bytes]) -> Any:
    """A gzip stream with no timestamp in its header: same records, same bytes."""
    return _gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=GZIP_LEVEL, mtime=0)
