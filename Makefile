# contactplan: `make demo` runs the tool on the bundled examples, `make test`
# runs the tests. Both build .venv first (Python 3.11+, from PyPI).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := demo-output

.PHONY: demo test lint ci catalogs docs bench clean

$(BIN)/contactplan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
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

lint: $(BIN)/contactplan
	$(BIN)/ruff check contactplan tests benchmarks
	$(BIN)/ruff format --check contactplan tests benchmarks
	$(BIN)/mypy contactplan

ci: test lint

bench: $(BIN)/contactplan
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_check.py --files 2000 --runs 3

clean:
	rm -rf $(VENV) $(DEMO) dist build .pytest_cache .mypy_cache .ruff_cache
