#!/bin/sh
# Ace by DAISY on the books mkepub writes: the contract wants accessibility
# metadata that is true of the book, so that Ace reports no violations in
# the package metadata.  The sample book, a small book with page breaks,
# MathML and an image, the Markdown sample and every fixture book are
# checked; the sample, that small book and the Markdown sample must have
# no violation at all (the fixtures' own
# chapters carry a few on purpose, see below).
#
# Ace and its helpers are in lib-ace.sh; when Ace or chromium is missing
# the script prints "# SKIP" and passes.
. "$(dirname "$0")/../lib.sh"

SDE=1606953600
FIXTURE_BOOKS="full-docs fragments raster-cover svg-cover images-styles"

. "$TEST_DIRECTORY/lib-ace.sh"
if [ -n "$ACE_SKIP" ]; then
    echo "# SKIP: $ACE_SKIP"
    test_done
fi

test_expect_success 'Ace by DAISY checks the sample book' '
    echo "$ACE_ID" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/sample.epub" \
        "$TOP/book/book.xml" &&
    ace sample
'

test_expect_success 'sample book: no violation in the package metadata' '
    package_clean sample
'

test_expect_success 'sample book: no violation at all' '
    all_clean sample
'

# A small book with what the fixtures lack: page breaks with their print
# source, MathML, inline SVG with a label, an image with alt text.
test_expect_success 'page breaks, MathML, an image: Ace finds nothing' '
    B=$TEST_TMP/probe/book &&
    mkdir -p "$B/chapters" "$B/images" &&
    cp "$FIXTURES/images-styles/book/images/chart.png" "$B/images/" &&
    cat >"$B/book.xml" <<-\EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<book>
	  <metadata>
	    <title>Probe</title>
	    <creator role="aut">Ada Tester</creator>
	    <language>en</language>
	    <identifier>urn:uuid:0d5e3c71-7d8e-4c31-9d6a-4a7c55f0a150</identifier>
	    <source>Probe, print edition, 1999</source>
	  </metadata>
	  <chapters>
	    <chapter href="chapters/01-maths.xhtml"/>
	    <chapter href="chapters/02-pictures.xhtml"/>
	  </chapters>
	</book>
	EOF
    cat >"$B/chapters/01-maths.xhtml" <<-\EOF &&
	<h1>Maths</h1>
	<p>Before <span epub:type="pagebreak" role="doc-pagebreak" id="page-1" aria-label="1"/>after.</p>
	<h2>An equation</h2>
	<p><math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi><mo>=</mo><mn>1</mn></math></p>
	<p><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" role="img" aria-label="A black dot"><circle cx="5" cy="5" r="4"/></svg></p>
	EOF
    cat >"$B/chapters/02-pictures.xhtml" <<-\EOF &&
	<h1>Pictures</h1>
	<p><span epub:type="pagebreak" role="doc-pagebreak" id="page-2" aria-label="2"/>A chart:</p>
	<p><img src="../images/chart.png" alt="A bar chart with three bars"/></p>
	EOF
    SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/probe.epub" "$B/book.xml" &&
    epubcheck_both "$TEST_TMP/probe.epub" &&
    epub_unpack "$TEST_TMP/probe.epub" &&
    xpath_values "//opf:meta[@property=\"schema:accessibilityFeature\"]/text()" "$OPFX" \
        >"$TEST_TMP/features" &&
    for f in MathML pageBreakMarkers pageNavigation alternativeText; do
        test_grep -Fx "$f" "$TEST_TMP/features" || return 1
    done &&
    ace probe &&
    package_clean probe &&
    all_clean probe
'

# The Markdown sample (tests/books/markdown): its footnotes are pop-up
# notes (noteref and footnote with their ARIA roles, a back-link).
test_expect_success 'the Markdown sample book: no violation at all' '
    SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/markdown.epub" \
        "$TOP/tests/books/markdown/book/book.xml" &&
    ace markdown &&
    package_clean markdown &&
    all_clean markdown
'

# The fixtures: built, then checked two at a time.  full-docs has two
# violations of its own making (a <section epub:type="chapter"> without
# role="doc-chapter", an h4 under an h2), which are the chapters' and
# not mkepub's; only the package metadata must be clean.
test_expect_success 'fixture books: no violation in the package metadata' '
    for n in $FIXTURE_BOOKS; do
        SOURCE_DATE_EPOCH=$SDE mkepub -q -o "$TEST_TMP/$n.epub" \
            "$FIXTURES/$n/book/book.xml" || return 1
    done &&
    set -- $FIXTURE_BOOKS &&
    while [ $# -gt 0 ]; do
        rc=0
        ace "$1" &
        p1=$!
        if [ $# -gt 1 ]; then
            ace "$2" || rc=1
            shift
        fi
        wait $p1 || rc=1
        shift
        [ $rc = 0 ] || return 1
    done &&
    for n in $FIXTURE_BOOKS; do
        echo "== $n" &&
        cat "$TEST_TMP/$n.v" &&
        package_clean "$n" || return 1
    done
'

test_done
