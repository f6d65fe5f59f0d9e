#!/usr/bin/env python3
"""Stands in for systemd's notify socket (sd_notify(3)): binds a Unix datagram socket at PATH,
prints the wall clock (nanoseconds, as `date +%s%N`) at which the first datagram carrying READY=1
arrives, and keeps draining the socket (STATUS=, STOPPING=1) until TIMEOUT seconds have passed or
it is terminated, so that the daemon never finds the socket gone. Usage: PATH TIMEOUT"""
import os, signal, socket, sys, time

path, timeout = sys.argv[1], float(sys.argv[2])
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
signal.signal(signal.SIGTERM, lambda *_: (os.unlink(path), sys.exit(0)))
ready = False
deadline = time.monotonic() + timeout
while (left := deadline - time.monotonic()) > 0:
    sock.settimeout(left)
    try:
        data = sock.recv(4096)
    except socket.timeout:
        break
    if not ready and b"READY=1" in data.split(b"\n"):
        print(time.time_ns(), flush=True)
        ready = True
sock.close()
os.unlink(path)
