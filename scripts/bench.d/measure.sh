# Sourced by scripts/bench: the measurements. Each appends samples "path<TAB>metric<TAB>value"
# to $TMP/samples.tsv (record); scripts/bench.d/report.sh turns them into medians.
# Traffic always goes from host A (client) to host B (server): SRC -> DST of the current path.

record() { [[ -n $2 ]] && printf '%s\t%s\t%s\n' "$PATH_ID" "$1" "$2" >>"$TMP/samples.tsv"; return 0; }

# iperf3 server for one test on B, ready when it listens (bounded wait).
iperf_server() {
  ip netns exec "$NS_B" timeout $((SECS + 40)) iperf3 -s -1 -p 5201 >/dev/null 2>&1 &
  IPERF_SERVER=$!
  local i
  for i in $(seq 100); do
    ip netns exec "$NS_B" ss -Hltn 'sport = :5201' 2>/dev/null | grep -q . && return 0
    sleep 0.05
  done
}

# iperf_client JSON-OUT ARGS...: one iperf3 run from A; 1 on failure.
iperf_client() {
  local out=$1; shift
  iperf_server
  local rc=0
  ip netns exec "$NS_A" timeout $((SECS + 30)) iperf3 -c "$DST" -B "$SRC" -p 5201 -t "$SECS" -J "$@" \
    >"$out" 2>"$out.err" || rc=1
  stop_pid "$IPERF_SERVER"
  return $rc
}

# TCP goodput (receiver side), Mbit/s, with $1 parallel streams; the sender's retransmits, the
# daemons' socket drops and the links' drops (TUN queue full...) during the run beside it.
measure_tcp() {
  local n=$1 out="$TMP/$PATH_ID/tcp$1-$REP.json" d0 l0 c0
  d0=$(socket_drops)
  l0=$(link_drops)
  c0=$(daemon_cpu_ticks)
  iperf_client "$out" -P "$n" ${OMIT:+-O "$OMIT"} || { warn "tcp$n failed on $PATH_ID"; return 0; }
  record "tcp${n}_mbps" "$(jq '.end.sum_received.bits_per_second / 1e6 | . * 10 | round / 10' "$out")"
  record "tcp${n}_retransmits" "$(jq '.end.sum_sent.retransmits // empty' "$out")"
  record "tcp${n}_socket_drops" "$(( $(socket_drops) - d0 ))"
  record "tcp${n}_link_drops" "$(( $(link_drops) - l0 ))"
  [[ ${#DAEMON_PIDS[@]} -eq 0 ]] ||
    record "tcp${n}_daemon_cpu_ms_per_mb" "$(jq --argjson t "$(( $(daemon_cpu_ticks) - c0 ))" --argjson hz "$(getconf CLK_TCK)" \
      '$t * 1000 / $hz / (.end.sum_received.bytes / 1e6) | . * 100 | round / 100' "$out")"
}

# CPU time (user + system, clock ticks) of the path's daemons so far, all threads: the CPU they
# spend per megabyte carried depends much less on the machine's load than the rate does.
daemon_cpu_ticks() {
  local pid total=0
  for pid in "${DAEMON_PIDS[@]}"; do
    total=$(( total + $(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}

# UDP at full speed (-b 0): goodput of 1372-byte datagrams in Mbit/s, and received 64-byte
# datagrams per second (thousands). Received = sent - lost as the server counted them.
measure_udp() {
  local len=$1 out="$TMP/$PATH_ID/udp$1-$REP.json"
  iperf_client "$out" -u -b 0 -l "$len" || { warn "udp$len failed on $PATH_ID"; return 0; }
  local got secs
  got=$(jq '.end.sum.packets - .end.sum.lost_packets' "$out")
  secs=$(jq '.end.sum.seconds' "$out")
  if [[ $len -eq 64 ]]; then
    record udp64_kpps "$(awk -v p="$got" -v s="$secs" 'BEGIN { printf "%.1f\n", p / s / 1000 }')"
  else
    record "udp${len}_mbps" "$(awk -v p="$got" -v s="$secs" -v l="$len" 'BEGIN { printf "%.1f\n", p * l * 8 / s / 1e6 }')"
    record "udp${len}_loss_pct" "$(jq '.end.sum.lost_percent | . * 10 | round / 10' "$out")"
  fi
}

# Ping RTT p50/p99 (ms) and loss (%) over $PINGS echo requests 10 ms apart.
measure_ping() {
  local out="$TMP/$PATH_ID/ping-$REP.txt"
  ip netns exec "$NS_A" timeout $((PINGS / 50 + 20)) ping -n -c "$PINGS" -i 0.01 -W 1 -I "$SRC" "$DST" \
    >"$out" 2>&1 || true
  local sorted="$out.sorted"
  sed -n 's/.* time=\([0-9.]*\) ms.*/\1/p' "$out" | sort -g >"$sorted"
  local n
  n=$(wc -l <"$sorted")
  if [[ $n -eq 0 ]]; then warn "no ping answered on $PATH_ID"; record ping_loss_pct 100; return 0; fi
  record ping_p50_ms "$(percentile 50 "$sorted")"
  record ping_p99_ms "$(percentile 99 "$sorted")"
  record ping_loss_pct "$(awk -v n="$n" -v c="$PINGS" 'BEGIN { printf "%.1f\n", (c - n) * 100 / c }')"
}

# percentile P FILE: nearest-rank percentile of the sorted numbers in FILE.
percentile() {
  awk -v p="$1" '{ v[NR] = $1 } END { r = int((p * NR + 99) / 100); if (r < 1) r = 1; print v[r] }' "$2"
}

# Time to establish through the first packet: ikd holds it while Main Mode and Quick Mode run, so
# the first echo's RTT is the setup time. If it is lost, poll (bounded) and take the wall clock.
measure_first_packet() {
  local metric=${1:-establish_ms} out="$TMP/$PATH_ID/first-ping.txt" t0 i rtt
  t0=$(now_ns)
  ip netns exec "$NS_A" ping -n -c 1 -W 10 -I "$SRC" "$DST" >"$out" 2>&1 || true
  rtt=$(sed -n 's/.* time=\([0-9.]*\) ms.*/\1/p' "$out")
  if [[ -n $rtt ]]; then record "$metric" "$rtt"; return 0; fi
  for i in $(seq 40); do
    if ip netns exec "$NS_A" ping -n -c 1 -W 0.5 -I "$SRC" "$DST" >/dev/null 2>&1; then
      record "$metric" "$(ms_since "$t0")"
      record first_packet_lost 1
      return 0
    fi
  done
  warn "no SA came up on $PATH_ID"
  return 1
}

# Waits (bounded, 10 s) until SRC -> DST answers a ping.
wait_ping() {
  local i
  for i in $(seq 20); do
    ip netns exec "$NS_A" ping -n -c 1 -W 0.5 -I "$SRC" "$DST" >/dev/null 2>&1 && return 0
  done
  warn "no ping answered on $PATH_ID"
  return 1
}

# UDP flood through the tunnel (iperf3 -u -b 0, 1372-byte datagrams, SECS seconds) with a ping
# every 10 ms beside it: the ping's p50/p99/loss during the flood, the largest RSS growth of the
# path's daemons (DAEMON_PIDS, sampled every 0.2 s), and how long after the flood the first ping
# is answered again (recovery; polled every 50 ms, at most 10 s).
measure_flood() {
  local out="$TMP/$PATH_ID/flood-$REP" pid i flood pinger t_end
  declare -A before=() peak=()
  for pid in "${DAEMON_PIDS[@]}"; do before[$pid]=$(rss_mb "$pid"); peak[$pid]=${before[$pid]}; done
  iperf_server
  ip netns exec "$NS_A" timeout $((SECS + 30)) iperf3 -c "$DST" -B "$SRC" -t "$SECS" -u -b 0 -l 1372 -J \
    >"$out.json" 2>"$out.err" &
  flood=$!
  ip netns exec "$NS_A" timeout $((SECS + 20)) ping -n -c $((SECS * 100)) -i 0.01 -W 1 -I "$SRC" "$DST" \
    >"$out.ping" 2>&1 &
  pinger=$!
  for i in $(seq $((SECS * 5 + 150))); do
    kill -0 "$flood" 2>/dev/null || break
    for pid in "${DAEMON_PIDS[@]}"; do
      local r; r=$(rss_mb "$pid")
      [[ -n $r ]] && awk -v a="$r" -v b="${peak[$pid]}" 'BEGIN { exit !(a > b) }' && peak[$pid]=$r
    done
    sleep 0.2
  done
  wait "$flood" || true
  t_end=$(now_ns)
  stop_pid "$IPERF_SERVER"
  for i in $(seq 200); do
    ip netns exec "$NS_A" ping -n -c 1 -W 0.05 -I "$SRC" "$DST" >/dev/null 2>&1 && { record flood_recovery_ms "$(ms_since "$t_end")"; break; }
  done
  wait "$pinger" || true
  sed -n 's/.* time=\([0-9.]*\) ms.*/\1/p' "$out.ping" | sort -g >"$out.sorted"
  local n; n=$(wc -l <"$out.sorted")
  if [[ $n -gt 0 ]]; then
    record flood_ping_p50_ms "$(percentile 50 "$out.sorted")"
    record flood_ping_p99_ms "$(percentile 99 "$out.sorted")"
  fi
  record flood_ping_loss_pct "$(awk -v n="$n" -v c=$((SECS * 100)) 'BEGIN { printf "%.1f\n", (c - n) * 100 / c }')"
  local growth=0
  for pid in "${DAEMON_PIDS[@]}"; do
    growth=$(awk -v g="$growth" -v a="${peak[$pid]}" -v b="${before[$pid]}" 'BEGIN { d = a - b; printf "%.1f\n", (d > g ? d : g) }')
  done
  [[ ${#DAEMON_PIDS[@]} -eq 0 ]] || record flood_rss_growth_mb "$growth"
}

# Packets the kernel dropped because a socket's receive buffer was full: the drops column of
# /proc/net/raw and /proc/net/udp in both namespaces (the daemons' sockets; iperf3's are closed).
socket_drops() {
  local ns total=0 d
  for ns in "$NS_A" "$NS_B"; do
    d=$(ip netns exec "$ns" awk 'FNR > 1 { s += $NF } END { print s + 0 }' /proc/net/raw /proc/net/udp)
    total=$((total + d))
  done
  echo "$total"
}

# Packets the links dropped (rx_dropped + tx_dropped of every device in both namespaces): for a
# TUN device, tx_dropped counts packets the kernel could not queue for the daemon (txqueuelen full).
link_drops() {
  local ns total=0 d
  for ns in "$NS_A" "$NS_B"; do
    d=$(ip netns exec "$ns" sh -c 'cat /sys/class/net/*/statistics/rx_dropped /sys/class/net/*/statistics/tx_dropped' |
        awk '{ s += $1 } END { print s + 0 }')
    total=$((total + d))
  done
  echo "$total"
}

# Time to establish again, with warm daemons (setup_ms, one per round): the initiator on A drops
# its newest Quick Mode and Main Mode SA (ikdctl delete / swanctl --terminate, both tell the
# peer), then Main Mode + Quick Mode run again, timed as the first time.
measure_setup() {
  local dir="$TMP/$PATH_ID/ikd-a" line qm mm
  [[ $INITIATOR != none ]] || return 0
  if [[ $INITIATOR == charon ]]; then
    swanctl_ a --terminate --ike bench --timeout 10 >/dev/null 2>&1 || true
    charon_initiate setup_ms || true
    return 0
  fi
  line=$(grep 'event=541 mode=quick' "$dir/ikd.out" | tail -n1)
  qm=$(sed -n 's/.* mode=quick id=\([0-9]*\) mm_id=\([0-9]*\).*/\1/p' <<<"$line")
  mm=$(sed -n 's/.* mode=quick id=\([0-9]*\) mm_id=\([0-9]*\).*/\2/p' <<<"$line")
  [[ -n $qm && -n $mm ]] || { warn "no Quick Mode SA to delete on $PATH_ID"; return 0; }
  ikdctl a delete qm "$qm" >/dev/null && ikdctl a delete mm "$mm" >/dev/null || { warn "ikdctl delete failed on $PATH_ID"; return 0; }
  sleep 0.5
  measure_first_packet setup_ms || true
}

# The data-plane measurements of one path: an unrecorded TCP run of WARMUP seconds first (the
# JIT compiles ikd's data path; every path gets the same), then REPS rounds of the measures.
measure_path() {
  local measures=$1
  if [[ $WARMUP -gt 0 ]]; then
    local secs=$SECS
    SECS=$WARMUP
    iperf_client "$TMP/$PATH_ID/warmup.json" || warn "warm-up failed on $PATH_ID"
    SECS=$secs
  fi
  for REP in $(seq "$REPS"); do
    for m in $measures; do
      case $m in
        tcp1) measure_tcp 1 ;;
        tcp4) measure_tcp 4 ;;
        udp) measure_udp 1372 ;;
        pps) measure_udp 64 ;;
        ping) measure_ping ;;
        flood) measure_flood ;;
        setup) measure_setup ;;
        rate) measure_rate "$RATE_PROPOSAL" ;;
        memory) measure_memory "$RATE_PROPOSAL" ;;
      esac
    done
  done
}
