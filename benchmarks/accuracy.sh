#!/usr/bin/env bash
# Runs the accuracy benchmark against the simulator on this machine: fixed, steady and capacity
# at 1, 8, 32 and 128 slots (pass slot counts to run fewer), then 1,000 concurrent streams in a
# 256 MiB heap. It sends traffic only to 127.0.0.1 and takes about 8 minutes on an idle
# 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# One reactor build, so the class path names this checkout's module classes. Jars in the local
# Maven repository may come from another checkout, or be rewritten by another build mid-run.
./mvnw -q -pl bench-it -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
classpath="bench-it/target/test-classes"
classpath="$classpath:$(cat bench-it/target/test-classpath.txt)"
# bench-it's simplelogger.properties turns logging off for its tests. The benchmarks set the
# level back to WARN, so warnings from the engine and the simulator reach standard error.
logging=-Dorg.slf4j.simpleLogger.defaultLogLevel=warn

java "$logging" -cp "$classpath" dev.vespabench.it.AccuracyBenchmark table "$@"
java -Xmx256m "$logging" -cp "$classpath" dev.vespabench.it.AccuracyBenchmark hold
