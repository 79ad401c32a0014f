# Maillage — one entry per developer task. `make demo` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.8
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests: strict settings of their own, never the demo's.
TEST_ENV := SECRET_KEY=tests-only-not-a-secret DEBUG=0 USE_HTTPS=0 \
	EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend TASKS_BACKEND=immediate \
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/test.sqlite3}
PYTEST_ARGS ?= -n 2 --dist loadgroup

.PHONY: help install demo demo-code serve test quality bench reference-data vendor clean

help:
	@echo "make demo    installe, prépare la base de démonstration et sert http://$(HOST):$(PORT)"
	@echo "make test    lance toute la suite de tests"
	@echo "make quality ruff + makemigrations --check"
	@echo "make bench   mesures de performance (résultats dans docs/benchmarks.md)"

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet uv==$(UV_VERSION)

# Installs exactly what uv.lock pins (uv itself is in the lock's dev group).
$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --quiet
	@touch $@

install: $(VENV)/.installed

var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@echo "Clé secrète de démonstration générée dans var/secret_key (jamais pour la production)."

DEMO_ENV = SECRET_KEY=$$(cat var/secret_key) DEBUG=1 SITE_URL=http://$(HOST):$(PORT) \
	EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend \
	SMS_BACKEND=maillage.core.notify.FileSmsBackend DEMO_OUTBOX=1

demo: install var/secret_key
	$(DEMO_ENV) $(PY) manage.py migrate --no-input -v 0
	$(DEMO_ENV) $(PY) manage.py load_territories
	$(DEMO_ENV) $(PY) manage.py load_referentials
	$(DEMO_ENV) $(PY) manage.py seed_demo
	@echo
	@$(DEMO_ENV) $(PY) manage.py demo_logins
	@echo
	@echo "Maillage est servi sur http://$(HOST):$(PORT)/ (Ctrl+C pour arrêter)"
	@# The worker sends what pages queue (emails to var/mail/, SMS to var/sms.log).
	$(DEMO_ENV) $(PY) manage.py db_worker --interval 1 -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

demo-code: install var/secret_key
	@$(DEMO_ENV) $(PY) manage.py demo_otp_code $(EMAIL)

test: install
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

quality: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

bench: install
	$(TEST_ENV) $(PY) bench/run.py

# Rebuild the committed reference data and vendored assets from the registries (needs network).
reference-data: $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --group build --quiet
	$(PY) scripts/build_territories.py
	$(PY) scripts/build_rome.py
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --quiet
	@touch $(VENV)/.installed

vendor: $(UV)
	$(PY) scripts/vendor_assets.py

clean:
	rm -rf $(VENV) var/static .pytest_cache
