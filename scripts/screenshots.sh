#!/usr/bin/env bash
# Screenshots of the bundled sample site (content/ at the repository root) for the docs:
# builds it, serves it on 127.0.0.1 with python3 -m http.server, and captures the home
# page, an article, a person page, the people index and the search page at desktop
# (1280 px) and phone (390 px) widths, plus a person page in dark mode, with headless
# Chromium into docs/screenshots/.
# Each image is the first screenful, reduced to 64 colours when Pillow is installed
# (`pip install pillow`), else kept as Chromium wrote it.
#
# Usage: scripts/screenshots.sh [PORT]   (default: a free port)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
port="${1:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
out="$repo/docs/screenshots"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cd "$repo"
cargo build --release --quiet
./target/release/dateline build --root "$repo" --out "$work/site" --base-url "http://127.0.0.1:$port/"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
server_pid=$!
sleep 0.3
kill -0 "$server_pid" 2>/dev/null || { echo "cannot serve on port $port" >&2; exit 1; }
for _ in $(seq 50); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null; then break; fi
  sleep 0.1
done

# The first person in the people index, and the newest article.
first_link() { # file regex
  python3 - "$1" "$2" <<'PY'
import html, re, sys
text = html.unescape(open(sys.argv[1], encoding="utf-8").read())
m = re.search(sys.argv[2], text)
print(m.group(1) if m else "")
PY
}
person="$(first_link "$work/site/people/index.html" 'people-list">\s*<li><a href="/([^"]+)"')"
article="$(first_link "$work/site/index.html" 'card-title"><a href="/([^"]+)"')"

mkdir -p "$out"
shoot() { # name path width height [extra chromium flag]
  local name="$1" path="$2" w="$3" h="$4" extra="${5:---no-default-browser-check}"
  "$chromium" "$extra" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$work/profile-$name" --window-size="$w,$h" \
    --screenshot="$work/$name.png" "http://127.0.0.1:$port/$path" >/dev/null 2>&1
  if python3 -c "import PIL" 2>/dev/null; then
    python3 - "$work/$name.png" "$out/$name.png" <<'PY'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
im.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(sys.argv[2], optimize=True)
PY
  else
    cp "$work/$name.png" "$out/$name.png"
  fi
  echo "$out/$name.png"
}
for size in "desktop 1280 900" "phone 390 844"; do
  set -- $size
  shoot "home-$1" "" "$2" "$3"
  shoot "article-$1" "$article" "$2" "$3"
  shoot "person-$1" "$person" "$2" "$3"
  shoot "people-$1" "people/" "$2" "$3"
  shoot "search-$1" "search/?q=harbour" "$2" "$3"
done
# Dark mode (prefers-color-scheme: dark).
shoot "person-dark" "$person" 1280 900 --blink-settings=preferredColorScheme=0
