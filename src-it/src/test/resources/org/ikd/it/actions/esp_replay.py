# ESP replayer for RuleOptionsIT. Runs inside host A's namespace, on the veth to host B.
#   capture IFACE SRC DST FILE: starts a short ping SRC -> DST (the daemons protect it with ESP),
#       captures one outgoing ESP frame with an AF_PACKET socket and writes it to FILE (hex); it
#       returns once the ping has ended, so every packet of the ping has been answered or timed out.
#   replay IFACE FILE COUNT: sends the captured frame COUNT times (as it was: same SPI, same
#       sequence number, same ICV), 2 ms apart.
# Prints one line: key=value. Bounded: ~20 s of capture, COUNT <= 10000.
import socket, subprocess, sys, time

s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
mode, iface = sys.argv[1:3]
s.bind((iface, 0))

if mode == "capture":
    src, dst, path = sys.argv[3:6]
    s.settimeout(0.5)
    ping = subprocess.Popen(["ping", "-c", "4", "-i", "0.3", "-W", "2", "-I", src, dst],
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
    with open(path, "w") as out:
        out.write(frame.hex())
    ihl = (frame[14] & 0x0F) * 4
    esp = frame[14 + ihl:]
    print("captured spi=%d seq=%d bytes=%d" % (int.from_bytes(esp[0:4], "big"), int.from_bytes(esp[4:8], "big"), len(frame) - 14))
elif mode == "replay":
    path, count = sys.argv[3], int(sys.argv[4])
    if count > 10000:
        sys.exit("at most 10000 replays")
    frame = bytes.fromhex(open(path).read())
    for _ in range(count):
        s.send(frame)
        time.sleep(0.002)
    print("replays=%d" % count)
else:
    sys.exit("mode: capture or replay")
