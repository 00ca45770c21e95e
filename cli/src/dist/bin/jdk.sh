# Finds a JDK >= 21: JAVA_HOME if it is one, else the newest under /usr/lib/jvm (LPREG_JVM_DIR overrides the
# folder). Sourced by bin/lpreg of the release archive and by the ./lpreg launcher of the source tree.

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

find_jdk() {
  local candidate major best="" best_major=0
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && -x "$JAVA_HOME/bin/javac" ]]; then
    major="$(java_major "$JAVA_HOME/bin/java")"
    if [[ "${major:-0}" -ge 21 ]]; then
      echo "$JAVA_HOME"
      return
    fi
  fi
  for candidate in "${LPREG_JVM_DIR:-/usr/lib/jvm}"/*/; do
    candidate="${candidate%/}"
    [[ -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
    major="$(java_major "$candidate/bin/java")"
    if [[ "${major:-0}" -ge 21 && "$major" -gt "$best_major" ]]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  [[ -n "$best" ]] || return 1
  echo "$best"
}

NO_JDK_MESSAGE="lpreg: no JDK >= 21 found (set JAVA_HOME, or install one under /usr/lib/jvm)"

# The JVM flags lpreg runs with: JDK >= 24 wants native access granted (netty, sqlite, blst), and Guice's
# bytecode generation is off (DESIGN.md §8).
LPREG_JVM_FLAGS=(--enable-native-access=ALL-UNNAMED -Dguice_bytecode_gen_option=DISABLED)
