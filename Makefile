# contactplan: `make demo` runs the tool on the bundled examples, `make test`
# runs the tests. Both build .venv first with exactly the versions in uv.lock
# (Python 3.11+; uv itself is installed from requirements/uv.txt, with hashes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS := .tools
UV := $(TOOLS)/bin/uv
DEMO := demo-output
# uv uses this machine's Python and never downloads one
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: demo test test-latest lint ci catalogs docs bench lock clean

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

test: $(BIN)/contactplan
	$(BIN)/python -m pytest

# The same suite with the newest versions the package's own ranges allow
# (what `pip install contactplan` gives a user today): no lock, a fresh venv.
test-latest: $(UV)
	rm -rf .venv-latest
	$(UV) venv --quiet --python $(PYTHON) .venv-latest
	VIRTUAL_ENV=.venv-latest $(UV) pip install --quiet --upgrade --refresh -e '.[all]' --group test
	VIRTUAL_ENV=.venv-latest $(UV) pip freeze | grep -iE '^(babel|icalendar|typer|msgspec|pyyaml|sqlalchemy|flask)==' || true
	.venv-latest/bin/python -m pytest

lint: $(BIN)/contactplan
	$(BIN)/ruff check contactplan tests benchmarks
	$(BIN)/ruff format --check contactplan tests benchmarks
	$(BIN)/mypy contactplan

ci: test lint test-latest

# Update the lock to the newest versions the ranges in pyproject.toml allow.
lock: $(UV)
	$(UV) lock --upgrade

bench: $(BIN)/contactplan
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_check.py --files 2000 --runs 3

clean:
	rm -rf $(VENV) .venv-latest $(TOOLS) $(DEMO) dist build .pytest_cache .mypy_cache .ruff_cache
