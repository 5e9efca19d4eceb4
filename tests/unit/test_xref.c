/*
 * test_xref.c - unit tests for src/xref.c on a publication and registry
 * made in memory (no file is read): mk_xref_parse's verdict on each malformed
 * or refused form of reference, and mk_xref_resolve on links between
 * two chapters (fragments, embedded chapters, needless '..') and on
 * remote and data: references.  Local references to files other than
 * chapters go through resources.c and the file system; the end-to-end
 * tests cover those.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_fixture.h"
#include "url.h"
#include "xref.h"

/* mk_xref_parse of ref in "c.xhtml" at column 5 of the line after the
 * last parse's; returns its result. */
static enum mk_xref_verdict parse(struct fixture *f, const char *ref,
                                  unsigned flags)
{
    struct mk_url u;
    enum mk_xref_verdict rc = mk_xref_parse(f->dc, ref, flags, "c.xhtml",
                                            ++f->line, 5, &u);

    if (rc == MK_XREF_USABLE)
        mk_url_release(&u);
    return rc;
}

static void test_parse_plain(void **state)
{
    struct fixture *f = *state;
    struct mk_url u;

    assert_int_equal(mk_xref_parse(f->dc, "img/a%20b.png#x", 0, "c.xhtml",
                                   1, 5, &u), MK_XREF_USABLE);
    assert_string_equal(u.path, "img/a b.png");
    assert_string_equal(u.fragment, "x");
    assert_int_equal(u.remote, 0);
    mk_url_release(&u);
    assert_int_equal(parse(f, "https://example.com/v.mp4", 0),
                     MK_XREF_USABLE);
    assert_int_equal(parse(f, "mailto:a@example.com", MK_XREF_HYPERLINK),
                     MK_XREF_USABLE);
    /* a query is fine on a hyperlink */
    assert_int_equal(parse(f, "b.xhtml?x=1", MK_XREF_HYPERLINK),
                     MK_XREF_USABLE);
    assert_int_equal(mk_diag_count(f->dc), 0);
}

static void test_parse_refused(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(parse(f, "C:\\pics\\a.png", 0), MK_XREF_REFUSED);
    assert_int_equal(parse(f, "file:///home/a.png", 0), MK_XREF_REFUSED);
    assert_int_equal(parse(f, "//host/a.png", 0), MK_XREF_REFUSED);
    expect_diagnostics(f->dc,
        "c.xhtml:1:5: error: 'C:\\pics\\a.png' is a Windows path, which "
        "names a file on your computer, not in the book: copy the file "
        "into the book folder and write its path relative to this file, "
        "with '/'\n"
        "c.xhtml:2:5: error: 'file:///home/a.png' is a file: URL, which "
        "names a file on your computer, not in the book (EPUBCheck "
        "RSC-030): copy the file into the book folder and write its path "
        "relative to this file\n"
        "c.xhtml:3:5: error: '//host/a.png' starts with '//', which names "
        "another server: write the whole address with https:, or a path "
        "to a file in the book");
}

/* An absolute path is named relative to what the reference is in. */
static void test_parse_absolute(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(parse(f, "/a.png", 0), MK_XREF_REFUSED);
    assert_int_equal(parse(f, "/b.png", MK_XREF_IN_CSS), MK_XREF_REFUSED);
    assert_int_equal(parse(f, "/c.png", MK_XREF_IN_SVG), MK_XREF_REFUSED);
    expect_diagnostics(f->dc,
        "c.xhtml:1:5: error: absolute path '/a.png': use a path relative "
        "to the chapter\n"
        "c.xhtml:2:5: error: absolute path '/b.png': use a path relative "
        "to the stylesheet\n"
        "c.xhtml:3:5: error: absolute path '/c.png': use a path relative "
        "to the SVG image");
}

/* A query on a file, or an unescaped character: reported, but the file
 * named is clear, so the reference is still usable (0). */
static void test_parse_reported_usable(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(parse(f, "a.png?v=2", 0), MK_XREF_USABLE);
    assert_int_equal(parse(f, "a b.png", 0), MK_XREF_USABLE);
    expect_diagnostics(f->dc,
        "c.xhtml:1:5: error: 'a.png?v=2' has a query ('?v=2'), which a "
        "file in the book cannot have (EPUBCheck RSC-033): remove '?v=2'\n"
        "c.xhtml:2:5: error: 'a b.png' contains a space, which a URL may "
        "not hold (EPUBCheck RSC-020): write 'a%20b.png'");
}

/* ---- mk_xref_resolve ---------------------------------------------- */

/* Chapter i of two, at path, with the sorted ids given. */
static void add_chapter(struct fixture *f, size_t i, const char *path,
                        char **ids, size_t n_ids)
{
    struct mk_pub_chapter *c = &f->pub.chapters[i];

    c->item = mk_registry_add(&f->reg, path, "book.xml", 1, 1);
    assert_non_null(c->item);
    c->info.ids = ids;
    c->info.n_ids = n_ids;
    assert_int_equal(mk_registry_add_chapter(&f->reg, c), 0);
}

static void test_resolve(void **state)
{
    static char self[] = "self", there[] = "there";
    static char *a_ids[] = { self };
    static char *b_ids[] = { there };
    static struct mk_ref refs[] = {
        { MK_REF_LINK, (char *)"b.xhtml#there", 2, 1, "a", "href" },
        { MK_REF_LINK, (char *)"b.xhtml#nowhere", 3, 1, "a", "href" },
        { MK_REF_LINK, (char *)"#self", 4, 1, "a", "href" },
        { MK_REF_LINK, (char *)"#gone", 5, 1, "a", "href" },
        { MK_REF_EMBED, (char *)"b.xhtml", 6, 1, "img", "src" },
        { MK_REF_LINK, (char *)"../text/b.xhtml", 7, 1, "a", "href" },
        { MK_REF_OTHER, (char *)"b.xhtml", 8, 1, "link", "href" },
        { MK_REF_LINK, (char *)"https://example.com/", 9, 1, "a",
          "href" },
    };
    struct fixture *f = *state;
    struct mk_pub_chapter chapters[2];

    memset(chapters, 0, sizeof chapters);
    f->pub.chapters = chapters;
    f->pub.n_chapters = 2;
    add_chapter(f, 0, "text/a.xhtml", a_ids, 1);
    add_chapter(f, 1, "text/b.xhtml", b_ids, 1);
    chapters[0].info.refs = refs;
    chapters[0].info.n_refs = sizeof refs / sizeof refs[0];
    mk_xref_resolve(&f->res, f->opts.epub33_only);
    expect_diagnostics(f->dc,
        "text/a.xhtml:3:1: error: link to 'b.xhtml#nowhere': no element "
        "has id 'nowhere' in text/b.xhtml\n"
        "text/a.xhtml:5:1: error: link to '#gone': no element has id "
        "'gone'\n"
        "text/a.xhtml:6:1: error: <img> embeds the chapter 'b.xhtml'; "
        "link to it with <a> instead\n"
        "text/a.xhtml:7:1: error: '../text/b.xhtml' climbs above the "
        "folders it needs, where a reader may stop at the top of the "
        "book and find another file: write 'b.xhtml'");
    assert_int_equal(f->pub.n_items, 2);      /* nothing registered */
}

static void test_resolve_remote(void **state)
{
    static char *none[] = { NULL };
    static struct mk_ref refs[] = {
        { MK_REF_LINK, (char *)"data:text/plain,x", 2, 1, "a", "href" },
        { MK_REF_EMBED, (char *)"data:text/plain,x", 3, 1, "img", "src" },
        { MK_REF_EMBED, (char *)"data:image/png;base64,AA", 4, 1, "img",
          "src" },
        { MK_REF_CITE, (char *)"http://example.com/", 5, 1, "q", "cite" },
        { MK_REF_LINK, (char *)"foo:bar", 6, 1, "a", "href" },
        { MK_REF_EMBED, (char *)"https://example.com/a.png", 7, 1, "img",
          "src" },
        { MK_REF_MEDIA, (char *)"https://example.com/v.mp4", 8, 1,
          "video", "src" },
        { MK_REF_MEDIA, (char *)"https://example.com/v.mp4", 9, 1,
          "video", "src" },
    };
    struct fixture *f = *state;
    struct mk_pub_chapter chapter;
    struct mk_item *remote;

    memset(&chapter, 0, sizeof chapter);
    f->pub.chapters = &chapter;
    f->pub.n_chapters = 1;
    add_chapter(f, 0, "a.xhtml", none, 0);
    chapter.info.refs = refs;
    chapter.info.n_refs = sizeof refs / sizeof refs[0];
    mk_xref_resolve(&f->res, f->opts.epub33_only);
    expect_diagnostics(f->dc,
        "a.xhtml:2:1: error: <a href> holds a data: URL, which cannot be "
        "a link target (EPUBCheck RSC-029): link to a chapter, or show "
        "the data with <img>\n"
        "a.xhtml:3:1: error: <img src> holds a data: URL of type "
        "'text/plain', not an EPUB core media type, so it would need a "
        "fallback (EPUBCheck RSC-032): use PNG, JPEG, GIF or SVG data\n"
        "a.xhtml:5:1: error: cite=\"http://example.com/\": EPUBCheck 5 "
        "asks for https: in a cited address (RSC-031): write https:, or "
        "remove cite\n"
        "a.xhtml:6:1: error: 'foo:bar' uses the scheme 'foo:', which "
        "EPUBCheck does not know in a link (HTM-025): write a web address "
        "(https://...)\n"
        "a.xhtml:7:1: error: <img> refers to remote "
        "'https://example.com/a.png': EPUB allows only audio and video "
        "outside the book; download it into the book folder\n"
        "a.xhtml:8:1: warning: <video> streams "
        "'https://example.com/v.mp4' from the network; readers without a "
        "connection cannot play it\n"
        "a.xhtml:9:1: warning: <video> streams "
        "'https://example.com/v.mp4' from the network; readers without a "
        "connection cannot play it");
    /* the stream is one remote item, registered once */
    assert_int_equal(f->pub.n_items, 2);
    remote = f->pub.items[1];
    assert_int_equal(remote->remote, 1);
    assert_string_equal(remote->href, "https://example.com/v.mp4");
    assert_string_equal(remote->media_type, "video/mp4");
    assert_string_equal(remote->ref_file, "a.xhtml");
    assert_int_equal(remote->ref_line, 8);
    assert_true(chapter.item->props & MK_PROP_REMOTE);
    assert_int_equal(f->pub.has_media, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_parse_plain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_parse_absolute, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_parse_reported_usable, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resolve_remote, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
