# Two commands for people: `make run` (set up and start the app) and `make test` (set up and run
# every test). `make bench` prints the speed figures. Everything installs into .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM := /usr/bin/chromium

.PHONY: run test bench load mutate chromium postgres clean

run: $(VENV)/.app-deps
	$(PY) -m streamlit run app.py

test: $(VENV)/.dev-deps chromium postgres
	$(PY) -m ruff check .
	$(PY) -m ruff format --check strategy tests/strategy
	$(PY) -m mypy
	$(PY) -m pytest

bench: $(VENV)/.dev-deps
	$(PY) -m benchmarks

# 30 concurrent sessions on one real server for 60 s, then 2,000 reruns in one session for
# memory growth, then a workshop room: 50 phones and a board for 60 s (about six minutes; not
# part of make test). Exits 1 on any failed rerun or submission.
load: $(VENV)/.dev-deps
	$(PY) -m benchmarks.load
	$(PY) -m benchmarks.room_load

# A small mutation run (issue 16): about 120 mutants of strategy/ in a temporary copy, some
# seven minutes; prints the score and the survivors (also to artifacts/mutation.md).
mutate: $(VENV)/.dev-deps
	$(PY) -m benchmarks.mutate

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else \
		"Python 3.11 or newer is needed (Streamlit 1.67); set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.app-deps: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.app-deps

# Debian packages the tests need, installed when missing and possible; otherwise a clear
# message. $(call debian,<file that shows it is there>,<package>,<what needs it>)
define debian
	@if ls $(1) >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's $(2) for $(3)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	fi; \
	if ! ls $(1) >/dev/null 2>&1; then \
		echo "$(1) is needed for $(3) and could not be installed here."; \
		echo "Install it with: sudo apt-get install -y $(2)   (Debian/Ubuntu), then run make test again."; \
		exit 1; \
	fi
endef

# Browser tests drive Debian's Chromium; never a browser downloaded by Playwright.
chromium:
	$(call debian,$(CHROMIUM),chromium,the browser tests)

# The room's store is tested on a throwaway PostgreSQL cluster too (tests/workshop/conftest.py
# starts it from Debian's binaries and removes it); never a server of the machine's own.
postgres:
	$(call debian,/usr/lib/postgresql/*/bin/initdb,postgresql,the room tests)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis artifacts
