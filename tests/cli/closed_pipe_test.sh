#!/bin/sh
# A reader that goes away (issue 13 item 9, shared/specs/cli.md "Errors"): `ropescope rotary … |
# head -c 10` must end with exit 1 and a message, not die silently of SIGPIPE (status 141).
# Usage: closed_pipe_test.sh ROPESCOPE WORKDIR
set -u
bin=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
# text:4000 with head_dim 128: 2 tables x 4000 rows x 128 numbers, several MB of JSON, far more
# than a pipe holds, so writes continue after `head` has exited.
{ "$bin" rotary --sequence text:4000 --json 2>"$work/err"; echo $? >"$work/status"; } | head -c 10 >/dev/null
status=$(cat "$work/status")
if [ "$status" -ne 1 ] || ! grep -q "cannot write the output to stdout" "$work/err" || [ "$(wc -l <"$work/err")" -ne 1 ]; then
  echo "expected exit 1 and one line 'cannot write the output to stdout', got exit $status:"; cat "$work/err"; exit 1
fi
echo "closed pipe: exit 1, $(cat "$work/err")"
