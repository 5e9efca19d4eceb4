#!/bin/sh
# scripts/screenshot.sh MKEPUB OUT.png [BOOK]: renders the first chapter
# of BOOK (default: the sample book, book/) as a reader shows it.
#
# The book is built with MKEPUB (SOURCE_DATE_EPOCH fixed) into a temp
# folder and unzipped there; the first chapter of the spine after the
# cover page (read from the package document with xmllint) is opened in
# headless Chromium, the browser the tests' Ace by DAISY runs (Debian's
# chromium, or PUPPETEER_EXECUTABLE_PATH), with the book's own
# stylesheet, in a 600x440 window (a reader's page width), saved as OUT.png.
# OUT.png.sum lists the SHA-256 of what was rendered (the chapter and the
# book's stylesheets, as packed in the EPUB), so that the tests can tell
# whether a picture still shows today's book even where fonts or chromium
# differ and the pixels do.
# `make screenshot` writes docs/sample-book.png, which the README shows.
set -eu

mkepub=$1
out=$2
book=${3:-book}

browser=${PUPPETEER_EXECUTABLE_PATH:-}
if [ -z "$browser" ]; then
    for b in chromium chromium-browser google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then
            browser=$(command -v "$b")
            break
        fi
    done
fi
if [ -z "$browser" ]; then
    echo "screenshot.sh: no chromium (run: sh scripts/deps.sh test)" >&2
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkepub-shot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

SOURCE_DATE_EPOCH=1606953600 "$mkepub" -q -o "$tmp/book.epub" "$book"
mkdir "$tmp/x"
(cd "$tmp/x" && unzip -q ../book.epub)

# container.xml -> package document -> spine -> the first chapter
opf=$(xmllint --xpath 'string(//*[local-name()="rootfile"]/@full-path)' \
    "$tmp/x/META-INF/container.xml")
dir=$(dirname "$opf")
first=
for idref in $(xmllint --xpath '//*[local-name()="itemref"]/@idref' \
    "$tmp/x/$opf" | sed 's/ idref="\([^"]*\)"/\1 /g'); do
    href=$(xmllint --xpath "string(//*[local-name()=\"item\"][@id=\"$idref\"]/@href)" \
        "$tmp/x/$opf")
    if ! xmllint --xpath "//*[local-name()=\"item\"][@id=\"$idref\"][contains(@properties,\"nav\")]" \
        "$tmp/x/$opf" >/dev/null 2>&1 && [ "$href" != cover.xhtml ]; then
        first=$href
        break
    fi
done
[ -n "$first" ] || { echo "screenshot.sh: no chapter in the spine" >&2; exit 1; }

# chromium wants HOME and a profile it can write; it runs as root only
# without its sandbox
HOME=$tmp "$browser" --headless --no-sandbox --disable-gpu \
    --hide-scrollbars --no-first-run --user-data-dir="$tmp/profile" \
    --force-device-scale-factor=1 --window-size=600,440 \
    --screenshot="$tmp/shot.png" "file://$tmp/x/$dir/$first" \
    >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
[ -s "$tmp/shot.png" ] || { cat "$tmp/log" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
cp "$tmp/shot.png" "$out"
(cd "$tmp/x" && { echo "$dir/$first"; find "$dir" -name '*.css'; } |
    LC_ALL=C sort -u | tr '\n' '\0' | xargs -0 sha256sum) >"$out.sum"
echo "screenshot.sh: $out: $dir/$first"
