/*
 * uuid.h - RFC 4122 UUIDs.
 *
 * Owns name-based version 5 UUIDs (so a book's identifier is
 * reproducible; the SHA-1 under them is nettle's, which is also what
 * any other SHA-1 in mkepub should use) and the syntax check of UUIDs
 * and urn:uuid: URNs.
 */
#ifndef MK_UUID_H
#define MK_UUID_H

#include <stddef.h>

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

/* What mk_uuid_urn_is_valid found. */
enum mk_uuid_urn {
    MK_UUID_NOT_URN = -1,       /* not a "urn:uuid:" URN, or NULL */
    MK_UUID_URN_BAD = 0,        /* "urn:uuid:" and no well-formed UUID */
    MK_UUID_URN_OK = 1          /* "urn:uuid:" and a well-formed UUID */
};

/*
 * Whether s is a "urn:uuid:" URN (prefix matched ignoring ASCII case)
 * whose rest is a well-formed UUID (mk_uuid_is_valid).
 */
enum mk_uuid_urn mk_uuid_urn_is_valid(const char *s);

#endif /* MK_UUID_H */
