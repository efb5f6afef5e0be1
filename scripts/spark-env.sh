# Shared by the scripts: locations, the Java 17 check, Spark's JVM flags, and the build when it is stale.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/jobs/target/sport-benefits-jobs.jar"
CLASSPATH_FILE="$ROOT/jobs/target/runtime-classpath.txt"
MAIN_CLASS="com.sportdata.benefits.cli.Main"
# Spark scratch space inside the project: other processes clean /tmp.
SPARK_WORK="$ROOT/.spark"
# The application jar a Spark distribution runs, and what travels beside it (--jars) for s3a:// lakes.
APP_JAR="$ROOT/jobs/target/sport-benefits-app.jar"
AWS_JARS_DIR="$ROOT/jobs/target/aws-jars"
# A Spark distribution's jars/ folder stand-in (jobs/spark-distribution), and the local cluster's state.
DIST_JARS="$ROOT/jobs/spark-distribution/target/spark-home/jars"
CLUSTER_DIR="${CLUSTER_DIR:-$SPARK_WORK/cluster}"
# Spark's event log of every run (local or cluster), where `scripts/cluster history` reads them.
SPARK_EVENTS_DIR="${SPARK_EVENTS_DIR:-$CLUSTER_DIR/events}"
CLUSTER_SPARK_HOME="$CLUSTER_DIR/spark-home"

find_java17() {
  local candidate
  for candidate in "${JAVA_HOME:-}/bin/java" "$(command -v java || true)" /usr/lib/jvm/java-17-openjdk-*/bin/java; do
    [[ -n "$candidate" && -x "$candidate" ]] || continue
    if "$candidate" -version 2>&1 | grep -q 'version "17'; then
      echo "$candidate"
      return 0
    fi
  done
  echo "error: Java 17 is required (Hadoop 3.3 fails on newer JVMs); set JAVA_HOME to a JDK 17" >&2
  return 1
}

# Spark's own list of module flags for Java 17.
SPARK_JVM_FLAGS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"

# The PID in a file, if that process is alive and is the daemon we started (not a reused PID).
live_pid() {
  local file="$1" class="$2" pid
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$class" || return 1
  echo "$pid"
}

stop_pid() {
  local file="$1" class="$2" pid
  if pid="$(live_pid "$file" "$class")"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "stopped $(basename "$file" .pid) (PID $pid)"
  fi
  rm -f "$file"
}

# The cluster's SPARK_HOME: what a Spark distribution holds that matters (its jars/), nothing of ours.
ensure_spark_home() {
  if [[ ! -d "$DIST_JARS" ]]; then
    echo "error: $DIST_JARS is missing: run mvn package" >&2
    return 1
  fi
  mkdir -p "$CLUSTER_SPARK_HOME"
  ln -sfn "$DIST_JARS" "$CLUSTER_SPARK_HOME/jars"
}

# The --jars list for spark-submit: hadoop-aws and its SDK bundle (comma-separated).
aws_jars() {
  local jars=("$AWS_JARS_DIR"/*.jar)
  local IFS=,
  echo "${jars[*]}"
}

# Builds the jar and its runtime classpath when missing or older than the sources.
ensure_built() {
  if [[ ! -f "$JAR" || ! -f "$CLASSPATH_FILE" || ! -f "$APP_JAR" ]] || \
     [[ -n "$(find "$ROOT/jobs/src/main" "$ROOT/conf" "$ROOT/pom.xml" "$ROOT/jobs/pom.xml" -newer "$JAR" -print -quit)" ]]; then
    echo "building the jobs jar (mvn package, tests skipped; log in .spark/build.log)..." >&2
    mkdir -p "$SPARK_WORK"
    # Maven's output (colour codes included) goes to a log, shown only when the build fails.
    if ! (cd "$ROOT" && JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$JAVA")")")" mvn -B -q -Dstyle.color=never -DskipTests package) \
        >"$SPARK_WORK/build.log" 2>&1; then
      sed 's/\x1b\[[0-9;]*m//g' "$SPARK_WORK/build.log" >&2
      echo "error: the build failed (log: $SPARK_WORK/build.log)" >&2
      return 1
    fi
  fi
}
