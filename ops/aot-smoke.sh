#!/usr/bin/env bash
# AOT smoke test: starts the packaged sample app on the JVM with Spring AOT's generated code
# (-Dspring.aot.enabled=true; the build ran process-aot with the demo profile, so it runs with it),
# then uses it over HTTP on loopback: an order, the circuitbreakers endpoint (read, a refused retune,
# an operator action), a rejected write and a read answered from the cache.
# Bounded in time; stops what it started. Needs the packaged sample app (mvn -B package) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR="$(ls sample-app/target/sample-app-*.jar | grep -v original | head -1)"
WORK="$(mktemp -d)"
# shellcheck source=ops/lib.sh
source ops/lib.sh
APP_PORT="$(free_port)"
APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

app() { curl -sS "http://127.0.0.1:$APP_PORT$1" "${@:2}"; }
post() { app "$1" -X POST -H 'Content-Type: application/json' -d "$2" "${@:3}"; }
expect() {
  if ! grep -q -- "$2" <<< "$3"; then
    echo "aot-smoke: $1: expected '$2' in: $3" >&2
    tail -n 40 "$WORK/app.log" >&2
    exit 1
  fi
  echo "aot-smoke: $1"
}

java -Dspring.aot.enabled=true -jar "$JAR" --spring.profiles.active=demo --server.address=127.0.0.1 \
  --server.port="$APP_PORT" --spring.datasource.url="jdbc:h2:mem:aot;DB_CLOSE_DELAY=-1" \
  --spring.kafka.bootstrap-servers=127.0.0.1:9 --sample.demo.traffic-interval=1h > "$WORK/app.log" 2>&1 &
APP_PID=$!
wait_for 60 app /actuator/health -f
expect "started from AOT-generated code" "Starting AOT-processed SampleApplication" "$(cat "$WORK/app.log")"

created="$(post /orders '{"item": "book", "quantity": 2}' -w ' %{http_code}')"
expect "an order is created" '201' "$created"
id="$(sed -E 's/.*"id":([0-9]+).*/\1/' <<< "$created")"
expect "the endpoint lists the breakers" '"database":{' "$(app /actuator/circuitbreakers)"
expect "a misspelled retune is refused" "did you mean 'recoveryTimeout'" "$(post /actuator/circuitbreakers/database '{"recoveryTimout": "5s"}')"
expect "an operator forces the circuit open" '"state":"FORCED_OPEN"' "$(post /actuator/circuitbreakers/database '{"action": "FORCE_OPEN"}')"
expect "a write is rejected with 503" ' 503' "$(post /orders '{"item": "pen", "quantity": 1}' -o /dev/null -w ' %{http_code}')"
expect "a read is answered from the cache" 'X-Stale: true' "$(app "/orders/$id" -i)"
expect "a reset closes it" '"state":"CLOSED"' "$(post /actuator/circuitbreakers/database '{"action": "RESET"}')"
echo "aot-smoke: passed"
