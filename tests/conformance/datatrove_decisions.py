#!/usr/bin/env python3
"""Keep/drop decisions of datatrove's heuristic filters, one filter at a time.

Run with a Python that has datatrove (the `conformance` extra, or a separate
venv): reads JSON Lines `{"id", "text"}` on stdin, writes one JSON object a
line to stdout: `{"id", "gopher_repetition": reason|null, "gopher_quality": ...,
"c4_quality": ..., "fineweb_quality": ...}` (null = kept). Each filter sees
the original text (datatrove's C4 filter rewrites `doc.text`; that is undone).

The filters are built as FineWeb's pipeline builds them (datatrove 0.10.1
defaults; C4 with `filter_no_terminal_punct=False`).
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    from datatrove.data import Document
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )

    filters = {
        "gopher_repetition": GopherRepetitionFilter(),
        "gopher_quality": GopherQualityFilter(),
        "c4_quality": C4QualityFilter(filter_no_terminal_punct=False),
        "fineweb_quality": FineWebQualityFilter(),
    }
    for line in sys.stdin:
        rec = json.loads(line)
        out = {"id": rec["id"]}
        for name, f in filters.items():
            doc = Document(text=rec["text"], id=str(rec["id"]))
            try:
                res = f.filter(doc)
            except ZeroDivisionError:
                res = (False, "ZeroDivisionError")
            if res is True:
                out[name] = None
            else:
                out[name] = res[1] if isinstance(res, tuple) else "dropped"
        sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
