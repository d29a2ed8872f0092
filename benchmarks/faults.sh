#!/usr/bin/env bash
# Runs the fault matrix: one benchmark per fault and backend against the simulator, and prints
# the table of docs/reliability.md, also written to bench-it/target/fault-matrix.md. It builds
# bench-it and the modules it depends on, runs no other test, sends traffic only to 127.0.0.1
# and takes about three minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -pl bench-it -am verify -Dtest=FaultMatrixReport \
    -Dsurefire.failIfNoSpecifiedTests=false
cat bench-it/target/fault-matrix.md
