#!/usr/bin/env bash
# Read-only smoke test of a deployed stage (run by .github/workflows/deploy.yml after the prod deploy;
# by hand: API_URL=<ApiUrl output> [ORIGIN_URL=<ApiOriginUrl output>] npm run smoke).
# Public GETs through the public URL must answer 200; with ORIGIN_URL, the HTTP API's own URL must
# refuse (403: the origin-verify header is missing), proving the API is reachable only through CloudFront.
# It creates nothing: no account, no order (the e2e suite, which registers accounts, runs against dev).
set -euo pipefail
: "${API_URL:?Set API_URL to the stage's ApiUrl output}"
base="${API_URL%/}"

expect_status() {
  local expected="$1" url="$2" status
  # A new distribution can take a minute to answer everywhere: retry connection errors and 5xx.
  status="$(curl -sS -o /dev/null -w '%{http_code}' --retry 5 --retry-delay 10 --retry-connrefused --max-time 20 "$url")"
  if [ "$status" != "$expected" ]; then
    echo "FAIL $url: $status, expected $expected" >&2
    return 1
  fi
  echo "ok   $url: $status"
}

expect_status 200 "$base/openapi.json"
expect_status 200 "$base/products?limit=1"
expect_status 200 "$base/categories"
if [ -n "${ORIGIN_URL:-}" ]; then
  expect_status 403 "${ORIGIN_URL%/}/openapi.json"
fi
