#!/usr/bin/env bash
# The runtime benchmark suite in one command. Issue 6: the in-process BenchmarkDotNet run (about 6 minutes), then the
# load test over HTTP with wrk (about 12 minutes; benchmarks/load/run.sh, whose settings it passes on). Issue 11: the
# load test again with Login's records in PostgreSQL (STORE=postgres, about 5 minutes), then the session-store
# benchmarks (benchmarks/stores/run.sh: propagation between two instances and ended logins, about 6 minutes). The
# PostgreSQL parts start a private cluster from Debian's postgresql package and need root or the postgres user.
# Results go to standard output; docs/benchmarks.md records a run. Exits non-zero if any part fails.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== in-process: benchmarks/Login.Runtime.Benchmarks"
dotnet run -c Release --project benchmarks/Login.Runtime.Benchmarks -- --filter '*' "$@"

echo
echo "== over HTTP: benchmarks/load/run.sh"
STORE=memory bash benchmarks/load/run.sh

echo
echo "== over HTTP, Login's records in PostgreSQL: STORE=postgres benchmarks/load/run.sh"
STORE=postgres bash benchmarks/load/run.sh

echo
echo "== session stores: benchmarks/stores/run.sh"
bash benchmarks/stores/run.sh
