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
};

/* The interface languages; right-to-left scripts say so. */
static const struct lang	*lang_find(const char *);

static const struct lang	langs[] = {
	{ "en", "ltr", "English" },
	{ "fr", "ltr", "Français" },
	{ "de", "ltr", "Deutsch" },
	{ "es", "ltr", "Español" },
	{ "pt", "ltr", "Português" },
	{ "it", "ltr", "Italiano" },
	{ "ru", "ltr", "Русский" },
	{ "uk", "ltr", "Українська" },
	{ "ar", "rtl", "العربية" },
	{ "tr", "ltr", "Türkçe" },
	{ "ro", "ltr", "Română" },
	{ "pl", "ltr", "Polski" },
	{ "ka", "ltr", "ქართული" },
	{ "hy", "ltr", "Հայերեն" },
	{ "az", "ltr", "Azərbaycanca" },
	{ "sr", "ltr", "Српски" },
	{ "sq", "ltr", "Shqip" },
	{ "mk", "ltr", "Македонски" },
	{ "el", "ltr", "Ελληνικά" },
	{ "nl", "ltr", "Nederlands" },
	{ NULL, NULL, NULL }
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

void
ol_i18n_set(const char *lang)
{
	if (setenv("LANGUAGE", lang, 1) == -1)
		fatal("setenv(LANGUAGE): %s", errno_s);
	++_nl_msg_cat_cntr;
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

	switch (month) {
	case 1:
		/* TRANSLATORS: a date. Keep {day} and {year}; write the
		 * month as a date needs it (genitive where the language uses
		 * one) and in the language's order, e.g. "{day}. Januar
		 * {year}", "{day} января {year}". */
		pattern = C_("date", "{day} January {year}");
		break;
	case 2:
		pattern = C_("date", "{day} February {year}");
		break;
	case 3:
		pattern = C_("date", "{day} March {year}");
		break;
	case 4:
		pattern = C_("date", "{day} April {year}");
		break;
	case 5:
		pattern = C_("date", "{day} May {year}");
		break;
	case 6:
		pattern = C_("date", "{day} June {year}");
		break;
	case 7:
		pattern = C_("date", "{day} July {year}");
		break;
	case 8:
		pattern = C_("date", "{day} August {year}");
		break;
	case 9:
		pattern = C_("date", "{day} September {year}");
		break;
	case 10:
		pattern = C_("date", "{day} October {year}");
		break;
	case 11:
		pattern = C_("date", "{day} November {year}");
		break;
	default:
		pattern = C_("date", "{day} December {year}");
		break;
	}

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
	if (!strcmp(lang, "en"))
		return (C_("language", "English"));
	if (!strcmp(lang, "fr"))
		return (C_("language", "French"));
	if (!strcmp(lang, "de"))
		return (C_("language", "German"));
	if (!strcmp(lang, "es"))
		return (C_("language", "Spanish"));
	if (!strcmp(lang, "pt"))
		return (C_("language", "Portuguese"));
	if (!strcmp(lang, "it"))
		return (C_("language", "Italian"));
	if (!strcmp(lang, "ru"))
		return (C_("language", "Russian"));
	if (!strcmp(lang, "uk"))
		return (C_("language", "Ukrainian"));
	if (!strcmp(lang, "ar"))
		return (C_("language", "Arabic"));
	if (!strcmp(lang, "tr"))
		return (C_("language", "Turkish"));
	if (!strcmp(lang, "ro"))
		return (C_("language", "Romanian"));
	if (!strcmp(lang, "pl"))
		return (C_("language", "Polish"));
	if (!strcmp(lang, "ka"))
		return (C_("language", "Georgian"));
	if (!strcmp(lang, "hy"))
		return (C_("language", "Armenian"));
	if (!strcmp(lang, "az"))
		return (C_("language", "Azerbaijani"));
	if (!strcmp(lang, "sr"))
		return (C_("language", "Serbian"));
	if (!strcmp(lang, "sq"))
		return (C_("language", "Albanian"));
	if (!strcmp(lang, "mk"))
		return (C_("language", "Macedonian"));
	if (!strcmp(lang, "el"))
		return (C_("language", "Greek"));
	if (!strcmp(lang, "nl"))
		return (C_("language", "Dutch"));
	return (ol_i18n_name(lang));
}

/* The i-th interface language's code, in the table's order; NULL past it. */
const char *
ol_i18n_code(int i)
{
	if (i < 0 || (size_t)i >= sizeof(langs) / sizeof(langs[0]))
		return (NULL);

	return (langs[i].code);
}
