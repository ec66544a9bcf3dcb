# Huiliu: `make run` sets everything up and starts the app; `make test` sets up and runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.huiliu-installed
DEB_STAMP := .stamp-debian
# Shared libraries Qt needs even offscreen, fonts that render Chinese, Xvfb for screenshots, and
# libfaketime for `make test-dates`, the PostgreSQL server the household-database tests start, and
# a private D-Bus (dbus-daemon) with what python-dbusmock's dbus-python builds against (fake fprintd).
DEB_PACKAGES := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 \
	libxcb-render-util0 libxcb-image0 fonts-noto-cjk xvfb faketime postgresql \
	dbus-daemon libdbus-1-dev libglib2.0-dev pkg-config gcc
TS := $(wildcard resources/translations/*.ts)
QM := $(TS:.ts=.qm)

# Days the suite must pass on whatever the real date: month ends around weekends, a year end, a leap day.
TEST_DATES ?= 2026-11-29 2026-12-05 2027-01-01 2028-02-29
TEST_DATES_TIME ?= 20:00:00

.PHONY: run test checks test-dates bench lint setup translations i18n-update clean

run: setup
	$(PY) -m app.cli

test: setup checks
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

# The layer contracts (pyproject.toml) and strict typing of the core: a broken one fails `make test`.
checks: setup
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy --strict app

# The whole suite with the process's date faked to each of TEST_DATES (the clock starts there and runs).
# Monotonic clocks stay real so timeouts, Qt timers and timed waits work (faked, timed lock waits hang);
# tests/faketime/sitecustomize.py works around time.sleep under that setting. Pass
# TEST_DATES_ARGS=tests/app to run part of the suite.
test-dates: setup
	@for d in $(TEST_DATES); do \
		echo "== tests with the date faked to $$d $(TEST_DATES_TIME)"; \
		FAKETIME_DONT_FAKE_MONOTONIC=1 PYTHONPATH="$(CURDIR)/tests/faketime$${PYTHONPATH:+:$$PYTHONPATH}" \
			QT_QPA_PLATFORM=offscreen faketime -f "@$$d $(TEST_DATES_TIME)" $(PY) -m pytest -q -p no:cacheprovider $(TEST_DATES_ARGS) \
			|| exit 1; \
	done

bench: setup
	@failed=""; for b in bench/[!_]*.py; do echo "== $$b"; \
		QT_QPA_PLATFORM=offscreen $(PY) $$b || failed="$$failed $$b"; done; \
	if [ -n "$$failed" ]; then echo "== missed a target (or failed):$$failed"; exit 1; fi

lint: setup checks
	$(VENV)/bin/ruff check .

setup: $(DEB_STAMP) $(STAMP) translations

# Debian packages: installed only when missing, and only when we can (root with apt-get).
$(DEB_STAMP):
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
		else \
			echo "Please install these Debian packages:$$missing"; \
		fi; \
	fi; touch $@

$(PY):
	$(PYTHON) -m venv $(VENV)

# pip and setuptools as the venv first gets them carry known advisories: upgraded before anything else.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip setuptools
	$(PY) -m pip install -q -e ".[test]"
	touch $@

translations: $(QM)

resources/translations/%.qm: resources/translations/%.ts | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

# Refresh the catalogues after changing visible strings (translators then fill them in):
# Qt .ts sources from ui/, and the core's gettext catalogue (read at run time by app/i18n.py).
# PySide6 6.11's lupdate writes QCoreApplication.translate(ctx, "%n …", None, n) as a plain message: after
# an update, tests/ui/test_translations.py names any counted string that lost its plural forms.
i18n-update: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -no-obsolete -extensions py $$(find ui -name '*.py') -ts resources/translations/huiliu_zh_CN.ts
	$(VENV)/bin/pyside6-lupdate -no-obsolete -pluralonly -extensions py $$(find ui -name '*.py') -ts resources/translations/huiliu_en.ts
	$(VENV)/bin/pybabel -q extract -k N_ --project=huiliu --sort-output --no-location -o resources/translations/app.pot app connectors
	$(VENV)/bin/pybabel -q update -l zh_CN -i resources/translations/app.pot -o resources/translations/app_zh_CN.po --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) $(DEB_STAMP) $(QM)
