#!/usr/bin/env bash
# Copy the pinned front-end packages from node_modules into the git-ignored
# coassess/static/vendor folder, then collect and compress static files.
set -euo pipefail
cd "$(dirname "$0")/.."
vendor=coassess/static/vendor
rm -rf "$vendor"
mkdir -p "$vendor/nhsuk-frontend" "$vendor/htmx" "$vendor/axe-core"
nhs=node_modules/nhsuk-frontend/dist/nhsuk
cp "$nhs/nhsuk-frontend.min.js" "$vendor/nhsuk-frontend/"
# Drop the @font-face rules that load Frutiger from the NHS's font host: our CSP
# allows no third-party fonts, so they only produce blocked requests; text falls
# back to Arial as the design system intends when Frutiger is unavailable.
sed -E 's/@font-face\{[^}]*assets\.nhs\.uk[^}]*\}//g' "$nhs/nhsuk-frontend.min.css" \
  > "$vendor/nhsuk-frontend/nhsuk-frontend.min.css"
cp "$nhs"/nhsuk-frontend.min.css.map "$nhs"/nhsuk-frontend.min.js.map "$vendor/nhsuk-frontend/" 2>/dev/null || true
cp -r "$nhs/assets" "$vendor/nhsuk-frontend/assets"
cp node_modules/htmx.org/dist/htmx.min.js "$vendor/htmx/"
