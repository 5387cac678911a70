/* json: a tiny streaming writer for mlk-query --json and --csv.  It
 * tracks commas and escapes strings, so callers only say what goes where.
 * In CSV mode an array of flat objects becomes a header (the first
 * object's keys) and a row per object; nulls are empty fields; anything
 * nested ends the program with a message to use --json. */
#ifndef MLK_JSON_H
#define MLK_JSON_H

#include <stdint.h>
#include <stdio.h>

#define JSON_DEPTH 16

struct json {
	FILE	*f;		/* where values go now */
	FILE	*out;
	int	 depth;
	int	 first[JSON_DEPTH];
	int	 csv, header_done;
	int	 header_only;	/* CSV: the next row makes the header, and
				   is not printed */
	FILE	*header;	/* CSV: the first row's keys, then its values */
	char	*head, *row;
	size_t	 headlen, rowlen;
};

void	json_init(struct json *, FILE *);
void	json_init_csv(struct json *, FILE *);
/* CSV only: the next object gives its keys as the header and is not
 * printed itself, so that an empty table still has its header.  Write a
 * blank row after it, through the code that writes every row. */
void	json_header_only(struct json *);
void	json_open(struct json *, const char *key, char bracket);	/* { or [ */
void	json_close(struct json *, char bracket);
void	json_int(struct json *, const char *key, int64_t);
void	json_real(struct json *, const char *key, double);
void	json_bool(struct json *, const char *key, int);
void	json_str(struct json *, const char *key, const char *);
void	json_time(struct json *, const char *key, int64_t unix_seconds);
void	json_null(struct json *, const char *key);
/* An array of the lines of text (a stack's frames). */
void	json_lines(struct json *, const char *key, const char *text);

#endif
