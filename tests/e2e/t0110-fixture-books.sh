#!/bin/sh
# The fixture books in tests/fixtures/: each builds into an EPUB that
# EPUBCheck 4 and 5 accept, with covers, media, entities and headings
# handled as the contract says.
. "$(dirname "$0")/../lib.sh"

SDE=1606953600
ALL="full-docs fragments raster-cover svg-cover images-styles"

# build NAME: builds fixture NAME into $TEST_TMP/NAME.epub, stderr kept in
# $TEST_TMP/NAME.err.
build() {
    SOURCE_DATE_EPOCH=$SDE mkepub -o "$TEST_TMP/$1.epub" \
        "$FIXTURES/$1/book/book.xml" 2>"$TEST_TMP/$1.err"
    _b_rc=$?
    cat "$TEST_TMP/$1.err"
    return $_b_rc
}

# no_warnings NAME: the build of NAME printed no diagnostic.
no_warnings() {
    test_grep ! -E ": (warning|error): " "$TEST_TMP/$1.err"
}

# has_cover NAME: cover-image item, <meta name="cover"> naming it, and a
# cover page with an <img> of it first in the spine.
has_cover() {
    epub_unpack "$TEST_TMP/$1.epub" || return 1
    _hc_img=$(manifest_with_property cover-image)
    [ "$(printf '%s\n' "$_hc_img" | grep -c .)" -eq 1 ] ||
        { echo "cover-image items: '$_hc_img'"; return 1; }
    _hc_id=$(xpath_string "//opf:manifest/opf:item[contains(concat(' ', normalize-space(@properties), ' '), ' cover-image ')]/@id" "$OPFX")
    _hc_meta=$(xpath_string "//opf:metadata/opf:meta[@name='cover']/@content" "$OPFX")
    [ "$_hc_meta" = "$_hc_id" ] ||
        { echo "<meta name=\"cover\"> is '$_hc_meta', the cover-image id '$_hc_id'"; return 1; }
    _hc_page=$(spine_paths | head -n 1)
    [ -n "$_hc_page" ] || return 1
    echo "cover image $_hc_img, cover page $_hc_page"
    _hc_found=
    for _hc_src in $(xpath_values '//h:img/@src' "$X/$_hc_page"); do
        [ "$(epub_resolve "$_hc_page" "$_hc_src")" = "$_hc_img" ] && _hc_found=1
    done
    [ -n "$_hc_found" ] ||
        { echo "the first spine item $_hc_page has no <img> of $_hc_img"; return 1; }
}

# some_entry NAME PATTERN: some zip entry of NAME.epub matches (grep -E).
some_entry() {
    zip_entries "$TEST_TMP/$1.epub" | grep -E "$2" >/dev/null ||
        { echo "no entry matching $2 in $1.epub"; return 1; }
}

# depth TEXT: how many <li> hold the toc link whose text is TEXT.
depth() {
    xpath_string "count((//h:nav[@epub:type='toc']//h:a[normalize-space(.) = '$1'])[1]/ancestor::h:li)" "$X/$NAV"
}

for name in $ALL; do
    test_expect_success "$name: builds" "
        build $name
    "
    test_expect_success "$name: EPUBCheck 4 and 5 find nothing" "
        epubcheck_both \"\$TEST_TMP/$name.epub\"
    "
    test_expect_success "$name: mimetype, manifest and compression" "
        check_mimetype_entry \"\$TEST_TMP/$name.epub\" &&
        epub_unpack \"\$TEST_TMP/$name.epub\" &&
        check_manifest \"\$TEST_TMP/$name.epub\" &&
        check_compression \"\$TEST_TMP/$name.epub\"
    "
    test_expect_success "$name: every XHTML file starts with the XML declaration" "
        epub_unpack \"\$TEST_TMP/$name.epub\" &&
        for f in \$(manifest_with_type application/xhtml+xml); do
            check_xml_decl \"\$X/\$f\" || return 1
        done
    "
done

test_expect_success 'builds without fixture problems print no warnings' '
    no_warnings raster-cover &&
    no_warnings svg-cover &&
    no_warnings images-styles
'

# --- covers ---------------------------------------------------------------

test_expect_success 'raster-cover: PNG cover-image, meta cover, cover page first' '
    has_cover raster-cover &&
    test "$(manifest_attr_of "$(manifest_with_property cover-image)" media-type)" = image/png
'

test_expect_success 'svg-cover: SVG cover-image, meta cover, cover page first' '
    has_cover svg-cover &&
    test "$(manifest_attr_of "$(manifest_with_property cover-image)" media-type)" = image/svg+xml
'

test_expect_success 'books without a cover have no cover-image' '
    for n in full-docs fragments images-styles; do
        epub_unpack "$TEST_TMP/$n.epub" &&
        test -z "$(manifest_with_property cover-image)" &&
        test "$(xpath_count "//opf:meta[@name=\"cover\"]" "$OPFX")" = 0 ||
            return 1
    done
'

# --- metadata ---------------------------------------------------------------

test_expect_success 'svg-cover: creators, roles, file-as, translator, subjects' '
    epub_unpack "$TEST_TMP/svg-cover.epub" &&
    test "$(xpath_count "//dc:creator" "$OPFX")" = 2 &&
    test "$(xpath_count "//dc:contributor" "$OPFX")" = 1 &&
    xpath_values "//opf:meta[@property=\"role\"]/text()" "$OPFX" | sort >"$TEST_TMP/roles" &&
    printf "aut\nill\ntrl\n" >"$TEST_TMP/roles.want" &&
    test_cmp "$TEST_TMP/roles.want" "$TEST_TMP/roles" &&
    xpath_values "//opf:meta[@property=\"file-as\"]/text()" "$OPFX" >"$TEST_TMP/file-as" &&
    test_grep -Fx "Author, Dana" "$TEST_TMP/file-as" &&
    test_grep -Fx "Drawer, Eli" "$TEST_TMP/file-as" &&
    xpath_values "//dc:subject/text()" "$OPFX" >"$TEST_TMP/subjects" &&
    printf "Testing\nElectronic publishing\n" >"$TEST_TMP/subjects.want" &&
    test_cmp "$TEST_TMP/subjects.want" "$TEST_TMP/subjects"
'

test_expect_success 'svg-cover: description, source, rights, publisher, date' '
    epub_unpack "$TEST_TMP/svg-cover.epub" &&
    xpath_string "//dc:description" "$OPFX" | grep "SVG cover" &&
    test "$(xpath_string "//dc:source" "$OPFX")" = https://example.org/original-edition &&
    xpath_string "//dc:rights" "$OPFX" | grep "CC BY-SA 4.0" &&
    test "$(xpath_string "//dc:publisher" "$OPFX")" = "Vector Books" &&
    test "$(xpath_string "//dc:date" "$OPFX")" = 2022-01-31 &&
    test "$(xpath_string "//dc:identifier" "$OPFX")" = \
        urn:uuid:7ea6ce0d-0df7-48f9-ad17-3e316c1e7df6
'

test_expect_success 'svg-cover: the credits page states what book.xml says' '
    epub_unpack "$TEST_TMP/svg-cover.epub" &&
    LAST=$(spine_paths | tail -n 1) &&
    grep -F "Fay Translator" "$X/$LAST" &&
    grep -F "Eli Drawer" "$X/$LAST"
'

test_expect_success 'fragments: no identifier gives a UUID v5 and a warning' '
    test_grep -iE "book\.xml:[0-9]+:[0-9]+: warning: .*(identifier|uuid)" \
        "$TEST_TMP/fragments.err" &&
    epub_unpack "$TEST_TMP/fragments.epub" &&
    ID=$(xpath_string "//dc:identifier" "$OPFX") &&
    echo "$ID" |
        grep -E "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\$"
'

test_expect_success 'fragments: the derived identifier is stable' '
    mkepub -q -o "$TEST_TMP/fragments-2.epub" "$FIXTURES/fragments/book" &&
    epub_unpack "$TEST_TMP/fragments.epub" &&
    ID1=$(xpath_string "//dc:identifier" "$OPFX") &&
    epub_unpack "$TEST_TMP/fragments-2.epub" &&
    ID2=$(xpath_string "//dc:identifier" "$OPFX") &&
    test "$ID1" = "$ID2"
'

# --- content ----------------------------------------------------------------

NBSP=$(printf '\302\240')
MDASH=$(printf '\342\200\224')
HELLIP=$(printf '\342\200\246')

test_expect_success 'fragments: HTML entities become characters' '
    epub_unpack "$TEST_TMP/fragments.epub" &&
    F=$(grep -l "sentence trails" $(for f in $(manifest_with_type application/xhtml+xml); do
        echo "$X/$f"; done) | grep -v "$(nav_path)" | head -n 1) &&
    test -n "$F" && echo "chapter: $F" &&
    grep -F "$NBSP" "$F" &&
    grep -F "$MDASH" "$F" &&
    grep -F "$HELLIP" "$F" &&
    ! grep -E "&(nbsp|mdash|hellip|ldquo|rdquo);" "$F" &&
    grep -F "&amp;" "$F" && grep -F "&lt;escaped&gt;" "$F"
'

test_expect_success 'fragments: no named HTML entity is left anywhere' '
    epub_unpack "$TEST_TMP/fragments.epub" &&
    for f in $(manifest_with_type application/xhtml+xml); do
        grep -nE "&[A-Za-z][A-Za-z0-9]*;" "$X/$f" | grep -vE "&(amp|lt|gt|quot|apos);" &&
            { echo "in $f"; return 1; }
        xmllint --nonet --noout "$X/$f" || return 1
    done
'

test_expect_success 'fragments: the chapter without a heading is in the toc by its title' '
    epub_unpack "$TEST_TMP/fragments.epub" &&
    NAV=$(nav_path) &&
    xpath_values "//h:nav[@epub:type=\"toc\"]//h:a//text()" "$X/$NAV" >"$TEST_TMP/toc-text" &&
    test_grep -F "An Interlude Without a Heading" "$TEST_TMP/toc-text"
'

test_expect_success 'fragments: the notes chapter is linear="no" and still reachable' '
    epub_unpack "$TEST_TMP/fragments.epub" &&
    NAV=$(nav_path) &&
    for id in $(xpath_values "//opf:spine/opf:itemref[@linear=\"no\"]/@idref" "$OPFX"); do
        manifest_path_of "$id"
    done | grep -Fxv "$NAV" >"$TEST_TMP/non-linear" &&
    cat "$TEST_TMP/non-linear" &&
    test "$(wc -l <"$TEST_TMP/non-linear")" -eq 1 &&
    NOTES=$(cat "$TEST_TMP/non-linear") &&
    grep -F "Notes" "$X/$NOTES" &&
    grep -F "note-1" "$X/$NOTES" &&
    for f in $(manifest_with_type application/xhtml+xml); do
        test "$f" = "$NOTES" && continue
        xpath_values "//h:a/@href" "$X/$f" | while IFS= read -r h; do
            epub_resolve "$f" "$h"
        done
    done >"$TEST_TMP/link-targets" &&
    test_grep -Fx "$NOTES" "$TEST_TMP/link-targets"
'

test_expect_success 'fragments: wrapped chapters have html, head, title, lang' '
    epub_unpack "$TEST_TMP/fragments.epub" &&
    for f in $(manifest_with_type application/xhtml+xml); do
        test "$(xpath_string "local-name(/*)" "$X/$f")" = html &&
        test "$(xpath_string "namespace-uri(/*)" "$X/$f")" = http://www.w3.org/1999/xhtml &&
        test -n "$(xpath_string "normalize-space(/h:html/h:head/h:title)" "$X/$f")" &&
        test -n "$(xpath_string "/h:html/@xml:lang" "$X/$f")" ||
            { echo "$f is not a complete document"; return 1; }
    done
'

test_expect_success 'full-docs: no XHTML 1.1 DOCTYPE survives' '
    epub_unpack "$TEST_TMP/full-docs.epub" &&
    for f in $(manifest_with_type application/xhtml+xml); do
        ! grep -F "//DTD XHTML 1.1" "$X/$f" || return 1
    done
'

test_expect_success 'full-docs: epub:type works with the namespace declared on the root' '
    epub_unpack "$TEST_TMP/full-docs.epub" &&
    F=$(grep -l "declared on this section only" $(for f in $(manifest_with_type application/xhtml+xml); do
        echo "$X/$f"; done) | grep -v "$(nav_path)" | head -n 1) &&
    test -n "$F" &&
    test "$(xpath_count "//@epub:type" "$F")" -ge 2 &&
    test "$(xpath_count "/*/namespace::*[. = \"http://www.idpf.org/2007/ops\"]" "$F")" = 1
'

test_expect_success 'full-docs: the cross-chapter link and its target survive' '
    epub_unpack "$TEST_TMP/full-docs.epub" &&
    F=$(grep -l "roots of the matter" $(for f in $(manifest_with_type application/xhtml+xml); do
        echo "$X/$f"; done) | head -n 1) &&
    test -n "$F" &&
    HREF=$(xpath_string "//h:a[contains(., \"roots of the matter\")]/@href" "$F") &&
    case $HREF in *"#deep-roots") ;; *) echo "href: $HREF"; return 1 ;; esac &&
    T=$(epub_resolve "${F#"$X"/}" "$HREF") &&
    test "$(xpath_count "//*[@id=\"deep-roots\"]" "$X/$T")" = 1
'

test_expect_success 'full-docs: h4 stays out of the toc, h1-h3 nest' '
    epub_unpack "$TEST_TMP/full-docs.epub" &&
    NAV=$(nav_path) &&
    xpath_values "//h:nav[@epub:type=\"toc\"]//h:a//text()" "$X/$NAV" >"$TEST_TMP/toc-text" &&
    ! grep -F "Not in the table of contents" "$TEST_TMP/toc-text" &&
    d1=$(depth "Nested Headings") && d2=$(depth "Deep Roots") &&
    d3=$(depth "A Small Point") && d4=$(depth "Another Point") &&
    d5=$(depth "Branches") &&
    echo "depths: $d1 $d2 $d3 $d4 $d5" &&
    test "$d2" -eq $((d1 + 1)) && test "$d3" -eq $((d1 + 2)) &&
    test "$d4" -eq "$d3" && test "$d5" -eq "$d2"
'

test_expect_success 'images-styles: images, @import-ed and url() files are in the book' '
    epub_unpack "$TEST_TMP/images-styles.epub" &&
    test "$(manifest_with_type image/jpeg | wc -l)" = 1 &&
    test "$(manifest_with_type image/png | wc -l)" = 2 &&
    test "$(manifest_with_type image/gif | wc -l)" = 1 &&
    test "$(manifest_with_type text/css | wc -l)" = 3 &&
    some_entry images-styles "(^|/)base\.css\$" &&
    some_entry images-styles "(^|/)rule\.png\$"
'

test_expect_success 'images-styles: JPEG, PNG and GIF stored, CSS deflated' '
    epub_unpack "$TEST_TMP/images-styles.epub" &&
    for f in $(manifest_with_type image/jpeg) $(manifest_with_type image/png) \
        $(manifest_with_type image/gif); do
        test "$(zip_method "$TEST_TMP/images-styles.epub" "$f")" = stored ||
            { echo "$f not stored"; return 1; }
    done &&
    for f in $(manifest_with_type text/css); do
        test "$(zip_method "$TEST_TMP/images-styles.epub" "$f")" = deflated ||
            { echo "$f not deflated"; return 1; }
    done
'

test_expect_success 'images-styles: no remote-resources for a plain link; alt text kept' '
    epub_unpack "$TEST_TMP/images-styles.epub" &&
    test -z "$(manifest_with_property remote-resources)" &&
    test -z "$(manifest_with_property svg)" &&
    F=$(grep -l "A chart drawn as a PNG" $(for f in $(manifest_with_type application/xhtml+xml); do
        echo "$X/$f"; done) | grep -v "$(nav_path)" | head -n 1) &&
    test "$(xpath_count "//h:img" "$F")" = 3 &&
    test "$(xpath_count "//h:img[normalize-space(@alt) != \"\"]" "$F")" = 3
'

test_expect_success 'images-styles: both stylesheets are linked from every chapter' '
    epub_unpack "$TEST_TMP/images-styles.epub" &&
    spine_paths | grep -Fxv "$(nav_path)" | sed "\$d" >"$TEST_TMP/chapters" &&
    test "$(wc -l <"$TEST_TMP/chapters")" -eq 2 &&
    for f in $(cat "$TEST_TMP/chapters"); do
        for css in book.css figures.css; do
            xpath_values "//h:link[@rel=\"stylesheet\"]/@href" "$X/$f" |
                grep -q "$css\$" || { echo "$f does not link $css"; return 1; }
        done
    done
'

# --- headings ---------------------------------------------------------------

for name in $ALL; do
    test_expect_success "$name: every h1-h3 has an id and a toc entry" "
        epub_unpack \"\$TEST_TMP/$name.epub\" &&
        spine_paths >\"\$TEST_TMP/spine\" &&
        skip=\$(tail -n 1 \"\$TEST_TMP/spine\") &&
        if test -n \"\$(manifest_with_property cover-image)\"; then
            skip=\"\$skip \$(head -n 1 \"\$TEST_TMP/spine\")\"
        fi &&
        check_headings_linked \$skip
    "
done

test_done
