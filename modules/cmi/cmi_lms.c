/*
 * What the LMS itself does with the data model, as opposed to what
 * content sets: at the start of a session it puts what it knows (learner,
 * credit, mode, the manifest's launch data, mastery score, thresholds and
 * time limits) and decides entry; at the end it adds the session's time
 * to total_time and applies the status rules (1.2 mastery score and
 * "completed" on LMSFinish, 2004 completion threshold and scaled passing
 * score). ol_cmi_progress() reads both versions into one record for
 * reports.
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cmi.h"

#define SESSIONS	"ol.sessions"
#define SESSIONS_MAX	999999999

static int	v12(const struct ol_cmi *);
static void	put_or_unset(struct ol_cmi *, const char *, const char *);
static int	number(const struct ol_cmi *, const char *, double *);
static int64_t	sessions(const struct ol_cmi *);
static int64_t	time_of(const struct ol_cmi *, const char *);
static int	score(const struct ol_cmi *, const char *, double *);

static int
v12(const struct ol_cmi *cmi)
{
	return (ol_cmi_version(cmi) == OL_CMI_V12);
}

/* An LMS value: stored as given, or none at all when NULL. */
static void
put_or_unset(struct ol_cmi *cmi, const char *name, const char *value)
{
	if (value == NULL || ol_cmi_put(cmi, name, value) == -1)
		ol_cmi_unset(cmi, name);
}

/* A stored element read as a real number. */
static int
number(const struct ol_cmi *cmi, const char *name, double *v)
{
	const char	*s;

	if ((s = ol_cmi_stored(cmi, name)) == NULL)
		return (-1);

	return (ol_cmi_decimal(s, v));
}

static int64_t
sessions(const struct ol_cmi *cmi)
{
	const char	*s;
	int64_t		 n;

	if ((s = ol_cmi_stored(cmi, SESSIONS)) == NULL)
		return (0);
	/* put checked it: 1 to 9 digits. */
	for (n = 0; *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (*s - '0');

	return (n);
}

/* A stored timespan (1.2) or duration (2004) in centiseconds, or -1. */
static int64_t
time_of(const struct ol_cmi *cmi, const char *name)
{
	const char	*s;
	int64_t		 cs;
	int		 rc;

	if ((s = ol_cmi_stored(cmi, name)) == NULL)
		return (-1);
	rc = v12(cmi) ? ol_cmi_timespan_parse(s, &cs) :
	    ol_cmi_duration_parse(s, &cs);

	return (rc == 0 ? cs : -1);
}

/*
 * The score of a score.* group (prefix "cmi.core.score" or "cmi.score")
 * as a fraction of 0..1: 2004 scaled first, else raw scaled by min and
 * max when both are there and max > min, else raw / 100.
 */
static int
score(const struct ol_cmi *cmi, const char *prefix, double *out)
{
	char		name[64];
	double		raw, lo, hi, v;

	(void)snprintf(name, sizeof(name), "%s.scaled", prefix);
	if (!v12(cmi) && number(cmi, name, &v) == 0) {
		*out = v;
	} else {
		(void)snprintf(name, sizeof(name), "%s.raw", prefix);
		if (number(cmi, name, &raw) == -1)
			return (-1);
		(void)snprintf(name, sizeof(name), "%s.min", prefix);
		if (number(cmi, name, &lo) == 0) {
			(void)snprintf(name, sizeof(name), "%s.max", prefix);
			if (number(cmi, name, &hi) == 0 && hi > lo)
				*out = (raw - lo) / (hi - lo);
			else
				*out = raw / 100;
		} else
			*out = raw / 100;
	}
	if (*out < 0)
		*out = 0;
	if (*out > 1)
		*out = 1;

	return (0);
}

/*
 * SCORM 2004 cmi.completion_status as GetValue returns it: with a
 * completion_threshold, completed when progress_measure reaches it,
 * incomplete below it, unknown without a progress_measure; without one,
 * what content set, or unknown.
 */
const char *
ol_cmi_completion_status(const struct ol_cmi *cmi)
{
	const char	*s;
	double		 threshold, progress;

	if (number(cmi, "cmi.completion_threshold", &threshold) == 0) {
		if (number(cmi, "cmi.progress_measure", &progress) == -1)
			return ("unknown");
		return (progress >= threshold ? "completed" : "incomplete");
	}
	if ((s = ol_cmi_stored(cmi, "cmi.completion_status")) != NULL)
		return (s);

	return ("unknown");
}

/*
 * SCORM 2004 cmi.success_status likewise: with a scaled_passing_score,
 * passed when score.scaled reaches it, failed below, unknown without a
 * scaled score.
 */
const char *
ol_cmi_success_status(const struct ol_cmi *cmi)
{
	const char	*s;
	double		 passing, scaled;

	if (number(cmi, "cmi.scaled_passing_score", &passing) == 0) {
		if (number(cmi, "cmi.score.scaled", &scaled) == -1)
			return ("unknown");
		return (scaled >= passing ? "passed" : "failed");
	}
	if ((s = ol_cmi_stored(cmi, "cmi.success_status")) != NULL)
		return (s);

	return ("unknown");
}

void
ol_cmi_session_begin(struct ol_cmi *cmi, const struct ol_cmi_launch *l)
{
	const char	*ex, *entry;
	char		 buf[16];
	int64_t		 n;
	int		 is12;

	is12 = v12(cmi);
	if (l != NULL) {
		put_or_unset(cmi, is12 ? "cmi.core.student_id" :
		    "cmi.learner_id", l->learner_id);
		put_or_unset(cmi, is12 ? "cmi.core.student_name" :
		    "cmi.learner_name", l->learner_name);
		put_or_unset(cmi, is12 ? "cmi.core.credit" : "cmi.credit",
		    l->credit ? "credit" : "no-credit");
		put_or_unset(cmi, is12 ? "cmi.core.lesson_mode" : "cmi.mode",
		    l->mode != NULL ? l->mode : "normal");
		put_or_unset(cmi, "cmi.launch_data", l->launch_data);
		put_or_unset(cmi, is12 ? "cmi.student_data.max_time_allowed" :
		    "cmi.max_time_allowed", l->max_time_allowed);
		put_or_unset(cmi, is12 ?
		    "cmi.student_data.time_limit_action" :
		    "cmi.time_limit_action", l->time_limit_action);
		if (is12)
			put_or_unset(cmi, "cmi.student_data.mastery_score",
			    l->mastery_score);
		else {
			put_or_unset(cmi, "cmi.completion_threshold",
			    l->completion_threshold);
			put_or_unset(cmi, "cmi.scaled_passing_score",
			    l->scaled_passing_score);
		}
	}

	/* entry follows from how the previous session ended. */
	n = sessions(cmi);
	ex = ol_cmi_stored(cmi, is12 ? "cmi.core.exit" : "cmi.exit");
	if (n == 0)
		entry = "ab-initio";
	else if (ex != NULL && strcmp(ex, "suspend") == 0)
		entry = "resume";
	else
		entry = "";
	(void)ol_cmi_put(cmi, is12 ? "cmi.core.entry" : "cmi.entry", entry);

	if (is12) {
		if (n == 0 && ol_cmi_stored(cmi, "cmi.core.lesson_status") ==
		    NULL)
			(void)ol_cmi_put(cmi, "cmi.core.lesson_status",
			    "not attempted");
		if (ol_cmi_stored(cmi, "cmi.core.total_time") == NULL)
			(void)ol_cmi_put(cmi, "cmi.core.total_time",
			    "0000:00:00.00");
		ol_cmi_unset(cmi, "cmi.core.exit");
		ol_cmi_unset(cmi, "cmi.core.session_time");
	} else {
		if (ol_cmi_stored(cmi, "cmi.total_time") == NULL)
			(void)ol_cmi_put(cmi, "cmi.total_time", "PT0H0M0S");
		ol_cmi_unset(cmi, "cmi.exit");
		ol_cmi_unset(cmi, "cmi.session_time");
		ol_cmi_unset(cmi, "adl.nav.request");
	}

	if (n < SESSIONS_MAX)
		n++;
	(void)snprintf(buf, sizeof(buf), "%d", (int)n);
	(void)ol_cmi_put(cmi, SESSIONS, buf);
}

/*
 * The end of a session: elapsed_cs is how long the LMS saw it last, used
 * when content did not report session_time. finished: content called
 * LMSFinish/Terminate (the 1.2 status rules apply only then).
 */
void
ol_cmi_session_end(struct ol_cmi *cmi, int64_t elapsed_cs, int finished)
{
	char		 buf[OL_CMI_DURATION_LEN];
	const char	*status, *mode, *credit, *raw;
	double		 mastery, score_raw;
	int64_t		 session, total;
	int		 is12;

	is12 = v12(cmi);
	session = time_of(cmi, is12 ? "cmi.core.session_time" :
	    "cmi.session_time");
	if (session < 0)
		session = elapsed_cs > 0 ? elapsed_cs : 0;
	total = time_of(cmi, is12 ? "cmi.core.total_time" : "cmi.total_time");
	if (total < 0)
		total = 0;
	if (session > OL_CMI_TIME_MAX - total)
		total = OL_CMI_TIME_MAX;
	else
		total += session;

	if (is12) {
		ol_cmi_timespan_format(total, buf, sizeof(buf));
		(void)ol_cmi_put(cmi, "cmi.core.total_time", buf);
		ol_cmi_unset(cmi, "cmi.core.session_time");
	} else {
		ol_cmi_duration_format(total, buf, sizeof(buf));
		(void)ol_cmi_put(cmi, "cmi.total_time", buf);
		ol_cmi_unset(cmi, "cmi.session_time");
	}

	if (is12 && finished) {
		status = ol_cmi_stored(cmi, "cmi.core.lesson_status");
		if (status == NULL || strcmp(status, "not attempted") == 0) {
			mode = ol_cmi_stored(cmi, "cmi.core.lesson_mode");
			(void)ol_cmi_put(cmi, "cmi.core.lesson_status",
			    mode != NULL && strcmp(mode, "browse") == 0 ?
			    "browsed" : "completed");
		}
		credit = ol_cmi_stored(cmi, "cmi.core.credit");
		raw = ol_cmi_stored(cmi, "cmi.core.score.raw");
		if ((credit == NULL || strcmp(credit, "credit") == 0) &&
		    number(cmi, "cmi.student_data.mastery_score",
		    &mastery) == 0 && raw != NULL &&
		    ol_cmi_decimal(raw, &score_raw) == 0)
			(void)ol_cmi_put(cmi, "cmi.core.lesson_status",
			    score_raw >= mastery ? "passed" : "failed");
	}
	if (!is12) {
		if (number(cmi, "cmi.completion_threshold", &mastery) == 0)
			(void)ol_cmi_put(cmi, "cmi.completion_status",
			    ol_cmi_completion_status(cmi));
		if (number(cmi, "cmi.scaled_passing_score", &mastery) == 0)
			(void)ol_cmi_put(cmi, "cmi.success_status",
			    ol_cmi_success_status(cmi));
	}
}

void
ol_cmi_progress(struct ol_cmi *cmi, struct ol_cmi_progress *p)
{
	const char	*s, *ex;
	int64_t		 t;

	memset(p, 0, sizeof(*p));
	if (v12(cmi)) {
		s = ol_cmi_stored(cmi, "cmi.core.lesson_status");
		if (s == NULL)
			s = "not attempted";
		if (strcmp(s, "passed") == 0)
			p->status = OL_PROGRESS_PASSED;
		else if (strcmp(s, "failed") == 0)
			p->status = OL_PROGRESS_FAILED;
		else if (strcmp(s, "completed") == 0)
			p->status = OL_PROGRESS_COMPLETED;
		else if (strcmp(s, "incomplete") == 0 ||
		    strcmp(s, "browsed") == 0 || sessions(cmi) > 0)
			p->status = OL_PROGRESS_IN_PROGRESS;
		else
			p->status = OL_PROGRESS_NOT_STARTED;
		p->has_score = score(cmi, "cmi.core.score", &p->score) == 0;
		ex = ol_cmi_stored(cmi, "cmi.core.exit");
		t = time_of(cmi, "cmi.core.total_time");
	} else {
		s = ol_cmi_success_status(cmi);
		if (strcmp(s, "passed") == 0)
			p->status = OL_PROGRESS_PASSED;
		else if (strcmp(s, "failed") == 0)
			p->status = OL_PROGRESS_FAILED;
		else {
			s = ol_cmi_completion_status(cmi);
			if (strcmp(s, "completed") == 0)
				p->status = OL_PROGRESS_COMPLETED;
			else if (strcmp(s, "incomplete") == 0 ||
			    sessions(cmi) > 0)
				p->status = OL_PROGRESS_IN_PROGRESS;
			else
				p->status = OL_PROGRESS_NOT_STARTED;
		}
		p->has_score = score(cmi, "cmi.score", &p->score) == 0;
		ex = ol_cmi_stored(cmi, "cmi.exit");
		t = time_of(cmi, "cmi.total_time");
	}
	p->total_cs = t > 0 ? t : 0;
	p->suspended = ex != NULL && strcmp(ex, "suspend") == 0;
}
