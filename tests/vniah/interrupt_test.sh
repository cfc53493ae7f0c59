#!/bin/sh
# Ctrl-C during `ropescope vniah`: exit status 130, a message on stderr, no file in --out.
# Usage: interrupt_test.sh ROPESCOPE OUTDIR
set -u
bin=$1
out=$2
rm -rf "$out"
# A grid that runs for several seconds (400 trials per cell of the full paper grid).
"$bin" vniah --variant m-rope --distractors --seeds 100 --out "$out" --quiet 2>"$out.err" &
pid=$!
# Wait until the command has installed its SIGINT handler (bit 2 of SigCgt in /proc; the binary may
# take a while to start when it links large libraries). Background jobs of a non-interactive shell
# start with SIGINT ignored, so a signal sent earlier would be lost, not handled.
tries=0
while [ $tries -lt 300 ]; do
  cgt=$(sed -n 's/^SigCgt:[[:space:]]*//p' /proc/$pid/status 2>/dev/null)
  if [ -n "$cgt" ] && [ $(( 0x$cgt & 2 )) -ne 0 ]; then break; fi
  if [ ! -e /proc/$pid ]; then break; fi
  sleep 0.1
  tries=$((tries + 1))
done
sleep 0.5
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
