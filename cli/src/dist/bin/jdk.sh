# Finds a JDK: JAVA_HOME if it is one recent enough, else the newest under /usr/lib/jvm (LPREG_JVM_DIR overrides
# the folder). Sourced by bin/lpreg of the release archive (which runs on Java >= 21: BouncyCastle's X25519 there,
# libsodium's from 22 on) and by the ./lpreg launcher of the source tree (which builds, and crypto-libsodium
# compiles at release 22: JDK >= 22 with javac).

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

# find_jdk MIN [javac]: prints the home of a Java >= MIN (with javac too when asked), or returns 1.
find_jdk() {
  local min="${1:-21}" need_javac="${2:-}" candidate major best="" best_major=0
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && ( -z "$need_javac" || -x "$JAVA_HOME/bin/javac" ) ]]; then
    major="$(java_major "$JAVA_HOME/bin/java")"
    if [[ "${major:-0}" -ge "$min" ]]; then
      echo "$JAVA_HOME"
      return
    fi
  fi
  for candidate in "${LPREG_JVM_DIR:-/usr/lib/jvm}"/*/; do
    candidate="${candidate%/}"
    [[ -x "$candidate/bin/java" && ( -z "$need_javac" || -x "$candidate/bin/javac" ) ]] || continue
    major="$(java_major "$candidate/bin/java")"
    if [[ "${major:-0}" -ge "$min" && "$major" -gt "$best_major" ]]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  [[ -n "$best" ]] || return 1
  echo "$best"
}

# no_jdk_message MIN WHAT: what was found instead (JAVA_HOME, the folder, java on the PATH) and where to get one.
no_jdk_message() {
  local min="$1" what="$2" candidate found=() java_on_path
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    found+=("JAVA_HOME=$JAVA_HOME (Java $(java_major "$JAVA_HOME/bin/java"))")
  fi
  for candidate in "${LPREG_JVM_DIR:-/usr/lib/jvm}"/*/; do
    candidate="${candidate%/}"
    [[ -x "$candidate/bin/java" && ! -L "$candidate" ]] || continue
    found+=("$candidate (Java $(java_major "$candidate/bin/java")$([[ -x "$candidate/bin/javac" ]] || echo ', no javac'))")
  done
  if java_on_path="$(command -v java 2>/dev/null)"; then
    found+=("java on the PATH: $java_on_path (Java $(java_major "$java_on_path"))")
  fi
  echo "lpreg: $what needs a JDK >= $min, and none was found."
  if ((${#found[@]})); then
    echo "Found instead:"
    printf '  %s\n' "${found[@]}"
  else
    echo "Found no Java at all (JAVA_HOME is not set, ${LPREG_JVM_DIR:-/usr/lib/jvm} holds none)."
  fi
  echo "Get one: apt-get install openjdk-25-jdk-headless (Debian/Ubuntu; any JDK >= 22 will do), or a build from"
  echo "https://adoptium.net; then set JAVA_HOME to it, or install it under ${LPREG_JVM_DIR:-/usr/lib/jvm}."
}

# The JVM flags lpreg runs with: JDK >= 24 wants native access granted (netty, sqlite, blst), and Guice's
# bytecode generation is off (docs/architecture.md §9).
LPREG_JVM_FLAGS=(--enable-native-access=ALL-UNNAMED -Dguice_bytecode_gen_option=DISABLED)
