#!/usr/bin/env bash
# Runs every test project of the solution and prints one summary line counted from the TRX
# results: "N passed, N failed, N skipped". A test project that wrote no TRX (its host crashed
# or hung) counts as one failure. Exit status 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
results=${TEST_RESULTS:-$PWD/TestResults}
rm -rf "$results"; mkdir -p "$results"

projects=$(find tests -name '*.Tests.csproj' | sort)
dotnet build Concentrator.sln -c Release -warnaserror 2>&1 | tail -n 3
for p in $projects; do
  name=$(basename "$p" .csproj)
  echo "== $name"
  dotnet test "$p" -c Release --no-build --logger "trx;LogFileName=$name.trx" \
    --results-directory "$results" --blame-hang-timeout 10m 2>&1 | tail -n 5
done

passed=0 failed=0 skipped=0
for p in $projects; do
  name=$(basename "$p" .csproj)
  trx=$results/$name.trx
  if [[ ! -s $trx ]]; then
    echo "test.sh: $name wrote no results (crashed or hung): counted as 1 failure"
    failed=$((failed + 1)); continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  # Name each failed test with the first lines of its message, so a CI log says which one.
  command -v python3 >/dev/null && python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") not in ("Passed", "NotExecuted"):
        msg = r.findtext(".//t:Message", "", ns).strip().splitlines()[:6]
        print(f"FAILED {r.get('testName')} ({r.get('duration')})")
        for line in msg: print(f"    {line}")
PY
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0))
