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

/* The i-th interface language's code, in the table's order; NULL past it. */
const char *
ol_i18n_code(int i)
{
	if (i < 0 || (size_t)i >= sizeof(langs) / sizeof(langs[0]))
		return (NULL);

	return (langs[i].code);
}
