"""Repair steps: each fixes one kind of damage and records every edit.

In pipeline order: `fix_unicode`, `remove_boilerplate`, `rejoin_wraps`,
`remove_repeats`. Boilerplate goes before rejoining so that a sentence split
by a share widget is rejoined once the widget is gone; rejoining goes before
repeats so that a hard-wrapped copy of a paragraph matches its first copy.
"""

from gristmill.steps.repair.boilerplate import RemoveBoilerplate
from gristmill.steps.repair.repeats import RemoveRepeats
from gristmill.steps.repair.unicode import FixUnicode
from gristmill.steps.repair.wraps import RejoinWraps

__all__ = ["FixUnicode", "RejoinWraps", "RemoveBoilerplate", "RemoveRepeats"]
