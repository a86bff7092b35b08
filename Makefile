# Mesh Canvas task runner. CI runs the same targets a person runs:
# `.ci/run` is `make test`.
#
#   make run     build and start the app
#   make test    every check and test (installs what it needs)
#   make check   formatting and lints, without changing anything
#   make fix     format and apply lint fixes
#   make bench   benchmarks (print figures and ratios)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo

.PHONY: run test check fix bench bench-check bindings schemas test-rust

run:
	$(CARGO) run --release --bin meshcanvas -- validate examples/

test: check test-rust

test-rust:
	$(CARGO) test --workspace --all-targets

check:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

fix:
	$(CARGO) fmt --all
	$(CARGO) clippy --workspace --all-targets --fix --allow-dirty --allow-staged -- -D warnings

bench: bench-check
	$(CARGO) bench --bench store
	$(CARGO) bench --bench manifest

# Full check vs bare parse of 10,000 synthetic canvases, and incremental recheck latency.
bench-check:
	$(CARGO) bench --bench check

# Rewrite the generated TypeScript bindings (ui/src/bindings) from the Rust types.
bindings:
	MESHCANVAS_UPDATE=1 $(CARGO) test --test tests -- bindings::

# Rewrite canvas-schemas/canvas-v1.schema.json from the Rust types.
schemas:
	MESHCANVAS_UPDATE=1 $(CARGO) test --test tests -- schema::committed_schema_is_up_to_date
