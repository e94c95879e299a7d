#!/usr/bin/env bash
# Install what the tests need from Debian where it is missing: Chromium for the
# browser tests and the PostgreSQL server binaries for the PostgreSQL run.
# Needs root; without it, say what is missing and let the tests decide.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
# Pango, which WeasyPrint uses to lay out the person's copy as a PDF.
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0" || need+=(libpango-1.0-0 libpangoft2-1.0-0)
# Fonts so that pages and PDFs render text the same everywhere.
fc-list 2>/dev/null | grep -qi "liberation" || need+=(fonts-liberation)

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${need[*]}. Install them with apt-get (needs root)." >&2
  exit 0
fi
echo "Installing ${need[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
