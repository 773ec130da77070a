#!/usr/bin/env bash
# Issue 17: a logout on instance A flipping a Blazor circuit held on instance B to anonymous, in Debian's Chromium,
# both instances on one PostgreSQL database (tests/Login.Blazor.Tests/CrossInstanceCircuitBenchmark.cs). The cluster is
# benchmarks/postgres.sh's (durable settings, as the hub benchmark's); needs root or the postgres user, and Chromium.
#
#   benchmarks/circuits/run.sh          # the recorded run (about 3 minutes on a busy machine): 20 warm-ups, LOGOUTS (200) measured
#   benchmarks/circuits/run.sh --ci     # briefly (1 warm-up, 3 logouts), every check on; numbers meaningless
#
# Prints the test's table (p50/p90/p99/max/mean, from A's logout response and from when it was sent). Exits non-zero
# if PostgreSQL cannot be started, the build fails, or a circuit did not flip within 5 s.
set -euo pipefail

LOGOUTS=${LOGOUTS:-200}

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
project="$root/tests/Login.Blazor.Tests"
work=$(mktemp -d "${TMPDIR:-/tmp}/login-circuits.XXXXXX")
# shellcheck source=../postgres.sh
source "$root/benchmarks/postgres.sh"

cleanup() {
    postgres_stop
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "CIRCUIT BENCHMARK FAILED: $*" >&2
    exit 1
}

case ${1:-} in
    "") ;;
    --ci) LOGOUTS="" ;;
    *) fail "unknown argument $1: expected nothing or --ci" ;;
esac

echo "== build (Release)"
dotnet build -c Release "$project" -nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "build failed"; }

echo "== start a private PostgreSQL cluster"
postgres_start || fail "could not start PostgreSQL"
echo "== PostgreSQL $("$POSTGRES_BIN/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$POSTGRES_PORT"

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD -- 2>/dev/null || commit+=" (with uncommitted changes)"
echo "== commit $commit; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); .NET $(dotnet --version); $(/usr/bin/chromium --version 2>/dev/null || echo 'no chromium')"

LOGIN_BLAZOR_CROSS_INSTANCE_BENCHMARK=$LOGOUTS LOGIN_BLAZOR_POSTGRES=$POSTGRES_ADMIN \
    dotnet test "$project" -c Release --no-build --filter "FullyQualifiedName~CrossInstanceCircuitBenchmark" \
    --logger "console;verbosity=detailed" >"$work/test.log" 2>&1 || { cat "$work/test.log"; fail "the measurement failed"; }
sed -n '/Standard Output Messages:/,/^$/p' "$work/test.log" | sed '1d; s/^ //'
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
