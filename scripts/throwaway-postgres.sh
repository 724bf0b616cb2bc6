# Sourced: start a PostgreSQL cluster of our own on a loopback port, from Debian's packages,
# for a machine where none runs. It lives in a temporary folder and stops when the shell ends.
PG_PORT=${PG_PORT:-55432}
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  _apt_install postgresql
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_DIR=$(mktemp -d /tmp/tvarka-pg.XXXXXX)
chown postgres:postgres "$PG_DIR" 2>/dev/null || true
_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
_pg "$PG_BIN/initdb -D $PG_DIR/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null"
_pg "$PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/server.log -w start -o '-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1' >/dev/null"
trap '_pg "$PG_BIN/pg_ctl -D $PG_DIR/data -m fast stop >/dev/null"' EXIT
export TVARKA_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres"
