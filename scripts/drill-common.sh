# Sourced by scripts/drill-crash, drill-fuzz and drill-slack: runs one drill test class through Maven with its
# properties, then prints the report the test wrote (or why there is none) and how long it took.
#   run_drill NAME TEST_CLASS REPORT_FILE_NAME SUMMARY -Dkey=value…   (a class tagged drill needs -Dtests.groups=drill -Dtests.excluded=)
run_drill() {
  local name="$1" test="$2" report="$ROOT/jobs/target/$3" summary="$4"
  shift 4
  rm -f "$report"
  local start status=0
  start=$(date +%s)
  (cd "$ROOT" && mvn -B -q test -Dtest="$test" -Dtests.forks=1 \
    -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true "$@") > "$ROOT/jobs/target/$name.log" 2>&1 || status=$?
  if [[ -f "$report" ]]; then
    cat "$report"
  else
    echo "$name: no report: the drill did not finish (see jobs/target/$name.log and jobs/target/surefire-reports)"
    grep -E "FAIL|ERROR\]" "$ROOT/jobs/target/$name.log" | head -20 || true
  fi
  echo "$name: $summary, $(( $(date +%s) - start )) s, $([[ $status == 0 ]] && echo PASSED || echo FAILED)"
  return "$status"
}
