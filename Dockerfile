# syntax=docker/dockerfile:1.7
# The one Kestrel server image (docs/self-hosting.md). It runs any service, the whole server or the
# one-shot migration; the command picks which:
#   docker run IMAGE serve --all            every service in one process
#   docker run IMAGE serve gateway auth     a subset (the suite runs one service per container)
#   docker run IMAGE migrate                pending migrations, then exit
# Stages: `build` compiles the engine (CMake, and the N-API addon when engine/package.json has a
# build:addon script), builds the desktop renderer the web-ui service serves (desktop/out/renderer)
# and installs the npm dependencies with the compilers present; `runtime` gets
# the sources, the production node_modules and the engine's build output only: no compiler, no
# package manager cache, no dev dependencies except tsx (Kestrel runs TypeScript through tsx, BRIEF).
# Signals: tini is PID 1 and forwards SIGTERM/SIGINT to node, which shuts down gracefully
# (docs/operations.md); the process runs as the unprivileged user `kestrel` (uid 10001).
# Build: docker build -t kestrel:dev .   (KESTREL_VERSION labels the image)

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
ENV DEBIAN_FRONTEND=noninteractive
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends g++ make cmake ninja-build python3 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The repository's .npmrc points node-gyp at Debian's headers (/usr); the node image has them here.
ENV npm_config_nodedir=/usr/local
COPY . .
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
# The engine without its test suite (GoogleTest is not installed here); build.sh reuses this cache.
RUN cmake -S engine -B engine/build -G Ninja -DCMAKE_BUILD_TYPE=Release -DKESTREL_BUILD_TESTS=OFF \
 && npm run build --workspace engine \
 && npm run build:addon --workspace engine --if-present \
 && npm run build --workspace desktop
# Production dependencies only. tsx (the runtime loader; a root devDependency, so pruned) is
# installed on its own at the version the lockfile pins, under /opt/kestrel-tsx, and linked where
# server/cli/bin/kestrel.js resolves it; its own dependencies resolve from its real path.
RUN --mount=type=cache,target=/root/.npm \
    tsx_version="$(node -p "require('./package-lock.json').packages['node_modules/tsx'].version")" \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm install --prefix /opt/kestrel-tsx --no-package-lock --no-audit --no-fund "tsx@${tsx_version}" \
 && ln -s /opt/kestrel-tsx/node_modules/tsx node_modules/tsx \
 && node server/cli/bin/kestrel.js --version \
 && rm -rf engine/build/CMakeFiles engine/build/*.ninja engine/build/.ninja_* engine/build-fuzz

FROM ${NODE_IMAGE} AS runtime
ARG KESTREL_VERSION=dev
LABEL org.opencontainers.image.title="Kestrel server" \
      org.opencontainers.image.description="Kestrel trading platform server suite: any service, the all-in-one server, or the migration job" \
      org.opencontainers.image.source="https://github.com/kestrel-trading/kestrel" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${KESTREL_VERSION}"
ENV DEBIAN_FRONTEND=noninteractive
# tini: PID 1 that forwards signals and reaps zombies. Nothing else is installed.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 kestrel \
 && useradd --system --uid 10001 --gid kestrel --home-dir /var/lib/kestrel --create-home --shell /usr/sbin/nologin kestrel \
 && rm -rf /usr/local/lib/node_modules/npm /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack
WORKDIR /app
COPY --from=build --chown=root:root /opt/kestrel-tsx /opt/kestrel-tsx
COPY --from=build --chown=root:root /src /app
# Only settings the server knows (docs/configuration.md): it warns about any other KESTREL_* variable.
# The version is the image label org.opencontainers.image.version.
ENV NODE_ENV=production \
    KESTREL_HTTP_HOST=0.0.0.0 \
    KESTREL_HTTP_PORT=8080 \
    KESTREL_DATA_DIR=/var/lib/kestrel
USER 10001:10001
EXPOSE 8080
VOLUME ["/var/lib/kestrel"]
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 CMD ["node", "/app/deploy/docker/healthcheck.mjs"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/server/cli/bin/kestrel.js"]
CMD ["serve", "--all"]
