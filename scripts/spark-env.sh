# Shared by the scripts: locations, the Java 17 check, Spark's JVM flags, and the build when it is stale.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/jobs/target/sport-benefits-jobs.jar"
CLASSPATH_FILE="$ROOT/jobs/target/runtime-classpath.txt"
MAIN_CLASS="com.sportdata.benefits.cli.Main"
# Spark scratch space inside the project: other processes clean /tmp.
SPARK_WORK="$ROOT/.spark"

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

# Builds the jar and its runtime classpath when missing or older than the sources.
ensure_built() {
  if [[ ! -f "$JAR" || ! -f "$CLASSPATH_FILE" ]] || \
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
