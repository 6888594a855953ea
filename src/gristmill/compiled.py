"""The optional C extension `gristmill._speedups`, or None where it could not be
built: each of its functions has a Python twin that gives the same answer (see
`_speedups.c` and `tests/property/test_speedups.py`), which the callers fall back to."""

from __future__ import annotations

try:
    from gristmill import _speedups as compiled
except ImportError:  # built without a C compiler
    compiled = None

__all__ = ["compiled"]
