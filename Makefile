# Set-up contract: `make run` and `make test` work on a fresh machine (we run as root).
# `make setup` installs every extra (ocr, dask, parquet, serve, review), so run and test cover them all.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system run test fuzz fuzz-chromium fuzz-docx lint bench fuzz-pdf schemas clean

setup: system $(STAMP)

# OCR needs Tesseract with Indonesian, the benchmark's scan pass poppler's pdftoppm, and the review
# page's browser test Debian's Chromium with its driver (the fuzzer's second producer prints with
# it too); each is installed only when missing (apt-get update first).
system:
	@if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx ind; then \
		echo "installing tesseract-ocr tesseract-ocr-ind"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq tesseract-ocr tesseract-ocr-ind >/dev/null; \
	fi
	@if ! command -v pdftoppm >/dev/null 2>&1; then \
		echo "installing poppler-utils"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq poppler-utils >/dev/null; \
	fi
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		echo "installing chromium chromium-driver"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[ocr,dask,parquet,serve,review,test,lint]'
	@touch $(STAMP)

# Ingest the corpus incrementally; a re-run of an unchanged corpus does almost no work.
run: setup
	$(BIN)/rencana ingest corpus --out outputs

test: setup
	$(BIN)/python -m pytest

# The layout fuzzer: N generated decrees read back; reports the failure rate and the decrees read
# wrong without a review flag, and keeps failing seeds in tests/fixtures/fuzz_failures.json.
N ?= 500
fuzz: setup
	$(BIN)/python -m tests.fuzz --n $(N)

# The same seeds printed by another producer: HTML laid out and printed by headless Chromium.
fuzz-chromium: setup
	$(BIN)/python -m tests.fuzz --n $(N) --producer chromium

# And by LibreOffice from Word documents (python-docx): installed only when missing, as the
# fuzzer alone needs it.
fuzz-docx: setup
	@if ! command -v soffice >/dev/null 2>&1; then \
		echo "installing libreoffice-writer-nogui"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null; \
	fi
	$(BIN)/python -m tests.fuzz --n $(N) --producer docx

# Lint, format and types: what CI checks before the tests.
lint: setup
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/bench.py

# Damaged copies of corpus PDFs through `rencana extract` (a fifth of them damaged scans, read
# with --ocr auto); fails on any hang, memory blow-up, crash or stderr noise. N mutants, SEED for
# a rerun of the same ones.
N    ?= 300
SEED ?= 18
fuzz-pdf: setup
	$(BIN)/python bench/fuzz_pdf.py --count $(N) --seed $(SEED) --quiet

schemas: setup
	$(BIN)/rencana schema --out-dir schemas

clean:
	rm -rf $(VENV) outputs/*.json
