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

#endif
