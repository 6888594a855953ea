# Two commands for a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# datatrove, the peer of the conformance tests, in a venv of its own: it pins an
# older trafilatura than gristmill needs, so the two cannot share one environment.
PEERS := .venv-peers
PEERS_STAMP := $(PEERS)/.installed
PEER_PACKAGES := 'datatrove[processing]==0.10.1' 'spacy>=3.7'

.PHONY: demo test install clean

$(STAMP): pyproject.toml setup.py src/gristmill/_speedups.c src/gristmill/_lid.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

$(PEERS_STAMP):
	$(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/pip install --quiet $(PEER_PACKAGES)
	touch $(PEERS_STAMP)

demo: $(STAMP)
	rm -rf out/demo
	$(BIN)/gristmill run examples/sample -o out/demo
	@echo
	@echo "Output is in out/demo (kept/, dropped/, quarantine/, summary.json, report.html)."
	@echo "Try: $(BIN)/gristmill explain out/demo <id>   and   $(BIN)/gristmill verify out/demo"

test: $(STAMP) $(PEERS_STAMP)
	@[ -x /usr/bin/chromium ] || echo "note: no /usr/bin/chromium: the report's browser test is skipped (apt-get install chromium)"
	GRISTMILL_PEERS_PYTHON=$(PEERS)/bin/python $(BIN)/python -m pytest -q -m "not slow"

clean:
	rm -rf $(VENV) $(PEERS) out
