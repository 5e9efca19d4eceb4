#!/bin/sh
# What mkepub prints: nothing but diagnostics, then one summary line on
# success ("wrote PATH: N chapters, N images, N KB"; "checked BOOK: ..."
# with --check) unless -q; -v says what was done with each file; the words
# "error" and "warning" coloured only on a terminal (run under script(1)
# for one), never with NO_COLOR set or TERM=dumb; --version names the
# libraries.  The colour decision itself is unit-tested in test_diag.
. "$(dirname "$0")/../lib.sh"

cd "$TEST_TMP" || exit 1
mkepub init -q book >/dev/null 2>&1
mkepub init -q noid >/dev/null 2>&1
sed 's|<identifier>.*</identifier>||' noid/book.xml >noid/x &&
    mv noid/x noid/book.xml

test_expect_success 'a build prints one summary line with its size' '
    cd "$TEST_TMP" &&
    mkepub -o out.epub book >out 2>err &&
    test_cmp /dev/null out &&
    kb=$(( ($(wc -c <out.epub) + 1023) / 1024 )) &&
    echo "wrote out.epub: 2 chapters, 1 image, $kb KB" >want &&
    test_cmp want err
'

test_expect_success '--check prints what it checked' '
    cd "$TEST_TMP" &&
    mkepub --check book 2>err &&
    echo "checked book: 2 chapters, 1 image" >want &&
    test_cmp want err
'

test_expect_success '-q prints nothing on success, -o - nothing but the book' '
    cd "$TEST_TMP" &&
    mkepub -q -o q.epub book 2>err &&
    test_cmp /dev/null err &&
    mkepub -q --check book 2>err &&
    test_cmp /dev/null err &&
    mkepub -o - book >stdout.epub 2>err &&
    test_cmp /dev/null err &&
    test -s stdout.epub
'

test_expect_success 'warnings, then their count, then the summary' '
    cd "$TEST_TMP" &&
    mkepub -o noid.epub noid 2>err &&
    sed -n 1p err | grep -q "^noid/book.xml:7:1: warning: no <identifier>: " &&
    sed -n 2p err >l2 && echo "0 errors, 1 warning" >want && test_cmp want l2 &&
    sed -n 3p err | grep -q "^wrote noid.epub: 2 chapters, 1 image, [0-9]* KB\$" &&
    test "$(wc -l <err)" = 3 &&
    mkepub -q -o noid.epub noid 2>err &&
    test_cmp /dev/null err
'

test_expect_success '-v says what it does with each file, in package order' '
    cd "$TEST_TMP" &&
    mkepub -v -o v.epub book 2>err &&
    printf "%s\n" \
        "mkepub: XHTML book/chapters/01-welcome.xhtml: read and checked, packed as EPUB/chapters/01-welcome.xhtml (application/xhtml+xml)" \
        "mkepub: Markdown book/chapters/02-writing-in-markdown.md: converted to XHTML and checked, packed as EPUB/chapters/02-writing-in-markdown.xhtml (application/xhtml+xml)" \
        "mkepub: stylesheet book/styles/book.css: read and checked, packed as EPUB/styles/book.css (text/css)" \
        "mkepub: image book/images/cover.svg: read and checked, packed as EPUB/images/cover.svg (image/svg+xml)" \
        "mkepub: generated EPUB/nav.xhtml (application/xhtml+xml)" \
        "mkepub: generated EPUB/toc.ncx (application/x-dtbncx+xml)" \
        "mkepub: generated EPUB/credits.xhtml (application/xhtml+xml)" \
        "mkepub: generated EPUB/cover.xhtml (application/xhtml+xml)" >want &&
    sed "\$d" err >items &&
    test_cmp want items &&
    tail -n 1 err | grep -q "^wrote v.epub: 2 chapters, 1 image, [0-9]* KB (8 items, 1 renamed to safe names)\$" &&
    unzip -Z1 v.epub | sort >entries &&
    sed -n "s/.*packed as \([^ ]*\) .*/\1/p; s/^mkepub: generated \([^ ]*\) .*/\1/p" \
        want | sort >named &&
    comm -23 named entries >missing &&
    test_cmp /dev/null missing &&
    mkepub -v -q -o v.epub book 2>err &&
    test_cmp /dev/null err
'

test_expect_success '-v: a PNG, a font, a remote resource; --check: would be packed' '
    cd "$TEST_TMP" &&
    rm -rf vbook && cp -R book vbook &&
    mkdir -p vbook/fonts &&
    printf "\000\001\000\000%s" "$(printf "%0500d" 0)" >vbook/fonts/f.ttf &&
    cp "$FIXTURES/raster-cover/book/images/cover.png" vbook/images/pic.png &&
    printf "@font-face { font-family: \"F\"; src: url(../fonts/f.ttf); }\n" \
        >>vbook/styles/book.css &&
    printf "<h1>Three</h1>\n<p><img src=\"../images/pic.png\" alt=\"a picture\"/></p>\n<p><audio src=\"https://example.com/a.mp3\" controls=\"controls\">a sound</audio></p>\n" \
        >vbook/chapters/03.xhtml &&
    sed "s|</chapters>|  <chapter href=\"chapters/03.xhtml\"/>\n  </chapters>|" \
        vbook/book.xml >vbook/x && mv vbook/x vbook/book.xml &&
    mkepub -v -o vb.epub vbook 2>err &&
    test_grep -Fx "mkepub: image vbook/images/pic.png: read, type and size checked, packed as EPUB/images/pic.png (image/png)" err &&
    test_grep -Fx "mkepub: font vbook/fonts/f.ttf: read, type checked, packed as EPUB/fonts/f.ttf (font/ttf)" err &&
    test_grep -Fx "mkepub: remote https://example.com/a.mp3: referred to, not packed (audio/mpeg)" err &&
    mkepub -v --check vbook 2>err &&
    test_grep -Fx "mkepub: XHTML vbook/chapters/03.xhtml: read and checked, would be packed as EPUB/chapters/03.xhtml (application/xhtml+xml)" err &&
    test_grep -Fx "mkepub: generated EPUB/nav.xhtml (application/xhtml+xml)" err &&
    tail -n 1 err | grep -q "^checked vbook: 3 chapters, 2 images\$"
'

test_expect_success 'no colour when standard error is not a terminal' '
    cd "$TEST_TMP" &&
    TERM=xterm mkepub --check noid 2>err &&
    ! grep -q "$(printf "\\033")" err
'

if ! command -v script >/dev/null 2>&1; then
    echo "# SKIP: no script(1) for a terminal (util-linux)"
    test_done
fi

# on_tty CMD: CMD with its output on a pseudo-terminal, as bytes.
on_tty() {
    script -qec "$*" /dev/null </dev/null | tr -d "\\r"
}

test_expect_success 'colour on a terminal: the severity word only' '
    cd "$TEST_TMP" &&
    TERM=xterm on_tty "\"$MKEPUB\" --check noid" >tty &&
    esc=$(printf "\\033") &&
    grep -q "^noid/book.xml:7:1: ${esc}\\[1;35mwarning${esc}\\[0m: no <identifier>" tty &&
    test_grep "^checked noid: 2 chapters, 1 image\$" tty &&
    mkdir bad && printf "<book/>\n" >bad/book.xml &&
    TERM=xterm on_tty "\"$MKEPUB\" --check bad" >tty ;
    grep -q "${esc}\\[1;31merror${esc}\\[0m: " tty
'

test_expect_success 'NO_COLOR (non-empty) and TERM=dumb turn colour off' '
    cd "$TEST_TMP" &&
    esc=$(printf "\\033") &&
    NO_COLOR=1 TERM=xterm on_tty "\"$MKEPUB\" --check noid" >tty &&
    test_grep "^noid/book.xml:7:1: warning: no <identifier>" tty &&
    ! grep -q "$esc" tty &&
    TERM=dumb on_tty "\"$MKEPUB\" --check noid" >tty &&
    ! grep -q "$esc" tty &&
    NO_COLOR= TERM=xterm on_tty "\"$MKEPUB\" --check noid" >tty &&
    grep -q "$esc" tty
'

test_expect_success '--version names mkepub and the libraries it runs with' '
    mkepub --version >v &&
    sed "s/ [0-9][0-9.a-z]*\$/ V/" v >got &&
    printf "mkepub V\nlibzip V\nlibxml2 V\ncmark-gfm V\nlibdeflate V\nnettle V\n" >want &&
    test_cmp want got &&
    test_grep "^libzip $(pkg-config --modversion libzip)\$" v &&
    test_grep "^cmark-gfm $(pkg-config --modversion libcmark-gfm)\$" v
'

test_done
