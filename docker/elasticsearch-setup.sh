#!/usr/bin/env bash
# One-shot `setup` service of docker-compose.cluster.yml, run as root in the Elasticsearch image.
# 1. Once: a CA and the node's certificate (SANs elasticsearch, localhost, 127.0.0.1) with
#    elasticsearch-certutil, in the es-certs volume; the CA certificate (public) is copied to the
#    search-ca volume, which Custodian mounts as cluster.search.caFile.
# 2. Every run: waits for Elasticsearch, then creates or updates the role `custodian` and the user
#    `custodian` (password from the search_password secret) that Custodian connects as. The role
#    covers the indices and templates named `custodian*`: change it with cluster.search.indexPrefix.
# The `elastic` superuser's password (elastic_password secret) is used here only.
set -euo pipefail

certs=/usr/share/elasticsearch/config/certs
url=https://elasticsearch:9200
cd /usr/share/elasticsearch

if [ ! -f "$certs/ca/ca.crt" ]; then
  echo "setup: creating the CA"
  bin/elasticsearch-certutil ca --silent --pem --out "$certs/ca.zip"
  unzip -q -o "$certs/ca.zip" -d "$certs"
fi
if [ ! -f "$certs/elasticsearch/elasticsearch.crt" ]; then
  echo "setup: creating the node certificate"
  cat > "$certs/instances.yml" <<'YAML'
instances:
  - name: elasticsearch
    dns:
      - elasticsearch
      - localhost
    ip:
      - 127.0.0.1
YAML
  bin/elasticsearch-certutil cert --silent --pem --in "$certs/instances.yml" --out "$certs/certs.zip" \
    --ca-cert "$certs/ca/ca.crt" --ca-key "$certs/ca/ca.key"
  unzip -q -o "$certs/certs.zip" -d "$certs"
fi
# Elasticsearch runs as uid 1000, group 0: it reads through the group. Custodian gets only ca.crt.
chown -R root:root "$certs"
find "$certs" -type d -exec chmod 0750 {} +
find "$certs" -type f -exec chmod 0640 {} +
install -m 0444 "$certs/ca/ca.crt" /search-ca/ca.crt
touch /tmp/certs-ready # the healthcheck Elasticsearch waits for

elastic_password=$(cat /run/secrets/elastic_password)
custodian_password=$(cat /run/secrets/search_password)
# The password goes into a JSON string below: keep to characters that need no escaping.
if [[ ! "$custodian_password" =~ ^[A-Za-z0-9._~+/=-]{12,}$ ]]; then
  echo "setup: secrets/search.password must be at least 12 characters of A-Z a-z 0-9 . _ ~ + / = - (e.g. openssl rand -hex 32)" >&2
  exit 1
fi

# api METHOD PATH [JSON]: one request as `elastic`; fails with the status and body.
api() {
  local args=(--silent --show-error --cacert "$certs/ca/ca.crt" -u "elastic:$elastic_password"
    -o /tmp/es-response -w '%{http_code}' -X "$1" -H 'Content-Type: application/json')
  if [ $# -ge 3 ]; then args+=(--data-binary "$3"); fi
  local status
  status=$(curl "${args[@]}" "$url$2") || return 1
  if [ "${status:0:1}" != 2 ]; then
    echo "setup: $1 $2 answered $status: $(cat /tmp/es-response)" >&2
    return 1
  fi
}

echo "setup: waiting for Elasticsearch at $url"
for attempt in $(seq 1 60); do
  status=$(curl --silent --cacert "$certs/ca/ca.crt" -o /dev/null -w '%{http_code}' "$url/" || true)
  [ "$status" = 401 ] && break
  [ "$attempt" = 60 ] && { echo "setup: Elasticsearch did not answer in 5 minutes (last status: $status)" >&2; exit 1; }
  sleep 5
done
# The security index may need a moment after the node answers.
tries=0
until api GET /_security/_authenticate 2>/dev/null; do
  tries=$((tries + 1))
  if [ "$tries" -gt 24 ]; then
    api GET /_security/_authenticate || true
    echo "setup: cannot log in as elastic with secrets/elastic.password (Elasticsearch takes that file when its container is created, and ignores it once the password was changed through its API)" >&2
    exit 1
  fi
  sleep 5
done

api PUT /_security/role/custodian \
  '{"cluster":["monitor","manage_index_templates"],"indices":[{"names":["custodian*"],"privileges":["all"]}]}'
api PUT /_security/user/custodian "{\"password\":\"$custodian_password\",\"roles\":[\"custodian\"],\"full_name\":\"Custodian archive\"}"
echo "setup: role and user custodian are in place"
