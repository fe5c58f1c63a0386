# One task runner for people and CI.  `make run` and `make test` are the whole set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_PACKAGES := chromium fonts-noto-cjk libreoffice-writer-nogui poppler-utils
PORT ?= 8501
PYTHON_CODE := assistant ui tests evals scripts setup.py

.PHONY: run test lint format eval index bundle system-deps clean

$(STAMP): pyproject.toml requirements-audited.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-audited.txt
	@echo "installing gongkai and its dependencies (a few minutes the first time)"
	$(BIN)/python -m pip install -e '.[dev]'
	touch $(STAMP)

# Browser and render tests need Debian's chromium, CJK fonts and LibreOffice.
system-deps:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "missing system packages (browser/render tests will skip):$$missing"; fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff format --check $(PYTHON_CODE)
	$(BIN)/ruff check $(PYTHON_CODE)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format $(PYTHON_CODE)
	$(BIN)/ruff check --fix $(PYTHON_CODE)

test: $(STAMP) system-deps lint
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	@set -e; for f in evals/*.py; do echo "== $$f"; PYTHONPATH=. $(BIN)/python $$f; done

index: $(STAMP)
	$(BIN)/gongkai index corpus

# Offline bundles for the intranet (Linux x86_64, Linux aarch64, Windows x86_64) in dist/bundle/.
bundle: $(STAMP)
	$(BIN)/python scripts/bundle.py

# `gongkai serve` indexes the sample corpus itself when the index is empty.
run: $(STAMP)
	$(BIN)/gongkai serve --port $(PORT)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache artifacts build dist
