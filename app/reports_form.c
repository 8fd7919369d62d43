/*
 * What the report pages share on screen: the filter form (a GET form, so
 * that a filtered report is an address to bookmark or send), the table
 * headers that sort, the pager and the download link.
 */

#include "octolearn.h"

#include "langpref.h"

static void	form_select_open(struct ol_ctx *, const char *, const char *,
		    const char *);
static void	form_option(struct ol_ctx *, const char *, const char *,
		    const char *);

static void
form_select_open(struct ol_ctx *ctx, const char *name, const char *label,
    const char *none)
{
	ol_html(ctx, "<div class=\"field\"><label for=\"f-%s\">%s</label>"
	    "<select id=\"f-%s\" name=\"%s\"><option value=\"\">%s</option>",
	    name, label, name, name, none);
}

static void
form_option(struct ol_ctx *ctx, const char *value, const char *label,
    const char *current)
{
	ol_html(ctx, "<option value=\"%s\"%H>%s</option>", value,
	    !strcmp(value, current) ? " selected" : "", label);
}

/* The groups the viewer reports on (id, name), in db. */
int
ol_report_groups(struct ol_db *db, const struct ol_report *r)
{
	return (ol_report_exec(db, r, "SELECT g.id, g.name FROM groups g "
	    "WHERE $3::boolean OR EXISTS (SELECT 1 FROM group_members m "
	    "WHERE m.group_id = g.id AND m.user_id = $2::bigint AND "
	    "m.role = 'trainer') ORDER BY lower(g.name), g.id", 0));
}

/*
 * The filters of the report at action: group (OL_REPORT_FORM_GROUP: the
 * viewer's groups, read in db's transaction), language (the tenant's),
 * dates, status (OL_REPORT_FORM_STATUS). 0 when the groups cannot be read.
 */
int
ol_report_form(struct ol_report *r, struct ol_db *db, const char *action,
    int flags)
{
	struct ol_ctx		*ctx = r->ctx;
	char			 one[OL_LANG_MAX];
	const char		*rest;
	size_t			 i;
	int			 row;

	if ((flags & OL_REPORT_FORM_GROUP) && !ol_report_groups(db, r))
		return (0);

	ol_html(ctx, "<form method=\"get\" action=\"%s\" class=\"filters\" "
	    "role=\"search\">\n", action);
	if (flags & OL_REPORT_FORM_GROUP) {
		form_select_open(ctx, "group", _("Group"), r->all[0] == 't' ?
		    _("All learners") : _("All my groups"));
		for (row = 0; row < ol_db_rows(db); row++) {
			form_option(ctx, ol_db_value(db, row, 0),
			    ol_db_value(db, row, 1), r->group);
		}
		ol_html(ctx, "</select></div>\n");
	}

	form_select_open(ctx, "language", _("Language"), _("All languages"));
	for (rest = ctx->tenant.languages;
	    ol_langpref_next(&rest, one, sizeof(one)); )
		form_option(ctx, one, ol_i18n_name_here(one), r->lang);
	ol_html(ctx, "</select></div>\n");

	ol_html(ctx, "<div class=\"field\"><label for=\"f-from\">%s</label>"
	    "<input id=\"f-from\" name=\"from\" type=\"date\" value=\"%s\">"
	    "</div>\n<div class=\"field\"><label for=\"f-to\">%s</label>"
	    "<input id=\"f-to\" name=\"to\" type=\"date\" value=\"%s\">"
	    "</div>\n", _("Active from"), r->from, _("Active until"), r->to);

	if (flags & OL_REPORT_FORM_STATUS) {
		form_select_open(ctx, "status", _("Status"),
		    _("All statuses"));
		for (i = 0; i < OL_REPORT_STATUSES; i++) {
			form_option(ctx, ol_report_statuses[i],
			    ol_progress_label(ol_report_statuses[i]), r->status);
		}
		ol_html(ctx, "</select></div>\n");
	}
	if (r->sort[0] != '\0') {
		ol_html(ctx, "<input type=\"hidden\" name=\"sort\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"dir\" value=\"%s\">",
		    r->sort, r->desc ? "desc" : "asc");
	}
	ol_html(ctx, "<button type=\"submit\">%s</button> "
	    "<a href=\"%s\">%s</a>\n</form>\n", _("Apply filters"), action,
	    _("Clear filters"));

	return (1);
}

/* A column header that sorts the table by key (toggling its direction). */
void
ol_report_sort_header(struct ol_report *r, const char *base,
    const char *key, const char *label)
{
	char		q[256];
	int		current, desc;

	current = !strcmp(r->sort[0] != '\0' ? r->sort : "name", key);
	desc = current && !r->desc;
	ol_report_query(r, q, sizeof(q));
	ol_html(r->ctx, "<th scope=\"col\"%H><a href=\"%s%s%ssort=%s&dir=%s\">"
	    "%s</a></th>", !current ? "" : r->desc ?
	    " aria-sort=\"descending\"" : " aria-sort=\"ascending\"", base, q,
	    q[0] == '\0' ? "?" : "&", key, desc ? "desc" : "asc", label);
}

/* "Page 2 of 7" with links to the pages before and after. */
void
ol_report_pager(struct ol_report *r, const char *base, int64_t rows)
{
	char		q[256], sort[48], a[24], b[24];
	int64_t		pages;

	pages = rows <= 0 ? 1 : (rows + OL_REPORT_PAGE_ROWS - 1) /
	    OL_REPORT_PAGE_ROWS;
	if (pages <= 1)
		return;
	ol_report_query(r, q, sizeof(q));
	sort[0] = '\0';
	if (r->sort[0] != '\0') {
		(void)snprintf(sort, sizeof(sort), "sort=%s&dir=%s&", r->sort,
		    r->desc ? "desc" : "asc");
	}
	ol_i18n_number(r->page, a, sizeof(a));
	ol_i18n_number(pages, b, sizeof(b));
	ol_html(r->ctx, "<nav class=\"pager\" aria-label=\"%s\">",
	    _("Pages"));
	if (r->page > 1) {
		ol_html(r->ctx, "<a rel=\"prev\" href=\"%s%s%s%spage=%d\">%s</a> ",
		    base, q, q[0] == '\0' ? "?" : "&", sort, r->page - 1,
		    _("Previous page"));
	}
	/* TRANSLATORS: "Page 2 of 7". */
	ol_html(r->ctx, _("Page %s of %s"), a, b);
	if (r->page < pages) {
		ol_html(r->ctx, " <a rel=\"next\" href=\"%s%s%s%spage=%d\">%s</a>",
		    base, q, q[0] == '\0' ? "?" : "&", sort, r->page + 1,
		    _("Next page"));
	}
	ol_html(r->ctx, "</nav>\n");
}

/* The link to the table as CSV, with the filters of the page. */
void
ol_report_csv_link(struct ol_report *r, const char *href)
{
	char		q[256];

	ol_report_query(r, q, sizeof(q));
	ol_html(r->ctx, "<p class=\"export\"><a class=\"button\" "
	    "href=\"%s%s\" download>%s</a></p>\n", href, q,
	    _("Download as CSV"));
}
