"""Quality filters that store their signals and say why they drop (see `base.py`)."""

from gristmill.steps.filters.c4 import C4Quality
from gristmill.steps.filters.fineweb import FineWebQuality
from gristmill.steps.filters.gopher import GopherQuality, GopherRepetition
from gristmill.steps.filters.machine_text import MachineText

__all__ = ["C4Quality", "FineWebQuality", "GopherQuality", "GopherRepetition", "MachineText"]
