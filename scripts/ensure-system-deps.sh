#!/bin/sh
# Installs the system packages the build needs (Graphviz, a CJK font, Cairo) when they are missing.
# As root it uses apt-get; otherwise it stops and prints the exact command to run.
set -eu
missing=""
command -v dot >/dev/null 2>&1 || missing="$missing graphviz"
if ! { fc-list 2>/dev/null | grep -q "Noto Sans CJK"; } && [ ! -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then
  missing="$missing fonts-noto-cjk"
fi
if ! { ldconfig -p 2>/dev/null | grep -q "libcairo.so.2"; }; then
  missing="$missing libcairo2"
fi
command -v fc-list >/dev/null 2>&1 || missing="$missing fontconfig"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
  exit 0
fi
echo "missing system packages:$missing" >&2
echo "run: sudo apt-get install -y$missing" >&2
exit 1
