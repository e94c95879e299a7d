#!/usr/bin/env bash
# Install what the tests need from Debian where it is missing: Chromium for the
# browser tests, the PostgreSQL server binaries for the PostgreSQL run, and the
# fonts the person's copy is printed with.
# Needs root; without it, say what is missing and let the tests decide.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
# Pango, which WeasyPrint uses to lay out the person's copy as a PDF.
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0" || need+=(libpango-1.0-0 libpangoft2-1.0-0)
# fontconfig's fc-list, which tells staff before printing what no font can draw.
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
# Fonts so that pages and PDFs render text the same everywhere: Liberation for
# English and the languages of Europe; Noto for the other scripts people in
# England write and read (fonts-noto-core: Arabic script, Bengali, the scripts of
# India, Hebrew, Ethiopic and more, 42 MB; fonts-noto-cjk: Chinese, Japanese and
# Korean, 91 MB; fonts-noto-color-emoji, 11 MB).
# (The list is read once: `fc-list | grep -q` fails under pipefail when grep stops
# reading early.)
fonts="$(fc-list : family 2>/dev/null || true)"
grep -qi "liberation" <<<"$fonts" || need+=(fonts-liberation)
grep -qi "Noto Sans Bengali" <<<"$fonts" || need+=(fonts-noto-core)
grep -qi "Noto Sans CJK" <<<"$fonts" || need+=(fonts-noto-cjk)
grep -qi "Noto Color Emoji" <<<"$fonts" || need+=(fonts-noto-color-emoji)

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${need[*]}. Install them with apt-get (needs root)." >&2
  exit 0
fi
echo "Installing ${need[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
