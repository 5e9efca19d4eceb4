/*
 * uuid.c - RFC 4122 UUIDs.
 *
 * Owns the version 5 UUID construction (RFC 4122, section 4.3; the
 * SHA-1 is nettle's) and the textual syntax check of UUIDs and
 * urn:uuid: URNs.
 */
#include "uuid.h"

#include <nettle/sha1.h>

const unsigned char mk_uuid_ns_url[16] = {
    0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
    0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8
};

static const char hex_digits[] = "0123456789abcdef";

/* Where the '-' separators sit in a 36-character UUID. */
static const size_t uuid_dash_at[4] = { 8, 13, 18, 23 };

void mk_uuid_v5(const unsigned char ns[16], const void *name, size_t len,
                char out[37])
{
    struct sha1_ctx s;
    unsigned char digest[SHA1_DIGEST_SIZE];
    size_t i, o = 0, dash = 0;

    sha1_init(&s);
    sha1_update(&s, 16, ns);
    if (len > 0)
        sha1_update(&s, len, name);
    sha1_digest(&s, sizeof digest, digest);
    /* RFC 4122 4.1.3 version 5 and 4.1.1 variant 10x. */
    digest[6] = (unsigned char)((digest[6] & 0x0f) | 0x50);
    digest[8] = (unsigned char)((digest[8] & 0x3f) | 0x80);
    for (i = 0; i < 16; i++) {
        if (dash < 4 && o == uuid_dash_at[dash]) {
            out[o++] = '-';
            dash++;
        }
        out[o++] = hex_digits[digest[i] >> 4];
        out[o++] = hex_digits[digest[i] & 0x0f];
    }
    out[o] = '\0';
}

static int is_hex(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
           || (c >= 'A' && c <= 'F');
}

int mk_uuid_is_valid(const char *s)
{
    size_t i, dash = 0;

    if (s == NULL)
        return 0;
    for (i = 0; i < 36; i++) {
        if (dash < 4 && i == uuid_dash_at[dash]) {
            if (s[i] != '-')
                return 0;
            dash++;
        } else if (!is_hex((unsigned char)s[i])) {
            return 0;
        }
    }
    return s[36] == '\0';
}

enum mk_uuid_urn mk_uuid_urn_is_valid(const char *s)
{
    static const char prefix[] = "urn:uuid:";
    size_t i;

    if (s == NULL)
        return MK_UUID_NOT_URN;
    for (i = 0; prefix[i] != '\0'; i++) {
        int c = (unsigned char)s[i];

        if (c >= 'A' && c <= 'Z')
            c = c - 'A' + 'a';
        if (c != prefix[i])
            return MK_UUID_NOT_URN;
    }
    return mk_uuid_is_valid(s + i) ? MK_UUID_URN_OK : MK_UUID_URN_BAD;
}
