#!/bin/sh
# Runs once, on an empty data volume: the registry's database beside Torale's (POSTGRES_DB).
# Temporal's auto-setup creates its own two databases (temporal, temporal_visibility).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE DATABASE ${REGISTRY_DB:-registry};
SQL
