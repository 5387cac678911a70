/*
 * replay: the harness's committed corpus through it, for make check (no
 * libFuzzer needed; built with the sanitizers).  Every file of
 * tests/fuzz/corpus/NAME, or of the directories or files given, is one
 * input.  Prints "PASS fuzz/NAME: N inputs" for tests/run.sh; a
 * sanitizer report ends it first.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#ifndef FUZZ_NAME
#error "FUZZ_NAME: the harness, as its corpus directory is named"
#endif

static int inputs;

static int
one(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((buf = realloc(buf, cap)) == NULL) {
				perror("realloc");
				exit(1);
			}
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	/* an exact copy, so that reading past its end is caught */
	LLVMFuzzerTestOneInput(len ? buf : (const uint8_t *)"", len);
	free(buf);
	inputs++;
	return 0;
}

static int
walk(const char *path)
{
	struct dirent **e;
	struct stat sb;
	char sub[4096];
	int n, i, rc = 0;

	if (stat(path, &sb) == -1) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(sb.st_mode))
		return one(path);
	if ((n = scandir(path, &e, NULL, alphasort)) == -1) {
		perror(path);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (e[i]->d_name[0] != '.') {
			snprintf(sub, sizeof sub, "%s/%s", path, e[i]->d_name);
			rc |= walk(sub);
		}
		free(e[i]);
	}
	free(e);
	return rc;
}

int
main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2)
		rc = walk("tests/fuzz/corpus/" FUZZ_NAME);
	for (i = 1; i < argc; i++)
		rc |= walk(argv[i]);
	if (rc != 0 || inputs == 0) {
		printf("FAIL fuzz/%s: %s\n", FUZZ_NAME, rc ? "an input could "
		    "not be read" : "no input");
		return 1;
	}
	printf("PASS fuzz/%s: %d inputs\n", FUZZ_NAME, inputs);
	return 0;
}
