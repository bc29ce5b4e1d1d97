# contactplan: `make demo` runs the tool on the bundled examples, `make test`
# runs the tests. Both build .venv first with exactly the versions in uv.lock
# (Python 3.11+; uv itself is installed from requirements/uv.txt, with hashes).
# `make test` first sets up what the tests need of the machine
# (tools/test-machine.sh: Debian packages, ical.js), on a fresh machine too.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS := .tools
UV := $(TOOLS)/bin/uv
DEMO := demo-output
# uv uses this machine's Python and never downloads one
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: serve govuk-frontend demo test test-machine test-future test-latest lint ci catalogs docs bench lock clean

$(UV): requirements/uv.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/uv.txt
	@touch $@

# Everything the package, its extras, the tests and the dev tools need, as locked.
$(BIN)/contactplan: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --all-extras --python $(PYTHON) --quiet
	@touch $@

demo: $(BIN)/contactplan
	@echo "== Language needs of the example family"
	$(BIN)/contactplan languages examples/nowak-family-failures.yaml
	@echo
	@echo "== A plan that repeats the serious case review's failures (exit status 1: errors found)"
	$(BIN)/contactplan check examples/nowak-family-failures.yaml --today 2026-11-22; test $$? -eq 1
	@echo
	@echo "== The same family, planned well"
	$(BIN)/contactplan check examples/nowak-family-good.yaml --today 2026-11-22
	@echo
	@echo "== Letters in the family's languages, and the calendar (in $(DEMO)/)"
	@mkdir -p $(DEMO)
	$(BIN)/contactplan letters examples/nowak-family-good.yaml -o $(DEMO)/nowak
	$(BIN)/contactplan letters examples/akhtar-haddad-family.yaml -o $(DEMO)/akhtar-haddad
	$(BIN)/contactplan calendar examples/nowak-family-good.yaml -o $(DEMO)/nowak.ics
	@ls -l $(DEMO) $(DEMO)/nowak $(DEMO)/akhtar-haddad
	@echo
	@echo "== The shared record: the examples in a fresh SQLite store ($(DEMO)/store.sqlite3, never your own)"
	rm -f $(DEMO)/store.sqlite3 $(DEMO)/store.sqlite3-wal $(DEMO)/store.sqlite3-shm
	$(BIN)/contactplan db import examples/nowak-family-failures.yaml examples/akhtar-haddad-family.yaml --database $(DEMO)/store.sqlite3 --by "Jo Smith (demo)"
	$(BIN)/contactplan db import examples/nowak-family-good.yaml --replace --database $(DEMO)/store.sqlite3 --by "Priya Shah (demo)" --reason "plan redone after the case review"
	$(BIN)/contactplan db check --database $(DEMO)/store.sqlite3 --today 2026-11-22; test $$? -le 1
	$(BIN)/contactplan db history CP-2026-0142 --database $(DEMO)/store.sqlite3

# What the tests need of this machine (tools/test-machine.sh): the Debian
# packages (PostgreSQL, Chromium, poppler, the Noto fonts, Pango, faketime,
# gettext, openssl) installed with apt-get as root or through sudo, else the
# one apt-get line to run and a stop; ical.js with npm where Node.js is.
test-machine:
	@sh tools/test-machine.sh

# Thunderbird's iCalendar parser, for the tests that read our calendars back
export CONTACTPLAN_ICALJS ?= $(CURDIR)/.tools/node/node_modules

test: test-machine $(BIN)/contactplan
	$(BIN)/python -m pytest

# The whole suite with the system clock moved (Debian's faketime; default 500
# days ahead, `make test-future AHEAD=+30d` for another), in the locked venv:
# no test may depend on the day it runs. The tests that drive Chromium are left
# out of this run (-m "not chromium"): Chromium driven by Playwright never
# finishes loading a page under libfaketime (its timers run on the faked
# clock: Page.goto times out), and the same pages are tested on the moved
# clock through Flask's test client (tests/test_web*.py).
AHEAD ?= +500d
test-future: test-machine $(BIN)/contactplan
	faketime -f $(AHEAD) $(BIN)/python -m pytest -m "not chromium"

# The same suite with the newest versions the package's own ranges allow
# (what `pip install contactplan` gives a user today): no lock, a fresh venv.
test-latest: test-machine $(UV)
	rm -rf .venv-latest
	$(UV) venv --quiet --python $(PYTHON) .venv-latest
	VIRTUAL_ENV=.venv-latest $(UV) pip install --quiet --upgrade --refresh -e '.[all]' --group test
	VIRTUAL_ENV=.venv-latest $(UV) pip freeze | grep -iE '^(babel|icalendar|typer|msgspec|pyyaml|sqlalchemy|flask)==' || true
	.venv-latest/bin/python -m pytest

lint: $(BIN)/contactplan
	$(BIN)/ruff check contactplan tests benchmarks
	$(BIN)/ruff format --check contactplan tests benchmarks
	$(BIN)/mypy contactplan tests
	$(BIN)/lint-imports --no-cache

# What CI runs (.ci/run runs these one by one and times them).
ci: demo test test-future lint test-latest

# Update the lock to the newest versions the ranges in pyproject.toml allow.
lock: $(UV)
	$(UV) lock --upgrade

bench: $(BIN)/contactplan
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_check.py --files 2000 --runs 3
	$(BIN)/python benchmarks/bench_growth.py
	$(BIN)/python benchmarks/bench_web_caseload.py --cases 2000
	$(BIN)/python benchmarks/bench_pdf.py

# The web page on the bundled examples, on http://127.0.0.1:8000/ (docs/web.md):
# a store of its own in $(DEMO)/web.sqlite3 and a demo account (user "demo", an admin,
# password $(WEB_DEMO_PASSWORD)), on this machine only. Ctrl+C stops it.
WEB_STORE := sqlite:///$(DEMO)/web.sqlite3
WEB_DEMO_PASSWORD ?= demo password for this machine
serve: $(BIN)/contactplan
	@mkdir -p $(DEMO)
	@test -f $(DEMO)/web.sqlite3 || ( \
	  $(BIN)/contactplan db import examples/nowak-family-failures.yaml examples/akhtar-haddad-family.yaml \
	    --database $(WEB_STORE) --by "make serve" && \
	  printf '%s\n' "$(WEB_DEMO_PASSWORD)" | $(BIN)/contactplan users add demo --role admin --database $(WEB_STORE) )
	@echo "Sign in as demo, password: $(WEB_DEMO_PASSWORD)"
	$(BIN)/contactplan serve --database $(WEB_STORE)

# Re-fetch GOV.UK Frontend's built CSS and JS into contactplan/web/static/govuk/ (needs npm).
govuk-frontend:
	sh contactplan/web/fetch_govuk_frontend.sh $(GOVUK_FRONTEND_VERSION)

clean:
	rm -rf $(VENV) .venv-latest $(TOOLS) $(DEMO) dist build .pytest_cache .mypy_cache .ruff_cache
