#!/usr/bin/env bash
# Generate both clients from the app's OpenAPI document: `make clients` writes them here
# (clients/typescript/src/schema.d.ts and clients/python/shortvideo-client/); with --check
# (`make clients-check`, tests/test_clients.py) they are generated into a temp dir and
# compared with the committed ones, failing with the diff when they differ.
#
# The document is `flask openapi write --format=json` (as for `make openapi-lint`). The same
# document always gives the same code: the generators are pinned (clients/typescript's
# package-lock.json: openapi-typescript; clients/python/requirements.txt:
# openapi-python-client and the ruff it formats its output with), installed by
# `make clients-tools` into clients/typescript/node_modules and .cache/clients-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TS=$ROOT/clients/typescript
PY=$ROOT/clients/python
TOOLS=$ROOT/.cache/clients-venv/bin
for tool in "$ROOT/.venv/bin/flask" "$TS/node_modules/.bin/tsx" "$TOOLS/openapi-python-client"; do
    [ -x "$tool" ] || { echo "clients: $tool is missing; run 'make venv clients-tools'" >&2; exit 1; }
done

# generate DOCUMENT OUT: OUT/typescript/src/schema.d.ts and OUT/python/shortvideo-client/.
generate() {
    local doc=$1 out=$2
    mkdir -p "$out/typescript/src" "$out/python"
    (cd "$TS" && node_modules/.bin/tsx generate.ts "$doc" "$out/typescript/src/schema.d.ts")
    # Its post-hooks run ruff (PATH: the pinned one) on the output, without a cache there.
    PATH=$TOOLS:$PATH RUFF_NO_CACHE=true "$TOOLS/openapi-python-client" generate --path "$doc" \
        --config "$PY/config.yml" --custom-template-path "$PY/templates" --meta uv \
        --output-path "$out/python/shortvideo-client" --overwrite --fail-on-warning >/dev/null
}

WORK=$(mktemp -d /tmp/shortvideo-clients.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# PUBLIC_BASE_URL and CONTACT_EMAIL only fill `servers` and `info.contact`, which neither
# generator uses; emptied all the same, so that a local .env cannot change the output.
PUBLIC_BASE_URL='' CONTACT_EMAIL='' "$ROOT/.venv/bin/flask" --app wsgi openapi write --format=json "$WORK/openapi.json"

if [ "${1:-}" != --check ]; then
    rm -rf "$PY/shortvideo-client"
    generate "$WORK/openapi.json" "$ROOT/clients"
    echo "clients: generated clients/typescript/src/schema.d.ts and clients/python/shortvideo-client"
    exit 0
fi

generate "$WORK/openapi.json" "$WORK/new"
status=0
diff -u "$TS/src/schema.d.ts" "$WORK/new/typescript/src/schema.d.ts" || status=1
# Caches left by mypy or by importing the package are no part of it.
diff -ru -x __pycache__ -x .mypy_cache -x .ruff_cache "$PY/shortvideo-client" "$WORK/new/python/shortvideo-client" || status=1
if [ "$status" != 0 ]; then
    echo "clients: the committed clients differ from what the current document generates; run 'make clients' and commit" >&2
    exit 1
fi
echo "clients: the committed clients match the document"
