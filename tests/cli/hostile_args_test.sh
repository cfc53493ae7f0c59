#!/bin/sh
# The real `ropescope` on arguments that are not a command (issue 13, items 4 and 13): never a
# window, never an abort — exit 2, nothing on stdout, one line on stderr saying what was wrong.
# Runs with whatever display the test has (under xvfb-run a window would open and block: the
# timeout turns that into a failure).
# Usage: hostile_args_test.sh ROPESCOPE WORKDIR
set -u
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
failures=0

# expect NAME STDERR_SUBSTRING -- ARGS...: exit 2, empty stdout, one stderr line containing the text.
expect() {
  name=$1 want=$2
  shift 3
  timeout 20 "$bin" "$@" >"$work/out" 2>"$work/err" </dev/null
  status=$?
  lines=$(wc -l <"$work/err")
  if [ $status -ne 2 ] || [ -s "$work/out" ] || [ "$lines" -ne 1 ] || ! grep -qF -- "$want" "$work/err"; then
    echo "FAIL $name: exit $status (want 2), stdout $(wc -c <"$work/out") bytes, stderr $lines lines (want 1) containing [$want]:"
    head -c 600 "$work/err"; echo
    failures=$((failures + 1))
  else
    echo "ok   $name: $(cat "$work/err")"
  fi
}

expect typo "unknown command 'positon' (did you mean 'positions'?)" -- positon --sequence text:3
expect flag "unknown command '--bogus'" -- --bogus
expect empty "unknown command ''" -- ""
expect upper "(did you mean 'positions'?)" -- POSITIONS
expect missing-study "no study file" -- "$work/missing.json"
mkdir -p "$work/folder.json"
expect folder-study "no study file" -- "$work/folder.json"
# Control characters in an echoed value: escaped, so the message stays one line and no escape
# sequence reaches the terminal.
delta=$(printf '2\n\033[31mred')
expect control-chars '2\n\x1B[31mred' -- positions --variant videorope --delta "$delta"
if grep -q "$(printf '\033')" "$work/err"; then
  echo "FAIL control-chars: a raw ESC byte reached stderr"; failures=$((failures + 1))
fi
# No display: the window cannot open, so `ropescope` alone says so in one line (exit 2, no abort).
for platform in "" xcb "wayland;xcb"; do
  timeout 20 env -u DISPLAY -u WAYLAND_DISPLAY QT_QPA_PLATFORM="$platform" "$bin" >"$work/out" 2>"$work/err" </dev/null
  status=$?
  lines=$(wc -l <"$work/err")
  # (A build without the GUI, e.g. the sanitizer build, says it has no desktop app: also one line, exit 2.)
  if [ $status -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -q -e "display" -e "has no desktop app" "$work/err"; then
    echo "FAIL no-display (QT_QPA_PLATFORM=$platform): exit $status, stderr $lines lines:"; head -c 600 "$work/err"; echo
    failures=$((failures + 1))
  else
    echo "ok   no-display (QT_QPA_PLATFORM=$platform): $(cat "$work/err")"
  fi
done
# A DISPLAY that names no X server (display 987 is not running): one line naming it, exit 2, not
# Qt's abort.
for display in :987 unix:987 127.0.0.1:987; do
  timeout 20 env DISPLAY="$display" QT_QPA_PLATFORM=xcb "$bin" >"$work/out" 2>"$work/err" </dev/null
  status=$?
  lines=$(wc -l <"$work/err")
  if [ $status -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -q -e "cannot connect to the display $display" -e "has no desktop app" "$work/err"; then
    echo "FAIL unreachable-display ($display): exit $status, stderr $lines lines:"; head -c 600 "$work/err"; echo
    failures=$((failures + 1))
  else
    echo "ok   unreachable-display ($display): $(cat "$work/err")"
  fi
done
[ $failures -eq 0 ] || { echo "$failures case(s) failed"; exit 1; }
