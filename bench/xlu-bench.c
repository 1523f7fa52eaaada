/*
 * xlu-bench FILE ROUNDS: times libxlutil's xlu_cfg_readdata on FILE in-process and prints the
 * best round as one JSON line {"bytes":N,"bestSeconds":S,"mbPerSec":M,"ok":0|1}.
 * Best-of-N, because the minimum is the least disturbed by other load on the machine.
 * Build: cc -O2 -o xlu-bench bench/xlu-bench.c -lxlutil
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <libxlutil.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: xlu-bench FILE ROUNDS\n"); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 2; }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc(n + 1);
    if (!buf || fread(buf, 1, n, f) != (size_t)n) { fprintf(stderr, "read failed\n"); return 2; }
    fclose(f);
    FILE *devnull = fopen("/dev/null", "w");
    int rounds = atoi(argv[2]);
    /* Tiny files are timed in inner loops so the clock's resolution does not matter. */
    int inner = n < 65536 ? (int)(65536 * 16 / (n + 1)) + 1 : 1;
    double best = 1e30;
    int ok = 1;
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        for (int i = 0; i < inner; i++) {
            XLU_Config *cfg = xlu_cfg_init(devnull, "bench");
            if (xlu_cfg_readdata(cfg, buf, (int)n)) ok = 0;
            xlu_cfg_destroy(cfg);
        }
        double t = (now() - t0) / inner;
        if (t < best) best = t;
    }
    printf("{\"bytes\":%ld,\"bestSeconds\":%.9f,\"mbPerSec\":%.2f,\"ok\":%d}\n", n, best, n / best / 1e6, ok);
    return 0;
}
