# The single entry point. `make run` sets everything up and starts the hotline; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help setup run test train lint format bench services clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

setup:  ## create/refresh both virtualenvs (.venv on 3.11, .venv-bot on 3.10); quick when nothing changed
	@bash scripts/setup.sh

run:  ## set up, migrate, train if needed, start API + action server + Rasa (Ctrl-C stops all)
	@bash scripts/run.sh

test:  ## set up and run every test (lint, pytest on 3.11 and 3.10, Rasa validate/test, end-to-end)
	@bash scripts/test.sh

train: setup  ## train the Rasa model to models/hotline.tar.gz unless bot/ and nlu_data/ are unchanged
	@bash scripts/train.sh

lint: setup  ## ruff check and format check
	@.venv/bin/ruff check . && .venv/bin/ruff format --check .

format: setup  ## apply ruff's fixes and formatting
	@.venv/bin/ruff check --fix . && .venv/bin/ruff format .

bench: setup  ## run the benchmarks in bench/ (figures in the README)
	@for b in bench/*.py; do echo "== $$b"; PYTHONPATH=. .venv/bin/python $$b || exit 1; done

services:  ## start throw-away PostgreSQL and Redis on loopback (prints the env to export)
	@bash scripts/services.sh start

clean:  ## remove virtualenvs, models and local data
	rm -rf .venv .venv-bot models var test-output
