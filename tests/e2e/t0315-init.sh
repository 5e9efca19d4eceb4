#!/bin/sh
# mkepub init DIR: a new book folder (book.xml with every field, one XHTML
# and one Markdown chapter, a cover, a stylesheet) that builds with no
# diagnostic and passes both EPUBChecks and Ace by DAISY as it is; it
# never overwrites or follows anything: an existing, non-empty folder, a
# file or a symbolic link is a usage error (exit 2) with nothing changed.
. "$(dirname "$0")/../lib.sh"

# the elements of src/book.c's vocabulary, each of which book.xml names
ELEMENTS="metadata cover stylesheet font attribution labels chapters title
subtitle creator contributor language identifier publisher date
description subject rights source collection credit note chapter label"

test_expect_success 'init makes the book in a new folder' '
    cd "$TEST_TMP" &&
    mkepub init new 2>err &&
    echo "made a new book in new: book.xml, 2 chapters, a cover and a stylesheet; build it with: mkepub new" >want &&
    test_cmp want err &&
    (cd new && find . -type f | sort) >files &&
    printf "%s\n" ./book.xml ./chapters/01-welcome.xhtml \
        ./chapters/02-writing-in-markdown.md ./images/cover.svg \
        ./styles/book.css >want &&
    test_cmp want files
'

test_expect_success 'book.xml names every element book.xml may hold' '
    cd "$TEST_TMP" &&
    for e in $ELEMENTS; do
        grep -q "<$e[ >/]" new/book.xml || { echo "no <$e>"; return 1; }
    done &&
    for a in role= file-as= display-seq= alternate-script= \
        alternate-script-lang= type= unique= position= for= key= \
        toc-depth= page-progression-direction= linear= title= obfuscate=; do
        grep -q "$a" new/book.xml || { echo "no $a"; return 1; }
    done
'

test_expect_success 'the identifier is a new random UUID each time' '
    cd "$TEST_TMP" &&
    mkepub init -q second 2>err &&
    test_cmp /dev/null err &&
    grep -o "urn:uuid:[0-9a-f-]*" new/book.xml >id1 &&
    grep -o "urn:uuid:[0-9a-f-]*" second/book.xml >id2 &&
    grep -Eq "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\$" id1 &&
    ! cmp -s id1 id2
'

test_expect_success 'the new book builds as it is, with no diagnostic' '
    cd "$TEST_TMP" &&
    SOURCE_DATE_EPOCH=1606953600 mkepub -o init.epub new 2>err &&
    test_summary_only err &&
    grep -q "^wrote init.epub: 2 chapters, 1 image, [0-9]* KB\$" err
'

test_expect_success 'the new book passes both EPUBChecks' '
    epubcheck_both "$TEST_TMP/init.epub"
'

test_expect_success 'the Markdown chapter footnote is a pop-up note' '
    cd "$TEST_TMP" &&
    epub_unpack init.epub &&
    grep -q "epub:type=\"noteref\"" "$X/EPUB/chapters/02-writing-in-markdown.xhtml" &&
    grep -q "<aside epub:type=\"footnote\"" "$X/EPUB/chapters/02-writing-in-markdown.xhtml"
'

test_expect_success 'an empty folder that exists is used' '
    cd "$TEST_TMP" &&
    mkdir empty &&
    mkepub init -q empty &&
    test -f empty/book.xml
'

# A folder with anything in it: exit 2, the message, nothing changed.
test_expect_success 'a folder that is not empty is refused, nothing changed' '
    cd "$TEST_TMP" &&
    mkdir full && echo mine >full/notes.txt &&
    must_fail 2 mkepub init full 2>err &&
    echo "full: error: the folder is not empty: mkepub init writes only into a new or empty folder and changed nothing; name another folder" >want &&
    echo "1 error, 0 warnings" >>want &&
    test_cmp want err &&
    (cd full && find . | sort) >after &&
    printf ".\n./notes.txt\n" >want &&
    test_cmp want after &&
    test "$(cat full/notes.txt)" = mine
'

test_expect_success 'a folder holding only a hidden file is not empty' '
    cd "$TEST_TMP" &&
    mkdir hidden && : >hidden/.keep &&
    must_fail 2 mkepub init hidden 2>/dev/null &&
    test ! -e hidden/book.xml
'

test_expect_success 'a book made by init is not overwritten by another init' '
    cd "$TEST_TMP" &&
    cp new/book.xml before.xml &&
    must_fail 2 mkepub init new 2>/dev/null &&
    cmp before.xml new/book.xml
'

test_expect_success 'a file, or a symbolic link to an empty folder, is refused' '
    cd "$TEST_TMP" &&
    echo x >afile &&
    must_fail 2 mkepub init afile 2>err &&
    echo "afile: error: not a folder (or a symbolic link): name a new or empty folder for the book" >want &&
    echo "1 error, 0 warnings" >>want &&
    test_cmp want err &&
    test "$(cat afile)" = x &&
    mkdir target && ln -s target link &&
    must_fail 2 mkepub init link 2>err &&
    sed "s/^afile/link/" want >want2 &&
    test_cmp want2 err &&
    test -z "$(ls -A target)"
'

test_expect_success 'a folder that cannot be made is an I/O error (exit 3)' '
    cd "$TEST_TMP" &&
    must_fail 3 mkepub init no/such/parent 2>err &&
    echo "no/such/parent: error: cannot make the folder: No such file or directory" >want &&
    echo "1 error, 0 warnings" >>want &&
    test_cmp want err
'

test_expect_success 'usage errors: no folder, two folders, an unknown option' '
    cd "$TEST_TMP" &&
    must_fail 2 mkepub init 2>err &&
    test_grep "^mkepub: init wants a folder: mkepub init DIR\$" err &&
    must_fail 2 mkepub init a b 2>err &&
    test_grep "^mkepub: init makes one book; .b. is one folder too many\$" err &&
    must_fail 2 mkepub init --frobnicate a 2>err &&
    test_grep "^mkepub: unknown option .--frobnicate. for init\$" err &&
    test ! -e a && test ! -e b &&
    mkepub init --help >out &&
    test_grep "^usage: mkepub init" out
'

test_expect_success 'a folder named init is still a book: mkepub ./init' '
    cd "$TEST_TMP" &&
    mkepub init -q init &&
    mkepub -q -o named.epub ./init &&
    test -s named.epub
'

. "$TEST_DIRECTORY/lib-ace.sh"
if [ -n "$ACE_SKIP" ]; then
    echo "# SKIP: $ACE_SKIP"
    test_done
fi

test_expect_success 'Ace by DAISY finds no violation in the new book' '
    cp "$TEST_TMP/init.epub" "$TEST_TMP/ace-init.epub" &&
    ace ace-init &&
    all_clean ace-init
'

test_done
