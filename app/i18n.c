/*
 * Interface language per request, through gettext, inside one worker that
 * serves many users. glibc honours LANGUAGE under the C.UTF-8 locale (so no
 * system locale needs generating) and re-reads its choice when
 * _nl_msg_cat_cntr moves. The parent loads every catalogue once before the
 * workers are forked and confined; they inherit them, and never touch the
 * catalogue files again.
 */

#include <stdlib.h>
#include <string.h>

#include "octolearn.h"

#define OL_TEXTDOMAIN	"octolearn"

extern int	_nl_msg_cat_cntr;

struct lang {
	const char	*code;
	const char	*dir;
	const char	*name;		/* in its own language */
	const char	*here;		/* its name, to translate (NC_) */
};

/* The interface languages; right-to-left scripts say so. */
static const struct lang	*lang_find(const char *);
static const char		*i18n_stored(const char *);

static const struct lang	langs[] = {
	{ "en", "ltr", "English", NC_("language", "English") },
	{ "fr", "ltr", "Français", NC_("language", "French") },
	{ "de", "ltr", "Deutsch", NC_("language", "German") },
	{ "es", "ltr", "Español", NC_("language", "Spanish") },
	{ "pt", "ltr", "Português", NC_("language", "Portuguese") },
	{ "it", "ltr", "Italiano", NC_("language", "Italian") },
	{ "ru", "ltr", "Русский", NC_("language", "Russian") },
	{ "uk", "ltr", "Українська", NC_("language", "Ukrainian") },
	{ "ar", "rtl", "العربية", NC_("language", "Arabic") },
	{ "tr", "ltr", "Türkçe", NC_("language", "Turkish") },
	{ "ro", "ltr", "Română", NC_("language", "Romanian") },
	{ "pl", "ltr", "Polski", NC_("language", "Polish") },
	{ "ka", "ltr", "ქართული", NC_("language", "Georgian") },
	{ "hy", "ltr", "Հայերեն", NC_("language", "Armenian") },
	{ "az", "ltr", "Azərbaycanca", NC_("language", "Azerbaijani") },
	{ "sr", "ltr", "Српски", NC_("language", "Serbian") },
	{ "sq", "ltr", "Shqip", NC_("language", "Albanian") },
	{ "mk", "ltr", "Македонски", NC_("language", "Macedonian") },
	{ "el", "ltr", "Ελληνικά", NC_("language", "Greek") },
	{ "nl", "ltr", "Nederlands", NC_("language", "Dutch") },
	{ NULL, NULL, NULL, NULL }
};

/* The date patterns, by month. */
static const char	*months[12] = {
	/* TRANSLATORS: a date. Keep {day} and {year}; write the month as a
	 * date needs it (genitive where the language uses one) and in the
	 * language's order, e.g. "{day}. Januar {year}", "{day} января
	 * {year}". */
	NC_("date", "{day} January {year}"),
	NC_("date", "{day} February {year}"),
	NC_("date", "{day} March {year}"),
	NC_("date", "{day} April {year}"),
	NC_("date", "{day} May {year}"),
	NC_("date", "{day} June {year}"),
	NC_("date", "{day} July {year}"),
	NC_("date", "{day} August {year}"),
	NC_("date", "{day} September {year}"),
	NC_("date", "{day} October {year}"),
	NC_("date", "{day} November {year}"),
	NC_("date", "{day} December {year}"),
};

void
ol_i18n_init(const char *dir)
{
	const char	*header = "";
	int		i;

	if (bindtextdomain(OL_TEXTDOMAIN, dir) == NULL ||
	    bind_textdomain_codeset(OL_TEXTDOMAIN, "UTF-8") == NULL ||
	    textdomain(OL_TEXTDOMAIN) == NULL)
		fatal("cannot set up gettext for %s", dir);

	/* The header entry ("") makes gettext load the catalogue. */
	for (i = 0; langs[i].code != NULL; i++) {
		ol_i18n_set(langs[i].code);
		(void)gettext(header);
	}

	ol_i18n_set("en");
}

/*
 * A request's language is settled in steps (tenant, then user); gettext
 * drops its lookups whenever the counter moves, so it moves only when the
 * language changes.
 */
void
ol_i18n_set(const char *lang)
{
	static char	current[OL_LANG_MAX];

	if (!strcmp(current, lang))
		return;
	if (setenv("LANGUAGE", lang, 1) == -1)
		fatal("setenv(LANGUAGE): %s", errno_s);
	++_nl_msg_cat_cntr;
	(void)kore_strlcpy(current, lang, sizeof(current));
}

static const struct lang *
lang_find(const char *code)
{
	int		i;

	for (i = 0; langs[i].code != NULL; i++) {
		if (!strcmp(langs[i].code, code))
			return (&langs[i]);
	}

	return (NULL);
}

int
ol_i18n_known(const char *lang)
{
	return (lang_find(lang) != NULL);
}

/* The table's own copy of a known code (it outlives the request). */
const char *
ol_i18n_canon(const char *lang)
{
	const struct lang	*l;

	return ((l = lang_find(lang)) != NULL ? l->code : NULL);
}

/* A message marked with NC_() (context\004message), translated. */
static const char *
i18n_stored(const char *id)
{
	return (ol_pgettext(id, strchr(id, '\004') + 1));
}

/* pgettext(): id is "context\004message"; s is the message alone. */
const char *
ol_pgettext(const char *id, const char *s)
{
	const char	*t;

	t = gettext(id);

	return (t == id ? s : t);
}

/* A whole percentage ("85") as the language writes it; "" stays "". */
void
ol_i18n_percent(const char *num, char *buf, size_t len)
{
	if (num[0] == '\0') {
		buf[0] = '\0';
		return;
	}

	/* TRANSLATORS: a percentage, e.g. "85 %" or "%85". */
	(void)snprintf(buf, len, C_("number", "%s%%"), num);
}

/* A whole number with the language's digit grouping ("12,345"). */
void
ol_i18n_number(int64_t v, char *buf, size_t len)
{
	char		digits[24];
	const char	*sep;
	size_t		n, i, off, slen, lead;

	/* TRANSLATORS: what groups thousands in numbers: "," in English,
	   a no-break space in French, "." in German. */
	sep = C_("thousands separator", ",");
	slen = strlen(sep);
	n = (size_t)snprintf(digits, sizeof(digits), "%lld", (long long)v);
	lead = digits[0] == '-';

	off = 0;
	for (i = 0; i < n && off + 1 < len; i++) {
		if (i > lead && (n - i) % 3 == 0 && off + slen + 1 < len) {
			memcpy(buf + off, sep, slen);
			off += slen;
		}
		buf[off++] = digits[i];
	}
	buf[off] = '\0';
}

/*
 * A date ("YYYY-MM-DD", optionally followed by " HH:MM" or an ISO 8601
 * "THH:MM...") as the language
 * writes it, from the catalogue's pattern for its month; the time is
 * kept as it is (24-hour clocks everywhere the platform is used).
 */
void
ol_i18n_date(const char *iso, char *buf, size_t len)
{
	const char	*pattern, *p, *time;
	char		day[4], year[8], mon[4];
	size_t		off, n;
	int		month, err;

	if (strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-') {
		(void)kore_strlcpy(buf, iso, len);
		return;
	}
	(void)snprintf(year, sizeof(year), "%.4s", iso);
	(void)snprintf(day, sizeof(day), "%.2s", iso + 8);
	(void)snprintf(mon, sizeof(mon), "%.2s", iso + 5);
	month = kore_strtonum(mon, 10, 1, 12, &err);
	if (err != KORE_RESULT_OK) {
		(void)kore_strlcpy(buf, iso, len);
		return;
	}
	if (day[0] == '0')
		memmove(day, day + 1, 2);

	pattern = i18n_stored(months[month - 1]);

	off = 0;
	buf[0] = '\0';
	for (p = pattern; *p != '\0' && off + 1 < len; ) {
		if (!strncmp(p, "{day}", 5) || !strncmp(p, "{year}", 6)) {
			n = kore_strlcpy(buf + off, p[1] == 'd' ? day : year,
			    len - off);
			off = n >= len - off ? len - 1 : off + n;
			p += p[1] == 'd' ? 5 : 6;
			continue;
		}
		buf[off++] = *p++;
		buf[off] = '\0';
	}

	time = iso + 10;
	if ((*time == ' ' || *time == 'T') && strlen(time) >= 6 &&
	    off + 7 < len)
		(void)snprintf(buf + off, len - off, " %.5s", time + 1);
}

const char *
ol_i18n_dir(const char *lang)
{
	const struct lang	*l;

	return ((l = lang_find(lang)) != NULL ? l->dir : "ltr");
}

/* The language's own name for itself, or the code when it is unknown. */
const char *
ol_i18n_name(const char *lang)
{
	const struct lang	*l;

	return ((l = lang_find(lang)) != NULL ? l->name : lang);
}

/*
 * The language's name in the interface language, for sentences ("It is
 * shown in French"); switches show each language's own name instead.
 */
const char *
ol_i18n_name_here(const char *lang)
{
	const struct lang	*l;

	if ((l = lang_find(lang)) == NULL)
		return (lang);

	return (i18n_stored(l->here));
}

/* The i-th interface language's code, in the table's order; NULL past it. */
const char *
ol_i18n_code(int i)
{
	if (i < 0 || (size_t)i >= sizeof(langs) / sizeof(langs[0]))
		return (NULL);

	return (langs[i].code);
}
