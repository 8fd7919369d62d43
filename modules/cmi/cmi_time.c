/*
 * Times of the SCORM data model: SCORM 1.2 CMITimespan (HHHH:MM:SS.SS)
 * and CMITime (HH:MM:SS.SS), SCORM 2004 timeinterval (an ISO 8601
 * duration, P[nY][nM][nD][T[nH][nM][n[.n]S]]) and time (an ISO 8601
 * timestamp, years 1970 to 2038). total_time is the sum of the session
 * times, so durations are read into centiseconds and written back; every
 * number is bounded so that no sum can overflow.
 */

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cmi.h"

#define CS_SECOND	INT64_C(100)
#define CS_MINUTE	(60 * CS_SECOND)
#define CS_HOUR		(60 * CS_MINUTE)
#define CS_DAY		(24 * CS_HOUR)

#define NUM_DIGITS	9	/* digits in one duration component */
#define FRAC_DIGITS	9	/* digits after the point of seconds */

/* Cap of the 1.2 format: 9999:59:59.99. */
#define TIMESPAN_MAX	(9999 * CS_HOUR + 59 * CS_MINUTE + 59 * CS_SECOND + 99)

static int	fixed(const char *, size_t, int *);
static size_t	run(const char *);
static int	clock_part(const char *, int *, int *, int *, int *);
static int	leap(int);

/* Exactly n digits at s. */
static int
fixed(const char *s, size_t n, int *out)
{
	size_t		i;
	int		v;

	for (v = 0, i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		v = v * 10 + (s[i] - '0');
	}
	*out = v;

	return (0);
}

/* Number of digits at s. */
static size_t
run(const char *s)
{
	size_t		n;

	for (n = 0; s[n] >= '0' && s[n] <= '9'; n++)
		;

	return (n);
}

/*
 * ":MM:SS[.S[S]]" to the end of the string: minutes, seconds (00-59) and
 * centiseconds.
 */
static int
clock_part(const char *s, int *mm, int *ss, int *frac, int *end)
{
	size_t		n;

	*end = 0;
	if (s[0] != ':' || fixed(s + 1, 2, mm) == -1 || s[3] != ':' ||
	    fixed(s + 4, 2, ss) == -1 || *mm > 59 || *ss > 59)
		return (-1);
	s += 6;
	*frac = 0;
	if (*s == '.') {
		n = run(s + 1);
		if (n < 1 || n > 2 || fixed(s + 1, n, frac) == -1)
			return (-1);
		if (n == 1)
			*frac *= 10;
		s += 1 + n;
	}
	if (*s != '\0')
		return (-1);
	*end = 1;

	return (0);
}

/* SCORM 1.2 CMITimespan: HH[HH]:MM:SS[.S[S]], to centiseconds. */
int
ol_cmi_timespan_parse(const char *s, int64_t *cs)
{
	size_t		n;
	int		h, mm, ss, frac, end;

	n = run(s);
	if (n < 2 || n > 4 || fixed(s, n, &h) == -1)
		return (-1);
	if (clock_part(s + n, &mm, &ss, &frac, &end) == -1)
		return (-1);
	*cs = h * CS_HOUR + mm * CS_MINUTE + ss * CS_SECOND + frac;

	return (0);
}

/* SCORM 1.2 CMITime: HH:MM:SS[.S[S]], a time of day. */
int
ol_cmi_time12_valid(const char *s)
{
	int		h, mm, ss, frac, end;

	if (run(s) != 2 || fixed(s, 2, &h) == -1 || h > 23)
		return (0);

	return (clock_part(s + 2, &mm, &ss, &frac, &end) == 0);
}

/*
 * SCORM 2004 timeinterval (second,10,2): P[nY][nM][nD][T[nH][nM][n[.n]S]]
 * with at least one component, and T only before a time component. A
 * year counts 365 days and a month 30; fractions of a second past the
 * hundredth are dropped. Each number has at most 9 digits, so the sum
 * stays far below INT64_MAX; it saturates at OL_CMI_TIME_MAX, which
 * ol_cmi_duration_format() writes back as a duration this reads.
 */
int
ol_cmi_duration_parse(const char *s, int64_t *cs)
{
	static const char	 date[] = "YMD", timed[] = "HMS";
	static const int64_t	 dunit[] = { 365 * CS_DAY, 30 * CS_DAY,
				    CS_DAY };
	static const int64_t	 tunit[] = { CS_HOUR, CS_MINUTE, CS_SECOND };
	int64_t			 total, v;
	size_t			 n, i, k, f;
	int			 parts, tparts, pos;

	if (*s++ != 'P')
		return (-1);
	total = 0;
	parts = 0;

	/* Date components, in order. */
	pos = 0;
	while (*s != '\0' && *s != 'T') {
		n = run(s);
		if (n < 1 || n > NUM_DIGITS)
			return (-1);
		for (v = 0, i = 0; i < n; i++)
			v = v * 10 + (s[i] - '0');
		s += n;
		for (k = (size_t)pos; k < 3 && date[k] != *s; k++)
			;
		if (k == 3)
			return (-1);
		total += v * dunit[k];
		pos = (int)k + 1;
		s++;
		parts++;
	}

	if (*s == 'T') {
		s++;
		pos = 0;
		tparts = 0;
		while (*s != '\0') {
			n = run(s);
			if (n < 1 || n > NUM_DIGITS)
				return (-1);
			for (v = 0, i = 0; i < n; i++)
				v = v * 10 + (s[i] - '0');
			s += n;
			f = 0;
			if (*s == '.') {
				/* Only seconds have a fraction. */
				f = run(s + 1);
				if (f < 1 || f > FRAC_DIGITS || s[1 + f] != 'S')
					return (-1);
				v *= CS_SECOND;
				if (f >= 1)
					v += (s[1] - '0') * 10;
				if (f >= 2)
					v += s[2] - '0';
				s += 1 + f;
			}
			for (k = (size_t)pos; k < 3 && timed[k] != *s; k++)
				;
			if (k == 3)
				return (-1);
			total += f > 0 ? v : v * tunit[k];
			pos = (int)k + 1;
			s++;
			tparts++;
		}
		if (tparts == 0)
			return (-1);
		parts += tparts;
	}

	if (parts == 0)
		return (-1);
	*cs = total < OL_CMI_TIME_MAX ? total : OL_CMI_TIME_MAX;

	return (0);
}

static int
leap(int y)
{
	return ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
}

/*
 * SCORM 2004 time (second,10,0):
 * YYYY[-MM[-DD[Thh[:mm[:ss[.s[s]][TZD]]]]]], TZD Z, +hh, -hh, +hh:mm or
 * -hh:mm; a real date of the years 1970 to 2038.
 */
int
ol_cmi_timestamp_valid(const char *s)
{
	static const int	mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
				    31, 30, 31 };
	int			y, mo, d, h, mi, sec, frac, dim;
	size_t			n;

	if (run(s) != 4 || fixed(s, 4, &y) == -1 || y < 1970 || y > 2038)
		return (0);
	s += 4;
	if (*s == '\0')
		return (1);
	if (*s != '-' || run(s + 1) != 2 || fixed(s + 1, 2, &mo) == -1 ||
	    mo < 1 || mo > 12)
		return (0);
	s += 3;
	if (*s == '\0')
		return (1);
	dim = mdays[mo - 1] + (mo == 2 && leap(y));
	if (*s != '-' || run(s + 1) != 2 || fixed(s + 1, 2, &d) == -1 ||
	    d < 1 || d > dim)
		return (0);
	s += 3;
	if (*s == '\0')
		return (1);
	if (*s != 'T' || run(s + 1) != 2 || fixed(s + 1, 2, &h) == -1 ||
	    h > 23)
		return (0);
	s += 3;
	if (*s == '\0')
		return (1);
	if (*s != ':' || run(s + 1) != 2 || fixed(s + 1, 2, &mi) == -1 ||
	    mi > 59)
		return (0);
	s += 3;
	if (*s == '\0')
		return (1);
	if (*s != ':' || run(s + 1) != 2 || fixed(s + 1, 2, &sec) == -1 ||
	    sec > 59)
		return (0);
	s += 3;
	if (*s == '.') {
		n = run(s + 1);
		if (n < 1 || n > 2 || fixed(s + 1, n, &frac) == -1)
			return (0);
		s += 1 + n;
	}
	if (*s == '\0')
		return (1);
	if (*s == 'Z')
		return (s[1] == '\0');
	if (*s != '+' && *s != '-')
		return (0);
	if (run(s + 1) != 2 || fixed(s + 1, 2, &h) == -1 || h > 23)
		return (0);
	s += 3;
	if (*s == '\0')
		return (1);
	if (*s != ':' || run(s + 1) != 2 || fixed(s + 1, 2, &mi) == -1 ||
	    mi > 59)
		return (0);

	return (s[3] == '\0');
}

/* HH:MM:SS.SS with at least two digits of hours, at most 9999:59:59.99. */
void
ol_cmi_timespan_format(int64_t cs, char *buf, size_t size)
{
	if (size == 0)
		return;
	if (cs < 0)
		cs = 0;
	if (cs > TIMESPAN_MAX)
		cs = TIMESPAN_MAX;
	(void)snprintf(buf, size, "%02" PRId64 ":%02d:%02d.%02d",
	    cs / CS_HOUR, (int)(cs / CS_MINUTE % 60),
	    (int)(cs / CS_SECOND % 60), (int)(cs % CS_SECOND));
}

/* PT#H#M#S, seconds with two decimals when there is a fraction. */
void
ol_cmi_duration_format(int64_t cs, char *buf, size_t size)
{
	if (size == 0)
		return;
	if (cs < 0)
		cs = 0;
	if (cs > OL_CMI_TIME_MAX)
		cs = OL_CMI_TIME_MAX;
	if (cs % CS_SECOND != 0)
		(void)snprintf(buf, size, "PT%" PRId64 "H%dM%d.%02dS",
		    cs / CS_HOUR, (int)(cs / CS_MINUTE % 60),
		    (int)(cs / CS_SECOND % 60), (int)(cs % CS_SECOND));
	else
		(void)snprintf(buf, size, "PT%" PRId64 "H%dM%dS",
		    cs / CS_HOUR, (int)(cs / CS_MINUTE % 60),
		    (int)(cs / CS_SECOND % 60));
}
