#!/bin/sh
# Markdown chapters (src/markdown.c): the Markdown sample book
# (tests/books/markdown) builds and passes both EPUBChecks, its chapters
# packed as .xhtml with their headings in the TOC, links between
# chapters (other.md#heading) rewritten to the packed names, GFM
# footnotes as EPUB pop-up notes; and bad Markdown is reported at its
# line and column in the .md file, never in the generated XHTML.  The
# books built here are spooled for Ace by DAISY (t0990-ace-books.sh; the
# sample's own Ace test is in t0150).
. "$(dirname "$0")/../lib.sh"
. "$TEST_DIRECTORY/lib-diag.sh"
. "$TEST_DIRECTORY/lib-ace.sh"

SDE=1606953600
BOOK=$TOP/tests/books/markdown/book/book.xml
A=$TEST_TMP/md.epub
C=EPUB/book/chapters

test_expect_success 'the Markdown sample builds with no diagnostic' '
    SOURCE_DATE_EPOCH=$SDE mkepub -o "$A" "$BOOK" 2>"$TEST_TMP/md.err" &&
    test_summary_only "$TEST_TMP/md.err"
'

test_expect_success 'the Markdown sample: EPUBCheck 4 and 5 find nothing' '
    epubcheck_both "$A"
'

test_expect_success 'Markdown chapters are packed as .xhtml, in the spine' '
    epub_unpack "$A" &&
    spine_paths | grep /chapters/ >"$TEST_TMP/spine" &&
    printf "%s\n" $C/01-arriving.xhtml $C/02-moorings.xhtml \
        $C/03-ashore.xhtml >"$TEST_TMP/spine.want" &&
    test_cmp "$TEST_TMP/spine.want" "$TEST_TMP/spine" &&
    test "$(manifest_attr_of $C/01-arriving.xhtml media-type)" = \
        application/xhtml+xml &&
    test_grep ! "\\.md" "$OPFX"
'

test_expect_success 'every heading is in the TOC, with its id' '
    check_headings_linked EPUB/credits.xhtml &&
    nav_toc_targets >"$TEST_TMP/toc" &&
    test_grep -Fx "$C/02-moorings.xhtml#visitors-berths" "$TEST_TMP/toc"
'

test_expect_success 'links to other.md#heading point to the packed chapter' '
    xpath_values "//h:a[not(@epub:type) and not(@role)]/@href" \
        "$X/$C/01-arriving.xhtml" >"$TEST_TMP/links" &&
    printf "%s\n" 02-moorings.xhtml#visitors-berths 02-moorings.xhtml#fees \
        >"$TEST_TMP/links.want" &&
    test_cmp "$TEST_TMP/links.want" "$TEST_TMP/links"
'

test_expect_success 'GFM footnotes are pop-up notes with a back-link' '
    F=$X/$C/01-arriving.xhtml &&
    N="//h:a[@epub:type=\"noteref\"]" &&
    test "$(xpath_string "$N/@href" "$F")" = "#fn1" &&
    test "$(xpath_string "$N/@id" "$F")" = fnref1 &&
    test "$(xpath_string "$N/@role" "$F")" = doc-noteref &&
    test "$(xpath_string "name(//*[@id=\"fn1\"])" "$F")" = aside &&
    test "$(xpath_string "//h:aside/@epub:type" "$F")" = footnote &&
    test "$(xpath_string "//h:aside/@role" "$F")" = doc-footnote &&
    test "$(xpath_string "//h:aside//h:a/@href" "$F")" = "#fnref1" &&
    test "$(xpath_string "//h:aside//h:a/@role" "$F")" = doc-backlink
'

test_expect_success 'tables, strikethrough, autolinks; no data-sourcepos' '
    test "$(xpath_count "//h:table//h:td" "$X/$C/02-moorings.xhtml")" = 9 &&
    test "$(xpath_string "//h:th[2]/@style" "$X/$C/02-moorings.xhtml")" = \
        "text-align: right" &&
    test "$(xpath_string "//h:del" "$X/$C/01-arriving.xhtml")" = red &&
    test_grep -F "href=\"http://www.example.org\"" "$X/$C/03-ashore.xhtml" &&
    test_grep ! sourcepos "$X/$C/01-arriving.xhtml" \
        "$X/$C/02-moorings.xhtml" "$X/$C/03-ashore.xhtml"
'

test_expect_success 'a Markdown book builds the same twice' '
    SOURCE_DATE_EPOCH=$SDE mkepub -o "$TEST_TMP/md2.epub" "$BOOK" &&
    cmp "$A" "$TEST_TMP/md2.epub"
'

# --- notes referenced twice, a note with a list, an unused note ----------

new_book notes chapters/n.md
cat >"$TEST_TMP/notes/book/chapters/n.md" <<\EOF
# Notes

First[^a], second[^b], first again[^a].

[^b]: A note whose last block is a list:

    - one
    - two

[^a]: The first note.

[^unused]: Never referenced.
EOF
cat >"$TEST_TMP/notes/expect" <<\EOF
book/chapters/n.md:12:1: warning: footnote [^unused] is never referred to, so it is left out of the book: refer to it with [^unused] in the text, or delete it
0 errors, 1 warning
EOF

test_expect_success 'notes referenced twice, a list in a note: valid' '
    check_builds notes &&
    epubcheck_both "$TEST_TMP/notes/out/book.epub" &&
    ace_later "$TEST_TMP/notes/out/book.epub" notes &&
    epub_unpack "$TEST_TMP/notes/out/book.epub" &&
    F=$X/$(spine_paths | grep "/n\.xhtml$") &&
    xpath_values "//h:a[@epub:type=\"noteref\"]/@id" "$F" >"$TEST_TMP/ids" &&
    printf "%s\n" fnref1 fnref2 fnref1-2 >"$TEST_TMP/ids.want" &&
    test_cmp "$TEST_TMP/ids.want" "$TEST_TMP/ids" &&
    test "$(xpath_count "//h:aside" "$F")" = 2 &&
    B="//h:aside[@id=\"fn2\"]/h:p/h:a[@role=\"doc-backlink\"]" &&
    test "$(xpath_count "$B" "$F")" = 1
'

# cmark-gfm drops a note nothing refers to and leaves a reference to no
# note as text: both are warned about at their place.  Escaped text,
# code, code spans and text in HTML blocks are not notes.
new_book lostnotes chapters/l.md
cat >"$TEST_TMP/lostnotes/book/chapters/l.md" <<\EOF
# Lost notes

Text[^a] and \[^z] and [^q] and `[^w]`.

```
[^x]: in code
```

[^a]:

<div>
[^h] stays HTML
</div>

- [^y]: in a list item

> [^k]: in a quote

| a | b |
|---|---|
| [^t]: cell | [^a] |

End [^q] and [^q].
EOF
cat >"$TEST_TMP/lostnotes/expect" <<\EOF
book/chapters/l.md:3:24: warning: [^q] is not a footnote: this file has no [^q]: definition; add one, or write \[^q] for the text
book/chapters/l.md:15:3: warning: footnote [^y] is never referred to, so it is left out of the book: refer to it with [^y] in the text, or delete it
book/chapters/l.md:17:3: warning: footnote [^k] is never referred to, so it is left out of the book: refer to it with [^k] in the text, or delete it
book/chapters/l.md:21:3: warning: [^t] is not a footnote: this file has no [^t]: definition; add one, or write \[^t] for the text
book/chapters/l.md:23:5: warning: [^q] is not a footnote: this file has no [^q]: definition; add one, or write \[^q] for the text
book/chapters/l.md:23:14: warning: [^q] is not a footnote: this file has no [^q]: definition; add one, or write \[^q] for the text
0 errors, 6 warnings
EOF

test_expect_success 'notes that go nowhere: warned at their .md line, book valid' '
    check_builds lostnotes &&
    epubcheck_both "$TEST_TMP/lostnotes/out/book.epub" &&
    ace_later "$TEST_TMP/lostnotes/out/book.epub" lostnotes
'

# --- bad Markdown: located in the .md file ---------------------------------

new_book rawhtml chapters/a.md chapters/b.md
cat >"$TEST_TMP/rawhtml/book/chapters/a.md" <<\EOF
# A

Some *text*, then

  - an item with <em>raw</b> HTML
  - and a fine one

<div>
<p>a block left open
</div>
EOF
cat >"$TEST_TMP/rawhtml/book/chapters/b.md" <<\EOF
# B

A paragraph with <span>inline HTML
over two lines</p>.
EOF
cat >"$TEST_TMP/rawhtml/expect" <<\EOF
book/chapters/a.md:5:29: error: Opening and ending tag mismatch: em line 5 and b
book/chapters/b.md:4:19: error: Opening and ending tag mismatch: span line 3 and p
2 errors, 0 warnings
EOF

test_expect_success 'raw HTML that is not well-formed: at its .md line' '
    check_fails 1 rawhtml
'

new_book refs chapters/a.md chapters/b.md
cat >"$TEST_TMP/refs/book/chapters/a.md" <<\EOF
# A

See *the* [second chapter](b.md#nowhere) and
[its start](b.md#b).

- ![A photograph](../images/none.png)

| Where | What |
|-------|------|
| here  | [x](c.md) |

Text[^1] and <span>a <div>block</div></span>.

[^1]: A note.
EOF
cat >"$TEST_TMP/refs/book/chapters/b.md" <<\EOF
# B

Fine.
EOF
cat >"$TEST_TMP/refs/expect" <<\EOF
book/chapters/a.md:3:11: error: link to 'b.md#nowhere': no element has id 'nowhere' in book/chapters/b.md
book/chapters/a.md:6:3: error: '../images/none.png' does not exist
book/chapters/a.md:10:11: error: 'c.md' does not exist
book/chapters/a.md:12:22: error: <span> cannot contain <div>: it holds only phrasing content (text and inline elements such as <span> or <em>); close the <span> before the <div>, or use a block element such as <div> instead of <span>
4 errors, 0 warnings
EOF

test_expect_success 'missing heading, image and chapter; content model' '
    check_fails 1 refs
'

new_book notutf8 chapters/a.md
printf '# A\n\nCaf\351 au lait.\n' >"$TEST_TMP/notutf8/book/chapters/a.md"
cat >"$TEST_TMP/notutf8/expect" <<\EOF
book/chapters/a.md:3:4: error: byte 0xE9 is not UTF-8: save the Markdown file as UTF-8
1 error, 0 warnings
EOF

test_expect_success 'a Markdown file that is not UTF-8' '
    check_fails 1 notutf8
'

new_book emptymd chapters/a.md chapters/e.md
: >"$TEST_TMP/emptymd/book/chapters/e.md"
cat >"$TEST_TMP/emptymd/expect" <<\EOF
book/chapters/e.md:1:1: error: the file is empty: write a chapter, or take it out of <chapters> in book.xml
1 error, 0 warnings
EOF

test_expect_success 'an empty Markdown chapter' '
    check_fails 1 emptymd
'

test_done
