/*
 * uuid.h - SHA-1 and RFC 4122 UUIDs.
 *
 * Owns a self-contained SHA-1 (FIPS 180-4), name-based version 5
 * UUIDs built on it (so a book's identifier is reproducible), and the
 * syntax check of UUIDs and urn:uuid: URNs.
 */
#ifndef MK_UUID_H
#define MK_UUID_H

#include <stddef.h>
#include <stdint.h>

/*
 * SHA-1 state.  Public so it can live on the stack; treat the members
 * as private and use the functions below.
 */
struct mk_sha1 {
    uint32_t h[5];          /* chaining value */
    uint64_t nbytes;        /* message length so far, in bytes */
    unsigned char block[64];
    size_t used;            /* bytes waiting in block, 0..63 */
};

/* Start a new digest in s.  Any earlier content of s is discarded. */
void mk_sha1_init(struct mk_sha1 *s);

/*
 * Add len bytes at data to the message.  May be called any number of
 * times between init and final; data may be NULL when len is 0.
 */
void mk_sha1_update(struct mk_sha1 *s, const void *data, size_t len);

/*
 * Finish the digest and write its 20 bytes to out.  s is then spent:
 * call mk_sha1_init before using it again.
 */
void mk_sha1_final(struct mk_sha1 *s, unsigned char out[20]);

/*
 * UUID version 5 (RFC 4122 section 4.3) of the len bytes at name
 * under namespace ns (16 raw bytes, network order), written to out as
 * 36 lowercase characters and a NUL: "xxxxxxxx-xxxx-5xxx-yxxx-...".
 * name may be NULL when len is 0.
 */
void mk_uuid_v5(const unsigned char ns[16], const void *name, size_t len,
                char out[37]);

/* The RFC 4122 URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8. */
extern const unsigned char mk_uuid_ns_url[16];

/*
 * 1 if s is exactly 36 characters in the 8-4-4-4-12 layout of hex
 * digits (either case) separated by '-'; 0 otherwise (NULL gives 0).
 * Version and variant bits are not checked.
 */
int mk_uuid_is_valid(const char *s);

/*
 * For a "urn:uuid:" URN (prefix matched ignoring ASCII case): 1 if
 * the rest is a well-formed UUID (mk_uuid_is_valid), 0 if it is not.
 * Returns -1 if s does not start with "urn:uuid:" or is NULL.
 */
int mk_uuid_urn_is_valid(const char *s);

#endif /* MK_UUID_H */
