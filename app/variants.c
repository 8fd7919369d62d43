/*
 * Language variants of a course (one package per language): the note a
 * learner sees when the course is not in their language, and the choice
 * of the other languages it exists in. Progress belongs to the resource,
 * so switching variant keeps the learner's status.
 */

#include "octolearn.h"

#include "langpref.h"

/*
 * shown: the variant being offered; langs: every variant, comma-
 * separated. Writes nothing when the course has only the learner's own
 * language.
 */
void
ol_variants_html(struct ol_ctx *ctx, const char *rid, const char *shown,
    const char *langs)
{
	const char	*p;
	char		code[OL_LANG_MAX], note[512];
	int		others;

	if (shown[0] == '\0')
		return;

	if (strcmp(shown, ctx->lang)) {
		/* TRANSLATORS: the names of two languages. */
		(void)snprintf(note, sizeof(note),
		    _("This course is not available in %s. It is shown in "
		    "%s."), ol_i18n_name_here(ctx->lang),
		    ol_i18n_name_here(shown));
		ol_html(ctx, "<p class=\"notice variant-note\" "
		    "id=\"variant-note\" data-shown=\"%s\">%s</p>\n", shown,
		    note);
	}

	others = 0;
	for (p = langs; ol_langpref_next(&p, code, sizeof(code)); ) {
		if (!strcmp(code, shown))
			continue;
		if (others++ == 0) {
			ol_html(ctx, "<p class=\"variants\" id=\"variants\">"
			    "%s ", _("Also available in:"));
		}
		ol_html(ctx, "<a href=\"/t/%s/play/%s?variant=%s\" "
		    "hreflang=\"%s\" lang=\"%s\" dir=\"%s\">%s</a> ",
		    ctx->tenant.slug, rid, code, code, code,
		    ol_i18n_dir(code), ol_i18n_name(code));
	}
	if (others > 0)
		ol_html(ctx, "</p>\n");
}
