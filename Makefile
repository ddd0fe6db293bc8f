# Alliance Portal. The two set-up commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Debian packages the portal needs: Pango and HarfBuzz's subsetter for WeasyPrint (without
# libharfbuzz-subset0 WeasyPrint subsets CJK fonts about 50 times slower), CJK fonts for
# pages and certificates, gettext to compile the translations.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
	fonts-arphic-ukai fonts-dejavu-core gettext
# The browser tests need chromium; the certificate tests read PDFs back with poppler and zbar.
TEST_SYSTEM_PACKAGES := chromium poppler-utils zbar-tools
PG_URL ?= postgres://alliance:alliance@127.0.0.1:5432/alliance

.PHONY: install install-test run test test-postgres postgres redis serve-prod bench-load backup restore lint format bench clean

define ensure_debian_packages
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
				|| { echo "apt-get could not install:$$missing"; exit 1; }; \
		else \
			echo "Missing Debian packages:$$missing"; \
			echo "Install them with: sudo apt-get install$$missing"; exit 1; \
		fi; \
	fi
endef

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 ($(PYTHON)) is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed
	$(call ensure_debian_packages,$(SYSTEM_PACKAGES))
	$(MANAGE) compilemessages -v 0 --ignore=.venv

install-test: install
	$(call ensure_debian_packages,$(TEST_SYSTEM_PACKAGES))

run: install
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

test: install-test lint
	$(VENV)/bin/pytest

# A local PostgreSQL: installs Debian's server, starts a cluster if none runs, makes the
# alliance role and database (used by test-postgres and serve-prod).
postgres:
	$(call ensure_debian_packages,postgresql)
	@if ! pg_lsclusters -h 2>/dev/null | grep -q online; then \
		cluster=$$(pg_lsclusters -h | head -1 | awk '{print $$1" "$$2}'); \
		if [ -z "$$cluster" ]; then pg_createcluster --start $$(ls /usr/lib/postgresql | sort -n | tail -1) main; \
		else pg_ctlcluster $$cluster start; fi; \
	fi
	@su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='alliance'\"" | grep -q 1 || \
		su postgres -c "psql -qc \"CREATE ROLE alliance LOGIN CREATEDB PASSWORD 'alliance'\""
	@su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='alliance'\"" | grep -q 1 || \
		su postgres -c "createdb -O alliance alliance"

# A local Redis for the shared cache (sessions, rate limits, page cache).
redis:
	$(call ensure_debian_packages,redis-server)
	@redis-cli -p 6379 ping >/dev/null 2>&1 || redis-server --port 6379 --daemonize yes --save "" --appendonly no

# The same suite on PostgreSQL.
test-postgres: install-test postgres
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest

# Production settings on this machine: gunicorn with WORKERS processes on PostgreSQL and Redis,
# static files by WhiteNoise, the task worker beside it; http://127.0.0.1:8000 (plain HTTP on
# loopback, so secure-only cookies and the HTTPS redirect are turned off here only).
WORKERS ?= 4
PROD_ENV = DJANGO_SETTINGS_MODULE=cms.settings.production \
	SECRET_KEY="$$(cat .serve-prod-secret)" ALLOWED_HOSTS=127.0.0.1,localhost \
	DATABASE_URL=$(PG_URL) REDIS_URL=redis://127.0.0.1:6379/0 DB_CONN_MAX_AGE=60 \
	SITE_URL=http://127.0.0.1:8000 EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend \
	SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 SECURE_COOKIES=0 SERVE_MEDIA=1
serve-prod: install postgres redis
	@test -s .serve-prod-secret || $(PY) -c 'import secrets; print(secrets.token_urlsafe(64))' > .serve-prod-secret
	$(PROD_ENV) $(MANAGE) migrate --no-input -v 0
	$(PROD_ENV) $(MANAGE) collectstatic --no-input -v 0
	$(PROD_ENV) $(MANAGE) load_demo
	$(PROD_ENV) bash -c 'trap "kill 0" EXIT; \
		$(MANAGE) db_worker --queue-name "*" & \
		$(VENV)/bin/gunicorn cms.wsgi --workers $(WORKERS) --bind 127.0.0.1:8000 --access-logfile -'

# Load on `make serve-prod` (run it first, in another terminal), with its environment.
bench-load: install
	$(PROD_ENV) $(PY) bench/load.py

# The database and the uploads (media and the private certificates) in one .tar.gz under
# backups/, and back. Production: run with the same environment as the site.
backup: install
	$(MANAGE) backup $(FILE)

restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/alliance-….tar.gz"; exit 2; }
	$(MANAGE) restore $(FILE)

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	@for f in bench/*.py; do [ "$$f" = bench/load.py ] || $(PY) $$f; done  # load.py: make bench-load

clean:
	rm -rf $(VENV) db.sqlite3 media static_collected
