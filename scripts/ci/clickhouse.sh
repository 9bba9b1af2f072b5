#!/usr/bin/env bash
# A throw-away ClickHouse server for the database tests and for trying the README's recipe:
#   scripts/ci/clickhouse.sh start   start one (background process, 127.0.0.1 only, data in a temp folder)
#                                    and wait until it answers; does nothing when it already runs
#   scripts/ci/clickhouse.sh stop    stop it and delete its folder; does nothing when none runs
#   scripts/ci/clickhouse.sh status  exit 0 when it answers
# No systemd, no /var/lib/clickhouse: Debian's clickhouse-server (18.16) with a config of its own.
# CLICKHOUSE_PORT (native protocol, default 9000), CLICKHOUSE_HTTP_PORT (default 8123) and
# CLICKHOUSE_DIR (default $TMPDIR/smtp-log-clickhouse-$PORT) override the defaults; the tests read
# CLICKHOUSE_PORT too.
set -euo pipefail
PATH="$PATH:/usr/sbin" # where Debian installs clickhouse-server
PORT="${CLICKHOUSE_PORT:-9000}"
HTTP_PORT="${CLICKHOUSE_HTTP_PORT:-8123}"
DIR="${CLICKHOUSE_DIR:-${TMPDIR:-/tmp}/smtp-log-clickhouse-$PORT}"
PIDFILE="$DIR/server.pid"

answers() { clickhouse-client --host 127.0.0.1 --port "$PORT" --query 'SELECT 1' >/dev/null 2>&1; }
running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

start() {
  if running && answers; then echo "clickhouse: already running on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"), $DIR)"; return 0; fi
  if answers; then echo "clickhouse: a server not started by this script already answers on 127.0.0.1:$PORT; using it"; return 0; fi
  command -v clickhouse-server >/dev/null || { echo "clickhouse: clickhouse-server is not installed (apt-get install clickhouse-server clickhouse-client)" >&2; return 1; }
  if running; then kill "$(cat "$PIDFILE")" 2>/dev/null || true; sleep 1; fi
  rm -rf "$DIR"
  mkdir -p "$DIR/data" "$DIR/tmp" "$DIR/user_files" "$DIR/format_schemas" "$DIR/log"
  cat >"$DIR/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$DIR/log/server.log</log><errorlog>$DIR/log/server.err.log</errorlog><size>10M</size><count>1</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <tcp_port>$PORT</tcp_port>
  <http_port>$HTTP_PORT</http_port>
  <path>$DIR/data/</path>
  <tmp_path>$DIR/tmp/</tmp_path>
  <user_files_path>$DIR/user_files/</user_files_path>
  <format_schema_path>$DIR/format_schemas/</format_schema_path>
  <users_config>$DIR/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <timezone>UTC</timezone>
</yandex>
XML
  cat >"$DIR/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
  # setsid + nohup: the server outlives this script and the shell that ran it
  cd "$DIR"
  setsid nohup clickhouse-server --config-file="$DIR/config.xml" >"$DIR/log/stdout.log" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 120); do
    if answers; then echo "clickhouse: running on 127.0.0.1:$PORT (pid $(cat "$PIDFILE" 2>/dev/null || echo ?), data in $DIR)"; return 0; fi
    sleep 0.5
  done
  echo "clickhouse: the server did not answer within 60 s; its log:" >&2
  tail -n 30 "$DIR/log/server.err.log" "$DIR/log/stdout.log" >&2 2>/dev/null || true
  return 1
}

stop() {
  if ! running; then echo "clickhouse: not running (no server started by this script on port $PORT)"; rm -rf "$DIR"; return 0; fi
  local pid; pid="$(cat "$PIDFILE")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -rf "$DIR"
  echo "clickhouse: stopped (pid $pid)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if answers; then echo "clickhouse: answers on 127.0.0.1:$PORT"; else echo "clickhouse: not answering on 127.0.0.1:$PORT"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
