# One command each: `make shell` (set up, then chat with the bot) and `make test`.
# Tests that start partnerbot's own processes (marked slow) run one at a time; the rest in
# parallel (each worker has its own SQLite files and, under .ci/run, its own PostgreSQL database).
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup shell serve test test-fast lint bench bench-baselines bench-delivery bench-digests bench-heap bench-serve

$(BIN)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable ".[test]"
	touch $@

setup: $(BIN)/.installed

shell: setup
	$(BIN)/partnerbot shell

serve: setup
	$(BIN)/partnerbot serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest -n 4 -m "not slow"
	$(BIN)/pytest -m slow

# The pure and in-process tests, in parallel: about a minute on two cores (more with PostgreSQL).
test-fast: setup
	$(BIN)/pytest -n 4 -m "not slow"

bench: setup
	$(BIN)/python -m benchmarks.bench_matcher --record

bench-delivery: setup
	$(BIN)/python -m benchmarks.bench_delivery --record

bench-digests: setup
	$(BIN)/python -m benchmarks.bench_digests --record

bench-heap: setup
	$(BIN)/python -m benchmarks.bench_heap

# The fake Slack answering at once (recorded); with four long questions in flight (recorded: a
# longer run, so that the niced worker matches them while the acks are measured); and after a
# realistic 150 ms.
bench-serve: setup
	$(BIN)/python -m benchmarks.bench_serve --record
	$(BIN)/python -m benchmarks.bench_serve --long-questions 4 --requests 15000 --rounds 3 --record
	$(BIN)/python -m benchmarks.bench_serve --slack-latency-ms 150

# The embedding and BM25 baselines need torch: install the `bench` extra first.
bench-baselines: setup
	$(BIN)/pip install --quiet --editable ".[bench]"
	$(BIN)/python -m benchmarks.bench_matcher --baselines --record
