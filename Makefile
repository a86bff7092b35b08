# Mesh Canvas task runner. CI runs the same targets a person runs:
# `.ci/run` is `make test`.
#
#   make run          build the UI and start the app on the app-data workspace
#   make test         every check and test, end to end included (installs what it needs);
#                     without ../shared the conformance suite skips, and it says so at the end
#   make conformance  the conformance suite against ../shared (or MESHCANVAS_SHARED), required
#   make check        formatting, lints and unused dependencies (Rust, ui/, e2e/),
#                     without changing anything
#   make fix          format and apply lint fixes (Rust, ui/, e2e/)
#   make bench        benchmarks (print figures and ratios); the contract check against
#                     datacontract lint needs `make setup-dcli` (skipped, saying so, without it)
#   make e2e          the end-to-end suite: the built app, under Xvfb, driven through WebDriver
#   make bench-ui     in the real window, on the release build: mesh-map frame times with
#                     2,000 products, keystroke to findings panel, and memory at idle and
#                     after a 15-minute scripted session (MEMORY_SESSION_MINUTES)
#   make screenshots  each view from the real window into docs/screenshots/
#   make package      the installable packages, with Tauri's bundler: a .deb (the app, the
#                     `meshcanvas` CLI, completions, man page, file types) under
#                     target/release/bundle/; PACKAGE_BUNDLES="deb appimage" adds the
#                     AppImage where GitHub is reachable (its tools come from there)
#   make test-package install the .deb (dpkg -i), run the smoke and start-up e2e tests
#                     against the installed app with an empty home, remove it
#
# Set-up (each is idempotent and runs on its own when a target needs it):
#   make setup-system the Tauri build and test dependencies from Debian's packages
#   make setup-ui     npm ci in ui/ and e2e/
#   make setup-e2e    tauri-driver (cargo install)
#   make setup-dcli   datacontract-cli, pinned, in a virtualenv under target/
#   make setup-tools  cargo-machete, pinned, under target/tools/

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo

.PHONY: run test conformance check fix bench bench-check bench-ui bindings schemas snapshots test-rust test-ui ui desktop \
	desktop-e2e desktop-release e2e package package-files test-package screenshots setup setup-system setup-ui setup-e2e setup-dcli setup-tools

# Debian packages: what Tauri 2 (WebKitGTK 4.1) needs to build, plus what the
# end-to-end suite needs (WebKitWebDriver, Xvfb, a screenshot tool), plus
# PostgreSQL, whose initdb/pg_ctl the datacontract-cli tests start a
# throwaway cluster with, the font the poster is set in, and poppler's
# pdftotext/pdfinfo/pdftoppm, which the poster tests read its PDF with.
SYSTEM_PACKAGES := libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev \
	librsvg2-dev build-essential webkit2gtk-driver xvfb xauth imagemagick postgresql \
	fonts-dejavu-core poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DESKTOP_BIN := target/debug/meshcanvas-desktop
DESKTOP_RELEASE_BIN := target/release/meshcanvas-desktop
TAURI_DRIVER := $(shell command -v tauri-driver 2>/dev/null || echo $(HOME)/.cargo/bin/tauri-driver)
# The window size the suite and the screenshots run at.
XVFB_SCREEN := 1440x900x24

run: ui desktop
	$(DESKTOP_BIN)

# The shared conformance material (the official ODPS/ODCS schemas and
# examples): `../shared` beside the clone, or MESHCANVAS_SHARED.
SHARED_DIR := $(or $(MESHCANVAS_SHARED),$(CURDIR)/../shared)

# The package test bundles the debug builds the steps before made (a
# release build of everything would take as long again);
# `make test-package` alone tests the release package.
test: check test-rust test-ui e2e
	$(MAKE) test-package PACKAGE_PROFILE=debug
	@if [ ! -d "$(SHARED_DIR)/conformance" ]; then \
		echo; \
		echo "NOTE: the conformance suite (tests/conformance.rs) was SKIPPED:"; \
		echo "  $(SHARED_DIR)/conformance is not there. To run it, clone this repository"; \
		echo "  beside shared/ (../shared) or set MESHCANVAS_SHARED=/path/to/shared, then"; \
		echo "  run 'make conformance' (or 'make test')."; \
	fi

# The conformance suite alone, required: fails when the material is missing.
conformance: setup-system ui
	MESHCANVAS_REQUIRE_SHARED=1 $(CARGO) test --test tests -- conformance::

# Both build src-tauri, which links WebKitGTK: on a fresh machine the system
# packages come first. MESHCANVAS_REQUIRE_DCLI makes the datacontract-cli
# tests (tests/dcli.rs) fail, rather than skip, when it or PostgreSQL is
# missing.
test-rust: setup-system setup-dcli ui
	MESHCANVAS_REQUIRE_DCLI=1 $(CARGO) test --workspace --all-targets

# The desktop crate embeds ui/dist at compile time, so clippy needs it built.
# Clippy's settings (the pedantic group, and each lint we allow with the
# reason) are in Cargo.toml's [workspace.lints]; cargo-machete reports
# dependencies no crate uses.
check: setup-system setup-tools ui
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(MACHETE)
	cd ui && npm run lint && npm run format:check
	cd e2e && npm run lint && npm run format:check

fix: setup-ui
	$(CARGO) fmt --all
	$(CARGO) clippy --workspace --all-targets --fix --allow-dirty --allow-staged -- -D warnings
	cd ui && npm run format && npm run lint -- --fix
	cd e2e && npm run format && npm run lint -- --fix

bench: bench-check
	$(CARGO) bench --bench store
	$(CARGO) bench --bench manifest
	$(CARGO) bench --bench contract_check
	$(CARGO) bench --bench poster

# Full check vs bare parse of 10,000 synthetic canvases, and incremental recheck latency.
bench-check:
	$(CARGO) bench --bench check

# Rewrite the generated TypeScript bindings (ui/src/bindings) from the Rust types.
bindings:
	MESHCANVAS_UPDATE=1 $(CARGO) test --test tests -- bindings::

# Accept changed export and import snapshots (tests/fixtures/manifest/snapshots);
# review the diff with `git diff` before committing.
snapshots:
	INSTA_UPDATE=always $(CARGO) test --test tests -- manifest::odps_and_odcs

# Rewrite canvas-schemas/canvas-v2.schema.json from the Rust types.
schemas:
	MESHCANVAS_UPDATE=1 $(CARGO) test --test tests -- schema::committed_schema_is_up_to_date

setup: setup-system setup-ui setup-e2e setup-dcli setup-tools

setup-system:
	@if dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1; then \
		echo "system packages: all installed"; \
	else \
		$(SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $(SYSTEM_PACKAGES); \
	fi

setup-ui: ui/node_modules/.package-lock.json e2e/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund

e2e/node_modules/.package-lock.json: e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund

setup-e2e:
	@command -v tauri-driver >/dev/null 2>&1 || [ -x "$(HOME)/.cargo/bin/tauri-driver" ] || \
		$(CARGO) install tauri-driver --version '^2' --locked

# cargo-machete finds dependencies that no source file names; it works on
# stable Rust from the sources alone (cargo-udeps needs nightly). Installed
# from crates.io, pinned, into target/tools so nothing outside the clone
# changes; an installed one of the pinned version costs nothing.
TOOLS_DIR := $(CURDIR)/target/tools
MACHETE_VERSION := 0.9.2
MACHETE := $(TOOLS_DIR)/bin/cargo-machete

setup-tools:
	@if [ "$$("$(MACHETE)" --version 2>/dev/null)" = "$(MACHETE_VERSION)" ]; then \
		echo "cargo-machete $(MACHETE_VERSION): installed"; \
	else \
		$(CARGO) install cargo-machete --version '=$(MACHETE_VERSION)' --locked --root $(TOOLS_DIR); \
	fi

# datacontract-cli, the field's own tool, judges the exported contracts
# (`datacontract lint`, and `datacontract test` against PostgreSQL). Pinned
# with all it pulls in by tests/dcli/requirements.txt; the stamp names the
# version, so a changed pin reinstalls and an installed one costs nothing.
DCLI_REQUIREMENTS := tests/dcli/requirements.txt
DCLI_VERSION := $(shell sed -n 's/^datacontract-cli\[postgres\]==//p' $(DCLI_REQUIREMENTS))
DCLI_VENV := target/dcli-venv
DCLI_STAMP := $(DCLI_VENV)/.datacontract-cli-$(DCLI_VERSION)

setup-dcli: $(DCLI_STAMP)

$(DCLI_STAMP): $(DCLI_REQUIREMENTS)
	@[ -n "$(DCLI_VERSION)" ] || { echo "no datacontract-cli[postgres]==X line in $<" >&2; exit 1; }
	python3 -m venv $(DCLI_VENV)
	$(DCLI_VENV)/bin/pip install --quiet --disable-pip-version-check -r $<
	$(DCLI_VENV)/bin/datacontract --version
	rm -f $(DCLI_VENV)/.datacontract-cli-*
	touch $@

# The UI bundle the app embeds.
ui: setup-ui
	cd ui && npm run build

# The UI's lint and formatting are part of `make check`.
test-ui: setup-ui
	cd ui && npm test

# The desktop app with the bundled UI (the crate's default `custom-protocol`
# feature: never a dev server).
desktop: setup-system
	$(CARGO) build -p meshcanvas-desktop

# The suite runs the same binary as `make run`, started with
# MESHCANVAS_TEST=1 (the test configuration, src-tauri/tauri.conf.test.json:
# its own identifier) and MESHCANVAS_WORKSPACE (a temporary workspace).
desktop-e2e: ui desktop

e2e: setup-system setup-ui setup-e2e desktop-e2e
	cd e2e && MESHCANVAS_APP=$(CURDIR)/$(DESKTOP_BIN) TAURI_DRIVER=$(TAURI_DRIVER) \
		xvfb-run -a --server-args="-screen 0 $(XVFB_SCREEN)" npm test

# What a user gets: the release build, with the bundled UI.
desktop-release: setup-system ui
	$(CARGO) build --release -p meshcanvas-desktop

# In the real window, on the release build: mesh map frame times with 2,000
# products while panning and dragging (the UI's bench page; p50/p95/p99),
# keystroke to findings panel, and the memory of the app and its WebKit
# processes (e2e/memory.test.mjs).
bench-ui: setup-system setup-ui setup-e2e desktop-release
	cd e2e && MESHCANVAS_APP=$(CURDIR)/$(DESKTOP_RELEASE_BIN) TAURI_DRIVER=$(TAURI_DRIVER) \
		xvfb-run -a --server-args="-screen 0 $(XVFB_SCREEN)" npm run bench

# The packages. The CLI is built first so the .deb can carry it, with its
# completions and man page, written by the CLI itself from its clap
# definitions (all in target/package/, where tauri.conf.json's
# `bundle.linux.deb.files` takes them from); `tauri build` then builds the
# app (the UI embedded) and bundles both (src-tauri/tauri.conf.json's
# `bundle`). The version is the workspace's, in Cargo.toml: tauri.conf.json
# names none. PACKAGE_PROFILE=debug bundles the debug builds the tests have
# already made (`make test` does, to share them); what ships is release.
PACKAGE_BUNDLES ?= deb
PACKAGE_PROFILE ?= release
PACKAGE_DIR := target/package
TAURI_CLI := $(CURDIR)/ui/node_modules/.bin/tauri
PROFILE_FLAG := $(if $(filter release,$(PACKAGE_PROFILE)),--release,)
BUNDLE_DIR := target/$(PACKAGE_PROFILE)/bundle

package-files: setup-system
	$(CARGO) build $(PROFILE_FLAG) --bin meshcanvas
	mkdir -p $(PACKAGE_DIR)/bin $(PACKAGE_DIR)/completions $(PACKAGE_DIR)/man
	cp target/$(PACKAGE_PROFILE)/meshcanvas $(PACKAGE_DIR)/bin/meshcanvas
	$(PACKAGE_DIR)/bin/meshcanvas completions bash > $(PACKAGE_DIR)/completions/meshcanvas.bash
	$(PACKAGE_DIR)/bin/meshcanvas completions zsh > $(PACKAGE_DIR)/completions/_meshcanvas
	$(PACKAGE_DIR)/bin/meshcanvas completions fish > $(PACKAGE_DIR)/completions/meshcanvas.fish
	$(PACKAGE_DIR)/bin/meshcanvas man | gzip -9n > $(PACKAGE_DIR)/man/meshcanvas.1.gz

package: setup-system setup-ui ui package-files
	rm -rf $(BUNDLE_DIR)/deb
	cd src-tauri && $(TAURI_CLI) build --ci $(if $(PROFILE_FLAG),,--debug) \
		$(foreach b,$(PACKAGE_BUNDLES),--bundles $(b))
	@ls -l $(BUNDLE_DIR)/*/*.deb $(BUNDLE_DIR)/*/*.AppImage 2>/dev/null || true

# The installed app, as a user gets it: the .deb installed with dpkg, the
# smoke and start-up e2e files and e2e/installed.test.mjs run against
# /usr/bin/meshcanvas-desktop, each start with an empty home and no
# repository around it. The package is removed afterwards, unless it was
# installed before the test (then it stays, upgraded to this build, and the
# target says so). The files go through the same runner as `make e2e`.
DEB_PACKAGE := mesh-canvas
INSTALLED_APP := /usr/bin/meshcanvas-desktop

test-package: setup-system setup-ui setup-e2e package
	@deb=$$(ls $(BUNDLE_DIR)/deb/*.deb); \
	before=$$(dpkg-query -W -f='$${Status}' $(DEB_PACKAGE) 2>/dev/null | grep -c 'install ok installed' || true); \
	echo "installing $$deb ($(PACKAGE_PROFILE) build)"; \
	$(SUDO) dpkg -i "$$deb"; \
	rc=0; \
	(cd e2e && MESHCANVAS_APP=$(INSTALLED_APP) TAURI_DRIVER=$(TAURI_DRIVER) \
		MESHCANVAS_PACKAGE_PROFILE=$(PACKAGE_PROFILE) \
		xvfb-run -a --server-args="-screen 0 $(XVFB_SCREEN)" node run.mjs \
		tests/smoke.test.mjs tests/standards-error.test.mjs tests/workspace-error.test.mjs \
		tests/open-with.test.mjs installed.test.mjs) || rc=$$?; \
	if [ "$$before" = 0 ]; then $(SUDO) dpkg -r $(DEB_PACKAGE); \
	else echo "$(DEB_PACKAGE) was installed before the test: left installed, now this build"; fi; \
	exit $$rc

screenshots: setup-system setup-ui setup-e2e desktop-e2e
	cd e2e && MESHCANVAS_APP=$(CURDIR)/$(DESKTOP_BIN) TAURI_DRIVER=$(TAURI_DRIVER) \
		MESHCANVAS_SCREENSHOTS=$(CURDIR)/docs/screenshots \
		xvfb-run -a --server-args="-screen 0 $(XVFB_SCREEN)" npm run screenshots
	$(CARGO) run -q -- poster examples/sales/orders.canvas.json --size screen --findings --mesh examples/ \
		--out docs/screenshots/poster.png
