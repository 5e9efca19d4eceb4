/*
 * obfuscate.c - IDPF font obfuscation: key, XOR and encryption.xml
 * (see obfuscate.h).  The SHA-1 is nettle's.
 */
#include "obfuscate.h"

#include "pub.h"

#include <nettle/sha1.h>
#include <string.h>

/* The characters the algorithm leaves out of the identifier (XML
 * white space). */
static const char key_blanks[] = " \t\r\n";

void mk_obfuscate_key(const char *identifier,
                      unsigned char key[MK_OBFUSCATE_KEY_SIZE])
{
    struct sha1_ctx s;
    const char *p = identifier;

    sha1_init(&s);
    while (*p) {
        size_t run = strcspn(p, key_blanks);

        if (run > 0)
            sha1_update(&s, run, (const unsigned char *)p);
        p += run;
        p += strspn(p, key_blanks);
    }
    sha1_digest(&s, MK_OBFUSCATE_KEY_SIZE, key);
}

void mk_obfuscate(unsigned char *data, size_t len,
                  const unsigned char key[MK_OBFUSCATE_KEY_SIZE])
{
    size_t i, n = len < MK_OBFUSCATE_PREFIX ? len : MK_OBFUSCATE_PREFIX;

    for (i = 0; i < n; i++)
        data[i] ^= key[i % MK_OBFUSCATE_KEY_SIZE];
}

int mk_encryption_write(const struct mk_pub *pub, struct mk_buf *out)
{
    size_t i;
    int any = 0;

    for (i = 0; i < pub->n_items; i++) {
        const struct mk_item *it = pub->items[i];

        if (!it->obfuscate)
            continue;
        if (!any)
            mk_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<encryption xmlns=\"urn:oasis:names:tc:"
                        "opendocument:xmlns:container\" xmlns:enc=\""
                        "http://www.w3.org/2001/04/xmlenc#\">\n");
        any = 1;
        mk_buf_adds(out, "  <enc:EncryptedData>\n"
                    "    <enc:EncryptionMethod Algorithm=\""
                    "http://www.idpf.org/2008/embedding\"/>\n"
                    "    <enc:CipherData>\n"
                    "      <enc:CipherReference URI=\""
                    MK_PACKAGE_DIR "/");
        mk_pub_add_href(out, it);
        mk_buf_adds(out, "\"/>\n    </enc:CipherData>\n"
                    "  </enc:EncryptedData>\n");
    }
    if (any)
        mk_buf_adds(out, "</encryption>\n");
    return out->failed ? -1 : 0;
}
