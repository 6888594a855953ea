from __future__ import annotations

import pytest

from gristmill.config import RunConfig, load_config
from gristmill.errors import ConfigError
from gristmill.registry import default_step_names


def write(tmp_path, text):
    p = tmp_path / "c.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_defaults_are_the_web_pipeline():
    cfg = load_config(None, {})
    assert list(cfg.steps) == default_step_names()
    assert cfg.to_json()["steps"][0]["name"] == default_step_names()[0]


def test_file_sets_steps_and_parameters_and_flags_override(tmp_path):
    path = write(tmp_path, 'steps = ["exact_dedup"]\ntext_field = "body"\n[exact_dedup]\nkeep = "longest"\n')
    cfg = load_config(path, {"text_field": "content", "workers": None})
    assert cfg.steps == ("exact_dedup",)
    assert cfg.text_field == "content"
    assert cfg.to_json()["steps"] == [
        {"name": "exact_dedup", "params": {"keep": "longest", "best_signal": "language_score"}}
    ]


@pytest.mark.parametrize(
    "text,message",
    [
        ('colour = "blue"\n', "unknown config key 'colour'"),
        ('steps = ["polish_brass"]\n', "unknown step 'polish_brass'"),
        ('[exact_dedup]\nkepe = "first"\n', "unknown parameter exact_dedup.kepe"),
        ('[exact_dedup]\nkeep = "shortest"\n', "exact_dedup.keep must be"),
        ('steps = ["normalize_whitespace"]\n[exact_dedup]\nkeep = "first"\n', "not in steps"),
        ('workers = "many"\n', "workers must be a int"),
        ('format = "csv"\n', "format must be one of"),
        ('executor = "spark"\n', "executor must be one of local, ray"),
        ('ray_address = "auto"\n', "ray_address is set but executor is not 'ray'"),
        ('executor = "ray"\nray_address = 6379\n', "ray_address must be a str"),
        ("steps = [\n", "not valid TOML"),
    ],
)
def test_bad_config_names_the_problem(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("[", r"\[")):
        load_config(write(tmp_path, text), {})


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml", {})


def test_config_is_immutable():
    cfg = RunConfig()
    with pytest.raises(AttributeError):
        cfg.workers = 3  # type: ignore[misc]


def test_executor_comes_from_the_file_or_the_flags(tmp_path):
    cfg = load_config(write(tmp_path, 'executor = "ray"\nray_address = "ray://head:10001"\n'), {})
    assert (cfg.executor, cfg.ray_address) == ("ray", "ray://head:10001")
    assert load_config(None, {"executor": "ray", "ray_address": None}).executor == "ray"
    assert load_config(None, {}).executor == "local"
