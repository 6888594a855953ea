"""The optional C extension; everything else is in pyproject.toml.

`gristmill._speedups` holds compiled twins of the per-word loops behind the
quality signals; `gristmill._lid` runs fastText's language model (`lid.176.ftz`)
as fastText does, faster. `optional=True`: where it cannot be compiled the install goes
on, and gristmill runs the pure-Python twins (same results, slower).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "gristmill._speedups",
            ["src/gristmill/_speedups.c"],
            extra_compile_args=["-O2"],
            optional=True,
        ),
        Extension(
            "gristmill._lid",
            ["src/gristmill/_lid.c"],
            extra_compile_args=["-O2"],
            optional=True,
        ),
    ]
)
