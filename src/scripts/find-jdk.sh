#!/bin/sh
# Prints the home folder of a JDK (java and javac) of version 21 or newer, or says on
# stderr what to install and exits 1. Order: $JAVA_HOME, the `java` on PATH, then the
# JDKs in /usr/lib/jvm (the newest first), because Debian's default java may be 17.
set -u

version_of() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  # Every JDK has a `release` file (JAVA_VERSION="25.0.1"); reading it is far quicker than starting java.
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\(1\.\)\{0,1\}\([0-9][0-9]*\).*/\2/p' "$1/release" | head -n 1
    return 0
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

try() { # accepts $1 when it is a JDK >= 21
  [ -n "$1" ] || return 1
  v=$(version_of "$1")
  [ -n "$v" ] && [ "$v" -ge 21 ] && { echo "$1"; exit 0; }
  return 1
}

try "${JAVA_HOME:-}"
if command -v java >/dev/null 2>&1; then
  try "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
# Where systems keep their JDKs: Debian/Ubuntu, Fedora/RHEL, macOS. TRAINYARD_JDK_FOLDERS overrides.
folders=${TRAINYARD_JDK_FOLDERS:-"/usr/lib/jvm /usr/lib64/jvm /Library/Java/JavaVirtualMachines"}
for home in $(for folder in $folders; do ls -d "$folder"/*/ "$folder"/*/Contents/Home/ 2>/dev/null; done | sed 's:/$::'); do
  v=$(version_of "$home"); [ -n "$v" ] && echo "$v $home"
done | sort -rn | while read -r v home; do
  [ "$v" -ge 21 ] && { echo "$home"; break; }
done | grep . && exit 0

echo "trainyard: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH, $folders); install one (e.g. 'apt-get install openjdk-21-jdk', or Temurin 21 or newer) or set JAVA_HOME to it." >&2
exit 1
