/* tracefmt on the kmem event formats of two kernel generations
 * (tests/tracefs): fields found by name, the cache's name field
 * where the kernel has one, call_site printed as a symbol or an address. */
#include "t.h"
#include "tracefmt.h"

static int
load(const char *kernel, const char *event, struct trace_format *tf)
{
	char path[256], *buf, *cause = NULL;
	size_t len;
	int rc;

	snprintf(path, sizeof path, "tests/tracefs/%s/%s.format",
	    kernel, event);
	if ((buf = t_slurp(path, &len)) == NULL)
		return -1;
	rc = trace_format_parse(buf, len, tf, &cause);
	free(buf);
	free(cause);
	return rc;
}

static void
kmalloc_618(void)
{
	struct trace_format tf;
	const struct trace_field *f;

	CHECK(load("linux-6.18", "kmalloc", &tf) == 0);
	CHECK_STR(tf.name, "kmalloc");
	CHECK_I64(tf.id, 658);
	CHECK(tf.call_site_symbol);
	CHECK((f = trace_format_field(&tf, "bytes_alloc")) != NULL);
	CHECK_I64(f->offset, 32);
	CHECK_I64(f->size, 8);
	CHECK_STR(f->type, "size_t");
	CHECK((f = trace_format_field(&tf, "ptr")) != NULL);
	CHECK_STR(f->type, "const void *");
	CHECK_I64(f->offset, 16);
	CHECK((f = trace_format_field(&tf, "common_pid")) != NULL);
	CHECK(f->is_signed);
	CHECK(trace_format_field(&tf, "name") == NULL);
}

/* 6.x names the cache: a __data_loc string to filter on. */
static void
cache_name_618(void)
{
	struct trace_format tf;
	const struct trace_field *f;

	CHECK(load("linux-6.18", "kmem_cache_alloc", &tf) == 0);
	CHECK((f = trace_format_field(&tf, "name")) != NULL);
	CHECK(f->data_loc);
	CHECK_I64(f->offset, 24);
	CHECK_I64(f->size, 4);
	CHECK(load("linux-6.18", "kmem_cache_free", &tf) == 0);
	CHECK(trace_format_field(&tf, "name") != NULL);
	CHECK(load("linux-6.18", "kfree", &tf) == 0);
	CHECK_I64(tf.nfield, 6);
}

/* 4.19: call_site is an address (resolve through kallsyms), gfp_t is 4
 * bytes, and no event names its cache (filter on the size instead). */
static void
kmem_419(void)
{
	struct trace_format tf;
	const struct trace_field *f;

	CHECK(load("linux-4.19", "kmalloc", &tf) == 0);
	CHECK(!tf.call_site_symbol);
	CHECK((f = trace_format_field(&tf, "gfp_flags")) != NULL);
	CHECK_I64(f->size, 4);
	CHECK_STR(f->type, "gfp_t");
	CHECK(load("linux-4.19", "kmem_cache_alloc", &tf) == 0);
	CHECK(trace_format_field(&tf, "name") == NULL);
	CHECK(trace_format_field(&tf, "bytes_alloc") != NULL);
	CHECK(load("linux-4.19", "kfree", &tf) == 0);
	CHECK(!tf.call_site_symbol);
}

static void
not_a_format(void)
{
	static const char junk[] = "hello\nworld\n";
	static const char bad_field[] = "name: x\nID: 1\nformat:\n"
	    "\tfield:int;\toffset:0;\tsize:4;\tsigned:1;\n";
	struct trace_format tf;
	char *cause = NULL;

	CHECK(trace_format_parse(junk, sizeof junk - 1, &tf, &cause) == -1);
	CHECK(strstr(cause, "not a tracefs event format") != NULL);
	free(cause);
	cause = NULL;
	CHECK(trace_format_parse(bad_field, sizeof bad_field - 1, &tf,
	    &cause) == -1);
	CHECK(strstr(cause, "format line 4") != NULL);
	free(cause);
}

T_MAIN("tracefmt", T(kmalloc_618), T(cache_name_618), T(kmem_419),
    T(not_a_format))
