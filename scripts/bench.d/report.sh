# Sourced by scripts/bench: medians of $TMP/samples.tsv, as JSON ($1) and as Markdown tables on
# stdout. Paths appear in the order they ran ($TMP/paths.tsv: id<TAB>label).

JQ_MEDIAN='def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
  else (.[length / 2 - 1] + .[length / 2]) / 2 end;'

# report_json OUT META-JSON
report_json() {
  local out=$1 meta=$2
  jq -Rn --argjson meta "$meta" --rawfile paths "$TMP/paths.tsv" "$JQ_MEDIAN"'
    def r1: . * 100 | round / 100;
    [inputs | split("\t") | {path: .[0], metric: .[1], v: (.[2] | tonumber)}] as $s
    | ($paths | split("\n") | map(select(length > 0) | split("\t") | {id: .[0], label: .[1]})) as $p
    | ($p | map(.id as $id | {key: $id, value: {label: .label, metrics: (
          [$s[] | select(.path == $id)] | group_by(.metric)
          | map({key: .[0].metric, value: {median: (map(.v) | median | r1), samples: map(.v)}}) | from_entries)}})
        | from_entries) as $res
    | def m($id; $k): $res[$id].metrics[$k].median // null;
      def ratio($a; $b): if $a == null or $b == null or $b == 0 then null else ($a / $b | r1) end;
    $meta + {paths: $res, ratios: {
      "ikd/strongswan tcp1 aes128gcm16": ratio(m("ikd-tun-gcm"; "tcp1_mbps"); m("sw-sw-gcm"; "tcp1_mbps")),
      "ikd/wireguard-go tcp1 aes128gcm16": ratio(m("ikd-tun-gcm"; "tcp1_mbps"); m("wg"; "tcp1_mbps")),
      "ikd/strongswan tcp1 aes128-sha256": ratio(m("ikd-tun-cbc"; "tcp1_mbps"); m("sw-sw-cbc"; "tcp1_mbps")),
      "ikd/strongswan tcp1 3des-sha1": ratio(m("ikd-tun-3des"; "tcp1_mbps"); m("sw-sw-3des"; "tcp1_mbps")),
      "ikd/strongswan ping p50 aes128gcm16": ratio(m("ikd-tun-gcm"; "ping_p50_ms"); m("sw-sw-gcm"; "ping_p50_ms")),
      "ikd/strongswan as responder to charon, establish again": ratio(m("sw-ikd-gcm"; "setup_ms"); m("sw-sw-gcm"; "setup_ms")),
      "ikd/strongswan ikd↔ikd, establish again": ratio(m("ikd-tun-gcm"; "setup_ms"); m("sw-sw-gcm"; "setup_ms")),
      "ikd/strongswan establish first (all paths)": ratio(
        ([$s[] | select(.metric == "establish_ms" and (.path | startswith("ikd-"))) | .v] | median);
        ([$s[] | select(.metric == "establish_ms" and (.path | startswith("sw-sw"))) | .v] | median)),
      "ikd/strongswan setup rate N=100 3des-sha1-modp1024": ratio(m("rate-ikd-3des"; "rate_100_per_s"); m("rate-sw-3des"; "rate_100_per_s")),
      "ikd/strongswan setup rate N=1000 3des-sha1-modp1024": ratio(m("rate-ikd-3des"; "rate_1000_per_s"); m("rate-sw-3des"; "rate_1000_per_s")),
      "ikd/strongswan setup rate N=100 aes128-sha256-modp2048": ratio(m("rate-ikd-aes128"; "rate_100_per_s"); m("rate-sw-aes128"; "rate_100_per_s")),
      "ikd/strongswan setup rate N=1000 aes128-sha256-modp2048": ratio(m("rate-ikd-aes128"; "rate_1000_per_s"); m("rate-sw-aes128"; "rate_1000_per_s"))}}
  ' <"$TMP/samples.tsv" >"$out"
}

# report_tables JSON: the data plane and the control plane as Markdown.
report_tables() {
  local json=$1
  jq -r '
    def f: if . == null then "–" else tostring end;
    def c($k): .value.metrics[$k].median | f;
    "| path | TCP 1 stream Mbit/s | TCP 4 streams Mbit/s | UDP 1372 B Mbit/s (loss %) | UDP 64 B kpps | ping p50 ms | ping p99 ms |",
    "|---|---:|---:|---:|---:|---:|---:|",
    (.paths | to_entries[] | select(.key | startswith("rate-") | not) | "| \(.value.label) | \(c("tcp1_mbps")) | \(c("tcp4_mbps")) | \(c("udp1372_mbps"))"
      + (if .value.metrics.udp1372_loss_pct then " (\(c("udp1372_loss_pct")))" else "" end)
      + " | \(c("udp64_kpps")) | \(c("ping_p50_ms")) | \(c("ping_p99_ms")) |"),
    "",
    "| path | establish MM+QM ms: first / again | ikd READY ms | ikd RSS idle MB | ikd RSS after traffic MB | charon RSS MB | TCP 1 retransmits | TCP 1 socket drops |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    (.paths | to_entries[] | select(.key | startswith("rate-") | not)
      | "| \(.value.label) | \(c("establish_ms")) / \(c("setup_ms")) | \(c("ready_ms")) | \(c("rss_idle_mb")) | \(c("rss_load_mb"))"
        + " | \(c("charon_rss_mb")) | \(c("tcp1_retransmits")) | \(c("tcp1_socket_drops")) |"),
    "",
    "| path under UDP flood | ping p50 ms | ping p99 ms | ping loss % | daemon RSS growth MB | recovery ms |",
    "|---|---:|---:|---:|---:|---:|",
    (.paths | to_entries[] | select(.value.metrics.flood_ping_loss_pct)
      | "| \(.value.label) | \(c("flood_ping_p50_ms")) | \(c("flood_ping_p99_ms")) | \(c("flood_ping_loss_pct"))"
        + " | \(c("flood_rss_growth_mb")) | \(c("flood_recovery_ms")) |"),
    "",
    "| IKE setup rate, N Main + Quick Modes at once | N=100 setups/s | failed | p50 ms | N=1000 setups/s | failed | p50 ms |",
    "|---|---:|---:|---:|---:|---:|---:|",
    (.paths | to_entries[] | select(.value.metrics.rate_100_per_s or .value.metrics.rate_1000_per_s)
      | "| \(.value.label) | \(c("rate_100_per_s")) | \(c("rate_100_failed")) | \(c("rate_100_p50_ms"))"
        + " | \(c("rate_1000_per_s")) | \(c("rate_1000_failed")) | \(c("rate_1000_p50_ms")) |"),
    "",
    "| memory with 1,000 ISAKMP SAs and 2,000 IPsec SA pairs | set up | RSS MB | heap used MB | heap live MB (after full GC) | RSS before MB |",
    "|---|---:|---:|---:|---:|---:|",
    (.paths | to_entries[] | select(.value.metrics.mem_rss_mb)
      | "| \(.value.label) | \(c("mem_established")) | \(c("mem_rss_mb")) | \(c("mem_heap_used_mb")) | \(c("mem_heap_live_mb"))"
        + " | \(c("mem_rss_before_mb")) |"),
    "",
    "| ratio (medians of this run) | value |", "|---|---:|",
    (.ratios | to_entries[] | "| \(.key) | \(.value | f) |")
  ' "$json"
}
