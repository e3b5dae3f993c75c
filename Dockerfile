# syntax=docker/dockerfile:1
# ArchNest: build the release site (WASM + CSS) and server, then run it as a
# non-root user with all data under /data.
#
# Build args:
#   ARCHNEST_LICENSE_PUBLIC_KEYS  comma-separated base64 Ed25519 public keys of the
#                                 license server (production builds); without it the
#                                 build runs the free core and says so in Settings.

FROM rust:1-bookworm AS build
ARG ARCHNEST_LICENSE_PUBLIC_KEYS=""
ENV ARCHNEST_LICENSE_PUBLIC_KEYS=${ARCHNEST_LICENSE_PUBLIC_KEYS} \
    CARGO_TARGET_DIR=/build/target
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
RUN rustup toolchain install nightly --profile minimal --target wasm32-unknown-unknown
ENV RUSTUP_TOOLCHAIN=nightly
RUN cargo install cargo-leptos --locked
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
RUN WBG=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock) \
 && cargo install wasm-bindgen-cli --version "$WBG" \
 && mkdir -p /tools && cd /tools && npm install --no-audit --no-fund binaryen@132
ENV PATH="/tools/node_modules/.bin:${PATH}"
COPY . .
# xterm.js and its addons from npm into public/vendor (same step as scripts/run).
RUN bash -c 'source scripts/lib.sh && ensure_js_vendor'
RUN cargo leptos build --release \
 && mkdir -p /out \
 && cp /build/target/release/archnest /build/target/release/hash.txt /out/ \
 && cp -r target/site /out/site

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates openssh-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin archnest \
 && mkdir -p /data /app && chown archnest /data
WORKDIR /app
COPY --from=build /out/archnest /out/hash.txt /app/
COPY --from=build /out/site /app/site
COPY Leptos.toml /app/Leptos.toml
ENV ARCHNEST_ADDR=0.0.0.0:8080 \
    ARCHNEST_DATA_DIR=/data \
    ARCHNEST_LEPTOS_CONFIG=/app/Leptos.toml \
    LEPTOS_SITE_ROOT=/app/site
USER archnest
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["/app/archnest", "healthcheck"]
ENTRYPOINT ["/app/archnest"]
CMD ["serve"]
