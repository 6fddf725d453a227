#!/usr/bin/env bash
# Installs changedetection.io (the page-watching tool people run today) from PyPI into
# .tools/changedetection, for the cost benchmark (e2e CostBenchmark), which runs it beside Torale.
# Pinned; the plain requests fetcher only (no browser). Prints the path of its executable.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${CHANGEDETECTION_VERSION:-0.60.10}"
venv="${TORALE_TOOLS_DIR:-$repo/.tools}/changedetection"
exe="$venv/bin/changedetection.io"
if [[ -x "$exe" ]] && "$venv/bin/pip" show changedetection.io 2>/dev/null | grep -qx "Version: $version"; then
  echo "$exe"
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install -q "changedetection.io==$version" >&2
echo "$exe"
