/*
 * obfuscate.h - IDPF font obfuscation (EPUB 3.3 OCF, "Resource
 * obfuscation"): the key made from the package's unique identifier, the
 * XOR of a font's first 1040 bytes with it, and META-INF/encryption.xml,
 * which tells reading systems which entries to undo it on.
 *
 * Obfuscation keeps a font from being copied out of the archive as it
 * is; it is not encryption, and anyone who knows the algorithm can undo
 * it.  It happens before the entry is compressed, as readers expect.
 */
#ifndef MK_OBFUSCATE_H
#define MK_OBFUSCATE_H

#include <stddef.h>

#include "buf.h"

#define MK_OBFUSCATE_KEY_SIZE 20    /* a SHA-1 digest */
#define MK_OBFUSCATE_PREFIX 1040    /* bytes of the file XORed */

struct mk_pub;

/* The key for a package whose unique identifier is identifier: the SHA-1
 * of the identifier without its spaces, tabs, carriage returns and line
 * feeds. */
void mk_obfuscate_key(const char *identifier,
                      unsigned char key[MK_OBFUSCATE_KEY_SIZE]);

/* XORs the first MK_OBFUSCATE_PREFIX bytes of data (all of it when
 * shorter) with the key repeated.  Applying it twice gives data back. */
void mk_obfuscate(unsigned char *data, size_t len,
                  const unsigned char key[MK_OBFUSCATE_KEY_SIZE]);

/* Appends META-INF/encryption.xml naming every item of pub marked
 * obfuscate, in manifest order; appends nothing when none is.  Returns
 * 0, or -1 when out of memory (out->failed). */
int mk_encryption_write(const struct mk_pub *pub, struct mk_buf *out);

#endif
