// SPDX-License-Identifier: GPL-2.0-only
/*
 * extract-vmlinux - write the ELF vmlinux held inside an x86 bzImage.
 *
 * Usage: extract-vmlinux [-q] BZIMAGE OUTPUT
 *
 * Finds the compressed payload through the bzImage setup header (boot
 * protocol 2.08 or later) or, failing that, by scanning for the xz magic;
 * decompresses it with liblzma; checks that the result is an ELF64 x86-64
 * executable; writes it to OUTPUT (through a temporary file renamed into
 * place, so OUTPUT is never left half-written).  Unless -q is given, one
 * line describing what was found goes to stdout.  Errors go to stderr and
 * the exit status is 1 (2 for a usage error).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmlinux.h"

static const char *prog = "extract-vmlinux";

static void usage(FILE *f)
{
    fprintf(f, "Usage: %s [-q] BZIMAGE OUTPUT\n"
            "Write the ELF vmlinux inside an xz-compressed x86 bzImage to "
            "OUTPUT.\n", prog);
}

static uint8_t *read_file(const char *path, size_t *size)
{
    struct stat st;
    uint8_t *buf;
    size_t done = 0;
    int fd = open(path, O_RDONLY);

    if (fd < 0) {
        fprintf(stderr, "%s: cannot open '%s': %s\n", prog, path,
                strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "%s: '%s' is not a regular file\n", prog, path);
        close(fd);
        return NULL;
    }
    buf = malloc(st.st_size ? (size_t)st.st_size : 1);
    if (!buf) {
        fprintf(stderr, "%s: out of memory reading '%s'\n", prog, path);
        close(fd);
        return NULL;
    }
    while (done < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

        if (n <= 0) {
            fprintf(stderr, "%s: cannot read '%s': %s\n", prog, path,
                    n < 0 ? strerror(errno) : "unexpected end of file");
            free(buf);
            close(fd);
            return NULL;
        }
        done += (size_t)n;
    }
    close(fd);
    *size = done;
    return buf;
}

static int write_file(const char *path, const uint8_t *buf, size_t size)
{
    size_t len = strlen(path) + 32, done = 0;
    char *tmp = malloc(len);
    int fd;

    if (!tmp) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return -1;
    }
    snprintf(tmp, len, "%s.tmp.%ld", path, (long)getpid());
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot create '%s': %s\n", prog, tmp,
                strerror(errno));
        free(tmp);
        return -1;
    }
    while (done < size) {
        ssize_t n = write(fd, buf + done, size - done);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "%s: cannot write '%s': %s\n", prog, tmp,
                    strerror(errno));
            goto fail;
        }
        done += (size_t)n;
    }
    if (close(fd)) {
        fd = -1;
        fprintf(stderr, "%s: cannot write '%s': %s\n", prog, tmp,
                strerror(errno));
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path)) {
        fprintf(stderr, "%s: cannot rename '%s' to '%s': %s\n", prog, tmp,
                path, strerror(errno));
        goto fail;
    }
    free(tmp);
    return 0;

fail:
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return -1;
}

int main(int argc, char **argv)
{
    struct extract_result res;
    const char *in, *out;
    char err[512];
    uint8_t *image;
    size_t size;
    int quiet = 0, argi = 1;

    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        usage(stdout);
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "-q")) {
        quiet = 1;
        argi++;
    }
    if (argc - argi != 2) {
        usage(stderr);
        return 2;
    }
    in = argv[argi];
    out = argv[argi + 1];

    image = read_file(in, &size);
    if (!image)
        return 1;
    if (extract_vmlinux(image, size, &res, err, sizeof(err))) {
        fprintf(stderr, "%s: %s: %s\n", prog, in, err);
        free(image);
        return 1;
    }
    free(image);

    if (res.size_mismatch)
        fprintf(stderr, "%s: warning: %s: the size word after the xz stream "
                "does not match the %zu bytes decompressed\n", prog, in,
                res.size);
    if (write_file(out, res.data, res.size)) {
        free(res.data);
        return 1;
    }

    if (!quiet) {
        printf("%s: %s: ", prog, in);
        if (res.protocol)
            printf("boot protocol %u.%02u, ", res.protocol >> 8,
                   res.protocol & 0xff);
        printf("xz payload at %#zx (%zu bytes, found by %s) -> %s: "
               "ELF64 x86-64, %zu bytes", res.payload_offset, res.xz_size,
               res.method, out, res.size);
        if (res.elf.elf_end < res.size)
            printf(" (%zu after the ELF proper)",
                   res.size - res.elf.elf_end);
        printf(", entry %#llx, %u PT_LOAD spanning physical %#llx-%#llx",
               (unsigned long long)res.elf.entry, res.elf.nr_load,
               (unsigned long long)res.elf.paddr_start,
               (unsigned long long)res.elf.paddr_end);
        if (res.elf.has_phys32_entry)
            printf(", PHYS32_ENTRY %#x", res.elf.phys32_entry);
        else
            printf(", no PHYS32_ENTRY note");
        printf("\n");
    }
    free(res.data);
    return 0;
}
