#define _GNU_SOURCE
#include "host_calls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* A long-lived supervisor keeps mapped every page of code it ran once at
 * start-up (argument parsing, spec decoding, translation): ~10 MiB of the
 * binary and libraries that its poll loop never runs again, counted in its
 * RSS and PSS. MADV_DONTNEED on a read-only file mapping only drops our page
 * table entries: the pages stay in the page cache (shared, and the first
 * thing reclaimed once nobody maps them) and fault back on the next use.
 * Mappings with anonymous pages (relocated RELRO data) are left alone:
 * there DONTNEED would throw away the relocations. Writable ones too. */
int te_release_startup_pages(void) {
    FILE *smaps = fopen("/proc/self/smaps", "re");
    if (!smaps) return -1;
    char *line = NULL;
    size_t capacity = 0;
    unsigned long start = 0, end = 0;
    int candidate = 0, released = 0;
    while (getline(&line, &capacity, smaps) > 0) {
        unsigned long from, to;
        char perms[5];
        int path_offset = 0;
        if (sscanf(line, "%lx-%lx %4s %*s %*s %*s %n", &from, &to, perms, &path_offset) == 3) {
            start = from;
            end = to;
            candidate = perms[1] != 'w' && path_offset > 0 && line[path_offset] == '/';
        } else if (candidate && strncmp(line, "Anonymous:", 10) == 0) {
            if (strtoul(line + 10, NULL, 10) == 0 && madvise((void *)start, end - start, MADV_DONTNEED) == 0) released++;
            candidate = 0;
        }
    }
    free(line);
    fclose(smaps);
    return released;
}
