# The verbs a newcomer needs. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask

.PHONY: run test test-postgres test-sqlite lint format migrate seed check clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

venv: $(BIN)/activate

## run: install, migrate, seed demo data on first start (SQLite by default), serve on :5000
run: venv
	$(FLASK) db upgrade
	$(FLASK) seed --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

## test: the whole suite (PostgreSQL when one answers, else SQLite)
test: venv
	$(BIN)/pytest

## test-sqlite: the whole suite on SQLite
test-sqlite: venv
	TEST_DATABASE=sqlite $(BIN)/pytest

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: venv
	$(FLASK) db upgrade

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

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

## bench: seed the bench preset (once), load the app under gunicorn with wrk, write bench/RESULTS.md
.PHONY: bench
bench: venv
	$(BIN)/python bench/run.py
