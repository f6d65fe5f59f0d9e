# ESP forger for EspHostileInputIT. Runs inside host A's namespace, on the veth to host B.
# 1. starts a short ping A -> B (the daemons protect it with ESP) and captures one outgoing
#    ESP frame with an AF_PACKET socket;
# 2. sends, as Ethernet frames to B's MAC (no route, TUN or policy of A's daemon involved):
#    the captured packet REPLAYS times; FLIPS copies with a fresh sequence number and one
#    ciphertext bit flipped (the ICV must fail); BADSPI copies under unknown SPIs; truncated
#    copies (every length from 0 to 31 ESP bytes, then the packet minus 1..12 bytes); and
#    oversized ones (a 9000-byte and a 65000-byte ESP packet under the real SPI, sent as IP
#    fragments that B's kernel reassembles).
# Prints one line: key=value counts of what was sent. Bounded: ~20 s of capture at most.
import os, socket, struct, subprocess, sys, time

iface, src, dst, dst_mac = sys.argv[1:5]
replays, flips, badspi = (int(x) for x in sys.argv[5:8])

s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
s.bind((iface, 0))
s.settimeout(0.5)
ping = subprocess.Popen(["ping", "-c", "6", "-i", "0.3", "-W", "2", "-I", src, dst],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
frame = None
deadline = time.time() + 20
while frame is None and time.time() < deadline:
    try:
        f, addr = s.recvfrom(65535)
    except socket.timeout:
        continue
    if addr[2] != socket.PACKET_OUTGOING or len(f) < 14 + 20 + 24 or f[12:14] != b"\x08\x00":
        continue
    ip = f[14:]
    if ip[9] == 50 and socket.inet_ntoa(ip[12:16]) == src and socket.inet_ntoa(ip[16:20]) == dst:
        frame = f
ping.wait(timeout=30)
if frame is None:
    sys.exit("no outgoing ESP packet from %s to %s seen on %s" % (src, dst, iface))

eth = bytes.fromhex(dst_mac.replace(":", "")) + frame[6:12] + b"\x08\x00"
ip = frame[14:]
ihl = (ip[0] & 0x0F) * 4
total = struct.unpack("!H", ip[2:4])[0]
esp = ip[ihl:total]
spi, seq = struct.unpack("!II", esp[:8])
ident = [0x4000]


def checksum(h):
    t = sum(struct.unpack("!%dH" % (len(h) // 2), h))
    while t >> 16:
        t = (t & 0xFFFF) + (t >> 16)
    return (~t) & 0xFFFF


def ip_header(length, frag_field, ident_):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, length, ident_, frag_field, 64, 50, 0,
                    socket.inet_aton(src), socket.inet_aton(dst))
    return h[:10] + struct.pack("!H", checksum(h)) + h[12:]


def send(payload):
    """One ESP payload, fragmented into 1480-byte pieces when it does not fit the 1500-byte MTU."""
    ident[0] = (ident[0] + 1) & 0xFFFF
    if len(payload) <= 1480:
        s.send(eth + ip_header(20 + len(payload), 0, ident[0]) + payload)
        return
    for off in range(0, len(payload), 1480):
        piece = payload[off:off + 1480]
        more = 0x2000 if off + 1480 < len(payload) else 0
        s.send(eth + ip_header(20 + len(piece), more | (off // 8), ident[0]) + piece)
        time.sleep(0.0002)


def with_seq(p, n):
    return p[:4] + struct.pack("!I", n) + p[8:]


counts = {}
for _ in range(replays):
    send(esp)
    time.sleep(0.001)
counts["replays"] = replays
for i in range(flips):
    p = bytearray(with_seq(esp, seq + 1000 + i))
    p[8 + 16 + (i % (len(esp) - 40))] ^= 1 << (i % 8)          # a bit of the ciphertext, after the IV
    send(bytes(p))
    time.sleep(0.001)
counts["flips"] = flips
for i in range(badspi):
    other = (spi ^ 0x5A5A0000 ^ (i + 1)) or 1
    send(struct.pack("!I", other) + esp[4:])
    time.sleep(0.001)
counts["badspi"] = badspi
truncated = 0
for n in list(range(0, 32)) + [len(esp) - k for k in range(1, 13)]:
    send(with_seq(esp, seq + 5000 + n)[:n] if n >= 8 else esp[:n])
    truncated += 1
    time.sleep(0.001)
counts["truncated"] = truncated
oversized = 0
for size in (9000, 65000):
    body = os.urandom(size - 8)
    send(struct.pack("!II", spi, seq + 9000 + size % 7) + body)
    oversized += 1
counts["oversized"] = oversized
counts["spi"] = "%08x" % spi
counts["seq"] = seq
counts["esp_len"] = len(esp)
print(" ".join("%s=%s" % kv for kv in counts.items()))
