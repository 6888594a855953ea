# Two commands for a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -rf out/demo
	$(BIN)/gristmill run examples/sample -o out/demo
	@echo
	@echo "Output is in out/demo (kept/, dropped/, quarantine/, summary.json, report.html)."
	@echo "Try: $(BIN)/gristmill explain out/demo <id>   and   $(BIN)/gristmill verify out/demo"

test: $(STAMP)
	@[ -x /usr/bin/chromium ] || echo "note: no /usr/bin/chromium: the report's browser test is skipped (apt-get install chromium)"
	$(BIN)/python -m pytest -q -m "not slow"

clean:
	rm -rf $(VENV) out
