#!/usr/bin/env bash
# Installs the system libraries kyr renders with (Debian package names).
#  - libpango-1.0-0, libpangoft2-1.0-0: WeasyPrint's text layout (HarfBuzz shaping)
#  - libharfbuzz-subset0: fast font subsetting; without it WeasyPrint falls back to a
#    pure-Python subsetter that is ~10x slower and not byte-reproducible
#  - poppler-utils: pdftoppm, to look at what kyr prints (not needed to render)
set -u
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig poppler-utils)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "setup: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo"
if command -v apt-get >/dev/null; then
    $sudo apt-get update -qq || true
    if DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; then
        exit 0
    fi
fi
echo "setup: could not install ${missing[*]}; install them with your package manager." >&2
if ! dpkg-query -W -f='${Status}' libpangoft2-1.0-0 2>/dev/null | grep -q "install ok installed"; then
    echo "setup: Pango is required to render; stopping." >&2
    exit 1
fi
echo "setup: kyr renders without libharfbuzz-subset0, but about ten times slower." >&2
exit 0
