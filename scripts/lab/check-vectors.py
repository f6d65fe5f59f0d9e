#!/usr/bin/env python3
"""IKEv1 test vectors captured from two strongSwan charons: extractor and independent checker.

Two modes:

  check-vectors.py FILE.vec...
      Recompute, with nothing but the Python standard library (plus `cryptography` for the
      cipher checks, skipped if it is missing), every derived value in the .vec files from the
      captured inputs, and compare with what charon logged. This documents the field mapping
      (which bytes go into which prf) and proves it right. Exit status 1 on any mismatch.

  check-vectors.py --extract WORKDIR --name NAME --out OUTDIR
      Used by capture-strongswan-vectors.sh: read WORKDIR/wire.pcap (classic libpcap, Ethernet),
      WORKDIR/a/charon.log (initiator) and WORKDIR/b/charon.log (responder) and write
      OUTDIR/NAME.vec and OUTDIR/NAME.messages.

Key names and their meaning: ikd-core/src/test/resources/vectors/strongswan/README.md.
"""

import argparse
import datetime
import hashlib
import hmac
import os
import re
import struct
import subprocess
import sys

IP_I = bytes([198, 18, 0, 1])
IP_R = bytes([198, 18, 0, 2])

# IKEv1 attribute values (RFC 2409 Appendix A, IANA "IPSEC Encryption/Hash Algorithms")
ENCR_NAMES = {1: "DES_CBC", 5: "3DES_CBC", 7: "AES_CBC"}
HASH_NAMES = {1: "MD5", 2: "SHA1", 4: "SHA2_256", 5: "SHA2_384", 6: "SHA2_512"}
HASH_FUNCS = {"MD5": hashlib.md5, "SHA1": hashlib.sha1, "SHA2_256": hashlib.sha256,
              "SHA2_384": hashlib.sha384, "SHA2_512": hashlib.sha512}
PAYLOAD_NAMES = {1: "SA", 2: "P", 3: "T", 4: "KE", 5: "ID", 6: "CERT", 7: "CR", 8: "HASH", 9: "SIG",
                 10: "NONCE", 11: "N", 12: "D", 13: "VID", 20: "NAT-D", 21: "NAT-OA", 130: "NAT-D-draft",
                 131: "NAT-OA-draft", 132: "FRAG"}
EXCH_NAMES = {2: "ID_PROT", 4: "AGGRESSIVE", 5: "INFORMATIONAL", 32: "QUICK_MODE"}


def h(b):
    return b.hex()


# ---------------------------------------------------------------------------------------------
# ISAKMP parsing
# ---------------------------------------------------------------------------------------------

def parse_header(msg):
    cky_i, cky_r, np, ver, exch, flags, msgid, length = struct.unpack(">8s8sBBBB4sI", msg[:28])
    return dict(cky_i=cky_i, cky_r=cky_r, np=np, ver=ver, exch=exch, flags=flags, msgid=msgid,
                length=length)


def parse_payloads(first, data):
    """Generic payload chain -> list of (type, body, whole_payload_bytes). Stops at np 0; the
    rest (charon's zero padding in decrypted messages) is returned separately."""
    out = []
    np = first
    off = 0
    while np != 0:
        if off + 4 > len(data):
            raise ValueError("truncated payload chain")
        nxt, _res, plen = struct.unpack(">BBH", data[off:off + 4])
        if plen < 4 or off + plen > len(data):
            raise ValueError("bad payload length %d at %d" % (plen, off))
        out.append((np, data[off + 4:off + plen], data[off:off + plen]))
        np = nxt
        off += plen
    return out, data[off:]


def parse_attrs(data):
    attrs = []
    off = 0
    while off < len(data):
        t, v = struct.unpack(">HH", data[off:off + 4])
        if t & 0x8000:
            attrs.append((t & 0x7fff, v))
            off += 4
        else:
            attrs.append((t, int.from_bytes(data[off + 4:off + 4 + v], "big")))
            off += 4 + v
    return attrs


def parse_sa(body):
    """SA payload body (DOI, situation, proposals) -> list of proposals."""
    doi, sit = struct.unpack(">II", body[:8])
    props = []
    off = 8
    while off < len(body):
        nxt, _r, plen, pnum, proto, spisz, ntr = struct.unpack(">BBHBBBB", body[off:off + 8])
        spi = body[off + 8:off + 8 + spisz]
        toff = off + 8 + spisz
        trs = []
        for _ in range(ntr):
            tn, _r2, tlen, tnum, tid = struct.unpack(">BBHBB", body[toff:toff + 6])
            trs.append(dict(num=tnum, id=tid, attrs=parse_attrs(body[toff + 8:toff + tlen])))
            toff += tlen
        props.append(dict(num=pnum, proto=proto, spi=spi, transforms=trs))
        off += plen
        if nxt == 0:
            break
    return dict(doi=doi, situation=sit, proposals=props)


# ---------------------------------------------------------------------------------------------
# pcap reading (classic libpcap, Ethernet, IPv4, UDP 500/4500)
# ---------------------------------------------------------------------------------------------

def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic == b"\xd4\xc3\xb2\xa1":
        e = "<"
    elif magic == b"\xa1\xb2\xc3\xd4":
        e = ">"
    else:
        raise ValueError("not a classic pcap file (write it with tshark -F pcap)")
    linktype = struct.unpack(e + "I", data[20:24])[0]
    if linktype != 1:
        raise ValueError("linktype %d, expected Ethernet" % linktype)
    off = 24
    pkts = []
    while off + 16 <= len(data):
        _ts, _tu, incl, _orig = struct.unpack(e + "IIII", data[off:off + 16])
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if struct.unpack(">H", frame[12:14])[0] != 0x0800:
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0x0f) * 4
        if ip[9] != 17:
            continue
        tot = struct.unpack(">H", ip[2:4])[0]
        src, dst = ip[12:16], ip[16:20]
        udp = ip[ihl:tot]
        sport, dport, ulen = struct.unpack(">HHH", udp[:6])
        pkts.append((src, dst, sport, dport, udp[8:ulen]))
    return pkts


def wire_messages(pcap):
    """-> (isakmp list, esp list). ISAKMP: dict(dir, port, msg, marker_stripped)."""
    isakmp, esp = [], []
    for src, dst, sport, dport, pl in read_pcap(pcap):
        direction = "i>r" if src == IP_I else "r>i"
        if sport == 4500 or dport == 4500:
            if len(pl) == 1 and pl[0] == 0xff:
                continue  # NAT-T keepalive
            if pl[:4] == b"\0\0\0\0":
                isakmp.append(dict(dir=direction, port=4500, msg=pl[4:], marker_stripped=True))
            else:
                esp.append(dict(dir=direction, port=4500, pkt=pl))
        elif sport == 500 or dport == 500:
            isakmp.append(dict(dir=direction, port=500, msg=pl, marker_stripped=False))
    return isakmp, esp


# ---------------------------------------------------------------------------------------------
# charon log parsing (filelog, time_format %Y-%m-%dT%H:%M:%S)
# ---------------------------------------------------------------------------------------------

LINE_RE = re.compile(r"^(\S+) (\d+)\[(\w+)\] (.*)$")
DUMP_HEAD_RE = re.compile(r"^(.*?) => (\d+) bytes @ (?:0x[0-9a-f]+|\(nil\))$")
DUMP_LINE_RE = re.compile(r"^ *(\d+): ((?:[0-9A-F]{2} ){0,15}[0-9A-F]{2})")


class CharonLog:
    """Events in order: ('text', thread, group, text, lineno) and
    ('dump', thread, group, label, bytes, lineno). Hex dumps are reassembled per thread."""

    def __init__(self, path):
        self.path = path
        self.events = []
        pending = {}  # thread -> [event, expected_len]
        with open(path, errors="replace") as f:
            for lineno, line in enumerate(f, 1):
                m = LINE_RE.match(line.rstrip("\n"))
                if not m:
                    continue
                thread, group, text = m.group(2), m.group(3), m.group(4)
                if thread in pending:
                    dm = DUMP_LINE_RE.match(text)
                    ev, n = pending[thread]
                    if dm and int(dm.group(1)) == len(ev[4]):
                        ev[4] += bytes.fromhex(dm.group(2).replace(" ", ""))
                        if len(ev[4]) >= n:
                            del pending[thread]
                        continue
                    del pending[thread]
                hm = DUMP_HEAD_RE.match(text)
                if hm:
                    ev = ["dump", thread, group, hm.group(1).strip(), bytearray(), lineno]
                    self.events.append(ev)
                    if int(hm.group(2)) > 0:
                        pending[thread] = [ev, int(hm.group(2))]
                    continue
                self.events.append(["text", thread, group, text, lineno])
        for ev in self.events:
            if ev[0] == "dump":
                ev[4] = bytes(ev[4])

    def dumps(self, label, group=None):
        return [ev for ev in self.events
                if ev[0] == "dump" and ev[3] == label and (group is None or ev[2] == group)]

    def first(self, label, group=None):
        d = self.dumps(label, group)
        return d[0] if d else None

    def crypt_records(self):
        """Encryption records: dict(iv, plain, padding, encrypted, line) per 'encrypting payloads:'
        block; decryption records: dict(encrypted, plain, line)."""
        enc, dec = [], []
        state = {}
        for ev in self.events:
            th = ev[1]
            if ev[0] == "text" and ev[3] == "encrypting payloads:":
                state[th] = ("enc", {"line": ev[4]})
                continue
            if ev[0] == "text" and ev[3] == "decrypting payloads:":
                state[th] = ("dec", {"line": ev[4]})
                continue
            if ev[0] != "dump" or th not in state or ev[2] != "ENC":
                continue
            kind, rec = state[th]
            label = ev[3]
            if label in ("IV", "plain", "padding", "encrypted") and label not in rec:
                rec[label] = ev[4]
            if kind == "enc" and label == "encrypted":
                enc.append(rec)
                del state[th]
            elif kind == "dec" and label == "plain":
                dec.append(rec)
                del state[th]
        return enc, dec


# ---------------------------------------------------------------------------------------------
# crypto helpers (independent re-implementation of RFC 2409)
# ---------------------------------------------------------------------------------------------

def prf(hname, key, data):
    return hmac.new(key, data, HASH_FUNCS[hname]).digest()


def block_size(encr):
    return 8 if encr in ("DES_CBC", "3DES_CBC") else 16


def appendix_b(hname, skeyid_e, need):
    """RFC 2409 Appendix B: Ka = K1 | K2 | ..., K1 = prf(SKEYID_e, 0), Kn = prf(SKEYID_e, Kn-1),
    used only when SKEYID_e is shorter than the key."""
    if len(skeyid_e) >= need:
        return skeyid_e[:need]
    out = b""
    k = prf(hname, skeyid_e, b"\0")
    out += k
    while len(out) < need:
        k = prf(hname, skeyid_e, k)
        out += k
    return out[:need]


def prf_plus(hname, key, seed, need):
    """RFC 2409 §5.5: KEYMAT = K1 | K2 | ..., K1 = prf(SKEYID_d, seed), Kn = prf(SKEYID_d, Kn-1 | seed)."""
    out = b""
    k = b""
    while len(out) < need:
        k = prf(hname, key, k + seed)
        out += k
    return out[:need]


def cipher_cbc(encr, key, iv, data, decrypt=True):
    try:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    except ImportError:
        return None
    if encr == "AES_CBC":
        alg = algorithms.AES(key)
    elif encr == "3DES_CBC":
        try:
            from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
        except ImportError:
            TripleDES = algorithms.TripleDES
        alg = TripleDES(key)
    else:
        return None
    c = Cipher(alg, modes.CBC(iv))
    op = c.decryptor() if decrypt else c.encryptor()
    return op.update(data) + op.finalize()


# ---------------------------------------------------------------------------------------------
# .vec files
# ---------------------------------------------------------------------------------------------

HEX_RE = re.compile(r"^[0-9a-f]*$")


def read_vec(path):
    vec = {}
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            k, sep, v = line.partition("=")
            k, v = k.strip(), v.strip()
            if not sep or not k:
                raise ValueError("%s:%d: expected 'key = value'" % (path, lineno))
            if k in vec:
                raise ValueError("%s:%d: duplicate key %s" % (path, lineno, k))
            vec[k] = v
    return vec


def b(vec, k):
    v = vec[k]
    if not HEX_RE.match(v) or len(v) % 2:
        raise ValueError("%s is not lowercase hex" % k)
    return bytes.fromhex(v)


# ---------------------------------------------------------------------------------------------
# extraction
# ---------------------------------------------------------------------------------------------

def one(lst, what):
    if not lst:
        raise SystemExit("extract: %s not found" % what)
    return lst[0]


def extract(work, name, outdir):
    pcap = os.path.join(work, "wire.pcap")
    loga = CharonLog(os.path.join(work, "a", "charon.log"))
    logb = CharonLog(os.path.join(work, "b", "charon.log"))
    isakmp, esp = wire_messages(pcap)

    # first occurrence of each distinct message (drop retransmissions)
    seen = set()
    msgs = []
    for m in isakmp:
        if m["msg"] in seen:
            continue
        seen.add(m["msg"])
        m["hdr"] = parse_header(m["msg"])
        msgs.append(m)

    mm = [m for m in msgs if m["hdr"]["exch"] == 2]
    qm = [m for m in msgs if m["hdr"]["exch"] == 32]
    if len(mm) < 6 or len(qm) < 3:
        raise SystemExit("extract: exchange incomplete (%d MM, %d QM messages)" % (len(mm), len(qm)))
    mm1, mm2, mm3, mm4, mm5, mm6 = mm[:6]
    qm1, qm2, qm3 = qm[:3]
    assert mm1["dir"] == "i>r" and mm6["dir"] == "r>i" and qm1["dir"] == "i>r"

    def pl(m, typ):
        plds, _ = parse_payloads(m["hdr"]["np"], m["msg"][28:])
        return [p for p in plds if p[0] == typ]

    sa_i_b = one(pl(mm1, 1), "SA in MM1")[1]
    sa_r_b = one(pl(mm2, 1), "SA in MM2")[1]
    sa_i = parse_sa(sa_i_b)
    sa_r = parse_sa(sa_r_b)
    tr = sa_r["proposals"][0]["transforms"][0]
    attrs = dict(tr["attrs"])
    encr_id, hash_id, auth_method, group = attrs[1], attrs[2], attrs[3], attrs[4]
    ike_life = attrs.get(12)
    encr_name = ENCR_NAMES[encr_id]
    hash_name = HASH_NAMES[hash_id]
    key_bits = attrs.get(14, 192 if encr_name == "3DES_CBC" else 64)

    g_xi = one(pl(mm3, 4), "KE in MM3")[1]
    ni_b = one(pl(mm3, 10), "Nonce in MM3")[1]
    g_xr = one(pl(mm4, 4), "KE in MM4")[1]
    nr_b = one(pl(mm4, 10), "Nonce in MM4")[1]
    natd_i = [p[1] for p in pl(mm3, 20)]
    natd_r = [p[1] for p in pl(mm4, 20)]

    enc_a, dec_a = loga.crypt_records()
    enc_b, dec_b = logb.crypt_records()

    def sender_record(m):
        body = m["msg"][28:]
        recs = enc_a if m["dir"] == "i>r" else enc_b
        for r in recs:
            if r.get("encrypted") == body:
                return dict(iv=r["IV"], plain=r["plain"] + r.get("padding", b""),
                            pad=r.get("padding", b""))
        raise SystemExit("extract: no encryption record for a %s message" % m["dir"])

    r5, r6 = sender_record(mm5), sender_record(mm6)
    rq1, rq2, rq3 = sender_record(qm1), sender_record(qm2), sender_record(qm3)

    def plain_payloads(m, rec):
        plds, pad = parse_payloads(m["hdr"]["np"], rec["plain"])
        return plds, pad

    p5, _ = plain_payloads(mm5, r5)
    p6, _ = plain_payloads(mm6, r6)
    pq1, _ = plain_payloads(qm1, rq1)
    pq2, _ = plain_payloads(qm2, rq2)
    idii_b = one([p[1] for p in p5 if p[0] == 5], "ID in MM5")
    idir_b = one([p[1] for p in p6 if p[0] == 5], "ID in MM6")
    qm_ni_b = one([p[1] for p in pq1 if p[0] == 10], "Nonce in QM1")
    qm_nr_b = one([p[1] for p in pq2 if p[0] == 10], "Nonce in QM2")
    qm_ke_i = [p[1] for p in pq1 if p[0] == 4]
    qm_ke_r = [p[1] for p in pq2 if p[0] == 4]
    qm_ids_i = [p[1] for p in pq1 if p[0] == 5]
    qm_ids_r = [p[1] for p in pq2 if p[0] == 5]
    qsa_i = parse_sa(one([p[1] for p in pq1 if p[0] == 1], "SA in QM1"))
    qsa_r = parse_sa(one([p[1] for p in pq2 if p[0] == 1], "SA in QM2"))
    esp_spi_i = qsa_i["proposals"][0]["spi"]
    esp_spi_r = qsa_r["proposals"][0]["spi"]
    qattrs = dict(qsa_r["proposals"][0]["transforms"][0]["attrs"])
    qtid = qsa_r["proposals"][0]["transforms"][0]["id"]

    def logged(label, group="IKE", log=None, idx=0, both=True):
        """Value from the given log (default: initiator); when both logs carry it, they must agree."""
        src = log or loga
        d = src.dumps(label, group)
        if len(d) <= idx:
            raise SystemExit("extract: '%s' not in %s" % (label, src.path))
        val = d[idx][4]
        other = logb if src is loga else loga
        od = other.dumps(label, group)
        if both and len(od) > idx and od[idx][4] != val:
            raise SystemExit("extract: logs disagree on '%s'" % label)
        return val

    g_xy = logged("shared Diffie Hellman secret")
    skeyid = logged("SKEYID")
    skeyid_d = logged("SKEYID_d")
    skeyid_a = logged("SKEYID_a")
    skeyid_e = logged("SKEYID_e")
    ka = logged("encryption key Ka")
    iv0 = logged("initial IV")
    hash_i_data = logged("HASH_I data")
    hash_i = logged("HASH_I")
    hash_r_data = logged("HASH_R data")
    hash_r = logged("HASH_R")
    qm_hash1 = logged("Hash(1)")
    qm_hash2 = logged("Hash(2)")
    qm_hash3 = logged("Hash(3)")
    pfs = bool(qm_ke_i)
    qm_g_xy = logged("DH secret", "CHD") if pfs else None
    seed_i = logged("initiator SA seed", "CHD")
    seed_r = logged("responder SA seed", "CHD")
    k_enc_i = logged("encryption initiator key", "CHD")
    k_enc_r = logged("encryption responder key", "CHD")
    k_int_i = [d[4] for d in loga.dumps("integrity initiator key", "CHD")]
    k_int_r = [d[4] for d in loga.dumps("integrity responder key", "CHD")]

    # IV charon computed for the QM message id (the 'next IV for MID <id>' dump right before the
    # first QM encryption in the initiator's log)
    qm_msgid = qm1["hdr"]["msgid"]

    try:
        ver = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "strongswan-charon"],
                             capture_output=True, text=True).stdout.strip()
    except OSError:
        ver = "?"
    date = datetime.datetime.fromtimestamp(os.path.getmtime(pcap), datetime.timezone.utc).strftime("%Y-%m-%d")

    ike_prop = name[3:]
    lines = []

    def c(text=""):
        lines.append("# " + text if text else "#")

    def kv(k, v):
        if isinstance(v, (bytes, bytearray)):
            v = h(v)
        lines.append(("%s = %s" % (k, v)).rstrip())

    c("IKEv1 Main Mode (PSK) + Quick Mode test vector, captured from two strongSwan charons.")
    c("Format and key meanings: README.md in this directory. Checker: scripts/lab/check-vectors.py")
    c("Roles: i = initiator charon (198.18.0.1, netns ikdvec-a), r = responder charon (198.18.0.2).")
    c("NAT-T: charon with kernel-libipsec forces UDP encapsulation (fakes its NAT-D), so MM5 on are")
    c("on UDP/4500; message bytes here have the 4-byte non-ESP marker stripped.")
    kv("source", "strongSwan charon %s (Debian strongswan-charon %s), kernel-libipsec, captured %s;"
       " wire bytes from tshark on veth in ikdvec-a; keys from filelog (ike 4, chd 4, enc 3) of"
       " both roles, initiator's log unless noted, log tags [IKE] 'SKEYID' etc. and [CHD] '... key';"
       " every value logged by both roles was identical"
       % (ver.split("-")[0], ver, date))
    c()
    c("--- negotiated phase-1 proposal (from the responder's SA in MM2)")
    kv("ike_proposal", ike_prop)
    kv("encr_id", encr_id)
    kv("encr_name", encr_name)
    kv("hash_id", hash_id)
    kv("hash_name", hash_name)
    kv("prf", "HMAC_" + hash_name)
    kv("auth_method", auth_method)
    kv("dh_group", group)
    kv("encr_key_bits", key_bits)
    kv("ike_lifetime_s", ike_life)
    kv("psk", vec_psk(work))
    c()
    c("--- Main Mode inputs (wire)")
    kv("cky_i", mm1["hdr"]["cky_i"])
    kv("cky_r", mm2["hdr"]["cky_r"])
    c("SA payload body from MM1 (DOI | situation | proposals), as hashed into HASH_I/HASH_R")
    kv("sa_i_b", sa_i_b)
    kv("sa_r_b", sa_r_b)
    kv("g_xi", g_xi)
    kv("g_xr", g_xr)
    kv("ni_b", ni_b)
    kv("nr_b", nr_b)
    c("NAT-D payload bodies in order as sent (MM3 by i, MM4 by r): first = hash for the peer")
    c("(destination), second = hash for the sender itself (source), RFC 3947 order.")
    for idx, v in enumerate(natd_i):
        kv("natd_i_%d" % (idx + 1), v)
    for idx, v in enumerate(natd_r):
        kv("natd_r_%d" % (idx + 1), v)
    c()
    c("--- Phase-1 keys (charon log)")
    c("g_xy: for ECP groups charon uses the x coordinate only (RFC 5903 §7)")
    kv("g_xy", g_xy)
    kv("skeyid", skeyid)
    kv("skeyid_d", skeyid_d)
    kv("skeyid_a", skeyid_a)
    kv("skeyid_e", skeyid_e)
    kv("ka", ka)
    kv("iv0", iv0)
    c()
    c("--- Main Mode 5/6 (ID payload bodies = id type | protocol | port | data)")
    kv("idii_b", idii_b)
    kv("idir_b", idir_b)
    c("hash_i_data / hash_r_data: the prf input charon logged")
    kv("hash_i_data", hash_i_data)
    kv("hash_i", hash_i)
    kv("hash_r_data", hash_r_data)
    kv("hash_r", hash_r)
    kv("mm5", mm5["msg"])
    kv("mm5_iv", r5["iv"])
    c("mm5_plain / mm6_plain: decrypted body INCLUDING charon's zero padding (1..blocksize bytes)")
    kv("mm5_plain", r5["plain"])
    kv("mm5_pad_len", len(r5["pad"]))
    kv("mm6", mm6["msg"])
    kv("mm6_iv", r6["iv"])
    c("mm6_plain: from the responder's log (it encrypted MM6)")
    kv("mm6_plain", r6["plain"])
    kv("mm6_pad_len", len(r6["pad"]))
    c()
    c("--- Quick Mode")
    kv("qm_msgid", qm1["msg"][20:24])
    kv("qm_iv", rq1["iv"])
    kv("qm1", qm1["msg"])
    kv("qm1_plain", rq1["plain"])
    kv("qm2_iv", rq2["iv"])
    kv("qm2", qm2["msg"])
    c("qm2_plain: from the responder's log")
    kv("qm2_plain", rq2["plain"])
    kv("qm3_iv", rq3["iv"])
    kv("qm3", qm3["msg"])
    kv("qm3_plain", rq3["plain"])
    kv("qm_ni_b", qm_ni_b)
    kv("qm_nr_b", qm_nr_b)
    if len(qm_ids_i) == 2:
        kv("qm_idci_b", qm_ids_i[0])
        kv("qm_idcr_b", qm_ids_i[1])
    kv("qm_hash1", qm_hash1)
    kv("qm_hash2", qm_hash2)
    kv("qm_hash3", qm_hash3)
    if pfs:
        kv("qm_dh_group", qattrs.get(3))
        kv("qm_g_xi", qm_ke_i[0])
        kv("qm_g_xr", qm_ke_r[0])
        kv("qm_g_xy", qm_g_xy)
    infos = [m for m in msgs if m["hdr"]["exch"] == 5 and m["hdr"]["flags"] & 1]
    if infos:
        c()
        c("--- INFORMATIONAL exchanges (swanctl --terminate on the initiator), each: whole message,")
        c("IV = H(last phase-1 cipher block (of mm6) | msgid)[:bs], decrypted body incl. padding;")
        c("body = HASH(1) = prf(SKEYID_a, M-ID | payloads after HASH), then the DELETE payload")
    for n, m in enumerate(infos, 1):
        r = sender_record(m)
        plds, _ = plain_payloads(m, r)
        c("info%d: %s, %s" % (n, m["dir"], " ".join(PAYLOAD_NAMES.get(p[0], str(p[0])) for p in plds)
                             + "".join(" (protocol %d, %d SPI(s) %s)" % (p[1][4], p[1][6] * 256 + p[1][7],
                                                                        h(p[1][8:]))
                                       for p in plds if p[0] == 12)))
        kv("info%d" % n, m["msg"])
        kv("info%d_iv" % n, r["iv"])
        kv("info%d_plain" % n, r["plain"])
    c()
    c("--- ESP SA")
    kv("protocol_id", qsa_r["proposals"][0]["proto"])
    kv("esp_transform_id", qtid)
    for k, name_ in ((4, "esp_encap_mode"), (5, "esp_auth_alg"), (6, "esp_key_bits"), (2, "esp_lifetime_s")):
        if k in qattrs:
            kv(name_, qattrs[k])
    c("esp_spi_i: SPI in the initiator's QM1 proposal = the initiator's INBOUND SA (r->i traffic)")
    c("esp_spi_r: SPI in the responder's QM2 proposal = the responder's INBOUND SA (i->r traffic)")
    kv("esp_spi_i", esp_spi_i)
    kv("esp_spi_r", esp_spi_r)
    c("KEYMAT = prf+(SKEYID_d, [qm_g_xy |] protocol | SPI | Ni_b | Nr_b); i->r uses esp_spi_r.")
    c("charon calls the i->r keys 'initiator' keys and its seeds 'initiator/responder SA seed'.")
    kv("keymat_seed_i_to_r", seed_i)
    kv("keymat_seed_r_to_i", seed_r)
    if qtid == 20 or len(k_int_i) == 0:
        c("AES-GCM: encryption key = 16-byte AES key | 4-byte salt (salt is the LAST 4 bytes of the")
        c("KEYMAT prefix); there is no integrity key")
    kv("keymat_i_to_r_encr", k_enc_i)
    kv("keymat_r_to_i_encr", k_enc_r)
    if k_int_i:
        kv("keymat_i_to_r_integ", k_int_i[0])
        kv("keymat_r_to_i_integ", k_int_r[0])
    else:
        kv("keymat_i_to_r_integ", "")
        kv("keymat_r_to_i_integ", "")
    c("keymat_for_spi_<spi>: KEYMAT output charon used for the SA with that SPI = encr key | integ")
    c("key (charon logs the split keys, not the prf+ stream; the checker recomputes the stream)")
    kv("keymat_for_spi_" + h(esp_spi_r), k_enc_i + (k_int_i[0] if k_int_i else b""))
    kv("keymat_for_spi_" + h(esp_spi_i), k_enc_r + (k_int_r[0] if k_int_r else b""))
    c()
    c("--- One ESP-in-UDP packet each way (UDP payload: SPI | seq | IV | ciphertext | ICV), from a")
    c("ping 198.19.1.1 -> 198.19.2.1 through the tunnel, for checking the keys end to end")
    for d, key in (("i>r", "esp_i_to_r_packet"), ("r>i", "esp_r_to_i_packet")):
        pk = [e["pkt"] for e in esp if e["dir"] == d]
        if pk:
            kv(key, pk[0])

    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, name + ".vec"), "w") as f:
        f.write("\n".join(lines) + "\n")

    # all ISAKMP messages as seen on the wire (retransmissions included), marker stripped
    with open(os.path.join(outdir, name + ".messages"), "w") as f:
        f.write("# every ISAKMP message of the %s capture, in wire order: <dir> <udp port> <hex>\n" % name)
        f.write("# i>r = sent by the initiator (198.18.0.1), r>i = by the responder (198.18.0.2);\n")
        f.write("# UDP/4500 messages have their 4-byte non-ESP marker removed.\n")
        for m in isakmp:
            hd = parse_header(m["msg"])
            plds = ""
            if not hd["flags"] & 1:
                try:
                    plds = " ".join(PAYLOAD_NAMES.get(p[0], str(p[0]))
                                    for p in parse_payloads(hd["np"], m["msg"][28:])[0])
                except ValueError:
                    plds = "?"
            else:
                plds = "encrypted"
            f.write("# %s msgid %s [%s]\n" % (EXCH_NAMES.get(hd["exch"], hd["exch"]),
                                             h(hd["msgid"]), plds))
            f.write("%s %d %s\n" % (m["dir"], m["port"], h(m["msg"])))
    print("wrote %s.vec and %s.messages" % (name, name))


def vec_psk(work):
    with open(os.path.join(work, "a", "swanctl.conf")) as f:
        m = re.search(r'secret = "([^"]*)"', f.read())
    return h(m.group(1).encode())


# ---------------------------------------------------------------------------------------------
# checking
# ---------------------------------------------------------------------------------------------

class Checker:
    def __init__(self, path):
        self.path = path
        self.vec = read_vec(path)
        self.ok = 0
        self.bad = 0
        self.skipped = []

    def eq(self, what, got, want):
        if got == want:
            self.ok += 1
        else:
            self.bad += 1
            print("  MISMATCH %s:\n    computed %s\n    vector   %s" % (what, h(got), h(want)))

    def run(self):
        v = self.vec
        hn = v["hash_name"]
        encr = v["encr_name"]
        bs = block_size(encr)
        klen = int(v["encr_key_bits"]) // 8
        P = lambda key, data: prf(hn, key, data)
        B = lambda k: b(v, k)
        for k in v:
            if k not in TEXT_KEYS:
                B(k)  # every other value must be lowercase hex
        # --- wire structure: the inputs really are what is on the wire
        mm5, mm6, qm1 = B("mm5"), B("mm6"), B("qm1")
        h5 = parse_header(mm5)
        self.eq("cky_i in mm5", h5["cky_i"], B("cky_i"))
        self.eq("cky_r in mm5", h5["cky_r"], B("cky_r"))
        self.eq("qm_msgid in qm1", qm1[20:24], B("qm_msgid"))
        self.eq("mm5 length field", struct.pack(">I", h5["length"]), struct.pack(">I", len(mm5)))
        # --- SKEYID (PSK): prf(pre-shared-key, Ni_b | Nr_b)
        skeyid = P(B("psk"), B("ni_b") + B("nr_b"))
        self.eq("SKEYID = prf(psk, Ni_b|Nr_b)", skeyid, B("skeyid"))
        cky = B("cky_i") + B("cky_r")
        d = P(skeyid, B("g_xy") + cky + b"\0")
        a = P(skeyid, d + B("g_xy") + cky + b"\1")
        e = P(skeyid, a + B("g_xy") + cky + b"\2")
        self.eq("SKEYID_d = prf(SKEYID, g^xy|CKY-I|CKY-R|0)", d, B("skeyid_d"))
        self.eq("SKEYID_a = prf(SKEYID, SKEYID_d|g^xy|CKY-I|CKY-R|1)", a, B("skeyid_a"))
        self.eq("SKEYID_e = prf(SKEYID, SKEYID_a|g^xy|CKY-I|CKY-R|2)", e, B("skeyid_e"))
        self.eq("Ka (Appendix B if needed)", appendix_b(hn, e, klen), B("ka"))
        hf = HASH_FUNCS[hn]
        self.eq("IV0 = H(g^xi|g^xr)[:bs]", hf(B("g_xi") + B("g_xr")).digest()[:bs], B("iv0"))
        # --- HASH_I / HASH_R (RFC 2409 §5)
        hi_data = B("g_xi") + B("g_xr") + cky + B("sa_i_b") + B("idii_b")
        hr_data = B("g_xr") + B("g_xi") + B("cky_r") + B("cky_i") + B("sa_i_b") + B("idir_b")
        if "hash_i_data" in v:
            self.eq("HASH_I input", hi_data, B("hash_i_data"))
            self.eq("HASH_R input", hr_data, B("hash_r_data"))
        self.eq("HASH_I = prf(SKEYID, g^xi|g^xr|CKY-I|CKY-R|SAi_b|IDii_b)", P(skeyid, hi_data), B("hash_i"))
        self.eq("HASH_R = prf(SKEYID, g^xr|g^xi|CKY-R|CKY-I|SAi_b|IDir_b)", P(skeyid, hr_data), B("hash_r"))
        # --- plaintext structure of MM5/MM6: ID then HASH payload carry those values
        for msg, plain, idk, hk in (("mm5", "mm5_plain", "idii_b", "hash_i"), ("mm6", "mm6_plain", "idir_b", "hash_r")):
            hd = parse_header(B(msg))
            plds, pad = parse_payloads(hd["np"], B(plain))
            self.eq(msg + " ID payload", [p[1] for p in plds if p[0] == 5][0], B(idk))
            self.eq(msg + " HASH payload", [p[1] for p in plds if p[0] == 8][0], B(hk))
            self.eq(msg + " padding is zero", pad, b"\0" * len(pad))
            self.eq(msg + " padded to block size", bytes([len(B(plain)) % bs]), b"\0")
        # --- IV chain: MM5 uses IV0, MM6 uses last cipher block of MM5,
        #     QM IV = H(last phase-1 cipher block (of MM6) | M-ID)[:bs], then CBC-chained
        self.eq("mm5_iv = iv0", B("mm5_iv"), B("iv0"))
        self.eq("mm6_iv = last block of mm5", B("mm6_iv"), mm5[-bs:])
        self.eq("qm_iv = H(last block of mm6 | msgid)", hf(mm6[-bs:] + B("qm_msgid")).digest()[:bs], B("qm_iv"))
        if "qm2_iv" in v:
            self.eq("qm2_iv = last block of qm1", B("qm2_iv"), qm1[-bs:])
            self.eq("qm3_iv = last block of qm2", B("qm3_iv"), B("qm2")[-bs:])
        # --- decrypt the wire messages with Ka and the IVs
        pairs = [("mm5", "mm5_iv", "mm5_plain"), ("mm6", "mm6_iv", "mm6_plain"), ("qm1", "qm_iv", "qm1_plain")]
        if "qm2" in v:
            pairs += [("qm2", "qm2_iv", "qm2_plain"), ("qm3", "qm3_iv", "qm3_plain")]
        for msg, ivk, plk in pairs:
            pt = cipher_cbc(encr, B("ka"), B(ivk), B(msg)[28:])
            if pt is None:
                self.skipped.append("decrypt " + msg + " (no 'cryptography')")
            else:
                self.eq("decrypt %s with ka/%s" % (msg, ivk), pt, B(plk))
        # --- INFORMATIONAL (delete) messages: own IV from the phase-1 IV and their msgid, HASH(1)
        n = 1
        while "info%d" % n in v:
            k = "info%d" % n
            msg = B(k)
            hd = parse_header(msg)
            self.eq(k + "_iv = H(last block of mm6 | msgid)", hf(mm6[-bs:] + msg[20:24]).digest()[:bs],
                    B(k + "_iv"))
            pt = cipher_cbc(encr, B("ka"), B(k + "_iv"), msg[28:])
            if pt is None:
                self.skipped.append("decrypt " + k)
            else:
                self.eq("decrypt " + k, pt, B(k + "_plain"))
            plds, _pad = parse_payloads(hd["np"], B(k + "_plain"))
            self.eq(k + " HASH(1) = prf(SKEYID_a, M-ID | N/D)",
                    P(a, msg[20:24] + b"".join(p[2] for p in plds[1:])), plds[0][1])
            n += 1
        # --- Quick Mode hashes (RFC 2409 §5.5)
        mid = B("qm_msgid")
        after_hash = {}
        for msg, plk in (("qm1", "qm1_plain"), ("qm2", "qm2_plain")):
            if plk not in v:
                continue
            hd = parse_header(B(msg))
            plds, _pad = parse_payloads(hd["np"], B(plk))
            if plds[0][0] != 8:
                raise ValueError(msg + ": HASH is not the first payload")
            after_hash[msg] = b"".join(p[2] for p in plds[1:])  # with generic headers, w/o padding
            nonce = [p[1] for p in plds if p[0] == 10][0]
            self.eq(msg + " nonce", nonce, B("qm_ni_b" if msg == "qm1" else "qm_nr_b"))
            self.eq(msg + " HASH payload", plds[0][1], B("qm_hash1" if msg == "qm1" else "qm_hash2"))
            kes = [p[1] for p in plds if p[0] == 4]
            if kes:
                self.eq(msg + " KE", kes[0], B("qm_g_xi" if msg == "qm1" else "qm_g_xr"))
        self.eq("HASH(1) = prf(SKEYID_a, M-ID | SA|Ni[|KE]|IDci|IDcr)", P(a, mid + after_hash["qm1"]), B("qm_hash1"))
        if "qm2" in after_hash:
            self.eq("HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA|Nr[|KE]|IDci|IDcr)",
                    P(a, mid + B("qm_ni_b") + after_hash["qm2"]), B("qm_hash2"))
        self.eq("HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b)",
                P(a, b"\0" + mid + B("qm_ni_b") + B("qm_nr_b")), B("qm_hash3"))
        # --- KEYMAT (RFC 2409 §5.5), i->r is keyed with the responder's SPI
        pfs = B("qm_g_xy") if "qm_g_xy" in v else b""
        proto = bytes([int(v["protocol_id"])])
        ki_e, ki_a = B("keymat_i_to_r_encr"), B("keymat_i_to_r_integ")
        kr_e, kr_a = B("keymat_r_to_i_encr"), B("keymat_r_to_i_integ")
        for what, spi, ke, ka_, seedk in (("i->r", B("esp_spi_r"), ki_e, ki_a, "keymat_seed_i_to_r"),
                                          ("r->i", B("esp_spi_i"), kr_e, kr_a, "keymat_seed_r_to_i")):
            seed = pfs + proto + spi + B("qm_ni_b") + B("qm_nr_b")
            if seedk in v:
                self.eq("KEYMAT seed %s" % what, seed, B(seedk))
            stream = prf_plus(hn, d, seed, len(ke) + len(ka_))
            self.eq("KEYMAT %s encr = prf+(SKEYID_d, ...)[0:%d]" % (what, len(ke)), stream[:len(ke)], ke)
            self.eq("KEYMAT %s integ = prf+(...)[%d:]" % (what, len(ke)), stream[len(ke):], ka_)
            fk = "keymat_for_spi_" + h(spi)
            if fk in v:
                self.eq(fk, stream, B(fk))
        # --- ESP packets decrypt/authenticate with those keys
        for pk, ke, ka_, spi in (("esp_i_to_r_packet", ki_e, ki_a, B("esp_spi_r")),
                                 ("esp_r_to_i_packet", kr_e, kr_a, B("esp_spi_i"))):
            if pk in v:
                self.check_esp(pk, B(pk), spi, ke, ka_)
        # --- NAT-D (RFC 3947): HASH(CKY-I | CKY-R | IP | port), report which ones are real
        notes = []
        for side, ip_self, ip_peer in (("i", IP_I, IP_R), ("r", IP_R, IP_I)):
            for idx, ip, what in ((1, ip_peer, "peer"), (2, ip_self, "own")):
                k = "natd_%s_%d" % (side, idx)
                if k in v:
                    want = hf(cky + ip + struct.pack(">H", 500)).digest()
                    notes.append("%s %s-address hash %s" % (k, what, "real" if want == B(k) else "FAKED"))
        return notes

    def check_esp(self, what, pkt, spi, ke, ka_):
        self.eq(what + " SPI", pkt[:4], spi)
        tid = int(self.vec.get("esp_transform_id", "0"))
        try:
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        except ImportError:
            self.skipped.append(what + " (no 'cryptography')")
            return
        if tid == 20:  # ESP_AES_GCM_16: key | 4-byte salt, IV 8 bytes, ICV 16 (RFC 4106)
            key, salt = ke[:-4], ke[-4:]
            iv = pkt[8:16]
            try:
                pt = AESGCM(key).decrypt(salt + iv, pkt[16:], pkt[:8])
                self.ok += 1
            except Exception:
                self.bad += 1
                print("  MISMATCH %s: AES-GCM ICV does not verify" % what)
                return
        else:
            hn = {1: "MD5", 2: "SHA1", 5: "SHA2_256", 6: "SHA2_384", 7: "SHA2_512"}[
                int(self.vec["esp_auth_alg"])]
            icvlen = {"MD5": 12, "SHA1": 12, "SHA2_256": 16, "SHA2_384": 24, "SHA2_512": 32}[hn]
            self.eq(what + " ICV", hmac.new(ka_, pkt[:-icvlen], HASH_FUNCS[hn]).digest()[:icvlen],
                    pkt[-icvlen:])
            encr = {3: "3DES_CBC", 12: "AES_CBC"}[tid]
            bs = block_size(encr)
            pt = cipher_cbc(encr, ke, pkt[8:8 + bs], pkt[8 + bs:-icvlen])
        # ESP trailer: ... pad | pad length | next header (4 = IPv4 in tunnel mode)
        self.eq(what + " next header = IPv4", pt[-1:], b"\x04")
        padlen = pt[-2]
        self.eq(what + " self-describing padding", pt[-2 - padlen:-2], bytes(range(1, padlen + 1)))
        self.eq(what + " inner packet is IPv4 198.19.x", bytes([pt[0] >> 4, pt[12], pt[13]]), b"\x04\xc6\x13")


TEXT_KEYS = {"source", "ike_proposal", "encr_name", "hash_name", "prf", "encr_id", "hash_id", "auth_method",
             "dh_group", "encr_key_bits", "ike_lifetime_s", "mm5_pad_len", "mm6_pad_len", "qm_dh_group",
             "protocol_id", "esp_transform_id", "esp_encap_mode", "esp_auth_alg", "esp_key_bits",
             "esp_lifetime_s"}

REQUIRED = ["source", "ike_proposal", "encr_id", "hash_id", "prf", "dh_group", "encr_key_bits", "psk",
            "cky_i", "cky_r", "sa_i_b", "g_xi", "g_xr", "ni_b", "nr_b", "g_xy", "skeyid", "skeyid_d",
            "skeyid_a", "skeyid_e", "ka", "iv0", "idii_b", "idir_b", "hash_i", "hash_r", "mm5", "mm5_iv",
            "mm5_plain", "mm6", "mm6_iv", "mm6_plain", "qm_msgid", "qm_iv", "qm1", "qm1_plain", "qm_ni_b",
            "qm_nr_b", "qm_hash1", "qm_hash2", "qm_hash3", "esp_spi_i", "esp_spi_r", "protocol_id",
            "keymat_i_to_r_encr", "keymat_i_to_r_integ", "keymat_r_to_i_encr", "keymat_r_to_i_integ"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--extract", metavar="WORKDIR")
    ap.add_argument("--name")
    ap.add_argument("--out")
    ap.add_argument("vec", nargs="*")
    args = ap.parse_args()
    if args.extract:
        extract(args.extract, args.name, args.out)
        return 0
    failed = 0
    for path in args.vec:
        ch = Checker(path)
        missing = [k for k in REQUIRED if k not in ch.vec]
        if "qm_g_xi" in ch.vec or "pfs" in os.path.basename(path):
            missing += [k for k in ("qm_g_xi", "qm_g_xr", "qm_g_xy") if k not in ch.vec]
        print("%s:" % os.path.basename(path))
        if missing:
            print("  MISSING keys: " + ", ".join(missing))
            failed += 1
        notes = ch.run()
        for n in notes:
            print("  note: " + n)
        for s in ch.skipped:
            print("  skipped: " + s)
        print("  %d checks passed, %d failed" % (ch.ok, ch.bad))
        if ch.bad:
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
