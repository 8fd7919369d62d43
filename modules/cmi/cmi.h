/*
 * The SCORM run-time data model, for SCORM 1.2 (cmi.core.* and cmi.*)
 * and SCORM 2004 (cmi.* and adl.nav.*, 4th edition; 2nd and 3rd edition
 * differ only in the suspend_data limit). One struct ol_cmi holds the
 * values of one attempt at one SCO; the server loads what it stored,
 * replays what the learner's browser set through ol_cmi_set() (which
 * checks every value as the specification says: element names, access,
 * types, ranges, vocabularies, array order, 2004 dependencies) and stores
 * the result. The LMS's own duties (entry, status rules, total_time) are
 * in ol_cmi_session_begin() and ol_cmi_session_end(); ol_cmi_progress()
 * maps both versions onto one progress record for reports.
 *
 * Values are NUL-terminated UTF-8 strings, as the run-time API passes
 * them. Error codes are the specification's own numbers for the version
 * (1.2: 0, 101, 201-203, 301, 401-405; 2004: 0, 101-143, 201, 301, 351,
 * 391, 401-408). No Kore, no I/O.
 */

#ifndef OL_CMI_H
#define OL_CMI_H

#include <stddef.h>
#include <stdint.h>

#define OL_CMI_V12		1
#define OL_CMI_V2004		2

/* Limits of the specification; a tenant setting may raise suspend_data. */
#define OL_CMI_SUSPEND_12	4096
#define OL_CMI_SUSPEND_2004_2	4000
#define OL_CMI_SUSPEND_2004	64000
#define OL_CMI_SUSPEND_MAX	(16 * 1024 * 1024)

/* SCORM 1.2 error codes. */
#define OL_CMI12_OK			0
#define OL_CMI12_GENERAL		101
#define OL_CMI12_INVALID_ARGUMENT	201
#define OL_CMI12_NO_CHILDREN		202
#define OL_CMI12_NO_COUNT		203
#define OL_CMI12_NOT_INITIALIZED	301
#define OL_CMI12_NOT_IMPLEMENTED	401
#define OL_CMI12_KEYWORD		402
#define OL_CMI12_READ_ONLY		403
#define OL_CMI12_WRITE_ONLY		404
#define OL_CMI12_TYPE			405

/* SCORM 2004 error codes (the ones the data model itself raises). */
#define OL_CMI04_OK			0
#define OL_CMI04_GENERAL		101
#define OL_CMI04_ARGUMENT		201
#define OL_CMI04_GET_FAILURE		301
#define OL_CMI04_SET_FAILURE		351
#define OL_CMI04_UNDEFINED		401
#define OL_CMI04_UNIMPLEMENTED		402
#define OL_CMI04_NOT_INITIALIZED	403
#define OL_CMI04_READ_ONLY		404
#define OL_CMI04_WRITE_ONLY		405
#define OL_CMI04_TYPE			406
#define OL_CMI04_RANGE			407
#define OL_CMI04_DEPENDENCY		408

/* The common progress record (ol_cmi_progress()). */
#define OL_PROGRESS_NOT_STARTED		0
#define OL_PROGRESS_IN_PROGRESS		1
#define OL_PROGRESS_COMPLETED		2
#define OL_PROGRESS_PASSED		3
#define OL_PROGRESS_FAILED		4

/*
 * Limits of this implementation, beyond the specification's own ones
 * (which are at least its smallest permitted maxima, SPM). String limits
 * count characters (Unicode code points), not bytes.
 */
#define OL_CMI_NAME_MAX		255		/* bytes in an element name */
#define OL_CMI_ARRAY_MAX	1000		/* records in a top-level array */
#define OL_CMI_NESTED_MAX	100		/* interactions.n.objectives,
						   1.2 correct_responses */
#define OL_CMI_DATA_MAX		(4 * 1024 * 1024) /* bytes of all values but
						   suspend_data, for set */
#define OL_CMI_TIME_MAX		((int64_t)999999999 * 360000) /* centi-
						   seconds (999999999 hours):
						   durations saturate here */
#define OL_CMI_DIAG_MAX		256		/* ol_cmi_diagnostic() */

/* Buffer sizes that always hold ol_cmi_*_format() output. */
#define OL_CMI_TIMESPAN_LEN	16
#define OL_CMI_DURATION_LEN	40

struct ol_cmi;

/* What the LMS knows at launch (ol_cmi_session_begin()); NULL: none. */
struct ol_cmi_launch {
	const char	*learner_id;
	const char	*learner_name;
	const char	*launch_data;		/* datafromlms / dataFromLMS */
	const char	*mastery_score;		/* 1.2 masteryscore, 0-100 */
	const char	*scaled_passing_score;	/* 2004, -1..1 */
	const char	*completion_threshold;	/* 2004, 0..1 */
	const char	*max_time_allowed;	/* 1.2 timespan, 2004 duration */
	const char	*time_limit_action;
	int		credit;			/* 1 credit, 0 no-credit */
	const char	*mode;			/* normal, browse, review;
						   NULL: normal */
};

struct ol_cmi_progress {
	int		status;		/* OL_PROGRESS_* */
	int		has_score;
	double		score;		/* scaled, 0..1 (2004 scaled < 0: 0) */
	int64_t		total_cs;	/* total time, centiseconds */
	int		suspended;	/* exit was suspend (resumable) */
};

/*
 * The tables of the model (cmi_model.c). An element's name is a pattern
 * whose "#" components stand for array indices; a node is anything that
 * can stand before ._children or ._count.
 */
#define OL_CMI_R		0x01	/* GetValue allowed */
#define OL_CMI_W		0x02	/* SetValue allowed */
#define OL_CMI_RW		(OL_CMI_R | OL_CMI_W)
#define OL_CMI_LMS		0x04	/* internal: put and item only */
#define OL_CMI_CONST		0x08	/* computed: never stored */
#define OL_CMI_MIN		0x10	/* min applies */
#define OL_CMI_MAX		0x20	/* max applies */
#define OL_CMI_COMPLETION	0x40	/* 2004 completion_status rule */
#define OL_CMI_SUCCESS		0x80	/* 2004 success_status rule */

/* Value types (struct ol_cmi_elem.type). */
#define OL_CMI_T_STRING		1	/* characterstring, limit */
#define OL_CMI_T_LOCALIZED	2	/* {lang=..} + string, limit */
#define OL_CMI_T_IDENTIFIER	3	/* no spaces or controls, limit */
#define OL_CMI_T_VOCABULARY	4
#define OL_CMI_T_DECIMAL	5	/* real, min/max when flagged */
#define OL_CMI_T_SCORE12	6	/* CMIDecimal 0..100 or blank */
#define OL_CMI_T_INTEGER	7	/* CMISInteger, min/max */
#define OL_CMI_T_TIME12		8	/* CMITime HH:MM:SS[.SS] */
#define OL_CMI_T_TIMESPAN	9	/* CMITimespan HHHH:MM:SS[.SS] */
#define OL_CMI_T_DURATION	10	/* timeinterval (second,10,2) */
#define OL_CMI_T_TIMESTAMP	11	/* time (second,10,0) */
#define OL_CMI_T_LANGUAGE	12	/* language_type or "" */
#define OL_CMI_T_RESULT		13	/* vocabulary or decimal */
#define OL_CMI_T_RESPONSE	14	/* 2004 learner_response */
#define OL_CMI_T_PATTERN	15	/* 2004 correct_responses pattern */
#define OL_CMI_T_NAVREQUEST	16	/* adl.nav.request */
#define OL_CMI_T_SUSPEND	17	/* string, the configured limit */
#define OL_CMI_T_COUNT		18	/* ol.sessions: 0..999999999 */
#define OL_CMI_T_CONST		19	/* not settable */

/* 2004 dependencies (struct ol_cmi_elem.dep). */
#define OL_CMI_DEP_NONE		0
#define OL_CMI_DEP_ID		1	/* the record's id is set */
#define OL_CMI_DEP_TYPE		2	/* the interaction's id and type */

struct ol_cmi_elem {
	const char		*name;
	int			 flags;		/* OL_CMI_R ... */
	int			 type;		/* OL_CMI_T_* */
	size_t			 limit;		/* characters, 0 none */
	double			 min;
	double			 max;
	const char *const	*vocab;		/* NULL-terminated */
	const char		*def;		/* when unset; NULL: none */
	int			 group;		/* 0 top level, else the
						   top-level array (node) */
	int			 dep;		/* OL_CMI_DEP_* */
};

struct ol_cmi_node {
	const char		*name;
	const char		*children;	/* NULL: no _children */
	int			 group;		/* top-level array: its group;
						   0 otherwise */
	const char		*field;		/* nested array: the element
						   counted; NULL otherwise */
};

struct ol_cmi_model {
	const struct ol_cmi_elem	*elems;
	size_t				 nelems;
	const struct ol_cmi_node	*nodes;
	size_t				 nnodes;
	size_t				 suspend_default;
};

/* Outcomes of ol_cmi_check(). */
#define OL_CMI_VALID		0
#define OL_CMI_BAD_TYPE		1	/* 1.2 405, 2004 406 */
#define OL_CMI_BAD_RANGE	2	/* 1.2 405, 2004 407 */
#define OL_CMI_BAD_COUNT	3	/* more parts than allowed: 1.2 101,
					   2004 351 */

/* cmi.c */
struct ol_cmi	*ol_cmi_new(int, size_t);
void		 ol_cmi_free(struct ol_cmi *);
int		 ol_cmi_version(const struct ol_cmi *);
int		 ol_cmi_get(struct ol_cmi *, const char *, const char **);
int		 ol_cmi_set(struct ol_cmi *, const char *, const char *);
int		 ol_cmi_put(struct ol_cmi *, const char *, const char *);
size_t		 ol_cmi_count(const struct ol_cmi *);
int		 ol_cmi_item(const struct ol_cmi *, size_t, const char **,
		     const char **);
const char	*ol_cmi_diagnostic(const struct ol_cmi *);
const char	*ol_cmi_error_string(int, int);
const char	*ol_cmi_stored(const struct ol_cmi *, const char *);
void		 ol_cmi_unset(struct ol_cmi *, const char *);
size_t		 ol_cmi_suspend_max(const struct ol_cmi *);

/* cmi_model.c */
const struct ol_cmi_model *ol_cmi_model(int);
int		 ol_cmi_pattern_match(const char *, const char *const *,
		     size_t, int);

/* cmi_types.c */
int		 ol_cmi_check(const struct ol_cmi_elem *, const char *, size_t,
		     size_t, const char *);
int		 ol_cmi_decimal(const char *, double *);
int		 ol_cmi_identifier(const char *, size_t, size_t);
int		 ol_cmi_language(const char *, size_t);
int		 ol_cmi_response(const char *, const char *, size_t, int);
size_t		 ol_cmi_patterns_max(const char *);

/* cmi_lms.c */
void		 ol_cmi_session_begin(struct ol_cmi *,
		     const struct ol_cmi_launch *);
void		 ol_cmi_session_end(struct ol_cmi *, int64_t, int);
void		 ol_cmi_progress(struct ol_cmi *, struct ol_cmi_progress *);
const char	*ol_cmi_completion_status(const struct ol_cmi *);
const char	*ol_cmi_success_status(const struct ol_cmi *);

/* cmi_time.c */
int		 ol_cmi_timespan_parse(const char *, int64_t *);
int		 ol_cmi_duration_parse(const char *, int64_t *);
int		 ol_cmi_timestamp_valid(const char *);
int		 ol_cmi_time12_valid(const char *);
void		 ol_cmi_timespan_format(int64_t, char *, size_t);
void		 ol_cmi_duration_format(int64_t, char *, size_t);

#endif
