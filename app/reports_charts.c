/*
 * The charts of the course report, from the figures of
 * octolearn_course_summary() (migration 0011), drawn by modules/chart with
 * every label and number in the viewer's language.
 */

#include "octolearn.h"

#include "chart.h"

/* Learners by status: horizontal bars. */
void
ol_report_chart_status(struct ol_ctx *ctx, json_t *counts)
{
	struct ol_chart		chart;
	struct ol_chart_bar	bars[OL_REPORT_STATUSES];
	char			text[OL_REPORT_STATUSES][32];
	size_t			i;
	json_int_t		n;

	for (i = 0; i < OL_REPORT_STATUSES; i++) {
		n = json_integer_value(json_object_get(counts,
		    ol_report_statuses[i]));
		ol_i18n_number(n, text[i], sizeof(text[i]));
		bars[i].label = ol_progress_label(ol_report_statuses[i]);
		bars[i].value_text = text[i];
		bars[i].value = (double)n;
	}
	memset(&chart, 0, sizeof(chart));
	chart.id = "svg-status";
	chart.title = _("Learners by status");
	chart.rtl = !strcmp(ctx->dir, "rtl");
	chart.bars = bars;
	chart.n = OL_REPORT_STATUSES;
	ol_html(ctx, "<figure class=\"chart\" id=\"chart-status\">");
	if (ol_chart_bars(ol_render_sink, ctx->out, &chart) == -1)
		fatal("ol_report_chart_status: bad chart");
	ol_html(ctx, "</figure>\n");
}

/* Scores in ten bands of ten points: columns. */
void
ol_report_chart_scores(struct ol_ctx *ctx, json_t *histogram)
{
	struct ol_chart		chart;
	struct ol_chart_bar	bars[10];
	char			label[10][32], text[10][32];
	char			lo[16], hi[16], num[16];
	size_t			i;
	json_int_t		n;

	for (i = 0; i < 10; i++) {
		n = json_integer_value(json_array_get(histogram, i));
		(void)snprintf(num, sizeof(num), "%zu", i * 10);
		ol_i18n_percent(num, lo, sizeof(lo));
		(void)snprintf(num, sizeof(num), "%zu", i * 10 + 10);
		ol_i18n_percent(num, hi, sizeof(hi));
		/* TRANSLATORS: a band of scores, "70 %–80 %". */
		(void)snprintf(label[i], sizeof(label[i]),
		    C_("range", "%s–%s"), lo, hi);
		ol_i18n_number(n, text[i], sizeof(text[i]));
		bars[i].label = label[i];
		bars[i].value_text = text[i];
		bars[i].value = (double)n;
	}
	memset(&chart, 0, sizeof(chart));
	chart.id = "svg-scores";
	chart.title = _("Learners by score");
	chart.desc = _("Each column counts the learners whose score falls "
	    "in a band of ten points; the last band includes 100 %.");
	chart.rtl = !strcmp(ctx->dir, "rtl");
	chart.bars = bars;
	chart.n = 10;
	ol_html(ctx, "<figure class=\"chart\" id=\"chart-scores\">");
	if (ol_chart_columns(ol_render_sink, ctx->out, &chart) == -1)
		fatal("ol_report_chart_scores: bad chart");
	ol_html(ctx, "</figure>\n");
}

/* Attempts started per band of days: columns, a label every week or so. */
void
ol_report_chart_activity(struct ol_ctx *ctx, json_t *activity)
{
	struct ol_chart		 chart;
	struct ol_chart_bar	*bars;
	json_t			*bands, *band;
	char			(*label)[64], (*text)[32], desc[256];
	size_t			 i, n;
	json_int_t		 step;

	bands = json_object_get(activity, "bands");
	n = json_array_size(bands);
	if (n > OL_CHART_BARS_MAX)
		n = OL_CHART_BARS_MAX;
	step = json_integer_value(json_object_get(activity, "days_per_band"));
	bars = kore_calloc(n + 1, sizeof(*bars));
	label = kore_calloc(n + 1, sizeof(*label));
	text = kore_calloc(n + 1, sizeof(*text));
	for (i = 0; i < n; i++) {
		band = json_array_get(bands, i);
		ol_i18n_date(json_string_value(json_object_get(band, "from")) ?
		    json_string_value(json_object_get(band, "from")) : "",
		    label[i], sizeof(label[i]));
		ol_i18n_number(json_integer_value(json_object_get(band,
		    "attempts")), text[i], sizeof(text[i]));
		bars[i].label = label[i];
		bars[i].value_text = text[i];
		bars[i].value = (double)json_integer_value(
		    json_object_get(band, "attempts"));
	}

	memset(&chart, 0, sizeof(chart));
	chart.id = "svg-activity";
	chart.title = _("Attempts started over time");
	if (step > 1) {
		(void)snprintf(desc, sizeof(desc), ngettext("Each column "
		    "counts the attempts started in %d day from the date under "
		    "it.", "Each column counts the attempts started in %d days "
		    "from the date under it.", (unsigned long)step), (int)step);
		chart.desc = desc;
	} else {
		chart.desc = _("Each column counts the attempts started on "
		    "the day under it.");
	}
	chart.rtl = !strcmp(ctx->dir, "rtl");
	chart.bars = bars;
	chart.n = n;
	chart.label_every = n > 15 ? (unsigned int)((n + 6) / 7) : 1;
	ol_html(ctx, "<figure class=\"chart\" id=\"chart-activity\">");
	if (ol_chart_columns(ol_render_sink, ctx->out, &chart) == -1)
		fatal("ol_report_chart_activity: bad chart");
	ol_html(ctx, "</figure>\n");

	kore_free(bars);
	kore_free(label);
	kore_free(text);
}
