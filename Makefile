# Two commands on a fresh machine:
#   make run   installs, migrates, loads the demo data, starts the server (SQLite, eager tasks)
#   make test  runs the whole test suite (PostgreSQL and Redis at their local defaults)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install run test lint lock worker beat

$(VENV)/.installe: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installe

run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py donnees_demo
	@echo ""
	@echo "  Application : http://127.0.0.1:$(PORT)/   (portail adhérent : http://127.0.0.1:$(PORT)/portail/)"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .

lock:
	rm -rf var/lock-venv && $(PYTHON) -m venv var/lock-venv
	$(PYTHON) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
	  print('\\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))" > var/direct.txt
	var/lock-venv/bin/pip install --quiet -r var/direct.txt
	(echo "# Full locked dependency set (direct ones pinned in pyproject.toml). Regenerate: make lock"; \
	  var/lock-venv/bin/pip freeze) > requirements.lock

worker: install
	$(VENV)/bin/celery -A spsti worker -l info

beat: install
	$(VENV)/bin/celery -A spsti beat -l info
