/*
 * test_svg.c - unit tests for src/svg.c (and the scripted decision of
 * src/scripted.c it uses): the references an SVG image makes (image,
 * use, a, url() in attributes, style attributes and <style>,
 * xml-stylesheet) with their kinds and places; scripts and event
 * handlers (scripted, data blocks, conflicts); entities, DOCTYPEs, the
 * root element, link titles, xml:base, ids and "#id" references in the
 * file; deep trees walked without recursion.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "scripted.h"
#include "svg.h"
#include "xhtml.h"

#define SVG_OPEN "<svg xmlns=\"http://www.w3.org/2000/svg\" " \
                 "xmlns:xlink=\"http://www.w3.org/1999/xlink\">"

struct run {
    struct mk_diag *dc;
    struct mk_svg_info info;
};

/* Checks text as "i.svg"; mk_svg_check must not run out of memory. */
static void run(struct run *r, const char *text)
{
    r->dc = mk_diag_new();
    assert_non_null(r->dc);
    mk_svg_info_init(&r->info);
    assert_int_equal(mk_svg_check("i.svg", text, strlen(text), r->dc,
                                  &r->info), 0);
}

static void done(struct run *r)
{
    mk_svg_info_release(&r->info);
    mk_diag_free(r->dc);
}

static void assert_ref(const struct run *r, size_t i,
                       enum mk_svg_ref_kind kind, const char *url, long line)
{
    assert_true(i < r->info.n_refs);
    assert_int_equal(r->info.refs[i].kind, kind);
    assert_string_equal(r->info.refs[i].url, url);
    assert_int_equal(r->info.refs[i].line, line);
}

/* The only diagnostic is an error at line whose message contains part. */
static void assert_one_error(struct run *r, long line, const char *part)
{
    const char *f, *m;
    long l, c;
    enum mk_severity s;

    assert_int_equal(mk_diag_count(r->dc), 1);
    assert_int_equal(mk_diag_get(r->dc, 0, &f, &l, &c, &s, &m), 0);
    assert_string_equal(f, "i.svg");
    assert_int_equal(l, line);
    assert_int_equal(s, MK_ERROR);
    if (!strstr(m, part))
        fail_msg("'%s' does not contain '%s'", m, part);
}

/* the size SVG 1.1 requires of <rect> and <image> (EPUBCheck 4.2) */
#define WH "width=\"1\" height=\"1\""

static void test_references(void **state)
{
    struct run r;

    (void)state;
    run(&r, "<?xml version=\"1.0\"?>\n"
            "<?xml-stylesheet type=\"text/css\" href=\"s.css\"?>\n"
            "<?xml-stylesheet type=\"text/xsl\" href=\"t.xsl\"?>\n"
            SVG_OPEN "<title>T</title><g id=\"here\"/><g id=\"local\"/>\n"
            "<image xlink:href=\"a.png\" width=\"1\" height=\"1\"/>\n"
            "<image href=\"sub/b.jpg\" width=\"1\" height=\"1\"/>\n"
            "<use xlink:href=\"shapes.svg#dot\"/><use xlink:href=\"#here\"/>\n"
            "<a xlink:href=\"../ch.xhtml#x\" xlink:title=\"Go\">"
            "<rect " WH "/></a>\n"
            "<rect " WH " fill=\"url(p.svg#grad) red\" "
            "stroke=\"url(#local)\"/>\n"
            "<rect " WH " style=\"fill: url('bg.png')\"/>\n"
            "<style>\n@import \"more.css\";\nrect { fill: url(f.png) }"
            "</style>\n"
            "<feImage xlink:href=\"photo.jpg\"/>\n"
            "</svg>\n");
    assert_int_equal(mk_diag_count(r.dc), 0);
    assert_int_equal(r.info.props, 0);
    assert_int_equal(r.info.n_refs, 10);
    assert_ref(&r, 0, MK_SVG_REF_RESOURCE, "s.css", 2);
    assert_ref(&r, 1, MK_SVG_REF_RESOURCE, "a.png", 5);
    assert_ref(&r, 2, MK_SVG_REF_RESOURCE, "sub/b.jpg", 6);
    assert_ref(&r, 3, MK_SVG_REF_ELEMENT, "shapes.svg#dot", 7);
    assert_ref(&r, 4, MK_SVG_REF_LINK, "../ch.xhtml#x", 8);
    assert_ref(&r, 5, MK_SVG_REF_ELEMENT, "p.svg#grad", 9);
    assert_ref(&r, 6, MK_SVG_REF_RESOURCE, "bg.png", 10);
    assert_ref(&r, 7, MK_SVG_REF_RESOURCE, "more.css", 12);
    assert_ref(&r, 8, MK_SVG_REF_RESOURCE, "f.png", 13);
    assert_ref(&r, 9, MK_SVG_REF_RESOURCE, "photo.jpg", 14);
    assert_int_equal(r.info.refs[1].col, 1);
    done(&r);
}

static void test_scripted(void **state)
{
    static const struct {
        const char *svg;
        unsigned props;
        const char *error;      /* part of the one error, or NULL */
    } cases[] = {
        { SVG_OPEN "<script>var a;</script></svg>", MK_PROP_SCRIPTED, NULL },
        { SVG_OPEN "<script type=\"application/ecmascript\">a</script></svg>",
          MK_PROP_SCRIPTED, NULL },
        { SVG_OPEN "<script type=\"text/plain\">a</script></svg>", 0, NULL },
        { SVG_OPEN "<script type=\"module\">a</script></svg>", 0,
          "module scripts" },
        { "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"f()\"/>",
          MK_PROP_SCRIPTED, NULL },
        { SVG_OPEN "<rect onClick=\"f()\"/></svg>", MK_PROP_SCRIPTED, NULL },
        { SVG_OPEN "<set onbegin=\"f()\"/></svg>", 0, "'onbegin'" },
        /* a namespaced attribute is no event handler */
        { SVG_OPEN "<rect xlink:onclick=\"f()\"/></svg>", 0, NULL },
        { SVG_OPEN "<rect one=\"1\" on=\"2\"/></svg>", 0, "'one'" },
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct run r;

        run(&r, cases[i].svg);
        assert_int_equal(r.info.props, cases[i].props);
        if (cases[i].error)
            assert_one_error(&r, 1, cases[i].error);
        else
            assert_int_equal(mk_diag_count(r.dc), 0);
        done(&r);
    }
}

static void test_scripted_tables(void **state)
{
    const char *hint = "x";

    (void)state;
    assert_int_equal(mk_scripted_script(NULL, &hint), MK_SCRIPTED_YES);
    assert_null(hint);
    assert_int_equal(mk_scripted_script("text/javascript", &hint),
                     MK_SCRIPTED_YES);
    assert_int_equal(mk_scripted_script("TEXT/JavaScript1.5", &hint),
                     MK_SCRIPTED_YES);
    assert_int_equal(mk_scripted_script("application/ld+json", &hint),
                     MK_SCRIPTED_NO);
    assert_int_equal(mk_scripted_script("text/javascript; charset=utf-8",
                                        &hint), MK_SCRIPTED_NO);
    assert_int_equal(mk_scripted_script("text/x-template", &hint),
                     MK_SCRIPTED_NO);
    assert_int_equal(mk_scripted_script("", &hint), MK_SCRIPTED_CONFLICT);
    assert_non_null(hint);
    assert_int_equal(mk_scripted_script(" \t", &hint),
                     MK_SCRIPTED_CONFLICT);
    assert_int_equal(mk_scripted_script("Module", &hint),
                     MK_SCRIPTED_CONFLICT);
    assert_int_equal(mk_scripted_script("text/javascript ", &hint),
                     MK_SCRIPTED_CONFLICT);
    assert_int_equal(mk_scripted_script("a-very-long-type/that-is-no-"
                                        "script-at-all", &hint),
                     MK_SCRIPTED_NO);
    assert_int_equal(mk_scripted_attr("onclick"), MK_SCRIPTED_YES);
    assert_int_equal(mk_scripted_attr("ONLOAD"), MK_SCRIPTED_YES);
    assert_int_equal(mk_scripted_attr("onwaiting"), MK_SCRIPTED_YES);
    assert_int_equal(mk_scripted_attr("oncopy"), MK_SCRIPTED_CONFLICT);
    assert_int_equal(mk_scripted_attr("onpointerdown"),
                     MK_SCRIPTED_CONFLICT);
    assert_int_equal(mk_scripted_attr("on"), MK_SCRIPTED_NO);
    assert_int_equal(mk_scripted_attr("class"), MK_SCRIPTED_NO);
    assert_int_equal(mk_scripted_html_element("form", &hint),
                     MK_SCRIPTED_CONFLICT);
    assert_non_null(hint);
    assert_int_equal(mk_scripted_html_element("input", &hint),
                     MK_SCRIPTED_NO);
    assert_int_equal(mk_scripted_html_element("button", &hint),
                     MK_SCRIPTED_NO);
}

static void test_entities_and_doctype(void **state)
{
    struct run r;

    (void)state;
    run(&r, "<?xml version=\"1.0\"?>\n"
            "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
            SVG_OPEN "<title>&x;</title></svg>");
    assert_int_equal(mk_diag_errors(r.dc), 2);
    assert_int_equal(r.info.n_refs, 0);
    done(&r);
    run(&r, "<!DOCTYPE svg [<!ENTITY x \"y\">]>\n" SVG_OPEN "</svg>");
    assert_one_error(&r, 1, "declares entity 'x'");
    done(&r);
    /* a DOCTYPE naming the SVG DTD is left out when packing */
    run(&r, "<?xml version=\"1.0\"?>\n<!-- <!DOCTYPE x> -->\n"
            "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
            "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\r\n"
            SVG_OPEN "</svg>");
    assert_int_equal(mk_diag_count(r.dc), 0);
    assert_int_equal(r.info.drop_at, 44);
    assert_int_equal(r.info.drop_len, 100);
    done(&r);
    run(&r, "<!DOCTYPE svg SYSTEM \"a>b.dtd\">" SVG_OPEN "</svg>");
    assert_int_equal(mk_diag_count(r.dc), 0);
    assert_int_equal(r.info.drop_at, 0);
    assert_int_equal(r.info.drop_len, 31);
    done(&r);
    /* ... but not with an internal subset */
    run(&r, "<?xml version=\"1.0\"?>\n"
            "<!DOCTYPE svg SYSTEM \"svg11.dtd\" [\n"
            "<!ATTLIST svg x CDATA #IMPLIED>\n]>\n"
            SVG_OPEN "</svg>");
    assert_one_error(&r, 2, "OPF-073");
    assert_int_equal(r.info.drop_len, 0);
    done(&r);
    /* a DOCTYPE without an external DTD is fine */
    run(&r, "<!DOCTYPE svg>\n" SVG_OPEN "</svg>");
    assert_int_equal(mk_diag_count(r.dc), 0);
    done(&r);
}

static void test_root(void **state)
{
    struct run r;

    (void)state;
    run(&r, "<html xmlns=\"http://www.w3.org/1999/xhtml\"/>");
    assert_one_error(&r, 1, "the root element is <html>, not an SVG");
    done(&r);
    run(&r, "<svg><image href=\"a.png\"/></svg>");
    assert_one_error(&r, 1, "<svg> without the SVG namespace");
    assert_int_equal(r.info.n_refs, 0);
    done(&r);
    run(&r, SVG_OPEN "<rect>");
    assert_true(mk_diag_errors(r.dc) >= 1);
    done(&r);
    run(&r, "   ");
    assert_one_error(&r, 1, "the file is empty");
    done(&r);
}

static void test_ids(void **state)
{
    struct run r;

    (void)state;
    run(&r, SVG_OPEN "<defs><linearGradient id=\"g\"/></defs>\n"
            "<use xlink:href=\"#c\"/><circle id=\"c\"/>\n"
            "<rect fill=\"url(#g)\" stroke=\"url(#none)\"/>\n"
            "<use href=\"#gone\"/></svg>");
    assert_int_equal(mk_diag_errors(r.dc), 2);
    assert_int_equal(r.info.n_refs, 0);
    assert_int_equal(r.info.n_ids, 2);
    assert_true(mk_svg_has_id(&r.info, "c"));
    assert_true(mk_svg_has_id(&r.info, "g"));
    assert_false(mk_svg_has_id(&r.info, "none"));
    assert_true(r.info.parsed);
    done(&r);
    run(&r, SVG_OPEN "<circle xml:id=\"x\"/></svg>");
    assert_one_error(&r, 1, "xml:id");
    assert_int_equal(r.info.n_ids, 0);
    done(&r);
    run(&r, SVG_OPEN "<circle id=\"x\">");
    assert_false(r.info.parsed);
    done(&r);
}

static void test_foreign(void **state)
{
    struct run r;

    (void)state;
    run(&r, SVG_OPEN "<foreignObject>\n"
            "<div xmlns=\"http://www.w3.org/1999/xhtml\">"
            "<img src=\"p.png\" alt=\"\"/>\n"
            "<a href=\"../c.xhtml\" onclick=\"f()\"><title "
            "xmlns=\"http://www.w3.org/2000/svg\">C</title>c</a>"
            "</div></foreignObject></svg>");
    assert_int_equal(mk_diag_count(r.dc), 0);
    assert_int_equal(r.info.props, MK_PROP_SCRIPTED);
    assert_int_equal(r.info.n_refs, 2);
    assert_ref(&r, 0, MK_SVG_REF_RESOURCE, "p.png", 2);
    assert_ref(&r, 1, MK_SVG_REF_LINK, "../c.xhtml", 3);
    done(&r);
    run(&r, SVG_OPEN "<foreignObject><math xmlns=\"http://www.w3.org/1998/"
            "Math/MathML\"><mi>x</mi></math></foreignObject></svg>");
    assert_one_error(&r, 1, "MathML");
    done(&r);
}

static void test_links_and_base(void **state)
{
    struct run r;

    (void)state;
    run(&r, SVG_OPEN "\n<a xlink:href=\"x.xhtml\"><rect/></a></svg>");
    assert_one_error(&r, 2, "ACC-011");
    assert_ref(&r, 0, MK_SVG_REF_LINK, "x.xhtml", 2);
    done(&r);
    run(&r, SVG_OPEN "<a xlink:href=\"x.xhtml\" xlink:title=\" \"><g>"
            "<title>Named</title></g></a></svg>");
    assert_int_equal(mk_diag_count(r.dc), 0);
    done(&r);
    run(&r, SVG_OPEN "<g xml:base=\"http://example.com/\"/></svg>");
    assert_one_error(&r, 1, "xml:base");
    done(&r);
}

/* A tree deeper than any stack frame budget would allow recursion for:
 * libxml2 stops at its own depth limit, and up to there the walk is
 * iterative. */
static void test_deep(void **state)
{
    struct mk_buf b = MK_BUF_INIT;
    struct run r;
    int i;

    (void)state;
    mk_buf_adds(&b, SVG_OPEN);
    for (i = 0; i < 250; i++)
        mk_buf_adds(&b, "<g>");
    mk_buf_adds(&b, "<image href=\"deep.png\" onclick=\"f()\"/>");
    for (i = 0; i < 250; i++)
        mk_buf_adds(&b, "</g>");
    mk_buf_adds(&b, "</svg>");
    assert_false(b.failed);
    run(&r, mk_buf_str(&b));
    assert_int_equal(mk_diag_count(r.dc), 0);
    assert_int_equal(r.info.props, MK_PROP_SCRIPTED);
    assert_ref(&r, 0, MK_SVG_REF_RESOURCE, "deep.png", 1);
    done(&r);
    mk_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_references),
        cmocka_unit_test(test_scripted),
        cmocka_unit_test(test_scripted_tables),
        cmocka_unit_test(test_entities_and_doctype),
        cmocka_unit_test(test_root),
        cmocka_unit_test(test_ids),
        cmocka_unit_test(test_foreign),
        cmocka_unit_test(test_links_and_base),
        cmocka_unit_test(test_deep),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
