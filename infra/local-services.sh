#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on this machine, starting (or, on a
# bare Debian machine, installing) them if they do not, and that the
# development database exists. Used by `make run`, `make test` and CI.
set -euo pipefail

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
REDIS_PORT=${REDIS_PORT:-6379}
DEV_DATABASE=${DEV_DATABASE:-spiral}

pg_answers() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }
redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "Please install: $*" >&2; exit 1
  fi
}

wait_for() {  # wait_for <what> <check>
  for _ in $(seq 1 60); do "$2" && return 0; sleep 0.5; done
  echo "$1 did not start" >&2; exit 1
}

if ! pg_answers; then
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for PostgreSQL pg_answers
fi

if ! redis_answers; then
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
    --appendonly no --dir /tmp --logfile /tmp/spiral-redis.log
  wait_for Redis redis_answers
fi

exists=$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -tAc \
  "SELECT 1 FROM pg_database WHERE datname = '$DEV_DATABASE'" postgres)
[ "$exists" = 1 ] || createdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$DEV_DATABASE"
echo "PostgreSQL and Redis are answering."
