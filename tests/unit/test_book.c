/*
 * test_book.c - unit tests for src/book.c: a complete book.xml fills
 * every field of the model; unknown names get a "did you mean"; missing,
 * repeated, empty and malformed fields, chapters listed twice and bad
 * MARC roles are reported with their lines; a missing identifier is
 * derived as a stable urn:uuid.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "book.h"
#include "diag.h"
#include "uuid.h"

struct rd {
    struct mk_diag *dc;
    struct mk_book book;
    int rc;
};

static void read_book(struct rd *r, const char *file, const char *xml)
{
    r->dc = mk_diag_new();
    assert_non_null(r->dc);
    r->rc = mk_book_read(file, xml, strlen(xml), r->dc, &r->book);
}

static void done(struct rd *r)
{
    mk_book_release(&r->book);
    mk_diag_free(r->dc);
}

static void assert_diag(struct rd *r, size_t i, const char *file, long line,
                        enum mk_severity sev, const char *message)
{
    const char *f, *m;
    long l, c;
    enum mk_severity s;

    assert_int_equal(mk_diag_get(r->dc, i, &f, &l, &c, &s, &m), 0);
    assert_string_equal(f, file);
    assert_int_equal(l, line);
    assert_int_equal(s, sev);
    assert_string_equal(m, message);
}

/* Exactly one diagnostic, an error with this line and text. */
static void assert_only_error(struct rd *r, long line, const char *message)
{
    assert_int_equal(mk_diag_count(r->dc), 1);
    assert_diag(r, 0, "book/book.xml", line, MK_ERROR, message);
}

static int group_setup(void **state)
{
    (void)state;
    xmlInitParser();
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    xmlCleanupParser();
    return 0;
}

static const char full_book[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                  /* 1 */
    "<book>\n"                                                        /* 2 */
    "  <metadata>\n"                                                  /* 3 */
    "    <title>The  Story\n of Zhanara</title>\n"                    /* 4-5 */
    "    <subtitle>A Report</subtitle>\n"                             /* 6 */
    "    <creator role=\"aut\" file-as=\"Doe, Jane\">Jane Doe</creator>\n"
    "    <creator>John Roe</creator>\n"                               /* 8 */
    "    <contributor role=\"trl\">Ann Translator</contributor>\n"    /* 9 */
    "    <language>kk</language>\n"                                   /* 10 */
    "    <language>ru</language>\n"                                   /* 11 */
    "    <identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85"
    "</identifier>\n"                                                 /* 12 */
    "    <publisher>CABAR.asia</publisher>\n"                         /* 13 */
    "    <date>2020-03-01</date>\n"                                   /* 14 */
    "    <description>About &amp; around.</description>\n"           /* 15 */
    "    <subject>Kazakhstan</subject>\n"                             /* 16 */
    "    <subject>Ukraine</subject>\n"                                /* 17 */
    "    <rights>\xC2\xA9 2020 CABAR.asia</rights>\n"                 /* 18 */
    "    <source>CABAR.asia, 2020</source>\n"                         /* 19 */
    "  </metadata>\n"                                                 /* 20 */
    "  <cover image=\"images/cover.jpg\"/>\n"                         /* 21 */
    "  <stylesheet href=\"../styles/book.css\"/>\n"                   /* 22 */
    "  <stylesheet href=\"extra.css\"/>\n"                            /* 23 */
    "  <attribution>\n"                                               /* 24 */
    "    <credit for=\"Text\">CABAR.asia</credit>\n"                  /* 25 */
    "    <credit>Anonymous helper</credit>\n"                         /* 26 */
    "    <note>Headings were added.</note>\n"                         /* 27 */
    "  </attribution>\n"                                              /* 28 */
    "  <!-- reading order -->\n"                                      /* 29 */
    "  <chapters>\n"                                                  /* 30 */
    "    <chapter href=\"chapters/01-who.xhtml\"/>\n"                 /* 31 */
    "    <chapter href=\"chapters/./02 two.xhtml\" title=\"Two\" "
    "linear=\"yes\"/>\n"                                              /* 32 */
    "    <chapter href=\"../notes.xhtml\" linear=\"no\"/>\n"          /* 33 */
    "  </chapters>\n"                                                 /* 34 */
    "</book>\n";

static void test_full_book(void **state)
{
    struct rd r;
    struct mk_book *b = &r.book;

    (void)state;
    read_book(&r, "book/book.xml", full_book);
    assert_int_equal(r.rc, 0);
    assert_int_equal(mk_diag_count(r.dc), 0);
    assert_string_equal(b->file, "book/book.xml");
    assert_string_equal(b->dir, "book");
    assert_string_equal(b->title, "The Story of Zhanara");
    assert_string_equal(b->subtitle, "A Report");

    assert_int_equal(b->n_creators, 2);
    assert_string_equal(b->creators[0].name, "Jane Doe");
    assert_string_equal(b->creators[0].role, "aut");
    assert_string_equal(b->creators[0].file_as, "Doe, Jane");
    assert_string_equal(b->creators[1].name, "John Roe");
    assert_null(b->creators[1].role);
    assert_null(b->creators[1].file_as);
    assert_int_equal(b->n_contributors, 1);
    assert_string_equal(b->contributors[0].name, "Ann Translator");
    assert_string_equal(b->contributors[0].role, "trl");

    assert_int_equal(b->n_languages, 2);
    assert_string_equal(b->languages[0], "kk");
    assert_string_equal(b->languages[1], "ru");
    assert_string_equal(b->identifier,
                        "urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85");
    assert_int_equal(b->identifier_derived, 0);
    assert_string_equal(b->publisher, "CABAR.asia");
    assert_string_equal(b->date, "2020-03-01");
    assert_string_equal(b->description, "About & around.");
    assert_int_equal(b->n_subjects, 2);
    assert_string_equal(b->subjects[0], "Kazakhstan");
    assert_string_equal(b->subjects[1], "Ukraine");
    assert_string_equal(b->rights, "\xC2\xA9 2020 CABAR.asia");
    assert_string_equal(b->source, "CABAR.asia, 2020");

    assert_string_equal(b->cover.href, "images/cover.jpg");
    assert_string_equal(b->cover.path, "book/images/cover.jpg");
    assert_int_equal(b->cover.line, 21);
    assert_int_equal(b->n_stylesheets, 2);
    assert_string_equal(b->stylesheets[0].href, "../styles/book.css");
    assert_string_equal(b->stylesheets[0].path, "styles/book.css");
    assert_int_equal(b->stylesheets[0].line, 22);
    assert_string_equal(b->stylesheets[1].path, "book/extra.css");

    assert_int_equal(b->has_attribution, 1);
    assert_int_equal(b->n_credits, 2);
    assert_string_equal(b->credits[0].what, "Text");
    assert_string_equal(b->credits[0].text, "CABAR.asia");
    assert_null(b->credits[1].what);
    assert_string_equal(b->credits[1].text, "Anonymous helper");
    assert_int_equal(b->n_notes, 1);
    assert_string_equal(b->notes[0], "Headings were added.");

    assert_int_equal(b->n_chapters, 3);
    assert_string_equal(b->chapters[0].file.href, "chapters/01-who.xhtml");
    assert_string_equal(b->chapters[0].file.path,
                        "book/chapters/01-who.xhtml");
    assert_int_equal(b->chapters[0].file.line, 31);
    assert_null(b->chapters[0].title);
    assert_int_equal(b->chapters[0].linear, 1);
    assert_string_equal(b->chapters[1].file.href,
                        "chapters/./02 two.xhtml");
    assert_string_equal(b->chapters[1].file.path,
                        "book/chapters/02 two.xhtml");
    assert_string_equal(b->chapters[1].title, "Two");
    assert_int_equal(b->chapters[1].linear, 1);
    assert_int_equal(b->chapters[1].file.line, 32);
    assert_string_equal(b->chapters[2].file.path, "notes.xhtml");
    assert_int_equal(b->chapters[2].linear, 0);
    done(&r);
}

/* The smallest book: title, language, one chapter. */
static void test_minimal_book(void **state)
{
    struct rd r;

    (void)state;
    read_book(&r, "book.xml",
              "<book><metadata><title>T</title><language>en</language>"
              "<identifier>isbn:123</identifier></metadata>"
              "<chapters><chapter href=\"a.xhtml\"/></chapters></book>");
    assert_int_equal(r.rc, 0);
    assert_int_equal(mk_diag_count(r.dc), 0);
    assert_string_equal(r.book.dir, ".");
    assert_string_equal(r.book.chapters[0].file.path, "a.xhtml");
    assert_string_equal(r.book.identifier, "isbn:123");
    assert_null(r.book.subtitle);
    assert_null(r.book.cover.path);
    assert_null(r.book.cover.href);
    assert_int_equal(r.book.n_stylesheets, 0);
    assert_int_equal(r.book.has_attribution, 0);
    assert_int_equal(r.book.n_creators, 0);
    done(&r);
}

static const char *const metadata_ok =
    "<title>T</title><language>en</language>"
    "<identifier>urn:uuid:58dbbe9f-ceb5-45de-a3cf-d50942acfe85</identifier>";

/* book.xml with metadata extra (inside <metadata>), then body. */
static char *make_book(const char *extra, const char *body)
{
    size_t n = strlen(extra) + strlen(body) + strlen(metadata_ok) + 64;
    char *s = malloc(n);

    assert_non_null(s);
    snprintf(s, n, "<book>\n<metadata>%s\n%s</metadata>\n%s</book>\n",
             metadata_ok, extra, body);
    return s;
}

/* Reads the book that make_book(extra, body) writes and expects exactly
 * one error, at line, saying message. */
static void expect_only_error(const char *extra, const char *body, long line,
                              const char *message)
{
    struct rd r;
    char *xml = make_book(extra, body);

    read_book(&r, "book/book.xml", xml);
    assert_only_error(&r, line, message);
    done(&r);
    free(xml);
}


static const char *const one_chapter =
    "<chapters><chapter href=\"a.xhtml\"/></chapters>\n";

static void test_unknown_elements(void **state)
{
    struct rd r;
    char *xml;

    (void)state;
    xml = make_book("<titel>X</titel>\n", one_chapter);
    read_book(&r, "book/book.xml", xml);
    assert_int_equal(r.rc, 0);
    assert_only_error(&r, 3, "unknown element <titel> in <metadata>; did you "
                      "mean <title>?");
    done(&r);
    free(xml);

    xml = make_book("<creater>X</creater>\n", one_chapter);
    read_book(&r, "book/book.xml", xml);
    assert_only_error(&r, 3, "unknown element <creater> in <metadata>; did "
                      "you mean <creator>?");
    done(&r);
    free(xml);

    /* too far from every name: no hint (<creator> is the right one) */
    expect_only_error("<auther>X</auther>\n", one_chapter, 3,
                      "unknown element <auther> in <metadata>");

    /* a known element in the wrong place */
    expect_only_error("<credit>X</credit>\n", one_chapter, 3,
                      "<credit> belongs in <attribution>, not in "
                      "<metadata>");

    xml = make_book("", "<stylesheets/>\n<chapters><chapter href=\"a.xhtml\"/>"
                        "</chapters>\n");
    read_book(&r, "book/book.xml", xml);
    assert_only_error(&r, 4, "unknown element <stylesheets> in <book>; did "
                      "you mean <stylesheet>?");
    done(&r);
    free(xml);

    /* a namespaced element is not the vocabulary's */
    xml = make_book("<dc:subject xmlns:dc=\"http://purl.org/dc/elements/1.1/"
                    "\">x</dc:subject>\n", one_chapter);
    read_book(&r, "book/book.xml", xml);
    assert_int_equal(mk_diag_count(r.dc), 1);
    assert_int_equal(mk_diag_errors(r.dc), 1);
    {
        const char *f, *m;
        long l, c;
        enum mk_severity s;

        mk_diag_get(r.dc, 0, &f, &l, &c, &s, &m);
        assert_int_equal(l, 3);
        assert_string_equal(m, "<dc:subject> is in a namespace; book.xml "
                               "elements have none (write <subject>)");
    }
    assert_int_equal(r.book.n_subjects, 0);
    done(&r);
    free(xml);
}

static void test_unknown_attributes(void **state)
{
    struct rd r;
    char *xml;

    (void)state;
    xml = make_book("<creator rol=\"aut\">A</creator>\n", one_chapter);
    read_book(&r, "book/book.xml", xml);
    assert_only_error(&r, 3, "unknown attribute 'rol' on <creator>; did you "
                      "mean 'role'?");
    /* the creator is still read */
    assert_int_equal(r.book.n_creators, 1);
    done(&r);
    free(xml);

    expect_only_error("", "<chapters><chapter href=\"a.xhtml\" color=\"red\"/>"
                        "</chapters>\n", 4,
                      "unknown attribute 'color' on <chapter>");

    /* a misspelt required attribute: two errors, chapter left out */
    xml = make_book("", "<chapters><chapter href=\"a.xhtml\"/>\n"
                        "<chapter hreff=\"b.xhtml\"/></chapters>\n");
    read_book(&r, "book/book.xml", xml);
    assert_int_equal(mk_diag_errors(r.dc), 2);
    assert_diag(&r, 0, "book/book.xml", 5, MK_ERROR,
                "<chapter> is missing its 'href' attribute");
    assert_diag(&r, 1, "book/book.xml", 5, MK_ERROR,
                "unknown attribute 'hreff' on <chapter>; did you mean "
                "'href'?");
    assert_int_equal(r.book.n_chapters, 1);
    done(&r);
    free(xml);

    read_book(&r, "book/book.xml", "<book id=\"x\"><metadata><title>T</title>"
              "<language>en</language><identifier>i</identifier></metadata>"
              "<chapters><chapter href=\"a\"/></chapters></book>");
    assert_only_error(&r, 1, "<book> takes no attributes");
    done(&r);
}

static void test_missing_required(void **state)
{
    struct rd r;

    (void)state;
    read_book(&r, "book/book.xml",
              "<book>\n<metadata>\n<language>en</language>\n</metadata>\n"
              "<chapters><chapter href=\"a.xhtml\"/></chapters>\n</book>");
    assert_int_equal(r.rc, 0);
    assert_only_error(&r, 2, "<metadata> has no <title>");
    assert_null(r.book.title);
    /* no title: nothing to derive an identifier from */
    assert_null(r.book.identifier);
    done(&r);

    read_book(&r, "book/book.xml",
              "<book>\n<metadata>\n<title>T</title>\n<identifier>i"
              "</identifier></metadata>\n"
              "<chapters><chapter href=\"a.xhtml\"/></chapters>\n</book>");
    assert_only_error(&r, 2, "<metadata> has no <language> (a BCP 47 tag "
                      "such as en)");
    done(&r);

    read_book(&r, "book/book.xml",
              "<book>\n<chapters><chapter href=\"a.xhtml\"/></chapters>\n"
              "</book>");
    assert_only_error(&r, 1, "<metadata> is missing; it needs at least "
                      "<title> and <language>");
    done(&r);

    read_book(&r, "book/book.xml",
              "<book>\n<metadata><title>T</title><language>en</language>"
              "<identifier>i</identifier></metadata>\n</book>");
    assert_only_error(&r, 1, "<chapters> is missing: list the chapters in "
                      "reading order");
    assert_int_equal(r.book.n_chapters, 0);
    done(&r);

    read_book(&r, "book/book.xml",
              "<book>\n<metadata><title>T</title><language>en</language>"
              "<identifier>i</identifier></metadata>\n<chapters>\n"
              "</chapters>\n</book>");
    assert_only_error(&r, 3, "<chapters> lists no <chapter>");
    done(&r);
}

static void test_duplicate_chapter(void **state)
{
    struct rd r;
    char *xml;

    (void)state;
    xml = make_book("", "<chapters>\n"
                        "<chapter href=\"chapters/a.xhtml\"/>\n"
                        "<chapter href=\"chapters/b.xhtml\"/>\n"
                        "<chapter href=\"chapters/a.xhtml\"/>\n"
                        "<chapter href=\"chapters/../chapters/./b.xhtml\"/>\n"
                        "</chapters>\n");
    read_book(&r, "book/book.xml", xml);
    assert_int_equal(r.rc, 0);
    assert_int_equal(mk_diag_errors(r.dc), 2);
    assert_diag(&r, 0, "book/book.xml", 7, MK_ERROR,
                "chapter 'chapters/a.xhtml' is listed twice (first on "
                "line 5)");
    assert_diag(&r, 1, "book/book.xml", 8, MK_ERROR,
                "chapter 'chapters/../chapters/./b.xhtml' is listed twice "
                "(first on line 6)");
    assert_int_equal(r.book.n_chapters, 2);
    assert_string_equal(r.book.chapters[0].file.path, "book/chapters/a.xhtml");
    assert_string_equal(r.book.chapters[1].file.path, "book/chapters/b.xhtml");
    done(&r);
    free(xml);
}

static void test_repeated_and_empty_fields(void **state)
{
    struct rd r;
    char *xml;

    (void)state;
    xml = make_book("<title>Again</title>\n", one_chapter);
    read_book(&r, "book/book.xml", xml);
    assert_only_error(&r, 3, "<title> is given twice (first on line 2); only "
                      "one is allowed");
    assert_string_equal(r.book.title, "T");
    done(&r);
    free(xml);

    xml = make_book("", "<chapters><chapter href=\"a.xhtml\"/></chapters>\n"
                        "<chapters><chapter href=\"b.xhtml\"/></chapters>\n");
    read_book(&r, "book/book.xml", xml);
    assert_only_error(&r, 5, "<chapters> is given twice (first on line 4); "
                      "only one is allowed");
    assert_int_equal(r.book.n_chapters, 1);
    done(&r);
    free(xml);

    xml = make_book("<rights>  \n </rights>\n", one_chapter);
    read_book(&r, "book/book.xml", xml);
    assert_only_error(&r, 3, "<rights> is empty");
    assert_null(r.book.rights);
    done(&r);
    free(xml);

    expect_only_error("<publisher>A <b>B</b></publisher>\n", one_chapter, 3,
                      "<publisher> may hold only text, not <b>");

    xml = make_book("", "<cover image=\"\"/>\n"
                        "<chapters><chapter href=\"a\"/></chapters>\n");
    read_book(&r, "book/book.xml", xml);
    assert_only_error(&r, 4, "empty image=\"\"");
    assert_null(r.book.cover.path);
    done(&r);
    free(xml);

    expect_only_error("", "<chapters>text<chapter href=\"a\"/></chapters>\n",
                      4, "text directly inside <chapters> is not allowed");
}

static void test_malformed_values(void **state)
{
    struct rd r;
    char *xml;

    (void)state;
    expect_only_error("<language>english</language>\n", one_chapter, 3,
                      "language 'english' is not a BCP 47 language "
                      "tag (e.g. en, en-GB, kk, ru, zh-Hant)");

    expect_only_error("<date>2020-13</date>\n", one_chapter, 3,
                      "date '2020-13' is not a W3C date (YYYY, "
                      "YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)");

    read_book(&r, "book/book.xml",
              "<book><metadata><title>T</title><language>en</language>\n"
              "<identifier>urn:uuid:1234</identifier></metadata>"
              "<chapters><chapter href=\"a\"/></chapters></book>");
    assert_only_error(&r, 2, "identifier 'urn:uuid:1234' is not a valid "
                      "urn:uuid (8-4-4-4-12 hexadecimal digits)");
    done(&r);

    xml = make_book("", "<chapters><chapter href=\"a\" linear=\"maybe\"/>"
                        "</chapters>\n");
    read_book(&r, "book/book.xml", xml);
    assert_only_error(&r, 4, "linear=\"maybe\": use \"yes\" or \"no\"");
    assert_int_equal(r.book.n_chapters, 1);
    assert_int_equal(r.book.chapters[0].linear, 1);
    done(&r);
    free(xml);
}

static void test_roles(void **state)
{
    struct rd r;
    char *xml;

    (void)state;
    xml = make_book("<creator role=\"auth\">A</creator>\n", one_chapter);
    read_book(&r, "book/book.xml", xml);
    assert_only_error(&r, 3, "role 'auth' is not a MARC relator code; did you "
                      "mean 'aut' (Author)?");
    done(&r);
    free(xml);

    xml = make_book("<contributor role=\"Translator\">A</contributor>\n",
                    one_chapter);
    read_book(&r, "book/book.xml", xml);
    assert_only_error(&r, 3, "role 'Translator' is not a MARC relator code; "
                      "did you mean 'trl' (Translator)?");
    done(&r);
    free(xml);

    expect_only_error("<creator role=\"xyz\">A</creator>\n", one_chapter, 3,
                      "role 'xyz' is not a MARC relator code (e.g. "
                      "aut, trl, edt, ill, pht)");

    xml = make_book("<creator role=\"ill\">A</creator>"
                    "<contributor role=\"edt\">B</contributor>\n",
                    one_chapter);
    read_book(&r, "book/book.xml", xml);
    assert_int_equal(mk_diag_count(r.dc), 0);
    done(&r);
    free(xml);
}

static const char no_id_book[] =
    "<book>\n<metadata>\n<title>Title</title>\n<language>en</language>\n"
    "<creator>Ann</creator>\n<creator>Bob</creator>\n</metadata>\n"
    "<chapters><chapter href=\"a\"/></chapters>\n</book>\n";

static void test_derived_identifier(void **state)
{
    struct rd r, again, other;
    char want[80], uuid[37];
    static const char name[] = "Title\nAnn\nBob";
    const char *f, *m;
    long l, c;
    enum mk_severity s;

    (void)state;
    read_book(&r, "book/book.xml", no_id_book);
    assert_int_equal(r.rc, 0);
    assert_int_equal(mk_diag_errors(r.dc), 0);
    assert_int_equal(mk_diag_warnings(r.dc), 1);
    assert_int_equal(r.book.identifier_derived, 1);
    assert_int_equal(mk_uuid_urn_is_valid(r.book.identifier), 1);
    assert_int_equal(strncmp(r.book.identifier, "urn:uuid:", 9), 0);
    assert_int_equal(r.book.identifier[9 + 14], '5');   /* version 5 */
    /* derived from the title and the creators, one per line */
    mk_uuid_v5(mk_uuid_ns_url, name, sizeof name - 1, uuid);
    snprintf(want, sizeof want, "urn:uuid:%s", uuid);
    assert_string_equal(r.book.identifier, want);
    assert_int_equal(mk_diag_get(r.dc, 0, &f, &l, &c, &s, &m), 0);
    assert_int_equal(l, 2);
    assert_int_equal(s, MK_WARNING);
    {
        char msg[256];

        snprintf(msg, sizeof msg, "no <identifier>: using %s, derived from "
                 "the title and creators; add it to <metadata> so it stays "
                 "the same if they change", want);
        assert_string_equal(m, msg);
    }

    /* stable across reads */
    read_book(&again, "other/place/book.xml", no_id_book);
    assert_string_equal(again.book.identifier, r.book.identifier);
    /* and changes with the creators */
    read_book(&other, "book/book.xml",
              "<book><metadata><title>Title</title><language>en</language>"
              "<creator>Ann</creator></metadata>"
              "<chapters><chapter href=\"a\"/></chapters></book>");
    assert_int_equal(mk_uuid_urn_is_valid(other.book.identifier), 1);
    assert_string_not_equal(other.book.identifier, r.book.identifier);
    done(&other);
    done(&again);
    done(&r);
}

static void test_not_a_book(void **state)
{
    struct rd r;

    (void)state;
    read_book(&r, "book/book.xml", "<html><body/></html>");
    assert_int_equal(r.rc, -1);
    assert_only_error(&r, 1, "the root element must be <book> (no "
                      "namespace), not <html>");
    done(&r);

    read_book(&r, "book/book.xml", "<book xmlns=\"urn:x\"/>");
    assert_int_equal(r.rc, -1);
    assert_only_error(&r, 1, "the root element must be <book> (no "
                      "namespace), not <book>");
    done(&r);

    /* not well-formed: -1, with the parser's message and place */
    read_book(&r, "book/book.xml", "<book>\n<metadata>\n</book>");
    assert_int_equal(r.rc, -1);
    assert_true(mk_diag_errors(r.dc) >= 1);
    {
        const char *f, *m;
        long l, c;
        enum mk_severity s;

        assert_int_equal(mk_diag_get(r.dc, 0, &f, &l, &c, &s, &m), 0);
        assert_string_equal(f, "book/book.xml");
        assert_int_equal(l, 3);
        assert_non_null(strstr(m, "mismatch"));
    }
    /* the released model is empty and releasing again is harmless */
    done(&r);

    /* HTML entities are not accepted in book.xml */
    read_book(&r, "book/book.xml",
              "<book><metadata><title>A&nbsp;B</title></metadata></book>");
    assert_int_equal(r.rc, -1);
    assert_only_error(&r, 1, "Entity 'nbsp' not defined (not an HTML or XML "
                      "entity; write the character itself or a numeric "
                      "reference)");
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_book),
        cmocka_unit_test(test_minimal_book),
        cmocka_unit_test(test_unknown_elements),
        cmocka_unit_test(test_unknown_attributes),
        cmocka_unit_test(test_missing_required),
        cmocka_unit_test(test_duplicate_chapter),
        cmocka_unit_test(test_repeated_and_empty_fields),
        cmocka_unit_test(test_malformed_values),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_derived_identifier),
        cmocka_unit_test(test_not_a_book),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
