#!/usr/bin/env bash
# Renders an alignsim report in headless Chromium (Debian's chromium package) and checks that the screenshot is not
# blank: text on the page and at least one figure's curves (scripts/ScreenshotCheck.java).
#   scripts/report-screenshot.sh                      the report of a 20-iteration ChatWorld run (the tests' fixture)
#   scripts/report-screenshot.sh runs/my-run [shot.png]  the report of a run (written to a temporary file)
#   scripts/report-screenshot.sh report.html [shot.png] a report already written
# Exits 0 when the check passes, 1 when it fails, 3 when no Chromium is installed. Height: SCREENSHOT_HEIGHT (3000).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$CHROMIUM" ]; then
  echo "report-screenshot: no Chromium found (apt-get install -y chromium, or set CHROMIUM)" >&2
  exit 3
fi

TARGET="${1:-}"
SHOT="${2:-$WORK/report.png}"
if [ -z "$TARGET" ]; then
  TARGET="$WORK/chat-run"
  cp -r "$HERE/app/src/test/resources/report/chat-run" "$TARGET"
fi
if [ -d "$TARGET" ]; then
  "$HERE/alignsim" report "$TARGET" --out "$WORK/report.html" >/dev/null
  REPORT="$WORK/report.html"
else
  REPORT="$TARGET"
fi
REPORT="$(cd "$(dirname "$REPORT")" && pwd)/$(basename "$REPORT")"

# No network, no first-run or background services: the report must render from the file alone.
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$WORK/profile" \
  --window-size="1280,${SCREENSHOT_HEIGHT:-3000}" --screenshot="$SHOT" "file://$REPORT" >"$WORK/chromium.log" 2>&1 || {
  echo "report-screenshot: Chromium failed:" >&2
  tail -20 "$WORK/chromium.log" >&2
  exit 1
}
[ -s "$SHOT" ] || { echo "report-screenshot: Chromium wrote no screenshot" >&2; tail -20 "$WORK/chromium.log" >&2; exit 1; }
java "$HERE/scripts/ScreenshotCheck.java" "$SHOT"
