# Helpers shared by the ops scripts: a free loopback port, and waiting for a condition.
# Callers set WORK (a temporary folder holding app.log and, optionally, prometheus.log).

# A port on loopback that nothing answers on.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( (RANDOM % 30000) + 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}
# Waits up to $1 seconds for the command in the remaining arguments to succeed.
wait_for() {
  local seconds="$1"; shift
  local deadline=$((SECONDS + seconds))
  until "$@" > /dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "timed out after ${seconds}s waiting for: $*" >&2
      echo "--- app log"; tail -n 40 "$WORK/app.log" >&2 || true
      echo "--- prometheus log"; tail -n 20 "$WORK/prometheus.log" >&2 || true
      return 1
    fi
    sleep 1
  done
}
