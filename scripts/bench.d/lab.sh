# Sourced by scripts/bench: the two hosts and the daemons on them (ikd, strongSwan's charon,
# wireguard-go). Every process started is remembered in PIDS and stopped by lab_cleanup (trap).
# Addresses: 198.18.0.0/15 only (RFC 2544 benchmarking range), as the lab of src-it.

A=198.18.0.1 B=198.18.0.2
NET_A=198.19.1.0/24 NET_B=198.19.2.0/24 INNER_A=198.19.1.1 INNER_B=198.19.2.1
LINK=veth-bn
# The start-up archive (docs/operations.md "Start-up"), trained here once per build, before any
# daemon starts; ikd_start maps it. IKD_CDS_OPTS= (empty) measures without it.
IKD_CDS_OPTS="${IKD_CDS_OPTS-$("$ROOT/scripts/cds-archive")}"
PIDS=()
DAEMON_PIDS=()   # the path's daemons (ikd, charon, wireguard-go), for RSS

# Two namespaces joined by a veth; the inner networks sit on lo (no dummy links on this kernel).
lab_create() {
  ip netns add "$NS_A"
  ip netns add "$NS_B"
  ip -n "$NS_A" link set lo up
  ip -n "$NS_B" link set lo up
  ip -n "$NS_A" link add "$LINK" type veth peer name "$LINK" netns "$NS_B"
  ip -n "$NS_A" addr add "$A/24" dev "$LINK"
  ip -n "$NS_B" addr add "$B/24" dev "$LINK"
  ip -n "$NS_A" link set "$LINK" up
  ip -n "$NS_B" link set "$LINK" up
  ip -n "$NS_A" addr add "$INNER_A/24" dev lo
  ip -n "$NS_B" addr add "$INNER_B/24" dev lo
}

# Stops one process we started: TERM, up to 10 s, then KILL.
stop_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Stops everything we started, the latest first (ikd before its notify socket).
stop_all() {
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[i]}"; done
  PIDS=()
  DAEMON_PIDS=()
}

lab_cleanup() {
  set +e
  stop_all
  ip netns del "$NS_A" 2>/dev/null
  ip netns del "$NS_B" 2>/dev/null
  rm -f "/var/run/wireguard/$WG_A.sock" "/var/run/wireguard/$WG_B.sock"
  [[ -n "${KEEP:-}" ]] || rm -rf "$TMP"
}

now_ns() { date +%s%N; }
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'; }
ms_since() { ms_between "$1" "$(now_ns)"; }
rss_mb() { awk '/^VmRSS:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$1/status" 2>/dev/null; }

# ---------------------------------------------------------------- ikd
# ikd_policy ME PEER MODE METHOD: MODE is transport or tunnel (tunnel-natt: UDP-encapsulated);
# METHOD is one TOML security method, e.g. { esp = "aes128gcm16" } (docs/policy-reference.md).
ikd_policy() {
  local me=$1 peer=$2 mode=$3 method=$4 src dst
  if [[ $me == "$A" ]]; then src=$NET_A dst=$NET_B; else src=$NET_B dst=$NET_A; fi
  printf 'name = "bench"\nlocal-addresses = ["%s"]\n\n[main-mode]\nmethods = ["%s"]\n\n' "$me" "$MAIN_MODE"
  if [[ $mode == transport ]]; then
    printf '[filter-lists.peer]\nfilters = [ { source = "me", destination = "%s" } ]\n\n' "$peer"
  else
    printf '[filter-lists.peer]\nfilters = [ { source = "%s", destination = "%s" } ]\n\n' "$src" "$dst"
  fi
  printf '[filter-actions.esp]\naction = "negotiate"\nmethods = [ %s ]\n\n' "$method"
  printf '[[rules]]\nname = "peer"\nfilter-list = "peer"\nfilter-action = "esp"\n'
  printf 'authentication = [ { psk-file = "bench.psk" } ]\n'
  case $mode in
    tunnel) printf 'tunnel = { remote = "%s", local = "%s" }\nnat-traversal = "off"\n' "$peer" "$me" ;;
    tunnel-natt) printf 'tunnel = { remote = "%s", local = "%s" }\nnat-traversal = "force"\n' "$peer" "$me" ;;
  esac
}

# ikd_start SIDE(a|b) MODE METHOD: starts ikd in that namespace (MODE rate: the setup-rate policy); records ready_ms, and
# rss_idle_mb when SIDE is IKD_SIDE; sets IKD_PID_a / IKD_PID_b.
ikd_start() {
  local side=$1 mode=$2 method=$3 ns me peer dir t0 tready pid i
  if [[ $side == a ]]; then ns=$NS_A me=$A peer=$B; else ns=$NS_B me=$B peer=$A; fi
  dir="$TMP/$PATH_ID/ikd-$side"
  mkdir -p "$dir"
  if [[ $mode == rate ]]; then ikd_rate_policy >"$dir/policy.toml"     # scripts/bench.d/rate.sh
  else ikd_policy "$me" "$peer" "$mode" "$method" >"$dir/policy.toml"; fi
  install -m 600 "$TMP/bench.psk" "$dir/bench.psk"
  "$HERE/notify-listen.py" "$dir/notify" 3600 >"$dir/ready" &
  PIDS+=("$!")
  for i in $(seq 100); do [[ -S "$dir/notify" ]] && break; sleep 0.05; done
  t0=$(now_ns)
  NOTIFY_SOCKET="$dir/notify" ip netns exec "$ns" java @"$ROOT/conf/jvm.options" ${IKD_CDS_OPTS:-} ${IKD_JAVA_OPTS:-} \
    -Dlogback.configurationFile="$ROOT/conf/logback.xml" -Dikd.log.dir="$dir" -cp "$IKD_CP" \
    org.ikd.daemon.Ikd run --config "$dir/policy.toml" --control-socket "$dir/ikd.sock" \
    --log-dir "$dir" ${IKD_RUN_OPTS:-} >"$dir/ikd.out" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  DAEMON_PIDS+=("$pid")
  printf -v "IKD_PID_$side" '%s' "$pid"
  for i in $(seq 600); do [[ -s "$dir/ready" ]] && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  tready=$(cat "$dir/ready")
  if [[ -z $tready ]] || ! kill -0 "$pid" 2>/dev/null; then
    echo "bench: ikd ($side) did not become READY; its output:" >&2
    tail -n 30 "$dir/ikd.out" >&2
    return 1
  fi
  record ready_ms "$(ms_between "$t0" "$tready")"
  [[ $side != "$IKD_SIDE" ]] || record rss_idle_mb "$(rss_mb "$pid")"
  return 0
}

# ikdctl SIDE ARGS...: ikd's control tool against that side's daemon.
ikdctl() {
  local dir="$TMP/$PATH_ID/ikd-$1"; shift
  timeout 30 java -XX:TieredStopAtLevel=1 -Dlogback.configurationFile="$ROOT/conf/logback-tools.xml" -cp "$IKD_CP" \
    org.ikd.daemon.cli.Ikdctl --socket "$dir/ikd.sock" "$@"
}

# strongswan.conf for a charon whose state lives in $1 (vici socket, log), kernel-libipsec data
# plane; $2: more lines for the charon section (the rate paths' IKE_SA table).
charon_conf() {
  local dir=$1 extra=${2:-}
  cat <<EOF
charon {
    load_modular = no
    load = random nonce openssl aes sha1 sha2 md5 hmac xcbc gmp gcm kdf pem pkcs1 pkcs8 x509 pubkey kernel-libipsec kernel-netlink socket-default vici
    threads = 16
    install_virtual_ip = no
$extra
    plugins { vici { socket = unix://$dir/charon.vici } }
    filelog { bench { path = $dir/charon.log
                      time_format = %H:%M:%S
                      flush_line = yes
                      default = 1 } }
    syslog { daemon { default = -1 } }
}
swanctl { load = pem pkcs1 x509 pubkey random nonce }
EOF
}

# ---------------------------------------------------------------- strongSwan (charon, kernel-libipsec)
# charon_start SIDE ESP-PROPOSAL: one charon per namespace in a private mount namespace
# (/run bound to its own state dir), configured over its own vici socket (STRONGSWAN.md).
charon_start() {
  local side=$1 esp=$2 ns me peer lts rts dir i
  if [[ $side == a ]]; then ns=$NS_A me=$A peer=$B lts=$NET_A rts=$NET_B
  else ns=$NS_B me=$B peer=$A lts=$NET_B rts=$NET_A; fi
  dir="$TMP/$PATH_ID/charon-$side"
  mkdir -p "$dir/run"
  charon_conf "$dir" >"$dir/strongswan.conf"
  cat >"$dir/swanctl.conf" <<EOF
connections { bench { version = 1
    aggressive = no
    encap = yes
    mobike = no
    local_addrs = $me
    remote_addrs = $peer
    proposals = $MAIN_MODE
    local { auth = psk
            id = $me }
    remote { auth = psk
             id = $peer }
    children { net { local_ts = $lts
                     remote_ts = $rts
                     mode = tunnel
                     esp_proposals = $esp
                     start_action = none } } } }
secrets { ike-bench { id-a = $me
                      id-b = $peer
                      secret = "$(cat "$TMP/bench.psk")" } }
EOF
  STRONGSWAN_CONF="$dir/strongswan.conf" ip netns exec "$ns" unshare -m --propagation private \
    sh -c "mount --bind '$dir/run' /run && exec /usr/lib/ipsec/charon" >"$dir/charon.out" 2>&1 &
  PIDS+=("$!")
  DAEMON_PIDS+=("$!")
  printf -v "CHARON_PID_$side" '%s' "$!"
  for i in $(seq 100); do [[ -S "$dir/charon.vici" ]] && break; sleep 0.1; done
  swanctl_ "$side" --load-all --file "$dir/swanctl.conf" >"$dir/swanctl.out" 2>&1 || {
    echo "bench: charon ($side) did not load its config:" >&2; cat "$dir/swanctl.out" "$dir/charon.out" >&2; return 1; }
}

swanctl_() {
  local dir="$TMP/$PATH_ID/charon-$1"; shift
  STRONGSWAN_CONF="$dir/strongswan.conf" timeout 30 swanctl "$@" --uri "unix://$dir/charon.vici"
}

# Main Mode + Quick Mode initiated by charon on A (to charon or ikd on B), timed around swanctl --initiate.
charon_initiate() {
  local metric=${1:-establish_ms} t0
  t0=$(now_ns)
  swanctl_ a --initiate --child net --timeout 15 >"$TMP/$PATH_ID/initiate.out" 2>&1 || {
    echo "bench: charon could not establish:" >&2; tail -n 20 "$TMP/$PATH_ID/initiate.out" >&2; return 1; }
  record "$metric" "$(ms_since "$t0")"
}

# ---------------------------------------------------------------- wireguard-go
wg_start() {
  local side=$1 ns ifc key peerpub peer net src i
  if [[ $side == a ]]; then ns=$NS_A ifc=$WG_A peer=$B net=$NET_B src=$INNER_A peerpub=$TMP/wg-b.pub key=$TMP/wg-a.key
  else ns=$NS_B ifc=$WG_B peer=$A net=$NET_A src=$INNER_B peerpub=$TMP/wg-a.pub key=$TMP/wg-b.key; fi
  WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD=1 ip netns exec "$ns" wireguard-go -f "$ifc" \
    >"$TMP/$PATH_ID/wg-$side.out" 2>&1 &
  PIDS+=("$!")
  DAEMON_PIDS+=("$!")
  for i in $(seq 100); do [[ -S /var/run/wireguard/$ifc.sock ]] && break; sleep 0.05; done
  ip netns exec "$ns" wg set "$ifc" private-key "$key" listen-port 51820 \
    peer "$(cat "$peerpub")" allowed-ips "$net" endpoint "$peer:51820"
  ip -n "$ns" link set "$ifc" up
  ip -n "$ns" route add "$net" dev "$ifc" src "$src"
}

wg_keys() {
  (umask 077; wg genkey >"$TMP/wg-a.key"; wg genkey >"$TMP/wg-b.key")
  wg pubkey <"$TMP/wg-a.key" >"$TMP/wg-a.pub"
  wg pubkey <"$TMP/wg-b.key" >"$TMP/wg-b.pub"
}
