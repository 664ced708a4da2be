/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reader for ELF64 x86-64 executables (the dom0 kernel) and the Xen ELF
 * notes in them.
 *
 * The image comes from the boot loader and is not trusted: every offset
 * and size read from it is checked against the image before use, with
 * overflow-safe arithmetic, and nothing is read through a pointer that
 * might be misaligned.  Failures are reported with one printk line.
 */
#ifndef XEN_LIBELF_H
#define XEN_LIBELF_H

#include <xen/types.h>
#include <public/elfnote.h>
#include <public/features.h>

#define EI_NIDENT       16
#define EI_CLASS        4
#define EI_DATA         5
#define EI_VERSION      6
#define ELFCLASS64      2
#define ELFDATA2LSB     1
#define EV_CURRENT      1
#define ET_EXEC         2
#define EM_X86_64       62

#define PT_LOAD         1
#define PT_NOTE         4
#define SHT_NOTE        7

#define PF_X            1
#define PF_W            2
#define PF_R            4

typedef struct elf64_ehdr {
    uint8_t  e_ident[EI_NIDENT];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
} Elf64_Ehdr;

typedef struct elf64_phdr {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
} Elf64_Phdr;

typedef struct elf64_shdr {
    uint32_t sh_name;
    uint32_t sh_type;
    uint64_t sh_flags;
    uint64_t sh_addr;
    uint64_t sh_offset;
    uint64_t sh_size;
    uint32_t sh_link;
    uint32_t sh_info;
    uint64_t sh_addralign;
    uint64_t sh_entsize;
} Elf64_Shdr;

typedef struct elf64_nhdr {
    uint32_t n_namesz;
    uint32_t n_descsz;
    uint32_t n_type;
} Elf64_Nhdr;

struct elf_binary {
    const uint8_t *image;
    size_t size;
    Elf64_Ehdr ehdr;            /* a copy: the image may be unaligned */
};

/* One PT_LOAD segment, checked to lie within the image. */
struct elf_seg {
    uint64_t paddr;
    uint64_t vaddr;
    uint64_t filesz;
    uint64_t memsz;             /* >= filesz; the rest is zero-filled */
    uint64_t offset;            /* of the file data in the image */
    uint32_t flags;             /* PF_* */
};

/* Value of an address note that the image does not have. */
#define UNSET_ADDR      (~(uint64_t)0)

#define ELF_XEN_STR_MAX 32

/* What the Xen notes say; strings are always NUL-terminated. */
struct elf_dom_parms {
    char guest_os[ELF_XEN_STR_MAX];
    char guest_ver[ELF_XEN_STR_MAX];
    char xen_ver[ELF_XEN_STR_MAX];
    char loader[ELF_XEN_STR_MAX];
    char pae_mode[ELF_XEN_STR_MAX];
    char features[256];         /* FEATURES as written, for logging */

    uint64_t virt_base;         /* UNSET_ADDR if absent, and so on */
    uint64_t virt_entry;
    uint64_t virt_hypercall;
    uint64_t elf_paddr_offset;
    uint64_t virt_hv_start_low;
    uint64_t p2m_base;

    uint64_t phys32_entry;      /* valid if has_phys32_entry */
    bool has_phys32_entry;
    bool bsd_symtab;
    bool unmapped_initrd;       /* MOD_START_PFN */

    /* Bit n of word n / 32 stands for XENFEAT_ n. */
    uint32_t f_supported[XENFEAT_NR_SUBMAPS];
    uint32_t f_required[XENFEAT_NR_SUBMAPS];

    unsigned int nr_notes;      /* Xen notes seen */
};

/*
 * Checks that image[0 .. size) is a little-endian x86-64 ELF64
 * executable whose program and section header tables lie inside it, and
 * fills in elf.  Returns 0, -ENOEXEC if it is not that kind of file, or
 * -EINVAL if it is but the headers are corrupt.
 */
int elf_init(struct elf_binary *elf, const void *image, size_t size);

static inline uint64_t elf_entry(const struct elf_binary *elf)
{
    return elf->ehdr.e_entry;
}

/* Number of program headers (of any type). */
unsigned int elf_phdr_count(const struct elf_binary *elf);

/*
 * Reads program header idx.  Returns 0 with *out filled in for a valid
 * PT_LOAD segment, -ENOENT for any other type (callers skip those), or
 * -EINVAL if idx is out of range or the segment is corrupt (file size
 * above memory size, file data outside the image, addresses wrapping).
 *
 *     for ( i = 0; i < elf_phdr_count(elf); i++ )
 *     {
 *         rc = elf_get_load_seg(elf, i, &seg);
 *         if ( rc == -ENOENT )
 *             continue;
 *         ...
 *     }
 */
int elf_get_load_seg(const struct elf_binary *elf, unsigned int idx,
                     struct elf_seg *out);

/*
 * Physical extent of all non-empty PT_LOAD segments: *lo is the lowest
 * paddr, *hi one past the highest byte.  Returns 0, -ENOENT if there is
 * no such segment, or -EINVAL if one is corrupt.
 */
int elf_load_range(const struct elf_binary *elf, uint64_t *lo, uint64_t *hi);

/*
 * Parses the notes named "Xen" in every PT_NOTE segment or, if there is
 * none, in every SHT_NOTE section.  Returns 0, -ENOENT if there are no
 * Xen notes at all, or -EINVAL if a note or a note value is malformed.
 * Unknown note types and unknown feature names are ignored.
 */
int elf_xen_parse(const struct elf_binary *elf, struct elf_dom_parms *parms);

/* XENFEAT_ number of a feature name (without "XENFEAT_"), or -1. */
int elf_xen_feature_lookup(const char *name);

static inline bool elf_xen_feature_get(unsigned int nr, const uint32_t *map)
{
    return nr < 32 * XENFEAT_NR_SUBMAPS && (map[nr / 32] >> (nr % 32)) & 1;
}

#endif /* XEN_LIBELF_H */
