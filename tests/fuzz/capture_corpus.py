#!/usr/bin/env python3
"""Regenerates the seed corpora under tests/fuzz/corpus/ from real DTLS 1.2 handshakes.

Each scenario runs a real client and a real server (OpenSSL's s_client/s_server, Pion's
tests/interop/pion_peer.go) with a UDP relay between them that records every datagram and its
direction. From those recordings it writes, per scenario:
  server/<s>         mode byte + the client's datagrams (what our server target is fed)
  client/<s>         mode byte + the server's datagrams
  fragment_buffer/<s>-c2s, -s2c   the datagram sequences
  record_layer/<s>-<n>            each distinct datagram
  handshake/...      each plaintext handshake message (header + body), and selector + body
  extension/...      each hello's extension list, and selector + each extension
plus handwritten dtlscat_flags/ seeds and pem/ seeds from dtls/examples/certificates.
Sequence format and selectors: tests/fuzz/targets.hpp. Usage (from the repository root):
  tests/fuzz/capture_corpus.py --pion-peer BUILD/tests/interop/pion_peer
(Ours; no Go origin.)"""
import argparse, hashlib, os, shutil, socket, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
PSK_HEX = "abc123"  # the PSK of the server/client fuzz targets' PSK mode (targets/peers.cpp)


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Relay(threading.Thread):
    """UDP relay: client <-> relay_port <-> server_port; records (direction, datagram)."""

    def __init__(self, server_port):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.server = ("127.0.0.1", server_port)
        self.client = None
        self.log = []
        self.stop = False

    def run(self):
        while not self.stop:
            try:
                d, a = self.sock.recvfrom(65536)
            except socket.timeout:
                continue
            if a == self.server:
                self.log.append(("s2c", d))
                if self.client:
                    self.sock.sendto(d, self.client)
            else:
                self.client = a
                self.log.append(("c2s", d))
                self.sock.sendto(d, self.server)


def run_scenario(server_cmd, client_cmd, tmp):
    sp = free_port()
    relay = Relay(sp)
    relay.start()
    fmt = {"sp": sp, "rp": relay.port, "tmp": tmp}
    srv = subprocess.Popen([a.format(**fmt) for a in server_cmd], stdin=subprocess.PIPE,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.7)
    cli = subprocess.Popen([a.format(**fmt) for a in client_cmd], stdin=subprocess.PIPE,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if "s_client" in client_cmd:
        time.sleep(1.5)
        try:
            cli.stdin.write(b"hello from openssl\n"); cli.stdin.flush()
        except BrokenPipeError:
            pass
    try:
        cli.wait(timeout=8)
    except subprocess.TimeoutExpired:
        cli.kill()
    time.sleep(0.5)
    srv.kill()
    relay.stop = True
    relay.join()
    return relay.log


def records(dg):
    """(content_type, epoch, body) of each record of a datagram."""
    out, i = [], 0
    while i + 13 <= len(dg):
        ct, epoch, ln = dg[i], int.from_bytes(dg[i + 3:i + 5], "big"), int.from_bytes(dg[i + 11:i + 13], "big")
        out.append((ct, epoch, dg[i + 13:i + 13 + ln]))
        i += 13 + ln
    return out


HS_SELECTOR = {1: 1, 2: 2, 3: 3, 11: 4, 12: 5, 13: 6, 14: 7, 15: 8, 16: 9, 20: 10}
EXT_SELECTOR = {0: 0, 10: 1, 11: 2, 13: 3, 14: 4, 16: 5, 23: 6, 0xFF01: 7}


def hello_extensions(msg_type, body):
    """The extension list (with its u16 length) of an unfragmented ClientHello/ServerHello body."""
    try:
        i = 2 + 32
        i += 1 + body[i]  # session id
        if msg_type == 1:
            i += 1 + body[i]  # cookie
            i += 2 + int.from_bytes(body[i:i + 2], "big")  # cipher suites
            i += 1 + body[i]  # compression methods
        else:
            i += 2 + 1  # cipher suite, compression method
        if i + 2 > len(body):
            return None
        n = int.from_bytes(body[i:i + 2], "big")
        return body[i:i + 2 + n]
    except IndexError:
        return None


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def join(dgs):
    return b"".join(len(d).to_bytes(2, "big") + d for d in dgs)


def emit(name, mode, log):
    c2s = [d for dr, d in log if dr == "c2s"]
    s2c = [d for dr, d in log if dr == "s2c"]
    write("server", name, bytes([mode]) + join(c2s))
    write("client", name, bytes([mode]) + join(s2c))
    write("fragment_buffer", name + "-c2s", join(c2s))
    write("fragment_buffer", name + "-s2c", join(s2c))
    seen = set()
    for _, d in log:
        h = hashlib.sha1(d).hexdigest()[:12]
        if h not in seen:
            seen.add(h)
            write("record_layer", f"{name}-{h}", d)
        for ct, epoch, body in records(d):
            if ct != 22 or epoch != 0 or len(body) < 12:
                continue
            t = body[0]
            write("handshake", f"{name}-msg{t}-{hashlib.sha1(body).hexdigest()[:8]}", body)
            if t in HS_SELECTOR:
                sel = HS_SELECTOR[t] | (0x40 if t in (12, 16) else 0)
                write("handshake", f"{name}-sel{t}", bytes([sel]) + body[12:])
                if mode & 1 and t in (12, 16):
                    write("handshake", f"{name}-sel{t}-psk", bytes([HS_SELECTOR[t] | 0x80]) + body[12:])
            if t in (1, 2):
                exts = hello_extensions(t, body[12:])
                if exts:
                    write("extension", f"{name}-list{t}", exts)
                    i = 2
                    while i + 4 <= len(exts):
                        et, ln = int.from_bytes(exts[i:i + 2], "big"), int.from_bytes(exts[i + 2:i + 4], "big")
                        if et in EXT_SELECTOR:
                            write("extension", f"{name}-ext{et}", bytes([EXT_SELECTOR[et]]) + exts[i:i + 4 + ln])
                        i += 4 + ln


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pion-peer", required=True)
    args = ap.parse_args()
    pion = os.path.abspath(args.pion_peer)
    for t in ("server", "client", "fragment_buffer", "record_layer", "handshake", "extension"):
        shutil.rmtree(os.path.join(OUT, t), ignore_errors=True)
    tmp = tempfile.mkdtemp()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", f"{tmp}/key.pem", "-out", f"{tmp}/cert.pem", "-subj", "/CN=fuzz", "-days", "30"],
                   check=True, capture_output=True)
    ossl_srv = ["openssl", "s_server", "-dtls1_2", "-accept", "{sp}", "-cert", "{tmp}/cert.pem", "-key",
                "{tmp}/key.pem", "-quiet"]
    ossl_cli = ["openssl", "s_client", "-dtls1_2", "-connect", "127.0.0.1:{rp}", "-quiet"]
    scenarios = [
        # name, mode byte (targets/peers.cpp), server, client
        ("openssl-openssl-ecdsa", 0, ossl_srv, ossl_cli),
        ("pion-pion-ecdsa", 0, [pion, "-mode", "server", "-addr", "127.0.0.1:{sp}"],
         [pion, "-mode", "client", "-addr", "127.0.0.1:{rp}"]),
        ("openssl-pion-ecdsa", 0, ossl_srv, [pion, "-mode", "client", "-addr", "127.0.0.1:{rp}"]),
        ("pion-openssl-ecdsa", 0, [pion, "-mode", "server", "-addr", "127.0.0.1:{sp}"], ossl_cli),
        ("pion-pion-psk", 1, [pion, "-mode", "server", "-addr", "127.0.0.1:{sp}", "-psk", PSK_HEX, "-suites", "c0a8"],
         [pion, "-mode", "client", "-addr", "127.0.0.1:{rp}", "-psk", PSK_HEX, "-suites", "c0a8"]),
        # (An OpenSSL PSK pair is left out: s_server -nocert -psk captured no server datagrams here.)
        ("pion-pion-srtp-clientauth", 0,
         [pion, "-mode", "server", "-addr", "127.0.0.1:{sp}", "-srtp", "-client-auth"],
         [pion, "-mode", "client", "-addr", "127.0.0.1:{rp}", "-srtp"]),
    ]
    for name, mode, srv, cli in scenarios:
        log = run_scenario(srv, cli, tmp)
        n = (sum(1 for d, _ in log if d == "c2s"), sum(1 for d, _ in log if d == "s2c"))
        print(f"{name}: {n[0]} client and {n[1]} server datagrams")
        if n[0] == 0 or n[1] == 0:
            sys.exit(f"{name}: nothing captured")
        emit(name, mode, log)
        # The same client flights with the server's HelloVerifyRequest skipped (mode bit 1).
        write("server", name + "-skiphello", bytes([mode | 2]) + join([d for dr, d in log if dr == "c2s"]))
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
