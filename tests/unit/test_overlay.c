/*
 * test_overlay.c - unit tests for src/overlay.c: SMIL 3.0 clock values
 * (full, partial, timecount with each metric, blanks, truncation to the
 * millisecond, the forms refused, the limit), the canonical clock
 * written back, and the SMIL walker (references and duration of a valid
 * overlay, the content model and attributes refused, a deep nesting of
 * <seq> walked without recursion).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "buf.h"
#include "diag.h"
#include "overlay.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static void test_clock_forms(void **state)
{
    static const struct {
        const char *s;
        long long ms;
    } good[] = {
        { "0", 0 }, { "5", 5000 }, { "5s", 5000 }, { "1.5s", 1500 },
        { "1.5", 1500 }, { "1250ms", 1250 }, { "0.025min", 1500 },
        { "2min", 120000 }, { "1h", 3600000 }, { "0.5h", 1800000 },
        { "00:01.250", 1250 }, { "59:59", 3599000 }, { "01:02.5", 62500 },
        { "0:00:00.500", 500 }, { "1:00:00", 3600000 },
        { "123:45:06.7", 445506700 }, { " 12.5s ", 12500 },
        { "\t0:00:01\n", 1000 }, { "1.0009s", 1000 }, { "1.9999", 1999 },
        { "0.0001ms", 0 }, { "12.345678901234s", 12345 },
        { "000000000000000000001s", 1000 },
    };
    long long ms;
    size_t i;

    (void)state;
    for (i = 0; i < N_ELEMS(good); i++) {
        if (mk_overlay_clock(good[i].s, &ms) != 0)
            fail_msg("mk_overlay_clock(\"%s\") refused", good[i].s);
        if (ms != good[i].ms)
            fail_msg("mk_overlay_clock(\"%s\") = %lld, not %lld", good[i].s,
                     ms, good[i].ms);
    }
}

static void test_clock_refused(void **state)
{
    static const char *const bad[] = {
        "", " ", "s", ".5s", "1.s", "1. s", "1.5 s", "1,5s", "-1s", "+1s",
        "1:2", "0:1:2", "1:02", "60:00", "00:60", "0:60:00", "0:00:60",
        "1:2:03", "00:01:", ":01", "1sec", "1m", "1S", "1 h", "1e3ms",
        "0x10", "1:00:00:00", "01:02.", "1s1", "１s",
    };
    long long ms;
    size_t i;

    (void)state;
    for (i = 0; i < N_ELEMS(bad); i++)
        if (mk_overlay_clock(bad[i], &ms) != -1)
            fail_msg("mk_overlay_clock(\"%s\") accepted", bad[i]);
}

static void test_clock_limit(void **state)
{
    long long ms;

    (void)state;
    assert_int_equal(mk_overlay_clock("1000000000s", &ms), 0);
    assert_true(ms == 1000000000000LL);
    assert_int_equal(mk_overlay_clock("1000000000.001s", &ms), -2);
    assert_int_equal(mk_overlay_clock("99999999999999999999999h", &ms), -2);
    assert_int_equal(mk_overlay_clock("99999999999999999999:00:00", &ms),
                     -2);
}

static void test_format(void **state)
{
    char buf[32];

    (void)state;
    mk_overlay_format_clock(0, buf, sizeof(buf));
    assert_string_equal(buf, "0:00:00.000");
    mk_overlay_format_clock(3500, buf, sizeof(buf));
    assert_string_equal(buf, "0:00:03.500");
    mk_overlay_format_clock(445506700, buf, sizeof(buf));
    assert_string_equal(buf, "123:45:06.700");
    mk_overlay_format_clock(MK_OVERLAY_MAX_MS, buf, sizeof(buf));
    assert_string_equal(buf, "277777:46:40.000");
}

/* Reads xml as overlay "a.smil" into info with a fresh collector. */
static struct mk_diag *read_smil(const char *xml,
                                 struct mk_overlay_info *info)
{
    struct mk_diag *dc = mk_diag_new();

    assert_non_null(dc);
    mk_overlay_info_init(info);
    assert_int_equal(mk_overlay_read("a.smil", xml, strlen(xml), dc, info),
                     0);
    return dc;
}

static void assert_diag(struct mk_diag *dc, size_t i, long line, long col,
                        const char *message)
{
    const char *f, *m;
    long l, c;
    enum mk_severity s;

    assert_int_equal(mk_diag_get(dc, i, &f, &l, &c, &s, &m), 0);
    assert_string_equal(f, "a.smil");
    assert_int_equal(l, line);
    assert_int_equal(c, col);
    assert_int_equal(s, MK_ERROR);
    assert_string_equal(m, message);
}

#define HEAD "<smil xmlns=\"http://www.w3.org/ns/SMIL\" " \
    "xmlns:epub=\"http://www.idpf.org/2007/ops\" version=\"3.0\">"

static void test_walk_valid(void **state)
{
    static const char xml[] =
        HEAD "\n"
        "<head><metadata><x:any xmlns:x=\"urn:x\" a=\"b\">t</x:any>"
        "</metadata></head>\n"
        "<body epub:textref=\"c.xhtml#top\">\n"
        " <seq epub:textref=\"c.xhtml#s\" epub:type=\"chapter\" id=\"s\">\n"
        "  <par id=\"p1\"><text src=\"c.xhtml#a\"/>"
        "<audio src=\"a.mp3\" clipEnd=\"1.5s\"/></par>\n"
        "  <par><text src=\"c.xhtml#b\"/></par>\n"
        " </seq>\n"
        " <par><text id=\"t\" src=\"c.xhtml#c\"/>"
        "<audio src=\"b.m4a\" clipBegin=\"00:01\" clipEnd=\"0:00:03.25\"/>"
        "</par>\n"
        "</body></smil>\n";
    static const struct {
        enum mk_overlay_ref_kind kind;
        const char *url;
        long line;
    } want[] = {
        { MK_OVERLAY_TEXTREF, "c.xhtml#top", 3 },
        { MK_OVERLAY_TEXTREF, "c.xhtml#s", 4 },
        { MK_OVERLAY_TEXT, "c.xhtml#a", 5 },
        { MK_OVERLAY_AUDIO, "a.mp3", 5 },
        { MK_OVERLAY_TEXT, "c.xhtml#b", 6 },
        { MK_OVERLAY_TEXT, "c.xhtml#c", 8 },
        { MK_OVERLAY_AUDIO, "b.m4a", 8 },
    };
    struct mk_overlay_info info;
    struct mk_diag *dc = read_smil(xml, &info);
    size_t i;

    (void)state;
    assert_int_equal(mk_diag_count(dc), 0);
    assert_true(info.parsed);
    assert_true(info.duration == 1500 + 2250);
    assert_int_equal(info.n_refs, N_ELEMS(want));
    for (i = 0; i < N_ELEMS(want); i++) {
        assert_int_equal(info.refs[i].kind, want[i].kind);
        assert_string_equal(info.refs[i].url, want[i].url);
        assert_int_equal(info.refs[i].line, want[i].line);
    }
    mk_overlay_info_release(&info);
    mk_diag_free(dc);
}

static void test_walk_refused(void **state)
{
    static const char xml[] =
        HEAD "\n"
        "<body><par><audio src=\"a.mp3\" clipBegin=\"2s\" clipEnd=\"1s\"/>"
        "</par>\n"
        "<par><text src=\"c.xhtml#a\"/>"
        "<audio src=\"a.mp3\" clipBegin=\"x\" clipEnd=\"1s\"/></par>\n"
        "<seq epub:textref=\"c.xhtml#b\"><par><text src=\"c.xhtml#b\""
        " epub:type=\"x\"/></par></seq>\n"
        "</body><body/></smil>\n";
    struct mk_overlay_info info;
    struct mk_diag *dc = read_smil(xml, &info);

    (void)state;
    assert_int_equal(mk_diag_count(dc), 6);
    assert_diag(dc, 0, 2, 12, "<par> needs <text> before <audio>: <par> "
                "holds one <text> and then at most one <audio>");
    assert_diag(dc, 1, 2, 12, "clipEnd=\"1s\" is before clipBegin=\"2s\" "
                "(EPUBCheck MED-008): the clip must end after it begins; "
                "swap them or correct the times");
    assert_diag(dc, 2, 3, 29, "clipBegin=\"x\" is not a SMIL clock value: "
                "write seconds (\"12.5s\"), milliseconds (\"12500ms\"), a "
                "clock (\"0:00:12.5\") or minutes and seconds "
                "(\"00:12.5\")");
    assert_diag(dc, 3, 4, 36, "<text> cannot have the attribute epub:type "
                "(media overlays allow only what the EPUB schema lists): "
                "remove it");
    assert_diag(dc, 4, 5, 8, "<body> needs <seq> or <par>: <body> holds "
                "<seq> and <par> elements, at least one");
    assert_diag(dc, 5, 5, 8, "<smil> holds only one <body>: remove this "
                "one");
    assert_true(info.duration == 0);
    mk_overlay_info_release(&info);
    mk_diag_free(dc);
}

static void test_walk_not_smil(void **state)
{
    struct mk_overlay_info info;
    struct mk_diag *dc;

    (void)state;
    dc = read_smil("<smil version=\"3.0\"><body/></smil>", &info);
    assert_int_equal(mk_diag_count(dc), 1);
    assert_diag(dc, 0, 1, 1, "<smil> is not in the SMIL namespace: write "
                "<smil xmlns=\"http://www.w3.org/ns/SMIL\" "
                "version=\"3.0\">");
    assert_int_equal(info.n_refs, 0);
    mk_overlay_info_release(&info);
    mk_diag_free(dc);
    dc = read_smil("<smil", &info);
    assert_true(mk_diag_count(dc) >= 1);
    assert_false(info.parsed);
    mk_overlay_info_release(&info);
    mk_diag_free(dc);
    dc = read_smil("<!DOCTYPE smil>\n" HEAD "<body><par><text "
                   "src=\"c.xhtml#a\"/></par></body></smil>", &info);
    assert_int_equal(mk_diag_count(dc), 1);
    assert_diag(dc, 0, 1, 1, "a media overlay takes no DOCTYPE (EPUB "
                "reading systems load no DTD): remove it");
    mk_overlay_info_release(&info);
    mk_diag_free(dc);
}

static void test_walk_prefixes(void **state)
{
    static const char xml[] =
        "<smil xmlns=\"http://www.w3.org/ns/SMIL\" "
        "xmlns:epub=\"http://www.idpf.org/2007/ops\" version=\"3.0\" "
        "epub:prefix=\"my: http://example.org/v#  z: urn:z\">\n"
        "<body epub:type=\"my:part z:x bodymatter\">\n"
        "<par epub:type=\" msv:bar\"><text src=\"c.xhtml#a\"/></par>"
        "</body></smil>\n";
    struct mk_overlay_info info;
    struct mk_diag *dc = read_smil(xml, &info);

    (void)state;
    assert_int_equal(mk_diag_count(dc), 1);
    assert_diag(dc, 0, 3, 1, "epub:type term \"msv:bar\" uses the prefix "
                "\"msv\", which is not declared (EPUBCheck OPF-028): "
                "declare it on <smil> (epub:prefix=\"msv: http://...\") or "
                "use an unprefixed term");
    mk_overlay_info_release(&info);
    mk_diag_free(dc);
}

/* 200 <seq> inside each other, walked without recursion (libxml2 refuses
 * trees deeper than 256 without XML_PARSE_HUGE, which mkepub never
 * sets). */
static void test_walk_deep(void **state)
{
    struct mk_buf xml = MK_BUF_INIT;
    struct mk_overlay_info info;
    struct mk_diag *dc;
    size_t i, depth = 200;

    (void)state;
    mk_buf_adds(&xml, HEAD "<body>");
    for (i = 0; i < depth; i++)
        mk_buf_adds(&xml, "<seq epub:textref=\"c.xhtml#a\">");
    mk_buf_adds(&xml, "<par><text src=\"c.xhtml#a\"/><audio src=\"a.mp3\" "
                "clipBegin=\"1s\" clipEnd=\"2s\"/></par>");
    for (i = 0; i < depth; i++)
        mk_buf_adds(&xml, "</seq>");
    mk_buf_adds(&xml, "</body></smil>");
    assert_false(xml.failed);
    dc = read_smil(xml.buf, &info);
    assert_int_equal(mk_diag_count(dc), 0);
    assert_int_equal(info.n_refs, depth + 2);
    assert_true(info.duration == 1000);
    mk_overlay_info_release(&info);
    mk_diag_free(dc);
    mk_buf_release(&xml);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock_forms),
        cmocka_unit_test(test_clock_refused),
        cmocka_unit_test(test_clock_limit),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_walk_valid),
        cmocka_unit_test(test_walk_refused),
        cmocka_unit_test(test_walk_not_smil),
        cmocka_unit_test(test_walk_prefixes),
        cmocka_unit_test(test_walk_deep),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
