#!/bin/sh
# Prints the home folder of a JDK (java and javac) of version 21 or newer, or says on
# stderr what to install and exits 1. Order: $JAVA_HOME, the `java` on PATH, then the
# JDKs in /usr/lib/jvm (the newest first), because Debian's default java may be 17.
set -u

version_of() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
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
for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::'); do
  v=$(version_of "$home"); [ -n "$v" ] && echo "$v $home"
done | sort -rn | while read -r v home; do
  [ "$v" -ge 21 ] && { echo "$home"; break; }
done | grep . && exit 0

echo "trainyard: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, or set JAVA_HOME to it." >&2
exit 1
