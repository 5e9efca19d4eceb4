#!/bin/sh
# Right-to-left and localised books: page-progression-direction from the
# language (or <chapters page-progression-direction>), dir and lang on the
# generated pages and on the chapters, the generated pages' labels in the
# book's language (labels.c) or as book.xml's <labels> give them, English
# marked lang="en" where there is no translation.  Every book built (an
# Arabic and a Hebrew one among them) passes both EPUBChecks and is
# spooled for Ace by DAISY (t0990-ace-books.sh wants no violation).  Then every bad <labels> and
# page-progression-direction, located.
# A long script: started first (tests/run.sh).
# test-run: early
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"
. "$TEST_DIRECTORY/lib-ace.sh"

SDE=1606953600

# page NAME: the file NAME (nav.xhtml, 01.xhtml, ...) in the unpacked
# book $X
page() {
    find "$X" -name "$1" | head -n 1
}

# --- an Arabic book: cover, two creators, an untranslated role ------------

mkdir -p "$TEST_TMP/ar/book/chapters" "$TEST_TMP/ar/book/images"
cp "$FIXTURES/raster-cover/book/images/cover.png" "$TEST_TMP/ar/book/images/"
cat >"$TEST_TMP/ar/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>مصباح الحديقة</title>
    <creator role="aut">سلمى حداد</creator>
    <contributor role="ill">ليلى نصر</contributor>
    <contributor role="aui">عمر فارس</contributor>
    <language>ar</language>
    <identifier>urn:uuid:3f2b8c1e-9a4d-4e7b-8c6f-1d2e3f4a5b6c</identifier>
    <publisher>دار المثال</publisher>
    <date>2024-03-01</date>
    <rights>© 2024 دار المثال</rights>
    <source>https://example.org/lamp (2024)</source>
  </metadata>
  <cover image="images/cover.png"/>
  <attribution>
    <credit>شكر خاص للمحررين</credit>
  </attribution>
  <chapters>
    <chapter href="chapters/01.xhtml"/>
    <chapter href="chapters/02.xhtml"/>
  </chapters>
</book>
EOF
cat >"$TEST_TMP/ar/book/chapters/01.xhtml" <<\EOF
<h1>الفصل الأول</h1>
<p>كان المصباح يضيء الحديقة كل مساء.</p>
<h2>الليل</h2>
<p>وفي الليل كانت الأشجار تهمس.</p>
EOF
cat >"$TEST_TMP/ar/book/chapters/02.xhtml" <<\EOF
<h1>الفصل الثاني</h1>
<p>وفي الصباح انطفأ المصباح، وبقيت <span lang="en">the garden</span> صامتة.</p>
EOF

test_expect_success 'an Arabic book builds and passes both EPUBChecks' '
    cd "$TEST_TMP/ar" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -o "$TEST_TMP/ar.epub" book/book.xml \
        2>err &&
    test_summary_only err &&
    epubcheck_both "$TEST_TMP/ar.epub" &&
    ace_later "$TEST_TMP/ar.epub" ar
'

test_expect_success 'Arabic: rtl page progression, dir="rtl" on the package' '
    epub_unpack "$TEST_TMP/ar.epub" &&
    test "$(xpath_string "/opf:package/opf:spine/@page-progression-direction" "$OPFX")" = rtl &&
    test "$(xpath_string "/opf:package/@dir" "$OPFX")" = rtl &&
    test "$(xpath_string "/opf:package/@xml:lang" "$OPFX")" = ar &&
    test "$(xpath_string "//opf:meta[@property=\"schema:accessibilitySummary\"]/@xml:lang" "$OPFX")" = en
'

test_expect_success 'Arabic: nav, cover, credits and chapters are lang=ar dir=rtl' '
    for f in nav.xhtml cover.xhtml credits.xhtml 01.xhtml 02.xhtml; do
        p=$(page $f) &&
        test "$(xpath_string "/h:html/@dir" "$p")" = rtl &&
        test "$(xpath_string "/h:html/@lang" "$p")" = ar &&
        test "$(xpath_string "/h:html/@xml:lang" "$p")" = ar || return 1
    done
'

test_expect_success 'Arabic: the labels are in Arabic' '
    nav=$(page nav.xhtml) &&
    test "$(xpath_string "//h:nav[@epub:type=\"toc\"]/h:h1" "$nav")" = "المحتويات" &&
    test "$(xpath_string "//h:nav[@epub:type=\"landmarks\"]/h:h2" "$nav")" = "معالم الكتاب" &&
    xpath_values "//h:nav[@epub:type=\"landmarks\"]//h:a/text()" "$nav" >marks &&
    printf "%s\n" "الغلاف" "المحتويات" "بداية المحتوى" "بيانات النشر" >want &&
    test_cmp want marks &&
    test "$(xpath_string "//h:nav[@epub:type=\"toc\"]/h:ol/h:li[last()]/h:a" "$nav")" = "بيانات النشر" &&
    cover=$(page cover.xhtml) &&
    test "$(xpath_string "//h:title" "$cover")" = "الغلاف" &&
    test "$(xpath_string "//h:img/@alt" "$cover")" = "الغلاف: مصباح الحديقة" &&
    credits=$(page credits.xhtml) &&
    test "$(xpath_string "//h:h1" "$credits")" = "بيانات النشر" &&
    xpath_values "//h:dt/descendant-or-self::text()" "$credits" >terms &&
    printf "%s\n" "تأليف" "رسوم" "Author of introduction, etc." \
        "الناشر" "تاريخ النشر" "المصدر" "الحقوق" "إسهام" >want &&
    test_cmp want terms
'

test_expect_success 'Arabic: an untranslated role is English, marked lang=en dir=ltr' '
    credits=$(page credits.xhtml) &&
    test "$(xpath_string "//h:dt/h:span/@lang" "$credits")" = en &&
    test "$(xpath_string "//h:dt/h:span/@xml:lang" "$credits")" = en &&
    test "$(xpath_string "//h:dt/h:span/@dir" "$credits")" = ltr &&
    test "$(xpath_string "//h:dd/h:a/@dir" "$credits")" = ltr &&
    test "$(xpath_count "//h:span" "$credits")" = 1
'

test_expect_success 'Arabic: the NCX carries the translated credits entry' '
    ncx=$(page toc.ncx) &&
    xpath_values "//ncx:navLabel/ncx:text/text()" "$ncx" | tail -n 1 >last &&
    printf "%s\n" "بيانات النشر" >want &&
    test_cmp want last
'

# --- a Hebrew book: page breaks (the page list's heading), overrides ----

new_book he
cat >"$TEST_TMP/he/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>הגשר הישן</title>
    <creator role="aut">נועה לוי</creator>
    <contributor role="trl">דוד כהן</contributor>
    <language>he</language>
    <identifier>urn:uuid:6a1f0c52-2b7d-4d38-9e41-0c9b7a3e5f12</identifier>
    <source>הגשר הישן, מהדורה מודפסת, 2019</source>
  </metadata>
  <labels>
    <label key="contents">תוכן</label>
    <label key="role-trl">תרגמה מאנגלית</label>
  </labels>
  <attribution>
    <credit for="עיצוב">סטודיו גשר</credit>
  </attribution>
  <chapters>
    <chapter href="chapters/one.xhtml"/>
  </chapters>
</book>
EOF
cat >"$TEST_TMP/he/book/chapters/one.xhtml" <<\EOF
<h1>פרק ראשון</h1>
<p>הגשר עמד מעל הנהר <span epub:type="pagebreak" role="doc-pagebreak" id="page-1" aria-label="1"/>מאה שנה.</p>
<h2>בוקר</h2>
<p>בבוקר עברו עליו <span epub:type="pagebreak" role="doc-pagebreak" id="page-2" aria-label="2"/>הדייגים.</p>
EOF

test_expect_success 'a Hebrew book builds and passes both EPUBChecks' '
    cd "$TEST_TMP/he" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -o "$TEST_TMP/he.epub" book/book.xml \
        2>err &&
    test_summary_only err &&
    epubcheck_both "$TEST_TMP/he.epub" &&
    ace_later "$TEST_TMP/he.epub" he
'

test_expect_success 'Hebrew: rtl, Hebrew labels, book.xml overrides' '
    epub_unpack "$TEST_TMP/he.epub" &&
    test "$(xpath_string "/opf:package/opf:spine/@page-progression-direction" "$OPFX")" = rtl &&
    nav=$(page nav.xhtml) &&
    test "$(xpath_string "/h:html/@dir" "$nav")" = rtl &&
    test "$(xpath_string "//h:nav[@epub:type=\"toc\"]/h:h1" "$nav")" = "תוכן" &&
    test "$(xpath_string "//h:nav[@epub:type=\"page-list\"]/h:h2" "$nav")" = "עמודים" &&
    test "$(xpath_string "//h:a[@epub:type=\"toc\"]" "$nav")" = "תוכן" &&
    test "$(xpath_string "//h:a[@epub:type=\"bodymatter\"]" "$nav")" = "תחילת התוכן" &&
    credits=$(page credits.xhtml) &&
    test "$(xpath_string "/h:html/@dir" "$credits")" = rtl &&
    test "$(xpath_string "//h:h1" "$credits")" = "קרדיטים" &&
    xpath_values "//h:dt/text()" "$credits" >terms &&
    printf "%s\n" "מחבר" "תרגמה מאנגלית" "מקור" "עיצוב" >want &&
    test_cmp want terms &&
    test "$(xpath_string "/h:html/@dir" "$(page one.xhtml)")" = rtl
'

# --- direction and languages ---------------------------------------------

# lang_book CASE LANGUAGE [CHAPTERS-ATTRIBUTES]
lang_book() {
    new_book "$1" &&
    sed -e "s|<language>en</language>|<language>$2</language>|" \
        -e "s|<chapters>|<chapters${3:+ $3}>|" \
        "$TEST_TMP/$1/book/book.xml" >"$TEST_TMP/$1/x" &&
    mv "$TEST_TMP/$1/x" "$TEST_TMP/$1/book/book.xml" &&
    cd "$TEST_TMP/$1" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -o out/book.epub book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out/book.epub &&
    ace_later out/book.epub "$1" &&
    epub_unpack out/book.epub
}

test_expect_success 'Japanese with page-progression-direction="rtl": spine rtl, text ltr' '
    lang_book ja ja page-progression-direction=\"rtl\" &&
    test "$(xpath_string "//opf:spine/@page-progression-direction" "$OPFX")" = rtl &&
    test "$(xpath_count "/opf:package/@dir" "$OPFX")" = 0 &&
    test "$(xpath_count "/h:html/@dir" "$(page nav.xhtml)")" = 0 &&
    test "$(xpath_string "//h:nav[@epub:type=\"toc\"]/h:h1" "$(page nav.xhtml)")" = "目次"
'

test_expect_success 'Persian with page-progression-direction="ltr" keeps ltr pages, rtl text' '
    lang_book fa fa-IR page-progression-direction=\"ltr\" &&
    test "$(xpath_string "//opf:spine/@page-progression-direction" "$OPFX")" = ltr &&
    test "$(xpath_string "/h:html/@dir" "$(page nav.xhtml)")" = rtl &&
    test "$(xpath_string "//h:nav[@epub:type=\"toc\"]/h:h1" "$(page nav.xhtml)")" = "فهرست مطالب"
'

test_expect_success 'page-progression-direction="default" is written as given' '
    lang_book default ar page-progression-direction=\"default\" &&
    test "$(xpath_string "//opf:spine/@page-progression-direction" "$OPFX")" = default
'

test_expect_success 'Arabic in Latin letters (ar-Latn) is left to right' '
    lang_book arlatn ar-Latn &&
    test "$(xpath_count "//opf:spine/@page-progression-direction" "$OPFX")" = 0 &&
    test "$(xpath_count "/h:html/@dir" "$(page nav.xhtml)")" = 0 &&
    test "$(xpath_string "//h:nav[@epub:type=\"toc\"]/h:h1" "$(page nav.xhtml)")" = "المحتويات"
'

test_expect_success 'zh-TW gets the Traditional Chinese labels' '
    lang_book zhtw zh-TW &&
    test "$(xpath_string "//h:nav[@epub:type=\"toc\"]/h:h1" "$(page nav.xhtml)")" = "目錄" &&
    test "$(xpath_string "//h:h1" "$(page credits.xhtml)")" = "版權資訊"
'

test_expect_success 'a language without labels: English ones, each marked lang="en"' '
    lang_book kk kk &&
    nav=$(page nav.xhtml) &&
    test "$(xpath_string "/h:html/@lang" "$nav")" = kk &&
    test "$(xpath_string "//h:nav[@epub:type=\"toc\"]/h:h1/h:span" "$nav")" = Contents &&
    test "$(xpath_string "//h:nav[@epub:type=\"toc\"]/h:h1/h:span/@lang" "$nav")" = en &&
    test "$(xpath_count "//h:span[@dir]" "$nav")" = 0 &&
    test "$(xpath_count "//h:a[@epub:type]/h:span[@lang=\"en\"]" "$nav")" = 3 &&
    test "$(xpath_string "//h:title" "$(page credits.xhtml)")" = Credits
'

test_expect_success 'an English book: a Hebrew chapter gets dir="rtl", the book stays ltr' '
    new_book mixed chapters/one.xhtml chapters/he.xhtml &&
    cat >"$TEST_TMP/mixed/book/chapters/he.xhtml" <<-\EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<html xmlns="http://www.w3.org/1999/xhtml" lang="he"><head><title>שיר</title></head>
	<body><h1>שיר</h1><p>שלום, עולם.</p></body></html>
	EOF
    cd "$TEST_TMP/mixed" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -o out/book.epub book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out/book.epub &&
    ace_later out/book.epub mixed &&
    epub_unpack out/book.epub &&
    test "$(xpath_string "/h:html/@dir" "$(page he.xhtml)")" = rtl &&
    test "$(xpath_count "/h:html/@dir" "$(page one.xhtml)")" = 0 &&
    test "$(xpath_count "//opf:spine/@page-progression-direction" "$OPFX")" = 0
'

test_expect_success 'a chapter that gives its own dir keeps it' '
    new_book owndir &&
    printf "<html xmlns=\"http://www.w3.org/1999/xhtml\" dir=\"ltr\"><head><title>x</title></head><body><h1>x</h1><p>abc</p></body></html>\n" \
        >"$TEST_TMP/owndir/book/chapters/one.xhtml" &&
    sed "s|<language>en</language>|<language>ar</language>|" \
        "$TEST_TMP/owndir/book/book.xml" >"$TEST_TMP/owndir/x" &&
    mv "$TEST_TMP/owndir/x" "$TEST_TMP/owndir/book/book.xml" &&
    cd "$TEST_TMP/owndir" &&
    SOURCE_DATE_EPOCH=$SDE mkepub -o out/book.epub book/book.xml 2>err &&
    test_summary_only err &&
    epubcheck_both out/book.epub &&
    ace_later out/book.epub owndir &&
    epub_unpack out/book.epub &&
    test "$(xpath_string "/h:html/@dir" "$(page one.xhtml)")" = ltr
'

# --- bad <labels> and page-progression-direction, in one run ---------------

new_book bad-labels
cat >"$TEST_TMP/bad-labels/book/book.xml" <<\EOF
<?xml version="1.0" encoding="UTF-8"?>
<book>
  <metadata>
    <title>Test</title>
    <language>kk</language>
    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>
  </metadata>
  <labels>
    <label key="content">Мазмұны</label>
    <label key="table-of-things">x</label>
    <label key="credits">Авторлар</label>
    <label key="credits">Тағы</label>
    <label key="role-trn">Аударған</label>
    <label key="role-xyz">x</label>
    <label key="cover"></label>
    <label>x</label>
    <label key="start" lang="kk">Басы</label>
    <lable key="pages">Беттер</lable>
  </labels>
  <labels/>
  <chapters page-progression-direction="right-to-left">
    <chapter href="chapters/one.xhtml"/>
  </chapters>
</book>
EOF
cat >"$TEST_TMP/bad-labels/expect" <<\EOF
book/book.xml:9:5: error: unknown label key 'content'; did you mean 'contents'?
book/book.xml:10:5: error: unknown label key 'table-of-things': the keys are contents, landmarks, pages, cover, start, credits, creator, contributor, publisher, published, source, rights, credit, series, isbn, and role-CODE for a MARC role (role-trl)
book/book.xml:12:5: error: label 'credits' is given twice (first on line 11); only one is allowed
book/book.xml:13:5: error: unknown label key 'role-trn'; did you mean 'role-trl'?
book/book.xml:14:5: error: unknown label key 'role-xyz': the keys are contents, landmarks, pages, cover, start, credits, creator, contributor, publisher, published, source, rights, credit, series, isbn, and role-CODE for a MARC role (role-trl)
book/book.xml:15:5: error: <label> is empty
book/book.xml:16:5: error: <label> is missing its 'key' attribute
book/book.xml:17:5: error: unknown attribute 'lang' on <label>
book/book.xml:18:5: error: unknown element <lable> in <labels>; did you mean <label>?
book/book.xml:20:3: error: <labels> is given twice (first on line 8); only one is allowed
book/book.xml:21:3: error: page-progression-direction="right-to-left": use "rtl" (pages turn to the left, as in Arabic or Hebrew), "ltr" or "default"
11 errors, 0 warnings
EOF

test_expect_success 'bad label keys, twice, empty; a bad page-progression-direction' '
    check_fails 1 bad-labels
'

test_done
