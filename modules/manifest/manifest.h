/*
 * SCORM manifest reader: turns the imsmanifest.xml of a SCORM 1.2 or 2004
 * (2nd, 3rd, 4th edition) package into plain structs the server stores
 * (organizations, the item tree with resolved launch URLs, resources) and
 * lists what is wrong with it, each problem with its line: errors block
 * the import, warnings do not. The manifest comes from an upload, so it is
 * read with libxml2 with the network off, no DTD loaded, no entity
 * declared or substituted, and limits on size and depth; files of the
 * package are reached only through the callbacks of struct
 * ol_manifest_access, never by a path of the manifest's own choosing.
 *
 * No global state: one call to ol_manifest_parse() may run in each thread.
 * Everything it returns is in one struct ol_manifest, freed at once by
 * ol_manifest_free(); strings are UTF-8, NUL-terminated, and NULL where the
 * manifest has nothing.
 */

#ifndef OL_MANIFEST_H
#define OL_MANIFEST_H

#include <stddef.h>

#include <jansson.h>

/* Marks a message for translation; the app translates it when shown. */
#ifndef N_
#define N_(s)		(s)
#endif

/* Defaults of struct ol_manifest_limits (ol_manifest_limits_default()). */
#define OL_MANIFEST_MAX_SIZE		(16 * 1024 * 1024)
#define OL_MANIFEST_MAX_DEPTH		256
#define OL_MANIFEST_MAX_META_SIZE	(1024 * 1024)
#define OL_MANIFEST_MAX_PROBLEMS	200

/* Longest argument of a problem, in bytes; longer ones are cut. */
#define OL_MANIFEST_ARG_MAX		512

/* NULL to ol_manifest_parse(): defaults. 0 allows nothing. */
struct ol_manifest_limits {
	size_t		max_size;	/* bytes of imsmanifest.xml */
	size_t		max_depth;	/* nested elements, at most 256 */
	size_t		max_meta_size;	/* bytes of an adlcp:location file */
	size_t		max_problems;	/* errors, and warnings, kept */
};

enum ol_scorm_version {
	OL_SCORM_UNKNOWN = 0,		/* not read: see the errors */
	OL_SCORM_12 = 1,
	OL_SCORM_2004_2ND = 2,
	OL_SCORM_2004_3RD = 3,
	OL_SCORM_2004_4TH = 4
};

enum ol_scorm_type {
	OL_SCORM_TYPE_NONE = 0,		/* an item with nothing to launch */
	OL_SCORM_TYPE_SCO = 1,
	OL_SCORM_TYPE_ASSET = 2
};

/* adlnav:hideLMSUI values, as bits of ol_manifest_item.hide_lms_ui. */
#define OL_MANIFEST_HIDE_PREVIOUS	0x01
#define OL_MANIFEST_HIDE_CONTINUE	0x02
#define OL_MANIFEST_HIDE_EXIT		0x04
#define OL_MANIFEST_HIDE_EXIT_ALL	0x08
#define OL_MANIFEST_HIDE_ABANDON	0x10
#define OL_MANIFEST_HIDE_ABANDON_ALL	0x20
#define OL_MANIFEST_HIDE_SUSPEND_ALL	0x40
#define OL_MANIFEST_HIDE_ALL		0x7f

/*
 * What a problem is; the numbers are stable. Each code has one message
 * (ol_manifest_problem_fmt()), a format marked with N_() holding at most
 * one %s, which is the problem's argument.
 */
enum ol_manifest_code {
	/* Errors: the package cannot be imported. */
	OL_MANIFEST_E_TOO_LARGE = 1,	/* arg: the limit in bytes */
	OL_MANIFEST_E_EMPTY = 2,
	OL_MANIFEST_E_XML = 3,		/* arg: libxml2's message */
	OL_MANIFEST_E_ENTITY = 4,	/* arg: the entity's name */
	OL_MANIFEST_E_TOO_DEEP = 5,	/* arg: the limit */
	OL_MANIFEST_E_ROOT = 6,		/* arg: the root element's name */
	OL_MANIFEST_E_ROOT_NS = 7,	/* arg: its namespace, or "none" */
	OL_MANIFEST_E_NO_RESOURCES = 8,
	OL_MANIFEST_E_DEFAULT_ORG = 9,	/* arg: organizations@default */
	OL_MANIFEST_E_ORG_NO_ID = 10,
	OL_MANIFEST_E_ITEM_NO_ID = 11,
	OL_MANIFEST_E_RES_NO_ID = 12,
	OL_MANIFEST_E_DUP_ID = 13,	/* arg: the identifier */
	OL_MANIFEST_E_ITEM_REF = 14,	/* arg: the missing resource */
	OL_MANIFEST_E_DEP_REF = 15,	/* arg: the missing resource */
	OL_MANIFEST_E_SCO_NO_HREF = 16,	/* arg: the resource */
	OL_MANIFEST_E_ITEM_NO_HREF = 17, /* arg: the item */
	OL_MANIFEST_E_LAUNCH_MISSING = 18, /* arg: the path */
	OL_MANIFEST_E_FILE_MISSING = 19, /* arg: the path */
	OL_MANIFEST_E_OUTSIDE = 20,	/* arg: the href */
	OL_MANIFEST_E_NOTHING = 21,
	OL_MANIFEST_E_NO_MANIFEST = 22,
	OL_MANIFEST_E_MANIFEST_DEEPER = 23, /* arg: where it is */
	OL_MANIFEST_E_AICC = 24,	/* arg: an AICC file's name */
	OL_MANIFEST_E_UNREADABLE = 25,
	OL_MANIFEST_E_MORE = 26,	/* arg: how many more */

	/* Warnings: shown to the uploader, the import goes on. */
	OL_MANIFEST_W_NO_SCHEMAVERSION = 101,	/* arg: version assumed */
	OL_MANIFEST_W_SCHEMAVERSION = 102,	/* arg: the value */
	OL_MANIFEST_W_VERSION_MISMATCH = 103,	/* arg: the value */
	OL_MANIFEST_W_ORG_NO_TITLE = 104,	/* arg: the organization */
	OL_MANIFEST_W_ITEM_NO_TITLE = 105,	/* arg: the item */
	OL_MANIFEST_W_DEFAULT_ORG = 106,	/* arg: organizations@default */
	OL_MANIFEST_W_NO_ORG = 107,
	OL_MANIFEST_W_NO_ORGANIZATIONS = 108,
	OL_MANIFEST_W_XML = 109,		/* arg: libxml2's message */
	OL_MANIFEST_W_NAMESPACE = 110,		/* arg: libxml2's message */
	OL_MANIFEST_W_BASE_SLASH = 111,		/* arg: the xml:base */
	OL_MANIFEST_W_ISVISIBLE = 112,		/* arg: the value */
	OL_MANIFEST_W_SCORMTYPE = 113,		/* arg: the value */
	OL_MANIFEST_W_MASTERY = 114,		/* arg: the value */
	OL_MANIFEST_W_THRESHOLD = 115,		/* arg: the value */
	OL_MANIFEST_W_HIDELMSUI = 116,		/* arg: the value */
	OL_MANIFEST_W_META_MISSING = 117,	/* arg: the file */
	OL_MANIFEST_W_META_XML = 118,		/* arg: the file */
	OL_MANIFEST_W_EXTERNAL = 119,		/* arg: the URL */
	OL_MANIFEST_W_EMPTY_ITEM = 120,		/* arg: the item */
	OL_MANIFEST_W_RES_NO_TYPE = 121,	/* arg: the resource */
	OL_MANIFEST_W_ADLCP_NS = 122,		/* arg: the namespace */
	OL_MANIFEST_W_ORG_NOTHING = 123,	/* arg: the organization */
	OL_MANIFEST_W_MORE = 124		/* arg: how many more */
};

/* An error or a warning. */
struct ol_manifest_problem {
	int		 code;		/* enum ol_manifest_code */
	size_t		 line;		/* 1-based; 0 for no line */
	const char	*fmt;		/* N_() format, at most one %s */
	char		*arg;		/* for the %s; NULL when none */
};

/*
 * adlcp:completionThreshold. The 4th edition's attributes, or the 3rd
 * edition's text (a threshold t reads as completed_by_measure with
 * min_progress_measure t). Numbers are 0..1.
 */
struct ol_manifest_threshold {
	int		present;
	int		completed_by_measure;	/* default 0 */
	double		min_progress_measure;	/* default 1.0 */
	double		progress_weight;	/* default 1.0 */
};

struct ol_manifest_resource {
	size_t		 line;
	char		*identifier;	/* trimmed */
	char		*type;		/* "webcontent" */
	int		 scorm_type;	/* SCO or ASSET (the default) */
	char		*href;		/* as written, trimmed */
	char		*base;		/* its own xml:base */
	char		*url;		/* xml:bases combined with href */
	char		**files;	/* <file href>, as written */
	size_t		 nfiles;
	char		**dependencies;	/* identifierrefs, trimmed */
	size_t		 ndependencies;
};

struct ol_manifest_item {
	size_t		 line;
	char		*identifier;	/* trimmed; NULL only with errors */
	char		*identifierref;	/* trimmed; NULL for a container */
	char		*title;
	int		 visible;	/* isvisible, default 1 */
	char		*parameters;
	/* The resolved URL with the parameters; NULL when none. */
	char		*launch;
	int		 scorm_type;	/* NONE when nothing to launch */
	const struct ol_manifest_resource *resource;	/* or NULL */

	/* Both versions; in 1.2 timelimitaction and datafromlms. */
	char		*time_limit_action;
	char		*data_from_lms;		/* cmi.launch_data, exact */

	/* SCORM 1.2 (adlcp:). */
	char		*prerequisites;
	char		*prerequisites_type;	/* "aicc_script" */
	char		*max_time_allowed;	/* CMITimespan */
	int		 has_mastery_score;
	double		 mastery_score;		/* 0..100 */

	/* SCORM 2004. */
	struct ol_manifest_threshold completion_threshold;
	unsigned int	 hide_lms_ui;		/* OL_MANIFEST_HIDE_* */
	char		*sequencing;		/* imsss:sequencing, as XML */
	int		 has_scaled_passing_score;
	double		 scaled_passing_score;	/* -1..1, from sequencing */

	struct ol_manifest_item *items;		/* children, in order */
	size_t		 nitems;
};

struct ol_manifest_org {
	size_t		 line;
	char		*identifier;	/* trimmed; NULL only with errors */
	char		*title;
	int		 synthesized;	/* made from resources: the manifest
					   has no organization */
	char		*sequencing;	/* imsss:sequencing, as XML */
	struct ol_manifest_item *items;
	size_t		 nitems;
};

struct ol_manifest {
	int		 version;	/* enum ol_scorm_version */
	char		*identifier;
	char		*title;		/* default organization's, else the
					   metadata's */
	char		*meta_title;	/* from the metadata (LOM) */
	char		*description;	/* from the metadata (LOM) */
	char		*language;	/* from the metadata (LOM) */
	char		*base;		/* manifest xml:base */
	char		*resources_base; /* resources xml:base */

	struct ol_manifest_org *orgs;	/* the default one first */
	size_t		 norgs;
	struct ol_manifest_resource *resources;
	size_t		 nresources;
	char		*sequencing_collection;	/* as XML */

	struct ol_manifest_problem *errors;
	size_t		 nerrors;
	struct ol_manifest_problem *warnings;
	size_t		 nwarnings;
	/* Past max_problems; the last entry then says how many. */
	size_t		 errors_omitted;
	size_t		 warnings_omitted;
};

/*
 * The package around the manifest. exists() returns non-zero when relpath
 * (relative to the package root, '/'-separated, no query or fragment) is a
 * regular file. load() reads it into a malloc()ed *buf of *len bytes and
 * returns 0, or -1 with errno set (ENOENT, EFBIG when over max bytes,
 * EINVAL for a path it refuses). Either may be NULL.
 */
struct ol_manifest_access {
	int	(*exists)(void *, const char *);
	int	(*load)(void *, const char *, size_t, char **, size_t *);
	void	*arg;
};

/* Used by ol_manifest_problem_format() to translate a format. */
typedef const char	*(*ol_manifest_translate_fn)(const char *);

/* manifest.c */
void		 ol_manifest_limits_default(struct ol_manifest_limits *);
struct ol_manifest *ol_manifest_parse(const char *, size_t,
		    const struct ol_manifest_limits *,
		    const struct ol_manifest_access *);
void		 ol_manifest_free(struct ol_manifest *);
int		 ol_manifest_importable(const struct ol_manifest *);
const char	*ol_manifest_version_name(int);
const char	*ol_manifest_scorm_type_name(int);
const char	*ol_manifest_hide_name(unsigned int);

/* manifest_package.c */
struct ol_manifest *ol_manifest_parse_dir(const char *,
		    const struct ol_manifest_limits *);

/* manifest_dir.c */
int		 ol_manifest_dir_access(struct ol_manifest_access *,
		    const char *);
void		 ol_manifest_dir_release(struct ol_manifest_access *);

/* manifest_url.c */
char		*ol_manifest_url_resolve(const char *, const char *);
char		*ol_manifest_url_launch(const char *, const char *);
int		 ol_manifest_url_path(const char *, int, char **);

/*
 * manifest_json.c: the package as inspect prints it and the server
 * stores it (problems in English when the function is NULL).
 */
json_t		*ol_manifest_json(const struct ol_manifest *,
		    ol_manifest_translate_fn);

/* manifest_problem.c */
const char	*ol_manifest_problem_fmt(int);
int		 ol_manifest_problem_format(const struct ol_manifest_problem *,
		    ol_manifest_translate_fn, char *, size_t);

/*
 * Between the files of the module; callers have no use for these. The
 * libxml2 types are named by their struct tags so that this header does
 * not need libxml2's.
 */
struct _xmlDoc;
struct _xmlNode;

/* Namespaces, matched by URI. */
#define OL_MANIFEST_NS_CP_12	"http://www.imsproject.org/xsd/imscp_rootv1p1p2"
#define OL_MANIFEST_NS_CP_12_ALT "http://www.imsglobal.org/xsd/imscp_rootv1p1p2"
#define OL_MANIFEST_NS_CP_2004	"http://www.imsglobal.org/xsd/imscp_v1p1"
#define OL_MANIFEST_NS_ADLCP_12	"http://www.adlnet.org/xsd/adlcp_rootv1p2"
#define OL_MANIFEST_NS_ADLCP_2004 "http://www.adlnet.org/xsd/adlcp_v1p3"
#define OL_MANIFEST_NS_ADLCP_FAMILY "http://www.adlnet.org/xsd/adlcp_"
#define OL_MANIFEST_NS_ADLNAV	"http://www.adlnet.org/xsd/adlnav_v1p3"
#define OL_MANIFEST_NS_IMSSS	"http://www.imsglobal.org/xsd/imsss"
#define OL_MANIFEST_NS_LOM	"http://ltsc.ieee.org/xsd/LOM"
#define OL_MANIFEST_NS_LOM_10	"http://ltsc.ieee.org/xsd/lomv1.0"
#define OL_MANIFEST_NS_IMSMD	"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
#define OL_MANIFEST_NS_IMSMD_12	"http://www.imsglobal.org/xsd/imsmd_v1p2"
#define OL_MANIFEST_NS_IMSMD_OLD "http://www.imsproject.org/xsd/imsmd_rootv1p2p1"
#define OL_MANIFEST_NS_XML	"http://www.w3.org/XML/1998/namespace"

/* ol_manifest_url_path() results. */
#define OL_MANIFEST_URL_LOCAL		0
#define OL_MANIFEST_URL_EXTERNAL	1
#define OL_MANIFEST_URL_OUTSIDE		2

/* ol_manifest_text_clean() modes. */
#define OL_MANIFEST_TEXT_EXACT		0
#define OL_MANIFEST_TEXT_TRIM		1
#define OL_MANIFEST_TEXT_COLLAPSE	2

/*
 * manifest_json.c: the package as inspect prints it and the server
 * stores it (problems in English when the function is NULL).
 */
json_t		*ol_manifest_json(const struct ol_manifest *,
		    ol_manifest_translate_fn);

/* manifest_problem.c */
int		 ol_manifest_problem_add(struct ol_manifest *,
		    const struct ol_manifest_limits *, int, size_t,
		    const char *);
void		 ol_manifest_problem_finish(struct ol_manifest *,
		    const struct ol_manifest_limits *);

/* manifest_xml.c */
struct _xmlDoc	*ol_manifest_xml_read(struct ol_manifest *,
		    const struct ol_manifest_limits *, const char *, size_t);
int		 ol_manifest_xml_is(struct _xmlNode *, const char *,
		    const char *);
int		 ol_manifest_xml_ns(struct _xmlNode *, const char *);
struct _xmlNode	*ol_manifest_xml_child(struct _xmlNode *, const char *,
		    const char *);
int		 ol_manifest_xml_attr(struct _xmlNode *, const char *,
		    const char *, char **);
char		*ol_manifest_xml_text(struct _xmlNode *, int);
char		*ol_manifest_xml_dump(struct _xmlNode *);
size_t		 ol_manifest_xml_line(struct _xmlNode *);
char		*ol_manifest_text_clean(const char *, int);
char		*ol_manifest_strdup(const char *);

/* manifest_meta.c */
int		 ol_manifest_meta_read(struct ol_manifest *,
		    const struct ol_manifest_limits *,
		    const struct ol_manifest_access *, struct _xmlNode *);

#endif
