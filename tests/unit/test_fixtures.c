/* Every kernel generation under tests/fixtures/: parse its meminfo,
 * slabinfo and vmallocinfo and compare with the figures in its `expected`
 * file, which were computed independently of this code. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "meminfo.h"
#include "slabinfo.h"
#include "vmallocinfo.h"
#include "t.h"

#define FIXTURES "tests/fixtures"
#define PAGE 4096

struct parsed {
	struct meminfo		mi;
	struct slabinfo		si;
	struct vmallocinfo	vi;
};

static const struct slab_cache *
cache(const struct slabinfo *si, const char *name)
{
	size_t i;

	for (i = 0; i < si->n; i++)
		if (strcmp(si->c[i].name, name) == 0)
			return &si->c[i];
	return NULL;
}

static const struct vmalloc_sum *
sum(const struct vmalloc_sum *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

/* The value our parsers give for an expected-file key; -1 if unknown. */
static int
actual(const struct parsed *p, char *key, uint64_t *v)
{
	char *dot = strrchr(key, '.'), *name;
	const struct slab_cache *c;
	const struct vmalloc_sum *s;
	size_t i;

	if (strcmp(key, "meminfo.keys") == 0)
		return *v = p->mi.n, 0;
	if (strncmp(key, "meminfo.", 8) == 0)
		return meminfo_get(&p->mi, key + 8, v);
	if (strcmp(key, "slabinfo.caches") == 0)
		return *v = p->si.n, 0;
	if (strcmp(key, "slabinfo.lines") == 0) {
		for (*v = 0, i = 0; i < p->si.n; i++)
			*v += p->si.c[i].instances;
		return 0;
	}
	if (strcmp(key, "slab.total.bytes") == 0) {
		for (*v = 0, i = 0; i < p->si.n; i++)
			*v += p->si.c[i].pages * PAGE;
		return 0;
	}
	if (strcmp(key, "vmalloc.lines") == 0)
		return *v = p->vi.areas, 0;
	if (strcmp(key, "vmalloc.total.bytes") == 0)
		return *v = p->vi.bytes, 0;
	if (strcmp(key, "vmalloc.vmalloc_pages_bytes") == 0)
		return *v = p->vi.vmalloc_pages * PAGE, 0;
	if (dot == NULL)
		return -1;
	*dot = '\0';
	if (strncmp(key, "slab.", 5) == 0) {
		if ((c = cache(&p->si, key + 5)) == NULL)
			return -1;
		if (strcmp(dot + 1, "bytes") == 0)
			return *v = c->pages * PAGE, 0;
		if (strcmp(dot + 1, "active_bytes") == 0)
			return *v = c->active_bytes, 0;
		if (strcmp(dot + 1, "active_objs") == 0)
			return *v = c->active_objs, 0;
		return -1;
	}
	if (strncmp(key, "vmalloc.caller.", 15) == 0) {
		name = key + 15;
		s = sum(p->vi.caller, p->vi.ncaller, name);
	} else if (strncmp(key, "vmalloc.type.", 13) == 0) {
		name = key + 13;
		s = sum(p->vi.type, p->vi.ntype, name);
	} else
		return -1;
	if (s == NULL)
		return -1;
	if (strcmp(dot + 1, "bytes") == 0)
		return *v = s->bytes, 0;
	if (strcmp(dot + 1, "areas") == 0)
		return *v = s->areas, 0;
	return -1;
}

static int
parse_one(const char *dir, const char *file, void *out, char *why, size_t len)
{
	char path[512], *cause = NULL, *buf;
	size_t n;
	int rc;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((buf = t_slurp(path, &n)) == NULL) {
		snprintf(why, len, "%s: cannot read", path);
		return -1;
	}
	if (strcmp(file, "meminfo") == 0)
		rc = meminfo_parse(buf, n, out, &cause);
	else if (strcmp(file, "slabinfo") == 0)
		rc = slabinfo_parse(buf, n, out, &cause);
	else
		rc = vmallocinfo_parse(buf, n, out, &cause);
	if (rc == -1)
		snprintf(why, len, "%s: %s", path, cause);
	free(cause);
	free(buf);
	return rc;
}

/* 0 if every expected figure matches; else why not, in why. */
static int
check_dir(const char *dir, int *nfigures, char *why, size_t len)
{
	struct parsed p;
	char path[512], line[512], key[400];
	unsigned long long want;
	uint64_t got;
	FILE *f;
	int rc = 0;

	memset(&p, 0, sizeof p);
	*nfigures = 0;
	if (parse_one(dir, "meminfo", &p.mi, why, len) ||
	    parse_one(dir, "slabinfo", &p.si, why, len) ||
	    parse_one(dir, "vmallocinfo", &p.vi, why, len))
		rc = -1;
	snprintf(path, sizeof path, "%s/expected", dir);
	if (rc == 0 && (f = fopen(path, "r")) != NULL) {
		while (rc == 0 && fgets(line, sizeof line, f) != NULL) {
			if (line[0] == '#' || line[0] == '\n')
				continue;
			if (sscanf(line, "%399s %llu", key, &want) != 2) {
				snprintf(why, len, "%s: bad line %.100s", path, line);
				rc = -1;
			} else if (actual(&p, key, &got) == -1) {
				snprintf(why, len, "%s: no figure %s", dir, key);
				rc = -1;
			} else if (got != want) {
				snprintf(why, len, "%s: %s = %llu, expected "
				    "%llu", dir, key, (unsigned long long)got,
				    want);
				rc = -1;
			} else
				(*nfigures)++;
		}
		fclose(f);
	} else if (rc == 0) {
		snprintf(why, len, "%s: missing", path);
		rc = -1;
	}
	meminfo_free(&p.mi);
	slabinfo_free(&p.si);
	vmallocinfo_free(&p.vi);
	return rc;
}

int
main(void)
{
	DIR *d = opendir(FIXTURES);
	struct dirent *e;
	char dir[400], why[1024];
	int bad = 0, dirs = 0, n;

	if (d == NULL) {
		printf("FAIL fixtures: cannot open " FIXTURES "\n");
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || e->d_type != DT_DIR)
			continue;
		snprintf(dir, sizeof dir, FIXTURES "/%s", e->d_name);
		dirs++;
		if (check_dir(dir, &n, why, sizeof why) == -1) {
			printf("FAIL fixtures/%s: %s\n", e->d_name, why);
			bad++;
		} else if (n < 10) {
			printf("FAIL fixtures/%s: only %d figures checked\n",
			    e->d_name, n);
			bad++;
		} else
			printf("PASS fixtures/%s (%d figures)\n", e->d_name, n);
	}
	closedir(d);
	if (dirs < 4) {
		printf("FAIL fixtures: %d kernel generations, want 4 or more\n",
		    dirs);
		bad++;
	}
	return bad != 0;
}
