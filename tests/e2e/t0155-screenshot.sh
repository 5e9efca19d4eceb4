#!/bin/sh
# The README's picture of the sample book (docs/sample-book.png) is what
# the suite's own rendering makes of the real EPUB: scripts/screenshot.sh
# builds the sample book, takes the first chapter of its spine and
# renders it in headless chromium (the browser Ace by DAISY runs); the
# PNG must be the very one in docs/.  When the sample book, its
# stylesheet or chromium change, `make screenshot` writes it again.
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

test_expect_success 'the README shows that very picture (docs/sample-book.png)' '
    test_grep -F "](docs/sample-book.png)" "$TOP/README.md" &&
    if ! cmp shot.png "$TOP/docs/sample-book.png"; then
        echo "docs/sample-book.png is not what the sample book renders to now: run make screenshot" >&2
        return 1
    fi
'

test_done
