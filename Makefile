# voicedash — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV ?= uv
PYTEST_ARGS ?=
DIST := src/voicedash/web/dist/index.html
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json -type f 2>/dev/null)

.PHONY: help install build demo serve test test-fast lint format bench bench-queries clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: .venv/.synced frontend/node_modules/.package-lock.json ## Install Python and front-end dependencies

.venv/.synced: pyproject.toml uv.lock
	@command -v $(UV) >/dev/null || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

build: install $(DIST) ## Build the dashboard into the Python package

$(DIST): $(FRONTEND_SOURCES) frontend/node_modules/.package-lock.json
	cd frontend && npm run build

demo: build ## Serve the dashboard with the offline Studio sandbox on http://127.0.0.1:8000
	$(UV) run voicedash demo

serve: build ## Serve against the Twilio account configured in .env
	$(UV) run voicedash serve

test: build ## Run every test (unit, integration on SQLite and PostgreSQL, sandbox, browser)
	@scripts/ensure-services
	$(UV) run pytest $(PYTEST_ARGS)

test-fast: install ## Unit tests only
	$(UV) run pytest tests/unit $(PYTEST_ARGS)

lint: install ## ruff (lint + format check), mypy, TypeScript
	$(UV) run ruff check src tests
	$(UV) run ruff format --check src tests
	$(UV) run mypy
	cd frontend && npm run typecheck

format: install ## Format the Python code
	$(UV) run ruff format src tests
	$(UV) run ruff check --fix src tests

bench: install ## Benchmarks: webhook ingest, end-to-end latency, soak, read API on 1M calls (tables; benchmarks/results/)
	@scripts/ensure-services
	$(UV) run python -m benchmarks.bench
	$(UV) run python -m benchmarks.queries

bench-queries: install ## Only the read API benchmark (BENCH_QUERY_CALLS, BENCH_DATA_DIR)
	$(UV) run python -m benchmarks.queries

clean: ## Remove builds (never data/, which holds the database)
	rm -rf src/voicedash/web/dist .venv/.synced test-artifacts  # data/ holds the database: never removed here
