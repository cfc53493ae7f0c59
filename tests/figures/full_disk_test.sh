#!/usr/bin/env bash
# A full disk while writing figures (simulated with a per-file size cap: writes past 8 KiB fail with
# EFBIG as on a full file system; SIGXFSZ ignored): `figure` and `figures` exit 1 (a failed write,
# cli.md), not 2 (bad input), with one line naming the file, and leave nothing behind — not the
# figure, not its data sidecar, not the folder `figures` created.
#   full_disk_test.sh ROPESCOPE WORKDIR
bin=$1
work=$2
rm -rf "$work" && mkdir -p "$work"
failures=0
run_full() {  # run_full NAME ARGS...: runs ropescope under the cap, stderr to $work/NAME.err
  local name=$1
  shift
  ( trap '' XFSZ; ulimit -f 8; exec env -u DISPLAY "$bin" "$@" --quiet ) >"$work/$name.out" 2>"$work/$name.err"
}
check() {  # check NAME STATUS LEFTOVER...
  local name=$1 status=$2
  shift 2
  local lines before=$failures
  lines=$(wc -l <"$work/$name.err")
  if [ "$status" -ne 1 ] || [ "$lines" -ne 1 ] || ! grep -q "cannot write" "$work/$name.err"; then
    echo "FAIL $name: exit $status (want 1), stderr $lines lines:"; head -c 400 "$work/$name.err"; echo
    failures=$((failures + 1))
  fi
  for left in "$@"; do
    if [ -e "$left" ]; then echo "FAIL $name: left $left behind"; failures=$((failures + 1)); fi
  done
  if [ -n "$(find "$work/out" -name '.*part*' 2>/dev/null)" ]; then
    echo "FAIL $name: temporaries left in $work/out"; failures=$((failures + 1))
  fi
  [ $failures -eq "$before" ] && echo "ok   $name: $(cat "$work/$name.err")"
}
mkdir -p "$work/out"
run_full figure figure --preset fig4 --out "$work/out/fig4.png" --data "$work/out/fig4.csv"
check figure $? "$work/out/fig4.png" "$work/out/fig4.csv"
run_full figures figures --preset fig4 --out "$work/out/all"
check figures $? "$work/out/all"
[ $failures -eq 0 ] || { echo "$failures problem(s)"; exit 1; }
echo "full disk: both commands exit 1 and leave nothing"
