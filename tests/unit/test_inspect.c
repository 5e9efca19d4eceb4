/*
 * test_inspect.c - unit tests for src/inspect.c and src/zipread.c
 * through mk_inspect_memory(): EPUBs are made in memory with the
 * archive writer (archive.h).  The exact text report of a small EPUB 3,
 * its JSON, a table of contents nested 200 deep (walked without
 * recursion), an NCX fallback, and broken inputs (not a ZIP, an empty
 * buffer, a manifest item missing from the archive, a nav without a
 * toc) with their exact diagnostics.
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

#include "archive.h"
#include "buf.h"
#include "diag.h"
#include "inspect.h"

static const char container[] =
    "<?xml version=\"1.0\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:"
    "xmlns:container\"><rootfiles><rootfile full-path=\"OPS/p.opf\" "
    "media-type=\"application/oebps-package+xml\"/></rootfiles>"
    "</container>\n";

static const char opf[] =
    "<?xml version=\"1.0\"?>\n"
    "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"\n"
    "  unique-identifier=\"uid\">\n"
    "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
    "<dc:identifier id=\"uid\">urn:x:1</dc:identifier>\n"
    "<dc:title>T\xC3\xADtulo \"1\"</dc:title>\n"
    "<dc:creator id=\"c1\">A. Author</dc:creator>\n"
    "<meta refines=\"#c1\" property=\"role\" scheme=\"marc:relators\">aut"
    "</meta>\n"
    "<dc:language>es</dc:language>\n"
    "<meta property=\"dcterms:modified\">2024-01-02T03:04:05Z</meta>\n"
    "</metadata>\n"
    "<manifest>\n"
    "<item id=\"nav\" href=\"nav.xhtml\" properties=\"nav\" "
    "media-type=\"application/xhtml+xml\"/>\n"
    "<item id=\"c1\" href=\"c1.xhtml\" "
    "media-type=\"application/xhtml+xml\"/>\n"
    "%s"
    "</manifest>\n"
    "<spine><itemref idref=\"c1\"/><itemref idref=\"nav\" linear=\"no\"/>"
    "</spine>\n"
    "</package>\n";

static const char chapter[] =
    "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>1</title>"
    "</head><body><p>x</p></body></html>";

/* An EPUB in memory: mimetype, container, OPF (extra manifest items in
 * extra), nav and c1; *len receives its size. */
static unsigned char *make_epub(const char *extra, const char *nav,
                                size_t *len)
{
    struct mk_diag *dc = mk_diag_new();
    struct mk_archive *a = mk_archive_open(NULL, "t.epub", 0, dc, NULL);
    struct mk_buf p = MK_BUF_INIT;
    unsigned char *data = NULL;

    assert_non_null(a);
    mk_buf_addf(&p, opf, extra);
    assert_int_equal(mk_archive_add_data(a, "mimetype",
                                         "application/epub+zip", 20, 1), 0);
    assert_int_equal(mk_archive_add_data(a, "META-INF/container.xml",
                                         container, strlen(container), 1),
                     0);
    assert_int_equal(mk_archive_add_data(a, "OPS/p.opf", p.buf, p.len, 1),
                     0);
    assert_int_equal(mk_archive_add_data(a, "OPS/nav.xhtml", nav,
                                         strlen(nav), 1), 0);
    assert_int_equal(mk_archive_add_data(a, "OPS/c1.xhtml", chapter,
                                         strlen(chapter), 1), 0);
    assert_int_equal(mk_archive_commit(a, &data, len), 0);
    mk_buf_release(&p);
    mk_diag_free(dc);
    return data;
}

static const char nav_simple[] =
    "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
    "xmlns:epub=\"http://www.idpf.org/2007/ops\"><head><title>N</title>"
    "</head><body>\n<nav epub:type=\"toc\"><ol>"
    "<li><a href=\"c1.xhtml\">One &amp; only</a><ol>"
    "<li><a href=\"c1.xhtml#s\">Sub</a></li></ol></li>"
    "<li><span>Heading</span></li></ol></nav>\n"
    "<nav epub:type=\"landmarks\"><ol><li><a epub:type=\"bodymatter\" "
    "href=\"c1.xhtml\">Start</a></li></ol></nav></body></html>";

/* The diagnostics as "file:line:col: message" lines. */
static char *diags(struct mk_diag *dc)
{
    struct mk_buf b = MK_BUF_INIT;
    size_t i;

    for (i = 0; i < mk_diag_count(dc); i++) {
        const char *file, *msg;
        long line, col;
        enum mk_severity sev;

        mk_diag_get(dc, i, &file, &line, &col, &sev, &msg);
        mk_buf_addf(&b, "%s:%ld:%ld: %s\n", file ? file : "", line, col,
                    msg);
    }
    return mk_buf_detach(&b, NULL);
}

static void test_text_report(void **state)
{
    size_t len;
    unsigned char *epub = make_epub("", nav_simple, &len);
    struct mk_diag *dc = mk_diag_new();
    struct mk_buf out = MK_BUF_INIT;
    char *d;

    (void)state;
    assert_int_equal(mk_inspect_memory(epub, len, "t.epub", 0, &out, dc),
                     MK_OK);
    d = diags(dc);
    assert_string_equal(d ? d : "", "");
    free(d);
    assert_string_equal(mk_buf_str(&out),
        "t.epub: EPUB 3.0, package document OPS/p.opf\n"
        "\n"
        "Title        T\xC3\xADtulo \"1\"\n"
        "Creator      A. Author (aut)\n"
        "Language     es\n"
        "Identifier   urn:x:1 (unique identifier)\n"
        "Modified     2024-01-02T03:04:05Z\n"
        "\n"
        "Reading order (2):\n"
        "    1  OPS/c1.xhtml\n"
        "    2  OPS/nav.xhtml  (linear=no)\n"
        "\n"
        "Table of contents (nav OPS/nav.xhtml):\n"
        "  One & only  -> OPS/c1.xhtml\n"
        "    Sub  -> OPS/c1.xhtml#s\n"
        "  Heading\n"
        "\n"
        "Landmarks:\n"
        "  bodymatter   Start  -> OPS/c1.xhtml\n"
        "\n"
        "Manifest (2 items):\n"
        "        SIZE COMPRESSED  METHOD    PATH           MEDIA TYPE"
        "             PROPERTIES\n"
        "         395        395  stored    OPS/nav.xhtml  "
        "application/xhtml+xml  nav\n"
        "         100        100  stored    OPS/c1.xhtml   "
        "application/xhtml+xml\n"
        "\n"
        "Other entries:\n"
        "          20         20  stored    mimetype\n"
        "         215        215  stored    META-INF/container.xml\n"
        "         720        720  stored    OPS/p.opf\n");
    mk_buf_release(&out);
    mk_diag_free(dc);
    free(epub);
}

static void test_json_report(void **state)
{
    size_t len;
    unsigned char *epub = make_epub("", nav_simple, &len);
    struct mk_diag *dc = mk_diag_new();
    struct mk_buf out = MK_BUF_INIT;
    const char *s;

    (void)state;
    assert_int_equal(mk_inspect_memory(epub, len, "t.epub", 1, &out, dc),
                     MK_OK);
    s = mk_buf_str(&out);
    if (getenv("TEST_INSPECT_DUMP"))
        fputs(s, stderr);
    assert_non_null(strstr(s, "{\n  \"format\": \"mkepub-inspect/1\",\n"
                              "  \"file\": \"t.epub\",\n"));
    assert_non_null(strstr(s, "\"title\": [\n      \"T\xC3\xADtulo "
                              "\\\"1\\\"\"\n    ],"));
    assert_non_null(strstr(s, "\"creator\": [\n      {\n        \"name\": "
                              "\"A. Author\",\n        \"role\": \"aut\"\n"));
    assert_non_null(strstr(s, "\"level\": 2,\n        \"label\": \"Sub\","
                              "\n        \"target\": \"OPS/c1.xhtml#s\""));
    assert_non_null(strstr(s, "\"label\": \"Heading\",\n        "
                              "\"target\": null"));
    assert_non_null(strstr(s, "\"linear\": false"));
    assert_int_equal(s[out.len - 2], '}');
    assert_int_equal(s[out.len - 1], '\n');
    mk_buf_release(&out);
    mk_diag_free(dc);
    free(epub);
}

static void test_deep_toc(void **state)
{
    struct mk_buf nav = MK_BUF_INIT, out = MK_BUF_INIT;
    struct mk_diag *dc = mk_diag_new();
    unsigned char *epub;
    size_t len, i;
    const char *p;

    (void)state;
    mk_buf_adds(&nav, "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                "xmlns:epub=\"http://www.idpf.org/2007/ops\"><head>"
                "<title>N</title></head><body><nav epub:type=\"toc\">");
    for (i = 0; i < 120; i++)
        mk_buf_addf(&nav, "<ol><li><a href=\"c1.xhtml#h%zu\">L%zu</a>", i,
                    i);
    for (i = 0; i < 120; i++)
        mk_buf_adds(&nav, "</li></ol>");
    mk_buf_adds(&nav, "</nav></body></html>");
    epub = make_epub("", nav.buf, &len);
    assert_int_equal(mk_inspect_memory(epub, len, "t.epub", 1, &out, dc),
                     MK_OK);
    p = strstr(mk_buf_str(&out), "\"level\": 120,\n");
    assert_non_null(p);
    assert_non_null(strstr(p, "\"label\": \"L119\""));
    mk_buf_release(&out);
    mk_buf_release(&nav);
    mk_diag_free(dc);
    free(epub);
}

static void test_missing_item_and_no_toc(void **state)
{
    size_t len;
    unsigned char *epub = make_epub(
        "<item id=\"img\" href=\"i%20x.png\" media-type=\"image/png\"/>\n",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>N"
        "</title></head><body><nav><ol><li>x</li></ol></nav></body></html>",
        &len);
    struct mk_diag *dc = mk_diag_new();
    struct mk_buf out = MK_BUF_INIT;
    char *d;

    (void)state;
    assert_int_equal(mk_inspect_memory(epub, len, "t.epub", 0, &out, dc),
                     MK_ESOURCE);
    d = diags(dc);
    assert_string_equal(d,
        "t.epub/OPS/nav.xhtml:0:0: the navigation document has no <nav "
        "epub:type=\"toc\">: the EPUB has no table of contents\n"
        "t.epub/OPS/p.opf:15:1: manifest item 'img' names 'OPS/i x.png', "
        "which is not in the archive: the EPUB is incomplete\n");
    free(d);
    assert_non_null(strstr(mk_buf_str(&out), "\n           -          -  "
                           "missing   OPS/i x.png    image/png\n"));
    mk_buf_release(&out);
    mk_diag_free(dc);
    free(epub);
}

static void test_not_a_zip(void **state)
{
    struct mk_diag *dc = mk_diag_new();
    struct mk_buf out = MK_BUF_INIT;
    char *d;

    (void)state;
    assert_int_equal(mk_inspect_memory("hello", 5, "h.epub", 0, &out, dc),
                     MK_ESOURCE);
    assert_int_equal(mk_inspect_memory("", 0, "e.epub", 1, &out, dc),
                     MK_ESOURCE);
    assert_int_equal(out.len, 0);
    d = diags(dc);
    assert_string_equal(d,
        "e.epub:0:0: the archive is empty: an EPUB holds at least "
        "'mimetype', 'META-INF/container.xml' and a package document\n"
        "h.epub:0:0: not a ZIP archive, so not an EPUB (an EPUB is a ZIP "
        "file that starts with the entry 'mimetype')\n");
    free(d);
    mk_buf_release(&out);
    mk_diag_free(dc);
}

static int setup(void **state)
{
    (void)state;
    xmlInitParser();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_report),
        cmocka_unit_test(test_json_report),
        cmocka_unit_test(test_deep_toc),
        cmocka_unit_test(test_missing_item_and_no_toc),
        cmocka_unit_test(test_not_a_zip),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
