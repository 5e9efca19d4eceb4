/*
 * pages.c - image pages: the size of a raster image from its header,
 * the generated XHTML page that shows a raster image listed as a chapter,
 * and the title and size of an SVG page read from its root (see
 * pages.h).  The page is a chapter like any other for the spine, the nav
 * and the NCX; only its bytes come from here.
 */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "lang.h"
#include "path.h"
#include "xml.h"

static unsigned long be16(const unsigned char *p)
{
    return (unsigned long)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16
           | (unsigned long)p[2] << 8 | p[3];
}

/* The JPEG start-of-frame markers (baseline, progressive, lossless,
 * arithmetic...): all but DHT (C4), JPG (C8) and DAC (CC). */
static int is_sof(unsigned m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* A JPEG's size from its frame header: the segments are walked from the
 * start-of-image marker, each step moving forward by its length, so the
 * walk ends within len bytes. */
static int jpeg_size(const unsigned char *d, size_t len, long *w, long *h)
{
    size_t at = 2;

    while (at + 4 <= len) {
        unsigned m;
        size_t seg;

        if (d[at] != 0xFF)
            return -1;
        m = d[at + 1];
        if (m == 0xFF) {            /* fill byte */
            at++;
            continue;
        }
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) {   /* no length */
            at += 2;
            continue;
        }
        if (m == 0xD9 || m == 0xDA)     /* end, or scan before a frame */
            return -1;
        seg = be16(d + at + 2);
        if (seg < 2)
            return -1;
        if (is_sof(m)) {
            if (seg < 7 || at + 9 > len)
                return -1;
            *h = (long)be16(d + at + 5);
            *w = (long)be16(d + at + 7);
            return *w > 0 && *h > 0 ? 0 : -1;
        }
        at += 2 + seg;
    }
    return -1;
}

int mk_pages_image_size(const unsigned char *data, size_t len, long *w,
                        long *h)
{
    static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
                                          0x1A, '\n' };

    *w = *h = 0;
    if (len >= 24 && memcmp(data, png, 8) == 0
        && memcmp(data + 12, "IHDR", 4) == 0) {
        unsigned long pw = be32(data + 16), ph = be32(data + 20);

        if (pw == 0 || ph == 0 || pw > 0x7FFFFFFF || ph > 0x7FFFFFFF)
            return -1;
        *w = (long)pw;
        *h = (long)ph;
        return 0;
    }
    if (len >= 10 && memcmp(data, "GIF8", 4) == 0) {
        *w = (long)(data[6] | data[7] << 8);
        *h = (long)(data[8] | data[9] << 8);
        return *w > 0 && *h > 0 ? 0 : -1;
    }
    if (len >= 4 && data[0] == 0xFF && data[1] == 0xD8)
        return jpeg_size(data, len, w, h);
    return -1;
}

/* The place in the page's style: a fixed-layout page is the image's
 * size and the image fills it; a reflowable one fits the screen. */
static const char fixed_css[] =
    "html, body { margin: 0; padding: 0; }\n"
    "img { display: block; width: 100%; height: 100%; }\n";
static const char flowing_css[] =
    "body { margin: 0; text-align: center; }\n"
    "img { max-width: 100%; max-height: 100vh; }\n";

int mk_pages_write(const struct mk_pub *pub, size_t i, struct mk_buf *out)
{
    const struct mk_pub_chapter *c = &pub->chapters[i];
    const struct mk_chapter_entry *e = c->entry;
    const char *lang = pub->book->languages[0];
    char *dir = mk_path_dirname(c->item->href);
    char *src = dir ? mk_path_relative(dir, c->image->href) : NULL;
    char page[32];
    const char *alt = e->alt ? e->alt : e->title;

    if (!src) {
        free(dir);
        return -1;
    }
    snprintf(page, sizeof(page), "Page %zu", i + 1);
    if (!alt)
        alt = page;
    mk_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\""
                " xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"");
    mk_buf_add_xml_attr(out, lang);
    mk_buf_adds(out, "\" xml:lang=\"");
    mk_buf_add_xml_attr(out, lang);
    mk_buf_addf(out, "\"%s>\n<head>\n<meta charset=\"utf-8\"/>\n<title>",
                mk_lang_is_rtl(lang) ? " dir=\"rtl\"" : "");
    mk_buf_add_xml_text(out, e->title ? e->title : alt);
    mk_buf_adds(out, "</title>\n");
    if (c->viewport[0])
        mk_buf_addf(out, "<meta name=\"viewport\" content=\"%s\"/>\n",
                    c->viewport);
    mk_buf_addf(out, "<style>\n%s</style>\n</head>\n<body>\n<img src=\"",
                c->viewport[0] ? fixed_css : flowing_css);
    mk_buf_add_url_path(out, src);
    mk_buf_adds(out, "\" alt=\"");
    mk_buf_add_xml_attr(out, alt);
    mk_buf_adds(out, "\"/>\n</body>\n</html>\n");
    free(dir);
    free(src);
    return out->failed ? -1 : 0;
}

/* The size a viewBox value gives (four numbers, separated by spaces or
 * commas), rounded up to whole CSS pixels; 0 when it does not read so or
 * is out of bounds (1 to 100000). */
static void viewbox_size(const char *vb, long *w, long *h)
{
    const char *p = vb;
    char *end;
    double v[4];
    int n;

    *w = *h = 0;
    for (n = 0; p && n < 4; n++) {
        while (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n'
               || *p == '\r')
            p++;
        v[n] = strtod(p, &end);
        if (end == p)
            break;
        p = end;
    }
    if (n == 4 && v[2] >= 1 && v[3] >= 1 && v[2] <= 100000
        && v[3] <= 100000) {
        *w = (long)v[2] + (v[2] > (long)v[2]);
        *h = (long)v[3] + (v[3] > (long)v[3]);
    }
}

/* A length of CSS pixels (a number, perhaps followed by px), rounded
 * up; 0 for anything else (a percentage, another unit). */
static long pixels(const char *s)
{
    char *end;
    double v;

    if (!s)
        return 0;
    v = strtod(s, &end);
    if (end == s || v < 1 || v > 100000)
        return 0;
    if (strcmp(end, "px") == 0)
        end += 2;
    if (*end)
        return 0;
    return (long)v + (v > (long)v);
}

int mk_pages_svg_read(const char *path, const char *data, size_t len,
                      struct mk_pages_svg *svg)
{
    struct mk_diag *scratch = mk_diag_new();
    xmlDocPtr doc;
    xmlNodePtr root, c;
    char *vb = NULL, *w = NULL, *h = NULL;
    int oom = 0;

    memset(svg, 0, sizeof(*svg));
    if (!scratch)
        return -1;
    doc = mk_xml_parse(path, data, len, MK_XML_PLAIN, scratch, NULL);
    oom = mk_diag_system_failed(scratch);
    svg->parsed = doc != NULL;
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (root && mk_xml_is(root, MK_SVG_NS, "svg")) {
        svg->is_svg = 1;
        svg->line = mk_xml_line(root);
        svg->col = mk_xml_col(root);
        vb = mk_xml_attr(root, "viewBox", &oom);
        w = mk_xml_attr(root, "width", &oom);
        h = mk_xml_attr(root, "height", &oom);
        if (vb)
            viewbox_size(vb, &svg->vb_width, &svg->vb_height);
        svg->width = pixels(w);
        svg->height = pixels(h);
    }
    for (c = svg->is_svg ? root->children : NULL; c && !svg->title && !oom;
         c = c->next) {
        if (!mk_xml_is(c, MK_SVG_NS, "title"))
            continue;
        svg->title = mk_xml_text(c);
        if (!svg->title)
            oom = 1;
        else if (!svg->title[0]) {
            free(svg->title);
            svg->title = NULL;
        }
    }
    free(vb);
    free(w);
    free(h);
    xmlFreeDoc(doc);
    mk_diag_free(scratch);
    return oom ? -1 : 0;
}

void mk_pages_svg_release(struct mk_pages_svg *svg)
{
    free(svg->title);
    svg->title = NULL;
}
