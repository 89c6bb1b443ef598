#!/usr/bin/env bash
# Checks the operations assets with the real tools: the alert rules (syntax and unit tests), the
# Prometheus configuration, and every query of the Grafana dashboard (as recording rules, so that
# promtool parses them). Needs promtool and jq (Debian: prometheus, jq).
set -euo pipefail
cd "$(dirname "$0")"

promtool check rules prometheus/circuit-alerts.yml
(cd prometheus && promtool test rules circuit-alerts-test.yml)
promtool check config prometheus/prometheus.yml

jq -e '.title == "Circuit breakers" and (.panels | length) >= 6' grafana/circuit-breakers.json > /dev/null
queries="$(mktemp)"
trap 'rm -f "$queries"' EXIT
{
  echo "groups:"
  echo "  - name: dashboard-queries"
  echo "    rules:"
  jq -r '.panels[].targets[].expr' grafana/circuit-breakers.json \
    | sed -e 's/\$job/.*/g' -e 's/\$component/.*/g' \
    | awk '{ gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); printf "      - record: dashboard:query_%d\n        expr: \"%s\"\n", NR, $0 }'
} > "$queries"
promtool check rules "$queries"
for needed in 'circuit_breaker_state' 'circuit_breaker_calls_total' 'circuit_breaker_failure_rate' \
              'outcome="rejected"' 'avg_over_time(circuit_breaker_state' 'circuit_breaker_transitions_total'; do
  jq -r '.panels[].targets[].expr' grafana/circuit-breakers.json | grep -qF "$needed" \
    || { echo "dashboard lacks a query with $needed" >&2; exit 1; }
done
echo "ops assets: OK"
