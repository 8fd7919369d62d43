/*
 * Charts for the progress reports, drawn on the server as SVG that goes
 * inline into an HTML page: no script, no image request, and the page's
 * Content-Security-Policy holds (presentation attributes only, never a
 * style attribute or element). Every text is the caller's, already
 * translated, and is escaped here; each bar carries its value as text
 * and its own <title>, horizontal bars a fill pattern of their own, so
 * that nothing is told by colour alone. Output goes to a sink, as in
 * modules/html, with no allocation.
 */

#ifndef OL_CHART_H
#define OL_CHART_H

#include <stddef.h>

#include "html.h"

#define OL_CHART_ID_MAX		32	/* bytes in struct ol_chart.id */
#define OL_CHART_BARS_MAX	1000	/* bars or columns in one chart */

/*
 * Geometry, in viewBox units; the SVG has width="100%" and scales.
 * Horizontal bars: a row each, a column for the labels on the start side,
 * room for the value text past the longest bar. Columns: a fixed height.
 */
#define OL_CHART_WIDTH		640
#define OL_CHART_BARS_ROW	28
#define OL_CHART_BARS_LABEL	160
#define OL_CHART_BARS_VALUE	80
#define OL_CHART_BARS_LEN	\
	(OL_CHART_WIDTH - OL_CHART_BARS_LABEL - OL_CHART_BARS_VALUE)
#define OL_CHART_COLUMNS_HEIGHT	240

struct ol_chart_bar {
	const char	*label;		/* shown under/beside the bar, UTF-8 */
	const char	*value_text;	/* the value as the reader sees it */
	double		 value;		/* >= 0; negative, NaN, inf: 0 */
};

struct ol_chart {
	const char	*id;		/* unique on the page, [A-Za-z0-9_-]{1,32} */
	const char	*title;		/* <title> text */
	const char	*desc;		/* <desc> text; NULL: no desc */
	int		 rtl;		/* right-to-left page */
	const struct ol_chart_bar *bars;
	size_t		 n;		/* 0 .. OL_CHART_BARS_MAX */
	unsigned int	 label_every;	/* columns: a label every k-th (0: 1) */
};

/* chart.c */
int	ol_chart_bars(ol_sink_fn, void *, const struct ol_chart *);
int	ol_chart_columns(ol_sink_fn, void *, const struct ol_chart *);

#endif
