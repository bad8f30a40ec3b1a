#!/usr/bin/env bash
# Builds the Kestrel server image from the repository's Dockerfile WITHOUT a Docker daemon (buildah,
# chroot isolation), then smoke-tests it: checks the image config (user, entrypoint, HEALTHCHECK),
# runs the image's own entrypoint for `--version` and `--help`, loads the engine's N-API addon inside
# the image as its runtime user, checks the final stage holds no compiler and no npm and, with
# KESTREL_SMOKE_DATABASE_URL, runs the migration job and the execution service (health, metrics,
# graceful SIGTERM) from the image. Used where Docker is absent (CI sandboxes, this build machine);
# with Docker, `docker build -t kestrel:dev .` builds the same image (docs/self-hosting.md).
#
# Base image: the Dockerfile's FROM is the build argument NODE_IMAGE (default node:20-bookworm-slim
# from Docker Hub). With NODE_IMAGE unset and Docker Hub unreachable, this script makes an equivalent
# base locally: Debian bookworm (debootstrap, minbase) plus this machine's Node.js installed the way
# the official node image lays it out (/usr/local/bin/node, /usr/local/include/node, npm under
# /usr/local/lib/node_modules). Its Node.js/npm versions are therefore the host's (`node -v`).
#
# Not part of `npm test` / .ci/run: a full build takes far longer than the 5-minute budget
# (npm ci of the whole workspace, the engine in Release, the web UI bundle). Run it on demand:
#   bash scripts/build-image.sh                 # build + smoke test, image localhost/kestrel:dev
#   KESTREL_IMAGE_TAG=kestrel:1.0.0 KESTREL_VERSION=1.0.0 bash scripts/build-image.sh
#   NODE_IMAGE=docker.io/library/node:20-bookworm-slim bash scripts/build-image.sh   # with Docker Hub
#   bash scripts/build-image.sh --smoke-only    # re-run the smoke test on an existing image
#   KESTREL_SMOKE_DATABASE_URL=postgres://... bash scripts/build-image.sh --smoke-only
#                                               # plus: migrate + serve the execution service from it
#   KESTREL_IMAGE_REV=v1.0.0 bash scripts/build-image.sh   # another commit (default HEAD)
# The build context is a clean export of the commit (git archive), never the working tree: local
# edits, untracked packages and host build output cannot leak into the image (.dockerignore applies
# on top).
# Environment: KESTREL_IMAGE_WORKDIR (default /var/tmp/kestrel-image: debootstrap root, logs),
# BUILDAH_STORAGE_DRIVER (default vfs: works without overlay support), DEBIAN_MIRROR.
# Requires root and the Debian packages buildah and debootstrap (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

TAG="${KESTREL_IMAGE_TAG:-localhost/kestrel:dev}"
VERSION="${KESTREL_VERSION:-dev}"
REV="${KESTREL_IMAGE_REV:-HEAD}"
WORK="${KESTREL_IMAGE_WORKDIR:-/var/tmp/kestrel-image}"
DRIVER="${BUILDAH_STORAGE_DRIVER:-vfs}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
LOCAL_BASE="localhost/kestrel-node-base:20-bookworm-slim"
SMOKE_ONLY=false
[ "${1:-}" = "--smoke-only" ] && SMOKE_ONLY=true

log() { printf '==> [%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
bah() { buildah --storage-driver "$DRIVER" "$@"; }

need_packages() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# The stand-in for node:20-bookworm-slim (see the header).
make_local_base() {
  need_packages debootstrap
  local rootfs="$WORK/rootfs"
  if bah inspect --type image "$LOCAL_BASE" >/dev/null 2>&1; then
    log "local base $LOCAL_BASE exists (remove it with: buildah --storage-driver $DRIVER rmi $LOCAL_BASE)"
    return
  fi
  if [ ! -x "$rootfs/usr/bin/apt-get" ]; then
    log "debootstrap bookworm (minbase) from $MIRROR"
    rm -rf "$rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1
  fi
  local node_bin node_prefix
  node_bin="$(readlink -f "$(command -v node)")"
  node_prefix="$(dirname "$(dirname "$node_bin")")"
  [ -d "$node_prefix/include/node" ] || { echo "Node.js headers not found under $node_prefix/include/node" >&2; exit 1; }
  [ -d "$node_prefix/lib/node_modules/npm" ] || { echo "npm not found under $node_prefix/lib/node_modules" >&2; exit 1; }
  log "local base $LOCAL_BASE: Debian $(cat "$rootfs/etc/debian_version") + Node.js $(node -v), npm $(npm -v)"
  local ctr mnt
  ctr="$(bah from scratch)"
  mnt="$(bah mount "$ctr")"
  cp -a "$rootfs/." "$mnt/"
  # The same apt sources as the official Debian images (updates and security too).
  rm -f "$mnt/etc/apt/sources.list"
  cat >"$mnt/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: ${MIRROR}
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${MIRROR%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  rm -rf "$mnt/var/lib/apt/lists/"* "$mnt/var/cache/apt/"*.bin "$mnt/var/cache/apt/archives/"*.deb
  mkdir -p "$mnt/usr/local/bin" "$mnt/usr/local/include" "$mnt/usr/local/lib/node_modules"
  cp "$node_bin" "$mnt/usr/local/bin/node"
  cp -a "$node_prefix/include/node" "$mnt/usr/local/include/"
  cp -a "$node_prefix/lib/node_modules/npm" "$mnt/usr/local/lib/node_modules/"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$mnt/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$mnt/usr/local/bin/npx"
  # A host behind a TLS-intercepting proxy trusts its CA through /usr/local/share/ca-certificates:
  # give the base the same certificates (update-ca-certificates picks them up when the build stage
  # installs ca-certificates) and point npm at the system bundle, or `npm ci` fails with
  # SELF_SIGNED_CERT_IN_CHAIN. The official node image needs neither on an unfiltered network.
  local extra_env=()
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$mnt/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$mnt/usr/local/share/ca-certificates/"
    extra_env=(--env npm_config_cafile=/etc/ssl/certs/ca-certificates.crt)
    log "base trusts the host's extra CAs: $(cd /usr/local/share/ca-certificates && echo *.crt)"
  fi
  if [ -d "$node_prefix/lib/node_modules/corepack" ]; then
    cp -a "$node_prefix/lib/node_modules/corepack" "$mnt/usr/local/lib/node_modules/"
    ln -sf ../lib/node_modules/corepack/dist/corepack.js "$mnt/usr/local/bin/corepack"
  fi
  bah umount "$ctr" >/dev/null
  bah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env "NODE_VERSION=$(node -v | tr -d v)" "${extra_env[@]}" --cmd node "$ctr"
  bah commit --quiet --rm "$ctr" "$LOCAL_BASE" >/dev/null
}

build() {
  local base="${NODE_IMAGE:-}"
  if [ -z "$base" ]; then
    make_local_base
    base="$LOCAL_BASE"
  fi
  local context="$WORK/context" commit
  commit="$(git rev-parse --verify "$REV^{commit}")"
  rm -rf "$context" && mkdir -p "$context"
  git archive "$commit" | tar -x -C "$context"
  log "building $TAG from $base, context = commit $commit (buildah bud, chroot isolation, $DRIVER storage)"
  local started=$SECONDS
  bah bud --isolation chroot --layers --format docker --build-arg "NODE_IMAGE=$base" --build-arg "KESTREL_VERSION=$VERSION" \
    --label "org.opencontainers.image.revision=$commit" -t "$TAG" -f "$context/Dockerfile" "$context" 2>&1 | tee "$WORK/build.log"
  log "built $TAG in $((SECONDS - started)) s"
}

# Runs the image's ENTRYPOINT (as its configured user) with arguments, in a throw-away container.
run_entrypoint() {
  local ctr="$1"; shift
  bah run --isolation chroot --user 10001:10001 "$ctr" -- /usr/bin/tini -s -- node /app/server/cli/bin/kestrel.js "$@"
}

smoke() {
  log "smoke test of $TAG"
  local ctr
  ctr="$(bah from --pull-never "$TAG")"
  trap 'bah rm "$ctr" >/dev/null 2>&1 || true' RETURN
  # The image configuration (buildah 1.28's --format templates have no json function: parse it).
  bah inspect --type image "$TAG" | node -e '
    const image = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
    const config = image.Docker.config;
    const want = { User: "10001:10001", Entrypoint: ["/usr/bin/tini", "--", "node", "/app/server/cli/bin/kestrel.js"] };
    console.log("image config:", JSON.stringify({ User: config.User, Entrypoint: config.Entrypoint, Cmd: config.Cmd, Healthcheck: config.Healthcheck?.Test, revision: config.Labels?.["org.opencontainers.image.revision"] }));
    if (config.User !== want.User) throw new Error("FAIL: the image does not run as " + want.User);
    if (JSON.stringify(config.Entrypoint) !== JSON.stringify(want.Entrypoint)) throw new Error("FAIL: unexpected entrypoint");
    if (!String(config.Healthcheck?.Test).includes("healthcheck.mjs")) throw new Error("FAIL: no HEALTHCHECK (build with --format docker)");
  '
  echo "--- kestrel --version (the image's entrypoint)"
  run_entrypoint "$ctr" --version
  echo "--- kestrel --help"
  run_entrypoint "$ctr" --help | head -20
  echo "--- the engine addon, loaded inside the image by its runtime user: two crossing orders"
  bah run --isolation chroot --user 10001:10001 --workingdir /app "$ctr" -- node --import tsx --input-type=module -e "
    const { Engine, ADDON_PATH } = await import('@kestrel/engine');
    const engine = Engine.open();
    const order = (orderId, account, side, price, quantity) => ({ type: 'new_order', symbol: 1, orderId, account, side, price, quantity, timestamp: BigInt(orderId) });
    engine.submit(order(1, 7, 'sell', 100, 10));
    const taking = engine.submit(order(2, 8, 'buy', 101, 4));
    const trade = taking.events.find((event) => event.type === 'trade');
    if (!trade || trade.price !== 100 || trade.quantity !== 4) throw new Error('unexpected engine answer: ' + JSON.stringify(taking.events, (k, v) => typeof v === 'bigint' ? String(v) : v));
    console.log('addon', ADDON_PATH, 'ok: trade', trade.quantity, '@', trade.price, 'open after', engine.findOrder(1, 1n).open);
    engine.close();
  "
  echo "--- no compiler, no npm in the final stage"
  bah run --isolation chroot "$ctr" -- sh -c 'for t in gcc g++ cc c++ make cmake npm npx python3; do if command -v "$t" >/dev/null; then echo "FAIL: $t present"; exit 1; fi; done; echo "none of gcc g++ cc c++ make cmake npm npx python3 present"'
  if [ -n "${KESTREL_SMOKE_DATABASE_URL:-}" ]; then
    serve_smoke "$ctr"
  else
    echo "(set KESTREL_SMOKE_DATABASE_URL to also run the migration job and the execution service from the image)"
  fi
  log "smoke test passed"
}

# The migration job, then `serve gateway auth execution` (the engine host behind the in-process
# gateway, which needs an auth service or URL) listening on loopback, both run
# from the image as its runtime user against a scratch database on KESTREL_SMOKE_DATABASE_URL's
# server (chroot isolation shares the host's network). The service must answer /health/ready and
# its /metrics must carry the engine latency histogram, i.e. the execution service loaded the addon.
serve_smoke() {
  local ctr="$1" database url port=${KESTREL_SMOKE_PORT:-18089}
  database="kestrel_image_smoke_$(date +%s)"
  psql "$KESTREL_SMOKE_DATABASE_URL" -qc "CREATE DATABASE $database" >/dev/null
  url="$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.href)' "$KESTREL_SMOKE_DATABASE_URL" "$database")"
  echo "--- kestrel migrate (the image's migration job) on a scratch database"
  local status=0
  bah run --isolation chroot --user 10001:10001 --env "KESTREL_DATABASE_URL=$url" "$ctr" -- /usr/bin/tini -s -- node /app/server/cli/bin/kestrel.js migrate || status=$?
  if [ "$status" = 0 ]; then
    echo "--- kestrel serve gateway auth execution on 127.0.0.1:$port, probed from inside the container"
    bah run --isolation chroot --user 10001:10001 \
      --env "KESTREL_DATABASE_URL=$url" --env KESTREL_HTTP_HOST=127.0.0.1 --env "KESTREL_HTTP_PORT=$port" \
      --env KESTREL_DATABASE_MIGRATE_ON_START=false --env KESTREL_EXECUTION_SIMULATION=off --env KESTREL_DATA_DIR=/tmp/kestrel-data \
      --env "KESTREL_AUTH_KEY_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)" \
      "$ctr" -- /bin/sh -c '
        node /app/server/cli/bin/kestrel.js serve gateway auth execution >/tmp/serve.log 2>&1 &
        pid=$!
        node --input-type=module -e "
          const base = \"http://127.0.0.1:\" + process.argv[1];
          for (let i = 0; i < 120; i += 1) {
            try { const r = await fetch(base + \"/health/ready\"); if (r.ok) { console.log(\"/health/ready\", r.status, await r.text()); break; } } catch {}
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
          const metrics = await (await fetch(base + \"/metrics\")).text();
          const engine = metrics.split(\"\\n\").filter((line) => line.startsWith(\"# TYPE kestrel_engine\") || line.startsWith(\"# TYPE kestrel_fills\"));
          console.log(engine.join(\"\\n\"));
          if (engine.length !== 2) process.exit(1);
        " "$0" || { kill $pid; cat /tmp/serve.log; exit 1; }
        kill -TERM $pid; wait $pid; echo "serve exited with $? after SIGTERM"
        grep -o "\"msg\":\"[^\"]*\"" /tmp/serve.log | head -12' "$port" || status=$?
  fi
  psql "$KESTREL_SMOKE_DATABASE_URL" -qc "DROP DATABASE $database WITH (FORCE)" >/dev/null
  return "$status"
}

[ "$(id -u)" = 0 ] || { echo "run as root (buildah chroot isolation)" >&2; exit 1; }
need_packages buildah
mkdir -p "$WORK"
$SMOKE_ONLY || build
smoke
