#!/usr/bin/env bash
# End to end: the sample app and a real Prometheus server on loopback. Injects a database fault,
# checks through Prometheus's HTTP API that circuit_breaker_state{component="database"} reaches 0 and
# that the CircuitBreakerOpen alert is pending or firing, then heals, resets, and sees the state
# return to 1. Bounded in time; stops what it started. Needs the packaged sample app
# (mvn -B package), prometheus, curl and jq.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR="$(ls sample-app/target/sample-app-*.jar | grep -v original | head -1)"
WORK="$(mktemp -d)"
# shellcheck source=ops/lib.sh
source ops/lib.sh
APP_PORT="$(free_port)"
PROM_PORT="$(free_port)"
APP_PID=""
PROM_PID=""

cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "$PROM_PID" ] && kill "$PROM_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

app() { curl -fsS "http://127.0.0.1:$APP_PORT$1" "${@:2}"; }
query() { curl -fsS --get "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$1"; }
database_state_is() {
  query 'circuit_breaker_state{component="database"}' | jq -e --arg v "$1" '.data.result[0].value[1] == $v'
}
open_alert_active() {
  curl -fsS "http://127.0.0.1:$PROM_PORT/api/v1/alerts" | jq -e '[.data.alerts[]
    | select(.labels.alertname == "CircuitBreakerOpen" and .labels.component == "database"
             and (.state == "pending" or .state == "firing"))] | length > 0'
}

echo "e2e: sample app on 127.0.0.1:$APP_PORT, Prometheus on 127.0.0.1:$PROM_PORT"
java -jar "$JAR" --spring.profiles.active=demo --server.address=127.0.0.1 --server.port="$APP_PORT" \
  --spring.datasource.url="jdbc:h2:mem:e2e;DB_CLOSE_DELAY=-1" --spring.kafka.bootstrap-servers=127.0.0.1:9 \
  --circuit.breakers.database.recovery-timeout=1h --sample.demo.traffic-interval=200ms \
  > "$WORK/app.log" 2>&1 &
APP_PID=$!

cp ops/prometheus/circuit-alerts.yml "$WORK/"
cat > "$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - circuit-alerts.yml
scrape_configs:
  - job_name: circuit-sample
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ["127.0.0.1:$APP_PORT"]
YAML
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" > "$WORK/prometheus.log" 2>&1 &
PROM_PID=$!

wait_for 90 app /actuator/health
wait_for 60 curl -fsS "http://127.0.0.1:$PROM_PORT/-/ready"
wait_for 60 database_state_is 1
echo "e2e: database circuit closed, as Prometheus sees it"

app /chaos/database -X POST -H 'Content-Type: application/json' -d '{"failureRate": 1.0, "latencyMs": 0}' > /dev/null
wait_for 60 database_state_is 0
echo "e2e: database circuit open, as Prometheus sees it"
wait_for 60 open_alert_active
echo "e2e: CircuitBreakerOpen alert for database is pending or firing"

app /chaos/database -X POST -H 'Content-Type: application/json' -d '{"failureRate": 0, "latencyMs": 0}' > /dev/null
app /actuator/circuitbreakers/database -X POST -H 'Content-Type: application/json' -d '{"action": "RESET"}' > /dev/null
wait_for 60 database_state_is 1
echo "e2e: database circuit closed again after the reset"
echo "e2e: passed"
