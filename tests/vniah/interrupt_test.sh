#!/bin/sh
# Ctrl-C during `ropescope vniah`: exit status 130, a message on stderr, no file in --out.
# Usage: interrupt_test.sh ROPESCOPE OUTDIR
set -u
bin=$1
out=$2
# The previous run's stderr must go too: its progress lines would be taken for this run's.
rm -rf "$out" "$out.err"
# A grid that runs for several seconds (800 trials per cell of the full paper grid; ~5 s on two
# idle cores). Not --quiet: the first progress line ("ropescope vniah: 0%") is printed once the run
# has started, i.e. after the command installed its SIGINT handler. Waiting for that line, not for
# a SIGINT bit in /proc/PID/status (which any library may set, or the shell's ignored-SIGINT of a
# background job may precede: a SIGINT sent before the handler is ignored and the run completes
# with exit 0), is what makes the signal land inside the run.
"$bin" vniah --variant m-rope --distractors --seeds 200 --out "$out" 2>"$out.err" &
pid=$!
tries=0
while [ $tries -lt 600 ]; do
  if grep -q "ropescope vniah: " "$out.err" 2>/dev/null; then break; fi
  if ! kill -0 $pid 2>/dev/null; then break; fi
  sleep 0.05
  tries=$((tries + 1))
done
kill -INT $pid
wait $pid
status=$?
if [ $status -ne 130 ]; then
  echo "expected exit status 130 after SIGINT, got $status"; cat "$out.err"; exit 1
fi
if ! grep -q "interrupted" "$out.err"; then
  echo "no interruption message on stderr:"; cat "$out.err"; exit 1
fi
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ]; then
  echo "files were left behind:"; ls -la "$out"; exit 1
fi
echo "interrupted cleanly"
