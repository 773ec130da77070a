# Sourced by the benchmark scripts: a private PostgreSQL cluster for one run, from Debian's postgresql package (never
# the system cluster). initdb in a folder owned by the postgres user, the server on a free 127.0.0.1 port with its
# socket in that folder, durable settings left at PostgreSQL's defaults (fsync and synchronous_commit on: a logout's
# commit costs what it costs in production), pg_stat_statements loaded so a run can say which statements the app sent.
#
#   source benchmarks/postgres.sh
#   postgres_start                          # sets POSTGRES_PORT and POSTGRES_ADMIN (a connection string to "postgres")
#   cs=$(postgres_database login_bench)     # a new, empty database (with pg_stat_statements); prints its connection string
#   postgres_sql login_bench "SELECT 1"     # runs SQL in it, unaligned output without headers
#   postgres_stop                           # stops the server and deletes its folder; safe to call twice
#
# As root the server runs as the postgres user through runuser; as the postgres user, directly; otherwise it fails.

POSTGRES_BIN=""
POSTGRES_DIR=""
POSTGRES_PORT=""
POSTGRES_ADMIN=""

_postgres_fail() {
    echo "POSTGRESQL: $*" >&2
    return 1
}

_postgres_as_owner() {
    if [[ $(id -un) == root ]]; then
        /usr/sbin/runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

postgres_start() {
    POSTGRES_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n | tail -n 1)
    [[ -n $POSTGRES_BIN && -x $POSTGRES_BIN/initdb && -x $POSTGRES_BIN/pg_ctl ]] \
        || _postgres_fail "no /usr/lib/postgresql/<version>/bin/initdb: install Debian's postgresql package" || return 1
    id postgres >/dev/null 2>&1 || _postgres_fail "the postgres user is missing (Debian's postgresql package creates it)" || return 1
    if [[ $(id -un) != root && $(id -un) != postgres ]]; then
        _postgres_fail "the cluster runs as the postgres user: run as root or as postgres, not $(id -un)" || return 1
    fi

    # Directly in the temporary folder: the postgres user must be able to reach it, and a script's own mktemp -d is
    # private to the script's user.
    POSTGRES_DIR=$(mktemp -d "${TMPDIR:-/tmp}/login-postgres.XXXXXX")
    [[ $(id -un) == root ]] && chown postgres:postgres "$POSTGRES_DIR"
    _postgres_as_owner "$POSTGRES_BIN/initdb" -D "$POSTGRES_DIR/data" --auth=trust --username=postgres --encoding=UTF8 \
        --no-locale --no-sync --no-instructions >"$POSTGRES_DIR/initdb.log" 2>&1 \
        || { cat "$POSTGRES_DIR/initdb.log" >&2; _postgres_fail "initdb failed"; return 1; }

    local attempt port
    for attempt in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 40000))
        # Something answers there: not free.
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
        if _postgres_as_owner "$POSTGRES_BIN/pg_ctl" -D "$POSTGRES_DIR/data" -l "$POSTGRES_DIR/server.log" -w -t 60 \
            -o "-p $port -k $POSTGRES_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_preload_libraries=pg_stat_statements" \
            start >/dev/null 2>&1; then
            POSTGRES_PORT=$port
            POSTGRES_ADMIN="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
            return 0
        fi
    done
    cat "$POSTGRES_DIR/server.log" >&2 2>/dev/null
    _postgres_fail "the server did not start"
}

postgres_sql() {
    local database=$1 sql=$2
    PGCONNECT_TIMEOUT=10 "$POSTGRES_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres \
        -d "$database" -c "$sql"
}

postgres_database() {
    local name=$1
    postgres_sql postgres "CREATE DATABASE $name;" >/dev/null || return 1
    postgres_sql "$name" "CREATE EXTENSION IF NOT EXISTS pg_stat_statements;" >/dev/null || return 1
    echo "Host=127.0.0.1;Port=$POSTGRES_PORT;Username=postgres;Database=$name"
}

postgres_stop() {
    if [[ -n $POSTGRES_DIR && -f $POSTGRES_DIR/data/postmaster.pid ]]; then
        _postgres_as_owner "$POSTGRES_BIN/pg_ctl" -D "$POSTGRES_DIR/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
    fi
    [[ -n $POSTGRES_DIR ]] && rm -rf "$POSTGRES_DIR"
    POSTGRES_DIR=""
}
