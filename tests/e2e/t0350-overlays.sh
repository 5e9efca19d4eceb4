#!/bin/sh
# SMIL media overlays declared in book.xml (issue 13): tests/books/read-aloud
# has two chapters, each with an overlay (<chapter overlay="...">) that
# synchronises its sentences with MP3 narration, and names an active
# class.  The book builds clean, passes both EPUBChecks and Ace; the
# manifest gives each chapter its media-overlay, the metadata the
# durations mkepub adds up from the clips; renamed files are relinked in
# the SMIL files; the output is the same for -j1, -j2 and -j8.  Every
# bad overlay is a located error, exit 1, and nothing is written.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

SDE=1606953600
RA=$TOP/tests/books/read-aloud

# ra_case CASE: a copy of the read-aloud book in $TEST_TMP/CASE.
ra_case() {
    mkdir -p "$TEST_TMP/$1" &&
    cp -R "$RA/book" "$RA/styles" "$TEST_TMP/$1/"
}

# edit CASE FILE SED-SCRIPT: edits the case's book/FILE in place.
edit() {
    sed "$3" "$TEST_TMP/$1/book/$2" >"$TEST_TMP/.edit" &&
    mv "$TEST_TMP/.edit" "$TEST_TMP/$1/book/$2"
}

test_expect_success 'read-aloud book: builds clean, passes both EPUBChecks' '
    SOURCE_DATE_EPOCH=$SDE mkepub -o "$TEST_TMP/ra.epub" \
        "$RA/book/book.xml" 2>err &&
    test_summary_only err &&
    epubcheck_both "$TEST_TMP/ra.epub" &&
    epub_unpack "$TEST_TMP/ra.epub"
'

test_expect_success 'read-aloud book: each chapter names its overlay' '
    test "$(xpath_string "//opf:item[@href=\"book/chapters/01.xhtml\"]/@media-overlay" "$OPFX")" = h-01-smil &&
    test "$(xpath_string "//opf:item[@href=\"book/chapters/02.xhtml\"]/@media-overlay" "$OPFX")" = h-02-smil &&
    test "$(xpath_string "//opf:item[@id=\"h-01-smil\"]/@media-type" "$OPFX")" = application/smil+xml &&
    test "$(xpath_string "//opf:item[@id=\"h-01-smil\"]/@href" "$OPFX")" = book/audio/01.smil &&
    test "$(xpath_string "//opf:item[@id=\"h-01-mp3\"]/@media-type" "$OPFX")" = audio/mpeg &&
    test "$(xpath_string "//opf:item[@id=\"h-02-mp3\"]/@media-type" "$OPFX")" = audio/mpeg &&
    test "$(xpath_count "//opf:item[@media-overlay]" "$OPFX")" = 2
'

test_expect_success 'read-aloud book: durations added up from the clips' '
    # 01: 0.5 + 0.75 + 0.75 s; 02: 0.6 + 0.9 s (0.025min is 1.5 s)
    xpath_values "//opf:meta[@property=\"media:duration\"]/text()" \
        "$OPFX" >durations &&
    printf "%s\n" 0:00:03.500 0:00:02.000 0:00:01.500 >want &&
    test_cmp want durations &&
    test "$(xpath_string "//opf:meta[@property=\"media:duration\" and not(@refines)]" "$OPFX")" = 0:00:03.500 &&
    test "$(xpath_string "//opf:meta[@refines=\"#h-01-smil\"][@property=\"media:duration\"]" "$OPFX")" = 0:00:02.000 &&
    test "$(xpath_string "//opf:meta[@refines=\"#h-02-smil\"][@property=\"media:duration\"]" "$OPFX")" = 0:00:01.500 &&
    test "$(xpath_string "//opf:meta[@property=\"media:active-class\"]" "$OPFX")" = read-aloud-active
'

test_expect_success 'read-aloud book: accessibility metadata says auditory' '
    xpath_values "//opf:meta[@property=\"schema:accessMode\"]/text()" \
        "$OPFX" >modes &&
    printf "%s\n" textual auditory >want &&
    test_cmp want modes &&
    xpath_values "//opf:meta[@property=\"schema:accessibilityFeature\"]/text()" \
        "$OPFX" >features &&
    grep -x synchronizedAudioText features &&
    xpath_string "//opf:meta[@property=\"schema:accessibilitySummary\"]" \
        "$OPFX" | grep -F "Every chapter has a media overlay"
'

test_expect_success 'read-aloud book: SMIL and MP3 packed as they are' '
    cmp "$X/EPUB/book/audio/01.smil" "$RA/book/audio/01.smil" &&
    cmp "$X/EPUB/book/audio/01.mp3" "$RA/book/audio/01.mp3" &&
    test "$(zip_method "$TEST_TMP/ra.epub" EPUB/book/audio/01.mp3)" = stored
'

test_expect_success 'read-aloud book: the same bytes for -j1, -j2 and -j8' '
    for j in 1 2 8; do
        SOURCE_DATE_EPOCH=$SDE mkepub -q -j$j -o "$TEST_TMP/j$j.epub" \
            "$RA/book/book.xml" || return 1
    done &&
    cmp "$TEST_TMP/ra.epub" "$TEST_TMP/j1.epub" &&
    cmp "$TEST_TMP/j1.epub" "$TEST_TMP/j2.epub" &&
    cmp "$TEST_TMP/j1.epub" "$TEST_TMP/j8.epub"
'

test_expect_success '--check reads the overlays and writes nothing' '
    ra_case checked &&
    cd "$TEST_TMP/checked" &&
    mkepub --check book/book.xml 2>err &&
    test_summary_only err &&
    no_leftovers . book styles err
'

# Renamed files: a chapter named .html becomes .xhtml, an audio file with
# a non-ASCII name gets a safe one; the SMIL file is relinked to both.
ra_case renamed
mv "$TEST_TMP/renamed/book/chapters/02.xhtml" \
    "$TEST_TMP/renamed/book/chapters/02.html"
mv "$TEST_TMP/renamed/book/audio/02.mp3" \
    "$TEST_TMP/renamed/book/audio/narración.mp3"
edit renamed book.xml 's|chapters/02.xhtml|chapters/02.html|'
edit renamed audio/02.smil 's|02\.xhtml|02.html|g; s|"02\.mp3"|"narraci%C3%B3n.mp3"|'

test_expect_success 'renamed chapter and audio: the SMIL file is relinked' '
    cd "$TEST_TMP/renamed" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -o out.epub book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out.epub &&
    epub_unpack out.epub &&
    smil=$X/EPUB/book/audio/02.smil &&
    xpath_values "//*[local-name()=\"text\"]/@src" "$smil" >texts &&
    printf "%s\n" ../chapters/02.xhtml#t2 ../chapters/02.xhtml#d1 >want &&
    test_cmp want texts &&
    xpath_values "//*[local-name()=\"audio\"]/@src" "$smil" >audio &&
    printf "%s\n" narraci-u00f3-n.mp3 narraci-u00f3-n.mp3 >want &&
    test_cmp want audio &&
    test -f "$X/EPUB/book/audio/narraci-u00f3-n.mp3" &&
    cmp "$X/EPUB/book/audio/01.smil" "$RA/book/audio/01.smil"
'

# MP4 audio: an .m4a file (its bytes say ISO base media, its name audio).
ra_case m4a
rm "$TEST_TMP/m4a/book/audio/02.mp3"
printf '\000\000\000\030ftypM4A \000\000\000\000M4A isom\000\000\000\010free' \
    >"$TEST_TMP/m4a/book/audio/02.m4a"
edit m4a audio/02.smil 's|"02\.mp3"|"02.m4a"|'

test_expect_success 'MP4 audio (.m4a) is packed as audio/mp4' '
    cd "$TEST_TMP/m4a" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -o out.epub book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out.epub &&
    epub_unpack out.epub &&
    test "$(xpath_string "//opf:item[@href=\"book/audio/02.m4a\"]/@media-type" "$OPFX")" = audio/mp4 &&
    test "$(zip_method out.epub EPUB/book/audio/02.m4a)" = stored
'

# ---- bad overlays: each a located error, exit 1, nothing written -------

ra_case missing-smil
edit missing-smil book.xml 's|audio/02.smil|audio/gone.smil|'
rm "$TEST_TMP/missing-smil/book/audio/02.smil" \
    "$TEST_TMP/missing-smil/book/audio/02.mp3"
cat >"$TEST_TMP/missing-smil/expect" <<\EOF
book/book.xml:16:1: error: 'audio/gone.smil' does not exist: give the path of the chapter's SMIL file, relative to book.xml
1 error, 0 warnings
EOF

test_expect_success 'a missing SMIL file is a located error' '
    check_fails 1 missing-smil
'

ra_case other-chapter
edit other-chapter audio/01.smil 's|01\.xhtml#s2|02.xhtml#d1|'
cat >"$TEST_TMP/other-chapter/expect" <<\EOF
book/audio/01.smil:14:9: error: <text src="../chapters/02.xhtml#d1"> points into chapter 'chapters/02.xhtml', but book.xml gives this overlay to chapter 'chapters/01.xhtml' (line 15): a media overlay covers its own chapter only; point it at 'chapters/01.xhtml', or give 'chapters/02.xhtml' an overlay of its own
1 error, 0 warnings
EOF

test_expect_success 'a text reference into another chapter is located' '
    check_fails 1 other-chapter
'

ra_case missing-id
edit missing-id audio/01.smil 's|01\.xhtml#s2|01.xhtml#s3|'
cat >"$TEST_TMP/missing-id/expect" <<\EOF
book/audio/01.smil:14:9: error: <text src="../chapters/01.xhtml#s3">: no element has id 's3' in book/chapters/01.xhtml: give the element the audio reads id="s3", or point at an id it has
1 error, 0 warnings
EOF

test_expect_success 'a text reference to a missing id is located' '
    check_fails 1 missing-id
'

ra_case missing-audio
edit missing-audio audio/02.smil 's|"02\.mp3"|"gone.mp3"|'
rm "$TEST_TMP/missing-audio/book/audio/02.mp3"
cat >"$TEST_TMP/missing-audio/expect" <<\EOF
book/audio/02.smil:6:7: error: 'gone.mp3' does not exist: name an MP3 or MP4 audio file of the book, relative to the SMIL file (and 1 other reference to it)
1 error, 0 warnings
EOF

test_expect_success 'missing audio is reported once, at its first clip' '
    check_fails 1 missing-audio
'

ra_case not-audio
edit not-audio audio/02.smil 's|"02\.mp3" clipBegin="0\.6s"|"../../styles/book.css" clipBegin="0.6s"|'
cat >"$TEST_TMP/not-audio/expect" <<\EOF
book/audio/02.smil:10:7: error: <audio src="../../styles/book.css">: '../../styles/book.css' is text/css, not MP3 or MP4 audio (EPUBCheck MED-005): convert it to MP3 (or AAC in an .m4a file)
1 error, 0 warnings
EOF

test_expect_success 'audio that is not audio is located' '
    check_fails 1 not-audio
'

ra_case bad-clock
edit bad-clock audio/01.smil 's|clipEnd="00:01\.250"|clipEnd="0:1:2"|; s|clipBegin="1250ms"|clipBegin="1.5 s"|'
cat >"$TEST_TMP/bad-clock/expect" <<\EOF
book/audio/01.smil:11:9: error: clipEnd="0:1:2" is not a SMIL clock value: write seconds ("12.5s"), milliseconds ("12500ms"), a clock ("0:00:12.5") or minutes and seconds ("00:12.5")
book/audio/01.smil:15:9: error: clipBegin="1.5 s" is not a SMIL clock value: write seconds ("12.5s"), milliseconds ("12500ms"), a clock ("0:00:12.5") or minutes and seconds ("00:12.5")
2 errors, 0 warnings
EOF

test_expect_success 'bad clock values are located' '
    check_fails 1 bad-clock
'

ra_case reversed
edit reversed audio/01.smil 's|clipBegin="1250ms" clipEnd="2s"|clipBegin="2s" clipEnd="1250ms"|; s|clipBegin="0s" clipEnd="0\.5s"|clipBegin="0.5s" clipEnd="500ms"|'
cat >"$TEST_TMP/reversed/expect" <<\EOF
book/audio/01.smil:7:9: error: clipEnd="500ms" is the same time as clipBegin="0.5s" (EPUBCheck MED-009): give the clip a length, or remove the <audio>
book/audio/01.smil:15:9: error: clipEnd="1250ms" is before clipBegin="2s" (EPUBCheck MED-008): the clip must end after it begins; swap them or correct the times
2 errors, 0 warnings
EOF

test_expect_success 'clipEnd before (or at) clipBegin is located' '
    check_fails 1 reversed
'

ra_case not-well-formed
edit not-well-formed audio/02.smil 's|</par>||'
cat >"$TEST_TMP/not-well-formed/expect" <<\EOF
book/audio/02.mp3:1:1: warning: not referenced by book.xml or any chapter; it is not packaged
book/audio/02.smil:12:10: error: Opening and ending tag mismatch: par line 8 and body
1 error, 1 warning
EOF

test_expect_success 'a SMIL file that is not well-formed is located' '
    check_fails 1 not-well-formed
'

ra_case wrong-root
edit wrong-root audio/02.smil 's|<smil xmlns="http://www.w3.org/ns/SMIL"|<html xmlns="http://www.w3.org/1999/xhtml"|; s|</smil>|</html>|'
cat >"$TEST_TMP/wrong-root/expect" <<\EOF
book/audio/02.mp3:1:1: warning: not referenced by book.xml or any chapter; it is not packaged
book/audio/02.smil:2:1: error: the root element is <html>, but a media overlay is a SMIL 3.0 document: make the root <smil xmlns="http://www.w3.org/ns/SMIL" version="3.0">
1 error, 1 warning
EOF

test_expect_success 'a SMIL file with the wrong root is located' '
    check_fails 1 wrong-root
'

ra_case latin1
edit latin1 audio/02.smil 's|encoding="UTF-8"|encoding="ISO-8859-1"|'
edit latin1 audio/01.smil 's|version="1.0"|version="1.1"|'
cat >"$TEST_TMP/latin1/expect" <<\EOF
book/audio/01.smil:1:1: error: the XML declaration says version="1.1", but EPUB takes XML 1.0 (EPUBCheck HTM-001): write version="1.0"
book/audio/01.smil:1:20: warning: Unsupported version '1.1'
book/audio/02.smil:1:1: error: the file is written in ISO-8859-1, but EPUB wants XML in UTF-8 (EPUBCheck RSC-028): save it as UTF-8, with encoding="UTF-8" or no encoding declaration
2 errors, 1 warning
EOF

test_expect_success 'a SMIL file in XML 1.1 or another encoding than UTF-8 is located' '
    check_fails 1 latin1
'

# The schema EPUBCheck applies to a SMIL file, each rule broken once.
ra_case structure
cat >"$TEST_TMP/structure/book/audio/01.smil" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="2.0" xml:lang="en">
  <body>
    <seq id="a">
      <par id="a">
        <audio src="01.mp3" clipBegin="0s" clipEnd="0.5s"/>
        <text src="../chapters/01.xhtml#t1"/>
      </par>
      <par>
        <text src="../chapters/01.xhtml#s1"/>
        <text src="../chapters/01.xhtml#s2"/>
      </par>
      words
      <par foo="bar">
        <text src="../chapters/01.xhtml#s1"/>
        <audio src="01.mp3#t=1" clipBegin="1s"/>
      </par>
      <img src="x.png"/>
      <par id="2x"><text/></par>
    </seq>
    <seq epub:textref="../chapters/01.xhtml"/>
  </body>
</smil>
EOF
cat >"$TEST_TMP/structure/expect" <<\EOF
book/audio/01.smil:2:1: error: <smil version="2.0">: a media overlay is SMIL 3.0; write version="3.0"
book/audio/01.smil:2:1: error: <smil> cannot have the attribute xml:lang (media overlays allow only what the EPUB schema lists): remove it
book/audio/01.smil:4:5: error: <seq> needs epub:textref, the part of the chapter it covers: write epub:textref="chapter.xhtml#id", the id of a <section> or heading
book/audio/01.smil:5:7: error: id "a" is given twice (first on line 4): make each id unique in the file
book/audio/01.smil:6:9: error: <par> needs <text> before <audio>: <par> holds one <text> and then at most one <audio>
book/audio/01.smil:11:9: error: <par> holds only one <text>: give each text and its audio a <par> of its own
book/audio/01.smil:14:1: error: text inside <seq>: a media overlay holds no text of its own (the words are in the chapter); remove it
book/audio/01.smil:14:7: error: <par> cannot have the attribute foo (media overlays allow only what the EPUB schema lists): remove it
book/audio/01.smil:16:9: error: <audio src="01.mp3#t=1">: an overlay's audio is the whole file, with clipBegin and clipEnd for the part (EPUBCheck MED-014): remove '#t=1'
book/audio/01.smil:16:9: error: <audio> has no clipEnd: give the time the clip ends (clipEnd="12.5s"); mkepub adds the clips up for the overlay's duration
book/audio/01.smil:18:7: error: <seq> cannot hold <img> here: <seq> holds <seq> and <par> elements, at least one
book/audio/01.smil:19:7: error: id="2x" is not an XML name: start it with a letter or '_', and use only letters, digits, '-', '_' and '.'
book/audio/01.smil:19:20: error: <text> needs the attribute src: point it at an element of the chapter ("chapter.xhtml#id")
book/audio/01.smil:21:5: error: <seq> needs <seq> or <par>: <seq> holds <seq> and <par> elements, at least one
book/audio/01.smil:21:5: error: epub:textref="../chapters/01.xhtml" names the whole chapter, which EPUBCheck 4.2 refuses (MED-014): add #id, the id of the element the part covers (a <section>, or the chapter's heading)
15 errors, 0 warnings
EOF

test_expect_success 'the SMIL schema: every broken rule is located' '
    check_fails 1 structure
'

# book.xml: the overlay of two chapters, a chapter as overlay, a file of
# another type, an active class without a stylesheet, an empty class.
ra_case book-xml
edit book-xml book.xml 's|audio/02.smil|audio/01.smil|; s|<stylesheet href="../styles/book.css"/>||; s|<media-active-class>read-aloud-active|<media-playback-active-class>playing now</media-playback-active-class><media-active-class>read-aloud-active|'
cat >"$TEST_TMP/book-xml/expect" <<\EOF
book/audio/02.mp3:1:1: warning: not referenced by book.xml or any chapter; it is not packaged
book/audio/02.smil:1:1: warning: not referenced by book.xml or any chapter; it is not packaged
book/book.xml:11:1: error: <media-active-class> names a CSS class, but chapter 'chapters/01.xhtml' has an overlay and no stylesheet (EPUBCheck CSS-030): add a <stylesheet> that styles the class
book/book.xml:11:5: error: <media-playback-active-class> must name one CSS class, not several: write a single class name, e.g. <media-playback-active-class>read-aloud-active</media-playback-active-class>
book/book.xml:16:1: error: overlay 'audio/01.smil' is already the overlay of chapter 'chapters/01.xhtml' (line 15): EPUB gives each chapter an overlay of its own (EPUBCheck MED-011); make one SMIL file per chapter
3 errors, 2 warnings
EOF

test_expect_success 'book.xml: shared overlay, class without CSS are located' '
    check_fails 1 book-xml
'

. "$TEST_DIRECTORY/lib-ace.sh"
if [ -n "$ACE_SKIP" ]; then
    echo "# SKIP: $ACE_SKIP"
    test_done
fi

test_expect_success 'Ace by DAISY: the read-aloud book is clean' '
    cp "$TEST_TMP/ra.epub" "$TEST_TMP/aloud.epub" &&
    ace aloud &&
    all_clean aloud
'

test_done
