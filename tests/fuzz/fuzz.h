/*
 * What several of the fuzz harnesses share: a growing buffer for the
 * writers' output (modules/chart, modules/csv write through a sink), and
 * the round trip every SCORM duration and timespan that parses must make.
 * Static inline, so that a harness that uses one part only compiles.
 */

#ifndef OL_FUZZ_H
#define OL_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct fuzz_out {
	char		*data;
	size_t		 len;
	size_t		 size;
};

/* A writer's sink: appends to the fuzz_out arg, growing it by doubling. */
static inline void
fuzz_sink(void *arg, const void *p, size_t n)
{
	struct fuzz_out	*o = arg;
	char		*d;
	size_t		 size;

	if (n > o->size - o->len) {
		size = o->size > 0 ? o->size : 1024;
		while (size - o->len < n)
			size *= 2;
		if ((d = realloc(o->data, size)) == NULL)
			abort();
		o->data = d;
		o->size = size;
	}
	memcpy(o->data + o->len, p, n);
	o->len += n;
}

#ifdef OL_CMI_DURATION_LEN
/*
 * A duration or timespan that parses is in range and formats back to
 * itself (a duration's text, formatted again, to the same text).
 */
static inline void
fuzz_check_times(const char *s)
{
	char		buf[OL_CMI_DURATION_LEN], buf2[OL_CMI_DURATION_LEN];
	int64_t		cs, cs2;

	if (ol_cmi_duration_parse(s, &cs) == 0) {
		if (cs < 0 || cs > OL_CMI_TIME_MAX)
			abort();
		ol_cmi_duration_format(cs, buf, sizeof(buf));
		if (ol_cmi_duration_parse(buf, &cs2) != 0 || cs2 != cs)
			abort();
		ol_cmi_duration_format(cs2, buf2, sizeof(buf2));
		if (strcmp(buf, buf2) != 0)
			abort();
	}
	if (ol_cmi_timespan_parse(s, &cs) == 0) {
		if (cs < 0 || cs > INT64_C(3599999999))
			abort();
		ol_cmi_timespan_format(cs, buf, sizeof(buf));
		if (ol_cmi_timespan_parse(buf, &cs2) != 0 || cs2 != cs)
			abort();
	}
}
#endif

#endif
