#!/usr/bin/env bash
# Measures vespa-bench's engine as a load generator. It starts nginx, which returns a fixed
# completions body, and the simulator with a near-zero step time, both on 127.0.0.1, and loads
# each with wrk and with the engine (whole-body JSON parsing on) at the same concurrency. It
# prints requests/s, their ratio, CPU seconds per 10,000 requests and p50/p99 latency, as
# medians of REPEATS rounds, then keeps HOLD_REQUESTS requests in flight against a slow
# simulator in a 512 MiB heap. It installs nginx and wrk with apt-get when they are missing,
# and everything it starts stops when it exits. About 15 minutes with the defaults on 2 cores.
#
#   benchmarks/loadgen.sh                 # throughput, added latency and memory
#   benchmarks/loadgen.sh throughput      # only the throughput and latency rounds
#   benchmarks/loadgen.sh hold            # only the memory run
#
# Settings, from the environment: CONCURRENCY (64), DURATION in seconds per measurement (10),
# REPEATS (5), HOLD_REQUESTS (10000), HOLD_STEP_MS (the slow simulator's step, 10000).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-all}
concurrency=${CONCURRENCY:-64}
duration=${DURATION:-10}
repeats=${REPEATS:-5}
hold_requests=${HOLD_REQUESTS:-10000}
hold_step_ms=${HOLD_STEP_MS:-10000}
case $mode in
    all | throughput | hold) ;;
    *) echo "usage: $0 [all | throughput | hold]" >&2; exit 2 ;;
esac

if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "error: nginx or wrk is missing, and only root can install them:" \
            "run apt-get install nginx wrk as root" >&2
        exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx wrk >/dev/null
fi

./mvnw -q -pl bench-it -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
classpath="bench-it/target/test-classes"
classpath="$classpath:$(cat bench-it/target/test-classpath.txt)"
# bench-it's simplelogger.properties turns logging off for its tests. The benchmarks set the
# level back to WARN, so warnings from the engine and the simulator reach standard error.
logging=-Dorg.slf4j.simpleLogger.defaultLogLevel=warn

# 10,000 requests in flight need 10,000 sockets in the client and as many in the simulator.
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/vespa-loadgen.XXXXXX)
pids=()
stop_all() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0));
print(s.getsockname()[1]); s.close()'
}

# Starts the simulator with the given options and sets sim_url to its base URL.
start_simulator() {
    local log="$work/sim-$RANDOM.log"
    java -Xmx1g "$logging" -cp "$classpath" dev.vespabench.sim.SimulatorMain --port 0 "$@" \
        >"$log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
        if grep -q '^http://' "$log"; then
            sim_url=$(grep -m1 '^http://' "$log")
            return
        fi
        sleep 0.1
    done
    echo "error: the simulator did not start within 10 s:" >&2
    cat "$log" >&2
    exit 1
}

start_nginx() {
    local port=$1
    mkdir -p "$work/nginx"
    cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $work/nginx/body;
    server {
        listen 127.0.0.1:$port;
        default_type application/json;
        location = /v1/models {
            return 200 '{"object":"list","data":[{"id":"sim-model","object":"model"}]}';
        }
        location = /v1/completions {
            return 200 '{"id":"cmpl-1","object":"text_completion","created":0,"model":"sim-model","choices":[{"index":0,"text":" one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen","finish_reason":"length"}],"usage":{"prompt_tokens":24,"completion_tokens":16,"total_tokens":40}}';
        }
    }
}
EOF
    nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
    pids+=($!)
    for _ in $(seq 50); do
        curl -fs "http://127.0.0.1:$port/v1/models" >/dev/null && return
        sleep 0.1
    done
    echo "error: nginx did not start on 127.0.0.1:$port" >&2
    exit 1
}

# wrk sends one of the engine's request bodies, whose prompt words the engine draws anew for
# every request.
java "$logging" -cp "$classpath" dev.vespabench.it.LoadgenBenchmark body >"$work/body.json"
cat >"$work/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = io.open("$work/body.json", "rb")
wrk.body = file:read("*a")
file:close()
EOF

# Converts a wrk latency such as 812.00us, 1.52ms or 1.01s to milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /m$/) n *= 60000
        else if (v ~ /s$/) n *= 1000
        printf "%.3f", n }'
}

# Runs wrk and prints "rps cpu_s requests p50_ms p99_ms errors".
run_wrk() {
    local url=$1 connections=$2 threads=$(( $2 < $(nproc) ? $2 : $(nproc) ))
    local out="$work/wrk.out" cpu
    cpu=$( { TIMEFORMAT='%U %S'; time wrk -t "$threads" -c "$connections" -d "${duration}s" \
        --latency -s "$work/post.lua" "$url/v1/completions" >"$out"; } 2>&1 )
    local rps requests p50 p99 errors
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    requests=$(awk '/requests in/ {print $1}' "$out")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
    errors=$(awk '/Non-2xx|Socket errors/ {sub(/^[^:]*: */, ""); printf "%s; ", $0}' "$out")
    echo "$rps $(awk -v c="$cpu" 'BEGIN {split(c, t, " "); print t[1] + t[2]}')" \
        "$requests $p50 $p99 ${errors:-none}"
}

# Runs the engine and prints "rps cpu_s requests p50_ms p99_ms failures".
run_engine() {
    local url=$1 connections=$2 line
    line=$(java -Xmx512m "$logging" -cp "$classpath" dev.vespabench.it.LoadgenBenchmark throughput \
        "$url" "$connections" "$duration" 2>"$work/engine.err" | grep '^engine ' || true)
    if [[ -z $line ]]; then
        echo "error: the engine run printed no result:" >&2
        cat "$work/engine.err" >&2
        return 1
    fi
    field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
    local failed
    failed=$(field failed)
    echo "$(field rps) $(field cpu_s) $(field requests) $(field p50_ms) $(field p99_ms)" \
        "$([[ $failed == 0 ]] && echo none || echo "$failed failed")"
}

# Prints the median of the numbers on standard input.
median() {
    sort -g | awk '{v[NR] = $1} END {
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Runs REPEATS rounds of wrk then the engine against one endpoint and prints the medians.
compare() {
    local name=$1 url=$2 connections=$3 rows="$work/rows-$1-$3"
    : >"$rows"
    for round in $(seq "$repeats"); do
        read -r w_rps w_cpu w_req w_p50 w_p99 w_err < <(run_wrk "$url" "$connections")
        read -r e_rps e_cpu e_req e_p50 e_p99 e_err < <(run_engine "$url" "$connections")
        printf '  %-6s c=%-4s round %d: wrk %9.1f req/s p50 %7.3f p99 %7.3f ms (%s)' \
            "$name" "$connections" "$round" "$w_rps" "$w_p50" "$w_p99" "$w_err"
        printf ' | engine %9.1f req/s p50 %7.3f p99 %7.3f ms (%s)\n' \
            "$e_rps" "$e_p50" "$e_p99" "$e_err"
        awk -v wr="$w_rps" -v wc="$w_cpu" -v wn="$w_req" -v wp="$w_p50" -v wq="$w_p99" \
            -v er="$e_rps" -v ec="$e_cpu" -v en="$e_req" -v ep="$e_p50" -v eq="$e_p99" \
            'BEGIN { print wr, er, er / wr, 1e4 * wc / wn, 1e4 * ec / en, wp, ep, ep - wp,
                wq, eq }' >>"$rows"
    done
    local m=()
    for column in $(seq 10); do
        m+=("$(awk -v c="$column" '{print $c}' "$rows" | median)")
    done
    printf '| %-6s | %5d | %9.0f | %9.0f | %5.2f | %6.2f | %6.2f | %7.3f | %7.3f |' \
        "$name" "$connections" "${m[0]}" "${m[1]}" "${m[2]}" "${m[3]}" "${m[4]}" "${m[5]}" \
        "${m[6]}" >>"$work/table"
    printf ' %+7.3f | %7.3f | %7.3f |\n' "${m[7]}" "${m[8]}" "${m[9]}" >>"$work/table"
}

throughput() {
    local nginx_port
    nginx_port=$(free_port)
    start_nginx "$nginx_port"
    start_simulator --slots 1024 --base-ms 0.001 --per-seq-ms 0 --max-output 1
    echo "nginx at http://127.0.0.1:$nginx_port, simulator at $sim_url"
    echo "$repeats rounds of ${duration} s each; wrk, then the engine, in every round"
    : >"$work/table"
    compare nginx "http://127.0.0.1:$nginx_port" "$concurrency"
    compare nginx "http://127.0.0.1:$nginx_port" 1
    compare sim "$sim_url" "$concurrency"
    compare sim "$sim_url" 1
    echo
    echo "Medians of $repeats rounds; ratio and added p50 are taken within each round."
    echo "| server | conc. | wrk req/s | engine req/s | ratio | wrk CPU s/10k |" \
        "engine CPU s/10k | wrk p50 ms | engine p50 ms | added p50 ms | wrk p99 ms |" \
        "engine p99 ms |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    cat "$work/table"
}

hold() {
    local port
    start_simulator --slots "$hold_requests" --base-ms "$hold_step_ms" --per-seq-ms 0 \
        --max-output 1
    port=${sim_url##*:}
    echo "holding $hold_requests requests against $sim_url (one step of $hold_step_ms ms)"
    # Each open connection to the simulator carries one request in flight, so the maximum
    # count of open connections is the maximum number of requests in flight.
    (
        max=0
        while sleep 0.5; do
            open=$(ss -Htn state established "( dport = :$port )" | wc -l)
            (( open > max )) && max=$open && echo "$max" >"$work/max-connections"
        done
    ) &
    pids+=($!)
    java -Xmx512m "$logging" -cp "$classpath" dev.vespabench.it.LoadgenBenchmark hold "$sim_url" \
        "$hold_requests" | grep '^hold '
    echo "most connections open to the simulator at once: $(cat "$work/max-connections")"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "$(java -version 2>&1 | head -1), nginx $(nginx -v 2>&1 | cut -d/ -f2)," \
    "ulimit -n $(ulimit -n), load average $(cut -d' ' -f1-3 /proc/loadavg)"
case $mode in
    throughput) throughput ;;
    hold) hold ;;
    all) throughput; hold ;;
esac
