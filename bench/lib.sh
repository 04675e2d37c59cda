# Shared by the bench/ scripts (sourced, never run): a work directory, the processes a script starts and their
# clean-up, free loopback ports, the gateway and its readiness, wrk rounds, medians and figures for the document.
# Needs bash, curl, awk and the JDK; wrk and nginx are installed from Debian's packages when missing.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
WORK=$(mktemp -d)
PIDS=()
WARMUP=${WARMUP:-20}
bench_cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap bench_cleanup EXIT INT TERM

# need TOOL [debian-package]: installs the package when the tool is missing
need() { command -v "$1" >/dev/null || [ -x "/usr/sbin/$1" ] || { apt-get update -qq && apt-get install -y -qq "${2:-$1}" >/dev/null; }; }

# the jars, built once; the scripts run copies so a build during the run cannot change them under running processes
jars() {
  [ -f gateway/target/playgate-gateway.jar ] && [ -f vod-emulator/target/vod-emulator.jar ] || mvn -B -q -DskipTests package
  cp gateway/target/playgate-gateway.jar vod-emulator/target/vod-emulator.jar "$WORK/"
}

# the gateway's runtime classpath (for bench/*.java programs that use Reactor Netty, the SDK or the gateway's classes):
# the libraries and classes inside the gateway's own jar, so it needs no Maven resolution
classpath() {
  [ -d "$WORK/boot" ] || unzip -q -o "$WORK/playgate-gateway.jar" 'BOOT-INF/*' -d "$WORK/boot"
  echo "$WORK/boot/BOOT-INF/classes:$WORK/boot/BOOT-INF/lib/*"
}

free_ports() { java bench/FreePorts.java "$1"; }

# ready URL [seconds]: waits until the URL answers 2xx
ready() {
  for _ in $(seq "${2:-120}"); do curl -fs "$1" >/dev/null && return; sleep 1; done
  echo "not ready: $1" >&2; return 1
}

# gateway NAME PORT MANAGEMENT-PORT HEAP args...: starts a gateway jar (output in $WORK/NAME.log), waits for readiness;
# its pid is in LAST. The jar is the one `jars` copied, or GATEWAY_JAR when set (bench/ab-hit starts two).
gateway() {
  local name=$1 port=$2 mgmt=$3 heap=$4; shift 4
  java -Xms"$heap" -Xmx"$heap" ${GATEWAY_JAVA_OPTS:-} -jar "${GATEWAY_JAR:-$WORK/playgate-gateway.jar}" --server.port="$port" --management.server.port="$mgmt" \
    --logging.level.root=WARN "$@" > "$WORK/$name.log" 2>&1 &
  LAST=$!
  PIDS+=("$LAST")
  local i
  for i in $(seq 180); do
    curl -fs "http://127.0.0.1:$mgmt/actuator/health/readiness" >/dev/null && return
    kill -0 "$LAST" 2>/dev/null || break
    sleep 1
  done
  echo "gateway $name did not become ready:" >&2; grep -v "^\s*at " "$WORK/$name.log" | tail -20 >&2; exit 1
}

# demo_gateway NAME PORT MANAGEMENT-PORT EMULATOR-PORT HEAP args...: a demo-mode gateway with its in-process emulator
demo_gateway() {
  local name=$1 port=$2 mgmt=$3 emu=$4 heap=$5; shift 5
  gateway "$name" "$port" "$mgmt" "$heap" --spring.profiles.active=demo --playgate.demo.emulator-port="$emu" \
    --playgate.vod.endpoint=127.0.0.1:"$emu" "$@"
}

# stop PID: stops one process this script started
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# emulator PORT args...: the standalone vod-emulator, its pid in LAST
emulator() {
  local port=$1; shift
  java -Xmx256m -jar "$WORK/vod-emulator.jar" --port "$port" "$@" > "$WORK/emulator-$port.log" 2>&1 &
  LAST=$!
  PIDS+=("$LAST")
  ready "http://127.0.0.1:$port/__admin/health" 60
}

# redis_binary: Debian's redis-server, else the one inside the embedded-redis test artifact in ~/.m2
redis_binary() {
  if [ -x /usr/bin/redis-server ]; then echo /usr/bin/redis-server; return; fi
  local jar
  jar=$(find ~/.m2/repository/com/github/codemonstur/embedded-redis -name '*.jar' | head -1)
  [ -x "$WORK/redis-server" ] || { unzip -p "$jar" redis-server-6.2.6-v5-linux-amd64 > "$WORK/redis-server"; chmod +x "$WORK/redis-server"; }
  echo "$WORK/redis-server"
}

# rps URL SECONDS [wrk args...]: requests/s of wrk -t1 -c64 (non-2xx answers make it fail)
rps() {
  local url=$1 secs=$2; shift 2
  local out
  out=$(wrk -t1 -c64 -d"$secs"s "$@" "$url")
  if grep -q 'Non-2xx' <<<"$out"; then echo "non-2xx answers from $url:" >&2; echo "$out" >&2; return 1; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b == 0) print "n/a"; else printf "%.2f", a / b}'; }
# median of the per-round ratios of two equally long lists (space-separated): rounds are seconds apart, so this is
# steadier than a ratio of medians on a shared machine
round_ratios() { local -a a=($1) b=($2); local i; for i in "${!a[@]}"; do ratio "${a[$i]}" "${b[$i]}"; echo; done; }
thousands() {
  awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); r = "";
    while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) } print s r }'
}
cpu() { grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs; }
machine() {
  echo "$(nproc) cores ($(cpu)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), JDK $(java -version 2>&1 | awk -F'"' '/version/ {print $2}')"
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
today() { date -u +%Y-%m-%d; }

# heap_used_kb PID: used heap (KiB) after two full GCs, from jcmd GC.heap_info (the live data)
heap_used_kb() {
  jcmd "$1" GC.run >/dev/null; jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/heap/ && / used / {for (i = 1; i < NF; i++) if ($i == "used") {print $(i + 1) + 0; exit}}'
}

# metric MANAGEMENT-PORT PATTERN: the sum of the Prometheus samples whose line starts with PATTERN (a regex)
metric() {
  curl -fs "http://127.0.0.1:$1/actuator/prometheus" | awk -v p="^$2" '$0 ~ p {s += $NF} END {printf "%.0f", s}'
}
