"""Run configuration: typed, immutable and validated before any work starts.

A config file is TOML. Top-level keys are run options; a table named after a
step holds that step's parameters:

    steps = ["normalize_whitespace", "exact_dedup"]
    text_field = "content"

    [exact_dedup]
    keep = "longest"

Command-line flags override the file; the file overrides the defaults.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from gristmill.errors import ConfigError
from gristmill.registry import STEPS, annotate_only_steps, default_step_names

Format = Literal["jsonl", "parquet"]
Compression = Literal["auto", "gzip", "zstd", "none"]
ExecutorName = Literal["local", "ray"]

FORMATS = ("jsonl", "parquet")
COMPRESSIONS = ("auto", "gzip", "zstd", "none")
EXECUTORS = ("local", "ray")


@dataclasses.dataclass(frozen=True)
class RunConfig:
    steps: tuple[str, ...] = tuple(default_step_names())
    step_params: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)
    text_field: str = "text"
    id_field: str = "id"
    html_field: str = ""  # a JSON Lines / Parquet field holding HTML: extract_html makes the text from it
    format: Format = "jsonl"
    compression: Compression = "auto"  # gzip for jsonl, zstd for parquet
    workers: int = 0  # 0: all cores
    strict: bool = False
    max_line_bytes: int = 64 * 1024 * 1024
    dedup_memory: str = "2GB"  # DuckDB's memory limit while corpus steps resolve; past it, it spills to disk
    dedup_max_share: float = 0.5  # a dedup step removing more than this share warns (stops with strict)
    shard_bytes: int = 0  # split plain JSON Lines files into ranges of this size; 0: chosen from the input size
    executor: ExecutorName = "local"  # "ray": shard tasks and dedup resolution on a Ray cluster (extra: ray)
    ray_address: str | None = None  # the cluster to join (None: RAY_ADDRESS, else a new local Ray)

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ConfigError(f"format must be one of {', '.join(FORMATS)}, not {self.format!r}")
        if self.compression not in COMPRESSIONS:
            raise ConfigError(f"compression must be one of {', '.join(COMPRESSIONS)}, not {self.compression!r}")
        if self.workers < 0:
            raise ConfigError(f"workers must be 0 (all cores) or more, not {self.workers}")
        if self.max_line_bytes < 1:
            raise ConfigError("max_line_bytes must be positive")
        if not re.fullmatch(r"\d+(\.\d+)?\s*([KMGT]i?B|B)", str(self.dedup_memory)):
            raise ConfigError(f"dedup_memory must be a size such as '2GB' or '512MiB', not {self.dedup_memory!r}")
        if not 0 < self.dedup_max_share <= 1:
            raise ConfigError("dedup_max_share must be in (0, 1]")
        if self.shard_bytes < 0:
            raise ConfigError("shard_bytes must be 0 (automatic) or positive")
        if self.executor not in EXECUTORS:
            raise ConfigError(f"executor must be one of {', '.join(EXECUTORS)}, not {self.executor!r}")
        if self.ray_address is not None and self.executor != "ray":
            raise ConfigError("ray_address is set but executor is not 'ray': add --executor ray")
        for name in self.steps:
            if name not in STEPS:
                raise ConfigError(f"unknown step {name!r} (run `gristmill steps` to list them)")
        if len(set(self.steps)) != len(self.steps):
            raise ConfigError("a step is listed twice in steps")
        for name in self.step_params:
            if name == "extract_html":  # joins the steps when an input holds HTML (steps.extract.fit_to_inputs)
                STEPS[name].cls.from_config(self.step_params[name])
            elif name not in self.steps:
                raise ConfigError(f"the config sets parameters for step {name!r}, which is not in steps")
        self.build_steps()  # validates every step's parameters now, on the driver

    @property
    def resolved_compression(self) -> str:
        if self.compression != "auto":
            return self.compression
        return "zstd" if self.format == "parquet" else "gzip"

    @property
    def resolved_workers(self) -> int:
        return self.workers or os.cpu_count() or 1

    def build_steps(self) -> list[Any]:
        return [STEPS[name].cls.from_config(self.step_params.get(name, {})) for name in self.steps]

    def to_json(self) -> dict[str, Any]:
        """The resolved config, with every step's full parameters."""
        out = {
            f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name not in ("steps", "step_params")
        }
        out["steps"] = [{"name": s.name, "params": s.params_dict()} for s in self.build_steps()]
        return out


_OPTION_NAMES = {f.name for f in dataclasses.fields(RunConfig)} - {"step_params"}


def load_config(
    path: str | os.PathLike[str] | None,
    overrides: Mapping[str, Any],
    step_overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> RunConfig:
    """Read a TOML config (if given) and apply command-line overrides (None = not given),
    run options and step parameters alike."""
    options: dict[str, Any] = {}
    step_params: dict[str, dict[str, Any]] = {}
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {path}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
        for key, value in data.items():
            if key in STEPS:
                if not isinstance(value, dict):
                    raise ConfigError(f"{key} must be a table of that step's parameters")
                step_params[key] = value
            elif key in _OPTION_NAMES:
                options[key] = value
            else:
                raise ConfigError(f"unknown config key {key!r} in {path}")
    options.update({k: v for k, v in overrides.items() if v is not None})
    for name, params in (step_overrides or {}).items():
        step_params[name] = {**step_params.get(name, {}), **params}
    if "steps" in options:
        steps = options["steps"]
        if not isinstance(steps, (list, tuple)) or not all(isinstance(s, str) for s in steps):
            raise ConfigError("steps must be a list of step names")
        options["steps"] = tuple(steps)
    if options.pop("annotate_only", False):  # `run --annotate-only`: signals, no drops
        steps = tuple(annotate_only_steps(options.get("steps", default_step_names())))
        options["steps"] = steps
        step_params = {k: v for k, v in step_params.items() if k in steps}
    for key, kind in (
        ("workers", int),
        ("max_line_bytes", int),
        ("shard_bytes", int),
        ("strict", bool),
        ("ray_address", str),
    ):
        if key in options and not isinstance(options[key], kind):
            raise ConfigError(f"{key} must be a {kind.__name__}, not {options[key]!r}")
    return RunConfig(step_params=step_params, **options)
