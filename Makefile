# reviewer: the two commands of the README (make demo, make test) and the benchmark.
# Both install what is missing on a fresh Debian machine (run as root): apt packages, then a .venv
# with the project installed editable with its dev extras.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd libmagic1 redis-server
SAMPLES := $(wildcard sample_docs/*.pdf sample_docs/*.png sample_docs/*.jpg)

.PHONY: deps system-deps demo test bench samples clean

system-deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	command -v python3 >/dev/null || missing="$$missing python3"; \
	python3 -c "import venv, ensurepip" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

deps: system-deps $(STAMP)

demo: deps
	@echo "== reviewer extract: the sample documents (as of 2026-11-01, 3-year window) =="
	@$(VENV)/bin/reviewer extract --as-of 2026-11-01 $(SAMPLES)
	@echo
	@echo "== reviewer evaluate: accuracy against sample_docs/truth.json =="
	@$(VENV)/bin/reviewer evaluate sample_docs

test: deps
	$(VENV)/bin/pytest

bench: deps
	$(PY) benchmarks/pipeline_bench.py

samples: deps
	$(PY) sample_docs/generate.py

clean:
	rm -rf $(VENV) instance .pytest_cache
