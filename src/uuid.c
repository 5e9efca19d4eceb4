/*
 * uuid.c - SHA-1 and RFC 4122 UUIDs.
 *
 * Owns the SHA-1 compression function and padding (FIPS 180-4,
 * section 6.1), the version 5 UUID construction (RFC 4122, section
 * 4.3) and the textual syntax check of UUIDs and urn:uuid: URNs.
 */
#include "uuid.h"

#include <string.h>

const unsigned char mk_uuid_ns_url[16] = {
    0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
    0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8
};

/* FIPS 180-4 section 5.3.1: the initial hash value. */
static const uint32_t sha1_init_h[5] = {
    0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u, 0xc3d2e1f0u
};

/* FIPS 180-4 section 4.2.1: one constant per 20 rounds. */
static const uint32_t sha1_k[4] = {
    0x5a827999u, 0x6ed9eba1u, 0x8f1bbcdcu, 0xca62c1d6u
};

static const char hex_digits[] = "0123456789abcdef";

/* Where the '-' separators sit in a 36-character UUID. */
static const size_t uuid_dash_at[4] = { 8, 13, 18, 23 };

static uint32_t rol(uint32_t x, unsigned n)
{
    return (x << n) | (x >> (32 - n));
}

/* Process one 64-byte block into the chaining value h. */
static void sha1_block(uint32_t h[5], const unsigned char *p)
{
    uint32_t w[80];
    uint32_t a, b, c, d, e;
    int t;

    for (t = 0; t < 16; t++)
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16
               | (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
    for (t = 16; t < 80; t++)
        w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    a = h[0];
    b = h[1];
    c = h[2];
    d = h[3];
    e = h[4];
    for (t = 0; t < 80; t++) {
        uint32_t f, tmp;

        if (t < 20)
            f = (b & c) | (~b & d);
        else if (t < 40 || t >= 60)
            f = b ^ c ^ d;
        else
            f = (b & c) | (b & d) | (c & d);
        tmp = rol(a, 5) + f + e + sha1_k[t / 20] + w[t];
        e = d;
        d = c;
        c = rol(b, 30);
        b = a;
        a = tmp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

void mk_sha1_init(struct mk_sha1 *s)
{
    memcpy(s->h, sha1_init_h, sizeof s->h);
    s->nbytes = 0;
    s->used = 0;
}

void mk_sha1_update(struct mk_sha1 *s, const void *data, size_t len)
{
    const unsigned char *p = data;

    if (len == 0)
        return;
    s->nbytes += len;
    if (s->used > 0) {
        size_t take = 64 - s->used;

        if (take > len)
            take = len;
        memcpy(s->block + s->used, p, take);
        s->used += take;
        p += take;
        len -= take;
        if (s->used < 64)
            return;
        sha1_block(s->h, s->block);
        s->used = 0;
    }
    while (len >= 64) {
        sha1_block(s->h, p);
        p += 64;
        len -= 64;
    }
    if (len > 0) {
        memcpy(s->block, p, len);
        s->used = len;
    }
}

void mk_sha1_final(struct mk_sha1 *s, unsigned char out[20])
{
    uint64_t bits = s->nbytes * 8;
    int i;

    /* Padding: 0x80, zeros to 56 mod 64, then the bit length. */
    s->block[s->used++] = 0x80;
    if (s->used > 56) {
        memset(s->block + s->used, 0, 64 - s->used);
        sha1_block(s->h, s->block);
        s->used = 0;
    }
    memset(s->block + s->used, 0, 56 - s->used);
    for (i = 0; i < 8; i++)
        s->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    sha1_block(s->h, s->block);
    for (i = 0; i < 20; i++)
        out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
    s->used = 0;
}

void mk_uuid_v5(const unsigned char ns[16], const void *name, size_t len,
                char out[37])
{
    struct mk_sha1 s;
    unsigned char digest[20];
    size_t i, o = 0, dash = 0;

    mk_sha1_init(&s);
    mk_sha1_update(&s, ns, 16);
    mk_sha1_update(&s, name, len);
    mk_sha1_final(&s, digest);
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

int mk_uuid_urn_is_valid(const char *s)
{
    static const char prefix[] = "urn:uuid:";
    size_t i;

    if (s == NULL)
        return -1;
    for (i = 0; prefix[i] != '\0'; i++) {
        int c = (unsigned char)s[i];

        if (c >= 'A' && c <= 'Z')
            c = c - 'A' + 'a';
        if (c != prefix[i])
            return -1;
    }
    return mk_uuid_is_valid(s + i);
}
