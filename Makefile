# make demo: set up, load the demo plan into var/demo.db, show it, then serve it on the web.
# make test: set up, then run the linters and every test (what CI runs).
# make check: set up, then the linters and the fast tests only (no proof, e2e,
# browser or PostgreSQL tests; see the markers in pyproject.toml): under a minute.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
DEMO_DB := sqlite:///var/demo.db
DEMO_PORT ?= 8000
FAST := not proof and not e2e and not browser and not postgres
# One test worker more than the machine has cores: the end-to-end tests' workers
# spend part of their time waiting on the tracker processes they start.
WORKERS ?= $(shell $(PYTHON) -c "import os; print((os.cpu_count() or 1) + 1)")
CODE := domain store application projections scheduler notifications entrypoints web demo benchmarks tests

.PHONY: setup demo test check lint pytest bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable ".[dev]"
	touch $@

demo: setup
	rm -f var/demo.db
	$(BIN)/python -m demo.replay --db $(DEMO_DB)
	@echo; echo "== The board as the Improvement Board saw it on 17 November 2009 =="
	TRACKER_NOW=2010-12-01T09:00 $(BIN)/tracker --db $(DEMO_DB) board laming-2009 --as-at 2009-11-17
	@echo; echo "== The audit trail of action 11 (revised Working Together) =="
	TRACKER_NOW=2010-12-01T09:00 $(BIN)/tracker --db $(DEMO_DB) history laming-2009 11
	@echo; echo "== Performance indicators as reported by that meeting (a provisional figure since revised) =="
	TRACKER_NOW=2010-12-01T09:00 $(BIN)/tracker --db $(DEMO_DB) indicators laming-2009 --as-at 2009-11-17
	@echo; echo "== The board's RAG totals at each of its meetings (the trend) =="
	TRACKER_NOW=2010-12-01T09:00 $(BIN)/tracker --db $(DEMO_DB) trend laming-2009
	@echo; echo "== Today's board (the demo's simulated today: 1 December 2010), each item beside the last meeting =="
	TRACKER_NOW=2010-12-01T09:00 $(BIN)/tracker --db $(DEMO_DB) board laming-2009
	@echo; echo "== What moved since the last board meeting: who, when and why =="
	TRACKER_NOW=2010-12-01T09:00 $(BIN)/tracker --db $(DEMO_DB) changes laming-2009
	@echo; echo "== The scheduler's scan on Monday 6 December 2010 at 07:30: flags, reminders, the weekly report =="
	rm -rf var/demo-mail
	TRACKER_NOW=2010-12-06T07:30 TRACKER_MAIL_FOLDER=var/demo-mail TRACKER_WEB_URL=http://127.0.0.1:$(DEMO_PORT) \
		$(BIN)/tracker --db $(DEMO_DB) scheduler tick
	TRACKER_NOW=2010-12-06T07:31 $(BIN)/tracker --db $(DEMO_DB) notifications
	@echo; echo "The emails are in var/demo-mail/ (open the .eml files in Outlook or Thunderbird)."
	@echo "The demo store is var/demo.db; try: TRACKER_DB=$(DEMO_DB) $(BIN)/tracker --help"
	@for user in "board-chair chair" "hos-cf owner" "inspector viewer" "pmo admin"; do \
		set -- $$user; echo "demo-$$2-password" | \
		$(BIN)/tracker --db $(DEMO_DB) user add $$1 --role $$2 --password-stdin; done
	@echo; echo "== The web interface: http://127.0.0.1:$(DEMO_PORT)/  (Ctrl-C stops it) =="
	@echo "Sign in as any of these (user name / password):"
	@echo "  board-chair / demo-chair-password    the chair: updates any item, signs off"
	@echo "  hos-cf      / demo-owner-password    an action owner: updates their own items"
	@echo "  inspector   / demo-viewer-password   a board member or inspector: reads everything"
	@echo "  pmo         / demo-admin-password    the administrator: imports plans"
	@echo "The demo's clock stays at Monday 6 December 2010, 09:00."
	TRACKER_NOW=2010-12-06T09:00 $(BIN)/tracker --db $(DEMO_DB) serve --port $(DEMO_PORT)

lint: setup
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy $(CODE)

# The tests spread over the machine's cores (pytest-xdist), each worker taking
# the next test as it finishes one (worksteal): the proofs are few and long.
pytest: setup
	$(BIN)/pytest -n $(WORKERS) --dist worksteal

test: lint pytest

check: lint
	$(BIN)/pytest -q -n auto -m "$(FAST)"

bench: setup
	$(BIN)/python -m benchmarks.bench --json var/bench.json
	$(BIN)/python -m benchmarks.projection_runner --json var/projection-runner.json
	$(BIN)/python -m benchmarks.import_file --json var/import-file.json
	$(BIN)/python -m benchmarks.growing_paths --json var/growing-paths.json
	$(BIN)/python -m benchmarks.sign_in_under_load --json var/sign-in-under-load.json
	$(BIN)/python -m benchmarks.cli_start --json var/cli-start.json
	$(BIN)/python -m benchmarks.at_scale --json var/at-scale.json

clean:
	rm -rf $(VENV) var build *.egg-info
