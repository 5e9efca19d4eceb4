#!/bin/sh
# The README's picture of the sample book (docs/sample-book.png) is what
# the suite's own rendering makes of the real EPUB: scripts/screenshot.sh
# builds the sample book, takes the first chapter of its spine and
# renders it in headless chromium (the browser Ace by DAISY runs), and
# records what it rendered (OUT.png.sum).  docs/sample-book.png must show
# today's chapter and stylesheet (its .sum the same); when the sample
# book or its stylesheet change, `make screenshot` writes both again.
# Without chromium the script prints "# SKIP" and passes.
. "$(dirname "$0")/../lib.sh"

cd "$TEST_TMP" || exit 1

if ! command -v chromium >/dev/null 2>&1 &&
    ! command -v chromium-browser >/dev/null 2>&1 &&
    [ -z "${PUPPETEER_EXECUTABLE_PATH:-}" ]; then
    echo "# SKIP: no chromium (run: sh scripts/deps.sh test)"
    test_done
fi

test_expect_success 'scripts/screenshot.sh renders the first chapter into a 600x440 PNG' '
    sh "$TOP/scripts/screenshot.sh" "$MKEPUB" shot.png "$TOP/book" >log 2>&1 &&
    cat log &&
    test_grep "EPUB/book/chapters/01-who-she-is.xhtml" log &&
    od -An -tx1 -N24 shot.png | tr -d " \\n" >head &&
    test "$(cut -c1-32 head)" = 89504e470d0a1a0a0000000d49484452 &&
    test "$(cut -c33-48 head)" = 00000258000001b8
'

# The picture must show today's chapter with today's stylesheet: the
# rendering records what it rendered (shot.png.sum) and docs/ holds the
# record of the picture it shows.  The pixels themselves depend on the
# fonts and the chromium build of the machine, so they are compared only
# to say whether this machine renders the very same picture.
test_expect_success 'the README shows a picture of the sample book as it is today' '
    test_grep -F "](docs/sample-book.png)" "$TOP/README.md" &&
    test_grep -F "EPUB/book/chapters/01-who-she-is.xhtml" shot.png.sum &&
    test_grep -F "EPUB/styles/book.css" shot.png.sum &&
    if ! cmp -s shot.png.sum "$TOP/docs/sample-book.png.sum"; then
        diff "$TOP/docs/sample-book.png.sum" shot.png.sum >&2
        echo "docs/sample-book.png shows an older sample book: run make screenshot" >&2
        return 1
    fi &&
    od -An -tx1 -N24 "$TOP/docs/sample-book.png" | tr -d " \\n" >docs-head &&
    test "$(cut -c1-48 docs-head)" = "$(cut -c1-48 head)" &&
    if cmp -s shot.png "$TOP/docs/sample-book.png"; then
        echo "# this machine renders the very same picture"
    else
        echo "# this machine renders other pixels (fonts or chromium differ)"
    fi
'

test_done
