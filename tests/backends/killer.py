"""A step for the Ray tests that SIGKILLs the worker process running it, once.

It is registered in the driver by the test fixture and in every Ray worker by
Ray's worker_process_setup_hook; a marker file makes the kill happen once in
the whole cluster, so Ray's retry of the task then succeeds.
"""

from __future__ import annotations

import dataclasses
import os
import signal
from pathlib import Path

from gristmill.document import Document
from gristmill.registry import STEPS, Registered
from gristmill.steps.base import Annotator


@dataclasses.dataclass(frozen=True)
class KillOnceParams:
    doc_id: str = ""
    marker: str = ""


class KillWorkerOnce(Annotator):
    name = "kill_worker_once"
    description = "test only: SIGKILL this worker on doc_id, the first time in the cluster"
    Params = KillOnceParams

    def annotate(self, doc: Document) -> None:
        if doc.id == self.params.doc_id:
            try:
                fd = os.open(self.params.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                return
            os.write(fd, str(os.getpid()).encode())
            os.close(fd)
            os.kill(os.getpid(), signal.SIGKILL)


def register() -> None:
    STEPS[KillWorkerOnce.name] = Registered(KillWorkerOnce, default=False)


def unregister() -> None:
    STEPS.pop(KillWorkerOnce.name, None)


def killed_pid(marker: Path) -> int | None:
    return int(marker.read_text()) if marker.exists() else None
