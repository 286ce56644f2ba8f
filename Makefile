# reviewer: the two commands of the README (make demo, make test) and the benchmark.
# Both install what is missing on a fresh Debian machine (run as root): apt packages, then a .venv
# with the project installed editable with its dev extras.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd tesseract-ocr-fra tesseract-ocr-deu \
	tesseract-ocr-por tesseract-ocr-spa libmagic1 redis-server
# The browser test drives Debian's Chromium through Playwright (no browser download). The tests start a
# private PostgreSQL of their own from Debian's server binaries (tests/private_postgres.py), as they start Redis.
APT_TEST_PACKAGES := chromium openssl postgresql systemd  # systemd-analyze scores the units; openssl signs the proxy test's certificate
# The browser test injects axe-core into every page; its version is pinned in package.json and package-lock.json.
AXE := node_modules/axe-core/axe.min.js
SAMPLES := $(wildcard sample_docs/*.pdf sample_docs/*.png sample_docs/*.jpg)

.PHONY: deps system-deps test-deps apt-install demo extract-samples test lint fuzz soak bench samples clean

system-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"

# On a machine with no PostgreSQL yet, Debian's package would also create and start a server of its own
# (cluster 15/main on port 5432) that nothing here uses: tell postgresql-common not to create it.
PG_NO_MAIN_CLUSTER := /etc/postgresql-common/createcluster.d/reviewer-no-main-cluster.conf

test-deps:
	@dpkg-query -W -f='$${Status}' postgresql-common 2>/dev/null | grep -q "ok installed" || \
	  { mkdir -p $(dir $(PG_NO_MAIN_CLUSTER)) && echo "create_main_cluster = false" > $(PG_NO_MAIN_CLUSTER); }
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_TEST_PACKAGES)"
	@command -v npm >/dev/null || $(MAKE) --no-print-directory apt-install PACKAGES="nodejs npm"
	@# The proxy test runs an nginx of its own on a free port; the packaged service is not wanted running.
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { $(MAKE) --no-print-directory apt-install PACKAGES="nginx"; \
	  systemctl disable --now nginx >/dev/null 2>&1 || true; }
	@$(MAKE) --no-print-directory $(AXE)

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(AXE)

apt-install:
	@missing=""; \
	for p in $(PACKAGES); do \
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

# The whole system: private redis-server, migrations, seed data and sample uploads, a worker, and the
# web app on http://127.0.0.1:$(PORT) (make demo PORT=8080; links in its mail follow). Ctrl-C stops it all.
PORT ?= 5000
demo: deps
	$(VENV)/bin/reviewer demo --port $(PORT)

# The pipeline alone over the sample set, as a table, then its accuracy.
extract-samples: deps
	@$(VENV)/bin/reviewer extract --as-of 2026-11-01 $(SAMPLES)
	@echo
	@$(VENV)/bin/reviewer evaluate sample_docs

# Lint and types first (seconds), then the tests, then a short soak (uploads while the worker is killed
# twice) and the bounded fuzzing, so neither can rot unseen. ruff and mypy are configured in pyproject.toml.
test: deps test-deps lint
	$(VENV)/bin/pytest
	$(PY) soak/soak.py --documents 40
	$(MAKE) --no-print-directory fuzz

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# Bounded fuzzing of the pipeline with hypothesis over mutated sample files (about two minutes; make test runs it).
fuzz: deps
	$(VENV)/bin/pytest fuzz -q -p no:cacheprovider -W ignore::hypothesis.errors.HypothesisWarning

# 300 API uploads by concurrent clients while the worker is SIGKILLed and restarted twice.
soak: deps
	$(PY) soak/soak.py

bench: deps
	$(PY) benchmarks/pipeline_bench.py
	@echo
	$(PY) benchmarks/reprocess_bench.py
	$(PY) benchmarks/triage_bench.py $(TRIAGE)

samples: deps
	$(PY) sample_docs/generate.py

clean:
	rm -rf $(VENV) instance .pytest_cache node_modules
