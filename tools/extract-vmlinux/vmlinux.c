// SPDX-License-Identifier: GPL-2.0-only
/*
 * bzImage parsing, xz decompression and the ELF check behind
 * extract-vmlinux.
 *
 * Where the payload is (Documentation/x86/boot.rst, "The real-mode kernel
 * header"): the real-mode setup is (setup_sects + 1) * 512 bytes
 * (setup_sects at 0x1f1; 0 means 4), and the protected-mode part follows.
 * From boot protocol 2.08 on, payload_offset (0x248) and payload_length
 * (0x24c) give the compressed payload relative to the start of the
 * protected-mode part.  Linux builds that payload by compressing
 * vmlinux.bin (the stripped ELF, with the relocation table appended) and
 * appending the uncompressed size as a little-endian 32-bit word.
 *
 * Images without a usable header are scanned for the xz magic, as the
 * kernel's own scripts/extract-vmlinux does: each candidate stream is
 * decoded and the first one that yields an ELF wins.
 */
#include <elf.h>
#include <lzma.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmlinux.h"

#define SETUP_SECTS      0x1f1
#define BOOT_FLAG        0x1fe
#define HEADER_MAGIC     0x202
#define HEADER_VERSION   0x206
#define PAYLOAD_OFFSET   0x248
#define PAYLOAD_LENGTH   0x24c
#define HDRS             0x53726448u     /* "HdrS" */

#define XEN_ELFNOTE_PHYS32_ENTRY 18

static const uint8_t xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (!err || !errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
           (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

const char *compression_name(const uint8_t *p, size_t avail)
{
    static const struct {
        const char *name;
        size_t len;
        uint8_t magic[6];
    } formats[] = {
        { "xz",    6, { 0xfd, '7', 'z', 'X', 'Z', 0x00 } },
        { "gzip",  2, { 0x1f, 0x8b } },
        { "bzip2", 3, { 'B', 'Z', 'h' } },
        { "lzma",  3, { 0x5d, 0x00, 0x00 } },
        { "lzo",   4, { 0x89, 'L', 'Z', 'O' } },
        { "lz4",   4, { 0x02, 0x21, 0x4c, 0x18 } },
        { "zstd",  4, { 0x28, 0xb5, 0x2f, 0xfd } },
    };
    size_t i;

    for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        if (avail >= formats[i].len &&
            !memcmp(p, formats[i].magic, formats[i].len))
            return formats[i].name;
    return NULL;
}

static const char *lzma_strerror(lzma_ret ret)
{
    switch (ret) {
    case LZMA_MEM_ERROR:     return "out of memory";
    case LZMA_MEMLIMIT_ERROR: return "memory limit reached";
    case LZMA_FORMAT_ERROR:  return "not an xz stream";
    case LZMA_OPTIONS_ERROR: return "unsupported xz options";
    case LZMA_DATA_ERROR:    return "corrupt xz data";
    case LZMA_BUF_ERROR:     return "xz stream truncated";
    case LZMA_PROG_ERROR:    return "liblzma programming error";
    default:                 return "unexpected liblzma status";
    }
}

int xz_decompress(const uint8_t *in, size_t in_size, uint8_t **out,
                  size_t *out_size, size_t *consumed,
                  char *err, size_t errlen)
{
    lzma_stream strm = LZMA_STREAM_INIT;
    size_t cap = in_size < (1u << 20) ? (4u << 20) : in_size * 4;
    uint8_t *buf = NULL;
    lzma_ret ret;

    *out = NULL;
    *out_size = 0;
    *consumed = 0;

    if (cap > VMLINUX_MAX_SIZE)
        cap = VMLINUX_MAX_SIZE;
    /* No LZMA_CONCATENATED: stop at the end of the first stream, so that
     * the size word Linux appends is not taken for a second stream. */
    ret = lzma_stream_decoder(&strm, UINT64_MAX, 0);
    if (ret != LZMA_OK) {
        set_err(err, errlen, "cannot start the xz decoder: %s",
                lzma_strerror(ret));
        return -1;
    }
    buf = malloc(cap);
    if (!buf) {
        set_err(err, errlen, "out of memory (%zu bytes)", cap);
        lzma_end(&strm);
        return -1;
    }
    strm.next_in = in;
    strm.avail_in = in_size;
    strm.next_out = buf;
    strm.avail_out = cap;

    for (;;) {
        ret = lzma_code(&strm, LZMA_FINISH);
        if (ret == LZMA_STREAM_END)
            break;
        if (ret != LZMA_OK) {
            set_err(err, errlen, "%s after %llu input bytes",
                    lzma_strerror(ret), (unsigned long long)strm.total_in);
            goto fail;
        }
        if (strm.avail_out == 0) {
            size_t used = cap;
            uint8_t *bigger;

            if (cap >= VMLINUX_MAX_SIZE) {
                set_err(err, errlen,
                        "decompressed data exceeds %lu MiB; refusing",
                        VMLINUX_MAX_SIZE >> 20);
                goto fail;
            }
            cap = cap * 2 > VMLINUX_MAX_SIZE ? VMLINUX_MAX_SIZE : cap * 2;
            bigger = realloc(buf, cap);
            if (!bigger) {
                set_err(err, errlen, "out of memory (%zu bytes)", cap);
                goto fail;
            }
            buf = bigger;
            strm.next_out = buf + used;
            strm.avail_out = cap - used;
        }
    }

    *out = buf;
    *out_size = (size_t)strm.total_out;
    *consumed = (size_t)strm.total_in;
    lzma_end(&strm);
    return 0;

fail:
    free(buf);
    lzma_end(&strm);
    return -1;
}

/* Is [off, off + len) inside a file of size bytes? */
static int in_file(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

static void scan_notes(const uint8_t *p, size_t len, struct elf_facts *f)
{
    size_t pos = 0;

    while (len - pos >= 12) {
        uint32_t namesz = le32(p + pos);
        uint32_t descsz = le32(p + pos + 4);
        uint32_t type = le32(p + pos + 8);
        size_t name_off = pos + 12;
        size_t desc_off, next;

        if (namesz > len || descsz > len)
            return;
        desc_off = name_off + ((namesz + 3u) & ~3u);
        next = desc_off + ((descsz + 3u) & ~3u);
        if (desc_off > len || next > len || desc_off + descsz > len)
            return;
        if (namesz == 4 && !memcmp(p + name_off, "Xen", 4) &&
            type == XEN_ELFNOTE_PHYS32_ENTRY && descsz >= 4) {
            f->has_phys32_entry = 1;
            f->phys32_entry = le32(p + desc_off);
        }
        pos = next;
    }
}

int check_elf_x86_64(const uint8_t *buf, size_t size,
                     struct elf_facts *facts, char *err, size_t errlen)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)buf;
    struct elf_facts f;
    size_t end;
    unsigned int i;

    memset(&f, 0, sizeof(f));
    if (size < SELFMAG || memcmp(buf, ELFMAG, SELFMAG)) {
        set_err(err, errlen, "not an ELF file (no \\177ELF magic)");
        return -1;
    }
    if (size < sizeof(*eh)) {
        set_err(err, errlen, "ELF file truncated: %zu bytes, smaller than "
                "an ELF64 header", size);
        return -1;
    }
    if (eh->e_ident[EI_CLASS] != ELFCLASS64) {
        set_err(err, errlen, "ELF class %u, not ELFCLASS64",
                eh->e_ident[EI_CLASS]);
        return -1;
    }
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB) {
        set_err(err, errlen, "ELF data encoding %u, not little-endian",
                eh->e_ident[EI_DATA]);
        return -1;
    }
    if (eh->e_machine != EM_X86_64) {
        set_err(err, errlen, "ELF machine %u, not x86-64 (%u)",
                eh->e_machine, EM_X86_64);
        return -1;
    }
    if (eh->e_type != ET_EXEC) {
        set_err(err, errlen, "ELF type %u, not an executable (ET_EXEC)",
                eh->e_type);
        return -1;
    }
    if (eh->e_phnum == 0 || eh->e_phentsize != sizeof(Elf64_Phdr)) {
        set_err(err, errlen, "ELF has %u program headers of %u bytes; "
                "want at least one of %zu", eh->e_phnum, eh->e_phentsize,
                sizeof(Elf64_Phdr));
        return -1;
    }
    if (!in_file(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr),
                 size)) {
        set_err(err, errlen, "ELF program headers lie outside the file");
        return -1;
    }

    end = eh->e_phoff + eh->e_phnum * sizeof(Elf64_Phdr);
    if (end < sizeof(*eh))
        end = sizeof(*eh);
    f.entry = eh->e_entry;
    f.paddr_start = UINT64_MAX;
    for (i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr ph;

        memcpy(&ph, buf + eh->e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type != PT_LOAD && ph.p_type != PT_NOTE)
            continue;
        if (!in_file(ph.p_offset, ph.p_filesz, size)) {
            set_err(err, errlen, "ELF segment %u (offset %#llx, %llu bytes) "
                    "lies outside the file (%zu bytes)", i,
                    (unsigned long long)ph.p_offset,
                    (unsigned long long)ph.p_filesz, size);
            return -1;
        }
        if (ph.p_offset + ph.p_filesz > end)
            end = ph.p_offset + ph.p_filesz;
        if (ph.p_type == PT_NOTE) {
            scan_notes(buf + ph.p_offset, ph.p_filesz, &f);
            continue;
        }
        if (ph.p_filesz > ph.p_memsz) {
            set_err(err, errlen, "ELF segment %u has p_filesz %#llx > "
                    "p_memsz %#llx", i, (unsigned long long)ph.p_filesz,
                    (unsigned long long)ph.p_memsz);
            return -1;
        }
        f.nr_load++;
        if (ph.p_paddr < f.paddr_start)
            f.paddr_start = ph.p_paddr;
        if (ph.p_paddr + ph.p_memsz > f.paddr_end)
            f.paddr_end = ph.p_paddr + ph.p_memsz;
    }
    if (f.nr_load == 0) {
        set_err(err, errlen, "ELF has no PT_LOAD segment");
        return -1;
    }

    if (eh->e_shnum && eh->e_shoff) {
        if (eh->e_shentsize != sizeof(Elf64_Shdr) ||
            !in_file(eh->e_shoff,
                     (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), size)) {
            set_err(err, errlen, "ELF section headers lie outside the file");
            return -1;
        }
        if (eh->e_shoff + eh->e_shnum * sizeof(Elf64_Shdr) > end)
            end = eh->e_shoff + eh->e_shnum * sizeof(Elf64_Shdr);
        for (i = 0; i < eh->e_shnum; i++) {
            Elf64_Shdr sh;

            memcpy(&sh, buf + eh->e_shoff + i * sizeof(sh), sizeof(sh));
            if (sh.sh_type == SHT_NOBITS ||
                !in_file(sh.sh_offset, sh.sh_size, size))
                continue;
            if (sh.sh_offset + sh.sh_size > end)
                end = sh.sh_offset + sh.sh_size;
        }
    }
    f.elf_end = end;
    if (facts)
        *facts = f;
    return 0;
}

/* Decode the xz stream at image[off..off+len) and check for an ELF. */
static int try_payload(const uint8_t *image, size_t off, size_t len,
                       struct extract_result *res, char *err, size_t errlen)
{
    size_t consumed;
    char why[200];

    if (xz_decompress(image + off, len, &res->data, &res->size, &consumed,
                      why, sizeof(why))) {
        set_err(err, errlen, "xz stream at file offset %#zx: %s", off, why);
        return -1;
    }
    if (check_elf_x86_64(res->data, res->size, &res->elf, why, sizeof(why))) {
        set_err(err, errlen, "xz stream at file offset %#zx decompressed "
                "to %zu bytes, but %s", off, res->size, why);
        free(res->data);
        res->data = NULL;
        return -1;
    }
    res->payload_offset = off;
    res->xz_size = consumed;
    return 0;
}

static int scan_for_xz(const uint8_t *image, size_t size,
                       struct extract_result *res, char *err, size_t errlen)
{
    char first[300] = "", last[300] = "";
    unsigned int tried = 0;
    size_t off;

    for (off = 0; off + sizeof(xz_magic) <= size; off++) {
        const uint8_t *hit = memchr(image + off, xz_magic[0],
                                    size - off - sizeof(xz_magic) + 1);

        if (!hit)
            break;
        off = (size_t)(hit - image);
        if (memcmp(hit, xz_magic, sizeof(xz_magic)))
            continue;
        tried++;
        if (!try_payload(image, off, size - off, res,
                         tried == 1 ? first : last,
                         tried == 1 ? sizeof(first) : sizeof(last))) {
            res->method = "xz magic scan";
            return 0;
        }
    }
    if (!tried)
        set_err(err, errlen, "no xz stream (magic FD 37 7A 58 5A 00) in "
                "the file; is it an xz-compressed bzImage?");
    else if (tried == 1)
        set_err(err, errlen, "no setup header with payload fields; the "
                "only xz stream found fails: %s", first);
    else
        set_err(err, errlen, "no setup header with payload fields; none of "
                "the %u xz streams found decodes to an x86-64 ELF; first: "
                "%s; last: %s", tried, first, last);
    return -1;
}

int extract_vmlinux(const uint8_t *image, size_t size,
                    struct extract_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof(*res));

    if (size >= SELFMAG && !memcmp(image, ELFMAG, SELFMAG)) {
        set_err(err, errlen, "the input is already an ELF file (a vmlinux?), "
                "not a bzImage");
        return -1;
    }

    if (size >= PAYLOAD_LENGTH + 4 && le32(image + HEADER_MAGIC) == HDRS &&
        le16(image + HEADER_VERSION) >= 0x208) {
        unsigned int sects = image[SETUP_SECTS] ? image[SETUP_SECTS] : 4;
        uint64_t pm_start = (uint64_t)(sects + 1) * 512;
        uint64_t off = pm_start + le32(image + PAYLOAD_OFFSET);
        uint64_t len = le32(image + PAYLOAD_LENGTH);
        const char *fmt;

        res->protocol = le16(image + HEADER_VERSION);
        if (le16(image + BOOT_FLAG) != 0xaa55) {
            set_err(err, errlen, "setup header found but the boot flag at "
                    "0x1fe is %#x, not 0xaa55", le16(image + BOOT_FLAG));
            return -1;
        }
        if (len == 0 || !in_file(off, len, size)) {
            set_err(err, errlen, "setup header (protocol %u.%02u) puts the "
                    "payload at file offset %#llx, %llu bytes, outside the "
                    "%zu-byte file (truncated image?)",
                    res->protocol >> 8, res->protocol & 0xff,
                    (unsigned long long)off, (unsigned long long)len, size);
            return -1;
        }
        fmt = compression_name(image + off, len);
        if (!fmt || strcmp(fmt, "xz")) {
            set_err(err, errlen, "the payload (file offset %#llx) is %s%s; "
                    "only xz payloads are supported",
                    (unsigned long long)off,
                    fmt ? fmt : "in an unknown format",
                    fmt ? "-compressed" : "");
            return -1;
        }
        if (try_payload(image, off, len, res, err, errlen))
            return -1;
        res->method = "setup header";
        res->trailer = len - res->xz_size;
        if (res->trailer == 4 &&
            le32(image + off + res->xz_size) != (uint32_t)res->size)
            res->size_mismatch = 1;
        return 0;
    }

    return scan_for_xz(image, size, res, err, errlen);
}
