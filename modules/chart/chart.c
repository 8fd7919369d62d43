/*
 * SVG bar charts for the progress reports: ol_chart_bars() draws one
 * horizontal bar per row (the status chart), ol_chart_columns() one
 * vertical column per bucket or period (the score histogram, activity
 * over time). Every argument is checked before the first byte goes to
 * the sink, so that -1 leaves the page as it was.
 *
 * Text and axes are currentColor, so a chart follows the page's colours;
 * fills come from a fixed palette (Okabe-Ito, which readers with colour
 * blindness tell apart) and, for horizontal bars, carry white marks that
 * differ from bar to bar. Right to left, the picture is mirrored and
 * direction="rtl" set on the root, so that text-anchor start and end keep
 * their logical meaning (end: towards the bar, for labels).
 *
 * The sizes of text that must fit (labels of dense columns, values above
 * narrow columns) are estimated from the number of characters, as no
 * font metrics are known here; each bar's <title> has its text in full.
 * Numbers are written with "%.1f" (the application runs under C.UTF-8)
 * and a value that is not finite never reaches snprintf.
 */

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "utf8.h"

#define NUM_LEN		32

/* Horizontal bars. */
#define BARS_PAD	8	/* above the first row and below the last */
#define BARS_BAR	20	/* thickness of a bar in its row */
#define BARS_FONT	12
#define BARS_FONT_MIN	8

/* Columns. */
#define COLS_PAD	8	/* left and right of the first and last */
#define COLS_LABELS	20	/* under the baseline, for the labels */
#define COLS_FONT	11
#define COLS_FONT_MIN	4
#define COLS_TOP_MAX	64	/* room above the plot for rotated values */
#define COLS_FILL	"#0072B2"

#define TEXT_GAP	6	/* between a text and its bar */
#define GLYPH_WIDTH	0.6	/* average advance of a glyph, in em */
#define TEXT_CHARS_MAX	64	/* characters counted for a text's width */

/* A fill for the horizontal bars: a colour under marks on an 8 x 8 tile. */
struct pattern {
	const char	*fill;
	const char	*marks;
};

static const struct pattern	patterns[] = {
	{ "#0072B2", "" },
	{ "#D55E00", "<path d=\"M-2 2L2-2M0 8L8 0M6 10L10 6\" "
	    "stroke=\"#FFFFFF\" stroke-width=\"1.5\"/>" },
	{ "#009E73", "<circle cx=\"4\" cy=\"4\" r=\"1.5\" fill=\"#FFFFFF\"/>" },
	{ "#CC79A7", "<path d=\"M0 4H8\" stroke=\"#FFFFFF\" "
	    "stroke-width=\"1.5\"/>" },
	{ "#E69F00", "<path d=\"M0 4H8M4 0V8\" stroke=\"#FFFFFF\" "
	    "stroke-width=\"1\"/>" },
	{ "#56B4E9", "<path d=\"M-2 6L2 10M0 0L8 8M6-2L10 2\" "
	    "stroke=\"#FFFFFF\" stroke-width=\"1.5\"/>" },
	{ "#999933", "<path d=\"M4 0V8\" stroke=\"#FFFFFF\" "
	    "stroke-width=\"1.5\"/>" },
	{ "#882255", "<path d=\"M0 0H4V4H0ZM4 4H8V8H4Z\" fill=\"#FFFFFF\" "
	    "fill-opacity=\"0.5\"/>" },
};

#define PATTERNS	(sizeof(patterns) / sizeof(patterns[0]))

static const char	replacement[] = "\xEF\xBF\xBD";

static int		chart_valid(ol_sink_fn, const struct ol_chart *);
static int		id_valid(const char *);
static double		value_of(double);
static double		value_max(const struct ol_chart *);
static size_t		text_chars(const char *);
static double		font_fit(size_t, double, double, double);
static const char	*num(char *, double);
static void		put(ol_sink_fn, void *, const char *);
static void		text(ol_sink_fn, void *, const char *);
static void		svg_open(ol_sink_fn, void *, const struct ol_chart *,
			    double, int);
static void		patterns_write(ol_sink_fn, void *,
			    const struct ol_chart *);
static void		bar_title(ol_sink_fn, void *,
			    const struct ol_chart_bar *);

static int
id_valid(const char *id)
{
	size_t		i;
	char		c;

	if (id == NULL)
		return (0);
	for (i = 0; id[i] != '\0'; i++) {
		if (i == OL_CHART_ID_MAX)
			return (0);
		c = id[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return (0);
	}

	return (i > 0);
}

static int
chart_valid(ol_sink_fn sink, const struct ol_chart *c)
{
	size_t		i;

	if (sink == NULL || c == NULL || !id_valid(c->id) ||
	    c->title == NULL || c->n > OL_CHART_BARS_MAX ||
	    (c->n > 0 && c->bars == NULL))
		return (0);
	for (i = 0; i < c->n; i++) {
		if (c->bars[i].label == NULL || c->bars[i].value_text == NULL)
			return (0);
	}

	return (1);
}

/* A value as drawn: anything but a finite positive number is 0. */
static double
value_of(double v)
{
	if (!isfinite(v) || !(v > 0.0))
		return (0.0);

	return (v);
}

static double
value_max(const struct ol_chart *c)
{
	double		max, v;
	size_t		i;

	max = 0.0;
	for (i = 0; i < c->n; i++) {
		v = value_of(c->bars[i].value);
		if (v > max)
			max = v;
	}

	return (max);
}

static size_t
text_chars(const char *s)
{
	size_t		n;

	n = ol_utf8_chars(s, strlen(s));

	return (n > TEXT_CHARS_MAX ? TEXT_CHARS_MAX : n);
}

/* The font size at which chars characters take at most room, in bounds. */
static double
font_fit(size_t chars, double room, double max, double min)
{
	double		size;

	if (chars == 0)
		return (max);
	size = room / ((double)chars * GLYPH_WIDTH);
	if (size > max)
		size = max;
	if (size < min)
		size = min;

	return (size);
}

/* "%.1f" into buf (NUM_LEN bytes); never "nan", "inf" or "-0.0". */
static const char *
num(char *buf, double v)
{
	if (!isfinite(v) || (v > -0.05 && v < 0.05))
		v = 0.0;
	(void)snprintf(buf, NUM_LEN, "%.1f", v);

	return (buf);
}

/* Trusted markup. */
static void
put(ol_sink_fn sink, void *arg, const char *s)
{
	sink(arg, s, strlen(s));
}

/*
 * The caller's text, escaped. ol_html_escape() leaves U+FFFE and U+FFFF
 * alone, which HTML tolerates but XML does not: they become U+FFFD here,
 * so that the chart is well-formed XML as well.
 */
static void
text(ol_sink_fn sink, void *arg, const char *s)
{
	size_t		len, off, start;

	len = strlen(s);
	start = 0;
	for (off = 0; off + 3 <= len; off++) {
		if (memcmp(s + off, "\xEF\xBF\xBE", 3) &&
		    memcmp(s + off, "\xEF\xBF\xBF", 3))
			continue;
		ol_html_escape(sink, arg, s + start, off - start);
		sink(arg, replacement, sizeof(replacement) - 1);
		start = off + 3;
		off += 2;
	}
	ol_html_escape(sink, arg, s + start, len - start);
}

/* The root element, its <title> and <desc>. */
static void
svg_open(ol_sink_fn sink, void *arg, const struct ol_chart *c,
    double height, int font)
{
	char		nh[NUM_LEN];

	(void)ol_html_format(sink, arg,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %H\" "
	    "width=\"100%%\" role=\"img\" aria-labelledby=\"%s-title",
	    OL_CHART_WIDTH, num(nh, height), c->id);
	if (c->desc != NULL)
		(void)ol_html_format(sink, arg, " %s-desc", c->id);
	(void)ol_html_format(sink, arg, "\" direction=\"%H\" "
	    "fill=\"currentColor\" font-family=\"sans-serif\" "
	    "font-size=\"%d\"><title id=\"%s-title\">",
	    c->rtl ? "rtl" : "ltr", font, c->id);
	text(sink, arg, c->title);
	put(sink, arg, "</title>");
	if (c->desc != NULL) {
		(void)ol_html_format(sink, arg, "<desc id=\"%s-desc\">",
		    c->id);
		text(sink, arg, c->desc);
		put(sink, arg, "</desc>");
	}
}

/* One pattern per bar index, as many as there are bars. */
static void
patterns_write(ol_sink_fn sink, void *arg, const struct ol_chart *c)
{
	size_t		i;

	if (c->n == 0)
		return;
	put(sink, arg, "<defs>");
	for (i = 0; i < PATTERNS && i < c->n; i++) {
		(void)ol_html_format(sink, arg, "<pattern id=\"%s-p%zu\" "
		    "width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
		    "<rect width=\"8\" height=\"8\" fill=\"%H\"/>%H</pattern>",
		    c->id, i, patterns[i].fill, patterns[i].marks);
	}
	put(sink, arg, "</defs>");
}

/* "label: value_text", the bar's own accessible name and tooltip. */
static void
bar_title(ol_sink_fn sink, void *arg, const struct ol_chart_bar *b)
{
	put(sink, arg, "<title>");
	text(sink, arg, b->label);
	put(sink, arg, ": ");
	text(sink, arg, b->value_text);
	put(sink, arg, "</title>");
}

/*
 * One row per bar: the label on the start side, the bar growing from
 * the axis, the value text past its end. The longest bar is
 * OL_CHART_BARS_LEN long; with all values 0, every bar is.
 */
int
ol_chart_bars(ol_sink_fn sink, void *arg, const struct ol_chart *c)
{
	char				 n1[NUM_LEN], n2[NUM_LEN];
	char				 n3[NUM_LEN], n4[NUM_LEN];
	const struct ol_chart_bar	*b;
	double				 max, len, axis, end, row, font;
	double				 height;
	size_t				 i, chars, rows;

	if (!chart_valid(sink, c))
		return (-1);

	max = value_max(c);
	rows = c->n > 0 ? c->n : 1;
	height = 2.0 * BARS_PAD + (double)rows * OL_CHART_BARS_ROW;
	axis = c->rtl ? OL_CHART_WIDTH - OL_CHART_BARS_LABEL :
	    OL_CHART_BARS_LABEL;

	/* One size for all labels, the longest fitting if it can. */
	chars = 0;
	for (i = 0; i < c->n; i++) {
		if (text_chars(c->bars[i].label) > chars)
			chars = text_chars(c->bars[i].label);
	}
	font = font_fit(chars, OL_CHART_BARS_LABEL - 2 * TEXT_GAP, BARS_FONT,
	    BARS_FONT_MIN);

	svg_open(sink, arg, c, height, BARS_FONT);
	patterns_write(sink, arg, c);
	(void)ol_html_format(sink, arg, "<line x1=\"%H\" y1=\"%d\" "
	    "x2=\"%H\" y2=\"%H\" stroke=\"currentColor\"/>", num(n1, axis),
	    BARS_PAD, num(n2, axis), num(n3, height - BARS_PAD));

	for (i = 0; i < c->n; i++) {
		b = &c->bars[i];
		len = max > 0.0 ? value_of(b->value) / max * OL_CHART_BARS_LEN :
		    0.0;
		end = c->rtl ? axis - len : axis + len;
		row = BARS_PAD + (double)i * OL_CHART_BARS_ROW;

		put(sink, arg, "<g>");
		bar_title(sink, arg, b);

		(void)ol_html_format(sink, arg, "<text x=\"%H\" y=\"%H\" "
		    "dy=\"0.35em\" text-anchor=\"end\" font-size=\"%H\">",
		    num(n1, c->rtl ? axis + TEXT_GAP : axis - TEXT_GAP),
		    num(n2, row + OL_CHART_BARS_ROW / 2.0), num(n3, font));
		text(sink, arg, b->label);
		put(sink, arg, "</text>");

		(void)ol_html_format(sink, arg, "<rect x=\"%H\" y=\"%H\" "
		    "width=\"%H\" height=\"%d\" fill=\"url(#%s-p%zu)\"/>",
		    num(n1, c->rtl ? end : axis),
		    num(n2, row + (OL_CHART_BARS_ROW - BARS_BAR) / 2.0),
		    num(n3, len), BARS_BAR, c->id, i % PATTERNS);

		(void)ol_html_format(sink, arg, "<text x=\"%H\" y=\"%H\" "
		    "dy=\"0.35em\" text-anchor=\"start\">",
		    num(n1, c->rtl ? end - TEXT_GAP : end + TEXT_GAP),
		    num(n4, row + OL_CHART_BARS_ROW / 2.0));
		text(sink, arg, b->value_text);
		put(sink, arg, "</text></g>");
	}

	put(sink, arg, "</svg>");

	return (0);
}

/*
 * One column per bar, in a slot of equal width, the first on the start
 * side; value texts above the columns (turned a quarter when too wide for
 * a slot), labels under every label_every-th column. The longest column
 * takes the plot's full height.
 */
int
ol_chart_columns(ol_sink_fn sink, void *arg, const struct ol_chart *c)
{
	char				 n1[NUM_LEN], n2[NUM_LEN];
	char				 n3[NUM_LEN], n4[NUM_LEN];
	const struct ol_chart_bar	*b;
	double				 max, slot, top, base, plot, h, x, cx;
	double				 vfont, lfont, y, w;
	size_t				 i, pos, every, vchars, lchars;
	int				 turn;

	if (!chart_valid(sink, c))
		return (-1);

	max = value_max(c);
	every = c->label_every > 1 ? c->label_every : 1;
	slot = (OL_CHART_WIDTH - 2.0 * COLS_PAD) / (double)(c->n > 0 ?
	    c->n : 1);

	vchars = 0;
	lchars = 0;
	for (i = 0; i < c->n; i++) {
		if (text_chars(c->bars[i].value_text) > vchars)
			vchars = text_chars(c->bars[i].value_text);
		if (i % every == 0 && text_chars(c->bars[i].label) > lchars)
			lchars = text_chars(c->bars[i].label);
	}

	/* Values across the slot if they fit, else along the column. */
	vfont = COLS_FONT;
	turn = 0;
	if ((double)vchars * GLYPH_WIDTH * COLS_FONT > slot * 0.95) {
		turn = 1;
		vfont = slot * 0.8 < COLS_FONT ? slot * 0.8 : COLS_FONT;
		top = (double)vchars * GLYPH_WIDTH * vfont;
		if (top > COLS_TOP_MAX)
			top = COLS_TOP_MAX;
		top += TEXT_GAP;
	} else {
		top = vfont + TEXT_GAP;
	}
	lfont = font_fit(lchars, slot * (double)every * 0.95, COLS_FONT,
	    COLS_FONT_MIN);
	base = OL_CHART_COLUMNS_HEIGHT - COLS_LABELS;
	plot = base - top;

	svg_open(sink, arg, c, OL_CHART_COLUMNS_HEIGHT, COLS_FONT);
	(void)ol_html_format(sink, arg, "<line x1=\"%d\" y1=\"%H\" "
	    "x2=\"%d\" y2=\"%H\" stroke=\"currentColor\"/>", COLS_PAD,
	    num(n1, base), OL_CHART_WIDTH - COLS_PAD, num(n2, base));

	for (i = 0; i < c->n; i++) {
		b = &c->bars[i];
		pos = c->rtl ? c->n - 1 - i : i;
		x = COLS_PAD + (double)pos * slot;
		cx = x + slot / 2.0;
		h = max > 0.0 ? value_of(b->value) / max * plot : 0.0;

		put(sink, arg, "<g>");
		bar_title(sink, arg, b);

		(void)ol_html_format(sink, arg, "<rect x=\"%H\" y=\"%H\" "
		    "width=\"%H\" height=\"%H\" fill=\"%H\"/>",
		    num(n1, x + slot * 0.1), num(n2, base - h),
		    num(n3, slot * 0.8), num(n4, h), COLS_FILL);

		y = base - h - TEXT_GAP;
		if (turn) {
			/* Read upwards from the column, either way. */
			(void)ol_html_format(sink, arg, "<text x=\"%H\" "
			    "y=\"%H\" dy=\"0.35em\" text-anchor=\"%H\" "
			    "font-size=\"%H\" transform=\"rotate(-90 %H %H)\">",
			    num(n1, cx), num(n2, y), c->rtl ? "end" : "start",
			    num(n3, vfont), n1, n2);
		} else {
			(void)ol_html_format(sink, arg, "<text x=\"%H\" "
			    "y=\"%H\" text-anchor=\"middle\">", num(n1, cx),
			    num(n2, y));
		}
		text(sink, arg, b->value_text);
		put(sink, arg, "</text>");

		if (i % every == 0) {
			/* Kept inside the picture at either end. */
			w = (double)text_chars(b->label) * GLYPH_WIDTH * lfont;
			if (cx - w / 2.0 < COLS_PAD)
				cx = COLS_PAD + w / 2.0;
			if (cx + w / 2.0 > OL_CHART_WIDTH - COLS_PAD)
				cx = OL_CHART_WIDTH - COLS_PAD - w / 2.0;
			(void)ol_html_format(sink, arg, "<text x=\"%H\" "
			    "y=\"%H\" text-anchor=\"middle\" font-size=\"%H\">",
			    num(n1, cx), num(n2, base + 4.0 + lfont),
			    num(n3, lfont));
			text(sink, arg, b->label);
			put(sink, arg, "</text>");
		}
		put(sink, arg, "</g>");
	}

	put(sink, arg, "</svg>");

	return (0);
}
