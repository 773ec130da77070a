#!/usr/bin/env bash
# The runtime benchmark suite of issue 6 in one command: the in-process BenchmarkDotNet run (about 6 minutes), then
# the load test over HTTP with wrk (about 12 minutes; benchmarks/load/run.sh, whose settings it passes on). Results go
# to standard output; docs/benchmarks.md records a run. Exits non-zero if either part fails.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== in-process: benchmarks/Login.Runtime.Benchmarks"
dotnet run -c Release --project benchmarks/Login.Runtime.Benchmarks -- --filter '*' "$@"

echo
echo "== over HTTP: benchmarks/load/run.sh"
bash benchmarks/load/run.sh
