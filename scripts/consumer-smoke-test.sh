#!/usr/bin/env bash
# Proves the "publish as an internal npm package" path: packs the compiled jsii library, installs the
# tarball and its peer dependencies into a fresh consumer project, compiles a consumer with
# `tsc --strict`, synthesizes it and audits the output with the packaged CLI.
# Fails when an export is missing, the package lacks its .jsii or type declarations, or the output is not clean.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

cd "${root}"
echo "smoke: compiling the library (jsii)"
npx projen compile >/dev/null

echo "smoke: packing"
tarball="$(npm pack --silent --pack-destination "${work}" | tail -n 1)"
contents="$(tar -tzf "${work}/${tarball}")"
for required in package/.jsii package/lib/index.js package/lib/index.d.ts package/lib/cli/main.js package/README.md package/API.md \
  package/CHANGELOG.md package/LICENSE; do
  if ! grep -qx "${required}" <<<"${contents}"; then
    echo "smoke: the package lacks ${required#package/}" >&2
    exit 1
  fi
done
if grep -q '^package/src/\|^package/test/\|^package/examples/\|^package/scripts/\|^package/DEVELOPERS.md\|^package/docs/CONTRIBUTING.md\|^package/docs/adversarial/\|^package/docs/testing.md\|^package/docs/benchmarks' <<<"${contents}"; then
  echo "smoke: the package ships sources, tests, examples or contributor notes it should not" >&2
  exit 1
fi

versions="$(node -e '
  const p = require("./package.json");
  const installed = (name) => require(`./node_modules/${name}/package.json`).version;
  console.log(["cdk8s", "cdk8s-plus-28", "constructs", "typescript"].map((n) => `${n}@${installed(n)}`).join(" "));
')"

consumer="${work}/consumer"
mkdir -p "${consumer}"
cp "${root}/scripts/smoke-consumer/main.ts" "${consumer}/main.ts"
cd "${consumer}"
cat > package.json <<'JSON'
{ "name": "smoke-consumer", "version": "0.0.0", "private": true }
JSON
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "strict": true,
    "target": "ES2022",
    "module": "node16",
    "moduleResolution": "node16",
    "types": [],
    "outDir": "out",
    "skipLibCheck": false
  },
  "files": ["main.ts"]
}
JSON
echo "smoke: installing ${tarball} with ${versions}"
# shellcheck disable=SC2086
npm install --no-audit --no-fund --loglevel=error "${work}/${tarball}" ${versions} >/dev/null

echo "smoke: tsc --strict"
npx tsc -p tsconfig.json

echo "smoke: synthesizing"
node out/main.js
ls dist/*.k8s.yaml >/dev/null

echo "smoke: auditing the output with the packaged CLI (strict: annotations are not honoured, so the excepted finding fails)"
strict=0
npx cdk8s-secure audit --ignore-annotation-exceptions --fail-on warning dist/*.k8s.yaml >/dev/null 2>&1 || strict=$?
if [[ "${strict}" -ne 1 ]]; then
  echo "smoke: the strict audit exited ${strict}, not 1: the worker's exception annotation must not be honoured" >&2
  exit 1
fi
echo "smoke: auditing the output with the packaged CLI and the platform's policy file"
cat > cdk8s-secure.policy.yaml <<'POLICY'
annotationExceptions: allowed-rules
exceptions:
  allowedRules: [CTR-READONLY-ROOTFS]
  requireApprovalReference: true
  requireExpiry: true
POLICY
npx cdk8s-secure audit --fail-on warning dist/*.k8s.yaml

echo "smoke: ok"
