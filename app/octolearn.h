/*
 * Octolearn: the Kore application. One header for the whole area, its
 * prototypes grouped by the file that defines them.
 */

#ifndef OCTOLEARN_H
#define OCTOLEARN_H

#include <sys/types.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>
#include <kore/tasks.h>

#include <jansson.h>
#include <libintl.h>
#include <stdint.h>

#include "html.h"
#include "password.h"
#include "token.h"

#define _(s)			gettext(s)
/* A message in a context (msgctxt), for words with several senses. */
#define C_(c, s)		ol_pgettext(c "\004" s, s)
/* The same, marked for translation where it is stored, translated later. */
#define NC_(c, s)		c "\004" s
#define N_(s)			(s)

#define OL_DB_NAME		"db"
#define OL_HTTP_TOO_MANY	429	/* not in Kore 4.1's list */
#define OL_HTTP_INSUFFICIENT_STORAGE	507	/* nor is this (RFC 4918) */
#define OL_SLUG_MAX		63
#define OL_LANG_MAX		16
#define OL_NAME_MAX		200
/* A form's body at most: what Kore keeps in memory (http_body_disk_offload). */
#define OL_FORM_BODY_MAX	(1024 * 1024)

/* The columns ol_tenant_from_row() reads, in its order. */
#define OL_TENANT_COLUMNS	"id, slug, name, default_lang, " \
				"array_to_string(languages, ',')"

/* Settings read from the environment by the parent at start-up. */
struct ol_settings {
	char		*dsn;
	char		*data_dir;
	char		*locale_dir;
	char		*static_dir;
	char		*base_domain;
	int		secure_cookies;
};

struct ol_tenant {
	int64_t		id;
	char		slug[OL_SLUG_MAX + 1];
	char		name[OL_NAME_MAX * 4 + 1];
	char		default_lang[OL_LANG_MAX];
	char		languages[256];
};

#define OL_ROLE_LEARNER		0x01
#define OL_ROLE_TRAINER		0x02
#define OL_ROLE_TENANT_ADMIN	0x04
#define OL_ROLE_PLATFORM_ADMIN	0x08	/* granted by octolearn-admin only */

#define OL_COOKIE_SESSION	"octolearn_sid"
#define OL_COOKIE_CSRF		"octolearn_csrf"

/* Idle and absolute lifetime of a session, in seconds. */
#define OL_SESSION_IDLE		(2 * 3600)
#define OL_SESSION_ABSOLUTE	(12 * 3600)

/* The signed-in user of a request (ctx->has_user). */
struct ol_user {
	int64_t		id;
	int64_t		session_id;	/* 0 when signed in by API token */
	int64_t		token_id;
	int		via_token;
	int		roles;
	char		name[OL_NAME_MAX * 4 + 1];
	char		email[256 * 4];
	char		csrf[OL_TOKEN_LEN + 1];
	char		lang[OL_LANG_MAX];	/* saved choice, "" for none */
};

/* A password being hashed off the event loop (hashjob.c). */
struct ol_hashjob {
	struct kore_task	task;	/* first: the thread finds the job */
	int			started;
	size_t			len;
	char			password[OL_PASSWORD_MAX + 1];
	char			hash[OL_PASSWORD_HASH_MAX];
};

/* One request as the handlers see it: who, where, in which language. */
struct ol_ctx {
	struct http_request	*req;
	struct kore_buf		*out;
	const char		*lang;
	const char		*dir;
	int			lang_query;	/* chosen by ?lang= */
	int			has_tenant;
	struct ol_tenant	tenant;
	int			has_user;
	struct ol_user		user;
};

/* A transaction on the pool's connection, always ended by ol_db_end(). */
struct ol_db {
	struct kore_pgsql	sql;
	int			setup;
	int			in_tx;
	int64_t			tenant;
	int			quiet;		/* changes nothing cached */
	int64_t			progress_user;	/* whose progress it changes */
};

/* When a worker's copy of something was read (cache.c). */
struct ol_cache_stamp {
	u_int64_t	at;
	u_int64_t	global;
	u_int64_t	tenant;
	u_int64_t	user;
};

/* No copy is older than this, whatever changed outside the workers. */
#define OL_CACHE_TTL_MS		5000

/* A tenant as a platform admin creates or changes it (platform.c). */
struct ol_tenant_edit {
	char		slug[OL_SLUG_MAX + 1];
	char		name[OL_NAME_MAX * 4 + 1];
	char		default_lang[OL_LANG_MAX];
	char		languages[256];		/* codes, comma-separated */
	int		has_name;
	int		has_default;
	int		has_languages;
	int		disabled;		/* -1: unchanged */
};

/* The catalogue's search and filters, checked (resources_catalogue.c). */
struct ol_catalogue_filter {
	char		q[200 * 4 + 1];		/* words, "" for none */
	char		kind[8];		/* scorm, file, link or "" */
	char		tag[100 * 4 + 1];
	char		lang[4];		/* a 2-3 letter code or "" */
};

/* Where a kept catalogue page leaves each learner's status out. */
struct ol_catalogue_hole {
	size_t		off;
	int64_t		resource;
};

struct ol_catalogue_holes {
	struct ol_catalogue_hole	*v;
	size_t				 n;
	size_t				 cap;
};

/* What a report is of (reports.c). */
#define OL_REPORT_INDEX		0
#define OL_REPORT_COURSE	1
#define OL_REPORT_LEARNER	2
#define OL_REPORT_ATTEMPT	3
#define OL_REPORT_GROUP		4
#define OL_REPORT_PROGRESS	5

/* Rows on a page of a report's table; rows in a batch of an export. */
#define OL_REPORT_PAGE_ROWS	50
#define OL_REPORT_BATCH		2000
#define OL_REPORT_BATCH_ROWS	"2000"

/*
 * Rows in a batch of the export of progress records (reports_export.c),
 * whose rows are short and cheap: each batch costs a few milliseconds of
 * its own (planned afresh, its transaction), a fifth of its time at
 * 2,000. A batch and its part of the file are held at once: some 3 MB.
 */
#define OL_REPORT_PROGRESS_BATCH	5000
#define OL_REPORT_PROGRESS_BATCH_ROWS	"5000"

/*
 * One report request: its subject, the viewer's scope and the filters,
 * checked (reports.c). Every report query takes the same parameters:
 * $1 id, $2 viewer, $3 all ("t" for a tenant admin), $4 group ("" none),
 * $5 language, $6 from, $7 to, $8 status, $9 interface language,
 * $10 tenant default language; a query's own follow from $11.
 */
struct ol_report {
	struct ol_ctx	*ctx;		/* NULL once streaming */
	int		 kind;
	int		 api;
	int		 csv;
	int64_t		 id;
	int64_t		 tenant;
	char		 sid[24];
	char		 viewer[24];
	char		 all[2];
	char		 group[24];
	char		 lang[OL_LANG_MAX];
	char		 from[11];
	char		 to[11];
	char		 status[12];
	char		 sort[12];
	char		 ui[OL_LANG_MAX];
	char		 deflang[OL_LANG_MAX];
	int		 desc;
	int		 page;
	char		 sep;		/* CSV separator */
};

#define OL_REPORT_PARAMS	10
#define OL_REPORT_STATUSES	5

extern const char	*ol_report_statuses[];

/* The title of resource col in the viewer's language, else any. */
#define OL_REPORT_TITLE(col)						\
	"coalesce((SELECT t.title FROM resource_texts t WHERE "		\
	"t.resource_id = " col " ORDER BY t.lang = $9 DESC, "		\
	"t.lang = $10 DESC, t.lang LIMIT 1), (SELECT v.title FROM "	\
	"package_versions v WHERE v.resource_id = " col " ORDER BY "	\
	"v.id DESC LIMIT 1), '')"

/*
 * Whether user id (an SQL expression) is in the report's scope, within
 * group group (an SQL expression, NULL for none): a learner of the tenant,
 * and for anyone but a tenant admin looking at the whole tenant, one of
 * octolearn_report_learners(). Two conditions side by side: the first the
 * planner makes a semi-join (a look-up in the roles' primary key per
 * row, so that a query over the whole tenant walks an index in order and
 * stops at its limit); the second, the parameters being known when the
 * query is planned, folds to true over the whole tenant, and otherwise
 * lets the query start from the few learners in scope. A condition on the
 * function alone would be planned as a join against every learner.
 */
#define OL_REPORT_IN_SCOPE(id, group)					\
	"EXISTS (SELECT 1 FROM user_roles sr WHERE sr.tenant_id = "	\
	"octolearn_tenant() AND sr.user_id = " id " AND sr.role = "	\
	"'learner') AND (($3 AND (" group ") IS NULL) OR " id " = ANY "	\
	"(ARRAY(SELECT l.user_id FROM octolearn_report_learners($2, $3, "\
	group ") l)))"

/* The report's group filter ($4) as an SQL expression. */
#define OL_REPORT_BY_GROUP	"NULLIF($4, '')::bigint"

/* A progress record p within the language and date filters. */
#define OL_REPORT_RECORD_FILTER						\
	"($5 = '' OR p.lang = $5) AND ($6 = '' OR p.last_activity >= "	\
	"NULLIF($6, '')::date) AND ($7 = '' OR p.last_activity < "	\
	"NULLIF($7, '')::date + 1)"

/*
 * The learners of a course report: every learner in scope (u) with their
 * record (p) of resource $1, those without one when no filter asks for a
 * record. Columns: id, name, email, status, score (whole percent or ""),
 * time (cs), attempts, last activity ("YYYY-MM-DD HH:MM" or ""),
 * language, the name's sort key.
 */
#define OL_REPORT_COURSE_ROWS						\
	"SELECT u.id, u.display_name, u.email, "			\
	"coalesce(p.status, 'not_started'), "				\
	"coalesce(round(p.score * 100)::text, ''), "			\
	"coalesce(p.total_cs, 0), coalesce(p.attempts, 0), "		\
	"coalesce(to_char(p.last_activity, 'YYYY-MM-DD HH24:MI'), ''), "\
	"coalesce(p.lang, ''), u.sort_name "			\
	"FROM users u LEFT JOIN progress p ON p.user_id = u.id AND "	\
	"p.resource_id = $1 "						\
	"WHERE " OL_REPORT_IN_SCOPE("u.id", OL_REPORT_BY_GROUP) " "	\
	"AND (($5 = '' AND $6 = '' AND $7 = '') OR (p.user_id IS NOT "	\
	"NULL AND " OL_REPORT_RECORD_FILTER ")) "			\
	"AND ($8 = '' OR coalesce(p.status, 'not_started') = $8) "

/* A CSV export being streamed (reports_stream.c). */
struct ol_stream;
typedef int	(*ol_stream_fill_fn)(struct ol_stream *);

/* A resource's title, kept by a stream (ol_stream_title()). */
struct ol_stream_title {
	int64_t		 id;
	char		*title;
};

struct ol_stream {
	struct ol_report	 r;
	struct connection	*c;
	struct kore_buf		 chunk;
	ol_stream_fill_fn	 fill;
	char			 lang[OL_LANG_MAX];
	int			 done;
	int			 removed;
	size_t			 rows_in_chunk;
	size_t			 rows_sent;
	char			 key[OL_NAME_MAX * 4 + 1];	/* keyset: */
	char			 key_id[24];		/* last row sent */
	char			 key_time[64];		/* its activity */
	char			 until[24];	/* the end of a range */
	int64_t			*cols;		/* matrix columns (ids) */
	size_t			 ncols;
	struct ol_stream_title	*titles;	/* by id, met so far */
	size_t			 ntitles;
};

extern struct ol_settings	ol_cfg;

/* main.c */
void		kore_parent_configure(int, char **);
void		kore_worker_configure(void);
const char	*ol_data_root(void);

/* settings.c */
void	ol_settings_load(void);

/* i18n.c */
void		ol_i18n_init(const char *);
void		ol_i18n_set(const char *);
const char	*ol_i18n_dir(const char *);
const char	*ol_i18n_name(const char *);
int		ol_i18n_known(const char *);
const char	*ol_i18n_canon(const char *);
const char	*ol_i18n_code(int);
const char	*ol_i18n_name_here(const char *);
const char	*ol_pgettext(const char *, const char *);
void		ol_i18n_date(const char *, char *, size_t);
void		ol_i18n_percent(const char *, char *, size_t);
void		ol_i18n_number(int64_t, char *, size_t);

/* variants.c */
void	ol_variants_html(struct ol_ctx *, const char *, const char *,
	    const char *);

/* lang.c */
void	ol_lang_negotiate(struct ol_ctx *);
void	ol_lang_remember(struct ol_ctx *);
void	ol_lang_switch(struct ol_ctx *, int);
int	ol_account_language(struct http_request *);

/* cache.c */
void	ol_cache_init(void);
void	ol_cache_stamp(struct ol_cache_stamp *, int64_t, int64_t);
int	ol_cache_fresh(const struct ol_cache_stamp *, int64_t, int64_t);
void	ol_cache_changed(int64_t);
void	ol_cache_progress_changed(int64_t, int64_t);
u_int64_t	ol_cache_hash(int64_t, int64_t);
u_int64_t	ol_cache_hash_bytes(int64_t, const char *, size_t);

/* cache_notify.c */
void	ol_cache_listen(void);
void	ol_cache_notified(void);

/* db.c */
int		ol_db_begin(struct ol_db *, int64_t);
void		ol_db_quiet(struct ol_db *);
void		ol_db_progress(struct ol_db *, int64_t);
int		ol_db_exec(struct ol_db *, const char *, int, ...);
int		ol_db_execv(struct ol_db *, const char *, int, const char **);
int		ol_db_commit(struct ol_db *);
void		ol_db_end(struct ol_db *);
int		ol_db_rows(struct ol_db *);
const char	*ol_db_value(struct ol_db *, int, int);
int64_t		ol_db_int64(struct ol_db *, int, int);
const char	*ol_db_sqlstate(struct ol_db *);
int		ol_db_bool(struct ol_db *, int, int);

/* buf.c */
void	ol_buf_append(struct kore_buf *, const void *, size_t);

/* ctx.c */
void	ol_ctx_init(struct ol_ctx *, struct http_request *);
void	ol_ctx_free(struct ol_ctx *);
int	ol_ctx_method(struct ol_ctx *, int);
int	ol_form_read(struct ol_ctx *);
void	ol_security_headers(struct http_request *);
int	ol_id_parse(const char *, size_t, int64_t *);

/* render.c */
void	ol_render_sink(void *, const void *, size_t);
void	ol_html(struct ol_ctx *, const char *, ...);
void	ol_page_begin(struct ol_ctx *, const char *);
int	ol_page_end(struct ol_ctx *, int);
int	ol_page_error(struct ol_ctx *, int, const char *);
int	ol_page_unavailable(struct ol_ctx *);

/* json.c */
int	ol_json_respond(struct http_request *, int, json_t *);
int	ol_json_error(struct http_request *, int, const char *);
int	ol_json_unavailable(struct http_request *);

/* tenant.c */
int	ol_tenant_from_path(struct ol_ctx *, const char *, const char **);
int	ol_tenant_load(struct ol_ctx *, const char *, size_t);
int	ol_slug_valid(const char *, size_t);
void	ol_tenant_from_row(struct ol_db *, int, struct ol_tenant *);
int	ol_tenant_offers(const struct ol_tenant *, const char *);

/* hosts.c */
int	ol_host_slug(struct http_request *, char *, size_t);
int	ol_host_allows(struct http_request *, const char *, size_t);
int	ol_host_redirect(struct http_request *);

/* assets.c */
void	ol_assets_load(const char *);
int	ol_asset_css(struct http_request *);
int	ol_asset_icon(struct http_request *);
int	ol_asset_upload_js(struct http_request *);
int	ol_asset_player_js(struct http_request *);
int	ol_asset_viewer_js(struct http_request *);
int	ol_openapi(struct http_request *);

/* session.c */
int		ol_roles_parse(const char *);
const char	*ol_roles_array(int, char *, size_t);
int	ol_session_load(struct ol_ctx *);
int	ol_session_create(struct ol_ctx *, struct ol_db *, int64_t);
int	ol_session_revoke(struct ol_ctx *);
void	ol_cookie_set(struct ol_ctx *, const char *, const char *, int);
void	ol_cookies(struct http_request *);
int	ol_csrf_form_check(struct ol_ctx *, const char *);
int	ol_csrf_header_check(struct ol_ctx *);
int	ol_form_csrf(struct http_request *, struct ol_ctx *);
int	ol_ctx_tenant(struct ol_ctx *, const char *, const char **);
void	ol_client_addr(struct http_request *, char *, size_t);

/* hashjob.c */
void	ol_hashjob_start(struct ol_hashjob *, struct http_request *,
	    const char *, size_t);
int	ol_hashjob_done(struct ol_hashjob *);

/* signin.c */
extern char	ol_dummy_hash[];
void	ol_signin_init(void);
int	ol_signin(struct http_request *);
int	ol_signout(struct http_request *);
int	ol_v_text(struct http_request *, char *);

/* users.c */
int	ol_admin_users(struct http_request *);
int	ol_admin_user_state(struct http_request *);
int	ol_api_me(struct http_request *);
int	ol_api_users(struct http_request *);
int	ol_api_user(struct http_request *);
int	ol_admin_gate_page(struct ol_ctx *);
int	ol_api_gate(struct ol_ctx *, int);
int	ol_api_body(struct http_request *, json_t **);
int	ol_api_body_max(struct http_request *, size_t, json_t **);
int	ol_api_body_error(struct http_request *, int, json_t *);
int	ol_user_guarded(struct ol_ctx *, struct ol_db *, const char *);

/* apitokens.c */
int	ol_apitoken_load(struct ol_ctx *, const char *);
int	ol_api_tokens(struct http_request *);
int	ol_account_tokens(struct http_request *);

/* users_edit.c: what ol_user_update() returns. */
#define OL_EDIT_OK		1
#define OL_EDIT_NOT_FOUND	0
#define OL_EDIT_ERROR		-1
#define OL_EDIT_GUARDED		-2
#define OL_EDIT_TAKEN		-3
#define OL_EDIT_NO_ROLE		-4
#define OL_EDIT_OWN_ADMIN	-5

int		ol_user_update(struct ol_ctx *, int64_t, const char *,
		    const char *, int);
const char	*ol_user_update_message(int, int *);
int		ol_admin_user_edit(struct http_request *);

/* imports.c */
int	ol_data_path(char *, size_t, const char *, ...)
	    __attribute__((format (printf, 3, 4)));
int	ol_body_take(struct http_request *, const char *);
int	ol_body_no_room(int);
int	ol_upload_no_room(struct http_request *);
const char	*ol_upload_prologue(struct ol_ctx *, const char *, const char *,
	    int64_t *);
int	ol_api_packages(struct http_request *);
int	ol_api_import(struct http_request *);

/* attempts.c */
int	ol_api_attempts(struct http_request *);

/* player.c */
const char	*ol_progress_label(const char *);
void		ol_duration_text(const char *, char *, size_t);
int		ol_player(struct http_request *);
int		ol_dashboard(struct http_request *);

/* files.c */
int	ol_api_files(struct http_request *);

/* room.c */
void	ol_room_init(void);

/* upload.c */
int	ol_admin_upload(struct http_request *);

/* groups.c */
int	ol_group_load(struct ol_ctx *, struct ol_db *, int64_t);
int	ol_groups(struct http_request *);
int	ol_api_groups(struct http_request *);

/* content.c */
int	ol_percent_decode(const char *, char *, size_t, size_t *);
int	ol_content(struct http_request *);

/* passwords.c */
int	ol_password_change(struct http_request *);

/* users_new.c */
int	ol_admin_user_new(struct http_request *);
int	ol_api_user_create(struct http_request *, struct ol_ctx *);
const char	*ol_user_fields_check(const char *, const char *);
const char	*ol_password_message(const char *, size_t);

/* platform.c */
int		ol_platform_tenants(struct http_request *);
int		ol_platform_tenant(struct http_request *);
int		ol_platform_tenant_state(struct http_request *);
void		ol_tenant_edit_init(struct ol_tenant_edit *);
const char	*ol_tenant_edit_slug(struct ol_tenant_edit *, const char *);
const char	*ol_tenant_edit_name(struct ol_tenant_edit *, const char *);
const char	*ol_tenant_edit_default(struct ol_tenant_edit *, const char *);
const char	*ol_tenant_edit_lang(struct ol_tenant_edit *, const char *);
int		ol_tenant_find(const char *, size_t, struct ol_tenant *,
		    int *);
int		ol_tenant_create(struct ol_ctx *, struct ol_tenant_edit *,
		    const char **);
int		ol_tenant_change(struct ol_ctx *, int64_t,
		    struct ol_tenant_edit *, const char **);

/* platform_api.c */
int	ol_api_platform_tenants(struct http_request *);
int	ol_api_platform_tenant(struct http_request *);

/* users_import.c */
int	ol_admin_users_import(struct http_request *);

/* health.c */
int	ol_healthz(struct http_request *);

/* home.c */
int	ol_home(struct http_request *);
int	ol_tenant_home(struct http_request *);
int	ol_not_found(struct http_request *);
int	ol_redirect(struct http_request *, int, const char *);
int	ol_redirect_home(struct http_request *, const char *);
int	ol_redirect_signin(struct http_request *, const char *);

/* api_tenants.c */
int	ol_api_tenants(struct http_request *);
int	ol_api_tenant(struct http_request *);

/* resources.c */
int	ol_resource_text_ok(const char *, size_t, size_t, int);
int	ol_api_resources(struct http_request *);

/* resources_catalogue.c */
int		ol_v_query(struct http_request *, char *);
int		ol_query_param(struct http_request *, const char *, char *,
		    size_t);
const char	*ol_catalogue_filter(struct http_request *,
		    struct ol_catalogue_filter *);
int		ol_catalogue_query(struct ol_ctx *, struct ol_db *,
		    const struct ol_catalogue_filter *, int64_t);
int		ol_api_catalogue(struct http_request *);

/* reports.c */
int	ol_report_one_of(const char *, const char **);
void	ol_report_query(const struct ol_report *, char *, size_t);
int	ol_report_exec(struct ol_db *, const struct ol_report *,
	    const char *, int, ...);
json_t	*ol_report_json_percent(const char *);
json_t	*ol_report_json_text(const char *);
int	ol_report_error(struct ol_report *, int, const char *);
int	ol_report_unavailable(struct ol_report *);
int	ol_report_not_found(struct ol_report *);
int	ol_reports(struct http_request *);
int	ol_api_reports(struct http_request *);

/* reports_form.c: what ol_report_form() shows besides language, dates. */
#define OL_REPORT_FORM_GROUP	0x01
#define OL_REPORT_FORM_STATUS	0x02

int	ol_report_groups(struct ol_db *, const struct ol_report *);
int	ol_report_form(struct ol_report *, struct ol_db *, const char *,
	    int);
void	ol_report_sort_header(struct ol_report *, const char *, const char *,
	    const char *);
void	ol_report_pager(struct ol_report *, const char *, int64_t);
void	ol_report_csv_link(struct ol_report *, const char *);

/* reports_charts.c */
void	ol_report_chart_status(struct ol_ctx *, json_t *);
void	ol_report_chart_scores(struct ol_ctx *, json_t *);
void	ol_report_chart_activity(struct ol_ctx *, json_t *);

/* reports_course.c */
int	ol_report_course(struct ol_report *);
int	ol_report_course_csv(struct ol_report *);

/* reports_learner.c */
int	ol_report_learner(struct ol_report *);
int	ol_report_attempt(struct ol_report *);
int	ol_report_learner_csv(struct ol_report *);
int	ol_report_attempt_csv(struct ol_report *);
int	ol_report_learner_in_scope(struct ol_db *, const struct ol_report *);

/* reports_group.c */
int	ol_report_index(struct ol_report *);
int	ol_report_group(struct ol_report *);
int	ol_report_group_csv(struct ol_report *);

/* reports_export.c */
struct ol_stream	*ol_report_csv_begin(const struct ol_report *,
			    ol_stream_fill_fn, const char *const *, size_t);
int			 ol_report_csv_send(struct ol_report *,
			    struct ol_stream *, const char *);
void			 ol_report_csv_row(struct ol_stream *,
			    const char *const *, const int *, size_t);
int			 ol_report_export(struct ol_report *);

/* reports_stream.c */
struct ol_stream	*ol_stream_new(const struct ol_report *,
			    ol_stream_fill_fn);
void			 ol_stream_free(struct ol_stream *);
void			 ol_stream_sink(void *, const void *, size_t);
void			 ol_stream_keyset(struct ol_stream *, struct ol_db *,
			    int, int);
const char		*ol_stream_title(struct ol_stream *, int64_t,
			    const char *);
void			 ol_stream_titles_known(struct ol_stream *,
			    struct kore_buf *);
int			 ol_stream_prime(struct ol_stream *);
int			 ol_stream_start(struct ol_stream *,
			    struct http_request *, const char *);

/* catalogue_kept.c */
int	ol_catalogue_kept(struct ol_ctx *);
void	ol_catalogue_hole(struct ol_catalogue_holes *, size_t, int64_t);

/* catalogue.c */
int	ol_catalogue(struct http_request *);
void	ol_catalogue_body(struct ol_ctx *, const struct ol_catalogue_filter *,
	    struct ol_db *, struct ol_catalogue_holes *);
void	ol_catalogue_status(struct ol_ctx *, const char *);
int	ol_resource(struct http_request *);
int	ol_admin_resources(struct http_request *);

#endif
