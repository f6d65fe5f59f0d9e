# Sourced by scripts/bench: the IKE setup rate and memory with many peers (issue 8).
# The initiator is ikd's own engine driven by src-it's org.ikd.it.bench.LoadInitiator (compiled
# here with javac against ikd's jars): N Main Modes + Quick Modes at once from N addresses
# 198.18.16.1.. (on A's veth; B routes 198.18.16.0/20 through A's address, so B keeps one
# neighbour entry), PSK, transport mode, against ikd or charon on B. The same initiator for both.

RATE_FIRST=198.18.16.1 RATE_NET=198.18.16.0/20
RATE_COUNTS=${RATE_COUNTS:-100 1000}
RATE_WARMUP=${RATE_WARMUP:-400}              # unrecorded setups first, for every responder: the JITs of the initiator and of ikd (50 left ikd mostly interpreted; perf: C1+C2 threads 30 % of the CPU in the N=1000 round)
MEM_COUNT=${MEM_COUNT:-1000}               # memory: 1,000 ISAKMP SAs with two Quick Modes each (2,000 pairs)
LOAD_CLS=""

# The initiator's classes, once per run.
load_compile() {
  [[ -z $LOAD_CLS ]] || return 0
  LOAD_CLS="$TMP/load-initiator"
  mkdir -p "$LOAD_CLS"
  javac -nowarn -d "$LOAD_CLS" -cp "$IKD_CP" "$ROOT/src-it/src/test/java/org/ikd/it/bench/LoadInitiator.java"
}

# The source addresses on A (as many as the largest round needs) and B's route back to them.
rate_addresses() {
  local max=$1 i
  [[ -z ${RATE_ADDRS:-} || $RATE_ADDRS -lt $max ]] || return 0
  for ((i = ${RATE_ADDRS:-0}; i < max; i++)); do
    printf 'addr add 198.18.%d.%d/32 dev %s\n' $((16 + (i + 1) / 256)) $(((i + 1) % 256)) "$LINK"
  done | ip -n "$NS_A" -batch -
  ip -n "$NS_B" route replace "$RATE_NET" via "$A" dev "$LINK"
  ip -n "$NS_B" addr replace 198.19.0.2/32 dev lo          # charon's inner address (tunnel mode)
  RATE_ADDRS=$max
}

# ikd on B answers any peer of 198.18.16.0/20 with either Main Mode proposal, transport mode.
ikd_rate_policy() {
  printf 'name = "bench-rate"\nlocal-addresses = ["%s"]\n\n' "$B"
  printf '[main-mode]\nmethods = ["aes128-sha256-modp2048", "3des-sha1-modp1024"]\n\n'
  printf '[filter-lists.peers]\nfilters = [ { source = "me", destination = "%s" } ]\n\n' "$RATE_NET"
  printf '[filter-actions.esp]\naction = "negotiate"\nmethods = [ { esp = "aes128-sha1" }, { esp = "3des-sha1" } ]\n\n'
  printf '[[rules]]\nname = "peers"\nfilter-list = "peers"\nfilter-action = "esp"\n'
  printf 'authentication = [ { psk-file = "bench.psk" } ]\n'
}

# charon on B: one connection for any peer in 198.18.16.0/20, a PSK without IDs (any peer), the
# IKE SA table sized for thousands of SAs (strongSwan's advice for load tests). Host-to-host
# tunnel mode: kernel-libipsec has no transport mode, and no route to a selector that is the IKE
# peer, so the initiator proposes 198.19.16.x <-> 198.19.0.2 (the endpoints' numbers in 198.19/16)
# with tunnel mode (ikd answers in transport mode; the IKE work is the same).
charon_rate_start() {
  local dir="$TMP/$PATH_ID/charon-b" i
  mkdir -p "$dir/run"
  charon_conf "$dir" "    ikesa_table_size = 1024
    ikesa_table_segments = 16
    install_routes = no" >"$dir/strongswan.conf"
  cat >"$dir/swanctl.conf" <<EOF
connections { rate { version = 1
    aggressive = no
    mobike = no
    local_addrs = $B
    remote_addrs = $RATE_NET
    proposals = aes128-sha256-modp2048,3des-sha1-modp1024
    local { auth = psk
            id = $B }
    remote { auth = psk }
    children { t { mode = tunnel
                   local_ts = 198.19.0.2/32
                   remote_ts = 198.19.16.0/20
                   esp_proposals = aes128-sha1,3des-sha1
                   start_action = none } } } }
secrets { ike-any { secret = "$(cat "$TMP/bench.psk")" } }
EOF
  STRONGSWAN_CONF="$dir/strongswan.conf" ip netns exec "$NS_B" unshare -m --propagation private \
    sh -c "mount --bind '$dir/run' /run && exec /usr/lib/ipsec/charon" >"$dir/charon.out" 2>&1 &
  PIDS+=("$!")
  DAEMON_PIDS+=("$!")
  CHARON_PID_b=$!
  for i in $(seq 100); do [[ -S "$dir/charon.vici" ]] && break; sleep 0.1; done
  swanctl_ b --load-all --file "$dir/swanctl.conf" >"$dir/swanctl.out" 2>&1 || {
    echo "bench: charon (rate) did not load its config:" >&2; cat "$dir/swanctl.out" "$dir/charon.out" >&2; return 1; }
}

# load_run OUT ARGS...: the initiator in A (bounded in time), its JSON lines to OUT.
load_run() {
  local out=$1; shift
  ip netns exec "$NS_A" timeout 900 java -XX:+UseParallelGC -cp "$LOAD_CLS:$IKD_CP" \
    -Dlogback.configurationFile="$ROOT/conf/logback-tools.xml" org.ikd.it.bench.LoadInitiator \
    --responder "$B" --first-source "$RATE_FIRST" --psk-file "$TMP/bench.psk" --mode "$RATE_MODE" "$@" >"$out" 2>"$out.err"
}

# Setup rate with N parallel initiations for each N of RATE_COUNTS, after an unrecorded round.
measure_rate() {
  local proposal=$1 out="$TMP/$PATH_ID/rate-$REP.json" n max=$RATE_WARMUP line
  for n in $RATE_COUNTS; do [[ $n -le $max ]] || max=$n; done
  load_compile && rate_addresses "$max" || { warn "setup-rate: no initiator on $PATH_ID"; return 0; }
  load_run "$out" --proposal "$proposal" --counts "$RATE_WARMUP $RATE_COUNTS" --timeout-seconds 120 ||
    warn "setup-rate initiator failed on $PATH_ID (see $out.err)"
  tail -n +2 "$out" | while read -r line; do
    n=$(jq .count <<<"$line")
    record "rate_${n}_per_s" "$(jq .setups_per_second <<<"$line")"
    record "rate_${n}_failed" "$(jq '.failed + .timed_out' <<<"$line")"
    record "rate_${n}_p50_ms" "$(jq .setup_ms_p50 <<<"$line")"
  done
}

# Memory with MEM_COUNT ISAKMP SAs and two IPsec SA pairs each (set up 20 at a time, so that
# every one gets there), held while it is read: the
# responder's RSS; for ikd also the Java heap in use (jcmd GC.heap_info) before and after a full GC.
measure_memory() {
  local proposal=$1 out="$TMP/$PATH_ID/memory.json" hold="$TMP/$PATH_ID/memory.release" pid i ikd_pid=${IKD_PID_b:-}
  [[ $REP -eq 1 ]] || return 0                 # once per path
  load_compile && rate_addresses "$MEM_COUNT" || return 0
  pid=${ikd_pid:-$CHARON_PID_b}
  [[ -z $ikd_pid ]] || record mem_rss_before_mb "$(rss_mb "$pid")"
  load_run "$out" --proposal "$proposal" --counts "$MEM_COUNT" --quick-modes 2 --max-in-flight 20 \
    --timeout-seconds 300 --hold-file "$hold" &
  local loader=$!
  for i in $(seq 3300); do [[ -s $out ]] && break; kill -0 "$loader" 2>/dev/null || break; sleep 0.1; done
  if [[ -s $out ]]; then
    sleep 2                                      # the last Quick Mode's message 3 is processed
    record mem_established "$(jq .established "$out")"
    record mem_rss_mb "$(rss_mb "$pid")"
    if [[ -n $ikd_pid ]]; then
      record mem_heap_used_mb "$(heap_used_mb "$ikd_pid")"
      jcmd "$ikd_pid" GC.run >/dev/null 2>&1 || true
      record mem_heap_live_mb "$(heap_used_mb "$ikd_pid")"
      record mem_rss_after_gc_mb "$(rss_mb "$pid")"
    fi
  else
    warn "memory: the initiator did not finish on $PATH_ID (see $out.err)"
  fi
  touch "$hold"
  wait "$loader" || true
}

# The heap in use of a JVM (MB), from jcmd GC.heap_info ("total 123456K, used 45678K").
heap_used_mb() {
  timeout 20 jcmd "$1" GC.heap_info 2>/dev/null |
    awk '/ total .* used / { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); s += v } }
         END { if (s > 0) printf "%.1f\n", s / 1024 }'
}
