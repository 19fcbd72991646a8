#!/usr/bin/env bash
# Copies the design system's built files from node_modules into the folder the binary
# embeds (internal/web/static/vendor, ignored by git). Run by make after npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/@scottish-government/design-system/dist
dst=internal/web/static/vendor/sgds
if [ ! -f "$src/css/design-system.min.css" ]; then
  echo "copy-assets: $src is missing; run npm ci first" >&2
  exit 2
fi
rm -rf "$dst"
mkdir -p "$dst"
cp "$src/css/design-system.min.css" "$dst/"
cp "$src/scripts/design-system.js" "$dst/"
cp "$src/images/icons/icons.stack.svg" "$dst/"
cp node_modules/@scottish-government/design-system/LICENSE* "$dst/" 2>/dev/null || true
