#!/bin/sh
# bench/test_harness.sh WEFT -- keeps bench/run from rotting (TAP output, exit 0/1).
#
# Runs `bench/run --quick --only fib,word_count --interp python3 --ceiling` with WEFT as weft into a
# temporary directory and checks that results.json, summary.md and (when gnuplot is installed)
# the PNG/SVG plots are produced, that results.json parses and holds both benchmarks, and that
# python3's runs (the baseline) all passed.  It never looks at timings, and a benchmark that
# weft gets wrong is reported as a diagnostic, not a failure: benchmarks never fail the tests.
# Any executable works as WEFT (e.g. `command -v python3`: CPython ignores -X tlbc=N).

if [ $# -lt 1 ]; then
    echo "usage: $0 PATH/TO/weft" >&2
    exit 2
fi
WEFT=$1
HERE=$(cd "$(dirname "$0")" && pwd)
PY=$(command -v python3)
if [ -z "$PY" ]; then
    echo "1..0 # SKIP python3 not found (the harness needs it)"
    exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/bench-test.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

if command -v gnuplot >/dev/null 2>&1; then HAVE_GNUPLOT=1; else HAVE_GNUPLOT=0; fi

echo "1..7"
"$PY" "$HERE/run" --weft "$WEFT" --quick --only fib,word_count --interp python3 \
    --ceiling --out "$TMP/out" >"$TMP/stdout" 2>"$TMP/stderr"
RC=$?
# Exit status 1 only means some run FAILED (weft's business, reported below); anything else
# (usage error, traceback) is the harness's fault.
if [ $RC -eq 0 ] || [ $RC -eq 1 ]; then
    echo "ok 1 - bench/run finished (exit status $RC)"
else
    echo "not ok 1 - bench/run exit status $RC"
    sed 's/^/# /' "$TMP/stderr" | tail -n 30
fi

FAILS=0
check() {   # check N DESCRIPTION COMMAND...
    n=$1; desc=$2; shift 2
    if "$@"; then echo "ok $n - $desc"; else echo "not ok $n - $desc"; FAILS=$((FAILS + 1)); fi
}
[ $RC -eq 0 ] || [ $RC -eq 1 ] || FAILS=1

check 2 "results.json written" test -s "$TMP/out/results.json"
check 3 "summary.md written with a table" grep -qs '^| fib | 1 |' "$TMP/out/summary.md"
check 4 "summary printed to stdout" grep -q '^## Time' "$TMP/stdout"

"$PY" - "$TMP/out/results.json" >"$TMP/json_check" 2>&1 <<'EOF'
import json, sys
with open(sys.argv[1]) as f:
    r = json.load(f)
names = [b["name"] for b in r["benchmarks"]]
assert names == ["fib", "word_count"], names
for key in ("machine", "date", "commit", "interpreters", "settings"):
    assert key in r, key
labels = [i["label"] for i in r["interpreters"]]
assert labels == ["weft tlbc=1", "weft tlbc=0", "python3", "weft procs"], labels
for b in r["benchmarks"]:
    cells = {(c["interp"], c["threads"]): c for c in b["cells"]}
    for n in (1, 2):
        c = cells[("python3", n)]
        assert c["status"] == "ok", (b["name"], n, c["status"], c["reason"])
        assert len([x for x in c["runs"] if not x["warmup"]]) == 3, (b["name"], n)
        assert all(x["result"] == b["expected"] for x in c["runs"]), (b["name"], n)
    # --ceiling: N copies of the one-thread program, one timed cell per thread count.
    for n in (1, 2):
        c = cells[("weft procs", n)]
        assert c["status"] != "pending" and len(c["runs"]) == 4, (b["name"], n, c["status"])
    for (label, n), c in sorted(cells.items()):
        if label.startswith("weft") and c["status"] != "ok":
            print("# note: %s N=%d %s: %s %s" % (b["name"], n, label, c["status"], c["reason"]))
print("# results.json: %d benchmarks, %d interpreters" % (len(names), len(labels)))
EOF
JSON_RC=$?
check 5 "results.json parses, has both benchmarks, python3 runs passed" test $JSON_RC -eq 0
sed 's/^/# /; s/^# # /# /' "$TMP/json_check"

if [ $HAVE_GNUPLOT = 1 ]; then
    check 6 "PNG plots drawn" test -s "$TMP/out/ratio_vs_python3.png" -a -s "$TMP/out/throughput.png" \
        -a -s "$TMP/out/tlbc.png"
    check 7 "SVG plots drawn" test -s "$TMP/out/ratio_vs_python3.svg" -a -s "$TMP/out/throughput.svg" \
        -a -s "$TMP/out/tlbc.svg"
else
    echo "ok 6 # SKIP gnuplot not installed"
    echo "ok 7 # SKIP gnuplot not installed"
fi

if [ $RC -eq 1 ]; then
    echo "# weft FAILED some runs (not a harness failure):"
    grep 'FAILED' "$TMP/stderr" | sed 's/^/#   /'
fi
[ $FAILS -eq 0 ]
