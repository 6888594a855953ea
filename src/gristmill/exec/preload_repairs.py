"""Imported by the fork server before it forks workers, when the run has repair
steps: compiles the default boilerplate patterns (about 600 regular expressions,
0.6 s) once, so that every worker inherits them instead of compiling its own."""

from gristmill.steps.repair.boilerplate import BoilerplateParams, compiled_patterns

_defaults = BoilerplateParams()
compiled_patterns(_defaults.languages, _defaults.extra_files)
