#!/bin/sh
# Raises the open-file limit to the hard limit before starting: 10,000 WebSocket clients need
# 10,000 descriptors in the server and as many again spread over the load generators.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# V8's memory reducer would run a full collection of this process's large heap about 8 s after
# it goes quiet, i.e. in the middle of a measured phase, on one of the two cores the server and
# PostgreSQL share. The harness turns it off for its own processes; the server keeps it.
exec node --no-memory-reducer --import tsx src/main.ts "$@"
