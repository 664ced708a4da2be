// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host test for extract-vmlinux: builds small synthetic bzImages around an
 * xz-compressed ELF (compressed the way Linux does it: x86 BCJ + LZMA2,
 * CRC32 check, the uncompressed size appended) and checks both the
 * library (vmlinux.c) and, when given its path, the program end to end.
 *
 * Usage: test-extract-vmlinux [PATH-TO-extract-vmlinux]
 * Prints one line per failed check and a final "N passed, M failed".
 */
#include <elf.h>
#include <limits.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vmlinux.h"

static unsigned int passed, failed;

#define CHECK(cond, ...) do {                                          \
        if (cond) {                                                    \
            passed++;                                                  \
        } else {                                                       \
            failed++;                                                  \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);     \
            printf(__VA_ARGS__);                                       \
            printf("\n");                                              \
        }                                                              \
    } while (0)

struct buf {
    uint8_t *p;
    size_t len;
};

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void *xmalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);

    if (!p) {
        perror("test-extract-vmlinux: calloc");
        exit(2);
    }
    return p;
}

/*
 * A minimal ELF64 executable: header, one PT_LOAD at physical 16 MiB, one
 * PT_NOTE holding a Xen PHYS32_ENTRY note, then body_len bytes of
 * pseudo-random but compressible text.
 */
#define TEST_PHYS32 0x01000850u

static struct buf make_elf(unsigned int machine, unsigned int class,
                           size_t body_len)
{
    struct buf b;
    Elf64_Ehdr *eh;
    Elf64_Phdr *ph;
    size_t note_off = sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr);
    size_t body_off = note_off + 20;
    uint32_t x = 12345;
    size_t i;

    b.len = body_off + body_len;
    b.p = xmalloc(b.len);
    eh = (Elf64_Ehdr *)b.p;
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = (uint8_t)class;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = (uint16_t)machine;
    eh->e_version = EV_CURRENT;
    eh->e_entry = 0xffffffff81000000ull;
    eh->e_phoff = sizeof(Elf64_Ehdr);
    eh->e_ehsize = sizeof(Elf64_Ehdr);
    eh->e_phentsize = sizeof(Elf64_Phdr);
    eh->e_phnum = 2;

    ph = (Elf64_Phdr *)(b.p + eh->e_phoff);
    ph[0].p_type = PT_LOAD;
    ph[0].p_offset = body_off;
    ph[0].p_vaddr = 0xffffffff81000000ull;
    ph[0].p_paddr = 0x1000000;
    ph[0].p_filesz = body_len;
    ph[0].p_memsz = body_len + 0x10000;
    ph[1].p_type = PT_NOTE;
    ph[1].p_offset = note_off;
    ph[1].p_filesz = 20;

    put32(b.p + note_off, 4);                       /* namesz */
    put32(b.p + note_off + 4, 4);                   /* descsz */
    put32(b.p + note_off + 8, 18);                  /* PHYS32_ENTRY */
    memcpy(b.p + note_off + 12, "Xen", 4);
    put32(b.p + note_off + 16, TEST_PHYS32);

    for (i = 0; i < body_len; i++) {
        x = x * 1103515245u + 12345u;
        b.p[body_off + i] = (uint8_t)("abcdefgh\x0f\x05\xe8\x90"[(x >> 16) % 12]);
    }
    return b;
}

/* xz as Linux's scripts/xz_wrap.sh makes it, plus the size word. */
static struct buf xz_kernel(const uint8_t *in, size_t len)
{
    lzma_options_lzma opt;
    lzma_filter filters[3];
    lzma_stream strm = LZMA_STREAM_INIT;
    struct buf b;
    size_t cap = len + len / 2 + 4096;

    if (lzma_lzma_preset(&opt, 6)) {
        fprintf(stderr, "test-extract-vmlinux: lzma_lzma_preset failed\n");
        exit(2);
    }
    filters[0].id = LZMA_FILTER_X86;
    filters[0].options = NULL;
    filters[1].id = LZMA_FILTER_LZMA2;
    filters[1].options = &opt;
    filters[2].id = LZMA_VLI_UNKNOWN;
    filters[2].options = NULL;
    if (lzma_stream_encoder(&strm, filters, LZMA_CHECK_CRC32) != LZMA_OK) {
        fprintf(stderr, "test-extract-vmlinux: lzma_stream_encoder failed\n");
        exit(2);
    }
    b.p = xmalloc(cap + 4);
    strm.next_in = in;
    strm.avail_in = len;
    strm.next_out = b.p;
    strm.avail_out = cap;
    if (lzma_code(&strm, LZMA_FINISH) != LZMA_STREAM_END) {
        fprintf(stderr, "test-extract-vmlinux: xz encoding failed\n");
        exit(2);
    }
    b.len = (size_t)strm.total_out;
    lzma_end(&strm);
    put32(b.p + b.len, (uint32_t)len);
    b.len += 4;
    return b;
}

/*
 * setup_sects = 3 (protected-mode part at 0x800), 0x400 bytes of
 * protected-mode "code" (holding a decoy xz magic), then the payload,
 * then 64 bytes of padding.
 */
#define PM_START   0x800
#define PM_CODE    0x400

static struct buf make_bzimage(const struct buf *payload, uint16_t version)
{
    static const uint8_t decoy[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00, 1, 2 };
    struct buf b;

    b.len = PM_START + PM_CODE + payload->len + 64;
    b.p = xmalloc(b.len);
    memset(b.p, 0x90, b.len);
    b.p[0x1f1] = 3;
    b.p[0x1fe] = 0x55;
    b.p[0x1ff] = 0xaa;
    memcpy(b.p + 0x202, "HdrS", 4);
    b.p[0x206] = (uint8_t)version;
    b.p[0x207] = (uint8_t)(version >> 8);
    put32(b.p + 0x248, PM_CODE);
    put32(b.p + 0x24c, (uint32_t)payload->len);
    memcpy(b.p + PM_START + 0x100, decoy, sizeof(decoy));
    memcpy(b.p + PM_START + PM_CODE, payload->p, payload->len);
    return b;
}

static int run_extract(const struct buf *image, struct extract_result *res,
                       char *err, size_t errlen)
{
    err[0] = 0;
    return extract_vmlinux(image->p, image->len, res, err, errlen);
}

static void expect_error(const char *what, const struct buf *image,
                         const char *needle)
{
    struct extract_result res;
    char err[512];
    int rc = run_extract(image, &res, err, sizeof(err));

    CHECK(rc == -1, "%s: extraction succeeded, expected an error", what);
    if (rc == 0)
        free(res.data);
    else
        CHECK(strstr(err, needle) != NULL, "%s: error '%s' lacks '%s'", what,
              err, needle);
}

static void test_library(void)
{
    struct buf elf = make_elf(EM_X86_64, ELFCLASS64, 300000);
    struct buf payload = xz_kernel(elf.p, elf.len);
    struct buf image = make_bzimage(&payload, 0x20f);
    struct extract_result res;
    char err[512];
    struct buf bad, badelf, badpayload;

    /* The normal path: the setup header points at the payload. */
    CHECK(run_extract(&image, &res, err, sizeof(err)) == 0, "%s", err);
    if (res.data) {
        CHECK(res.size == elf.len && !memcmp(res.data, elf.p, elf.len),
              "header path: output differs from the ELF");
        CHECK(!strcmp(res.method, "setup header"), "method %s", res.method);
        CHECK(res.protocol == 0x20f, "protocol %#x", res.protocol);
        CHECK(res.payload_offset == PM_START + PM_CODE, "offset %#zx",
              res.payload_offset);
        CHECK(res.trailer == 4 && !res.size_mismatch, "trailer %zu/%d",
              res.trailer, res.size_mismatch);
        CHECK(res.elf.has_phys32_entry &&
              res.elf.phys32_entry == TEST_PHYS32, "phys32 %d %#x",
              res.elf.has_phys32_entry, res.elf.phys32_entry);
        CHECK(res.elf.nr_load == 1 && res.elf.paddr_start == 0x1000000 &&
              res.elf.paddr_end == 0x1000000 + 300000 + 0x10000,
              "load %u %#llx-%#llx", res.elf.nr_load,
              (unsigned long long)res.elf.paddr_start,
              (unsigned long long)res.elf.paddr_end);
        CHECK(res.elf.elf_end == elf.len, "elf_end %zu", res.elf.elf_end);
        free(res.data);
    }

    /* A wrong size word is reported, not fatal. */
    bad = make_bzimage(&payload, 0x20f);
    bad.p[PM_START + PM_CODE + payload.len - 4] ^= 1;
    CHECK(run_extract(&bad, &res, err, sizeof(err)) == 0, "%s", err);
    if (res.data) {
        CHECK(res.size_mismatch, "size word mismatch not noticed");
        free(res.data);
    }
    free(bad.p);

    /* No "HdrS": scan, skipping the decoy magic. */
    bad = make_bzimage(&payload, 0x20f);
    memset(bad.p + 0x202, 0, 4);
    CHECK(run_extract(&bad, &res, err, sizeof(err)) == 0, "%s", err);
    if (res.data) {
        CHECK(res.size == elf.len && !memcmp(res.data, elf.p, elf.len),
              "scan path: output differs from the ELF");
        CHECK(!strcmp(res.method, "xz magic scan"), "method %s", res.method);
        CHECK(res.protocol == 0, "protocol %#x", res.protocol);
        CHECK(res.payload_offset == PM_START + PM_CODE, "offset %#zx",
              res.payload_offset);
        free(res.data);
    }
    free(bad.p);

    /* Protocol 2.07 has no payload fields: scan. */
    bad = make_bzimage(&payload, 0x207);
    CHECK(run_extract(&bad, &res, err, sizeof(err)) == 0, "%s", err);
    if (res.data) {
        CHECK(!strcmp(res.method, "xz magic scan"), "method %s", res.method);
        free(res.data);
    }
    free(bad.p);

    /* Payload fields pointing past the end of the file. */
    bad = make_bzimage(&payload, 0x20f);
    put32(bad.p + 0x24c, (uint32_t)payload.len + 0x1000);
    expect_error("payload past EOF", &bad, "outside");
    free(bad.p);

    /* Truncated image: the header check catches it... */
    bad = make_bzimage(&payload, 0x20f);
    bad.len = PM_START + PM_CODE + payload.len / 2;
    expect_error("truncated, header", &bad, "outside");
    /* ...and without a header the decoder does. */
    memset(bad.p + 0x202, 0, 4);
    expect_error("truncated, scan", &bad, "truncated");
    free(bad.p);

    /* A gzip payload is named, not silently scanned past. */
    bad = make_bzimage(&payload, 0x20f);
    bad.p[PM_START + PM_CODE] = 0x1f;
    bad.p[PM_START + PM_CODE + 1] = 0x8b;
    expect_error("gzip payload", &bad, "gzip-compressed");
    free(bad.p);

    /* Corrupt compressed data. */
    bad = make_bzimage(&payload, 0x20f);
    bad.p[PM_START + PM_CODE + payload.len / 2] ^= 0x55;
    expect_error("corrupt payload", &bad, "xz");
    free(bad.p);

    /* Boot flag missing. */
    bad = make_bzimage(&payload, 0x20f);
    bad.p[0x1fe] = 0;
    expect_error("boot flag", &bad, "boot flag");
    free(bad.p);

    /* A payload that is not an ELF, or the wrong ELF. */
    badelf = make_elf(EM_X86_64, ELFCLASS64, 1000);
    memcpy(badelf.p, "JUNK", 4);
    badpayload = xz_kernel(badelf.p, badelf.len);
    bad = make_bzimage(&badpayload, 0x20f);
    expect_error("non-ELF payload", &bad, "not an ELF");
    free(bad.p);
    free(badpayload.p);
    free(badelf.p);

    badelf = make_elf(EM_386, ELFCLASS64, 1000);
    badpayload = xz_kernel(badelf.p, badelf.len);
    bad = make_bzimage(&badpayload, 0x20f);
    expect_error("i386 ELF", &bad, "not x86-64");
    free(bad.p);
    free(badpayload.p);
    free(badelf.p);

    badelf = make_elf(EM_X86_64, ELFCLASS32, 1000);
    badpayload = xz_kernel(badelf.p, badelf.len);
    bad = make_bzimage(&badpayload, 0x20f);
    expect_error("ELFCLASS32", &bad, "ELFCLASS64");
    free(bad.p);
    free(badpayload.p);
    free(badelf.p);

    /* A segment reaching past the end of the ELF. */
    badelf = make_elf(EM_X86_64, ELFCLASS64, 1000);
    ((Elf64_Phdr *)(badelf.p + sizeof(Elf64_Ehdr)))->p_filesz = 1 << 20;
    badpayload = xz_kernel(badelf.p, badelf.len);
    bad = make_bzimage(&badpayload, 0x20f);
    expect_error("segment outside", &bad, "outside the file");
    free(bad.p);
    free(badpayload.p);
    free(badelf.p);

    /* Inputs that are not bzImages at all. */
    expect_error("already ELF", &elf, "already an ELF");
    bad.p = xmalloc(4096);
    bad.len = 4096;
    memset(bad.p, 0x5a, bad.len);
    expect_error("garbage", &bad, "no xz stream");
    bad.len = 0;
    expect_error("empty", &bad, "no xz stream");
    free(bad.p);

    free(image.p);
    free(payload.p);
    free(elf.p);
}

static int write_all(const char *path, const struct buf *b)
{
    FILE *f = fopen(path, "wb");
    int ok;

    if (!f)
        return -1;
    ok = fwrite(b->p, 1, b->len, f) == b->len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static int run_prog(const char *prog, const char *in, const char *out)
{
    int status;
    pid_t pid = fork();

    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) ||
            !freopen("/dev/null", "w", stderr))
            _exit(127);
        execl(prog, prog, in, out, (char *)NULL);
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

static void test_program(const char *prog)
{
    struct buf elf = make_elf(EM_X86_64, ELFCLASS64, 50000);
    struct buf payload = xz_kernel(elf.p, elf.len);
    struct buf image = make_bzimage(&payload, 0x20f);
    const char *tmpdir = getenv("TMPDIR");
    char dir[PATH_MAX], in[PATH_MAX + 16], out[PATH_MAX + 16];
    FILE *f;
    uint8_t *got;
    size_t n;

    snprintf(dir, sizeof(dir), "%s/test-extract-vmlinux.XXXXXX",
             tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir)) {
        failed++;
        printf("FAIL: mkdtemp\n");
        return;
    }
    snprintf(in, sizeof(in), "%s/bzImage", dir);
    snprintf(out, sizeof(out), "%s/vmlinux", dir);

    CHECK(write_all(in, &image) == 0, "cannot write %s", in);
    CHECK(run_prog(prog, in, out) == 0, "good image: exit status not 0");
    got = xmalloc(elf.len + 1);
    f = fopen(out, "rb");
    n = f ? fread(got, 1, elf.len + 1, f) : 0;
    if (f)
        fclose(f);
    CHECK(n == elf.len && !memcmp(got, elf.p, elf.len),
          "good image: output file differs (%zu bytes)", n);
    free(got);
    unlink(out);

    image.p[PM_START + PM_CODE + payload.len / 2] ^= 0x55;
    CHECK(write_all(in, &image) == 0, "cannot write %s", in);
    CHECK(run_prog(prog, in, out) == 1, "corrupt image: exit status not 1");
    CHECK(access(out, F_OK) != 0, "corrupt image: output file was left");
    CHECK(run_prog(prog, "/nonexistent/bzImage", out) == 1,
          "missing input: exit status not 1");
    CHECK(run_prog(prog, in, NULL) == 2, "usage error: exit status not 2");

    unlink(in);
    rmdir(dir);
    free(image.p);
    free(payload.p);
    free(elf.p);
}

int main(int argc, char **argv)
{
    test_library();
    if (argc > 1)
        test_program(argv[1]);
    printf("test-extract-vmlinux: %u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
