/*
 * xlu-harness: feeds many xl.cfg inputs to Xen's libxlutil in one process and prints, per input,
 * one JSON line with what libxlutil made of it. Used by the differential tests and the fuzzer.
 *
 * Protocol on stdin, repeated until EOF (all integers little-endian u32):
 *   len, <len bytes of config>, nkeys, nkeys x (klen, <klen bytes of key name>)
 * libxlutil cannot enumerate its settings, so the caller sends the candidate key names.
 * Output lines: {"ok":true,"settings":{...},"report":[...]} | {"ok":false,"report":[...]} | {"abort":true} |
 * {"crash":SIGNO}; "report" holds the lines libxlutil printed (its config source is "cfg").
 * String bytes >= 0x80 are written raw; the reader decodes them as UTF-8 with replacement.
 * Inputs containing a NUL byte run in a forked child, because libxlutil asserts (SIGABRT) on a
 * NUL inside quotes and that must not take the whole batch down.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libxlutil.h>

static int read_exact(void *p, size_t n)
{
    return fread(p, 1, n, stdin) == n;
}

static int read_u32(uint32_t *v)
{
    unsigned char b[4];
    if (!read_exact(b, 4)) return 0;
    *v = b[0] | (b[1] << 8) | (b[2] << 16) | ((uint32_t)b[3] << 24);
    return 1;
}

static void put_str(FILE *o, const char *s)
{
    fputc('"', o);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') { fputc('\\', o); fputc(*p, o); }
        else if (*p < 0x20 || *p == 0x7f) fprintf(o, "\\u%04x", *p);
        else fputc(*p, o);
    }
    fputc('"', o);
}

/* Iterative over siblings, recursive over depth: libxlutil's bison stack bounds nesting anyway. */
static void put_value(FILE *o, XLU_Config *cfg, XLU_ConfigValue *v)
{
    if (xlu_cfg_value_type(v) == XLU_STRING) {
        char *s = NULL;
        xlu_cfg_value_get_string(cfg, v, &s, 1);
        put_str(o, s ? s : "");
        return;
    }
    XLU_ConfigList *l = NULL;
    xlu_cfg_value_get_list(cfg, v, &l, 1);
    fputc('[', o);
    for (int i = 0; l; i++) {
        XLU_ConfigValue *item = xlu_cfg_get_listitem2(l, i);
        if (!item) break;
        if (i) fputc(',', o);
        put_value(o, cfg, item);
    }
    fputc(']', o);
}

/* The lines libxlutil printed, as a JSON array (a line's bytes up to its LF; NULs cut it short). */
static void put_report(FILE *o, const char *buf, size_t size)
{
    fputs("\"report\":[", o);
    size_t start = 0;
    int first = 1;
    for (size_t i = 0; i < size; i++) {
        if (buf[i] != '\n') continue;
        char *line = strndup(buf + start, i - start);
        if (!first) fputc(',', o);
        first = 0;
        put_str(o, line ? line : "");
        free(line);
        start = i + 1;
    }
    fputc(']', o);
}

static void run_one(FILE *o, FILE *devnull, const char *data, uint32_t len, char **keys, uint32_t nkeys)
{
    char *rbuf = NULL;
    size_t rsize = 0;
    FILE *report = open_memstream(&rbuf, &rsize);
    XLU_Config *cfg = xlu_cfg_init(report ? report : devnull, "cfg");
    if (!cfg) { fputs("{\"crash\":\"ENOMEM\"}\n", o); return; }
    int e = xlu_cfg_readdata(cfg, data, (int)len);
    if (report) fclose(report);
    if (e) {
        fputs("{\"ok\":false,", o);
        put_report(o, rbuf, rsize);
        fputs("}\n", o);
        free(rbuf);
        xlu_cfg_destroy(cfg);
        return;
    }
    fputs("{\"ok\":true,", o);
    put_report(o, rbuf, rsize);
    free(rbuf);
    fputs(",\"settings\":{", o);
    int first = 1;
    for (uint32_t k = 0; k < nkeys; k++) {
        XLU_ConfigList *list = NULL;
        int entries = 0;
        const char *s = NULL;
        if (xlu_cfg_get_list(cfg, keys[k], &list, &entries, 1) == 0) {
            if (!first) fputc(',', o);
            first = 0;
            put_str(o, keys[k]);
            fputs(":[", o);
            for (int e = 0; e < entries; e++) {
                if (e) fputc(',', o);
                put_value(o, cfg, xlu_cfg_get_listitem2(list, e));
            }
            fputc(']', o);
        } else if (xlu_cfg_get_string(cfg, keys[k], &s, 1) == 0) {
            if (!first) fputc(',', o);
            first = 0;
            put_str(o, keys[k]);
            fputc(':', o);
            put_str(o, s);
        }
    }
    fputs("}}\n", o);
    xlu_cfg_destroy(cfg);
}

int main(void)
{
    FILE *devnull = fopen("/dev/null", "w");
    char *data = NULL;
    size_t cap = 0;
    uint32_t len;
    while (read_u32(&len)) {
        if (len + 1 > cap) {
            cap = len + 1;
            data = realloc(data, cap);
            if (!data) return 2;
        }
        uint32_t nkeys;
        if (!read_exact(data, len) || !read_u32(&nkeys)) return 2;
        data[len] = 0;
        char **keys = calloc(nkeys ? nkeys : 1, sizeof *keys);
        for (uint32_t k = 0; k < nkeys; k++) {
            uint32_t klen;
            if (!read_u32(&klen)) return 2;
            keys[k] = malloc(klen + 1);
            if (!read_exact(keys[k], klen)) return 2;
            keys[k][klen] = 0;
        }
        if (memchr(data, 0, len)) {
            /* Child writes to its own buffered stdout copy: flush ours first so nothing doubles. */
            fflush(stdout);
            pid_t pid = fork();
            if (pid == 0) {
                run_one(stdout, devnull, data, len, keys, nkeys);
                fflush(stdout);
                _exit(0);
            }
            int st = 0;
            waitpid(pid, &st, 0);
            if (WIFSIGNALED(st)) {
                if (WTERMSIG(st) == SIGABRT) fputs("{\"abort\":true}\n", stdout);
                else printf("{\"crash\":%d}\n", WTERMSIG(st));
            }
        } else {
            run_one(stdout, devnull, data, len, keys, nkeys);
        }
        for (uint32_t k = 0; k < nkeys; k++) free(keys[k]);
        free(keys);
    }
    fflush(stdout);
    return 0;
}
