/* xmem: allocation that cannot fail quietly.  Running out of memory in a
 * small daemon is not recoverable, so these call fatal() instead. */
#ifndef MLK_XMEM_H
#define MLK_XMEM_H

#include <stddef.h>

void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...) __attribute__((format(printf, 2, 3)));
/* qsort and bsearch for arrays that may be empty, and then NULL: libc
 * declares the array never null, whatever n (undefined behaviour). */
void	 xqsort(void *, size_t, size_t, int (*)(const void *, const void *));
void	*xbsearch(const void *, const void *, size_t, size_t,
	    int (*)(const void *, const void *));
/* Sort n elements by cmp, then fold each run of equal ones into its
 * first: fold(first, other, arg).  Returns how many are left. */
size_t	 xfold(void *, size_t, size_t, int (*)(const void *, const void *),
	    void (*fold)(void *, const void *, void *), void *arg);

#endif
