# Real servers the tests use, started on loopback in a per-run temp dir and stopped
# on exit. Sourced by scripts/test.

RUN_DIR="$(mktemp -d /tmp/archnest-test.XXXXXX)"
chmod 755 "$RUN_DIR"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${PG_DIR:-}" ]; then su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $PG_DIR -m immediate stop" >/dev/null 2>&1 || true; fi
  wait 2>/dev/null || true
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_http() { # url [seconds]
  local i
  for i in $(seq 1 "${2:-60}"); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 1
  done
  echo "timed out waiting for $1" >&2
  return 1
}

# PostgreSQL 15 from the image (or Debian), owned by `postgres`, fsync off.
start_postgres() {
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/postgres" ]; then
    ensure_apt_pkg postgresql
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  id postgres >/dev/null 2>&1 || useradd -r -m postgres
  PG_DIR="$RUN_DIR/pg"
  local port; port="$(free_port)"
  mkdir -p "$PG_DIR" && chown postgres "$PG_DIR"
  su postgres -s /bin/sh -c "$PG_BIN/initdb -N -A trust -U postgres -D $PG_DIR/data" >/dev/null
  su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/log -w -o '-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c full_page_writes=off' start" >/dev/null
  PG_DIR="$PG_DIR/data"
  export ARCHNEST_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  export LICENSE_SERVER_TEST_PG_URL="$ARCHNEST_TEST_PG_URL"
  log "PostgreSQL on 127.0.0.1:$port"
}

ensure_apt_pkg() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }
}

# ArchNest itself, from the debug build, on a free port with a fresh data dir.
start_archnest() { # name -> sets ARCHNEST_URL
  local port; port="$(free_port)"
  mkdir -p "$RUN_DIR/$1"
  (cd "$REPO" && ARCHNEST_ADDR="127.0.0.1:$port" ARCHNEST_DATA_DIR="$RUN_DIR/$1" \
    ARCHNEST_LICENSE_SERVER="${ARCHNEST_LICENSE_SERVER:-http://127.0.0.1:9}" \
    "$CARGO_TARGET_DIR/debug/archnest" serve >"$RUN_DIR/$1.log" 2>&1) &
  PIDS+=($!)
  ARCHNEST_URL="http://127.0.0.1:$port"
  wait_http "$ARCHNEST_URL/api/health" 60 || { cat "$RUN_DIR/$1.log" >&2; return 1; }
  log "ArchNest ($1) on $ARCHNEST_URL"
}

# dockerd (Debian's docker.io, API 1.41) on a unix socket in $RUN_DIR and a free
# loopback TCP port without TLS; data and exec roots under $RUN_DIR. No registry is
# reachable, so the test image is built from Debian's busybox-static.
start_dockerd() { # -> ARCHNEST_TEST_DOCKER_URL, E2E_DOCKER_URL, DOCKER_HOST
  command -v dockerd >/dev/null 2>&1 || ensure_apt_pkg docker.io
  command -v docker >/dev/null 2>&1 || ensure_apt_pkg docker.io
  [ -x /bin/busybox ] || ensure_apt_pkg busybox-static
  local dir="$RUN_DIR/docker" port; port="$(free_port)"
  mkdir -p "$dir"
  dockerd --host "unix://$dir/docker.sock" --host "tcp://127.0.0.1:$port" --tls=false \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/pid" \
    --bridge none --iptables=false --ip-masq=false >"$dir/log" 2>&1 &
  PIDS+=($!)
  export DOCKER_HOST="unix://$dir/docker.sock"
  local i
  for i in $(seq 1 60); do
    docker version >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker version >/dev/null 2>&1 || { cat "$dir/log" >&2; echo "dockerd did not start" >&2; return 1; }
  # busybox-static as localhost/busybox:test: /bin/busybox plus a link per applet.
  local root="$dir/rootfs"
  mkdir -p "$root/bin" "$root/tmp" "$root/etc"
  cp "$(readlink -f /bin/busybox)" "$root/bin/busybox"
  local applet
  for applet in $("$root/bin/busybox" --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
  done
  tar -C "$root" -cf "$dir/rootfs.tar" .
  docker import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' "$dir/rootfs.tar" localhost/busybox:test >/dev/null
  export ARCHNEST_TEST_DOCKER_URL="tcp://127.0.0.1:$port"
  export E2E_DOCKER_URL="$ARCHNEST_TEST_DOCKER_URL"
  log "dockerd $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})') on $ARCHNEST_TEST_DOCKER_URL"
}

# A real OpenSSH server for the end-to-end tests (the Rust tests start their own
# through archnest_backend::testing::sshd): own config, host key and log in $RUN_DIR,
# a free loopback port, and the local test user `archnest-test`.
E2E_SSH_PASSWORD_VALUE="archnest-test-Pw-2941"   # = archnest_backend::testing::sshd::PASSWORD
start_sshd() {
  ensure_apt sshd:openssh-server /usr/sbin/sshd:openssh-server
  mkdir -p /run/sshd
  id archnest-test >/dev/null 2>&1 || useradd -m -s /bin/bash archnest-test
  echo "archnest-test:$E2E_SSH_PASSWORD_VALUE" | chpasswd
  local dir="$RUN_DIR/sshd" port; port="$(free_port)"
  mkdir -p "$dir" && chmod 755 "$dir"
  ssh-keygen -q -t ed25519 -N "" -f "$dir/host_ed25519"
  : > "$dir/authorized_keys"
  cat > "$dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PasswordAuthentication yes
PubkeyAuthentication yes
KbdInteractiveAuthentication no
UsePAM yes
StrictModes no
AllowTcpForwarding yes
LogLevel VERBOSE
PrintMotd no
Subsystem sftp /usr/lib/openssh/sftp-server
CONF
  /usr/sbin/sshd -D -f "$dir/sshd_config" -E "$dir/sshd.log" &
  PIDS+=($!)
  local i
  for i in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
  done
  export E2E_SSH_PORT="$port" E2E_SSH_USER="archnest-test" E2E_SSH_PASSWORD="$E2E_SSH_PASSWORD_VALUE" E2E_SSH_DIR="$dir"
  export E2E_SSH_HOST_KEY="$(cut -d' ' -f1,2 "$dir/host_ed25519.pub")"
  log "sshd on 127.0.0.1:$port"
}
