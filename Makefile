# giaoban — the commands the README documents. Python 3.11+ and a venv in .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test test-days lint typecheck pytest bench bench-server package demo clean catalogs guide-pictures

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[test]'
	touch $(STAMP)

## Install into .venv and open the app on the default database.
run: $(STAMP)
	$(VENV)/bin/giaoban

## Install what the tests need and run the whole suite headless (ruff, mypy, pytest).
test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench packaging

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

## The whole pytest suite again with the system clock moved (Debian's faketime): New Year's Day,
## a leap day, the last evening of a quarter. Proves no test or code depends on the real date.
TEST_DAYS := "2027-01-01 08:00:00" "2028-02-29 12:00:00" "2027-03-31 18:00:00"
test-days: $(STAMP)
	@command -v faketime >/dev/null || { echo "test-days needs faketime (apt-get install faketime)"; exit 1; }
	@for day in $(TEST_DAYS); do \
		echo "== pytest with the clock at $$day"; \
		faketime "$$day" env QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q || exit 1; \
	done

## Benchmarks on the large demo data (100k aspirations, 100k tasks), on SQLite and on the local
## PostgreSQL server (GIAOBAN_BENCH_PG_URL); writes bench/results.json and bench/RESULTS.md.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

## The server's lines alone with their SQLite twins (list, search, briefing, overview) against the
## local PostgreSQL server (GIAOBAN_BENCH_PG_URL; `make bench` runs them too); writes build/bench-server/.
bench-server: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench --only tasks search briefing overview server \
		--out build/bench-server

## Build the one-folder application with PyInstaller and smoke-test it.
package: $(STAMP)
	$(PIP) install --quiet -e '.[test,package]'
	$(PY) packaging/build.py
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m slow tests/test_packaging_build.py

## A demo database in ./demo.db
demo: $(STAMP)
	rm -f demo.db demo.db-wal demo.db-shm
	$(VENV)/bin/giaoban demo --db demo.db

clean:
	rm -rf build dist $(VENV) .mypy_cache .ruff_cache

## Refresh the message catalogs from the source (msgids are the Vietnamese screen strings).
catalogs: $(STAMP)
	$(VENV)/bin/pybabel extract --no-location --sort-output -F babel.cfg -k N_ -k pgettext:1c,2 \
		-o src/giaoban/translations/messages.pot src
	$(VENV)/bin/pybabel update --no-fuzzy-matching -l en -i src/giaoban/translations/messages.pot \
		-o src/giaoban/translations/en.po

## Pictures of the real screens for the in-program guide (tests/guide_pictures.py; the suite checks them).
guide-pictures: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.guide_pictures src/giaoban/resources/guide/images
