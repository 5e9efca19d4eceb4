/*
 * pub.c - what the writers of generated documents share (see pub.h):
 * an item's href as a URL, the opening and closing of every generated
 * XHTML document (in the book's language and direction), and a label
 * marked with its own language when it is not the book's.
 */
#include "lang.h"
#include "pub.h"

void mk_pub_add_href(struct mk_buf *out, const struct mk_item *item)
{
    if (item->remote)
        mk_buf_add_xml_attr(out, item->href);
    else
        mk_buf_add_url_path(out, item->href);
}

void mk_pub_xhtml_open(const struct mk_pub *pub, struct mk_buf *out,
                       const char *title, const char *body_attrs)
{
    const struct mk_book *book = pub->book;
    size_t i;

    mk_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\""
                " xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"");
    mk_buf_add_xml_attr(out, book->languages[0]);
    mk_buf_adds(out, "\" xml:lang=\"");
    mk_buf_add_xml_attr(out, book->languages[0]);
    mk_buf_addf(out, "\"%s>\n<head>\n<meta charset=\"utf-8\"/>\n<title>",
                mk_lang_is_rtl(book->languages[0]) ? " dir=\"rtl\"" : "");
    mk_buf_add_xml_text(out, title);
    mk_buf_adds(out, "</title>\n");
    for (i = 0; i < pub->n_stylesheets; i++) {
        mk_buf_adds(out, "<link rel=\"stylesheet\" type=\"text/css\" href=\"");
        mk_pub_add_href(out, pub->stylesheets[i]);
        mk_buf_adds(out, "\"/>\n");
    }
    mk_buf_addf(out, "</head>\n<body%s%s>\n", body_attrs ? " " : "",
                body_attrs ? body_attrs : "");
}

void mk_pub_xhtml_close(struct mk_buf *out)
{
    mk_buf_adds(out, "</body>\n</html>\n");
}

void mk_pub_add_label(const struct mk_pub *pub, struct mk_buf *out,
                      struct mk_label_text label)
{
    if (!label.lang) {
        mk_buf_add_xml_text(out, label.text);
        return;
    }
    mk_buf_adds(out, "<span lang=\"");
    mk_buf_add_xml_attr(out, label.lang);
    mk_buf_adds(out, "\" xml:lang=\"");
    mk_buf_add_xml_attr(out, label.lang);
    mk_buf_addc(out, '"');
    if (mk_lang_is_rtl(pub->book->languages[0])
        && !mk_lang_is_rtl(label.lang))
        mk_buf_adds(out, " dir=\"ltr\"");
    mk_buf_adds(out, ">");
    mk_buf_add_xml_text(out, label.text);
    mk_buf_adds(out, "</span>");
}
