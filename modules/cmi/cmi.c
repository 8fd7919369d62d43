/*
 * The store of one SCORM attempt's data model and the GetValue/SetValue
 * dispatch over it: element names are resolved against the tables of
 * cmi_model.c, then access, array order, 2004 dependencies and the value
 * (cmi_types.c) are checked in the order the specifications give their
 * error codes, and only then is anything changed, so that a failed
 * ol_cmi_set() leaves the model as it was.
 *
 * Stored values are kept in one array sorted by (top-level array, record,
 * element, nested record): that is the order ol_cmi_item() lists them in,
 * in which every record comes after the one before it, so ol_cmi_put()
 * of the listing into a fresh model (which accepts records only in index
 * order) rebuilds the same state. Counts of arrays are read off the same
 * array: a record exists once one of its values (or of its nested
 * records' values) is stored, and values are never taken out of a record.
 */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmi.h"
#include "utf8.h"

#define COMPS_MAX	8		/* components in an element name */
#define INDEX_DIGITS	9
#define NO_INDEX	UINT32_MAX	/* an index no array reaches */
#define VALUE_CAP	65536		/* bytes of most values */
#define RESPONSE_CAP	(512 * 1024)	/* bytes of a 2004 response */
#define PUT_CAP		((size_t)4 * OL_CMI_SUSPEND_MAX)

/* What a name refers to (struct ref.kind). */
#define REF_ELEM	0
#define REF_CHILDREN	1
#define REF_COUNT	2

/* Why a name does not resolve. */
#define NAME_OK		0
#define NAME_EMPTY	1
#define NAME_MALFORMED	2
#define NAME_UNDEFINED	3

#define NAV_CHOICE	"adl.nav.request_valid.choice."
#define NAV_JUMP	"adl.nav.request_valid.jump."

struct item {
	int		 elem;		/* index in the model's elements */
	int		 group;
	uint32_t	 i0;
	uint32_t	 i1;
	char		*name;
	char		*value;
	size_t		 vlen;
};

struct ol_cmi {
	int				 version;
	size_t				 suspend_max;
	const struct ol_cmi_model	*model;
	struct item			*items;
	size_t				 nitems;
	size_t				 size;
	size_t				 bytes;		/* values, but
							   suspend_data */
	char				 buf[64];	/* computed values */
	char				 diag[OL_CMI_DIAG_MAX];
};

struct ref {
	int				 kind;
	int				 elem;		/* REF_ELEM */
	const struct ol_cmi_node	*node;		/* else; NULL: a known
							   name without one */
	size_t				 nidx;
	uint32_t			 idx[2];
};

static void	*xrealloc(void *, size_t);
static char	*xstrndup(const char *, size_t);
static int	 is_digits(const char *);
static uint32_t	 index_value(const char *);
static int	 find_elem(const struct ol_cmi_model *, const char *);
static int	 depth(const char *);
static int	 group_of(const struct ol_cmi_model *, const char *);
static int	 group_field(const struct ol_cmi_model *, int, const char *);
static int	 nav_target(const struct ol_cmi *, const char *);
static int	 resolve(const struct ol_cmi *, const char *, struct ref *);
static int	 key_cmp(const struct item *, int, uint32_t, int, uint32_t);
static size_t	 lower(const struct ol_cmi *, int, uint32_t, int, uint32_t);
static struct item *lookup(const struct ol_cmi *, int, uint32_t, int,
		    uint32_t);
static size_t	 group_count(const struct ol_cmi *, int);
static size_t	 nested_count(const struct ol_cmi *, int, uint32_t, int);
static const char *field_value(const struct ol_cmi *, int, uint32_t,
		    const char *);
static void	 item_key(const struct ol_cmi *, const struct ref *, int *,
		    uint32_t *, uint32_t *);
static int	 elem_exists(const struct ol_cmi *, const struct ref *);
static void	 store(struct ol_cmi *, const struct ref *, const char *,
		    const char *, size_t);
static int	 ok(struct ol_cmi *);
static int	 fail(struct ol_cmi *, const char *, int, int, const char *,
		    ...);
static size_t	 value_cap(const struct ol_cmi *, const struct ol_cmi_elem *);
static int	 unique(struct ol_cmi *, const char *, const struct ref *,
		    const char *, const char *);
static int	 get_node(struct ol_cmi *, const char *, const struct ref *,
		    const char **);
static const char *expected(const struct ol_cmi_elem *, size_t,
		    const char *, char *, size_t);

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		abort();

	return (p);
}

static char *
xstrndup(const char *s, size_t n)
{
	char		*p;

	p = xrealloc(NULL, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';

	return (p);
}

struct ol_cmi *
ol_cmi_new(int version, size_t suspend_max)
{
	struct ol_cmi			*cmi;
	const struct ol_cmi_model	*m;

	if ((m = ol_cmi_model(version)) == NULL)
		return (NULL);
	if ((cmi = calloc(1, sizeof(*cmi))) == NULL)
		abort();
	cmi->version = version;
	cmi->model = m;
	if (suspend_max == 0)
		suspend_max = m->suspend_default;
	if (suspend_max > OL_CMI_SUSPEND_MAX)
		suspend_max = OL_CMI_SUSPEND_MAX;
	cmi->suspend_max = suspend_max;

	return (cmi);
}

void
ol_cmi_free(struct ol_cmi *cmi)
{
	size_t		i;

	if (cmi == NULL)
		return;
	for (i = 0; i < cmi->nitems; i++) {
		free(cmi->items[i].name);
		free(cmi->items[i].value);
	}
	free(cmi->items);
	free(cmi);
}

int
ol_cmi_version(const struct ol_cmi *cmi)
{
	return (cmi->version);
}

size_t
ol_cmi_suspend_max(const struct ol_cmi *cmi)
{
	return (cmi->suspend_max);
}

static int
is_digits(const char *s)
{
	if (*s == '\0')
		return (0);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return (0);
	}

	return (1);
}

/* An array index; NO_INDEX for leading zeros or too many digits. */
static uint32_t
index_value(const char *s)
{
	size_t		n, i;
	uint32_t	v;

	n = strlen(s);
	if (n > INDEX_DIGITS || (n > 1 && s[0] == '0'))
		return (NO_INDEX);
	for (v = 0, i = 0; i < n; i++)
		v = v * 10 + (uint32_t)(s[i] - '0');

	return (v);
}

static int
find_elem(const struct ol_cmi_model *m, const char *name)
{
	size_t		i;

	for (i = 0; i < m->nelems; i++) {
		if (strcmp(m->elems[i].name, name) == 0)
			return ((int)i);
	}

	return (-1);
}

/* Number of indices in a pattern. */
static int
depth(const char *pattern)
{
	int		n;

	for (n = 0; (pattern = strchr(pattern, '#')) != NULL; pattern++)
		n++;

	return (n);
}

/* The top-level array a node with an index belongs to. */
static int
group_of(const struct ol_cmi_model *m, const char *node)
{
	size_t		i, n;

	n = strlen(node);
	for (i = 0; i < m->nelems; i++) {
		if (strncmp(m->elems[i].name, node, n) == 0 &&
		    m->elems[i].name[n] == '.')
			return (m->elems[i].group);
	}

	return (0);
}

/* The element "<array>.#.<field>" of top-level array group. */
static int
group_field(const struct ol_cmi_model *m, int group, const char *field)
{
	size_t		i, n, f;
	const char	*name;

	f = strlen(field);
	for (i = 0; i < m->nelems; i++) {
		name = m->elems[i].name;
		n = strlen(name);
		if (m->elems[i].group == group && depth(name) == 1 &&
		    n > f + 3 && strcmp(name + n - f, field) == 0 &&
		    memcmp(name + n - f - 3, ".#.", 3) == 0)
			return ((int)i);
	}

	return (-1);
}

/*
 * adl.nav.request_valid.choice.{target=ID} and .jump.{target=ID}: the
 * element, or -1. The ID (which may hold dots) is not looked at further.
 */
static int
nav_target(const struct ol_cmi *cmi, const char *name)
{
	const char	*rest, *pattern;
	size_t		n;

	if (strncmp(name, NAV_CHOICE, strlen(NAV_CHOICE)) == 0) {
		rest = name + strlen(NAV_CHOICE);
		pattern = NAV_CHOICE "{target}";
	} else if (strncmp(name, NAV_JUMP, strlen(NAV_JUMP)) == 0) {
		rest = name + strlen(NAV_JUMP);
		pattern = NAV_JUMP "{target}";
	} else
		return (-1);

	n = strlen(rest);
	if (n < 10 || strncmp(rest, "{target=", 8) != 0 || rest[n - 1] != '}')
		return (-1);
	if (memchr(rest + 8, '{', n - 9) != NULL ||
	    memchr(rest + 8, '}', n - 9) != NULL)
		return (-1);

	return (find_elem(cmi->model, pattern));
}

/* What name refers to, or why it refers to nothing. */
static int
resolve(const struct ol_cmi *cmi, const char *name, struct ref *r)
{
	const struct ol_cmi_model	*m = cmi->model;
	char				 copy[OL_CMI_NAME_MAX + 1], *p;
	const char			*comps[COMPS_MAX], *last;
	size_t				 len, n, i;

	memset(r, 0, sizeof(*r));
	len = strnlen(name, OL_CMI_NAME_MAX + 1);
	if (len == 0)
		return (NAME_EMPTY);
	if (len > OL_CMI_NAME_MAX)
		return (NAME_MALFORMED);
	for (i = 0; i < len; i++) {
		if ((unsigned char)name[i] < 0x21 ||
		    (unsigned char)name[i] > 0x7E)
			return (NAME_MALFORMED);
	}
	if (name[0] == '.' || name[len - 1] == '.' ||
	    strstr(name, "..") != NULL)
		return (NAME_MALFORMED);

	if (cmi->version == OL_CMI_V2004 &&
	    (r->elem = nav_target(cmi, name)) != -1) {
		r->kind = REF_ELEM;
		return (NAME_OK);
	}

	memcpy(copy, name, len + 1);
	for (n = 0, p = copy;;) {
		if (n == COMPS_MAX)
			return (NAME_UNDEFINED);
		comps[n++] = p;
		if ((p = strchr(p, '.')) == NULL)
			break;
		*p++ = '\0';
	}
	for (i = 0; i < n; i++) {
		if (!is_digits(comps[i]))
			continue;
		if (r->nidx == 2)
			return (NAME_UNDEFINED);
		r->idx[r->nidx++] = index_value(comps[i]);
	}

	last = comps[n - 1];
	if (strcmp(last, "_children") == 0 || strcmp(last, "_count") == 0) {
		if (n < 2)
			return (NAME_UNDEFINED);
		r->kind = last[1] == 'c' && last[2] == 'h' ? REF_CHILDREN :
		    REF_COUNT;
		for (i = 0; i < m->nnodes; i++) {
			if (ol_cmi_pattern_match(m->nodes[i].name, comps,
			    n - 1, 0)) {
				r->node = &m->nodes[i];
				return (NAME_OK);
			}
		}
		/* An element, or the beginning of one: no node. */
		for (i = 0; i < m->nelems; i++) {
			if (m->elems[i].flags & OL_CMI_LMS)
				continue;
			if (ol_cmi_pattern_match(m->elems[i].name, comps,
			    n - 1, 0) || ol_cmi_pattern_match(m->elems[i].name,
			    comps, n - 1, 1))
				return (NAME_OK);
		}
		return (NAME_UNDEFINED);
	}

	for (i = 0; i < m->nelems; i++) {
		if (ol_cmi_pattern_match(m->elems[i].name, comps, n, 0)) {
			r->kind = REF_ELEM;
			r->elem = (int)i;
			return (NAME_OK);
		}
	}

	return (NAME_UNDEFINED);
}

static int
key_cmp(const struct item *it, int group, uint32_t i0, int elem, uint32_t i1)
{
	if (it->group != group)
		return (it->group < group ? -1 : 1);
	if (it->i0 != i0)
		return (it->i0 < i0 ? -1 : 1);
	if (it->elem != elem)
		return (it->elem < elem ? -1 : 1);
	if (it->i1 != i1)
		return (it->i1 < i1 ? -1 : 1);

	return (0);
}

/* Position of the first item not below the key. */
static size_t
lower(const struct ol_cmi *cmi, int group, uint32_t i0, int elem,
    uint32_t i1)
{
	size_t		lo, hi, mid;

	lo = 0;
	hi = cmi->nitems;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (key_cmp(&cmi->items[mid], group, i0, elem, i1) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}

	return (lo);
}

static struct item *
lookup(const struct ol_cmi *cmi, int group, uint32_t i0, int elem,
    uint32_t i1)
{
	size_t		pos;

	pos = lower(cmi, group, i0, elem, i1);
	if (pos < cmi->nitems &&
	    key_cmp(&cmi->items[pos], group, i0, elem, i1) == 0)
		return (&cmi->items[pos]);

	return (NULL);
}

/* Records of a top-level array: one more than the last one's index. */
static size_t
group_count(const struct ol_cmi *cmi, int group)
{
	size_t		pos;

	pos = lower(cmi, group + 1, 0, 0, 0);
	if (pos > 0 && cmi->items[pos - 1].group == group)
		return ((size_t)cmi->items[pos - 1].i0 + 1);

	return (0);
}

/* Records of the nested array whose one element is elem, in record i0. */
static size_t
nested_count(const struct ol_cmi *cmi, int group, uint32_t i0, int elem)
{
	return (lower(cmi, group, i0, elem + 1, 0) -
	    lower(cmi, group, i0, elem, 0));
}

/* The stored value of "<array>.i0.<field>", or NULL. */
static const char *
field_value(const struct ol_cmi *cmi, int group, uint32_t i0,
    const char *field)
{
	struct item	*it;
	int		 e;

	if ((e = group_field(cmi->model, group, field)) == -1)
		return (NULL);
	if ((it = lookup(cmi, group, i0, e, 0)) == NULL)
		return (NULL);

	return (it->value);
}

static void
item_key(const struct ol_cmi *cmi, const struct ref *r, int *group,
    uint32_t *i0, uint32_t *i1)
{
	const struct ol_cmi_elem	*e = &cmi->model->elems[r->elem];
	int				 d;

	d = depth(e->name);
	*group = e->group;
	*i0 = d >= 1 ? r->idx[0] : 0;
	*i1 = d >= 2 ? r->idx[1] : 0;
}

/* Whether the records an element's indices name exist. */
static int
elem_exists(const struct ol_cmi *cmi, const struct ref *r)
{
	int		group;
	uint32_t	i0, i1;

	item_key(cmi, r, &group, &i0, &i1);
	if (group == 0)
		return (1);
	if (i0 >= group_count(cmi, group))
		return (0);
	if (depth(cmi->model->elems[r->elem].name) >= 2 &&
	    i1 >= nested_count(cmi, group, i0, r->elem))
		return (0);

	return (1);
}

/* Stores a checked value (replacing the one there). */
static void
store(struct ol_cmi *cmi, const struct ref *r, const char *name,
    const char *value, size_t len)
{
	const struct ol_cmi_elem	*e = &cmi->model->elems[r->elem];
	struct item			*it;
	size_t				 pos;
	int				 group;
	uint32_t			 i0, i1;

	item_key(cmi, r, &group, &i0, &i1);
	pos = lower(cmi, group, i0, r->elem, i1);
	if (pos < cmi->nitems &&
	    key_cmp(&cmi->items[pos], group, i0, r->elem, i1) == 0) {
		it = &cmi->items[pos];
		if (e->type != OL_CMI_T_SUSPEND)
			cmi->bytes -= it->vlen;
		free(it->value);
	} else {
		if (cmi->nitems == cmi->size) {
			cmi->size = cmi->size > 0 ? cmi->size * 2 : 32;
			cmi->items = xrealloc(cmi->items,
			    cmi->size * sizeof(*cmi->items));
		}
		memmove(&cmi->items[pos + 1], &cmi->items[pos],
		    (cmi->nitems - pos) * sizeof(*cmi->items));
		cmi->nitems++;
		it = &cmi->items[pos];
		it->elem = r->elem;
		it->group = group;
		it->i0 = i0;
		it->i1 = i1;
		it->name = xstrndup(name, strlen(name));
	}
	it->value = xstrndup(value, len);
	it->vlen = len;
	if (e->type != OL_CMI_T_SUSPEND)
		cmi->bytes += len;
}

static int
ok(struct ol_cmi *cmi)
{
	cmi->diag[0] = '\0';

	return (0);
}

/*
 * Records why name failed and returns the version's code. The name is
 * shown shortened and with anything unprintable replaced.
 */
static int
fail(struct ol_cmi *cmi, const char *name, int code12, int code04,
    const char *fmt, ...)
{
	va_list		ap;
	size_t		i, n;

	for (n = 0, i = 0; name[i] != '\0' && n < 80; i++, n++) {
		cmi->diag[n] = (unsigned char)name[i] >= 0x20 &&
		    (unsigned char)name[i] < 0x7F ? name[i] : '?';
	}
	if (name[i] != '\0') {
		memcpy(cmi->diag + n, "...", 3);
		n += 3;
	}
	if (n == 0) {
		memcpy(cmi->diag, "\"\"", 2);
		n = 2;
	}
	memcpy(cmi->diag + n, ": ", 2);
	n += 2;
	va_start(ap, fmt);
	(void)vsnprintf(cmi->diag + n, sizeof(cmi->diag) - n, fmt, ap);
	va_end(ap);

	return (cmi->version == OL_CMI_V12 ? code12 : code04);
}

/* What a value of e must be, for the diagnostic. */
static const char *
expected(const struct ol_cmi_elem *e, size_t suspend_max, const char *itype,
    char *buf, size_t size)
{
	switch (e->type) {
	case OL_CMI_T_STRING:
		(void)snprintf(buf, size, "%zu characters or less", e->limit);
		return (buf);
	case OL_CMI_T_SUSPEND:
		(void)snprintf(buf, size, "%zu characters or less",
		    suspend_max);
		return (buf);
	case OL_CMI_T_LOCALIZED:
		(void)snprintf(buf, size, "{lang=..} and %zu characters",
		    e->limit);
		return (buf);
	case OL_CMI_T_IDENTIFIER:
		(void)snprintf(buf, size, "an identifier of 1-%zu characters",
		    e->limit);
		return (buf);
	case OL_CMI_T_VOCABULARY:
		return ("one of the element's vocabulary");
	case OL_CMI_T_DECIMAL:
		return ("a real number");
	case OL_CMI_T_SCORE12:
		return ("a number from 0 to 100, or empty");
	case OL_CMI_T_INTEGER:
		return ("an integer");
	case OL_CMI_T_TIME12:
		return ("a time HH:MM:SS.SS");
	case OL_CMI_T_TIMESPAN:
		return ("a timespan HHHH:MM:SS.SS");
	case OL_CMI_T_DURATION:
		return ("a duration P[nY][nM][nD][T[nH][nM][n[.n]S]]");
	case OL_CMI_T_TIMESTAMP:
		return ("a timestamp YYYY[-MM[-DD[Thh[:mm[:ss[.s][TZD]]]]]] "
		    "of 1970-2038");
	case OL_CMI_T_LANGUAGE:
		return ("a language code");
	case OL_CMI_T_RESULT:
		return ("a result keyword or a real number");
	case OL_CMI_T_RESPONSE:
	case OL_CMI_T_PATTERN:
		(void)snprintf(buf, size, "a %s response",
		    itype != NULL ? itype : "valid");
		return (buf);
	case OL_CMI_T_NAVREQUEST:
		return ("a navigation request");
	default:
		return ("valid");
	}
}

/* The bytes a value of e may take at most before it is looked at. */
static size_t
value_cap(const struct ol_cmi *cmi, const struct ol_cmi_elem *e)
{
	if (e->type == OL_CMI_T_SUSPEND)
		return (4 * cmi->suspend_max);
	if (e->type == OL_CMI_T_RESPONSE || e->type == OL_CMI_T_PATTERN)
		return (RESPONSE_CAP);
	if (4 * e->limit > VALUE_CAP)
		return (4 * e->limit);

	return (VALUE_CAP);
}

/*
 * SCORM 2004 rules on identifiers and patterns: an objective's id never
 * changes and no two objectives share one; an interaction's objective
 * ids differ; a choice interaction's patterns differ.
 */
static int
unique(struct ol_cmi *cmi, const char *name, const struct ref *r,
    const char *value, const char *itype)
{
	const struct ol_cmi_elem	*e = &cmi->model->elems[r->elem];
	const struct item		*it;
	size_t				 i;
	int				 group;
	uint32_t			 i0, i1;

	item_key(cmi, r, &group, &i0, &i1);
	if (strcmp(e->name, "cmi.objectives.#.id") == 0) {
		it = lookup(cmi, group, i0, r->elem, 0);
		if (it != NULL && strcmp(it->value, value) != 0)
			return (fail(cmi, name, 0, OL_CMI04_SET_FAILURE,
			    "an objective's id cannot change once set"));
		for (i = lower(cmi, group, 0, 0, 0); i < cmi->nitems &&
		    cmi->items[i].group == group; i++) {
			it = &cmi->items[i];
			if (it->elem == r->elem && it->i0 != i0 &&
			    strcmp(it->value, value) == 0)
				return (fail(cmi, name, 0,
				    OL_CMI04_SET_FAILURE, "objective %u has "
				    "that id already", (unsigned)it->i0));
		}
	} else if (strcmp(e->name, "cmi.interactions.#.objectives.#.id") ==
	    0 || (e->type == OL_CMI_T_PATTERN && itype != NULL &&
	    strcmp(itype, "choice") == 0)) {
		for (i = lower(cmi, group, i0, r->elem, 0); i < cmi->nitems;
		    i++) {
			it = &cmi->items[i];
			if (key_cmp(it, group, i0, r->elem + 1, 0) >= 0)
				break;
			if (it->i1 != i1 && strcmp(it->value, value) == 0)
				return (fail(cmi, name, 0,
				    OL_CMI04_SET_FAILURE, "the same value is "
				    "at index %u already", (unsigned)it->i1));
		}
	}

	return (ok(cmi));
}

/* GetValue of X._children and X._count. */
static int
get_node(struct ol_cmi *cmi, const char *name, const struct ref *r,
    const char **value)
{
	const struct ol_cmi_node	*node = r->node;
	const struct ol_cmi_model	*m = cmi->model;
	int				 group, fe;
	size_t				 count;

	if (r->kind == REF_CHILDREN) {
		if (node == NULL || node->children == NULL)
			return (fail(cmi, name, OL_CMI12_NO_CHILDREN,
			    OL_CMI04_GET_FAILURE, "the element has no "
			    "children"));
		if (r->nidx > 0) {
			group = group_of(m, node->name);
			if (r->idx[0] >= group_count(cmi, group))
				return (fail(cmi, name,
				    OL_CMI12_INVALID_ARGUMENT,
				    OL_CMI04_GET_FAILURE, "no record %u in the "
				    "array", (unsigned)r->idx[0]));
		}
		*value = node->children;
		return (ok(cmi));
	}

	if (node == NULL || (node->group == 0 && node->field == NULL))
		return (fail(cmi, name, OL_CMI12_NO_COUNT, OL_CMI04_GET_FAILURE,
		    "the element is not an array"));
	if (node->group != 0)
		count = group_count(cmi, node->group);
	else {
		fe = find_elem(m, node->field);
		group = m->elems[fe].group;
		if (r->idx[0] >= group_count(cmi, group))
			return (fail(cmi, name, OL_CMI12_INVALID_ARGUMENT,
			    OL_CMI04_GET_FAILURE, "no record %u in the array",
			    (unsigned)r->idx[0]));
		count = nested_count(cmi, group, r->idx[0], fe);
	}
	(void)snprintf(cmi->buf, sizeof(cmi->buf), "%zu", count);
	*value = cmi->buf;

	return (ok(cmi));
}

int
ol_cmi_get(struct ol_cmi *cmi, const char *name, const char **value)
{
	const struct ol_cmi_elem	*e;
	const struct item		*it;
	struct ref			 r;
	int				 group;
	uint32_t			 i0, i1;

	*value = "";
	if (name == NULL)
		name = "";

	switch (resolve(cmi, name, &r)) {
	case NAME_EMPTY:
		return (fail(cmi, name, OL_CMI12_INVALID_ARGUMENT,
		    OL_CMI04_GET_FAILURE, "no element name"));
	case NAME_MALFORMED:
		return (fail(cmi, name, OL_CMI12_INVALID_ARGUMENT,
		    OL_CMI04_ARGUMENT, "malformed element name"));
	case NAME_UNDEFINED:
		return (fail(cmi, name, OL_CMI12_NOT_IMPLEMENTED,
		    OL_CMI04_UNDEFINED, "not an element of the data model"));
	}
	if (r.kind != REF_ELEM)
		return (get_node(cmi, name, &r, value));

	e = &cmi->model->elems[r.elem];
	if (e->flags & OL_CMI_LMS)
		return (fail(cmi, name, OL_CMI12_NOT_IMPLEMENTED,
		    OL_CMI04_UNDEFINED, "not an element of the data model"));
	if (!(e->flags & OL_CMI_R))
		return (fail(cmi, name, OL_CMI12_WRITE_ONLY,
		    OL_CMI04_WRITE_ONLY, "the element is write-only"));
	if (!elem_exists(cmi, &r))
		return (fail(cmi, name, OL_CMI12_INVALID_ARGUMENT,
		    OL_CMI04_GET_FAILURE, "no such record: the index is not "
		    "below _count"));
	if (e->flags & OL_CMI_CONST) {
		*value = e->def;
		return (ok(cmi));
	}
	if (cmi->version == OL_CMI_V2004 && (e->flags & OL_CMI_COMPLETION)) {
		*value = ol_cmi_completion_status(cmi);
		return (ok(cmi));
	}
	if (cmi->version == OL_CMI_V2004 && (e->flags & OL_CMI_SUCCESS)) {
		*value = ol_cmi_success_status(cmi);
		return (ok(cmi));
	}

	item_key(cmi, &r, &group, &i0, &i1);
	if ((it = lookup(cmi, group, i0, r.elem, i1)) != NULL) {
		*value = it->value;
		return (ok(cmi));
	}
	if (e->def != NULL) {
		*value = e->def;
		return (ok(cmi));
	}
	if (cmi->version == OL_CMI_V12)
		return (ok(cmi));

	return (fail(cmi, name, 0, OL_CMI04_NOT_INITIALIZED,
	    "no value has been set"));
}

int
ol_cmi_set(struct ol_cmi *cmi, const char *name, const char *value)
{
	const struct ol_cmi_elem	*e;
	const struct item		*it;
	const char			*itype;
	struct ref			 r;
	size_t				 count, ncount, cap, len, bytes;
	int				 group, code;
	uint32_t			 i0, i1;

	if (name == NULL)
		name = "";
	if (value == NULL)
		value = "";

	switch (resolve(cmi, name, &r)) {
	case NAME_EMPTY:
		return (fail(cmi, name, OL_CMI12_INVALID_ARGUMENT,
		    OL_CMI04_SET_FAILURE, "no element name"));
	case NAME_MALFORMED:
		return (fail(cmi, name, OL_CMI12_INVALID_ARGUMENT,
		    OL_CMI04_ARGUMENT, "malformed element name"));
	case NAME_UNDEFINED:
		return (fail(cmi, name, OL_CMI12_NOT_IMPLEMENTED,
		    OL_CMI04_UNDEFINED, "not an element of the data model"));
	}
	if (r.kind != REF_ELEM)
		return (fail(cmi, name, OL_CMI12_KEYWORD, OL_CMI04_READ_ONLY,
		    "_children and _count are read-only keywords"));

	e = &cmi->model->elems[r.elem];
	if (e->flags & OL_CMI_LMS)
		return (fail(cmi, name, OL_CMI12_NOT_IMPLEMENTED,
		    OL_CMI04_UNDEFINED, "not an element of the data model"));
	if ((e->flags & OL_CMI_CONST) || !(e->flags & OL_CMI_W))
		return (fail(cmi, name, OL_CMI12_READ_ONLY, OL_CMI04_READ_ONLY,
		    "the element is read-only"));

	/* Records are added in index order only. */
	item_key(cmi, &r, &group, &i0, &i1);
	count = ncount = 0;
	if (group != 0) {
		count = group_count(cmi, group);
		if (i0 > count)
			return (fail(cmi, name, OL_CMI12_INVALID_ARGUMENT,
			    OL_CMI04_SET_FAILURE, "index %u is past _count %zu",
			    (unsigned)i0, count));
		if (i0 == count && count >= OL_CMI_ARRAY_MAX)
			return (fail(cmi, name, OL_CMI12_GENERAL,
			    OL_CMI04_SET_FAILURE, "more than %d records",
			    OL_CMI_ARRAY_MAX));
		if (depth(e->name) >= 2) {
			ncount = i0 < count ?
			    nested_count(cmi, group, i0, r.elem) : 0;
			if (i1 > ncount)
				return (fail(cmi, name,
				    OL_CMI12_INVALID_ARGUMENT,
				    OL_CMI04_SET_FAILURE, "index %u is past "
				    "_count %zu", (unsigned)i1, ncount));
		}
	}

	/* SCORM 2004: what must be set first. */
	itype = NULL;
	if (cmi->version == OL_CMI_V2004 && e->dep != OL_CMI_DEP_NONE) {
		if (field_value(cmi, group, i0, "id") == NULL)
			return (fail(cmi, name, 0, OL_CMI04_DEPENDENCY,
			    "the record's id must be set first"));
		if (e->dep == OL_CMI_DEP_TYPE &&
		    (itype = field_value(cmi, group, i0, "type")) == NULL)
			return (fail(cmi, name, 0, OL_CMI04_DEPENDENCY,
			    "the interaction's type must be set first"));
	}
	if (group != 0 && depth(e->name) >= 2 && i1 == ncount) {
		cap = e->type == OL_CMI_T_PATTERN ?
		    ol_cmi_patterns_max(itype) : OL_CMI_NESTED_MAX;
		if (ncount >= cap)
			return (fail(cmi, name, OL_CMI12_GENERAL,
			    OL_CMI04_SET_FAILURE, "at most %zu records here",
			    cap));
	}

	/* The value. */
	cap = value_cap(cmi, e);
	len = strnlen(value, cap + 1);
	if (len > cap || !ol_utf8_valid(value, len))
		return (fail(cmi, name, OL_CMI12_TYPE, OL_CMI04_TYPE,
		    "the value is too long or not UTF-8"));
	switch (ol_cmi_check(e, value, len, cmi->suspend_max, itype)) {
	case OL_CMI_VALID:
		break;
	case OL_CMI_BAD_RANGE:
		return (fail(cmi, name, OL_CMI12_TYPE, OL_CMI04_RANGE,
		    "the value is out of range"));
	case OL_CMI_BAD_COUNT:
		return (fail(cmi, name, OL_CMI12_GENERAL, OL_CMI04_SET_FAILURE,
		    "the value has more parts than allowed"));
	default:
		return (fail(cmi, name, OL_CMI12_TYPE, OL_CMI04_TYPE,
		    "the value is not %s", expected(e, cmi->suspend_max,
		    itype, cmi->buf, sizeof(cmi->buf))));
	}
	if (cmi->version == OL_CMI_V2004 &&
	    (code = unique(cmi, name, &r, value, itype)) != 0)
		return (code);

	if (e->type != OL_CMI_T_SUSPEND) {
		it = lookup(cmi, group, i0, r.elem, i1);
		bytes = cmi->bytes - (it != NULL ? it->vlen : 0);
		if (bytes > OL_CMI_DATA_MAX || len > OL_CMI_DATA_MAX - bytes)
			return (fail(cmi, name, OL_CMI12_GENERAL,
			    OL_CMI04_SET_FAILURE, "the attempt holds too much "
			    "data"));
	}

	store(cmi, &r, name, value, len);

	return (ok(cmi));
}

int
ol_cmi_put(struct ol_cmi *cmi, const char *name, const char *value)
{
	const struct ol_cmi_elem	*e;
	struct ref			 r;
	size_t				 count, ncount, len;
	int				 group;
	uint32_t			 i0, i1;

	if (name == NULL || value == NULL ||
	    resolve(cmi, name, &r) != NAME_OK || r.kind != REF_ELEM)
		return (-1);
	e = &cmi->model->elems[r.elem];
	if (e->flags & OL_CMI_CONST)
		return (-1);
	len = strnlen(value, PUT_CAP + 1);
	if (len > PUT_CAP || !ol_utf8_valid(value, len))
		return (-1);
	if (e->type == OL_CMI_T_COUNT &&
	    ol_cmi_check(e, value, len, 0, NULL) != OL_CMI_VALID)
		return (-1);

	item_key(cmi, &r, &group, &i0, &i1);
	if (group != 0) {
		count = group_count(cmi, group);
		if (i0 > count || (i0 == count && count >= OL_CMI_ARRAY_MAX))
			return (-1);
		if (depth(e->name) >= 2) {
			ncount = i0 < count ?
			    nested_count(cmi, group, i0, r.elem) : 0;
			if (i1 > ncount ||
			    (i1 == ncount && ncount >= OL_CMI_NESTED_MAX))
				return (-1);
		}
	}
	store(cmi, &r, name, value, len);

	return (0);
}

size_t
ol_cmi_count(const struct ol_cmi *cmi)
{
	return (cmi->nitems);
}

int
ol_cmi_item(const struct ol_cmi *cmi, size_t i, const char **name,
    const char **value)
{
	if (i >= cmi->nitems)
		return (-1);
	*name = cmi->items[i].name;
	*value = cmi->items[i].value;

	return (0);
}

/* The stored value of an element (no default, no rule), or NULL. */
const char *
ol_cmi_stored(const struct ol_cmi *cmi, const char *name)
{
	const struct item	*it;
	struct ref		 r;
	int			 group;
	uint32_t		 i0, i1;

	if (resolve(cmi, name, &r) != NAME_OK || r.kind != REF_ELEM)
		return (NULL);
	item_key(cmi, &r, &group, &i0, &i1);
	if ((it = lookup(cmi, group, i0, r.elem, i1)) == NULL)
		return (NULL);

	return (it->value);
}

/* Forgets a top-level element's value (the LMS's session rules). */
void
ol_cmi_unset(struct ol_cmi *cmi, const char *name)
{
	struct item	*it;
	struct ref	 r;
	size_t		 pos;
	int		 group;
	uint32_t	 i0, i1;

	if (resolve(cmi, name, &r) != NAME_OK || r.kind != REF_ELEM)
		return;
	item_key(cmi, &r, &group, &i0, &i1);
	if (group != 0 || (it = lookup(cmi, group, i0, r.elem, i1)) == NULL)
		return;
	pos = (size_t)(it - cmi->items);
	if (cmi->model->elems[r.elem].type != OL_CMI_T_SUSPEND)
		cmi->bytes -= it->vlen;
	free(it->name);
	free(it->value);
	memmove(&cmi->items[pos], &cmi->items[pos + 1],
	    (cmi->nitems - pos - 1) * sizeof(*cmi->items));
	cmi->nitems--;
}

const char *
ol_cmi_diagnostic(const struct ol_cmi *cmi)
{
	return (cmi->diag);
}

/* The specification's short text for an error code; "" if none. */
const char *
ol_cmi_error_string(int version, int code)
{
	static const struct {
		int		 code;
		const char	*text;
	} v12[] = {
		{ 0, "No error" },
		{ 101, "General exception" },
		{ 201, "Invalid argument error" },
		{ 202, "Element cannot have children" },
		{ 203, "Element not an array - cannot have count" },
		{ 301, "Not initialized" },
		{ 401, "Not implemented error" },
		{ 402, "Invalid set value, element is a keyword" },
		{ 403, "Element is read only" },
		{ 404, "Element is write only" },
		{ 405, "Incorrect data type" },
	}, v04[] = {
		{ 0, "No Error" },
		{ 101, "General Exception" },
		{ 102, "General Initialization Failure" },
		{ 103, "Already Initialized" },
		{ 104, "Content Instance Terminated" },
		{ 111, "General Termination Failure" },
		{ 112, "Termination Before Initialization" },
		{ 113, "Termination After Termination" },
		{ 122, "Retrieve Data Before Initialization" },
		{ 123, "Retrieve Data After Termination" },
		{ 132, "Store Data Before Initialization" },
		{ 133, "Store Data After Termination" },
		{ 142, "Commit Before Initialization" },
		{ 143, "Commit After Termination" },
		{ 201, "General Argument Error" },
		{ 301, "General Get Failure" },
		{ 351, "General Set Failure" },
		{ 391, "General Commit Failure" },
		{ 401, "Undefined Data Model Element" },
		{ 402, "Unimplemented Data Model Element" },
		{ 403, "Data Model Element Value Not Initialized" },
		{ 404, "Data Model Element Is Read Only" },
		{ 405, "Data Model Element Is Write Only" },
		{ 406, "Data Model Element Type Mismatch" },
		{ 407, "Data Model Element Value Out Of Range" },
		{ 408, "Data Model Dependency Not Established" },
	};
	size_t		i;

	if (version == OL_CMI_V12) {
		for (i = 0; i < sizeof(v12) / sizeof(v12[0]); i++) {
			if (v12[i].code == code)
				return (v12[i].text);
		}
	} else if (version == OL_CMI_V2004) {
		for (i = 0; i < sizeof(v04) / sizeof(v04[0]); i++) {
			if (v04[i].code == code)
				return (v04[i].text);
		}
	}

	return ("");
}
