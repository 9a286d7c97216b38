#!/bin/sh
# Raises the open-file limit to the hard limit before starting: 10,000 WebSocket clients need
# 10,000 descriptors in the server and as many again spread over the load generators.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec node --import tsx src/main.ts "$@"
