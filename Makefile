# Vigie — the two commands: `make demo` and `make test`.
PY := .venv/bin/python
export QT_QPA_PLATFORM ?= offscreen

.PHONY: setup test lint demo bench package i18n clean

setup:
	@bash scripts/setup.sh

lint: setup
	.venv/bin/ruff check .

test: setup lint
	$(PY) -m pytest -q tests

demo: setup
	$(PY) scripts/demo.py demo-output

bench: setup
	$(PY) scripts/bench.py bench-output
	@for f in scripts/benches/*.py; do [ -e "$$f" ] || continue; echo "== $$f"; $(PY) "$$f" bench-output || exit 1; done

package: setup
	$(PY) scripts/package.py dist

i18n:
	/usr/bin/python3 scripts/update_ts.py

clean:
	rm -rf demo-output bench-output dist test-output
