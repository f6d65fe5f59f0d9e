# An impaired wire for the labs (faults.LossyWire, lab.SiteToSite's router): bridges two interfaces
# of one namespace frame by frame with AF_PACKET, as netem would (sch_netem is missing from some
# kernels, e.g. this CI's). Being a layer-2 bridge it carries whatever IP does: IKE on UDP 500/4500,
# ESP in UDP and raw ESP (protocol 50) alike, ARP and neighbour discovery too.
# Settings are read from SETTINGS every 100 ms, one line "loss dup reorder reorder_ms [delay_ms
# [ike_drops]]" (percentages, milliseconds, a count); the bridge stops when STOP exists or after
# MAX_SECONDS. Per frame: dropped with probability loss; otherwise sent delay_ms later, and once
# more with probability dup; with probability reorder it is held reorder_ms longer, so frames behind
# it overtake it. ike_drops: the first that many IKE messages (UDP 500, or UDP 4500 behind the four
# zero bytes of the non-ESP marker, RFC 3948 §2.2) are dropped, whatever the loss, so that a test
# knows a retransmission was needed. Prints the counts at the end.
import heapq, os, select, socket, struct, sys, time, random

left, right, settings, stop, max_seconds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
PACKET_OUTGOING = 4


def ones_sum(data):
    if len(data) % 2:
        data += b"\x00"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def transport(frame):
    """(offset of the TCP/UDP header, its end, protocol, pseudo-header) of an unfragmented IPv4 or
    IPv6 (no extension header) frame, or None."""
    if len(frame) < 34:
        return None
    kind = frame[12:14]
    if kind == b"\x08\x00":
        if frame[20] & 0x3F or frame[21]:                 # MF or a fragment offset
            return None
        proto, l4 = frame[23], 14 + (frame[14] & 0x0F) * 4
        end = 14 + int.from_bytes(frame[16:18], "big")
        return l4, end, proto, frame[26:34] + bytes((0, proto)) + (end - l4).to_bytes(2, "big")
    if kind == b"\x86\xdd" and len(frame) >= 54:
        proto, end = frame[20], 54 + int.from_bytes(frame[18:20], "big")
        return 54, end, proto, frame[22:54] + (end - 54).to_bytes(4, "big") + bytes((0, 0, 0, proto))
    return None


def with_checksum(frame):
    """veth leaves TCP and UDP checksums to offload (CHECKSUM_PARTIAL): the bytes captured here
    carry only the pseudo-header sum, which the receiver rejects once the frame is re-sent. So the
    bridge computes them (RFC 768, RFC 793, RFC 8200 §8.1 for IPv6; a UDP sum of 0 is sent as 0xFFFF)."""
    t = transport(frame)
    if t is None or t[2] not in (6, 17) or t[1] > len(frame):
        return frame
    l4, end, proto, pseudo = t
    at = l4 + (16 if proto == 6 else 6)
    segment = frame[l4:at] + b"\x00\x00" + frame[at + 2:end]
    csum = ~ones_sum(pseudo + segment) & 0xFFFF
    if proto == 17 and csum == 0:
        csum = 0xFFFF
    return frame[:at] + csum.to_bytes(2, "big") + frame[at + 2:]


def is_ike(frame):
    t = transport(frame)
    if t is None or t[2] != 17 or t[0] + 8 > len(frame):
        return False
    l4 = t[0]
    ports = struct.unpack("!HH", frame[l4:l4 + 4])
    if 500 in ports:
        return True
    # UDP 4500: IKE after the four zero bytes of the non-ESP marker; not keepalives (one byte 0xFF)
    return 4500 in ports and frame[l4 + 8:l4 + 12] == b"\x00\x00\x00\x00" and t[1] - l4 > 12


def open_raw(iface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
    s.bind((iface, 0))
    s.setblocking(False)
    return s


a, b = open_raw(left), open_raw(right)
other = {a: b, b: a}
loss = dup = reorder = late_by = delay = 0.0
ike_drops = 0
held = []                                    # heap of (release time, sequence, socket, frame)
sequence = 0
counts = {"frames": 0, "dropped": 0, "duplicated": 0, "reordered": 0, "ike_dropped": 0, "too_big": 0}
end = time.monotonic() + max_seconds
next_read = 0.0
while time.monotonic() < end:
    now = time.monotonic()
    if now >= next_read:
        next_read = now + 0.1
        if os.path.exists(stop):
            break
        try:
            with open(settings) as f:
                fields = [float(x) for x in f.read().split()] + [0, 0]
            loss, dup, reorder = fields[0] / 100, fields[1] / 100, fields[2] / 100
            late_by, delay, ike_drops = fields[3] / 1000, fields[4] / 1000, int(fields[5])
        except (OSError, ValueError, IndexError):
            pass
    timeout = 0.05 if not held else max(0.0, min(0.05, held[0][0] - now))
    ready, _, _ = select.select([a, b], [], [], timeout)
    for s in ready:
        for _ in range(256):                 # bounded: the held frames get their turn
            try:
                frame, addr = s.recvfrom(65535)
            except BlockingIOError:
                break
            if addr[2] == PACKET_OUTGOING:    # our own sends, seen again
                continue
            counts["frames"] += 1
            if counts["ike_dropped"] < ike_drops and is_ike(frame):
                counts["ike_dropped"] += 1
                continue
            if random.random() < loss:
                counts["dropped"] += 1
                continue
            frame = with_checksum(frame)
            copies = 2 if random.random() < dup else 1
            counts["duplicated"] += copies - 1
            late = random.random() < reorder
            counts["reordered"] += 1 if late else 0
            release = time.monotonic() + delay + (late_by if late else 0.0)
            for _ in range(copies):
                sequence += 1
                heapq.heappush(held, (release, sequence, other[s], frame))
    now = time.monotonic()
    while held and held[0][0] <= now:
        _, _, out, frame = heapq.heappop(held)
        try:
            out.send(frame)
        except OSError:
            counts["too_big"] += 1
print(" ".join("%s=%d" % kv for kv in counts.items()), flush=True)
