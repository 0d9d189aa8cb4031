#!/usr/bin/env bash
# The load benchmark: the packaged application beside the bare Camunda engine on the same models, each on a fresh
# PostgreSQL database; prints one table and writes it to target/bench/results.md. Sizes (defaults in brackets):
#   BENCH_TARGETS (bare-engine,application), BENCH_CLIENTS (8), BENCH_INTAKE (PT60S), BENCH_WARM_UP (PT20S), BENCH_VALIDATIONS (500),
#   BENCH_PROBE_RATE (10: quotes/s requested while timers drain), BENCH_HEAP (768m),
#   BENCH_FLIGHT_RECORDING (false: true writes target/bench/<target>.jfr),
#   BENCH_APPLICATION_SETTINGS (none: "name=value name=value", configuration of the application to measure it with)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "PostgreSQL must run on 127.0.0.1:5432 (user postgres)" >&2
  exit 1
fi

# an installation's PostgreSQL vacuums and analyses its tables as they change; one with autovacuum off plans every
# statement on guesses and keeps every dead row, which no figure of an installation should include
if [ "$(psql -h 127.0.0.1 -U postgres -Atc 'show autovacuum')" = "off" ]; then
  echo "PostgreSQL runs with autovacuum off: turned on for the benchmark, back to its setting after it" >&2
  psql -h 127.0.0.1 -U postgres -qc "alter system set autovacuum = on" -c "select pg_reload_conf()" >/dev/null
  trap 'psql -h 127.0.0.1 -U postgres -qc "alter system reset autovacuum" -c "select pg_reload_conf()" >/dev/null' EXIT
fi

mvn -B -q package -DskipTests
mvn -B failsafe:integration-test failsafe:verify -Dit.test=Benchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.targets="${BENCH_TARGETS:-bare-engine,application}" -Dbench.clients="${BENCH_CLIENTS:-8}" -Dbench.intake="${BENCH_INTAKE:-PT60S}" \
  -Dbench.warm-up="${BENCH_WARM_UP:-PT20S}" -Dbench.validations="${BENCH_VALIDATIONS:-500}" -Dbench.probe-rate="${BENCH_PROBE_RATE:-10}" \
  -Dbench.heap="${BENCH_HEAP:-768m}" -Dbench.flight-recording="${BENCH_FLIGHT_RECORDING:-false}" \
  -Dbench.application-settings="${BENCH_APPLICATION_SETTINGS:-}"
cat target/bench/results.md
