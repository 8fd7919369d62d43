"""The interface language over HTTP, against the compiled catalogues.

Every one of the 20 interface languages is chosen by Accept-Language (a
region falling back to its language), by ?lang= and by the user's saved
choice, in that order of strength the other way round: saved choice, then
?lang=, then Accept-Language, then the tenant's default, and only
languages the tenant offers. Pages say their language and direction;
counts take the plural form of their language (1, 2, 5, 21 in Russian and
Arabic); dates and percentages are written as the language writes them.
The expected texts come from the .mo files the server itself loads, read
here with Python's own gettext."""

import html
import re

import pytest
import requests

from conftest import catalogue_of, form_csrf, sign_in

LANGS = ["en", "fr", "de", "es", "pt", "it", "ru", "uk", "ar", "tr", "ro",
         "pl", "ka", "hy", "az", "sr", "sq", "mk", "el", "nl"]
TENANT = "polyglot"
ADMIN = ("admin@polyglot.example", "polyglot-admin-2026")
LEARNER = ("learner@polyglot.example", "polyglot-learner-2026")
# Counts of resources made for the plural tests, one tag per count.
COUNTS = (1, 2, 5, 21)


def text(page):
    """A page's text as a reader sees it (entities decoded)."""
    return html.unescape(page)


def html_lang(page):
    m = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', page)
    assert m, page[:200]
    return m.group(1), m.group(2)


@pytest.fixture(scope="module")
def polyglot(pg, server):
    """A tenant offering all 20 languages, English by default."""
    pg.admin("tenant", "create", TENANT, "Polyglot Academy", "--lang", "en",
             "--languages", ",".join(LANGS), "--if-missing")
    for (email, password), roles in ((ADMIN, "tenant_admin"),
                                     (LEARNER, "learner")):
        pg.admin("user", "add", "--tenant", TENANT, "--email", email,
                 "--name", email.split("@")[0].title(), "--roles", roles,
                 "--if-missing", env={"OCTOLEARN_PASSWORD": password})
    pg.query("UPDATE users SET lang = NULL WHERE email LIKE "
             "'%%@polyglot.example'")
    return TENANT


def signin_page(server, headers=None, query="", session=None):
    s = session or requests.Session()
    r = s.get(f"{server.url}/t/{TENANT}/signin{query}",
              headers=headers or {})
    assert r.status_code == 200, r.status_code
    return r


def assert_in_language(page, lang, *msgids):
    t = catalogue_of(lang)
    got_lang, got_dir = html_lang(page)
    assert got_lang == lang
    assert got_dir == ("rtl" if lang == "ar" else "ltr")
    for msgid in msgids:
        assert t.gettext(msgid) in text(page), (lang, t.gettext(msgid))
    # Some words are the same in two languages (it "Password"), not all.
    if lang != "en":
        assert any(t.gettext(m) != m for m in msgids), (lang, msgids)


@pytest.mark.parametrize("lang", LANGS)
def test_accept_language_chooses(server, polyglot, lang):
    # A region the platform does not know falls back to the language;
    # a preferred language the tenant does not offer is passed over.
    r = signin_page(server, {"Accept-Language":
                             f"zu, {lang}-ZZ;q=0.8, en;q=0.1"})
    assert_in_language(r.text, lang, "Sign in", "Email address",
                       "Password")
    assert r.headers["content-language"] == lang


@pytest.mark.parametrize("lang", LANGS)
def test_query_chooses_and_is_remembered(server, polyglot, lang):
    s = requests.Session()
    r = signin_page(server, {"Accept-Language": "de"}, f"?lang={lang}",
                    session=s)
    assert_in_language(r.text, lang, "Sign in", "Password")
    # The visitor's browser keeps it for the next pages.
    assert s.cookies.get("octolearn_lang") == lang
    again = signin_page(server, {"Accept-Language": "de"}, session=s)
    assert html_lang(again.text)[0] == lang


@pytest.fixture(scope="module")
def learner(server, pg, polyglot):
    pg.query("DELETE FROM signin_failures")
    s, r = sign_in(server, *LEARNER, tenant=TENANT)
    assert r.status_code == 303
    yield s
    pg.query("UPDATE users SET lang = NULL WHERE email = %s",
             (LEARNER[0],))


@pytest.fixture(autouse=True)
def no_saved_choice(pg):
    """Each test starts with no language saved for the learner."""
    pg.query("UPDATE users SET lang = NULL WHERE email = %s",
             (LEARNER[0],))


def choose(server, s, lang, back=None):
    page = s.get(f"{server.url}/t/{TENANT}/dashboard")
    data = {"csrf": form_csrf(page.text), "lang": lang,
            "back": back or f"/t/{TENANT}/dashboard"}
    return s.post(f"{server.url}/t/{TENANT}/account/language", data=data,
                  allow_redirects=False)


@pytest.mark.parametrize("lang", LANGS)
def test_saved_choice_wins(server, pg, learner, lang):
    r = choose(server, learner, lang)
    assert r.status_code == 303, r.text
    assert r.headers["location"] == f"/t/{TENANT}/dashboard"
    assert pg.query("SELECT lang FROM users WHERE email = %s",
                    (LEARNER[0],))[0][0] == lang
    # Stronger than ?lang= and Accept-Language, on pages and in the API.
    other = "de" if lang != "de" else "fr"
    page = learner.get(f"{server.url}/t/{TENANT}/dashboard?lang={other}",
                       headers={"Accept-Language": other})
    assert_in_language(page.text, lang, "My learning", "Catalogue",
                       "Sign out")
    api = learner.get(f"{server.url}/api/v1/tenants/{TENANT}/users",
                      headers={"Accept-Language": other})
    assert api.status_code == 403
    assert api.json()["error"]["message"] == catalogue_of(lang).gettext(
        "You do not have access to this page.")


def test_order_and_what_the_tenant_offers(server, pg, polyglot):
    # The demo tenant offers en, fr, es (English by default).
    url = f"{server.url}/t/demo/signin"

    def lang_of(headers=None, query=""):
        r = requests.get(url + query, headers=headers or {})
        assert r.status_code == 200
        return html_lang(r.text)[0]

    assert lang_of() == "en"
    assert lang_of({"Accept-Language": "de"}) == "en"
    assert lang_of({"Accept-Language": "de, es;q=0.2"}) == "es"
    assert lang_of({"Accept-Language": "es;q=0.5, fr;q=0.8"}) == "fr"
    assert lang_of({"Accept-Language": "fr-CA"}) == "fr"
    assert lang_of({"Accept-Language": "fr;q=0, es-MX;q=0.1"}) == "es"
    assert lang_of({"Accept-Language": "*"}) == "en"
    # Malformed headers are passed over, never an error.
    for bad in ("fr;q=2", ";;;,,,", "x" * 300, "fr-" * 40, "q=1;fr"):
        assert lang_of({"Accept-Language": bad}) == "en"
    # ?lang= beats Accept-Language; one the tenant lacks is ignored.
    assert lang_of({"Accept-Language": "fr"}, "?lang=es") == "es"
    assert lang_of({"Accept-Language": "fr"}, "?lang=de") == "fr"
    assert lang_of({}, "?lang=EN") == "en"
    assert lang_of({"Accept-Language": "es"}, "?lang=fr%2F") == "es"
    assert lang_of({"Accept-Language": "es"}, "?lang=fr&lang=en") == "fr"
    # The tenant's default when nothing else says.
    pg.query("UPDATE tenants SET default_lang = 'fr' WHERE slug = 'demo'")
    try:
        assert lang_of() == "fr"
        assert lang_of({"Accept-Language": "ru"}) == "fr"
    finally:
        pg.query("UPDATE tenants SET default_lang = 'en' "
                 "WHERE slug = 'demo'")


def test_saved_choice_cleared_and_refused(server, pg, learner):
    assert choose(server, learner, "ru").status_code == 303
    # Back to the browser's language.
    r = choose(server, learner, "")
    assert r.status_code == 303
    assert pg.query("SELECT lang FROM users WHERE email = %s",
                    (LEARNER[0],))[0][0] is None
    page = learner.get(f"{server.url}/t/{TENANT}/dashboard",
                       headers={"Accept-Language": "uk"})
    assert html_lang(page.text)[0] == "uk"

    # A language the tenant does not offer: 400, in the user's language,
    # nothing saved.
    for bad in ("zu", "EN", "e", "fr-CA", "<b>"):
        r = choose(server, learner, bad)
        assert r.status_code == 400, bad
        assert html_lang(r.text)[0] == "en"
        assert "This institution does not offer that language." in \
            text(r.text)
    assert pg.query("SELECT lang FROM users WHERE email = %s",
                    (LEARNER[0],))[0][0] is None

    # The way back is a page of this tenant only.
    for back in ("//evil.example/", "https://evil.example/",
                 "/t/demo/dashboard", "/t/polyglot/../../x",
                 "/t/polyglot/\\evil", "/t/polyglot//evil.example"):
        r = choose(server, learner, "fr", back=back)
        assert r.status_code == 303
        assert r.headers["location"] == f"/t/{TENANT}/", back
    choose(server, learner, "")

    # Without the form's token, or signed out: refused.
    r = learner.post(f"{server.url}/t/{TENANT}/account/language",
                     data={"lang": "fr"}, allow_redirects=False)
    assert r.status_code == 403
    r = requests.post(f"{server.url}/t/{TENANT}/account/language",
                      data={"lang": "fr"}, allow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/t/{TENANT}/signin"


def test_switch_on_pages(server, pg, learner, polyglot):
    # Visitors: links to each offered language, in that language.
    page = requests.get(f"{server.url}/t/{TENANT}/signin").text
    for lang in LANGS:
        if lang == "en":
            continue
        assert re.search(rf'<a href="/t/{TENANT}/signin\?lang={lang}" '
                         rf'hreflang="{lang}" lang="{lang}"', page), lang
    # Signed-in users: a form that saves the choice.
    page = learner.get(f"{server.url}/t/{TENANT}/dashboard").text
    assert f'action="/t/{TENANT}/account/language"' in page
    assert '<button type="submit" name="lang" value="ar" lang="ar" ' \
           'dir="rtl">العربية</button>' in page
    # Outside any tenant, all 20; one language offered: nothing to choose.
    page = requests.get(f"{server.url}/").text
    assert len(re.findall(r'<a href="/\?lang=', page)) == 19
    pg.admin("tenant", "create", "monolingual", "Monolingual School",
             "--lang", "fr", "--languages", "fr", "--if-missing")
    r = requests.get(f"{server.url}/t/monolingual/signin",
                     headers={"Accept-Language": "de"})
    assert html_lang(r.text)[0] == "fr"
    assert 'class="lang-switch"' not in r.text


@pytest.fixture(scope="module")
def counted(server, pg, polyglot):
    """1, 2, 5 and 21 published links, each group with its own tag."""
    pg.query("DELETE FROM signin_failures")
    s, r = sign_in(server, *ADMIN, tenant=TENANT)
    assert r.status_code == 303
    api = f"{server.url}/api/v1/tenants/{TENANT}"
    s.headers["X-CSRF-Token"] = s.get(f"{api}/me").json()["csrf_token"]
    for n in COUNTS:
        for i in range(n):
            r = s.post(f"{api}/resources", json={
                "kind": "link", "lang": "en", "title": f"Link {n}.{i}",
                "url": f"https://example.org/{n}/{i}", "tags": [f"n{n}"]})
            assert r.status_code == 201, r.text
            r = s.patch(f"{api}/resources/{r.json()['id']}",
                        json={"published": True})
            assert r.status_code == 200, r.text
    return s


@pytest.mark.parametrize("lang", ["ru", "ar", "pl", "uk", "fr", "en"])
def test_plural_forms(server, learner, counted, lang):
    t = catalogue_of(lang)
    forms = {}
    for n in COUNTS:
        page = learner.get(f"{server.url}/t/{TENANT}/catalogue?tag=n{n}"
                           f"&lang={lang}").text
        m = re.search(r'<p class="count" id="count" role="status">(.*?)</p>',
                      page)
        assert m, (lang, n)
        got = text(m.group(1))
        assert got == t.ngettext("%d resource found.",
                                 "%d resources found.", n) % n
        assert str(n) in got
        forms[n] = got.replace(str(n), "#")
    if lang == "ru":
        # 1 and 21 alike (ресурс), 2 (ресурса) and 5 (ресурсов) apart.
        assert forms[1] == forms[21]
        assert len({forms[1], forms[2], forms[5]}) == 3
    if lang == "ar":
        # One, two, few (3-10), many (11-99): four different forms.
        assert len(set(forms.values())) == 4


@pytest.mark.parametrize("lang,want", [
    ("en", "23 November 2026"), ("fr", "23 novembre 2026"),
    ("de", "23. November 2026"), ("ru", "23 ноября 2026"),
    ("pl", "23 listopada 2026"), ("nl", "23 november 2026"),
])
def test_dates_follow_the_language(server, pg, learner, counted, lang,
                                   want):
    # A token made on a known day, shown on the tokens page.
    pg.query("DELETE FROM api_tokens WHERE name = 'dated'")
    pg.query("INSERT INTO api_tokens (tenant_id, user_id, name, "
             "token_hash, created_at) SELECT u.tenant_id, u.id, 'dated', "
             "repeat('d', 64), '2026-11-23 09:05:00+00' FROM users u "
             "WHERE u.email = %s", (LEARNER[0],))
    page = learner.get(f"{server.url}/t/{TENANT}/account/tokens"
                       f"?lang={lang}").text
    assert html_lang(page)[0] == lang
    assert f"{want} 09:05" in text(page)


@pytest.mark.parametrize("lang,want", [
    ("en", ("85%",)), ("fr", ("85\u00a0%", "85\u202f%")),
    ("de", ("85\u00a0%", "85\u202f%")), ("tr", ("%85",)),
])
def test_percent_follows_the_language(server, pg, learner, counted, lang,
                                      want):
    # A score on the learner's dashboard, as the language writes it.
    pg.query("DELETE FROM progress WHERE user_id = (SELECT id FROM users "
             "WHERE email = %s)", (LEARNER[0],))
    pg.query("INSERT INTO progress (tenant_id, user_id, resource_id, lang, "
             "status, score, total_cs) SELECT u.tenant_id, u.id, "
             "(SELECT min(id) FROM resources r WHERE r.tenant_id = "
             "u.tenant_id), 'en', 'passed', 0.85, 6000 FROM users u "
             "WHERE u.email = %s", (LEARNER[0],))
    page = learner.get(f"{server.url}/t/{TENANT}/dashboard?lang={lang}")
    assert html_lang(page.text)[0] == lang
    row = re.search(r'<tr data-resource="\d+" data-status="passed">(.*?)'
                    r'</tr>', page.text)
    assert row, page.text
    cells = [text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>",
                                         row.group(1))]
    assert cells[2] in want, cells
    assert cells[1] == catalogue_of(lang).pgettext("progress", "Passed")
