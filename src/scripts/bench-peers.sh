#!/bin/sh
# `make bench`'s peers: the numpy it compares against is Debian's, on the system's python3
# and OpenBLAS (docs/performance.md says why: a pip numpy on the PATH, 2.4.6, ran relu_adam
# ten times slower on the same host, and Debian's numpy on the reference BLAS that its
# package pulls in by default, libblas3, fourteen times slower). Installed here when it
# is missing and this is a Debian machine run as root; otherwise one line says how, and
# the bench goes on with whatever numpy it finds, naming it and its BLAS.
PACKAGES="python3-numpy python3-threadpoolctl libopenblas0-pthread"
if /usr/bin/python3 -c '
import numpy, threadpoolctl
assert any(pool["internal_api"] == "openblas" for pool in threadpoolctl.threadpool_info())' >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "trainyard: installing the bench's numpy peer: Debian's $PACKAGES ..."
  # shellcheck disable=SC2086 # the list is meant to split
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES) >/dev/null 2>&1; then
    exit 0
  fi
  echo "trainyard: could not install $PACKAGES; the bench compares against whatever numpy it finds, naming it and its BLAS"
else
  echo "trainyard: the bench's numpy peer is Debian's numpy on OpenBLAS (as root: apt-get install $PACKAGES); without it the bench compares against whatever numpy it finds, naming it and its BLAS"
fi
exit 0
