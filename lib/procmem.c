#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procmem.h"
#include "xmem.h"

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct procmem_cmd *)a)->comm,
	    ((const struct procmem_cmd *)b)->comm);
}

static int
by_size(const void *a, const void *b)
{
	const struct procmem_cmd *x = a, *y = b;

	if (x->bytes != y->bytes)
		return (x->bytes < y->bytes) - (x->bytes > y->bytes);
	return strcmp(x->comm, y->comm);
}

/* One line: its kind, kB and command, or -1. */
static int
line(const char *s, size_t len, int *rss, int64_t *kb, char *comm)
{
	char num[24];
	size_t i = 4, k = 0;

	if (len < 7 || (strncmp(s, "pss ", 4) != 0 && strncmp(s, "rss ", 4)))
		return -1;
	*rss = s[0] == 'r';
	while (i < len && s[i] >= '0' && s[i] <= '9' && k < sizeof num - 1)
		num[k++] = s[i++];
	num[k] = '\0';
	if (k == 0 || k > 15 || i >= len || s[i] != ' ' || len - i - 1 == 0 ||
	    len - i - 1 >= PROCMEM_COMM_MAX)
		return -1;
	*kb = strtoll(num, NULL, 10);
	memcpy(comm, s + i + 1, len - i - 1);
	comm[len - i - 1] = '\0';
	return 0;
}

int
procmem_parse(const char *buf, size_t len, struct procmem *pm, char **cause)
{
	const char *p = buf, *end = buf + len, *nl;
	struct procmem_cmd *c;
	size_t i, k;
	int64_t kb;
	int rss, lineno = 0;

	(void)cause;
	pm->n = 0;
	pm->procs = pm->rss = 0;
	memset(&pm->skipped, 0, sizeof pm->skipped);
	for (; p < end; p = nl + 1) {		/* a row per process */
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		lineno++;
		if (nl == p)
			continue;
		if (pm->n == pm->cap) {
			pm->cap = pm->cap ? pm->cap * 2 : 256;
			pm->cmd = xreallocarray(pm->cmd, pm->cap,
			    sizeof *pm->cmd);
		}
		c = &pm->cmd[pm->n];
		if (line(p, (size_t)(nl - p), &rss, &kb, c->comm) == -1) {
			text_skip(&pm->skipped, lineno, "not \"pss|rss KB "
			    "COMMAND\"");
			continue;
		}
		c->bytes = kb * 1024;
		c->procs = 1;
		pm->n++;
		pm->procs++;
		pm->rss += rss;
	}
	/* ...then one per command */
	xqsort(pm->cmd, pm->n, sizeof *pm->cmd, by_name);
	for (i = k = 0; i < pm->n; i++)
		if (k > 0 && strcmp(pm->cmd[k - 1].comm, pm->cmd[i].comm) == 0) {
			pm->cmd[k - 1].bytes += pm->cmd[i].bytes;
			pm->cmd[k - 1].procs++;
		} else
			pm->cmd[k++] = pm->cmd[i];
	pm->n = k;
	xqsort(pm->cmd, pm->n, sizeof *pm->cmd, by_size);
	return 0;
}

void
procmem_free(struct procmem *pm)
{
	free(pm->cmd);
	pm->cmd = NULL;
	pm->n = pm->cap = 0;
}
