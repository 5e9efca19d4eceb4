#!/bin/sh
# Containment: an absolute path, a ".." that leaves the root folder, or a
# symbolic link that leads outside it is an error, for chapters, images,
# stylesheets and the cover alike, and nothing outside the root is ever
# read; --root widening the root makes the same book build.
#
# Each case is  CASE/top/book/book.xml  (so the root is CASE/top) with
# the files it points at in  CASE/outside/.
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"

SVG='<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800" viewBox="0 0 600 800"><rect width="600" height="800" fill="#336"/></svg>'

# outside_files CASE: CASE/outside with a chapter, an SVG, a PNG, a CSS,
# and a FIFO (any attempt to read it would hang the run).
outside_files() {
    mkdir -p "$TEST_TMP/$1/outside" &&
    (
        cd "$TEST_TMP/$1/outside" &&
        printf '<h1>Outside</h1>\n' >o.xhtml &&
        printf '%s\n' "$SVG" >o.svg &&
        printf 'p { margin: 0; }\n' >o.css &&
        printf '\211\120\116\107\015\012\032\012\000\000\000\015\111\110\104\122\000\000\000\004\000\000\000\004\010\002\000\000\000\046\223\011\051\000\000\000\020\111\104\101\124\170\332\143\370\317\300\000\107\014\304\161\000\256\223\017\361\070\136\214\021\000\000\000\000\111\105\116\104\256\102\140\202' >o.png &&
        mkfifo fifo.xhtml fifo.png
    )
}

# --- book.xml: cover, stylesheets, chapters --------------------------------

S=$TEST_TMP/bookxml
mkdir -p "$S/top/book/chapters" "$S/top/book/images" "$S/top/styles" "$S/out"
outside_files bookxml
printf '<h1>A</h1>\n' >"$S/top/book/chapters/a.xhtml"
ln -s ../../../outside/o.svg "$S/top/book/images/cover.svg"
ln -s ../../outside/o.css "$S/top/styles/link.css"
ln -s ../../../outside/o.xhtml "$S/top/book/chapters/link.xhtml"
cat >"$S/top/book/book.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
  </metadata>
  <cover image="images/cover.svg"/>
  <stylesheet href="$S/outside/o.css"/>
  <stylesheet href="../../outside/o.css"/>
  <stylesheet href="../styles/link.css"/>
  <chapters>
    <chapter href="chapters/a.xhtml"/>
    <chapter href="$S/outside/o.xhtml"/>
    <chapter href="../../outside/fifo.xhtml"/>
    <chapter href="chapters/link.xhtml"/>
  </chapters>
</book>
EOF
cat >"$S/expect" <<EOF
top/book/book.xml:8:1: error: 'images/cover.svg' is a symbolic link that leads outside the root folder 'top'
top/book/book.xml:9:1: error: '$S/outside/o.css' leads outside the root folder 'top'; move the file inside it or use --root (and 1 other reference to it)
top/book/book.xml:11:1: error: '../styles/link.css' is a symbolic link that leads outside the root folder 'top'
top/book/book.xml:14:1: error: '$S/outside/o.xhtml' leads outside the root folder 'top'; move the file inside it or use --root
top/book/book.xml:15:1: error: '../../outside/fifo.xhtml' leads outside the root folder 'top'; move the file inside it or use --root
top/book/book.xml:16:1: error: 'chapters/link.xhtml' is a symbolic link that leads outside the root folder 'top'
6 errors, 0 warnings
EOF

# First, with a time limit: the FIFO outside the root is never opened
# (a read would block for ever).
test_expect_success 'nothing outside the root is opened (a FIFO there does not block)' '
    cd "$S" &&
    must_fail 1 timeout 20 "$MKEPUB" --check top/book/book.xml 2>err &&
    test_cmp expect err
'

test_expect_success 'book.xml: absolute, .. and symlinked cover, stylesheets, chapters' '
    check_fails 1 bookxml top/book/book.xml
'

test_expect_success '--root widening the root: the same book builds' '
    cd "$S" &&
    grep -v fifo top/book/book.xml >book.xml.new &&
    mv book.xml.new top/book/book.xml &&
    rm -rf out && mkdir out &&
    SOURCE_DATE_EPOCH=1606953600 mkepub --root . -o out/book.epub \
        top/book/book.xml 2>err &&
    test_summary_only err &&
    test -s out/book.epub &&
    zip_entries out/book.epub >entries &&
    grep "/outside/o.css\$" entries &&
    grep "/outside/o.xhtml\$" entries
'

test_expect_success '... and passes EPUBCheck 4 and 5' '
    epubcheck_both "$S/out/book.epub"
'

# The cover alone, each way (one <cover> per book.xml).
for how in dotdot absolute; do
    S=$TEST_TMP/cover-$how
    mkdir -p "$S/top/book/chapters" "$S/out"
    outside_files cover-$how
    printf '<h1>A</h1>\n' >"$S/top/book/chapters/a.xhtml"
    case $how in
    dotdot) href=../../outside/o.svg ;;
    absolute) href=$S/outside/o.svg ;;
    esac
    cat >"$S/top/book/book.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
  </metadata>
  <cover image="$href"/>
  <chapters>
    <chapter href="chapters/a.xhtml"/>
  </chapters>
</book>
EOF
    cat >"$S/expect" <<EOF
top/book/book.xml:8:1: error: '$href' leads outside the root folder 'top'; move the file inside it or use --root
1 error, 0 warnings
EOF
done

test_expect_success 'a cover through .. outside the root' '
    check_fails 1 cover-dotdot top/book/book.xml
'

test_expect_success 'a cover by an absolute path outside the root' '
    check_fails 1 cover-absolute top/book/book.xml
'

test_expect_success '... both build with --root widening the root' '
    for how in dotdot absolute; do
        cd "$TEST_TMP/cover-$how" &&
        SOURCE_DATE_EPOCH=1606953600 mkepub --root . -o out/book.epub \
            top/book/book.xml 2>err &&
        test_summary_only err &&
        epub_unpack out/book.epub &&
        test "$(manifest_with_property cover-image | sed "s|.*/||")" = o.svg ||
        return 1
    done
'

# --- chapters: images, stylesheets, CSS url() ---------------------------------

S=$TEST_TMP/refs
mkdir -p "$S/top/book/chapters" "$S/top/book/images" "$S/top/styles" "$S/out"
outside_files refs
ln -s ../../../outside/o.png "$S/top/book/images/link.png"
ln -s ../../outside "$S/top/book/pictures"
cat >"$S/top/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
  </metadata>
  <stylesheet href="../styles/book.css"/>
  <chapters>
    <chapter href="chapters/a.xhtml"/>
  </chapters>
</book>
EOF
printf 'body { background: url(../../outside/o.png); }\n' >"$S/top/styles/book.css"
cat >"$S/top/book/chapters/a.xhtml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>A</title>
<link rel="stylesheet" href="../../../outside/o.css"/>
</head>
<body><h1>A</h1>
<p><img src="../../../outside/o.png" alt="dot-dot"/></p>
<p><img src="../images/link.png" alt="a symbolic link"/></p>
<p><img src="../pictures/o.png" alt="through a linked folder"/></p>
<p><img src="../../../outside/fifo.png" alt="a FIFO"/></p>
</body></html>
EOF
cat >"$S/expect" <<\EOF
top/book/chapters/a.xhtml:4:1: error: '../../../outside/o.css' leads outside the root folder 'top'; move the file inside it or use --root
top/book/chapters/a.xhtml:8:4: error: '../images/link.png' is a symbolic link that leads outside the root folder 'top'
top/book/chapters/a.xhtml:9:4: error: '../pictures/o.png' is a symbolic link that leads outside the root folder 'top'
top/book/chapters/a.xhtml:10:4: error: '../../../outside/fifo.png' leads outside the root folder 'top'; move the file inside it or use --root
top/styles/book.css:1:20: error: '../../outside/o.png' leads outside the root folder 'top'; move the file inside it or use --root (and 1 other reference to it)
5 errors, 0 warnings
EOF

test_expect_success 'chapters and stylesheets: .., symlinked file and folder' '
    check_fails 1 refs top/book/book.xml
'

test_expect_success '--root widening the root: the same chapter builds' '
    cd "$S" &&
    grep -v fifo top/book/chapters/a.xhtml >a.new &&
    mv a.new top/book/chapters/a.xhtml &&
    rm -rf out && mkdir out &&
    SOURCE_DATE_EPOCH=1606953600 mkepub --root . -o out/book.epub \
        top/book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out/book.epub
'

# An absolute path in a chapter never works in an EPUB: an error, whatever
# the root.
S=$TEST_TMP/absolute
mkdir -p "$S/top/book/chapters" "$S/out"
outside_files absolute
cat >"$S/top/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>en</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
  </metadata>
  <chapters>
    <chapter href="chapters/a.xhtml"/>
  </chapters>
</book>
EOF
cat >"$S/top/book/chapters/a.xhtml" <<EOF
<h1>A</h1>
<p><img src="$S/outside/o.png" alt="absolute"/></p>
<p><a href="/etc/passwd">absolute link</a></p>
EOF
cat >"$S/expect" <<EOF
top/book/chapters/a.xhtml:2:4: error: absolute path '$S/outside/o.png': use a path relative to the chapter
top/book/chapters/a.xhtml:3:4: error: absolute path '/etc/passwd': use a path relative to the chapter
2 errors, 0 warnings
EOF

test_expect_success 'an absolute path in a chapter is an error' '
    check_fails 1 absolute top/book/book.xml
'

test_expect_success '... even with --root /' '
    check_fails 1 absolute --root / top/book/book.xml
'

# --- the root itself -------------------------------------------------------------

new_book root
S=$TEST_TMP/root
mkdir -p "$S/elsewhere"
cat >"$S/expect" <<\EOF
book/book.xml: error: book.xml lies outside the root folder 'elsewhere'
1 error, 0 warnings
EOF

test_expect_success 'a --root that does not hold book.xml' '
    check_fails 1 root --root elsewhere book/book.xml
'

test_expect_success 'a --root that does not exist: exit 3' '
    cat >"$S/expect" <<-\EOF &&
	nowhere: error: cannot use the root folder: No such file or directory
	1 error, 0 warnings
	EOF
    check_fails 3 root --root nowhere book/book.xml
'

test_done
