/*
 * The errors and warnings of a manifest: one message per code, written
 * here only (so that `make po` finds them all), each a format with at most
 * one %s for the problem's argument. Formatting substitutes that %s by
 * hand instead of handing a translated string to printf(), so that a
 * translation with a stray % cannot read what is not there.
 */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "utf8.h"

struct message {
	int		 code;
	const char	*fmt;
};

static const struct message	messages[] = {
	{ OL_MANIFEST_E_TOO_LARGE,
	    N_("the manifest is larger than the limit of %s bytes") },
	{ OL_MANIFEST_E_EMPTY,
	    N_("the manifest is an empty document") },
	{ OL_MANIFEST_E_XML,
	    N_("the manifest is not well-formed XML: %s") },
	{ OL_MANIFEST_E_ENTITY,
	    N_("the manifest declares the entity %s: entity declarations "
	    "are not allowed") },
	{ OL_MANIFEST_E_TOO_DEEP,
	    N_("the manifest nests elements more than %s deep") },
	{ OL_MANIFEST_E_ROOT,
	    N_("the root element is %s, not an IMS content packaging "
	    "manifest") },
	{ OL_MANIFEST_E_ROOT_NS,
	    N_("the manifest element is not in an IMS content packaging "
	    "namespace (its namespace: %s)") },
	{ OL_MANIFEST_E_NO_RESOURCES,
	    N_("the manifest has no resources element") },
	{ OL_MANIFEST_E_DEFAULT_ORG,
	    N_("the default organization %s is not an organization of the "
	    "manifest") },
	{ OL_MANIFEST_E_ORG_NO_ID,
	    N_("an organization has no identifier") },
	{ OL_MANIFEST_E_ITEM_NO_ID,
	    N_("an item has no identifier") },
	{ OL_MANIFEST_E_RES_NO_ID,
	    N_("a resource has no identifier") },
	{ OL_MANIFEST_E_DUP_ID,
	    N_("the identifier %s is used more than once") },
	{ OL_MANIFEST_E_ITEM_REF,
	    N_("an item refers to the resource %s, which does not exist") },
	{ OL_MANIFEST_E_DEP_REF,
	    N_("a dependency refers to the resource %s, which does not "
	    "exist") },
	{ OL_MANIFEST_E_SCO_NO_HREF,
	    N_("the SCO resource %s has no href: it cannot be launched") },
	{ OL_MANIFEST_E_ITEM_NO_HREF,
	    N_("the item %s refers to a resource without href: there is "
	    "nothing to launch") },
	{ OL_MANIFEST_E_LAUNCH_MISSING,
	    N_("the launch file %s is missing from the package") },
	{ OL_MANIFEST_E_FILE_MISSING,
	    N_("the file %s listed in the manifest is missing from the "
	    "package") },
	{ OL_MANIFEST_E_OUTSIDE,
	    N_("%s refers to a file outside the package") },
	{ OL_MANIFEST_E_NOTHING,
	    N_("the package has nothing to launch") },
	{ OL_MANIFEST_E_NO_MANIFEST,
	    N_("no imsmanifest.xml at the root of the package") },
	{ OL_MANIFEST_E_MANIFEST_DEEPER,
	    N_("no imsmanifest.xml at the root of the package, but there is "
	    "one in %s: the package was probably zipped one folder too "
	    "high") },
	{ OL_MANIFEST_E_AICC,
	    N_("no imsmanifest.xml at the root of the package: this looks "
	    "like an AICC course (%s), which is not SCORM") },
	{ OL_MANIFEST_E_UNREADABLE,
	    N_("imsmanifest.xml cannot be read") },
	{ OL_MANIFEST_E_MORE,
	    N_("and %s more errors") },

	{ OL_MANIFEST_W_NO_SCHEMAVERSION,
	    N_("the manifest has no metadata/schemaversion: SCORM %s was "
	    "assumed from its namespaces") },
	{ OL_MANIFEST_W_SCHEMAVERSION,
	    N_("unknown schemaversion \"%s\": the version was taken from the "
	    "namespaces") },
	{ OL_MANIFEST_W_VERSION_MISMATCH,
	    N_("schemaversion \"%s\" does not match the namespaces of the "
	    "manifest") },
	{ OL_MANIFEST_W_ORG_NO_TITLE,
	    N_("the organization %s has no title") },
	{ OL_MANIFEST_W_ITEM_NO_TITLE,
	    N_("the item %s has no title") },
	{ OL_MANIFEST_W_DEFAULT_ORG,
	    N_("the default organization %s is not an organization of the "
	    "manifest: the first organization is used") },
	{ OL_MANIFEST_W_NO_ORG,
	    N_("the manifest has no organization: its resources are launched "
	    "directly") },
	{ OL_MANIFEST_W_NO_ORGANIZATIONS,
	    N_("the manifest has no organizations element") },
	{ OL_MANIFEST_W_XML,
	    N_("XML warning: %s") },
	{ OL_MANIFEST_W_NAMESPACE,
	    N_("namespace error: %s") },
	{ OL_MANIFEST_W_BASE_SLASH,
	    N_("xml:base \"%s\" does not end with /: it was taken as a "
	    "folder") },
	{ OL_MANIFEST_W_ISVISIBLE,
	    N_("isvisible \"%s\" is not true or false: the item is shown") },
	{ OL_MANIFEST_W_SCORMTYPE,
	    N_("unknown scormType \"%s\": the resource is taken as an "
	    "asset") },
	{ OL_MANIFEST_W_MASTERY,
	    N_("masteryscore \"%s\" is not a number from 0 to 100: it is "
	    "ignored") },
	{ OL_MANIFEST_W_THRESHOLD,
	    N_("completionThreshold \"%s\" is not a number from 0 to 1: it is "
	    "ignored") },
	{ OL_MANIFEST_W_HIDELMSUI,
	    N_("unknown hideLMSUI value \"%s\": it is ignored") },
	{ OL_MANIFEST_W_META_MISSING,
	    N_("the metadata file %s cannot be read") },
	{ OL_MANIFEST_W_META_XML,
	    N_("the metadata file %s is not well-formed XML: it is "
	    "ignored") },
	{ OL_MANIFEST_W_EXTERNAL,
	    N_("the SCO is launched from %s, outside the package: it may not "
	    "find the LMS") },
	{ OL_MANIFEST_W_EMPTY_ITEM,
	    N_("the item %s has neither content nor sub-items") },
	{ OL_MANIFEST_W_RES_NO_TYPE,
	    N_("the resource %s has no type") },
	{ OL_MANIFEST_W_ADLCP_NS,
	    N_("unknown ADL namespace %s: its attributes and elements are "
	    "ignored") },
	{ OL_MANIFEST_W_ORG_NOTHING,
	    N_("the organization %s has nothing to launch") },
	{ OL_MANIFEST_W_MORE,
	    N_("and %s more warnings") },
};

/* The message of code, or NULL for an unknown code. */
const char *
ol_manifest_problem_fmt(int code)
{
	size_t		i;

	for (i = 0; i < sizeof(messages) / sizeof(messages[0]); i++) {
		if (messages[i].code == code)
			return (messages[i].fmt);
	}

	return (NULL);
}

/*
 * Adds a problem to the errors (codes below 100) or the warnings of m.
 * Past max_problems only the number is kept, for ol_manifest_problem_
 * finish(). arg (NULL: none) is copied, cut at OL_MANIFEST_ARG_MAX bytes
 * on a UTF-8 boundary. 0, or -1 when out of memory.
 */
int
ol_manifest_problem_add(struct ol_manifest *m,
    const struct ol_manifest_limits *lim, int code, size_t line,
    const char *arg)
{
	struct ol_manifest_problem	**list, *np, *p;
	size_t				*n, *omitted, len;

	if (code < 100) {
		list = &m->errors;
		n = &m->nerrors;
		omitted = &m->errors_omitted;
	} else {
		list = &m->warnings;
		n = &m->nwarnings;
		omitted = &m->warnings_omitted;
	}

	if (*n >= lim->max_problems) {
		(*omitted)++;
		return (0);
	}

	if ((np = realloc(*list, (*n + 1) * sizeof(**list))) == NULL) {
		(*omitted)++;
		return (-1);
	}
	*list = np;
	p = &np[*n];
	p->code = code;
	p->line = line;
	p->fmt = ol_manifest_problem_fmt(code);
	p->arg = NULL;
	(*n)++;

	if (arg != NULL) {
		len = strlen(arg);
		if (len > OL_MANIFEST_ARG_MAX)
			len = ol_utf8_valid_prefix(arg, OL_MANIFEST_ARG_MAX);
		if ((p->arg = malloc(len + 1)) == NULL)
			return (-1);
		memcpy(p->arg, arg, len);
		p->arg[len] = '\0';
	}

	return (0);
}

/* Says how many problems were left out, once the parse is over. */
void
ol_manifest_problem_finish(struct ol_manifest *m,
    const struct ol_manifest_limits *lim)
{
	struct ol_manifest_limits	more;
	char				num[32];

	more = *lim;
	if (m->errors_omitted > 0) {
		more.max_problems = m->nerrors + 1;
		(void)snprintf(num, sizeof(num), "%zu", m->errors_omitted);
		(void)ol_manifest_problem_add(m, &more, OL_MANIFEST_E_MORE, 0,
		    num);
	}
	if (m->warnings_omitted > 0) {
		more.max_problems = m->nwarnings + 1;
		(void)snprintf(num, sizeof(num), "%zu", m->warnings_omitted);
		(void)ol_manifest_problem_add(m, &more, OL_MANIFEST_W_MORE, 0,
		    num);
	}
}

/*
 * Writes the message of p into buf (len bytes, always NUL-terminated when
 * len > 0): its format, translated by tr when not NULL, with the first %s
 * made the argument and %% made %. Returns the length of the whole
 * message, which was cut if it is len or more (as snprintf() does).
 */
int
ol_manifest_problem_format(const struct ol_manifest_problem *p,
    ol_manifest_translate_fn tr, char *buf, size_t len)
{
	const char	*fmt, *arg, *s;
	size_t		 out, n;
	int		 done;

	fmt = p->fmt != NULL ? p->fmt : "unknown problem";
	if (tr != NULL && (s = tr(fmt)) != NULL)
		fmt = s;
	arg = p->arg != NULL ? p->arg : "";

	out = 0;
	done = 0;
	while (*fmt != '\0') {
		if (fmt[0] == '%' && fmt[1] == 's' && !done) {
			s = arg;
			n = strlen(arg);
			fmt += 2;
			done = 1;
		} else if (fmt[0] == '%' && fmt[1] == '%') {
			s = fmt;
			n = 1;
			fmt += 2;
		} else {
			s = fmt;
			n = 1;
			fmt++;
		}
		if (len > 0 && out < len - 1) {
			if (n > len - 1 - out)
				memcpy(buf + out, s, len - 1 - out);
			else
				memcpy(buf + out, s, n);
		}
		out += n;
	}
	if (len > 0 && out < len)
		buf[out] = '\0';
	else if (len > 0)
		buf[ol_utf8_valid_prefix(buf, len - 1)] = '\0';

	return (out > INT_MAX ? INT_MAX : (int)out);
}
