#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stacks.h"
#include "xmem.h"

struct stack {
	char		 text[STACK_TEXT_MAX];
	size_t		 len;
	uint64_t	 allocs;
};

struct stacks {
	struct stack	*s;		/* [id - 2] */
	size_t		 n, cap;
	uint32_t	 index[2 * STACKS_MAX];	/* open addressing: id */
	uint64_t	 overflow;
	struct stack	 cur;		/* the one being read */
	size_t		 depth;		/* its frames, kept or not */
};

struct stacks *
stacks_new(void)
{
	return xcalloc(1, sizeof(struct stacks));
}

void
stacks_free(struct stacks *st)
{
	if (st == NULL)
		return;
	free(st->s);
	free(st);
}

/* The tracepoint's own frames, on top of every stack: they would take
 * the depth and tell nothing ("trace_event_raw_event_kmalloc" on 6.x). */
static int
is_tracer_frame(struct span f)
{
	static const char *const prefix[] = { "trace_", "ftrace_",
	    "__traceiter_", "__trace_", "perf_trace_" };
	size_t i;

	for (i = 0; i < sizeof prefix / sizeof prefix[0]; i++)
		if (text_has_prefix(f, prefix[i]))
			return 1;
	return 0;
}

void
stacks_frame(struct stacks *st, struct span f)
{
	struct stack *c = &st->cur;
	struct span word = { f.p, 0 };
	uint64_t addr;

	while (word.len < f.len && f.p[word.len] != ' ')
		word.len++;
	if (st->depth == 0 && is_tracer_frame(f))
		return;
	if (st->depth++ >= STACK_DEPTH)
		return;
	/* A frame kallsyms could not name prints as its address. */
	if (word.len >= 8 && text_hex64(word, &addr) == 0)
		f = (struct span){ "(unknown)", 9 };
	if (c->len + f.len + 1 >= sizeof c->text) {
		st->depth = STACK_DEPTH;	/* no room: the rest goes */
		return;
	}
	if (c->len > 0)
		c->text[c->len++] = '\n';
	memcpy(c->text + c->len, f.p, f.len);
	c->len += f.len;
	c->text[c->len] = '\0';
}

uint32_t
stacks_end(struct stacks *st)
{
	struct stack *c = &st->cur, *s;
	size_t i, mask = 2 * STACKS_MAX - 1;
	uint32_t id = STACK_OVERFLOW;

	for (i = text_hash(c->text, c->len, 0) & mask; st->index[i] != 0;
	    i = (i + 1) & mask) {
		s = &st->s[st->index[i] - 2];
		if (s->len == c->len && memcmp(s->text, c->text, c->len) == 0) {
			id = st->index[i];
			goto found;
		}
	}
	if (st->n == STACKS_MAX) {
		st->overflow++;
		goto out;
	}
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 32;
		st->s = xreallocarray(st->s, st->cap, sizeof *st->s);
	}
	st->s[st->n] = *c;
	st->s[st->n].allocs = 0;
	id = (uint32_t)(st->n++ + 2);
	st->index[i] = id;
found:
	st->s[id - 2].allocs++;
out:
	memset(c, 0, sizeof *c);
	st->depth = 0;
	return id;
}

uint64_t
stacks_overflowed(const struct stacks *st)
{
	return st->overflow;
}

static int
by_stack_proc(const void *x, const void *y)
{
	const struct stack_hold *a = x, *b = y;

	if (a->stack != b->stack)
		return a->stack < b->stack ? -1 : 1;
	if (a->pid != b->pid)
		return a->pid < b->pid ? -1 : 1;
	return strcmp(a->comm, b->comm);
}

/* A stack's share of what is held, while they are counted. */
struct tally {
	uint32_t	 id;
	struct stack_group g;
};

static int
by_bytes(const void *x, const void *y)
{
	const struct tally *t = x, *u = y;
	const struct stack_group *a = &t->g, *b = &u->g;

	if (a->bytes != b->bytes)
		return a->bytes < b->bytes ? 1 : -1;
	if (a->outstanding != b->outstanding)
		return a->outstanding < b->outstanding ? 1 : -1;
	return (t->id > u->id) - (t->id < u->id);	/* first seen first */
}

/* p into g's processes if it is among the STACK_PROCS largest. */
static void
proc_rank(struct stack_group *g, const struct stack_proc *p)
{
	size_t i;

	if (g->nproc == STACK_PROCS && g->proc[STACK_PROCS - 1].bytes >=
	    p->bytes)
		return;
	if (g->nproc < STACK_PROCS)
		g->nproc++;
	for (i = g->nproc - 1; i > 0 && g->proc[i - 1].bytes < p->bytes; i--)
		g->proc[i] = g->proc[i - 1];
	g->proc[i] = *p;
}

const char *
stacks_frames(const struct stacks *st, uint32_t id)
{
	if (id == STACK_NONE)
		return "(no stack)";
	if (id == STACK_OVERFLOW)
		return "(stack table full)";
	return st->s[id - 2].text;
}

static void
frames_of(const struct stacks *st, uint32_t id, struct stack_group *g)
{
	snprintf(g->frames, sizeof g->frames, "%s", stacks_frames(st, id));
	g->allocs = id == STACK_NONE ? 0 : id == STACK_OVERFLOW ?
	    st->overflow : st->s[id - 2].allocs;
}

size_t
stacks_top(const struct stacks *st, struct stack_hold *h, size_t n,
    struct stack_group *out, size_t max)
{
	struct tally *t;
	struct stack_proc p;
	size_t i, j, nt = 0;

	xqsort(h, n, sizeof *h, by_stack_proc);
	/* ids held: at most every stack, the overflow group and none */
	t = xcalloc(st->n + 2, sizeof *t);
	for (i = 0; i < n; i = j) {	/* a run: one process of one stack */
		memset(&p, 0, sizeof p);
		snprintf(p.comm, sizeof p.comm, "%s", h[i].comm);
		p.pid = h[i].pid;
		for (j = i; j < n && by_stack_proc(&h[i], &h[j]) == 0; j++) {
			p.outstanding++;
			p.bytes += h[j].bytes;
		}
		if (nt == 0 || t[nt - 1].id != h[i].stack)
			t[nt++].id = h[i].stack;
		t[nt - 1].g.outstanding += p.outstanding;
		t[nt - 1].g.bytes += p.bytes;
		proc_rank(&t[nt - 1].g, &p);
	}
	xqsort(t, nt, sizeof *t, by_bytes);
	for (i = 0; i < nt && i < max; i++) {
		out[i] = t[i].g;
		frames_of(st, t[i].id, &out[i]);
	}
	free(t);
	return i;
}

char *
stacks_line(char *buf, size_t len, const char *frames)
{
	size_t used = 0, f;

	buf[0] = '\0';
	while (*frames != '\0') {
		f = strcspn(frames, "\n");
		if (used + f + (used ? 4 : 0) >= len)
			break;
		used += (size_t)snprintf(buf + used, len - used, "%s%.*s",
		    used ? " <- " : "", (int)f, frames);
		frames += f;
		frames += *frames == '\n';
	}
	return buf;
}
