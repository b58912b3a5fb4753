# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= almaty.config.settings.base

.PHONY: run test lint bench install messages catalogue clean node spark

$(STAMP): requirements/dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# PySpark, the border pipeline's scale-out engine (hundreds of MB): CI installs it, `make run` not.
SPARK_STAMP := $(VENV)/.spark-installed
$(SPARK_STAMP): requirements/spark.lock $(STAMP)
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/spark.lock
	touch $(SPARK_STAMP)

spark: $(SPARK_STAMP)

# axe-core for the browser tests' accessibility checks, from the npm registry (package-lock.json).
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

node: $(NODE_STAMP)

catalogue: $(STAMP)
	$(BIN)/python -m almaty.core.catalogue compile

run: install catalogue
	$(BIN)/almaty init
	$(BIN)/almaty serve

test: install catalogue node
	DJANGO_SETTINGS_MODULE=almaty.config.settings.test $(BIN)/python -m pytest -n auto

lint: install catalogue
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	DJANGO_SETTINGS_MODULE=almaty.config.settings.test $(BIN)/mypy
	DJANGO_SETTINGS_MODULE=almaty.config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=almaty.config.settings.prod SECRET_KEY=check-deploy-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=almaty.example.org \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python -m almaty.core.catalogue check

bench: install catalogue
	$(BIN)/python -m bench.run

# Refresh the Russian catalogue from the source (needs GNU gettext's xgettext).
messages: install
	cd src/almaty && ../../$(BIN)/django-admin makemessages --locale ru --no-obsolete --add-location file --ignore '*/tests/*'
	$(BIN)/python tools/fill_po.py

clean:
	rm -rf $(VENV) var
