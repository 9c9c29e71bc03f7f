#!/usr/bin/env bash
# Package checks: build, pack, install the tarball without devDependencies into an empty project and
# use it as a user would (CLI, require, import, a TypeScript consumer, the provider CI example), then
# lint the package (publint, attw). Each check is one line of report/ci/package-checks.json, counted
# by .ci/summary.js. Usage: .ci/package-checks.sh [results.json]
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${1:-$ROOT/report/ci/package-checks.json}
mkdir -p "$(dirname "$OUT")"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/smets1-pkg-XXXXXX")
LOG="$WORK/log"
mkdir -p "$LOG"
results=()
failed=0

# check NAME COMMAND...: runs the command (output to a log, shown on failure) and records the result.
check() {
  local name=$1
  shift
  local file="$LOG/$(echo "$name" | tr -c 'a-zA-Z0-9' '_').log"
  if (set -o pipefail; "$@") >"$file" 2>&1; then
    echo "package check ok:   $name"
    results+=("{\"name\":$(node -p 'JSON.stringify(process.argv[1])' "$name"),\"ok\":true}")
  else
    echo "package check FAIL: $name"
    sed 's/^/    /' "$file" | tail -40
    results+=("{\"name\":$(node -p 'JSON.stringify(process.argv[1])' "$name"),\"ok\":false}")
    failed=1
  fi
}

finish() {
  local IFS=,
  echo "{\"checks\":[${results[*]}]}" >"$OUT"
  exit $failed
}

check "npm run build" npm run build --silent
check "API report: api-report/*.api.md is the public surface of every entry point" node scripts/api-report.js --check
check "npm pack" npm pack --pack-destination "$WORK" --silent
TGZ=$(ls "$WORK"/smets1-harness-*.tgz 2>/dev/null | head -1)
if [ -z "$TGZ" ]; then finish; fi

check "tarball: dist JS and .d.ts, no tests, CI or configs" node .ci/tarball-contents.js

APP="$WORK/app"
mkdir -p "$APP"
(cd "$APP" && npm init -y >/dev/null)
check "npm i --omit=dev <tarball> in an empty project" \
  bash -c "cd '$APP' && npm i --omit=dev --no-audit --no-fund '$TGZ'"
check "no devDependency installed (tsx, jest, typescript absent)" \
  bash -c "cd '$APP' && ! test -e node_modules/tsx && ! test -e node_modules/jest && ! test -e node_modules/typescript"
check "smets1 --help" bash -c "cd '$APP' && npx --no-install smets1 --help | grep -q 'Usage: smets1'"
check "smets1-harness --help (the package-named bin, for npx smets1-harness)" bash -c "cd '$APP' && npx --no-install smets1-harness --help | grep -q 'Usage: smets1'"
check "smets1 --version" bash -c "cd '$APP' && test \"\$(npx --no-install smets1 --version)\" = \"\$(node -p 'require(\"smets1-harness/package.json\").version')\""
check "smets1 demo (short)" \
  bash -c "cd '$APP' && npx --no-install smets1 demo --no-proof --estate 500 --out demo-report && test -s demo-report/junit.xml && test -s demo-report/index.html"
check "smets1 run" \
  bash -c "cd '$APP' && npx --no-install smets1 run --policy corrective --scenarios 'KRP-MIS-*' --out run-report && test -s run-report/report.json"
check "smets1 estate on worker threads (compiled workers)" \
  bash -c "cd '$APP' && npx --no-install smets1 estate --meters 2000 --policy corrective --workers 2 --json | node -e 'const r=JSON.parse(require(\"fs\").readFileSync(0,\"utf8\")); if (!(r.results[0].repaired > 0)) process.exit(1)'"
check "smets1 estate in child processes (compiled worker.js)" \
  bash -c "cd '$APP' && npx --no-install smets1 estate --meters 2000 --policy corrective --workers 2 --runner processes --json | node -e 'const r=JSON.parse(require(\"fs\").readFileSync(0,\"utf8\")); if (!(r.results[0].repaired > 0)) process.exit(1)'"
check "smets1 serve in its heap-bounded thread (compiled entry): /v1/health, then SIGTERM" \
  bash -c "cd '$APP' && node '$ROOT/.ci/serve-check.js' ./node_modules/.bin/smets1"
check "require('smets1-harness') and subpaths" \
  bash -c "cd '$APP' && node -e \"
    const api = require('smets1-harness');
    for (const f of ['runScenarios', 'createReferenceDcc', 'submitDuis', 'conform', 'exploreInvariants', 'simulateEstate', 'writeReports', 'worldFromScenario'])
      if (typeof api[f] !== 'function') throw new Error('missing ' + f);
    for (const s of ['certs', 'simulator', 'harness']) if (Object.keys(require('smets1-harness/' + s)).length < 10) throw new Error(s);
  \""
check "ESM import of 'smets1-harness' (named exports)" \
  bash -c "cd '$APP' && node --input-type=module -e \"
    import { runScenarios, runFailed, PACKAGE_VERSION } from 'smets1-harness';
    import { parseEui } from 'smets1-harness/certs';
    import { presetPolicy } from 'smets1-harness/simulator';
    const r = await runScenarios({ policies: [presetPolicy('legacy')], filter: 'KRP-MIS-001' });
    if (runFailed(r) || r.cases.length !== 1 || typeof parseEui !== 'function' || !PACKAGE_VERSION) process.exit(1);
  \""
check "deep imports are not reachable" \
  bash -c "cd '$APP' && node -e \"
    try { require('smets1-harness/dist/harness/cli/main'); process.exit(1); }
    catch (e) { if (e.code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw e; }
  \""

# A TypeScript consumer (CommonJS and ESM) and every docs/api.md example, against the shipped types.
TSAPP="$APP/ts"
mkdir -p "$TSAPP"
node .ci/doc-examples.js docs/api.md "$TSAPP"
cat >"$TSAPP/consumer.ts" <<'EOF'
import { createReferenceDcc, submitDuis, type RunReport, type SubmitResult } from 'smets1-harness';
import type { DeviceUnderTest } from 'smets1-harness/harness';
import { parseEui, type Eui } from 'smets1-harness/certs';
import { presetPolicy, type Policy } from 'smets1-harness/simulator';
const policy: Policy = presetPolicy('corrective');
const result: SubmitResult = submitDuis(createReferenceDcc({ policy }), '<x/>');
const device: Eui = parseEui('00-DB-12-34-56-78-90-01');
export const used: [SubmitResult, Eui, RunReport | undefined, DeviceUnderTest | undefined] = [result, device, undefined, undefined];
// @ts-expect-error: the policy is a preset name or a Policy, not a number
createReferenceDcc({ policy: 42 });
EOF
cat >"$TSAPP/tsconfig.json" <<EOF
{
  "compilerOptions": {
    "target": "ES2022", "module": "node16", "moduleResolution": "node16", "strict": true,
    "noEmit": true, "types": ["node"], "typeRoots": ["$ROOT/node_modules/@types"], "skipLibCheck": false
  },
  "include": ["*.ts", "*.mts"]
}
EOF
check "TypeScript consumer and docs/api.md examples type-check against the shipped types" \
  "$ROOT/node_modules/.bin/tsc" -p "$TSAPP/tsconfig.json"

# Every docs/api.md example runs exactly as the page says: saved as example.mts in a fresh project
# with the tarball and tsx installed, `npx tsx example.mts` (ES module, so top-level await works).
TSX_VERSION=$(node -p "require('$ROOT/node_modules/tsx/package.json').version")
# The DCC Boxed example reads the user's own ZAZ1 material, installed as docs/api.md says.
KEYSTORE_VERSION=$(node -p "require('$ROOT/node_modules/@smartdcc/dccboxed-keystore/package.json').version")
TEMPLATES_VERSION=$(node -p "require('$ROOT/node_modules/@smartdcc/duis-templates/package.json').version")
check "tsx@$TSX_VERSION and the ZAZ1 material installed beside the tarball (as docs/api.md tells a user)" \
  bash -c "cd '$APP' && npm i --no-save --no-audit --no-fund tsx@$TSX_VERSION @smartdcc/dccboxed-keystore@$KEYSTORE_VERSION @smartdcc/duis-templates@$TEMPLATES_VERSION"
for ex in "$TSAPP"/example-*.mts; do
  n=$(basename "$ex" .mts)
  check "docs/api.md $n runs as written (npx tsx $n.mts, against the tarball)" \
    bash -c "cd '$TSAPP' && npx --no-install tsx '$n.mts'"
done

# The provider CI example, against the installed tarball.
PCI="$WORK/provider-ci"
cp -r examples/provider-ci "$PCI"
rm -rf "$PCI/node_modules" "$PCI/report" "$PCI/package-lock.json"
cp "$TGZ" "$PCI/smets1-harness.tgz"
check "examples/provider-ci: install the tarball" bash -c "cd '$PCI' && npm install --omit=dev --no-audit --no-fund"
check "examples/provider-ci: type-check" \
  bash -c "cd '$PCI' && '$ROOT/node_modules/.bin/tsc' -p tsconfig.json --typeRoots '$ROOT/node_modules/@types'"
check "examples/provider-ci: node --test (catalogue, deviation manifest, JUnit)" \
  bash -c "cd '$PCI' && npm test && test -s report/junit.xml && test -s node-junit.xml"

check "publint --strict" npx --no-install publint run "$TGZ" --strict
check "attw (are the types wrong)" npx --no-install attw "$TGZ"

rm -rf "$WORK"
finish
