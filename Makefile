# make demo: set up, then load the demo plan into var/demo.db and show it.
# make test: set up, then run the linters and every test.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
DEMO_DB := sqlite:///var/demo.db
CODE := domain application projections scheduler notifications entrypoints web demo benchmarks tests

.PHONY: setup demo test lint pytest bench clean

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
	@echo; echo "== Today's board (the demo's simulated today: 1 December 2010) =="
	TRACKER_NOW=2010-12-01T09:00 $(BIN)/tracker --db $(DEMO_DB) board laming-2009
	@echo; echo "== The scheduler's scan on Monday 6 December 2010 at 07:30: flags, reminders, the weekly report =="
	rm -rf var/demo-mail
	TRACKER_NOW=2010-12-06T07:30 TRACKER_MAIL_FOLDER=var/demo-mail $(BIN)/tracker --db $(DEMO_DB) scheduler tick
	TRACKER_NOW=2010-12-06T07:31 $(BIN)/tracker --db $(DEMO_DB) notifications
	@echo; echo "The emails are in var/demo-mail/ (open the .eml files in Outlook or Thunderbird)."
	@echo "The demo store is var/demo.db; try: TRACKER_DB=$(DEMO_DB) $(BIN)/tracker --help"

lint: setup
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy $(CODE)

pytest: setup
	$(BIN)/pytest

test: lint pytest

bench: setup
	$(BIN)/python -m benchmarks.bench --json var/bench.json

clean:
	rm -rf $(VENV) var build *.egg-info
