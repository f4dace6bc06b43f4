#!/bin/sh
# Installs the system packages the build and the tests need when they are missing.
#   required (the build): Graphviz, a CJK font (Noto Sans CJK), Cairo, fontconfig
#   for the tests:        poppler-utils (PDF text checks), Chromium (the gallery's browser test)
#   `ensure-system-deps.sh office` also: LibreOffice Draw and Impress, for the opt-in checks (make test-office)
# As root it uses apt-get; otherwise it prints the exact command to run, and stops only when a required
# package is missing.
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
optional=""
command -v pdftotext >/dev/null 2>&1 || optional="$optional poppler-utils"
[ -x /usr/bin/chromium ] || optional="$optional chromium"
if [ "${1:-}" = "office" ]; then
  command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
  command -v libreoffice >/dev/null 2>&1 || missing="$missing libreoffice-draw-nogui"
  # Impress opens PPTX (the editable-slides checks); Draw alone converts only SVG
  [ -e /usr/lib/libreoffice/program/libsdlo.so ] || missing="$missing libreoffice-impress-nogui"
fi
[ -z "$missing$optional" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  if [ -n "$missing" ]; then
    echo "installing system packages:$missing"
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
  for pkg in $optional; do
    echo "installing system package: $pkg"
    apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null \
      || echo "could not install $pkg: the tests that need it are skipped outside CI" >&2
  done
  exit 0
fi
if [ -n "$optional" ]; then
  echo "for the tests, install:$optional (run: sudo apt-get install -y$optional)" >&2
fi
[ -z "$missing" ] && exit 0
echo "missing system packages:$missing" >&2
echo "run: sudo apt-get install -y$missing" >&2
exit 1
