#!/usr/bin/env bash
# Session-store measurements of issue 11 (benchmarks/Login.Stores.Benchmarks) on a private PostgreSQL cluster started
# for the run (benchmarks/postgres.sh: Debian's postgresql package, run as the postgres user; needs root or postgres).
#
#   benchmarks/stores/run.sh                   # the recorded run (about 5 minutes): propagation, then ended families
#   benchmarks/stores/run.sh propagation       # one of them (or ended-families)
#   benchmarks/stores/run.sh hubs              # issue 17: a logout on A closing a hub connection on B (HUB_LOGOUTS, 200), and
#                                              # the memory Login adds per open hub connection (CONNECTIONS, 1000)
#   benchmarks/stores/run.sh ended-memory      # issue 21 item 8: bytes per ended login in memory against the structures
#                                              # replaced, and the in-memory store's ending list against its old rescan (ENDED)
#   benchmarks/stores/run.sh --ci              # all, briefly (5 logouts, 20 connections, 10,000 ended logins): proves they run; numbers meaningless
#
# Settings (environment): LOGOUTS measured logouts (1000), WARMUP logouts before them (50), ENDED ended logins (1000000;
# a comma-separated list, e.g. 250000,500000,1000000, shows how the times grow).
# 1. Propagation: instances A and B (two processes) on one database; log in on A, copy the cookie, log out on A, and
#    ask B with the copy until it refuses it: p50/p90/p99/max, and the statements the instances sent per logout.
# 2. Ended families: an instance started on a database holding ENDED ended logins, against one holding none: how long
#    it takes to learn them, and its managed heap and VmRSS; then the same number ended in the in-memory store.
# Exits non-zero if PostgreSQL cannot be started, the build fails, or a check fails (a copy still served after 5 s,
# a live login not served).
set -euo pipefail

LOGOUTS=${LOGOUTS:-1000}
WARMUP=${WARMUP:-50}
ENDED=${ENDED:-1000000}
HUB_LOGOUTS=${HUB_LOGOUTS:-200}
CONNECTIONS=${CONNECTIONS:-1000}

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
project="$root/benchmarks/Login.Stores.Benchmarks"
dll="$project/bin/Release/net10.0/Login.Stores.Benchmarks.dll"
work=$(mktemp -d "${TMPDIR:-/tmp}/login-stores.XXXXXX")
# shellcheck source=../postgres.sh
source "$root/benchmarks/postgres.sh"

cleanup() {
    postgres_stop
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "STORE BENCHMARKS FAILED: $*" >&2
    exit 1
}

[[ ${1:-all} =~ ^(all|propagation|ended-families|ended-memory|hubs|--ci)$ ]] || fail "unknown part $1: expected propagation, ended-families, ended-memory, hubs or --ci"

echo "== build (Release)"
dotnet build -c Release "$project" -nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "build failed"; }

echo "== start a private PostgreSQL cluster"
postgres_start || fail "could not start PostgreSQL"
echo "== PostgreSQL $("$POSTGRES_BIN/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$POSTGRES_PORT"

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD -- 2>/dev/null || commit+=" (with uncommitted changes)"
echo "== commit $commit; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); .NET $(dotnet --version)"

# dotnet itself, not dotnet run: the children the program starts are then plain dotnet processes too.
case ${1:-all} in
    --ci) dotnet "$dll" --ci --postgres "$POSTGRES_ADMIN" ;;
    propagation) dotnet "$dll" propagation --postgres "$POSTGRES_ADMIN" --logouts "$LOGOUTS" --warmup "$WARMUP" ;;
    ended-families) dotnet "$dll" ended-families --postgres "$POSTGRES_ADMIN" --count "$ENDED" ;;
    ended-memory) dotnet "$dll" ended-memory --count "${ENDED%%,*}" ;;
    hubs)
        dotnet "$dll" hub-propagation --postgres "$POSTGRES_ADMIN" --logouts "$HUB_LOGOUTS" --warmup 20
        echo
        dotnet "$dll" connection-memory --connections "$CONNECTIONS"
        ;;
    all)
        dotnet "$dll" propagation --postgres "$POSTGRES_ADMIN" --logouts "$LOGOUTS" --warmup "$WARMUP"
        echo
        dotnet "$dll" ended-families --postgres "$POSTGRES_ADMIN" --count "$ENDED"
        echo
        dotnet "$dll" ended-memory --count "${ENDED%%,*}"
        ;;
esac
