"""For any mix of good and bad lines, read = kept + dropped + quarantined and
every input record is found in exactly one output place."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gristmill.config import RunConfig
from gristmill.exec.local import SerialExecutor
from gristmill.runner import run
from gristmill.verify import verify

from ..conftest import FOUNDATION_STEPS, make_text

good_line = st.integers(0, 12).map(lambda i: json.dumps({"id": f"d{i}", "text": make_text(i % 5)}).encode())
bad_line = st.sampled_from(
    [
        b'{"text": "unterminated',
        b'{"text": "caf\xe9"}',
        b"[1, 2, 3]",
        b'{"no_text": true}',
        b'{"text": 7}',
        b"",
        b"  ",
        b'{"text": "   "}',
    ]
)
files = st.lists(st.lists(st.one_of(good_line, bad_line), max_size=12), min_size=1, max_size=3)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files, st.sampled_from(["none", "gzip", "zstd"]))
def test_accounting_invariant(contents, compression):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        inputs = []
        for n, lines in enumerate(contents):
            path = tmp / f"in{n}.jsonl"
            path.write_bytes(b"\n".join(lines))
            inputs.append(str(path))
        summary = run(
            inputs,
            tmp / "out",
            RunConfig(steps=tuple(FOUNDATION_STEPS.split(",")), workers=1, compression=compression),
            executor=SerialExecutor(),
        )
        assert summary["read"] == summary["kept"] + summary["dropped"] + summary["quarantined"]
        report = verify(tmp / "out")
        assert report.ok, report.problems
        non_blank = sum(1 for lines in contents for line in lines if line.strip())
        empty_files = sum(1 for lines in contents if not any(line.strip() for line in lines))
        assert summary["read"] == non_blank + empty_files
