import subprocess
import sys

from gristmill.registry import STEPS


def test_every_registered_name_is_its_class_name():
    for name, registered in STEPS.items():
        assert registered.cls.name == name


def test_a_dedup_only_config_imports_no_repair_or_filter():
    code = (
        "import sys; from gristmill.config import load_config; "
        "load_config(None, {'steps': ['exact_dedup', 'near_dedup']}).build_steps(); "
        "print(sorted(m for m in sys.modules if m.startswith(('gristmill.steps.repair', 'gristmill.steps.filters'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_only_a_pipeline_that_starts_with_dedup_rereads_its_input():
    from gristmill.config import load_config
    from gristmill.exec.tasks import Plan

    dedup_only = Plan.from_steps(load_config(None, {"steps": ["exact_dedup", "near_dedup"]}).build_steps())
    assert dedup_only.passes == 2 and dedup_only.rereads_input and not dedup_only.keeps_copy(0)
    default = Plan.from_steps(load_config(None, {}).build_steps())
    assert not default.rereads_input and all(default.keeps_copy(p) for p in range(default.passes - 1))
