# coassess: `make demo` runs it, `make test` tests it. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export COASSESS_DATA_DIR ?= $(CURDIR)/var

.PHONY: help
help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-15s %s\n", $$1, $$2}'

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: requirements-dev.lock pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements-dev.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

coassess/static/vendor/.built: node_modules/.installed scripts/build-static.sh scripts/portal_css.py $(VENV)/.installed
	scripts/build-static.sh
	$(BIN)/python scripts/portal_css.py node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css coassess/static/vendor/nhsuk-frontend/nhsuk-portal.min.css
	touch $@

.PHONY: setup
setup: $(VENV)/.installed coassess/static/vendor/.built ## Install Python and npm packages, build static files
	$(BIN)/coassess collectstatic --noinput --verbosity 0

.PHONY: system-deps
system-deps: ## Install Chromium, PostgreSQL server binaries and the fonts for the PDF where missing (needs root)
	scripts/system-deps.sh

.PHONY: check-lock
check-lock: | $(BIN)/uv ## Fail if the hashed requirements locks are stale
	scripts/check-lock.sh

.PHONY: demo
demo: setup ## Set up, load fictional demo data and serve at http://127.0.0.1:8000
	$(BIN)/coassess demo --port 8000

.PHONY: test
test: setup system-deps check-lock test-sqlite test-postgres test-system ## Run every test: SQLite, PostgreSQL, browser

.PHONY: test-sqlite
test-sqlite: setup ## Unit and integration tests on SQLite
	$(BIN)/pytest -m "not system" -q -p no:cacheprovider

.PHONY: test-postgres
test-postgres: setup ## Unit and integration tests on a throwaway PostgreSQL cluster
	EXPECT_DB_VENDOR=postgresql $(BIN)/python scripts/with_postgres.py -- $(BIN)/pytest -m "not system" -q -p no:cacheprovider

.PHONY: test-system
test-system: setup ## Browser tests in Chromium with axe-core accessibility checks
	$(BIN)/pytest -m system -q -p no:cacheprovider

.PHONY: lint
lint: setup ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check coassess tests bench scripts
	$(BIN)/mypy coassess

.PHONY: fix
fix: setup ## Let ruff fix what it can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format coassess tests bench scripts

.PHONY: bench
bench: setup system-deps ## Benchmarks against the framework floor and the meeting, on SQLite and PostgreSQL
	@# Every benchmark runs, so one missed budget does not hide the others'
	@# figures; the target fails at the end, naming each that missed one.
	@failed=""; \
	for script in run pdf language_eval meeting portal dashboard; do \
		$(BIN)/python bench/$$script.py || failed="$$failed $$script"; \
	done; \
	if [ -n "$$failed" ]; then echo "Budgets not met or failed:$$failed"; exit 1; fi

.PHONY: language-eval
language-eval: setup ## Precision, recall and speed of the language checker on its labelled sentences
	$(BIN)/python bench/language_eval.py

.PHONY: lock
lock: | $(BIN)/uv ## Recompile the hashed locks after changing pyproject.toml
	$(BIN)/uv pip compile --quiet pyproject.toml --generate-hashes -o requirements.lock
	$(BIN)/uv pip compile --quiet pyproject.toml --generate-hashes --extra dev -o requirements-dev.lock

.PHONY: clean
clean: ## Remove the virtual environment, npm packages, built static files and data
	rm -rf $(VENV) node_modules coassess/static/vendor var
