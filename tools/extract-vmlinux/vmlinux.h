/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Find the xz-compressed payload of an x86 bzImage, decompress it and
 * check that the result is an ELF64 x86-64 executable (the vmlinux).
 */
#ifndef EXTRACT_VMLINUX_H
#define EXTRACT_VMLINUX_H

#include <stddef.h>
#include <stdint.h>

/* Refuse to decompress more than this (a corrupt or hostile input). */
#define VMLINUX_MAX_SIZE (1024UL * 1024 * 1024)

struct elf_facts {
    uint64_t entry;          /* e_entry */
    unsigned int nr_load;    /* PT_LOAD segments */
    uint64_t paddr_start;    /* lowest p_paddr of a PT_LOAD */
    uint64_t paddr_end;      /* highest p_paddr + p_memsz of a PT_LOAD */
    size_t elf_end;          /* end of the furthest header, segment or
                                section in the file */
    int has_phys32_entry;    /* a "Xen" note XEN_ELFNOTE_PHYS32_ENTRY */
    uint32_t phys32_entry;
};

struct extract_result {
    uint8_t *data;           /* the decompressed payload (malloc'd) */
    size_t size;
    const char *method;      /* "setup header" or "xz magic scan" */
    unsigned int protocol;   /* boot protocol version, 0 if no header */
    size_t payload_offset;   /* file offset of the xz stream */
    size_t xz_size;          /* bytes of the xz stream */
    size_t trailer;          /* header mode: payload bytes after the stream */
    int size_mismatch;       /* the trailer's size word disagrees */
    struct elf_facts elf;
};

/*
 * Extract the vmlinux from the bzImage image[0..size).  On success returns
 * 0 and fills *res (free res->data).  On failure returns -1 and writes a
 * one-line reason to err.
 */
int extract_vmlinux(const uint8_t *image, size_t size,
                    struct extract_result *res, char *err, size_t errlen);

/*
 * Check that buf[0..size) is an ELF64 little-endian x86-64 executable with
 * loadable segments inside the file; fill *facts.  Returns 0 or -1 with a
 * reason in err.
 */
int check_elf_x86_64(const uint8_t *buf, size_t size,
                     struct elf_facts *facts, char *err, size_t errlen);

/*
 * Decompress one xz stream starting at in[0]; bytes after the end of the
 * stream are ignored and *consumed says where it ended.  Returns 0 (with
 * *out malloc'd) or -1 with a reason in err.
 */
int xz_decompress(const uint8_t *in, size_t in_size, uint8_t **out,
                  size_t *out_size, size_t *consumed,
                  char *err, size_t errlen);

/* The name of a compression format recognised by its magic, or NULL. */
const char *compression_name(const uint8_t *p, size_t avail);

#endif /* EXTRACT_VMLINUX_H */
