# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app
HOST   ?= 127.0.0.1
PORT   ?= 5000
PO     := $(wildcard app/translations/*/LC_MESSAGES/messages.po)
MO     := $(PO:.po=.mo)

.PHONY: run test bench lint install install-dev translations check-system clean

run: install translations check-system
	$(FLASK) db upgrade
	$(FLASK) rubrics check
	$(FLASK) demo load --if-empty
	# The background worker (exports) runs beside the web server and stops with it.
	$(BIN)/huey_consumer app.jobs.worker.huey --workers 1 --max-delay 2 --quiet & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --config gunicorn.conf.py --workers 2 --bind $(HOST):$(PORT) --access-logfile - 'app:create_app()'

test: install-dev translations
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install-dev translations
	$(BIN)/python -m bench

lint: install-dev
	$(BIN)/ruff check app tests bench

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

translations: $(MO)

%.mo: %.po | install
	$(BIN)/pybabel compile --statistics -i $< -o $@

check-system: install
	$(FLASK) system check

clean:
	rm -rf $(VENV) instance/cal.sqlite3* .pytest_cache
