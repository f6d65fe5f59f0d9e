# A lossy wire for LossyLinkIT: bridges two interfaces of the middle namespace frame by frame
# with AF_PACKET, like netem would (netem, sch_netem, is missing from some kernels, e.g. this
# CI's). Settings are read from SETTINGS (a file: "loss dup reorder delay_ms", percentages) every
# 100 ms; the bridge stops when STOP exists or after MAX_SECONDS. Per frame: dropped with
# probability loss; otherwise sent, and once more with probability dup; with probability reorder
# it is held back delay_ms, so frames behind it overtake it. Prints the counts at the end.
import os, random, select, socket, sys, time

left, right, settings, stop, max_seconds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
PACKET_OUTGOING = 4


def without_udp_checksum(frame):
    """veth leaves UDP checksums to offload (CHECKSUM_PARTIAL): the bytes captured here carry
    only the pseudo-header sum, which the receiver would reject once the frame is re-sent. IPv4
    allows no checksum (RFC 768: zero), so the bridge clears it."""
    if len(frame) < 42 or frame[12:14] != b"\x08\x00" or frame[23] != 17 or (frame[20] & 0x1F) or frame[21]:
        return frame
    udp = 14 + (frame[14] & 0x0F) * 4
    return frame[:udp + 6] + b"\x00\x00" + frame[udp + 8:]


def open_raw(iface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
    s.bind((iface, 0))
    s.setblocking(False)
    return s


a, b = open_raw(left), open_raw(right)
other = {a: b, b: a}
loss = dup = reorder = 0.0
delay = 0.0
held = []                                    # (release time, socket, frame)
counts = {"frames": 0, "dropped": 0, "duplicated": 0, "reordered": 0, "too_big": 0}
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
                l, d, r, ms = (float(x) for x in f.read().split())
            loss, dup, reorder, delay = l / 100, d / 100, r / 100, ms / 1000
        except (OSError, ValueError):
            pass
    timeout = 0.05
    if held:
        timeout = max(0.0, min(timeout, min(h[0] for h in held) - now))
    ready, _, _ = select.select([a, b], [], [], timeout)
    for s in ready:
        while True:
            try:
                frame, addr = s.recvfrom(65535)
            except BlockingIOError:
                break
            if addr[2] == PACKET_OUTGOING:    # our own sends, seen again
                continue
            counts["frames"] += 1
            frame = without_udp_checksum(frame)
            if random.random() < loss:
                counts["dropped"] += 1
                continue
            copies = 2 if random.random() < dup else 1
            counts["duplicated"] += copies - 1
            late = random.random() < reorder
            counts["reordered"] += 1 if late else 0
            for _ in range(copies):
                held.append((time.monotonic() + (delay if late else 0.0), other[s], frame))
    now = time.monotonic()
    due = sorted((h for h in held if h[0] <= now), key=lambda h: h[0])
    held = [h for h in held if h[0] > now]
    for _, out, frame in due:
        try:
            out.send(frame)
        except OSError:
            counts["too_big"] += 1
print(" ".join("%s=%d" % kv for kv in counts.items()))
