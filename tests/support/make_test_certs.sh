#!/usr/bin/env bash
# Makes a throwaway PKI for TLS tests in DIR with openssl:
#   ca.pem ca.key            the test CA
#   server.pem server.key    127.0.0.1 / localhost, signed by the CA
#   client.pem client.key    a client certificate signed by the CA (mutual TLS)
#   rogue-ca.pem             another CA, and rogue-client.pem rogue-client.key signed by it
# Usage: make_test_certs.sh DIR
set -euo pipefail
dir=$1
mkdir -p "$dir"
cd "$dir"

ca() { # NAME
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=supplynet test $1" \
    -keyout "$1.key" -out "$1.pem" 2>/dev/null
}
leaf() { # NAME CA EXTENSIONS
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$1" -keyout "$1.key" -out "$1.csr" 2>/dev/null
  printf '%s\n' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -days 2 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

ca ca
ca rogue-ca
leaf server ca "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth"
leaf client ca "extendedKeyUsage=clientAuth"
leaf rogue-client rogue-ca "extendedKeyUsage=clientAuth"
