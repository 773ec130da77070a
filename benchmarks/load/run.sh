#!/usr/bin/env bash
# Load test of issue 6: one app (benchmarks/Login.LoadTest) on 127.0.0.1, driven by wrk in alternating rounds.
#
#   benchmarks/load/run.sh                                   # the recorded run (about 10 minutes)
#   ROUNDS=1 DURATION=3 WARMUP=2 USERS_MAX=10000 benchmarks/load/run.sh   # quick try (about 1 minute)
#   STORE=postgres benchmarks/load/run.sh                    # the same with Login's records in PostgreSQL (issue 11)
#   STORE=sqlite benchmarks/load/run.sh                      # ... or in a SQLite file (issue 20)
#
# Settings (environment): ROUNDS (5), DURATION seconds per wrk run (10), WARMUP seconds per scenario before the rounds
# (5), CONNECTIONS (32), THREADS (2), USERS_MAX distinct sessions in the largest scenario (1000000, at least 10000;
# 10000 with a database, where each is a real login), PORT (5087), STORE (memory, sqlite or postgres), ENDED logins
# ended before the rounds with a database (10000).
#
# STORE=postgres starts a private PostgreSQL cluster (benchmarks/postgres.sh; needs root or the postgres user) and runs
# the app with AddPostgreSqlStore on a new database; STORE=sqlite runs it with AddSqliteStore on a new file, which the
# other processes open too (what PostgreSQL's NOTIFY does below, SQLite's poll does). The session cookies then come from real logins over HTTP on a
# second instance of the app (the minting process), so each has its login record in the store, and ENDED more logins
# are logged out there: the served instance learns those endings from the store while it runs, as it would from
# another instance, and checks every guarded request against them. The script checks that an ended login's cookie is
# refused before the rounds and, after them, ends a live login from a third process and waits for the served instance
# to refuse it (its sync still follows the store), and prints the statements the served instance sent during the
# rounds (its 1 s poll and its batched last-seen writes).
#
# Table 1: /plain (without and with the Login session cookie, which a logged-in browser sends everywhere),
# /login-guarded (one valid Login session) and /cookie-guarded (ASP.NET Core cookie authentication with a valid
# cookie), one after the other in every round: medians of requests/s and of p99 latency, ratios to plain (both) and to
# cookie authentication. Table 2: /login-guarded with 1, 10,000 and USERS_MAX distinct sessions, cycled through
# round-robin by the same wrk script, also alternating: ratios to one session and the app's memory (VmRSS after the
# scenario's runs, VmHWM the peak so far). Exits non-zero if the app does not start, a check fails, or wrk sees any
# socket error or any response of 400 or more (the app answers 401 where a valid cookie was expected).
set -euo pipefail

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
STORE=${STORE:-memory}
[[ $STORE == memory || $STORE == sqlite || $STORE == postgres ]] || { echo "LOAD TEST FAILED: STORE must be memory, sqlite or postgres" >&2; exit 1; }
if [[ $STORE == memory ]]; then USERS_MAX=${USERS_MAX:-1000000}; else USERS_MAX=${USERS_MAX:-10000}; fi
ENDED=${ENDED:-10000}
PORT=${PORT:-5087}
# Sessions are bound to the client's address and User-Agent: every request, curl's and wrk's, sends this one.
USER_AGENT="Login.LoadTest-wrk/1.0"

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
project="$root/benchmarks/Login.LoadTest"
dll="$project/bin/Release/net10.0/Login.LoadTest.dll"
base="http://127.0.0.1:$PORT"
work=$(mktemp -d "${TMPDIR:-/tmp}/login-load.XXXXXX")
app_pid=""
# shellcheck source=../postgres.sh
source "$root/benchmarks/postgres.sh"

cleanup() {
    if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then
        kill "$app_pid" 2>/dev/null || true
        wait "$app_pid" 2>/dev/null || true
    fi
    postgres_stop
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "LOAD TEST FAILED: $*" >&2
    exit 1
}

command -v wrk >/dev/null || fail "wrk is not installed (Debian package wrk)"
command -v curl >/dev/null || fail "curl is not installed"
[[ $USERS_MAX =~ ^[0-9]+$ ]] && (( USERS_MAX >= 10000 )) || fail "USERS_MAX must be a number of at least 10000"

echo "== build (Release)"
dotnet build -c Release "$project" -nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "build failed"; }

store_args=()
# The key directory, for every process but PostgreSQL's (whose key ring is in the database).
key_args=(--keys "$work/keys")
if [[ $STORE == sqlite ]]; then
    store_args=(--store sqlite --sqlite "$work/login.db")
elif [[ $STORE == postgres ]]; then
    key_args=()
    echo "== start a private PostgreSQL cluster"
    postgres_start || fail "could not start PostgreSQL"
    connection=$(postgres_database login_load) || fail "could not create the database"
    store_args=(--store postgres --postgres "$connection")
    echo "== PostgreSQL $("$POSTGRES_BIN/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$POSTGRES_PORT"
fi

echo "== start the app on $base (Login's records: $STORE)"
# dotnet itself, not dotnet run: the PID must be the app's, for its /proc/PID/status.
dotnet "$dll" --port "$PORT" --keys "$work/keys" --users "$USERS_MAX" "${store_args[@]}" >"$work/app.log" 2>&1 &
app_pid=$!
started=""
for _ in $(seq 1 150); do
    if ! kill -0 "$app_pid" 2>/dev/null; then
        cat "$work/app.log" >&2
        fail "the app exited during startup"
    fi
    if curl -fsS -o /dev/null "$base/plain" 2>/dev/null; then
        started=yes
        break
    fi
    sleep 0.2
done
[[ -n $started ]] || { cat "$work/app.log" >&2; fail "the app did not answer on $base within 30 s"; }

if [[ $STORE != memory ]]; then
    echo "== log $USERS_MAX users in (and $ENDED more in and out) on a second instance; one cookie-authentication cookie"
    dotnet "$dll" --mint "$work/cookies" --port 0 --users "$USERS_MAX" --ended "$ENDED" --user-agent "$USER_AGENT" \
        "${store_args[@]}" "${key_args[@]}" \
        || fail "minting cookies failed"
else
    echo "== mint $USERS_MAX Login session cookies and one cookie-authentication cookie"
    dotnet "$dll" --mint "$work/cookies" --keys "$work/keys" --users "$USERS_MAX" --user-agent "$USER_AGENT" \
        || fail "minting cookies failed"
fi
session_counts=(1 10000)
(( USERS_MAX > 10000 )) && session_counts+=("$USERS_MAX")
for n in "${session_counts[@]}"; do
    head -n "$n" "$work/cookies/sessions.txt" >"$work/cookies/sessions-$n.txt"
    [[ $(wc -l <"$work/cookies/sessions-$n.txt") -eq $n ]] || fail "fewer than $n session cookies were minted"
done

# status and body of one request with the given Cookie header ("-" for none), as "STATUS BODY"
probe() {
    local path=$1 cookie=$2 args=(-sS -o "$work/body" -w '%{http_code}' -H "User-Agent: $USER_AGENT")
    [[ $cookie == - ]] || args+=(-H "Cookie: $cookie")
    local status
    status=$(curl "${args[@]}" "$base$path") || fail "curl $path failed"
    echo "$status $(cat "$work/body")"
}

expect() {
    local want=$1 path=$2 cookie=$3 what=$4 got
    got=$(probe "$path" "$cookie")
    [[ $got == "$want" ]] || fail "$what: expected \"$want\", got \"$got\""
}

# The same, allowing 10 s for it: what another instance did reaches this one by the store's push or poll.
expect_soon() {
    local want=$1 path=$2 cookie=$3 what=$4 got
    for _ in $(seq 1 100); do
        got=$(probe "$path" "$cookie")
        [[ $got == "$want" ]] && return 0
        sleep 0.1
    done
    fail "$what: expected \"$want\" within 10 s, got \"$got\""
}

echo "== check every scenario once"
expect "200 ok" /plain - "plain"
expect "401 " /login-guarded - "anonymous on /login-guarded (wrk must count a failed login as an error)"
expect "401 " /cookie-guarded - "anonymous on /cookie-guarded"
expect "200 ok" /cookie-guarded "$(head -n 1 "$work/cookies/cookie-auth.txt")" "cookie authentication"
expect "200 ok" /login-guarded "$(head -n 1 "$work/cookies/sessions.txt")" "the first Login session"
expect "200 ok" /login-guarded "$(tail -n 1 "$work/cookies/sessions.txt")" "the last Login session"
expect "401 " /login-guarded "$(sed -n 2p "$work/cookies/sessions.txt" | tr 'A-Za-z' 'B-ZAb-za')" "a tampered session cookie"
if [[ $STORE != memory ]]; then
    # Logged out on the minting instance: this one knows only from the store.
    # SQLite's served instance learns of them by its 1 s poll: the last ones may still be on their way.
    expect_soon "401 " /login-guarded "$(tail -n 1 "$work/cookies/ended.txt")" "the last login ended on the other instance"
    expect "401 " /login-guarded "$(head -n 1 "$work/cookies/ended.txt")" "the first login ended on the other instance"
    expect "200 ok" /login-guarded "$(head -n 1 "$work/cookies/canary.txt")" "the canary login"
fi

# One wrk run; prints "REQUESTS_PER_S P99_MS". Fails on any socket error or response of 400 or more.
drive() {
    local path=$1 cookies=$2 seconds=$3 out
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency -s "$here/sessions.lua" "$base$path" \
        -- "$cookies" "$USER_AGENT" "$THREADS" 2>&1) || { echo "$out" >&2; fail "wrk failed on $path"; }
    if grep -qE "Non-2xx or 3xx responses|Socket errors" <<<"$out"; then
        echo "$out" >&2
        fail "wrk saw errors on $path with $cookies"
    fi
    kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; fail "the app died"; }
    awk '/^Requests\/sec:/ { rps = $2 }
         $1 == "99%" { v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
                       p99 = v * (unit == "us" ? 0.001 : unit == "ms" ? 1 : unit == "s" ? 1000 : unit == "m" ? 60000 : -1) }
         END { if (rps == "" || p99 == "" || p99 < 0) exit 1; printf "%s %.3f\n", rps, p99 }' <<<"$out" \
        || { echo "$out" >&2; fail "could not read requests/s and p99 from wrk's output"; }
}

# kB of the app's VmRSS and VmHWM
memory() {
    awk '$1 == "VmRSS:" { rss = $2 } $1 == "VmHWM:" { hwm = $2 } END { print rss, hwm }' "/proc/$app_pid/status"
}

# "MIN-MAX" of the numbers on standard input, rounded: how far apart the rounds were on a noisy machine.
spread() {
    tr ' ' '\n' | grep -v '^$' | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f-%.0f", lo, hi }'
}

median() {
    tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Median over the rounds of (scenario A's req/s / scenario B's req/s) in the same round: the runs of one round are
# seconds apart, so a machine that gets busier or quieter during the run moves both sides of each ratio alike.
ratio() {
    local -a a b
    read -r -a a <<<"${rps[$1]}"
    read -r -a b <<<"${rps[$2]}"
    local i out=""
    for i in "${!a[@]}"; do
        out+=" $(awk -v x="${a[$i]}" -v y="${b[$i]}" 'BEGIN { print x / y }')"
    done
    median <<<"$out"
}

# Runs the named scenarios in alternating rounds; fills rps[name], p99[name], rss[name] (largest after any of its
# runs), hwm[name] (after its last run).
declare -A path cookies rps p99 rss hwm
rounds() {
    local name round result
    for name in "$@"; do
        drive "${path[$name]}" "${cookies[$name]}" "$WARMUP" >/dev/null
        rps[$name]="" p99[$name]="" rss[$name]=0
    done
    for round in $(seq 1 "$ROUNDS"); do
        for name in "$@"; do
            result=$(drive "${path[$name]}" "${cookies[$name]}" "$DURATION")
            read -r r l <<<"$result"
            read -r m h <<<"$(memory)"
            rps[$name]+=" $r" p99[$name]+=" $l"
            (( m > rss[$name] )) && rss[$name]=$m
            hwm[$name]=$h
            printf '   round %d  %-24s %10.0f req/s  p99 %8.2f ms  VmRSS %6d MiB  VmHWM %6d MiB\n' \
                "$round" "$name" "$r" "$l" $((m / 1024)) $((h / 1024))
        done
    done
}

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD -- 2>/dev/null || commit+=" (with uncommitted changes)"
echo "== commit $commit; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); .NET $(dotnet --version)"
echo "== wrk -t$THREADS -c$CONNECTIONS, $ROUNDS rounds of ${DURATION}s per scenario after ${WARMUP}s of warm-up each; Login's records: $STORE"
if [[ $STORE == postgres ]]; then
    postgres_sql login_load "SELECT pg_stat_statements_reset();" >/dev/null
    rounds_started=$SECONDS
fi

echo
echo "== 1. plain, Login and cookie authentication"
path[plain]=/plain cookies[plain]=-
# The same plain endpoint with the same Login session cookie a logged-in browser sends to every path: the bytes of the
# request are then those of the guarded one, so its ratio is what Login's guard and load cost by themselves.
path[plain-cookie]=/plain cookies[plain-cookie]="$work/cookies/sessions-1.txt"
path[login]=/login-guarded cookies[login]="$work/cookies/sessions-1.txt"
path[cookie-auth]=/cookie-guarded cookies[cookie-auth]="$work/cookies/cookie-auth.txt"
rounds plain plain-cookie login cookie-auth
declare -A med_rps med_p99
for name in plain plain-cookie login cookie-auth; do
    med_rps[$name]=$(median <<<"${rps[$name]}")
    med_p99[$name]=$(median <<<"${p99[$name]}")
done
echo
printf '| %-44s | %10s | %13s | %10s | %8s | %22s | %14s |\n' "Endpoint" "req/s" "req/s range" "p99 (ms)" "vs plain" "vs plain, same cookie" "vs cookie auth"
printf '|%s|%s:|%s:|%s:|%s:|%s:|%s:|\n' "$(printf -- '-%.0s' {1..46})" "$(printf -- '-%.0s' {1..11})" "$(printf -- '-%.0s' {1..14})" "$(printf -- '-%.0s' {1..11})" "$(printf -- '-%.0s' {1..9})" "$(printf -- '-%.0s' {1..23})" "$(printf -- '-%.0s' {1..15})"
for name in plain plain-cookie login cookie-auth; do
    case $name in
        plain) label="/plain" ;;
        plain-cookie) label="/plain with the Login session cookie" ;;
        login) label="/login-guarded, Login session cookie" ;;
        cookie-auth) label="/cookie-guarded, cookie authentication" ;;
    esac
    printf '| %-44s | %10.0f | %13s | %10.2f | %8.2f | %22.2f | %14.2f |\n' "$label" "${med_rps[$name]}" "$(spread <<<"${rps[$name]}")" "${med_p99[$name]}" \
        "$(ratio "$name" plain)" "$(ratio "$name" plain-cookie)" "$(ratio "$name" cookie-auth)"
done

echo
echo "== 2. /login-guarded with ${session_counts[*]} distinct sessions"
names=()
for n in "${session_counts[@]}"; do
    path[s$n]=/login-guarded cookies[s$n]="$work/cookies/sessions-$n.txt"
    names+=("s$n")
done
rounds "${names[@]}"
echo
printf '| %10s | %10s | %13s | %10s | %12s | %15s | %15s |\n' "Sessions" "req/s" "req/s range" "p99 (ms)" "vs 1 session" "VmRSS max (MiB)" "VmHWM (MiB)"
printf '|%s:|%s:|%s:|%s:|%s:|%s:|%s:|\n' "$(printf -- '-%.0s' {1..11})" "$(printf -- '-%.0s' {1..11})" "$(printf -- '-%.0s' {1..14})" "$(printf -- '-%.0s' {1..11})" "$(printf -- '-%.0s' {1..13})" "$(printf -- '-%.0s' {1..16})" "$(printf -- '-%.0s' {1..16})"
for n in "${session_counts[@]}"; do
    r=$(median <<<"${rps[s$n]}")
    printf '| %10s | %10.0f | %13s | %10.2f | %12.2f | %15d | %15d |\n' "$n" "$r" "$(spread <<<"${rps[s$n]}")" "$(median <<<"${p99[s$n]}")" \
        "$(ratio "s$n" s1)" $((rss[s$n] / 1024)) $((hwm[s$n] / 1024))
done
echo
echo "(req/s and p99: medians of $ROUNDS rounds; ratios: medians of the per-round ratios; range: slowest-fastest round;"
echo " VmRSS max: the largest resident set seen right after one of the scenario's runs;"
echo " VmHWM: the process's peak resident set up to the scenario's last run, since the app started)"

if [[ $STORE == postgres ]]; then
    rounds_seconds=$((SECONDS - rounds_started))
    echo
    echo "== 3. what the served instance asked PostgreSQL during the ${rounds_seconds}s of rounds (pg_stat_statements)"
    echo
    echo "| Calls | Statement |"
    echo "|---:|---|"
    postgres_sql login_load "SELECT s.calls || ' | \`' || left(regexp_replace(s.query, '\s+', ' ', 'g'), 110) || '\`' FROM pg_stat_statements s
        JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() AND s.query NOT LIKE '%pg_stat_statements%'
        ORDER BY s.calls DESC, s.query;" | sed 's/^/| /; s/$/ |/'
fi

if [[ $STORE != memory ]]; then
    # A login ended by a third process, through the store only: the served instance must still be following it.
    echo
    canary_id=$(sed -n 2p "$work/cookies/canary.txt")
    dotnet "$dll" --end-session "$canary_id" "${store_args[@]}" "${key_args[@]}" >/dev/null || fail "could not end the canary login"
    ended_at=$(date +%s%N)
    refused=""
    for _ in $(seq 1 200); do
        if [[ $(probe /login-guarded "$(head -n 1 "$work/cookies/canary.txt")") == "401 " ]]; then
            refused=$(( ($(date +%s%N) - ended_at) / 1000000 ))
            break
        fi
        sleep 0.01
    done
    [[ -n $refused ]] || fail "the served instance still took a login ended by another process 2 s later: its sync has stopped"
    echo "== after the rounds, a login ended by another process was refused by the served instance within $refused ms (curl every 10 ms)"
fi
