# Sourced by scripts/test: find (or, with TVARKA_STRICT_SERVICES=1, provide) the real
# servers the tests use, and export their URLs. Nothing listens beyond 127.0.0.1.

_have_port() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
_as_root() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }
_apt_install() {
  if _as_root; then
    if [ -z "${_APT_UPDATED:-}" ]; then apt-get update -qq >/dev/null; _APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    return 1
  fi
}

# Debian's Chromium for the browser tests.
if [ ! -x /usr/bin/chromium ]; then
  _apt_install chromium fonts-dejavu-core || echo "test setup: no Chromium; browser tests will skip" >&2
fi

# PostgreSQL: the server on 5432 if one runs; else, in strict mode, a throwaway cluster.
if [ -z "${TVARKA_TEST_POSTGRES_URL:-}" ]; then
  if _have_port 5432; then
    export TVARKA_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
  elif [ "${TVARKA_STRICT_SERVICES:-}" = 1 ]; then
    source scripts/throwaway-postgres.sh
  fi
fi
if [ -z "${TVARKA_TEST_MYSQL_URL:-}" ] && _have_port 3306; then
  export TVARKA_TEST_MYSQL_URL="mysql+pymysql://root@127.0.0.1:3306/test"
fi
if [ -z "${TVARKA_TEST_REDIS_URL:-}" ] && _have_port 6379; then
  export TVARKA_TEST_REDIS_URL="redis://127.0.0.1:6379/15"
fi
