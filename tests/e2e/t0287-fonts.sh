#!/bin/sh
# Font obfuscation: <font href="..." obfuscate="yes|no"/> in book.xml.
# An obfuscated font is XORed (first 1040 bytes) with the SHA-1 of the
# unique identifier without white space and listed in
# META-INF/encryption.xml; the test undoes that with its own tools
# (sha1sum, od, awk) and compares the result with the source byte for
# byte.  Bad <font> elements are located errors, nothing written.  Every
# book built passes both EPUBChecks and is spooled for Ace by DAISY
# (t0990-ace-books.sh).
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"
. "$TEST_DIRECTORY/lib-ace.sh"

# fake_font FILE SIZE: an OpenType-TrueType signature and SIZE-4 bytes
# of a fixed pattern (EPUBCheck does not read font tables).
fake_font() {
    { printf '\000\001\000\000'
      awk -v n="$(($2 - 4))" 'BEGIN {
          for (i = 0; i < n; i++) printf "%c", 65 + (i * 7) % 26 }'
    } >"$1"
}

# deobfuscate EPUB ENTRY IDENTIFIER OUT: OUT is ENTRY with the IDPF
# obfuscation undone.
deobfuscate() {
    unzip -p "$1" "$2" >"$4.obf" &&
    key=$(printf %s "$3" | tr -d ' \t\r\n' | sha1sum | cut -c1-40) &&
    od -An -v -tu1 -N1040 "$4.obf" | awk -v key="$key" '
        function xor8(a, b,   r, bit, i) {
            r = 0; bit = 1
            for (i = 0; i < 8; i++) {
                if (a % 2 != b % 2) r += bit
                a = int(a / 2); b = int(b / 2); bit *= 2
            }
            return r
        }
        BEGIN {
            for (i = 0; i < 20; i++)
                k[i] = index("0123456789abcdef", substr(key, 2 * i + 1, 1)) * 16 \
                     + index("0123456789abcdef", substr(key, 2 * i + 2, 1)) - 17
            n = 0
        }
        { for (f = 1; f <= NF; f++) { printf "\\%03o", xor8($f, k[n % 20]); n++ } }
    ' >"$4.esc" &&
    printf "$(cat "$4.esc")" >"$4" &&
    tail -c +1041 "$4.obf" >>"$4"
}

font_book() {
    new_book "$1" &&
    mkdir -p "$TEST_TMP/$1/book/fonts" &&
    printf '@font-face { font-family: "B"; src: url(fonts/body.ttf); }\n@font-face { font-family: "S"; src: url(fonts/small.ttf); }\nbody { font-family: "B", serif; }\nh1 { font-family: "S", serif; }\n' \
        >"$TEST_TMP/$1/book/style.css" &&
    fake_font "$TEST_TMP/$1/book/fonts/body.ttf" 3000 &&
    fake_font "$TEST_TMP/$1/book/fonts/small.ttf" 500
}

# book_xml CASE IDENTIFIER FONT-ELEMENTS
book_xml() {
    cat >"$TEST_TMP/$1/book/book.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    $2
  </metadata>
  <stylesheet href="style.css"/>
$3
  <chapters>
    <chapter href="chapters/one.xhtml"/>
  </chapters>
</book>
EOF
}

ID=urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85

font_book plain
book_xml plain "<identifier>$ID</identifier>" \
'  <font href="fonts/body.ttf"/>
  <font href="fonts/small.ttf" obfuscate="yes"/>'

test_expect_success 'obfuscated fonts: the book builds and passes both EPUBChecks' '
    cd "$TEST_TMP/plain" &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -o out/book.epub book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out/book.epub &&
    ace_later out/book.epub plain
'

test_expect_success 'encryption.xml lists both fonts with the IDPF algorithm' '
    cd "$TEST_TMP/plain" &&
    unzip -p out/book.epub META-INF/encryption.xml >enc.xml &&
    xmllint --noout enc.xml &&
    test "$(grep -c "Algorithm=\"http://www.idpf.org/2008/embedding\"" enc.xml)" = 2 &&
    grep -q "URI=\"EPUB/fonts/body.ttf\"" enc.xml &&
    grep -q "URI=\"EPUB/fonts/small.ttf\"" enc.xml &&
    unzip -Z1 out/book.epub | sed -n 2,3p >entries &&
    printf "%s\n" META-INF/container.xml META-INF/encryption.xml >want &&
    test_cmp want entries
'

test_expect_success 'the packed fonts differ from the sources but de-obfuscate to them byte for byte' '
    cd "$TEST_TMP/plain" &&
    unzip -p out/book.epub EPUB/fonts/body.ttf >packed &&
    ! cmp -s packed book/fonts/body.ttf &&
    cmp -s -i 1040 packed book/fonts/body.ttf &&
    deobfuscate out/book.epub EPUB/fonts/body.ttf "$ID" body.ttf &&
    cmp book/fonts/body.ttf body.ttf &&
    deobfuscate out/book.epub EPUB/fonts/small.ttf "$ID" small.ttf &&
    cmp book/fonts/small.ttf small.ttf
'

# The key is made from the identifier without white space; an ISBN
# identifier is written (and keyed) as urn:isbn:.
font_book isbn
book_xml isbn '<identifier type="isbn">978-0-306-40615-7</identifier>' \
'  <font href="fonts/body.ttf" obfuscate="yes"/>'

test_expect_success 'the key is the unique identifier as the package writes it (urn:isbn:)' '
    cd "$TEST_TMP/isbn" &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -o out/book.epub book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out/book.epub &&
    ace_later out/book.epub isbn &&
    deobfuscate out/book.epub EPUB/fonts/body.ttf urn:isbn:9780306406157 body.ttf &&
    cmp book/fonts/body.ttf body.ttf
'

font_book derived
book_xml derived "" '  <font href="fonts/body.ttf"/>'

test_expect_success 'a derived identifier (no <identifier>) keys the fonts too' '
    cd "$TEST_TMP/derived" &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -o out/book.epub book/book.xml 2>err &&
    grep -q "warning: no <identifier>: using urn:uuid:" err &&
    ! grep -q error: err &&
    epubcheck_both out/book.epub &&
    ace_later out/book.epub derived &&
    unzip -p out/book.epub EPUB/content.opf >opf &&
    id=$(sed -n "s|.*<dc:identifier id=\"pub-id\">\([^<]*\)<.*|\1|p" opf) &&
    test -n "$id" &&
    deobfuscate out/book.epub EPUB/fonts/body.ttf "$id" body.ttf &&
    cmp book/fonts/body.ttf body.ttf
'

font_book clear
book_xml clear "<identifier>$ID</identifier>" \
'  <font href="fonts/body.ttf" obfuscate="no"/>'

test_expect_success 'obfuscate="no" packs the font as it is, without encryption.xml' '
    cd "$TEST_TMP/clear" &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -o out/book.epub book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out/book.epub &&
    ace_later out/book.epub clear &&
    ! unzip -Z1 out/book.epub | grep -q encryption &&
    unzip -p out/book.epub EPUB/fonts/body.ttf >packed &&
    cmp packed book/fonts/body.ttf
'

test_expect_success 'output with obfuscated fonts is the same for 1, 2 and 8 threads' '
    cd "$TEST_TMP/plain" &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -j 1 -o out/j1.epub book/book.xml &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -j 2 -o out/j2.epub book/book.xml &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -j 8 -o out/j8.epub book/book.xml &&
    cmp out/j1.epub out/j2.epub && cmp out/j1.epub out/j8.epub
'

# --- bad <font> elements ---------------------------------------------

font_book bad
book_xml bad "<identifier>$ID</identifier>" \
'  <font href="style.css"/>
  <font href="fonts/body.ttf" obfuscate="maybe"/>
  <font href="fonts/small.ttf"/>
  <font href="./fonts/small.ttf"/>
  <font href="fonts/missing.ttf"/>
  <font obfuscate="yes"/>'
cat >"$TEST_TMP/bad/expect" <<\EOF
book/book.xml:9:1: error: font 'style.css' is text/css, not a font: list OpenType, TrueType, WOFF or WOFF2 files in <font>
book/book.xml:10:3: error: obfuscate="maybe": use "yes" or "no"
book/book.xml:12:1: error: font './fonts/small.ttf' is listed twice (first on line 11): keep one <font>
book/book.xml:13:1: error: 'fonts/missing.ttf' does not exist
book/book.xml:14:3: error: <font> is missing its 'href' attribute
5 errors, 0 warnings
EOF

test_expect_success 'bad <font> elements: each located, nothing written' '
    check_fails 1 bad
'

test_done
