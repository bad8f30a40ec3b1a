#!/usr/bin/env bash
# Starts the real backing services that Kestrel's integration tests talk to: PostgreSQL 15, Redis,
# a single-node Kafka broker in KRaft mode and an S3-compatible server (s3rver), all on loopback.
#
# Usage: scripts/test-services.sh start|stop|env|status
#   start   start whatever is not already running (idempotent) and wait until each is ready
#   stop    stop everything this state dir runs (PostgreSQL and S3 data are kept, `rm -rf` the state
#           dir to reset them; Kafka always starts empty)
#   env     print `export KESTREL_TEST_...=...` lines: eval "$(bash scripts/test-services.sh env)"
#   status  say which services are up
#
# Invariants: everything lives in one state dir (KESTREL_TEST_SERVICES_DIR, default
# /tmp/kestrel-test-services) and binds 127.0.0.1 only; nothing is written into the repo. Kafka's jars
# come from Maven Central through `mvn` into a cache outside the repo
# (${KESTREL_CACHE_DIR:-$HOME/.cache/kestrel}/kafka-<version>/). Missing Debian packages are installed
# with apt-get when running as root.
# `start` refuses ports that a process it did not start already holds, and `stop` only stops
# processes recorded in this state dir, so two state dirs (or other people's services) never collide.
# Known limits: one instance per state dir; the ports are fixed per state dir (override with the
# KESTREL_TEST_*_PORT variables before the first start); data is tuned for speed, not durability
# (fsync off, no Redis persistence) — never point anything real at it.
# KESTREL_TEST_PG_DURABLE=1 runs PostgreSQL with its own durable defaults instead (fsync, synchronous
# commit, full-page writes): what benchmarks that claim persistence measure against. `start` restarts
# a running PostgreSQL whose durability differs from the one asked for.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIB_DIR="$REPO_DIR/scripts/lib"
STATE_DIR="${KESTREL_TEST_SERVICES_DIR:-/tmp/kestrel-test-services}"
CACHE_DIR="${KESTREL_CACHE_DIR:-$HOME/.cache/kestrel}"
KAFKA_VERSION="${KESTREL_KAFKA_VERSION:-4.4.0}"
KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
PG_BIN="${KESTREL_PG_BIN:-/usr/lib/postgresql/15/bin}"
START_TIMEOUT="${KESTREL_TEST_SERVICES_TIMEOUT:-180}"

PG_DB=kestrel_test
S3_BUCKET=kestrel-test
S3_ACCESS_KEY=S3RVER
S3_SECRET_KEY=S3RVER

log() { printf '[test-services] %s\n' "$*" >&2; }
die() { printf '[test-services] ERROR: %s\n' "$*" >&2; exit 1; }

# Ports are chosen once per state dir and remembered, so `env` agrees with what `start` launched.
load_ports() {
  local ports_file="$STATE_DIR/ports.env"
  if [[ -f "$ports_file" ]]; then
    # shellcheck source=/dev/null
    source "$ports_file"
  else
    PG_PORT="${KESTREL_TEST_PG_PORT:-55432}"
    REDIS_PORT="${KESTREL_TEST_REDIS_PORT:-56379}"
    KAFKA_PORT="${KESTREL_TEST_KAFKA_PORT:-59092}"
    KAFKA_CONTROLLER_PORT="${KESTREL_TEST_KAFKA_CONTROLLER_PORT:-59093}"
    S3_PORT="${KESTREL_TEST_S3_PORT:-54569}"
  fi
}

save_ports() {
  mkdir -p "$STATE_DIR"
  cat >"$STATE_DIR/ports.env" <<EOF
PG_PORT=$PG_PORT
REDIS_PORT=$REDIS_PORT
KAFKA_PORT=$KAFKA_PORT
KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT
S3_PORT=$S3_PORT
EOF
}

is_root() { [[ "$(id -u)" == 0 ]]; }

# Runs a command as the postgres OS user when we are root (PostgreSQL refuses to run as root).
as_pg_user() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# True when the pid file FILE names a live process whose command line contains MARKER. The marker
# (a path in the state dir, a port) tells our process from an unrelated one that got the same pid
# after a reboot or on a machine restored with this state dir: such a stale pid file is neither
# waited for nor signalled.
pid_alive() {
  local pid
  [[ -f "$1" ]] && pid="$(head -n 1 "$1")" && [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# True when something accepts TCP connections on 127.0.0.1:PORT (bash's /dev/tcp, no extra tools).
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Refuses to go on when something this state dir did not start already answers on a port: reusing
# it would put test data into someone else's service, and `stop` must never stop foreign processes.
refuse_foreign() {
  local name="$1" port="$2" variable="$3"
  die "$name: 127.0.0.1:$port is already in use by a process this state dir ($STATE_DIR) did not start; set $variable to a free port (before the first start of a new state dir) or stop that process"
}

show_log_tail() {
  local name="$1" file="$2"
  printf '[test-services] --- last lines of %s (%s) ---\n' "$name" "$file" >&2
  if [[ -f "$file" ]]; then tail -n 40 "$file" >&2; else echo "(no log file)" >&2; fi
  printf '[test-services] --- end of %s log ---\n' "$name" >&2
}

# wait_until NAME LOGFILE CHECK... : polls CHECK every 0.25 s until it succeeds or START_TIMEOUT passes.
wait_until() {
  local name="$1" logfile="$2"
  shift 2
  local deadline=$((SECONDS + START_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      show_log_tail "$name" "$logfile"
      die "$name did not become ready within ${START_TIMEOUT}s (check: $*)"
    fi
    sleep 0.25
  done
}

ensure_debian_packages() {
  local missing=()
  [[ -x "$PG_BIN/postgres" ]] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || missing+=(maven)
  ((${#missing[@]} == 0)) && return 0
  is_root || die "missing packages: ${missing[*]} — install them (apt-get install -y ${missing[*]}) or run as root"
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  # The Debian package starts a cluster/daemon of its own on the default ports; we do not use them.
  if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster 15 main stop 2>/dev/null || true
  fi
  if [[ " ${missing[*]} " == *" redis-server "* ]]; then
    (service redis-server stop || redis-cli -p 6379 shutdown nosave) >/dev/null 2>&1 || true
  fi
}

# ---------- PostgreSQL ----------

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -d postgres -U postgres; }
pg_durable() { [[ "${KESTREL_TEST_PG_DURABLE:-0}" == 1 ]]; }
# The running server's fsync setting, and the one this start asks for.
pg_fsync_running() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc 'SHOW fsync'; }
pg_fsync_wanted() { if pg_durable; then echo on; else echo off; fi; }

start_postgres() {
  local data="$STATE_DIR/postgres/data" sock="$STATE_DIR/postgres/socket" logfile="$STATE_DIR/postgres/postgres.log"
  if [[ -f "$data/postmaster.pid" ]] && pg_ready && [[ "$(pg_fsync_running)" != "$(pg_fsync_wanted)" ]]; then
    log "restarting postgres: it runs with fsync=$(pg_fsync_running), this start asks for fsync=$(pg_fsync_wanted) (KESTREL_TEST_PG_DURABLE)"
    stop_postgres
  fi
  if [[ -f "$data/postmaster.pid" ]] && pg_ready; then
    log "postgres already running on 127.0.0.1:$PG_PORT"
  elif pg_ready; then
    refuse_foreign postgres "$PG_PORT" KESTREL_TEST_PG_PORT
  else
    mkdir -p "$STATE_DIR/postgres" "$sock"
    # A lock file whose postmaster is gone (a reboot, a restored machine) stops PostgreSQL when an
    # unrelated process now has its pid; it is stale once no postgres of this data dir runs.
    if [[ -f "$data/postmaster.pid" ]] && ! pid_alive "$data/postmaster.pid" "$data"; then
      log "removing the stale lock file $data/postmaster.pid"
      rm -f "$data/postmaster.pid"
    fi
    if is_root; then chown -R postgres: "$STATE_DIR/postgres"; fi
    if [[ ! -f "$data/PG_VERSION" ]]; then
      log "initialising postgres cluster in $data"
      as_pg_user "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$STATE_DIR/postgres/initdb.log" 2>&1 ||
        { show_log_tail initdb "$STATE_DIR/postgres/initdb.log"; die "initdb failed"; }
    fi
    # Durability is traded for speed unless asked for: this cluster only ever holds disposable test data.
    local speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if pg_durable; then speed=""; fi
    log "starting postgres on 127.0.0.1:$PG_PORT ($(pg_durable && echo durable || echo 'fsync off'))"
    as_pg_user "$PG_BIN/pg_ctl" -D "$data" -l "$logfile" -w -t "$START_TIMEOUT" start \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $sock $speed -c max_connections=300" \
      >/dev/null 2>&1 || { show_log_tail postgres "$logfile"; die "postgres failed to start"; }
    wait_until postgres "$logfile" pg_ready
  fi
  local exists
  exists="$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")"
  if [[ "$exists" != 1 ]]; then
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE $PG_DB" >/dev/null
    log "created database $PG_DB"
  fi
}

stop_postgres() {
  local data="$STATE_DIR/postgres/data"
  if [[ -f "$data/postmaster.pid" ]]; then
    as_pg_user "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 && log "postgres stopped" || true
  fi
}

# ---------- Redis ----------

redis_ready() { [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

start_redis() {
  local dir="$STATE_DIR/redis"
  if pid_alive "$dir/redis.pid" "127.0.0.1:$REDIS_PORT" && redis_ready; then
    log "redis already running on 127.0.0.1:$REDIS_PORT"
    return
  fi
  redis_ready && refuse_foreign redis "$REDIS_PORT" KESTREL_TEST_REDIS_PORT
  mkdir -p "$dir"
  log "starting redis on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
    --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null ||
    { show_log_tail redis "$dir/redis.log"; die "redis failed to start"; }
  wait_until redis "$dir/redis.log" redis_ready
}

stop_redis() {
  local pidfile="$STATE_DIR/redis/redis.pid"
  pid_alive "$pidfile" "127.0.0.1:$REDIS_PORT" || { rm -f "$pidfile"; return 0; }
  local pid
  pid="$(cat "$pidfile")"
  # SIGTERM makes redis exit cleanly; with persistence off it writes nothing.
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  rm -f "$pidfile"
  log "redis stopped"
}

# ---------- Kafka ----------

# Fetches kafka_2.13 and its runtime dependencies (plus a log4j2 SLF4J backend) once into the cache.
ensure_kafka_jars() {
  [[ -f "$KAFKA_HOME/.complete" ]] && return 0
  log "fetching Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_HOME"
  mkdir -p "$KAFKA_HOME"
  cat >"$KAFKA_HOME/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.kestrel</groupId>
  <artifactId>kafka-test-broker</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.17</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>2.25.5</version></dependency>
  </dependencies>
</project>
EOF
  rm -rf "$KAFKA_HOME/libs"
  (cd "$KAFKA_HOME" && mvn -B -q dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$KAFKA_HOME/libs") \
    >"$KAFKA_HOME/mvn.log" 2>&1 || { show_log_tail maven "$KAFKA_HOME/mvn.log"; die "could not fetch Kafka jars with Maven"; }
  ls "$KAFKA_HOME/libs"/kafka_2.13-*.jar >/dev/null 2>&1 || die "Maven finished but kafka_2.13 jar is missing in $KAFKA_HOME/libs"
  touch "$KAFKA_HOME/.complete"
}

kafka_ready() { NODE_NO_WARNINGS=1 node "$LIB_DIR/kafka-ready.mjs" "127.0.0.1:$KAFKA_PORT"; }

write_kafka_config() {
  local dir="$1"
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
# The bus creates its topics explicitly with a configured partition count.
auto.create.topics.enable=false
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Fast tests: no initial rebalance delay and short session timeouts allowed.
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=500
group.consumer.min.session.timeout.ms=500
group.consumer.min.heartbeat.interval.ms=100
log.flush.interval.messages=9223372036854775807
num.network.threads=2
num.io.threads=4
log.retention.hours=2
EOF
  cat >"$dir/log4j2.properties" <<EOF
status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $dir/kafka.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
}

# Starts a broker on an empty, freshly formatted log dir. Every test run creates its own topics
# under a random prefix and nothing reads what an earlier broker held, but a kept log dir makes the
# broker load every partition ever created before it answers: 14,150 partitions left by earlier
# runs kept a restarted broker from becoming ready within 180 s.
launch_kafka() {
  local dir="$1"
  ensure_kafka_jars
  mkdir -p "$dir"
  rm -rf "$dir/data"
  write_kafka_config "$dir"
  local cp="$KAFKA_HOME/libs/*"
  local jvm=(java -Xms256m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$dir/log4j2.properties" -cp "$cp")
  local cluster_id
  cluster_id="$("${jvm[@]}" kafka.tools.StorageTool random-uuid 2>"$dir/format.log")" ||
    { show_log_tail kafka-format "$dir/format.log"; die "kafka random-uuid failed"; }
  "${jvm[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >>"$dir/format.log" 2>&1 ||
    { show_log_tail kafka-format "$dir/format.log"; die "kafka storage format failed"; }
  log "formatted kafka storage (cluster $cluster_id)"
  log "starting kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT"
  : >"$dir/stdout.log"
  nohup "${jvm[@]}" kafka.Kafka "$dir/server.properties" >>"$dir/stdout.log" 2>&1 </dev/null &
  echo $! >"$dir/kafka.pid"
}

start_kafka() {
  local dir="$STATE_DIR/kafka"
  if pid_alive "$dir/kafka.pid" "$dir/server.properties"; then
    kafka_ready >/dev/null 2>&1 && { log "kafka already running on 127.0.0.1:$KAFKA_PORT"; return; }
    log "kafka (pid $(cat "$dir/kafka.pid")) is still starting; waiting for it"
  else
    ! port_open "$KAFKA_PORT" || refuse_foreign kafka "$KAFKA_PORT" KESTREL_TEST_KAFKA_PORT
    ! port_open "$KAFKA_CONTROLLER_PORT" ||
      refuse_foreign kafka-controller "$KAFKA_CONTROLLER_PORT" KESTREL_TEST_KAFKA_CONTROLLER_PORT
    launch_kafka "$dir"
  fi
  local deadline=$((SECONDS + START_TIMEOUT))
  until kafka_ready >/dev/null 2>&1; do
    if ! pid_alive "$dir/kafka.pid" "$dir/server.properties"; then
      show_log_tail kafka "$dir/stdout.log"
      show_log_tail kafka "$dir/kafka.log"
      die "kafka exited during start-up"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail kafka "$dir/kafka.log"
      die "kafka did not become ready within ${START_TIMEOUT}s"
    fi
    sleep 0.5
  done
}

stop_kafka() {
  local pidfile="$STATE_DIR/kafka/kafka.pid"
  pid_alive "$pidfile" "$STATE_DIR/kafka/server.properties" || { rm -f "$pidfile"; return 0; }
  local pid
  pid="$(cat "$pidfile")"
  kill -TERM "$pid"
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "kafka did not stop in 30s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "kafka stopped"
}

# ---------- S3 (s3rver) ----------

s3_ready() { NODE_NO_WARNINGS=1 node "$LIB_DIR/s3-ready.mjs" "http://127.0.0.1:$S3_PORT" "$S3_BUCKET" "$S3_ACCESS_KEY" "$S3_SECRET_KEY"; }

start_s3() {
  local dir="$STATE_DIR/s3"
  if pid_alive "$dir/s3rver.pid" "$dir/data" && s3_ready; then
    log "s3rver already running on 127.0.0.1:$S3_PORT"
    return
  fi
  pid_alive "$dir/s3rver.pid" "$dir/data" || ! port_open "$S3_PORT" || refuse_foreign s3rver "$S3_PORT" KESTREL_TEST_S3_PORT
  mkdir -p "$dir/data"
  log "starting s3rver on 127.0.0.1:$S3_PORT"
  # s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers through
  # its legacy provider; without it every truncated listing fails with InternalError.
  nohup node --openssl-legacy-provider "$LIB_DIR/s3rver-server.mjs" "$S3_PORT" "$dir/data" "$S3_BUCKET" \
    >"$dir/s3rver.log" 2>&1 </dev/null &
  echo $! >"$dir/s3rver.pid"
  wait_until s3rver "$dir/s3rver.log" s3_ready
}

stop_s3() {
  local pidfile="$STATE_DIR/s3/s3rver.pid"
  if pid_alive "$pidfile" "$STATE_DIR/s3/data"; then
    local pid
    pid="$(cat "$pidfile")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -KILL "$pid" 2>/dev/null || true
    log "s3rver stopped"
  fi
  rm -f "$pidfile"
}

# ---------- commands ----------

print_env() {
  cat <<EOF
export KESTREL_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/$PG_DB
export KESTREL_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT
export KESTREL_TEST_KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
export KESTREL_TEST_S3_ENDPOINT=http://127.0.0.1:$S3_PORT
export KESTREL_TEST_S3_ACCESS_KEY=$S3_ACCESS_KEY
export KESTREL_TEST_S3_SECRET_KEY=$S3_SECRET_KEY
export KESTREL_TEST_S3_BUCKET=$S3_BUCKET
EOF
}

print_status() {
  local rc=0
  report() {
    if "$2" >/dev/null 2>&1; then echo "$1: up ($3)"; else echo "$1: down"; rc=1; fi
  }
  report postgres pg_ready "127.0.0.1:$PG_PORT"
  report redis redis_ready "127.0.0.1:$REDIS_PORT"
  report kafka kafka_ready "127.0.0.1:$KAFKA_PORT"
  report s3 s3_ready "127.0.0.1:$S3_PORT"
  return $rc
}

main() {
  local cmd="${1:-}"
  load_ports
  case "$cmd" in
    start)
      ensure_debian_packages
      save_ports
      start_postgres
      start_redis
      start_kafka
      start_s3
      log "all services ready (state dir $STATE_DIR)"
      ;;
    stop)
      stop_s3
      stop_kafka
      stop_redis
      stop_postgres
      ;;
    env) print_env ;;
    status) print_status ;;
    *)
      echo "usage: $0 start|stop|env|status" >&2
      exit 2
      ;;
  esac
}

main "$@"
