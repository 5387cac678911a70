/* Every kernel generation under tests/fixtures/: parse each source file
 * it holds (meminfo, slabinfo, vmallocinfo, allocinfo: the source
 * table's files) and compare with the figures in its `expected` file,
 * which were computed independently of this code. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "source.h"
#include "t.h"

#define FIXTURES "tests/fixtures"
#define PAGE 4096

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

/* The site at FILE:LINE; NULL if none. */
static const struct alloc_site *
site(const struct allocinfo *ai, const char *place)
{
	size_t i, len = strlen(place);

	for (i = 0; i < ai->n; i++)
		if (strncmp(ai->site[i].name, place, len) == 0 &&
		    ai->site[i].name[len] == ' ')
			return &ai->site[i];
	return NULL;
}

/* allocinfo's figures: alloc.{lines,sites,total.bytes,inaccurate,kept}
 * (kept: by allocinfo_select at the default allocinfo_min on a first
 * reading), alloc.FILE:LINE.{bytes,calls}. */
static int
alloc_actual(struct source_parsed *p, char *key, int64_t *v)
{
	char *dot = strrchr(key, '.');
	const struct alloc_site *s;
	struct conf c;
	size_t i;

	*v = 0;
	if (strcmp(key, "lines") == 0)
		return *v = p->ai.lines, 0;
	if (strcmp(key, "sites") == 0)
		return *v = (int64_t)p->ai.n, 0;
	if (strcmp(key, "total.bytes") == 0 || strcmp(key, "inaccurate") == 0) {
		for (i = 0; i < p->ai.n; i++)
			*v += key[0] == 't' ? p->ai.site[i].bytes :
			    p->ai.site[i].inaccurate;
		return 0;
	}
	if (strcmp(key, "kept") == 0) {
		conf_defaults(&c);
		allocinfo_select(&p->kept, "boot", &p->ai, c.allocinfo_min);
		conf_free(&c);
		for (i = 0; i < p->ai.n; i++)
			*v += p->ai.site[i].kept;
		return 0;
	}
	if (dot == NULL)
		return -1;
	*dot = '\0';
	if ((s = site(&p->ai, key)) == NULL)
		return -1;
	if (strcmp(dot + 1, "bytes") == 0)
		return *v = s->bytes, 0;
	if (strcmp(dot + 1, "calls") == 0)
		return *v = s->calls, 0;
	return -1;
}

/* The value our parsers give for an expected-file key; -1 if unknown. */
static int
actual(struct source_parsed *p, char *key, int64_t *v)
{
	char *dot = strrchr(key, '.'), *name;
	const struct slab_cache *c;
	const struct vmalloc_sum *s;
	uint64_t u;
	size_t i;

	if (strcmp(key, "meminfo.keys") == 0)
		return *v = p->mi.n, 0;
	if (strncmp(key, "meminfo.", 8) == 0) {
		if (meminfo_get(&p->mi, key + 8, &u) == -1)
			return -1;
		return *v = (int64_t)u, 0;
	}
	if (strncmp(key, "alloc.", 6) == 0)
		return alloc_actual(p, key + 6, v);
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

/* Parse each source file dir holds into *p: how many, or -1 (why says
 * why). */
static int
parse_dir(const char *dir, struct source_parsed *p, char *why, size_t len)
{
	const struct skips *sk;
	char path[512], *cause = NULL, *buf;
	size_t n;
	int id, found = 0;

	for (id = 0; id < SOURCE_COUNT; id++) {
		snprintf(path, sizeof path, "%s/%s", dir, sources[id].file);
		if (access(path, F_OK) == -1)
			continue;
		if ((buf = t_slurp(path, &n)) == NULL) {
			snprintf(why, len, "%s: cannot read", path);
			return -1;
		}
		if (sources[id].parse(buf, n, p, &sk, &cause) == -1) {
			snprintf(why, len, "%s: %s", path, cause);
			found = -1;
		} else if (sk->n > 0) {
			snprintf(why, len, "%s: skipped %s", path, sk->first);
			found = -1;
		}
		free(cause);
		cause = NULL;
		free(buf);
		if (found == -1)
			return -1;
		found++;
	}
	if (found == 0)
		snprintf(why, len, "%s: no source file", dir);
	return found > 0 ? found : -1;
}

/* 0 if every expected figure matches; else why not, in why. */
static int
check_dir(const char *dir, int *nfigures, char *why, size_t len)
{
	struct source_parsed p;
	char path[512], line[512], key[400];
	long long want;
	int64_t got;
	FILE *f;
	int rc = 0;

	memset(&p, 0, sizeof p);
	*nfigures = 0;
	if (parse_dir(dir, &p, why, len) == -1)
		rc = -1;
	snprintf(path, sizeof path, "%s/expected", dir);
	if (rc == 0 && (f = fopen(path, "r")) != NULL) {
		while (rc == 0 && fgets(line, sizeof line, f) != NULL) {
			if (line[0] == '#' || line[0] == '\n')
				continue;
			if (sscanf(line, "%399s %lld", key, &want) != 2) {
				snprintf(why, len, "%s: bad line %.100s", path, line);
				rc = -1;
			} else if (actual(&p, key, &got) == -1) {
				snprintf(why, len, "%s: no figure %s", dir, key);
				rc = -1;
			} else if (got != want) {
				snprintf(why, len, "%s: %s = %lld, expected "
				    "%lld", dir, key, (long long)got, want);
				rc = -1;
			} else
				(*nfigures)++;
		}
		fclose(f);
	} else if (rc == 0) {
		snprintf(why, len, "%s: missing", path);
		rc = -1;
	}
	source_parsed_free(&p);
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
