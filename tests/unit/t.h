/* t.h: the unit tests' harness.  Each TEST is a function; main runs them
 * and prints "PASS name" or "FAIL name: where" lines that tests/run.sh
 * counts.  A failed CHECK ends its test, not the binary. */
#ifndef MLK_T_H
#define MLK_T_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_failed;
static char t_where[512];

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		snprintf(t_where, sizeof t_where, "%s:%d: %s",		\
		    __FILE__, __LINE__, #cond);				\
		t_failed = 1;						\
		return;							\
	}								\
} while (0)

#define CHECK_I64(a, b) do {						\
	int64_t t_a = (int64_t)(a), t_b = (int64_t)(b);		\
	if (t_a != t_b) {						\
		snprintf(t_where, sizeof t_where,			\
		    "%s:%d: %s == %" PRId64 ", expected %" PRId64,	\
		    __FILE__, __LINE__, #a, t_a, t_b);			\
		t_failed = 1;						\
		return;							\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *t_a = (a), *t_b = (b);				\
	if (t_a == NULL || strcmp(t_a, t_b) != 0) {			\
		snprintf(t_where, sizeof t_where,			\
		    "%s:%d: %s == \"%.150s\", expected \"%.150s\"",	\
		    __FILE__, __LINE__, #a, t_a ? t_a : "(null)", t_b);	\
		t_failed = 1;						\
		return;							\
	}								\
} while (0)

struct t_case {
	const char	*name;
	void		(*fn)(void);
};

static int __attribute__((unused))
t_run(const char *suite, const struct t_case *cases, size_t n)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < n; i++) {
		t_failed = 0;
		cases[i].fn();
		if (t_failed) {
			printf("FAIL %s/%s: %s\n", suite, cases[i].name, t_where);
			bad++;
		} else
			printf("PASS %s/%s\n", suite, cases[i].name);
	}
	return bad ? 1 : 0;
}

#define T(fn) { #fn, fn }
#define T_MAIN(suite, ...)						\
int main(void)								\
{									\
	static const struct t_case cases[] = { __VA_ARGS__ };		\
	return t_run(suite, cases, sizeof cases / sizeof cases[0]);	\
}

/* Whole file into a NUL-terminated buffer, or NULL. */
static inline char *
t_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (f == NULL)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = (cap + 4096) * 2;
			buf = realloc(buf, cap);
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

#endif
