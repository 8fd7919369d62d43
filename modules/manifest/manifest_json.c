/*
 * The parsed package as one JSON document (jansson): what
 * `octolearn-admin inspect` prints and what the server stores with each
 * package version (octolearn_package_store() reads organizations and
 * items from it). Keys of the inspect format first; an item also carries
 * what the runtime needs later (parameters, mastery score, time limits,
 * launch data, completion threshold, hideLMSUI, sequencing as XML).
 */

#include <string.h>

#include "manifest.h"

static json_t	*str_or_null(const char *);
static json_t	*items_json(const struct ol_manifest_item *, size_t);
static json_t	*problems_json(const struct ol_manifest_problem *, size_t,
		    ol_manifest_translate_fn);
static void	item_extras(json_t *, const struct ol_manifest_item *);

/* A string, null for NULL (or for text jansson refuses). */
static json_t *
str_or_null(const char *s)
{
	json_t		*j;

	if (s == NULL || (j = json_string(s)) == NULL)
		return (json_null());

	return (j);
}

static void
item_extras(json_t *o, const struct ol_manifest_item *it)
{
	const struct ol_manifest_threshold	*th;
	json_t					*hide;
	unsigned int				 bit;

	if (it->parameters != NULL)
		json_object_set_new(o, "parameters",
		    str_or_null(it->parameters));
	if (it->prerequisites != NULL)
		json_object_set_new(o, "prerequisites",
		    str_or_null(it->prerequisites));
	if (it->max_time_allowed != NULL)
		json_object_set_new(o, "max_time_allowed",
		    str_or_null(it->max_time_allowed));
	if (it->time_limit_action != NULL)
		json_object_set_new(o, "time_limit_action",
		    str_or_null(it->time_limit_action));
	if (it->data_from_lms != NULL)
		json_object_set_new(o, "data_from_lms",
		    str_or_null(it->data_from_lms));
	if (it->has_mastery_score)
		json_object_set_new(o, "mastery_score",
		    json_real(it->mastery_score));

	th = &it->completion_threshold;
	if (th->present) {
		json_object_set_new(o, "completion_threshold", json_pack(
		    "{s:b,s:f,s:f}", "completed_by_measure",
		    th->completed_by_measure, "min_progress_measure",
		    th->min_progress_measure, "progress_weight",
		    th->progress_weight));
	}

	if (it->hide_lms_ui != 0) {
		hide = json_array();
		for (bit = 1; bit <= OL_MANIFEST_HIDE_SUSPEND_ALL; bit <<= 1) {
			if ((it->hide_lms_ui & bit) &&
			    ol_manifest_hide_name(bit) != NULL)
				json_array_append_new(hide,
				    json_string(ol_manifest_hide_name(bit)));
		}
		json_object_set_new(o, "hide_lms_ui", hide);
	}
	if (it->has_scaled_passing_score)
		json_object_set_new(o, "scaled_passing_score",
		    json_real(it->scaled_passing_score));
	if (it->sequencing != NULL)
		json_object_set_new(o, "sequencing",
		    str_or_null(it->sequencing));
}

static json_t *
items_json(const struct ol_manifest_item *items, size_t n)
{
	json_t		*list, *o;
	size_t		i;

	list = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		json_object_set_new(o, "identifier",
		    str_or_null(items[i].identifier));
		json_object_set_new(o, "title", str_or_null(items[i].title));
		json_object_set_new(o, "launch", str_or_null(items[i].launch));
		json_object_set_new(o, "scorm_type",
		    str_or_null(ol_manifest_scorm_type_name(
		    items[i].scorm_type)));
		json_object_set_new(o, "visible",
		    json_boolean(items[i].visible));
		item_extras(o, &items[i]);
		json_object_set_new(o, "items",
		    items_json(items[i].items, items[i].nitems));
		json_array_append_new(list, o);
	}

	return (list);
}

static json_t *
problems_json(const struct ol_manifest_problem *p, size_t n,
    ol_manifest_translate_fn tr)
{
	json_t		*list;
	char		msg[1024];
	size_t		i;

	list = json_array();
	for (i = 0; i < n; i++) {
		(void)ol_manifest_problem_format(&p[i], tr, msg, sizeof(msg));
		json_array_append_new(list, json_pack("{s:I,s:s}",
		    "line", (json_int_t)p[i].line, "message", msg));
	}

	return (list);
}

json_t *
ol_manifest_json(const struct ol_manifest *m, ol_manifest_translate_fn tr)
{
	json_t		*doc, *orgs, *o;
	size_t		i;

	orgs = json_array();
	for (i = 0; i < m->norgs; i++) {
		o = json_object();
		json_object_set_new(o, "identifier",
		    str_or_null(m->orgs[i].identifier));
		json_object_set_new(o, "title", str_or_null(m->orgs[i].title));
		if (m->orgs[i].sequencing != NULL)
			json_object_set_new(o, "sequencing",
			    str_or_null(m->orgs[i].sequencing));
		json_object_set_new(o, "items",
		    items_json(m->orgs[i].items, m->orgs[i].nitems));
		json_array_append_new(orgs, o);
	}

	doc = json_object();
	json_object_set_new(doc, "scorm_version",
	    str_or_null(m->version != OL_SCORM_UNKNOWN ?
	    ol_manifest_version_name(m->version) : NULL));
	json_object_set_new(doc, "identifier", str_or_null(m->identifier));
	json_object_set_new(doc, "title", str_or_null(m->title));
	json_object_set_new(doc, "description", str_or_null(m->description));
	json_object_set_new(doc, "language", str_or_null(m->language));
	json_object_set_new(doc, "organizations", orgs);
	if (m->sequencing_collection != NULL)
		json_object_set_new(doc, "sequencing_collection",
		    str_or_null(m->sequencing_collection));
	json_object_set_new(doc, "errors",
	    problems_json(m->errors, m->nerrors, tr));
	json_object_set_new(doc, "warnings",
	    problems_json(m->warnings, m->nwarnings, tr));

	return (doc);
}
