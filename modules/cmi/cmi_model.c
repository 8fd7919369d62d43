/*
 * The tables of the SCORM run-time data model: every element of SCORM 1.2
 * and of SCORM 2004 4th edition with its access, type, limit, vocabulary,
 * default and (2004) dependency, and the nodes that answer ._children and
 * ._count. Kept apart from the code so that the model reads like the
 * specification's own tables; cmi.c looks names up here.
 *
 * The order of the elements is the order ol_cmi_item() lists stored
 * values in (top level first, then each array by index), so it must not
 * change once values have been stored in that order; adding elements is
 * fine.
 */

#include <stddef.h>
#include <string.h>

#include "cmi.h"

#define NELEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* Top-level arrays (struct ol_cmi_elem.group). */
#define G12_OBJECTIVES		1
#define G12_INTERACTIONS	2

#define G04_COMMENTS		1
#define G04_COMMENTS_LMS	2
#define G04_INTERACTIONS	3
#define G04_OBJECTIVES		4

static int	is_index(const char *);

static const char *const credit_vocab[] = { "credit", "no-credit", NULL };
static const char *const mode_vocab[] = { "normal", "browse", "review", NULL };
static const char *const entry_vocab[] = { "ab-initio", "resume", "", NULL };
static const char *const tla_vocab[] = { "exit,message", "exit,no message",
    "continue,message", "continue,no message", NULL };

/* SCORM 1.2 vocabularies. */
static const char *const status12_set[] = { "passed", "completed", "failed",
    "incomplete", "browsed", NULL };
static const char *const status12_all[] = { "passed", "completed", "failed",
    "incomplete", "browsed", "not attempted", NULL };
static const char *const exit12_vocab[] = { "time-out", "suspend", "logout",
    "", NULL };
static const char *const type12_vocab[] = { "true-false", "choice",
    "fill-in", "matching", "performance", "sequencing", "likert", "numeric",
    NULL };
static const char *const result12_vocab[] = { "correct", "wrong",
    "unanticipated", "neutral", NULL };

/* SCORM 2004 vocabularies. */
static const char *const completion_vocab[] = { "completed", "incomplete",
    "not attempted", "unknown", NULL };
static const char *const success_vocab[] = { "passed", "failed", "unknown",
    NULL };
static const char *const exit04_vocab[] = { "timeout", "suspend", "logout",
    "normal", "", NULL };
static const char *const type04_vocab[] = { "true-false", "choice",
    "fill-in", "long-fill-in", "likert", "matching", "performance",
    "sequencing", "numeric", "other", NULL };
static const char *const result04_vocab[] = { "correct", "incorrect",
    "unanticipated", "neutral", NULL };
static const char *const caption_vocab[] = { "-1", "0", "1", NULL };

#define STR(n, f, l)		{ n, f, OL_CMI_T_STRING, l, 0, 0, NULL, NULL, 0, 0 }
#define VOC(n, f, v, d)		{ n, f, OL_CMI_T_VOCABULARY, 0, 0, 0, v, d, 0, 0 }
#define TYP(n, f, t, d)		{ n, f, t, 0, 0, 0, NULL, d, 0, 0 }

static const struct ol_cmi_elem elems12[] = {
	{ "cmi.core.student_id", OL_CMI_R, OL_CMI_T_IDENTIFIER, 255, 0, 0,
	    NULL, NULL, 0, 0 },
	STR("cmi.core.student_name", OL_CMI_R, 255),
	STR("cmi.core.lesson_location", OL_CMI_RW, 255),
	VOC("cmi.core.credit", OL_CMI_R, credit_vocab, "credit"),
	VOC("cmi.core.lesson_status", OL_CMI_RW, status12_set,
	    "not attempted"),
	VOC("cmi.core.entry", OL_CMI_R, entry_vocab, ""),
	TYP("cmi.core.score.raw", OL_CMI_RW, OL_CMI_T_SCORE12, NULL),
	TYP("cmi.core.score.min", OL_CMI_RW, OL_CMI_T_SCORE12, NULL),
	TYP("cmi.core.score.max", OL_CMI_RW, OL_CMI_T_SCORE12, NULL),
	TYP("cmi.core.total_time", OL_CMI_R, OL_CMI_T_TIMESPAN,
	    "0000:00:00.00"),
	VOC("cmi.core.lesson_mode", OL_CMI_R, mode_vocab, "normal"),
	VOC("cmi.core.exit", OL_CMI_W, exit12_vocab, NULL),
	TYP("cmi.core.session_time", OL_CMI_W, OL_CMI_T_TIMESPAN, NULL),
	TYP("cmi.suspend_data", OL_CMI_RW, OL_CMI_T_SUSPEND, NULL),
	STR("cmi.launch_data", OL_CMI_R, 4096),
	STR("cmi.comments", OL_CMI_RW, 4096),
	STR("cmi.comments_from_lms", OL_CMI_R, 4096),
	{ "cmi.student_data.mastery_score", OL_CMI_R | OL_CMI_MIN | OL_CMI_MAX,
	    OL_CMI_T_DECIMAL, 0, 0, 100, NULL, NULL, 0, 0 },
	TYP("cmi.student_data.max_time_allowed", OL_CMI_R, OL_CMI_T_TIMESPAN,
	    NULL),
	VOC("cmi.student_data.time_limit_action", OL_CMI_R, tla_vocab, NULL),
	{ "cmi.student_preference.audio", OL_CMI_RW | OL_CMI_MIN | OL_CMI_MAX,
	    OL_CMI_T_INTEGER, 0, -1, 100, NULL, NULL, 0, 0 },
	STR("cmi.student_preference.language", OL_CMI_RW, 255),
	{ "cmi.student_preference.speed", OL_CMI_RW | OL_CMI_MIN | OL_CMI_MAX,
	    OL_CMI_T_INTEGER, 0, -100, 100, NULL, NULL, 0, 0 },
	{ "cmi.student_preference.text", OL_CMI_RW | OL_CMI_MIN | OL_CMI_MAX,
	    OL_CMI_T_INTEGER, 0, -1, 1, NULL, NULL, 0, 0 },
	TYP("ol.sessions", OL_CMI_LMS, OL_CMI_T_COUNT, "0"),

	/* cmi.objectives.n */
	{ "cmi.objectives.#.id", OL_CMI_RW, OL_CMI_T_IDENTIFIER, 255, 0, 0,
	    NULL, NULL, G12_OBJECTIVES, 0 },
	{ "cmi.objectives.#.score.raw", OL_CMI_RW, OL_CMI_T_SCORE12, 0, 0, 0,
	    NULL, NULL, G12_OBJECTIVES, 0 },
	{ "cmi.objectives.#.score.min", OL_CMI_RW, OL_CMI_T_SCORE12, 0, 0, 0,
	    NULL, NULL, G12_OBJECTIVES, 0 },
	{ "cmi.objectives.#.score.max", OL_CMI_RW, OL_CMI_T_SCORE12, 0, 0, 0,
	    NULL, NULL, G12_OBJECTIVES, 0 },
	{ "cmi.objectives.#.status", OL_CMI_RW, OL_CMI_T_VOCABULARY, 0, 0, 0,
	    status12_all, "not attempted", G12_OBJECTIVES, 0 },

	/* cmi.interactions.n: write-only. */
	{ "cmi.interactions.#.id", OL_CMI_W, OL_CMI_T_IDENTIFIER, 255, 0, 0,
	    NULL, NULL, G12_INTERACTIONS, 0 },
	{ "cmi.interactions.#.objectives.#.id", OL_CMI_W, OL_CMI_T_IDENTIFIER,
	    255, 0, 0, NULL, NULL, G12_INTERACTIONS, 0 },
	{ "cmi.interactions.#.time", OL_CMI_W, OL_CMI_T_TIME12, 0, 0, 0,
	    NULL, NULL, G12_INTERACTIONS, 0 },
	{ "cmi.interactions.#.type", OL_CMI_W, OL_CMI_T_VOCABULARY, 0, 0, 0,
	    type12_vocab, NULL, G12_INTERACTIONS, 0 },
	{ "cmi.interactions.#.correct_responses.#.pattern", OL_CMI_W,
	    OL_CMI_T_STRING, 255, 0, 0, NULL, NULL, G12_INTERACTIONS, 0 },
	{ "cmi.interactions.#.weighting", OL_CMI_W, OL_CMI_T_DECIMAL, 0, 0, 0,
	    NULL, NULL, G12_INTERACTIONS, 0 },
	{ "cmi.interactions.#.student_response", OL_CMI_W, OL_CMI_T_STRING,
	    255, 0, 0, NULL, NULL, G12_INTERACTIONS, 0 },
	{ "cmi.interactions.#.result", OL_CMI_W, OL_CMI_T_RESULT, 0, 0, 0,
	    result12_vocab, NULL, G12_INTERACTIONS, 0 },
	{ "cmi.interactions.#.latency", OL_CMI_W, OL_CMI_T_TIMESPAN, 0, 0, 0,
	    NULL, NULL, G12_INTERACTIONS, 0 },
};

static const struct ol_cmi_node nodes12[] = {
	{ "cmi.core", "student_id,student_name,lesson_location,credit,"
	    "lesson_status,entry,score,total_time,lesson_mode,exit,"
	    "session_time", 0, NULL },
	{ "cmi.core.score", "raw,min,max", 0, NULL },
	{ "cmi.objectives", "id,score,status", G12_OBJECTIVES, NULL },
	{ "cmi.objectives.#.score", "raw,min,max", 0, NULL },
	{ "cmi.student_data", "mastery_score,max_time_allowed,"
	    "time_limit_action", 0, NULL },
	{ "cmi.student_preference", "audio,language,speed,text", 0, NULL },
	{ "cmi.interactions", "id,objectives,time,type,correct_responses,"
	    "weighting,student_response,result,latency", G12_INTERACTIONS,
	    NULL },
	{ "cmi.interactions.#.objectives", NULL, 0,
	    "cmi.interactions.#.objectives.#.id" },
	{ "cmi.interactions.#.correct_responses", NULL, 0,
	    "cmi.interactions.#.correct_responses.#.pattern" },
};

#define SCALED(n, f, d, g) \
	{ n, f | OL_CMI_MIN | OL_CMI_MAX, OL_CMI_T_DECIMAL, 0, -1, 1, NULL, \
	    NULL, g, d }
#define UNIT(n, f, d, g) \
	{ n, f | OL_CMI_MIN | OL_CMI_MAX, OL_CMI_T_DECIMAL, 0, 0, 1, NULL, \
	    NULL, g, d }
#define REAL(n, f, d, g) \
	{ n, f, OL_CMI_T_DECIMAL, 0, 0, 0, NULL, NULL, g, d }

static const struct ol_cmi_elem elems04[] = {
	{ "cmi._version", OL_CMI_R | OL_CMI_CONST, OL_CMI_T_CONST, 0, 0, 0,
	    NULL, "1.0", 0, 0 },
	{ "cmi.completion_status", OL_CMI_RW | OL_CMI_COMPLETION,
	    OL_CMI_T_VOCABULARY, 0, 0, 0, completion_vocab, "unknown", 0, 0 },
	UNIT("cmi.completion_threshold", OL_CMI_R, 0, 0),
	VOC("cmi.credit", OL_CMI_R, credit_vocab, "credit"),
	VOC("cmi.entry", OL_CMI_R, entry_vocab, ""),
	VOC("cmi.exit", OL_CMI_W, exit04_vocab, NULL),
	STR("cmi.launch_data", OL_CMI_R, 4000),
	{ "cmi.learner_id", OL_CMI_R, OL_CMI_T_IDENTIFIER, 4000, 0, 0, NULL,
	    NULL, 0, 0 },
	{ "cmi.learner_name", OL_CMI_R, OL_CMI_T_LOCALIZED, 250, 0, 0, NULL,
	    NULL, 0, 0 },
	{ "cmi.learner_preference.audio_level", OL_CMI_RW | OL_CMI_MIN,
	    OL_CMI_T_DECIMAL, 0, 0, 0, NULL, "1", 0, 0 },
	TYP("cmi.learner_preference.language", OL_CMI_RW, OL_CMI_T_LANGUAGE,
	    ""),
	{ "cmi.learner_preference.delivery_speed", OL_CMI_RW | OL_CMI_MIN,
	    OL_CMI_T_DECIMAL, 0, 0, 0, NULL, "1", 0, 0 },
	VOC("cmi.learner_preference.audio_captioning", OL_CMI_RW,
	    caption_vocab, "0"),
	STR("cmi.location", OL_CMI_RW, 1000),
	TYP("cmi.max_time_allowed", OL_CMI_R, OL_CMI_T_DURATION, NULL),
	VOC("cmi.mode", OL_CMI_R, mode_vocab, "normal"),
	UNIT("cmi.progress_measure", OL_CMI_RW, 0, 0),
	SCALED("cmi.scaled_passing_score", OL_CMI_R, 0, 0),
	SCALED("cmi.score.scaled", OL_CMI_RW, 0, 0),
	REAL("cmi.score.raw", OL_CMI_RW, 0, 0),
	REAL("cmi.score.min", OL_CMI_RW, 0, 0),
	REAL("cmi.score.max", OL_CMI_RW, 0, 0),
	TYP("cmi.session_time", OL_CMI_W, OL_CMI_T_DURATION, NULL),
	{ "cmi.success_status", OL_CMI_RW | OL_CMI_SUCCESS,
	    OL_CMI_T_VOCABULARY, 0, 0, 0, success_vocab, "unknown", 0, 0 },
	TYP("cmi.suspend_data", OL_CMI_RW, OL_CMI_T_SUSPEND, NULL),
	VOC("cmi.time_limit_action", OL_CMI_R, tla_vocab,
	    "continue,no message"),
	TYP("cmi.total_time", OL_CMI_R, OL_CMI_T_DURATION, "PT0H0M0S"),
	TYP("adl.nav.request", OL_CMI_RW, OL_CMI_T_NAVREQUEST, "_none_"),
	{ "adl.nav.request_valid.continue", OL_CMI_R | OL_CMI_CONST,
	    OL_CMI_T_CONST, 0, 0, 0, NULL, "unknown", 0, 0 },
	{ "adl.nav.request_valid.previous", OL_CMI_R | OL_CMI_CONST,
	    OL_CMI_T_CONST, 0, 0, 0, NULL, "unknown", 0, 0 },
	/* The last component is "{target=ID}" (cmi.c). */
	{ "adl.nav.request_valid.choice.{target}", OL_CMI_R | OL_CMI_CONST,
	    OL_CMI_T_CONST, 0, 0, 0, NULL, "unknown", 0, 0 },
	{ "adl.nav.request_valid.jump.{target}", OL_CMI_R | OL_CMI_CONST,
	    OL_CMI_T_CONST, 0, 0, 0, NULL, "unknown", 0, 0 },
	TYP("ol.sessions", OL_CMI_LMS, OL_CMI_T_COUNT, "0"),

	/* cmi.comments_from_learner.n */
	{ "cmi.comments_from_learner.#.comment", OL_CMI_RW,
	    OL_CMI_T_LOCALIZED, 4000, 0, 0, NULL, NULL, G04_COMMENTS, 0 },
	{ "cmi.comments_from_learner.#.location", OL_CMI_RW, OL_CMI_T_STRING,
	    250, 0, 0, NULL, NULL, G04_COMMENTS, 0 },
	{ "cmi.comments_from_learner.#.timestamp", OL_CMI_RW,
	    OL_CMI_T_TIMESTAMP, 0, 0, 0, NULL, NULL, G04_COMMENTS, 0 },

	/* cmi.comments_from_lms.n: read-only, the LMS puts them. */
	{ "cmi.comments_from_lms.#.comment", OL_CMI_R, OL_CMI_T_LOCALIZED,
	    4000, 0, 0, NULL, NULL, G04_COMMENTS_LMS, 0 },
	{ "cmi.comments_from_lms.#.location", OL_CMI_R, OL_CMI_T_STRING, 250,
	    0, 0, NULL, NULL, G04_COMMENTS_LMS, 0 },
	{ "cmi.comments_from_lms.#.timestamp", OL_CMI_R, OL_CMI_T_TIMESTAMP,
	    0, 0, 0, NULL, NULL, G04_COMMENTS_LMS, 0 },

	/* cmi.interactions.n */
	{ "cmi.interactions.#.id", OL_CMI_RW, OL_CMI_T_IDENTIFIER, 4000, 0, 0,
	    NULL, NULL, G04_INTERACTIONS, OL_CMI_DEP_NONE },
	{ "cmi.interactions.#.type", OL_CMI_RW, OL_CMI_T_VOCABULARY, 0, 0, 0,
	    type04_vocab, NULL, G04_INTERACTIONS, OL_CMI_DEP_ID },
	{ "cmi.interactions.#.objectives.#.id", OL_CMI_RW,
	    OL_CMI_T_IDENTIFIER, 4000, 0, 0, NULL, NULL, G04_INTERACTIONS,
	    OL_CMI_DEP_ID },
	{ "cmi.interactions.#.timestamp", OL_CMI_RW, OL_CMI_T_TIMESTAMP, 0, 0,
	    0, NULL, NULL, G04_INTERACTIONS, OL_CMI_DEP_ID },
	{ "cmi.interactions.#.correct_responses.#.pattern", OL_CMI_RW,
	    OL_CMI_T_PATTERN, 0, 0, 0, NULL, NULL, G04_INTERACTIONS,
	    OL_CMI_DEP_TYPE },
	REAL("cmi.interactions.#.weighting", OL_CMI_RW, OL_CMI_DEP_ID,
	    G04_INTERACTIONS),
	{ "cmi.interactions.#.learner_response", OL_CMI_RW, OL_CMI_T_RESPONSE,
	    0, 0, 0, NULL, NULL, G04_INTERACTIONS, OL_CMI_DEP_TYPE },
	{ "cmi.interactions.#.result", OL_CMI_RW, OL_CMI_T_RESULT, 0, 0, 0,
	    result04_vocab, NULL, G04_INTERACTIONS, OL_CMI_DEP_ID },
	{ "cmi.interactions.#.latency", OL_CMI_RW, OL_CMI_T_DURATION, 0, 0, 0,
	    NULL, NULL, G04_INTERACTIONS, OL_CMI_DEP_ID },
	{ "cmi.interactions.#.description", OL_CMI_RW, OL_CMI_T_LOCALIZED, 250,
	    0, 0, NULL, NULL, G04_INTERACTIONS, OL_CMI_DEP_ID },

	/* cmi.objectives.n */
	{ "cmi.objectives.#.id", OL_CMI_RW, OL_CMI_T_IDENTIFIER, 4000, 0, 0,
	    NULL, NULL, G04_OBJECTIVES, OL_CMI_DEP_NONE },
	SCALED("cmi.objectives.#.score.scaled", OL_CMI_RW, OL_CMI_DEP_ID,
	    G04_OBJECTIVES),
	REAL("cmi.objectives.#.score.raw", OL_CMI_RW, OL_CMI_DEP_ID,
	    G04_OBJECTIVES),
	REAL("cmi.objectives.#.score.min", OL_CMI_RW, OL_CMI_DEP_ID,
	    G04_OBJECTIVES),
	REAL("cmi.objectives.#.score.max", OL_CMI_RW, OL_CMI_DEP_ID,
	    G04_OBJECTIVES),
	{ "cmi.objectives.#.success_status", OL_CMI_RW, OL_CMI_T_VOCABULARY, 0,
	    0, 0, success_vocab, "unknown", G04_OBJECTIVES, OL_CMI_DEP_ID },
	{ "cmi.objectives.#.completion_status", OL_CMI_RW,
	    OL_CMI_T_VOCABULARY, 0, 0, 0, completion_vocab, "unknown",
	    G04_OBJECTIVES, OL_CMI_DEP_ID },
	UNIT("cmi.objectives.#.progress_measure", OL_CMI_RW, OL_CMI_DEP_ID,
	    G04_OBJECTIVES),
	{ "cmi.objectives.#.description", OL_CMI_RW, OL_CMI_T_LOCALIZED, 250,
	    0, 0, NULL, NULL, G04_OBJECTIVES, OL_CMI_DEP_ID },
};

static const struct ol_cmi_node nodes04[] = {
	{ "cmi.comments_from_learner", "comment,location,timestamp",
	    G04_COMMENTS, NULL },
	{ "cmi.comments_from_lms", "comment,location,timestamp",
	    G04_COMMENTS_LMS, NULL },
	{ "cmi.interactions", "id,type,objectives,timestamp,"
	    "correct_responses,weighting,learner_response,result,latency,"
	    "description", G04_INTERACTIONS, NULL },
	{ "cmi.interactions.#.objectives", NULL, 0,
	    "cmi.interactions.#.objectives.#.id" },
	{ "cmi.interactions.#.correct_responses", NULL, 0,
	    "cmi.interactions.#.correct_responses.#.pattern" },
	{ "cmi.learner_preference", "audio_level,language,delivery_speed,"
	    "audio_captioning", 0, NULL },
	{ "cmi.objectives", "id,score,success_status,completion_status,"
	    "progress_measure,description", G04_OBJECTIVES, NULL },
	{ "cmi.objectives.#.score", "scaled,raw,min,max", 0, NULL },
	{ "cmi.score", "scaled,raw,min,max", 0, NULL },
};

static const struct ol_cmi_model model12 = {
	elems12, NELEMS(elems12), nodes12, NELEMS(nodes12), OL_CMI_SUSPEND_12
};

static const struct ol_cmi_model model04 = {
	elems04, NELEMS(elems04), nodes04, NELEMS(nodes04), OL_CMI_SUSPEND_2004
};

const struct ol_cmi_model *
ol_cmi_model(int version)
{
	switch (version) {
	case OL_CMI_V12:
		return (&model12);
	case OL_CMI_V2004:
		return (&model04);
	default:
		return (NULL);
	}
}

/* A non-empty run of ASCII digits. */
static int
is_index(const char *s)
{
	if (*s == '\0')
		return (0);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return (0);
	}

	return (1);
}

/*
 * Whether the components comps[0..n-1] match pattern, where a "#"
 * component of the pattern matches any run of digits. With prefix set,
 * whether they match the beginning of a pattern that has more
 * components.
 */
int
ol_cmi_pattern_match(const char *pattern, const char *const *comps,
    size_t n, int prefix)
{
	const char	*p, *dot;
	size_t		i, len;

	p = pattern;
	for (i = 0; i < n; i++) {
		if (p == NULL)
			return (0);
		dot = strchr(p, '.');
		len = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (len == 1 && p[0] == '#') {
			if (!is_index(comps[i]))
				return (0);
		} else if (strlen(comps[i]) != len ||
		    memcmp(comps[i], p, len) != 0)
			return (0);
		p = dot != NULL ? dot + 1 : NULL;
	}

	return (prefix ? p != NULL : p == NULL);
}
