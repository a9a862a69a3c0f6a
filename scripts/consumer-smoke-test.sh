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

# cdk8s-cli (the library's devDependency) runs the packaged validation plugin from the installed package: no
# download, and the apps are plain JavaScript (no ts-node).
cdk8s="${root}/node_modules/.bin/cdk8s"
package_version="$(node -p 'require("./node_modules/cdk8s-secure/package.json").version')"
cat > cdk8s.yaml <<YAML
app: node out/main.js
validations:
  - package: ./node_modules/cdk8s-secure
    class: AuditValidation
    version: ${package_version}
    properties:
      failOn: warning
YAML
echo "smoke: cdk8s synth with the validation plugin passes the clean app"
if ! "${cdk8s}" --no-check-upgrade synth > synth-clean.log 2>&1; then
  cat synth-clean.log >&2
  echo "smoke: cdk8s synth with the validation plugin failed on the clean app" >&2
  exit 1
fi

# The insecure app has its own directory and policy file (which requires a team label, missing on the Deployment of
# the SecureDeployment: an object that shares its metadata.name with the Service and NetworkPolicy of that construct).
mkdir insecure
cat > insecure/insecure.js <<'JS'
const { ApiObject, App, Chart } = require('cdk8s');
const { SecureDeployment } = require('cdk8s-secure');
const app = new App();
const chart = new Chart(app, 'insecure', { namespace: 'shop' });
new SecureDeployment(chart, 'Web', { image: 'ghcr.io/acme/web:1.0.0', port: 8080 });
new ApiObject(chart, 'debug', {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug' },
  spec: { containers: [{ name: 'app', image: 'busybox:1.36', securityContext: { privileged: true } }] },
});
app.synth();
JS
cat > insecure/cdk8s-secure.policy.yaml <<'POLICY'
requiredLabels: [team]
POLICY
cat > insecure/cdk8s.yaml <<YAML
app: node insecure.js
validations:
  - package: ${consumer}/node_modules/cdk8s-secure
    class: AuditValidation
    version: ${package_version}
    properties:
      failOn: warning
YAML
echo "smoke: cdk8s synth with the validation plugin fails an insecure app, naming the construct paths"
insecure=0
(cd insecure && "${cdk8s}" --no-check-upgrade synth > ../synth-insecure.log 2>&1) || insecure=$?
for expected in 'CTR-NOT-PRIVILEGED' 'Construct Path: insecure/debug' 'Resource Name: debug' 'META-LABELS' 'construct: insecure/Web'; do
  if ! grep -qF -- "${expected}" synth-insecure.log; then
    cat synth-insecure.log >&2
    echo "smoke: the validation report of the insecure app lacks '${expected}'" >&2
    exit 1
  fi
done
if [[ "${insecure}" -eq 0 ]]; then
  cat synth-insecure.log >&2
  echo "smoke: cdk8s synth passed an insecure app" >&2
  exit 1
fi

echo "smoke: ok"
