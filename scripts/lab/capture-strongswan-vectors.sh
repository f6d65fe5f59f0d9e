#!/usr/bin/env bash
# Capture independent IKEv1 (Main Mode + Quick Mode, PSK) test vectors from two strongSwan charon
# instances talking to each other in two private network namespaces (ikdvec-a = initiator,
# ikdvec-b = responder), and turn their debug logs + the wire capture into .vec/.messages files.
#
# Needs root and: strongswan-charon libcharon-extra-plugins libstrongswan-standard-plugins (openssl
# plugin: 3DES, ECP; gcm plugin) strongswan-swanctl tshark iproute2 python3 (+ python3 cryptography
# for the decryption checks, optional):
#   DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends strongswan-charon \
#       libcharon-extra-plugins libstrongswan-standard-plugins strongswan-swanctl tshark iputils-ping
#
# Usage: scripts/lab/capture-strongswan-vectors.sh [SET...]      (default: all three sets)
# Environment: WORK (default /tmp/ikdvec) keeps logs and pcaps; OUT (default
#   ikd-core/src/test/resources/vectors/strongswan) receives the vector files.
#
# Network: only the namespaces ikdvec-a/ikdvec-b, a veth pair between them, 198.18.0.1/24 (a),
# 198.18.0.2/24 (b), inner subnets 198.19.1.0/24 (a) and 198.19.2.0/24 (b) on lo. Teardown (trap)
# kills only the PIDs this script started and deletes only its own namespaces.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WORK=${WORK:-/tmp/ikdvec}
OUT=${OUT:-$REPO/ikd-core/src/test/resources/vectors/strongswan}
NSA=ikdvec-a
NSB=ikdvec-b
IPA=198.18.0.1
IPB=198.18.0.2
ALL_SETS="mm-3des-sha1-modp1024 mm-aes128-sha256-modp2048 mm-aes256-sha384-ecp384"
SETS=${*:-$ALL_SETS}

PIDS=()
cleanup() {
    local -    # keep the 'set +e' local to this function
    set +e
    local i p
    # newest first: the charons (which send their DELETEs on SIGTERM) before the capture
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        p=${PIDS[$i]}
        kill "$p" 2>/dev/null
        sleep 0.5
    done
    for p in "${PIDS[@]}"; do
        kill -9 "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    PIDS=()
    ip netns del "$NSA" 2>/dev/null
    ip netns del "$NSB" 2>/dev/null
    # the bind mounts lived only in the charons' private mount namespaces; nothing to unmount here
    return 0
}
trap 'rc=$?; cleanup; exit $rc' EXIT
trap 'exit 130' INT TERM

# proposal set -> "ike_proposal esp_proposal psk-text"
set_params() {
    case "$1" in
        mm-3des-sha1-modp1024)      echo "3des-sha1-modp1024 3des-sha1 ikd-vector-psk-3des-sha1" ;;
        mm-aes128-sha256-modp2048)  echo "aes128-sha256-modp2048 aes128gcm16 ikd-vector-psk-aes128-sha256" ;;
        mm-aes256-sha384-ecp384)    echo "aes256-sha384-ecp384 aes256-sha256-ecp384 ikd-vector-psk-aes256-sha384" ;;
        *) echo "unknown set $1" >&2; return 1 ;;
    esac
}

setup_net() {
    ip netns del "$NSA" 2>/dev/null || true
    ip netns del "$NSB" 2>/dev/null || true
    ip netns add "$NSA"
    ip netns add "$NSB"
    ip -n "$NSA" link add veth-ikdvec type veth peer name veth-ikdvec netns "$NSB"
    ip -n "$NSA" addr add $IPA/24 dev veth-ikdvec
    ip -n "$NSB" addr add $IPB/24 dev veth-ikdvec
    ip -n "$NSA" link set lo up
    ip -n "$NSB" link set lo up
    ip -n "$NSA" link set veth-ikdvec up
    ip -n "$NSB" link set veth-ikdvec up
    ip -n "$NSA" addr add 198.19.1.1/24 dev lo
    ip -n "$NSB" addr add 198.19.2.1/24 dev lo
}

write_conf() { # dir local remote local_ts remote_ts ike esp psk
    local d=$1 l=$2 r=$3 lts=$4 rts=$5 ike=$6 esp=$7 psk=$8
    mkdir -p "$d/run"
    rm -f "$d/charon.log" "$d/charon.vici" "$d/run/"*
    cat >"$d/strongswan.conf" <<CONF
charon {
    load_modular = no
    load = random nonce openssl aes sha1 sha2 md5 hmac xcbc gmp gcm kdf pem pkcs1 pkcs8 x509 pubkey kernel-libipsec kernel-netlink socket-default vici
    threads = 16
    install_virtual_ip = no
    retransmit_tries = 2
    plugins {
        vici {
            socket = unix://$d/charon.vici
        }
    }
    filelog {
        vec {
            path = $d/charon.log
            time_format = %Y-%m-%dT%H:%M:%S
            flush_line = yes
            default = 1
            ike = 4
            chd = 4
            enc = 3
            cfg = 2
            knl = 2
            net = 2
        }
    }
    syslog {
        daemon {
            default = -1
        }
    }
}
swanctl {
    load = pem pkcs1 x509 pubkey random nonce
}
CONF
    cat >"$d/swanctl.conf" <<CONF
connections {
    vec {
        version = 1
        aggressive = no
        encap = yes
        mobike = no
        local_addrs = $l
        remote_addrs = $r
        proposals = $ike
        rekey_time = 4h
        reauth_time = 0
        over_time = 10m
        rand_time = 0
        local {
            auth = psk
            id = $l
        }
        remote {
            auth = psk
            id = $r
        }
        children {
            net {
                local_ts = $lts
                remote_ts = $rts
                mode = tunnel
                esp_proposals = $esp
                rekey_time = 1h
                life_time = 75m
                rand_time = 0
                start_action = none
            }
        }
    }
}
secrets {
    ike-vec {
        id-a = $IPA
        id-b = $IPB
        secret = "$psk"
    }
}
CONF
}

start_charon() { # ns dir
    local ns=$1 d=$2
    STRONGSWAN_CONF=$d/strongswan.conf ip netns exec "$ns" unshare -m --propagation private \
        sh -c "mount --bind '$d/run' /run && exec /usr/lib/ipsec/charon" \
        >"$d/charon.stdout" 2>&1 &
    PIDS+=($!)
    local i
    for i in $(seq 1 100); do
        [ -S "$d/charon.vici" ] && return 0
        sleep 0.1
    done
    echo "charon in $ns did not come up" >&2
    return 1
}

swan() { # dir command args...  (swanctl wants the command first)
    local d=$1 cmd=$2; shift 2
    STRONGSWAN_CONF=$d/strongswan.conf swanctl "$cmd" --uri "unix://$d/charon.vici" "$@"
}

capture_set() {
    local name=$1 ike esp psk
    read -r ike esp psk < <(set_params "$name")
    local base=$WORK/$name
    echo "=== $name: IKE $ike, ESP $esp"
    setup_net
    write_conf "$base/a" $IPA $IPB 198.19.1.0/24 198.19.2.0/24 "$ike" "$esp" "$psk"
    write_conf "$base/b" $IPB $IPA 198.19.2.0/24 198.19.1.0/24 "$ike" "$esp" "$psk"
    rm -f "$base/wire.pcap"

    ip netns exec "$NSA" tshark -q -i veth-ikdvec -F pcap -w "$base/wire.pcap" \
        -f "udp port 500 or udp port 4500" >"$base/tshark.log" 2>&1 &
    PIDS+=($!)
    local tpid=$!
    local i
    for i in $(seq 1 100); do
        grep -q "Capturing on" "$base/tshark.log" 2>/dev/null && break
        sleep 0.1
    done

    start_charon "$NSA" "$base/a"
    start_charon "$NSB" "$base/b"
    swan "$base/a" --load-all --noprompt --file "$base/a/swanctl.conf" >"$base/a/load.log" 2>&1
    swan "$base/b" --load-all --noprompt --file "$base/b/swanctl.conf" >"$base/b/load.log" 2>&1
    swan "$base/a" --initiate --child net --timeout 20 >"$base/initiate.log" 2>&1 || true
    # a little ESP through the tunnel (not needed for the key vectors; proves the keys end to end)
    ip netns exec "$NSA" ping -c 2 -W 1 -I 198.19.1.1 198.19.2.1 >"$base/ping.log" 2>&1 || true
    swan "$base/a" --list-sas >"$base/list-sas-a.txt" 2>&1 || true
    swan "$base/b" --list-sas >"$base/list-sas-b.txt" 2>&1 || true
    # orderly teardown by the initiator: INFORMATIONAL DELETEs (ESP, then ISAKMP) for the seeds
    swan "$base/a" --terminate --ike vec --timeout 5 >"$base/terminate.log" 2>&1 || true
    sleep 1
    cleanup
    grep -q "initiate completed successfully" "$base/initiate.log" || {
        echo "$name: initiation failed, see $base/initiate.log and $base/{a,b}/charon.log" >&2
        return 1
    }
    # the charon logs, the pcap and swanctl output stay in $base
    python3 "$HERE/check-vectors.py" --extract "$base" --name "$name" --out "$OUT"
}

for f in /usr/lib/ipsec/charon /usr/lib/ipsec/plugins/libstrongswan-openssl.so \
         /usr/lib/ipsec/plugins/libstrongswan-gcm.so /usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so; do
    [ -e "$f" ] || { echo "missing $f (see the package list at the top of this script)" >&2; exit 1; }
done
command -v tshark >/dev/null || { echo "tshark is not installed" >&2; exit 1; }
mkdir -p "$WORK" "$OUT"
for s in $SETS; do
    capture_set "$s"
done
python3 "$HERE/check-vectors.py" "$OUT"/*.vec
