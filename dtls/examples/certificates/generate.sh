#!/bin/sh
# Regenerates the example certificates the way Pion's examples/certificates/README.md does
# (ECDSA P-256 keys in SEC 1 form, `openssl req` + `openssl x509 -req`), with Pion's extfile.conf
# (subjectAltName IP:127.0.0.1, CA:true). server.pub.pem is self-signed; client.pub.pem is signed
# by the server's key, because examples/listen/verify trusts server.pub.pem as the client CA.
# Valid for ten years (Pion's 365 days have long expired on its own copies).
set -eu
cd "$(dirname "$0")"
openssl ecparam -name prime256v1 -genkey -noout -out server.pem
openssl req -key server.pem -new -sha256 -subj '/C=NL/CN=server' -out server.csr
openssl x509 -req -in server.csr -days 3650 -signkey server.pem -sha256 -extfile extfile.conf -out server.pub.pem
openssl ecparam -name prime256v1 -genkey -noout -out client.pem
openssl req -key client.pem -new -sha256 -subj '/C=NL/CN=client' -out client.csr
openssl x509 -req -in client.csr -days 3650 -CA server.pub.pem -CAkey server.pem -set_serial 0xabcd -sha256 \
  -extfile extfile.conf -out client.pub.pem
rm server.csr client.csr  # Cleanup
