#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry (run by hand, not at
# install: the precompiled files are committed, so there is no build step).
#   GOV.UK Frontend: the precompiled CSS and JS. Its @font-face rules are removed and
#   "GDS Transport" dropped from font stacks: councils may not use the GOV.UK font.
#   htmx 2: the minified file. axe-core: for the accessibility tests only.
set -euo pipefail
cd "$(dirname "$0")/.."
GOVUK=6.6.0 HTMX=2.0.11 AXE=4.14.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "govuk-frontend@$GOVUK" "htmx.org@$HTMX" "axe-core@$AXE" >/dev/null)
for f in "$work"/*.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
dist="$work/govuk-frontend-$GOVUK/package/dist/govuk"
sed -e 's/@font-face{[^}]*}//g' -e 's/GDS Transport,//g' -e 's/font-family:GDS Transport/font-family:arial,sans-serif/g' \
    -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$dist/govuk-frontend.min.css" > web/static/govuk-frontend.min.css
sed -e 's#//\# sourceMappingURL=.*##' "$dist/govuk-frontend.min.js" > web/static/govuk-frontend.min.js
cp "$dist/assets/images/favicon.ico" web/static/favicon.ico
cp "$work/htmx.org-$HTMX/package/dist/htmx.min.js" web/static/htmx.min.js
cp "$work/axe-core-$AXE/package/axe.min.js" tests/browser/vendor/axe.min.js
if grep -q "GDS Transport" web/static/govuk-frontend.min.css; then
    echo "vendor-frontend: the GOV.UK font is still named in the CSS" >&2; exit 1
fi
echo "govuk-frontend $GOVUK, htmx.org $HTMX, axe-core $AXE" > web/static/VERSIONS
