#!/usr/bin/env bash
# Provides a Python with the Confluent client (confluent-kafka + its Avro serde) for the interop
# test and example: a virtualenv in <repo>/.tools/python-venv with interop/python/requirements.txt.
#
#   scripts/install-python-interop.sh               install if needed, print the python's path
#   scripts/install-python-interop.sh --print-path  same, but print nothing except the path
#
# Idempotent: a stamp of the requirements' hash skips the install when nothing changed.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${TORALE_TOOLS_DIR:-$repo_root/.tools}/python-venv"
requirements="$repo_root/interop/python/requirements.txt"
stamp="$venv/.requirements.sha256"

quiet=false
[[ "${1:-}" == "--print-path" ]] && quiet=true
say() { $quiet || echo "install-python-interop: $*" >&2; }

python="$(command -v python3 || true)"
[[ -n "$python" ]] || { echo "install-python-interop: python3 is required" >&2; exit 1; }

want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "$venv/bin/python"
  exit 0
fi

say "creating $venv with confluent-kafka (PyPI)"
"$python" -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
echo "$want" > "$stamp"
echo "$venv/bin/python"
