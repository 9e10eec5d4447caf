#!/usr/bin/env bash
# Writes what docker/compose.yaml needs but git must never hold, for a local example deployment:
#   secrets/tls.crt, tls.key           self-signed certificate for localhost (the balancer's TLS), EXAMPLE ONLY
#   secrets/ssh_host_ed25519_key(.pub) the SFTP target's host key, so the exporter can pin it
#   secrets/sftp-users.conf            the SFTP target's login
#   secrets/api-keys.txt               the plaintext API keys (Bearer tokens) for the clients and the operator
#   .env                               the values compose passes on: cookie signing secret, key hashes, pins
# Needs openssl and ssh-keygen. Refuses to overwrite an earlier run unless --force: a new cookie secret makes
# every Bakery id issued so far unverifiable, and new keys lock out whoever uses the old ones.
set -euo pipefail
cd "$(dirname "$0")"

if [ -e .env ] && [ "${1:-}" != "--force" ]; then
  echo "docker/.env exists; run with --force to replace every secret" >&2
  exit 1
fi
umask 077
mkdir -p secrets

random() { openssl rand -hex "$1"; }
sha256() { printf %s "$1" | sha256sum | cut -d' ' -f1; }

# The balancer's certificate: self-signed for localhost. A real deployment mounts its own certificate instead.
openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout secrets/tls.key -out secrets/tls.crt 2>/dev/null

rm -f secrets/ssh_host_ed25519_key secrets/ssh_host_ed25519_key.pub
ssh-keygen -q -t ed25519 -N '' -C bakery-sftp-example -f secrets/ssh_host_ed25519_key
host_key=$(ssh-keygen -lf secrets/ssh_host_ed25519_key.pub | cut -d' ' -f2)

sftp_password=$(random 16)
# atmoz/sftp: user:password:uid:gid:directory (created under the chroot, owned by the user)
printf 'wayne:%s:1001:100:upload\n' "$sftp_password" > secrets/sftp-users.conf

admin_key="admin-$(random 24)"
acme_key="acme-$(random 24)"
wayne_key="wayne-$(random 24)"
tyrell_key="tyrell-$(random 24)"
cat > secrets/api-keys.txt <<KEYS
# Bearer tokens for the upload API (Authorization: Bearer <key>). Only their SHA-256 hashes are in .env.
admin  $admin_key
acme   $acme_key
wayne  $wayne_key
tyrell $tyrell_key
KEYS

cat > .env <<ENV
# Written by generate-secrets.sh; read by docker-compose. Never commit this file.
BAKERY_COOKIE_KEY=$(random 32)
BAKERY_ADMIN_KEY_SHA256=$(sha256 "$admin_key")
BAKERY_ACME_KEY_SHA256=$(sha256 "$acme_key")
BAKERY_WAYNE_KEY_SHA256=$(sha256 "$wayne_key")
BAKERY_TYRELL_KEY_SHA256=$(sha256 "$tyrell_key")
BAKERY_SFTP_PASSWORD=$sftp_password
BAKERY_SFTP_HOST_KEY=$host_key
GRAFANA_ADMIN_PASSWORD=$(random 12)
ENV

# The containers read the mounted files as their own users (nginx, sshd run as root; see compose.yaml).
chmod 644 secrets/tls.crt secrets/ssh_host_ed25519_key.pub
echo "wrote docker/.env and docker/secrets/ (API keys in docker/secrets/api-keys.txt)"
