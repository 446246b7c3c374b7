#!/usr/bin/env bash
# Benchmarks of Signon against Spring Authorization Server and against the crypto ceilings.
#
#   benchmarks/run.sh [http|jmh|memory|all]      (default: all)
#
# http    wrk over 127.0.0.1, 8 connections: token endpoint (client_credentials), the whole
#         authorization-code flow, introspection. Peer and ours alternate within one run (ABBA
#         across rounds) and every ratio is computed from adjacent runs. Ours on each store of
#         STORES; with postgres also the peer on its JDBC services on the same embedded
#         PostgreSQL, ours' userinfo and user_details there, and one "target:" line per target
#         of the PostgreSQL work in ratios.tsv.
# jmh     in-process: crypto ceilings, the engine's endpoints, SignonFilter's bearer check.
# memory  heap after a million issued-and-expired tokens, ours (purge running) and the peer's.
# baseline <jar>   ours against ours built from another commit (before/after a change).
# pgbench  the ceiling of the embedded PostgreSQL ours runs on: a single-row insert and an indexed
#          lookup, 8 clients (also run by http and baseline when STORES has postgres).
#
# Settings from the environment: ROUNDS (2), WARMUP seconds (8), DURATION seconds (10),
# STORES for ours ("memory h2 postgres"; h2 is the embedded default, an H2 file), ONLY (a regex:
# run only the comparisons it matches), SKIP_BUILD=1 to reuse the built jars, OURS_PORT (8090),
# PEER_PORT (9000), PG_PORT (5433).
# Results go to benchmarks/target/results/ (http.tsv, jmh.txt, memory.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WHAT=${1:-all}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-8}
DURATION=${DURATION:-10}
STORES=${STORES:-memory h2 postgres}
JAR=$ROOT/benchmarks/target/benchmarks.jar
PEER_JAR=$ROOT/benchmarks/peer-spring-authorization-server/target/peer-spring-authorization-server.jar
OUT=$ROOT/benchmarks/target/results
JVM_OPTS=${JVM_OPTS:--Xms1g -Xmx2g}
OURS_PORT=${OURS_PORT:-8090}
PEER_PORT=${PEER_PORT:-9000}
PG_PORT=${PG_PORT:-5433}
mkdir -p "$OUT"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
  mvn -B -q -f benchmarks/peer-spring-authorization-server/pom.xml package
fi
if ! command -v wrk > /dev/null; then
  apt-get install -y -q wrk
fi

B64() { printf '%s' "$1" | base64 -w0; }
API_BASIC="Basic $(B64 api:bench-secret)"
WEB_BASIC="Basic $(B64 web:web-secret)"
VERIFIER=dBjftJeZ4CVP-mJ92K9TRv5qfdWKN8WZyYb0uJR0g9nJ
CHALLENGE=$(printf '%s' "$VERIFIER" | openssl dgst -sha256 -binary | base64 -w0 | tr '+/' '-_' | tr -d '=')

SERVER_PID=
DB_PID=
stop_server() { # the server, then the database it ran on (if run.sh started one for it)
  local pid
  for pid in $SERVER_PID $DB_PID; do
    kill "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
  done
  SERVER_PID= DB_PID=
}
trap stop_server EXIT

wait_for() { # url
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    sleep 0.5
  done
  echo "server did not start: $1" >&2
  return 1
}

# The embedded PostgreSQL ours runs on (durable commits, PG_PORT) without our host, with an empty
# database "peer" for the peer's JDBC services; stopped by stop_server after the peer.
start_database() {
  java -Xmx256m -cp "$JAR" dev.signon.benchmarks.http.BenchHost --store postgres --db-only \
    --pg-port $PG_PORT > "$OUT/database.log" 2>&1 &
  DB_PID=$!
  for _ in $(seq 1 120); do
    if grep -q '^ready' "$OUT/database.log"; then return 0; fi
    if ! kill -0 "$DB_PID" 2> /dev/null; then break; fi
    sleep 0.5
  done
  echo "database did not start (see $OUT/database.log)" >&2
  return 1
}

# start_ours <store> <opaque|jwt>; start_peer <self-contained|reference> [memory|jdbc]
start_ours() {
  java $JVM_OPTS -cp "$JAR" dev.signon.benchmarks.http.BenchHost --store "$1" --access-tokens "$2" \
    --port $OURS_PORT --pg-port $PG_PORT > "$OUT/ours.log" 2>&1 &
  SERVER_PID=$!
  wait_for "http://127.0.0.1:$OURS_PORT/.well-known/openid-configuration"
  BASE=http://127.0.0.1:$OURS_PORT TOKEN=/oauth/token INTROSPECT=/oauth/introspect
  AUTHORIZE=/oauth/authorize USERINFO=/userinfo SCOPE= COOKIES="bench_session=joe"
}
# The same host from another build (benchmarks/run.sh baseline <jar>), as the "peer" side.
start_baseline() {
  java $JVM_OPTS -cp "$BASELINE_JAR" dev.signon.benchmarks.http.BenchHost --store "$1" --access-tokens "$2" \
    --port $OURS_PORT --pg-port $PG_PORT > "$OUT/baseline.log" 2>&1 &
  SERVER_PID=$!
  wait_for "http://127.0.0.1:$OURS_PORT/.well-known/openid-configuration"
  BASE=http://127.0.0.1:$OURS_PORT TOKEN=/oauth/token INTROSPECT=/oauth/introspect
  AUTHORIZE=/oauth/authorize USERINFO=/userinfo SCOPE= COOKIES="bench_session=joe"
}
start_peer() {
  local store=()
  if [ "${2:-memory}" = jdbc ]; then
    start_database
    store=(--peer.store=jdbc --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PG_PORT/peer"
      --spring.datasource.username=postgres)
  fi
  java $JVM_OPTS -jar "$PEER_JAR" --peer.token-format="$1" "${store[@]}" --server.port=$PEER_PORT \
    > "$OUT/peer.log" 2>&1 &
  SERVER_PID=$!
  wait_for "http://127.0.0.1:$PEER_PORT/.well-known/openid-configuration"
  BASE=http://127.0.0.1:$PEER_PORT TOKEN=/oauth2/token INTROSPECT=/oauth2/introspect
  AUTHORIZE=/oauth2/authorize USERINFO=/userinfo SCOPE="&scope=read"
  # One signed-in session per connection, through the form login.
  COOKIES=
  for i in 1 2 3 4 5 6 7 8; do
    local jar=$OUT/peer-cookies-$i
    rm -f "$jar"
    local csrf
    csrf=$(curl -s -c "$jar" -b "$jar" "$BASE/login" | grep -o 'name="_csrf"[^>]*value="[^"]*"' | sed 's/.*value="//;s/"$//')
    curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode username=joe \
      --data-urlencode password=joe-password --data-urlencode "_csrf=$csrf" "$BASE/login"
    COOKIES="${COOKIES:+$COOKIES|}JSESSIONID=$(awk '$6 == "JSESSIONID" {print $7}' "$jar")"
  done
}

# run_load <scenario> -> prints the RESULT line of a measured run, after a warm-up run
run_load() {
  local scenario=$1 seconds
  for phase in warmup measure; do
    if [ $phase = warmup ]; then seconds=$WARMUP; else seconds=$DURATION; fi
    case $scenario in
      client_credentials)
        wrk -t1 -c8 -d${seconds}s -s benchmarks/wrk/post-form.lua "$BASE" -- \
          "$TOKEN" "$API_BASIC" "grant_type=client_credentials$SCOPE" ;;
      introspection)
        local token
        token=$(curl -s -XPOST -H "Authorization: $API_BASIC" -d "grant_type=client_credentials$SCOPE" \
          "$BASE$TOKEN" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
        wrk -t1 -c8 -d${seconds}s -s benchmarks/wrk/post-form.lua "$BASE" -- \
          "$INTROSPECT" "$API_BASIC" "token=$token" ;;
      userinfo | user_details)
        # A person's access token (openid), through authorize and the code exchange.
        local location code access path=$USERINFO
        [ "$scenario" = user_details ] && path=/api/user_details
        location=$(curl -s -o /dev/null -w '%{redirect_url}' -H "Cookie: ${COOKIES%%|*}" \
          "$BASE$AUTHORIZE?response_type=code&client_id=web&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&scope=openid%20profile&state=s&nonce=n&code_challenge=$CHALLENGE&code_challenge_method=S256")
        code=$(printf '%s' "$location" | sed 's/.*[?&]code=\([^&]*\).*/\1/')
        access=$(curl -s -XPOST -H "Authorization: $WEB_BASIC" \
          -d "grant_type=authorization_code&code=$code&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&code_verifier=$VERIFIER" \
          "$BASE$TOKEN" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
        wrk -t1 -c8 -d${seconds}s -s benchmarks/wrk/get-bearer.lua "$BASE" -- "$path" "$access" ;;
      code_flow)
        wrk -t8 -c8 -d${seconds}s -s benchmarks/wrk/code-flow.lua "$BASE" -- \
          "$AUTHORIZE" "$TOKEN" "$USERINFO" "$WEB_BASIC" "$CHALLENGE" "$VERIFIER" "$COOKIES" ;;
    esac > "$OUT/wrk-last.txt" 2>&1
  done
  grep RESULT "$OUT/wrk-last.txt" | sed 's/^RESULT //'
}

value() { # key line
  echo "$2" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'
}

# measure <label> <side> <start command...>
measure() {
  local label=$1 side=$2 scenario=$3
  shift 3
  trap stop_server EXIT # measure runs in a subshell: stop what it started even if it fails
  "$@"
  local line
  line=$(run_load "$scenario")
  stop_server
  local rate
  if [ "$scenario" = code_flow ]; then rate=$(value flows_per_s "$line"); else rate=$(value rps "$line"); fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$ROUND" "$label" "$side" "$rate" "$line" | tee -a "$OUT/http.tsv" >&2
  echo "$rate"
}

# compare <label> <scenario> <peer start...> -- <ours start...>; leaves the two rates in
# LAST_PEER and LAST_OURS (empty when ONLY skipped the comparison) for the target lines.
compare() {
  local label=$1 scenario=$2
  shift 2
  LAST_PEER= LAST_OURS=
  if [ -n "${ONLY:-}" ] && ! [[ $label =~ $ONLY ]]; then return 0; fi
  local peer=() ours=()
  while [ "$1" != -- ]; do peer+=("$1"); shift; done
  shift
  ours=("$@")
  local p o
  if [ $((ROUND % 2)) = 1 ]; then
    p=$(measure "$label" peer "$scenario" "${peer[@]}")
    o=$(measure "$label" ours "$scenario" "${ours[@]}")
  else
    o=$(measure "$label" ours "$scenario" "${ours[@]}")
    p=$(measure "$label" peer "$scenario" "${peer[@]}")
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$ROUND" "$label" "$p" "$o" "$(awk -v o="$o" -v p="$p" 'BEGIN {printf "%.2f", o / p}')" >> "$OUT/ratios.tsv"
  LAST_PEER=$p LAST_OURS=$o
}

# alone <label> <scenario> <ours start...>: one side measured by itself (its ceiling is a
# pgbench rate of the same round); leaves its rate in LAST_OURS.
alone() {
  local label=$1 scenario=$2
  shift 2
  LAST_PEER= LAST_OURS=
  if [ -n "${ONLY:-}" ] && ! [[ $label =~ $ONLY ]]; then return 0; fi
  local o
  o=$(measure "$label" ours "$scenario" "$@")
  printf '%s\t%s\t-\t%s\t-\n' "$ROUND" "$label" "$o" >> "$OUT/ratios.tsv"
  LAST_OURS=$o
}

# target <what> <rate> <the rate it is measured against> <least ratio>: a "target:" line in
# ratios.tsv with the measured ratio (a percentage below 1, a multiple from 1) and whether it is
# met; nothing when the row was not run (ONLY), "not measured" when the other rate is missing
# (pgbench left out by ONLY).
target() {
  local what=$1 rate=$2 against=$3 least=$4 verdict
  [ -n "$rate" ] || return 0
  verdict=$(awk -v n="$rate" -v d="$against" -v t="$least" 'BEGIN {
    if (d == "" || n == "") { print "not measured in this run"; exit }
    if (d + 0 <= 0) { print "nothing to compare with (0/s)"; exit }
    r = n / d
    if (t < 1) printf "measured %.0f %%, ", r * 100; else printf "measured %.2fx, ", r
    print (r >= t ? "met" : "not met") }')
  printf '%s\ttarget: %s\t%s\t%s\t%s\n' "$ROUND" "$what" "${against:--}" "$rate" "$verdict" >> "$OUT/ratios.tsv"
}

# RS256 signatures per second with both cores (JMH, Nimbus, 2048-bit key): the ceiling of any
# path that signs once per request, measured in the same run as the paths it bounds.
rsa_ceiling() {
  java -Djmh.ignoreLock=true -jar "$JAR" 'CeilingBenchmark.rs256Sign' -t 2 -wi 2 -w 2 -i 3 -r 2 -f 1 \
    -rf csv -rff "$OUT/rsa-ceiling.csv" > /dev/null 2>&1
  local score
  score=$(tail -1 "$OUT/rsa-ceiling.csv" | cut -d, -f5)
  printf '%s\tRS256 sign ceiling, JMH, 2 threads (signatures/s)\t-\t%.1f\t-\n' "$ROUND" "$score" >> "$OUT/ratios.tsv"
}

# The database's own rate, on the embedded PostgreSQL ours runs on (durable commits), while our
# host is up but idle: a single-row insert (a token request's floor) and a lookup by primary key
# (an introspection's), 8 clients, prepared statements.
pgbench_ceiling() {
  if ! command -v pgbench > /dev/null; then
    apt-get install -y -q postgresql-client
  fi
  if [ -n "${ONLY:-}" ] && ! [[ pgbench =~ $ONLY ]]; then return 0; fi
  start_ours postgres opaque
  local pg=(-h 127.0.0.1 -p "$PG_PORT" -U postgres postgres)
  psql -q "${pg[@]}" -f benchmarks/pgbench/setup.sql > /dev/null
  local file tps
  PG_INSERT= PG_LOOKUP=
  for file in insert lookup; do
    pgbench -n -M prepared -c 8 -j 2 -T "$WARMUP" -f "benchmarks/pgbench/$file.sql" "${pg[@]}" > /dev/null 2>&1
    tps=$(pgbench -n -M prepared -c 8 -j 2 -T "$DURATION" -f "benchmarks/pgbench/$file.sql" "${pg[@]}" 2> /dev/null |
      awk '/^tps/ {print $3; exit}')
    printf '%s	pgbench %s, 8 clients (transactions/s)	-	%s	-
' "$ROUND" "$file" "$tps" | tee -a "$OUT/ratios.tsv" >&2
    if [ $file = insert ]; then PG_INSERT=$tps; else PG_LOOKUP=$tps; fi
  done
  stop_server
}

has_postgres() { [[ " $STORES " == *" postgres "* ]]; }

http() {
  : > "$OUT/http.tsv"
  : > "$OUT/ratios.tsv"
  for ROUND in $(seq 1 "$ROUNDS"); do
    PG_INSERT= PG_LOOKUP=
    if [ -z "${ONLY:-}" ] || [[ RS256 =~ $ONLY ]]; then rsa_ceiling; fi
    if has_postgres; then pgbench_ceiling; fi
    compare "client_credentials, defaults (ours opaque/memory, peer RS256 JWT)" client_credentials \
      start_peer self-contained -- start_ours memory opaque
    compare "client_credentials, both opaque (memory)" client_credentials \
      start_peer reference -- start_ours memory opaque
    compare "client_credentials, both RS256 JWT (memory)" client_credentials \
      start_peer self-contained -- start_ours memory jwt
    compare "code flow, defaults (memory)" code_flow \
      start_peer self-contained -- start_ours memory opaque
    compare "introspection, both opaque (memory)" introspection \
      start_peer reference -- start_ours memory opaque
    compare "introspection, defaults (memory)" introspection \
      start_peer self-contained -- start_ours memory opaque
    for store in $STORES; do
      [ "$store" = memory ] && continue
      compare "client_credentials, ours on $store vs peer in memory, both opaque" client_credentials \
        start_peer reference -- start_ours "$store" opaque
      if [ "$store" = h2 ]; then
        target "client_credentials, ours on h2 >= 3x the peer in memory" "$LAST_OURS" "$LAST_PEER" 3
      fi
      compare "code flow, ours on $store vs peer in memory, defaults" code_flow \
        start_peer self-contained -- start_ours "$store" opaque
      if [ "$store" = h2 ]; then
        target "code flow, ours on h2 >= 3x the peer in memory" "$LAST_OURS" "$LAST_PEER" 3
      fi
      compare "introspection, ours on $store vs peer in memory, both opaque" introspection \
        start_peer reference -- start_ours "$store" opaque
      if [ "$store" = h2 ]; then
        target "introspection, ours on h2 >= 3x the peer in memory" "$LAST_OURS" "$LAST_PEER" 3
      fi
    done
    if has_postgres; then postgres_rows; fi
  done
  echo
  echo "round	comparison	peer/s	ours/s	ours/peer"
  cat "$OUT/ratios.tsv"
}

# Ours on PostgreSQL against the peer on its JDBC services on the same embedded server (each on
# its own database), against ours in memory, and alone next to pgbench; a target line after each.
postgres_rows() {
  compare "client_credentials, both opaque, ours on postgres vs peer on JDBC (same PostgreSQL)" \
    client_credentials start_peer reference jdbc -- start_ours postgres opaque
  target "client_credentials, ours on postgres >= 3x the peer on JDBC" "$LAST_OURS" "$LAST_PEER" 3
  target "client_credentials, ours on postgres >= 50 % of pgbench's insert rate" \
    "$LAST_OURS" "$PG_INSERT" 0.5
  compare "introspection, both opaque, ours on postgres vs peer on JDBC (same PostgreSQL)" \
    introspection start_peer reference jdbc -- start_ours postgres opaque
  target "introspection, ours on postgres >= 3x the peer on JDBC" "$LAST_OURS" "$LAST_PEER" 3
  target "introspection, ours on postgres >= 30 % of pgbench's lookup rate" \
    "$LAST_OURS" "$PG_LOOKUP" 0.3
  compare "code flow, defaults, ours on postgres vs peer on JDBC (same PostgreSQL)" code_flow \
    start_peer self-contained jdbc -- start_ours postgres opaque
  target "code flow, ours on postgres >= 3x the peer on JDBC" "$LAST_OURS" "$LAST_PEER" 3
  # Here the "peer" side is ours in memory.
  compare "code flow, ours on postgres vs ours in memory" code_flow \
    start_ours memory opaque -- start_ours postgres opaque
  target "code flow, ours on postgres >= 70 % of ours in memory" "$LAST_OURS" "$LAST_PEER" 0.7
  alone "userinfo, ours on postgres" userinfo \
    start_ours postgres opaque
  target "userinfo, ours on postgres >= 30 % of pgbench's lookup rate" "$LAST_OURS" "$PG_LOOKUP" 0.3
  alone "user_details, ours on postgres" user_details \
    start_ours postgres opaque
  target "user_details, ours on postgres >= 30 % of pgbench's lookup rate" \
    "$LAST_OURS" "$PG_LOOKUP" 0.3
}

# Ours now against ours from another build: what a change did, as a ratio measured in one run.
baseline() {
  : > "$OUT/http.tsv"
  : > "$OUT/ratios.tsv"
  for ROUND in $(seq 1 "$ROUNDS"); do
    if has_postgres; then pgbench_ceiling; fi
    for store in $STORES; do
      compare "client_credentials, JWT ($store)" client_credentials \
        start_baseline "$store" jwt -- start_ours "$store" jwt
      compare "client_credentials, opaque ($store)" client_credentials \
        start_baseline "$store" opaque -- start_ours "$store" opaque
      compare "code flow ($store)" code_flow \
        start_baseline "$store" opaque -- start_ours "$store" opaque
      compare "introspection ($store)" introspection \
        start_baseline "$store" opaque -- start_ours "$store" opaque
      compare "userinfo ($store)" userinfo \
        start_baseline "$store" opaque -- start_ours "$store" opaque
      compare "user_details ($store)" user_details \
        start_baseline "$store" opaque -- start_ours "$store" opaque
    done
  done
  echo
  echo "round	comparison	before/s	after/s	after/before"
  cat "$OUT/ratios.tsv"
}

jmh() {
  java -Xmx2g -jar "$JAR" -rf text -rff "$OUT/jmh.txt" ${JMH_ARGS:-} 'Ceiling|Filter|TokenEndpoint'
}

heap_used_mb() { # pid: heap used after a full GC, in MB
  jcmd "$1" GC.run > /dev/null
  jcmd "$1" GC.run > /dev/null
  jcmd "$1" GC.heap_info | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub("K,?", "", v); printf "%.1f", v / 1024; exit}}'
}

# Heap per retained token over HTTP: MEMORY_SECONDS of client_credentials, then a full GC.
heap_over_http() { # label start...
  local label=$1
  shift
  "$@"
  local before after line requests
  before=$(heap_used_mb "$SERVER_PID")
  line=$(DURATION=${MEMORY_SECONDS:-60} WARMUP=1 run_load client_credentials)
  requests=$(value requests "$line")
  after=$(heap_used_mb "$SERVER_PID")
  stop_server
  printf '%s: %s tokens issued, heap after GC %s MB -> %s MB, %s bytes per token held\n' "$label" \
    "$requests" "$before" "$after" "$(awk -v a="$after" -v b="$before" -v n="$requests" 'BEGIN {printf "%.0f", (a - b) * 1048576 / n}')"
}

memory() {
  {
    java -Xmx2g -cp "$JAR" dev.signon.benchmarks.memory.ExpiredTokensHeap
    heap_over_http "peer, in-memory authorization service (defaults)" start_peer self-contained
    heap_over_http "ours, in-memory store (defaults)" start_ours memory opaque
  } | tee "$OUT/memory.txt"
}

case $WHAT in
  http) http ;;
  jmh) jmh ;;
  memory) memory ;;
  baseline) BASELINE_JAR=${2:?usage: benchmarks/run.sh baseline <benchmarks.jar built from the other commit>}; baseline ;;
  pgbench) : > "$OUT/ratios.tsv"; ROUND=1; pgbench_ceiling; cat "$OUT/ratios.tsv" ;;
  all) http; jmh; memory ;;
  *) echo "usage: benchmarks/run.sh [http|jmh|memory|all]" >&2; exit 2 ;;
esac
