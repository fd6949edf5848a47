# The verbs a newcomer needs. `make run` and `make test` work on a fresh machine.
# `make` alone lists them (every `## verb: text` line below).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask
# pip itself is pinned here (the lock files hold what pip installs, not pip).
PIP_VERSION := 26.3
# The lock is compiled by the uv that the dev lock pins; `make lock UV=uv` uses another.
UV ?= $(CURDIR)/$(BIN)/uv
# Extra flags for uv pip compile, e.g. `make lock LOCK_FLAGS="--upgrade-package Faker"`.
LOCK_FLAGS ?=
# One lock for every platform and every Python >= 3.11 (markers, e.g. colorama on
# Windows), hashes for every file, PyPI only: --no-config ignores uv.toml files, and uv
# never reads pip's config (this machine's local indexes and constraints stay out).
UV_COMPILE := $(UV) pip compile pyproject.toml --no-config --quiet --universal \
	--python-version 3.11 --generate-hashes --custom-compile-command "make lock  (from pyproject.toml: edit that, not this file)"

.DEFAULT_GOAL := help
.PHONY: help venv run worker test test-postgres test-sqlite lint format migrate seed check clean \
	lock lock-upgrade lock-check

## help: this list (the default goal)
help:
	@echo "make VERB, where VERB is one of:"
	@awk '/^## [a-z][a-z-]*:/ { sub(/^## /, ""); i = index($$0, ":"); \
		printf "  %-13s %s\n", substr($$0, 1, i - 1), substr($$0, i + 2) }' $(MAKEFILE_LIST)

# The stamp: a new or changed lock file rebuilds .venv from scratch (--clear), so that
# it holds exactly the dev lock, nothing left over from an older one.
$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/pip install --quiet pip==$(PIP_VERSION)
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

## venv: create .venv from requirements-dev.txt (runtime + dev lock); again whenever a lock file changes
venv: $(BIN)/activate

## run: install, migrate, seed demo data on first start (SQLite by default), serve on HOST:PORT (127.0.0.1:5000)
# `make run HOST=0.0.0.0` lets a phone or an emulator on the network reach it.
HOST ?= 127.0.0.1
PORT ?= 5000
run: venv
	$(FLASK) db upgrade
	$(FLASK) seed --if-empty --process-media
	$(FLASK) run --host $(HOST) --port $(PORT)

## worker: a Celery worker processing uploads (set CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0)
worker: venv
	$(BIN)/celery -A wsgi:celery_app worker --loglevel=INFO

## test: the whole suite (PostgreSQL when one answers, else SQLite)
test: venv
	$(BIN)/pytest

## test-sqlite: the whole suite on SQLite
test-sqlite: venv
	TEST_DATABASE=sqlite $(BIN)/pytest

## lint: ruff check, ruff format --check, mypy (app/), import cycles in app/; runs every step, fails if any failed
lint: venv
	@status=0; \
	for step in "$(BIN)/ruff check ." "$(BIN)/ruff format --check ." "$(BIN)/mypy" \
			"$(BIN)/python tools/import_cycles.py app"; do \
		echo "--> $$step"; $$step || status=1; \
	done; \
	exit $$status

## format: ruff format, then ruff check --fix
format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## migrate: flask db upgrade
migrate: venv
	$(FLASK) db upgrade

## seed: flask seed (demo data)
seed: venv
	$(FLASK) seed

## check: models and migrations in step, on a throwaway SQLite database
check: venv
	rm -f /tmp/shortvideo-check.db
	DATABASE_URL=sqlite:////tmp/shortvideo-check.db $(FLASK) db upgrade
	DATABASE_URL=sqlite:////tmp/shortvideo-check.db $(FLASK) db check

## fuzz: schemathesis against gunicorn (2 workers) from /api/openapi.json, then flask recount --check (fuzz/run.sh)
.PHONY: fuzz
fuzz: venv
	fuzz/run.sh

## deploy-test: two gunicorn instances behind nginx, the Postman collection with newman (deploy/test.sh)
.PHONY: deploy-test
deploy-test: venv
	deploy/test.sh

## openapi-lint: write /api/openapi.json and lint it with Redocly's recommended rules (redocly.yaml; needs npm)
.PHONY: openapi-lint
openapi-lint: venv tools/node/node_modules/.package-lock.json
	mkdir -p .cache
	$(FLASK) openapi write --format=json .cache/openapi.json
	tools/node/node_modules/.bin/redocly lint --config redocly.yaml .cache/openapi.json

tools/node/node_modules/.package-lock.json: tools/node/package-lock.json
	npm ci --prefix tools/node --no-audit --no-fund --loglevel=error

## clients: regenerate the TypeScript and Python clients from the current OpenAPI document (clients/generate.sh)
# The clients' tools are pinned (clients/typescript/package-lock.json,
# clients/python/requirements.txt) and kept apart from the app's .venv; see the README,
# "Generated clients".
CLIENTS_VENV := .cache/clients-venv
.PHONY: clients clients-check clients-tools clients-lock
clients: venv clients-tools
	clients/generate.sh

## clients-check: the committed clients match the document, type-check, and pass their smoke scripts against gunicorn
clients-check: venv clients-tools
	clients/check.sh

## clients-tools: install the clients' pinned tools (npm ci in clients/typescript; .cache/clients-venv)
clients-tools: clients/typescript/node_modules/.package-lock.json $(CLIENTS_VENV)/.installed

clients/typescript/node_modules/.package-lock.json: clients/typescript/package-lock.json
	npm ci --prefix clients/typescript --no-audit --no-fund --loglevel=error

$(CLIENTS_VENV)/.installed: clients/python/requirements.txt
	mkdir -p .cache && printf '*\n' >.cache/.gitignore
	$(PYTHON) -m venv --clear $(CLIENTS_VENV)
	$(CLIENTS_VENV)/bin/pip install --quiet pip==$(PIP_VERSION)
	$(CLIENTS_VENV)/bin/pip install --quiet --require-hashes -r clients/python/requirements.txt
	touch $@

## clients-lock: recompile clients/python/requirements.txt from requirements.in (needs PyPI)
clients-lock: $(if $(filter $(CURDIR)/$(BIN)/uv,$(UV)),venv)
	cd clients/python && $(UV) pip compile requirements.in --no-config --quiet --universal \
		--python-version 3.11 --generate-hashes --custom-compile-command "make clients-lock" -o requirements.txt

## clean: remove .venv and the tools' caches
clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache

## bench: seed the bench preset (once), load the app under gunicorn with wrk, write bench/RESULTS.md
.PHONY: bench
bench: venv
	$(BIN)/python bench/run.py

## lock: recompile requirements.txt and requirements-dev.txt from pyproject.toml, keeping every pin that still fits
# Edit pyproject.toml, then `make lock`. The runtime lock is compiled first and constrains
# the dev lock, so production and the test venv get the same version of every runtime
# package. Needs PyPI (uv resolves there). The compile runs in .lock/ on copies (uv keeps
# the pins it finds in its output files), and a lock file is replaced only when its
# content changed, so that an idle `make lock` does not rebuild .venv.
define compile_locks
	rm -rf .lock && mkdir .lock
	for f in pyproject.toml requirements.txt requirements-dev.txt; do [ ! -f $$f ] || cp $$f .lock/; done
	cd .lock && $(UV_COMPILE) $(LOCK_FLAGS) -o requirements.txt \
		&& $(UV_COMPILE) $(LOCK_FLAGS) --extra dev -c requirements.txt -o requirements-dev.txt
endef

lock: $(if $(filter $(CURDIR)/$(BIN)/uv,$(UV)),venv)
	$(compile_locks)
	for f in requirements.txt requirements-dev.txt; do cmp -s .lock/$$f $$f || cp .lock/$$f $$f; done
	rm -rf .lock

## lock-upgrade: the same, taking the newest releases that pyproject.toml allows (then review the diff)
lock-upgrade:
	$(MAKE) lock LOCK_FLAGS=--upgrade

## lock-check: fail if the lock files are not what `make lock` would write from pyproject.toml (needs PyPI)
lock-check: $(if $(filter $(CURDIR)/$(BIN)/uv,$(UV)),venv)
	$(compile_locks)
	diff -u requirements.txt .lock/requirements.txt
	diff -u requirements-dev.txt .lock/requirements-dev.txt
	rm -rf .lock
