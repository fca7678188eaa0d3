# didimo-node in a container. Build: `docker compose build` (or `docker build -t didimo-node:local .`).
#
# Build stage: the repository's own setup (Debian packages, the wasm toolchain from Debian's
# Rust, npm tools) and a locked release build, in a fixed path (/didimo) so the runtime's wasm
# does not depend on where a checkout lives.
FROM rust:1-bookworm AS build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm python3 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /didimo
COPY . .
ENV CARGO_TARGET_DIR=/didimo/target
RUN bash scripts/setup.sh \
 && cargo build --locked --release -p didimo-node \
 && cp target/release/didimo-node /usr/local/bin/didimo-node \
 && /usr/local/bin/didimo-node --version

# Runtime stage: the node binary, libssl, a non-root user and a /data volume; nothing else (no
# compiler, no package manager caches, no tools the node does not need). bash (from the base
# image) serves the compose file's health check.
FROM debian:bookworm-slim
# libssl3: the one shared library the node links beyond libc (libp2p's WebRTC).
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libssl3 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 didimo \
 && useradd --system --uid 10001 --gid didimo --home-dir /data --shell /usr/sbin/nologin didimo \
 && mkdir -p /data && chown didimo:didimo /data
COPY --from=build /usr/local/bin/didimo-node /usr/local/bin/didimo-node
USER didimo
VOLUME ["/data"]
# P2P, RPC (bound to the container's loopback unless --rpc-external), Prometheus, DID resolver.
EXPOSE 30333 9944 9615 8088
ENTRYPOINT ["/usr/local/bin/didimo-node"]
CMD ["--help"]
