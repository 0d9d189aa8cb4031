#!/usr/bin/env bash
# Starts the packaged application on the sandbox default (as the README's run command does), in a scratch
# directory and on a free port, and checks that it serves: health UP, engine REST behind authentication, a quote
# request accepted over the checkout API and its confirmation mail in the sandbox mailbox.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=$(ls target/orderflow-*.jar | grep -v plain | head -n 1)
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
smtp=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
launched=$(date +%s%N)
# the JVM options of the run command (spring-boot-maven-plugin's jvmArguments in pom.xml)
(cd "$work" && exec java -XX:TieredStopAtLevel=1 -jar "$OLDPWD/$jar" --server.port="$port" --spring.mail.port="$smtp" > "$work/app.log" 2>&1) &
app=$!
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -rf "$work"' EXIT

base="http://127.0.0.1:$port"
# health is UP once the application is ready: on a first start, after the demo work was played (under 20 s on an idle
# 2-core machine, minutes on a loaded one)
for try in $(seq 1 3000); do
  curl -fs "$base/actuator/health" > /dev/null 2>&1 && break
  kill -0 $app 2>/dev/null || { cat "$work/app.log"; echo "smoke: the sandbox did not start" >&2; exit 1; }
  if [[ $try == 3000 ]]; then tail -50 "$work/app.log"; echo "smoke: not ready after 600 s" >&2; exit 1; fi
  sleep 0.2
done
echo "smoke: first start, from launch to health UP: $(( ($(date +%s%N) - launched) / 1000000 )) ms"
started=$(grep -o 'Started OrderflowApplication in [0-9.]* seconds' "$work/app.log" || true)
echo "smoke: $started"
echo "smoke: $(grep -o 'Demo data: .*' "$work/app.log" || echo 'no demo data played')"

check() { # name expected actual
  if [[ "$2" != "$3" ]]; then echo "smoke: $1: expected $2, got $3" >&2; exit 1; fi
  echo "smoke: $1: $3"
}
check "health" '"UP"' "$(curl -fs "$base/actuator/health" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["status"]))')"
check "engine REST without credentials" 401 "$(curl -s -o /dev/null -w '%{http_code}' "$base/engine-rest/engine")"
check "engine REST as admin" 200 "$(curl -s -o /dev/null -w '%{http_code}' -u admin:demo "$base/engine-rest/engine")"
# the Cockpit plugin is found in the packaged jar (Cockpit answers 404 for the script of a plugin it does not know)
check "Cockpit history plugin" 200 \
  "$(curl -s -o /dev/null -w '%{http_code}' "$base/camunda/api/cockpit/plugin/audit-history/static/app/plugin.js")"
code=$(curl -fs -X POST "$base/api/v1/quotes" -H 'X-Api-Key: sandbox-checkout-key' -H 'Idempotency-Key: smoke-1' \
  -H 'Content-Type: application/json' -d '{"cartId":"smoke","customerId":"anna.schmidt","b2bUnitId":"DE-UNIKLINIK",
  "country":"DE","currency":"EUR","items":[{"sku":"SKU-CAP-200","quantity":1,"unitPrice":45000.00}],
  "requestedDiscountPercent":18}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["quoteCode"])')
echo "smoke: quote $code requested"
for _ in $(seq 1 30); do
  curl -fs -u sara:demo "$base/sandbox/mailbox.json" | grep -q "$code" && break
  sleep 1
done
check "confirmation mail in the mailbox" 1 "$(curl -fs -u sara:demo "$base/sandbox/mailbox.json" | grep -c "$code")"
# the simulated sales system heard of the demo's five months and of the new quote, over the signed webhook
for _ in $(seq 1 30); do
  curl -fs -u sara:demo "$base/sandbox/sales.json?subject=$code" | grep -q 'orderflow.quote.in-review' && break
  sleep 1
done
check "the new quote's events in the sales system" 'orderflow.quote.in-review orderflow.quote.requested' \
  "$(curl -fs -u sara:demo "$base/sandbox/sales.json?subject=$code" | python3 -c 'import json,sys; print(" ".join(e["type"] for e in json.load(sys.stdin)))')"
echo "smoke: events in the sales system: $(curl -fs -u sara:demo "$base/sandbox/sales.json" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
# the business figures for operators' dashboard, read from the database every 30 s
for _ in $(seq 1 40); do
  curl -fs "$base/actuator/prometheus" | grep -q '^orderflow_quotes{.*state="IN_REVIEW"' && break
  sleep 1
done
check "quotes in review among the business figures" 1 \
  "$(curl -fs "$base/actuator/prometheus" | grep -c '^orderflow_quotes{country="DE",state="IN_REVIEW"}' || true)"
echo "smoke: business figures: $(curl -fs "$base/actuator/prometheus" | grep -c '^orderflow_') series"
check "operators' pages: model migrations, KYC data erasure" "200 200" \
  "$(curl -s -o /dev/null -w '%{http_code}' -u admin:demo "$base/operations/migrations") $(curl -s -o /dev/null -w '%{http_code}' -u admin:demo "$base/operations/kyc-erasure")"
