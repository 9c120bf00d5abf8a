#!/bin/sh
# `make bench`'s peers: the numpy it compares against is Debian's, on the system's python3
# and OpenBLAS (docs/performance.md says why: a pip numpy on the PATH, 2.4.6, ran relu_adam
# ten times slower on the same host). Installed here when it is missing and this is a
# Debian machine run as root; otherwise one line says how, and the bench goes on with
# whatever numpy the PATH has, naming it.
if /usr/bin/python3 -c 'import numpy, threadpoolctl' >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "trainyard: installing Debian's python3-numpy and python3-threadpoolctl, the bench's numpy peer ..."
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy python3-threadpoolctl) >/dev/null 2>&1; then
    exit 0
  fi
  echo "trainyard: could not install python3-numpy and python3-threadpoolctl; the bench compares against the PATH's numpy, if any"
else
  echo "trainyard: the bench's numpy peer is Debian's (apt-get install python3-numpy python3-threadpoolctl, as root); without it the bench compares against the PATH's numpy, if any"
fi
exit 0
