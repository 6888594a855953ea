"""A progress bar for long runs: documents/s, MB/s and ETA, on stderr.

Silent when stderr is not a terminal or with --quiet.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.text import Text


class _Rates(ProgressColumn):
    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        docs = task.fields.get("docs", 0)
        mb = task.completed / 1e6 if task.total else 0.0
        if elapsed <= 0:
            return Text("")
        parts = [f"{docs:,} docs", f"{docs / elapsed:,.0f} docs/s"]
        if task.total:
            parts.append(f"{mb / elapsed:,.1f} MB/s")
        return Text("  ".join(parts))


@contextmanager
def progress_bars(
    enabled: bool,
) -> Iterator[Callable[[str, int | None, int | None], Callable[[int, int], None]] | None]:
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        _Rates(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )

    def factory(label: str, total_bytes: int | None, total_docs: int | None) -> Callable[[int, int], None]:
        task_id = bars.add_task(label, total=total_bytes or total_docs, docs=0)
        docs = 0

        def update(nbytes: int, ndocs: int) -> None:
            nonlocal docs
            docs += ndocs
            bars.update(task_id, advance=nbytes if total_bytes else ndocs, docs=docs)

        return update

    with bars:
        yield factory
