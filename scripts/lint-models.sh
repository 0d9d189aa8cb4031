#!/usr/bin/env bash
# Lints the BPMN and DMN models of the application.
#
#   BPMN: src/main/resources/bpmn/*.bpmn with bpmnlint (.bpmnlintrc)
#   DMN:  src/main/resources/dmn/*.dmn   with dmnlint  (.dmnlintrc)
#
# Exits non-zero if any model has a lint error. Warnings (and the info
# reports of bpmnlint-plugin-camunda-compat) are printed but do not fail.
# Installs the npm tooling with `npm ci` when node_modules is missing or
# older than package-lock.json.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

shopt -s nullglob
bpmn_files=(src/main/resources/bpmn/*.bpmn)
dmn_files=(src/main/resources/dmn/*.dmn)
shopt -u nullglob

if (( ${#bpmn_files[@]} == 0 && ${#dmn_files[@]} == 0 )); then
  echo "lint-models: no models found (src/main/resources/bpmn/*.bpmn, src/main/resources/dmn/*.dmn); nothing to lint."
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "lint-models: npm not found; install Node.js 20 or newer." >&2
  exit 1
fi

# npm ci writes node_modules/.package-lock.json; it stands for the install's age.
if [[ ! -d node_modules || ! -f node_modules/.package-lock.json \
      || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "lint-models: installing lint tooling (npm ci)"
  npm ci --no-audit --no-fund
fi

status=0

if (( ${#bpmn_files[@]} > 0 )); then
  echo "lint-models: bpmnlint ${#bpmn_files[@]} BPMN file(s)"
  npx --no -- bpmnlint "${bpmn_files[@]}" || status=1
else
  echo "lint-models: no BPMN files in src/main/resources/bpmn"
fi

if (( ${#dmn_files[@]} > 0 )); then
  echo "lint-models: dmnlint ${#dmn_files[@]} DMN file(s)"
  npx --no -- dmnlint "${dmn_files[@]}" || status=1
else
  echo "lint-models: no DMN files in src/main/resources/dmn"
fi

if (( status != 0 )); then
  echo "lint-models: FAILED" >&2
else
  echo "lint-models: OK"
fi
exit "$status"
