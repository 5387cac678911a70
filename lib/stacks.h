/*
 * stacks: kernel stacks as a stacktrace trigger prints them (the " => "
 * lines after an event), kept in a bounded table; and what a trace
 * still holds at its end, grouped by stack and by process.  It knows
 * nothing of what was held: attrib hands it slab objects, a page tracer
 * can hand it pages, each as (stack, process, bytes).  Pure.
 */
#ifndef MLK_STACKS_H
#define MLK_STACKS_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

#define STACK_DEPTH	16	/* frames kept, innermost first */
#define STACK_TEXT_MAX	640	/* the frames, one a line */
#define STACK_COMM_MAX	64
#define STACK_PROCS	3	/* processes kept per stack */
/* Distinct stacks at once (about 700 bytes each); allocations with any
 * other stack are counted in one overflow group. */
#define STACKS_MAX	1024

/* Stack ids: 0 when no stack came with an allocation, 1 the overflow
 * group, then the stacks. */
#define STACK_NONE	0
#define STACK_OVERFLOW	1

struct stack_proc {
	char		 comm[STACK_COMM_MAX];
	int		 pid;
	uint64_t	 outstanding, bytes;
};

struct stack_group {
	/* "load_msg\ndo_msgsnd\n...": innermost first; "(stack table
	 * full)" for the overflow group, "(no stack)" for none. */
	char		 frames[STACK_TEXT_MAX];
	uint64_t	 allocs;	/* seen with it while tracing */
	uint64_t	 outstanding;	/* of all, held at the end */
	uint64_t	 bytes;
	struct stack_proc proc[STACK_PROCS];	/* most bytes first */
	size_t		 nproc;
};

struct stacks;

struct stacks	*stacks_new(void);
void		 stacks_free(struct stacks *);
/* Build a stack frame by frame, innermost first, as the lines come: a
 * frame printed as an address is "(unknown)" (no raw kernel address is
 * kept); the tracer's own frames at the top are skipped; past
 * STACK_DEPTH frames are dropped.  stacks_end counts one allocation with
 * it and returns its id (STACK_OVERFLOW when the table is full). */
void		 stacks_frame(struct stacks *, struct span frame);
uint32_t	 stacks_end(struct stacks *);
/* The frames of stack id as stack_group.frames has them. */
const char	*stacks_frames(const struct stacks *, uint32_t id);
/* Allocations counted in the overflow group. */
uint64_t	 stacks_overflowed(const struct stacks *);

/* A thing held at the end of a trace. */
struct stack_hold {
	uint32_t	 stack;
	int		 pid;
	const char	*comm;
	uint64_t	 bytes;
};

/* The stacks that hold the most bytes of h[0..n) (sorted in place), at
 * most max into out, each with its processes; returns how many.  Stacks
 * that hold nothing are left out. */
size_t	stacks_top(const struct stacks *, struct stack_hold *h, size_t n,
	    struct stack_group *out, size_t max);
/* "load_msg <- do_msgsnd <- ...": the frames of g on one line, cut to
 * len at a frame. */
char	*stacks_line(char *buf, size_t len, const char *frames);

#endif
