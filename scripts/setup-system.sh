#!/usr/bin/env bash
# Installs the system libraries kyr renders with (Debian package names).
#  - libpango-1.0-0, libpangoft2-1.0-0: WeasyPrint's text layout (HarfBuzz shaping)
#  - libharfbuzz-subset0: fast font subsetting; without it WeasyPrint falls back to a
#    pure-Python subsetter that is ~10x slower and not byte-reproducible
#  - poppler-utils: pdftoppm, to look at what kyr prints (not needed to render)
#  - chromium (Debian only; optional): the browser kyr serve's end-to-end test drives
#    through Playwright. Ubuntu's chromium package is a snap, so it is not asked for
#    there; without it that test is skipped.
set -u
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig poppler-utils)
if [ -r /etc/os-release ] && grep -qx 'ID=debian' /etc/os-release \
    && ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
    optional=(chromium)
else
    optional=()
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ] && exit 0
echo "setup: installing ${missing[*]} ${optional[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo="sudo"
if command -v apt-get >/dev/null; then
    $sudo apt-get update -qq || true
    if [ ${#optional[@]} -gt 0 ] && ! DEBIAN_FRONTEND=noninteractive \
        $sudo apt-get install -y -qq "${optional[@]}" >/dev/null; then
        echo "setup: could not install ${optional[*]}; the browser test will be skipped." >&2
    fi
    [ ${#missing[@]} -eq 0 ] && exit 0
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
