"""Platform admins create, rename, change the languages of, disable and
enable tenants, on pages and through the JSON API; every change shows on
the public face (/api/v1/tenants, /t/<slug>/). Nobody else reaches these
addresses (404 when signed in, 401 or sign-in when not), bad input
changes nothing, and the role itself can only come from octolearn-admin."""

import re

import psycopg2
import pytest
import requests

from conftest import form_csrf, sign_in

PLATFORM = ("platform@demo.example", "demo-platform-2026")
ADMIN = ("admin@demo.example", "demo-admin-2026")
LEARNER = ("learner1@demo.example", "demo-learner-2026")

API = "/api/v1/tenants/demo/platform/tenants"
PAGE = "/t/demo/platform/tenants"


OURS = "(SELECT id FROM tenants WHERE slug LIKE 'plat-' || %s)"


@pytest.fixture(autouse=True)
def clean(pg):
    pg.query("DELETE FROM signin_failures")
    pg.query("UPDATE users SET disabled = false")
    pg.query("UPDATE tenants SET enabled = true WHERE slug = 'demo'")
    yield
    # What the tests made goes (the owner may delete; the server cannot).
    for table in ("sessions", "user_roles", "users", "signin_failures"):
        pg.query(f"DELETE FROM {table} WHERE tenant_id IN {OURS}", ("%",))
    pg.query("DELETE FROM tenants WHERE slug LIKE 'plat-' || %s", ("%",))
    pg.query("UPDATE tenants SET enabled = true WHERE slug = 'demo'")


def api_session(server, who, tenant="demo"):
    s, r = sign_in(server, *who, tenant=tenant)
    assert r.status_code == 303, r.status_code
    me = s.get(f"{server.url}/api/v1/tenants/{tenant}/me")
    assert me.status_code == 200
    s.headers["X-CSRF-Token"] = me.json()["csrf_token"]
    return s


def page_session(server, who):
    s, r = sign_in(server, *who)
    assert r.status_code == 303, r.status_code
    return s


def public(server, slug):
    """The tenant as the public API shows it, None when it is not there."""
    r = requests.get(f"{server.url}/api/v1/tenants/{slug}", timeout=10)
    if r.status_code == 404:
        return None
    assert r.status_code == 200
    return r.json()


def public_slugs(server):
    r = requests.get(server.url + "/api/v1/tenants", timeout=10)
    return [t["slug"] for t in r.json()["tenants"]]


def home_status(server, slug):
    return requests.get(f"{server.url}/t/{slug}/", timeout=10,
                        allow_redirects=False).status_code


def tenant_row(pg, slug):
    rows = pg.query("SELECT name, default_lang, languages, enabled FROM "
                    "tenants WHERE slug = %s", (slug,))
    return rows[0] if rows else None


def multipart(fields):
    """A form as the browser sends it (the tenant forms are multipart):
    a list of (name, value), names repeated for the checkboxes."""
    return [(k, (None, v)) for k, v in fields]


# The API.

def test_api_lists_every_tenant(server, pg):
    pg.admin("tenant", "create", "plat-off", "Switched Off Institute")
    pg.admin("tenant", "disable", "plat-off")
    s = api_session(server, PLATFORM)
    r = s.get(server.url + API)
    assert r.status_code == 200
    tenants = {t["slug"]: t for t in r.json()["tenants"]}
    assert tenants["demo"] == {
        "slug": "demo", "name": "Demo Training Institute",
        "default_language": "en", "languages": ["en", "fr", "es"],
        "disabled": False}
    assert tenants["plat-off"]["disabled"] is True
    assert "plat-off" not in public_slugs(server)
    r = s.get(server.url + API + "/plat-off")
    assert r.status_code == 200
    assert r.json()["name"] == "Switched Off Institute"


def test_api_create_rename_languages_disable_enable(server, pg):
    s = api_session(server, PLATFORM)
    assert home_status(server, "plat-api") == 404
    r = s.post(server.url + API, json={
        "slug": "plat-api", "name": "Académie de l'API",
        "default_language": "fr", "languages": ["fr", "en"]})
    assert r.status_code == 201, r.text
    assert r.headers["location"] == API + "/plat-api"
    assert r.json() == {"slug": "plat-api", "name": "Académie de l'API",
                        "default_language": "fr", "languages": ["fr", "en"],
                        "disabled": False}
    assert public(server, "plat-api")["name"] == "Académie de l'API"
    assert "plat-api" in public_slugs(server)
    home = requests.get(server.url + "/t/plat-api/", timeout=10)
    assert home.status_code == 200
    assert 'lang="fr"' in home.text           # its default language

    url = server.url + API + "/plat-api"
    r = s.patch(url, json={"name": "API Academy"})
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "API Academy"
    assert public(server, "plat-api")["name"] == "API Academy"

    r = s.patch(url, json={"languages": ["de", "fr", "ka"],
                           "default_language": "de"})
    assert r.status_code == 200, r.text
    got = public(server, "plat-api")
    assert got["languages"] == ["de", "fr", "ka"]
    assert got["default_language"] == "de"
    # Languages alone: the default (de) stays, and must stay among them.
    r = s.patch(url, json={"languages": ["ka", "de"]})
    assert r.status_code == 200
    assert public(server, "plat-api")["languages"] == ["ka", "de"]

    r = s.patch(url, json={"disabled": True})
    assert r.status_code == 200
    assert r.json()["disabled"] is True
    assert home_status(server, "plat-api") == 404
    assert public(server, "plat-api") is None
    assert "plat-api" not in public_slugs(server)
    assert "/t/plat-api/" not in server.get("/").text
    assert requests.get(server.url + "/api/v1/tenants/plat-api/me",
                        timeout=10).status_code == 404
    # Still listed, and shown, to the platform admin.
    assert s.get(url).json()["disabled"] is True

    r = s.patch(url, json={"disabled": False})
    assert r.status_code == 200
    assert r.json() == {"slug": "plat-api", "name": "API Academy",
                        "default_language": "de", "languages": ["ka", "de"],
                        "disabled": False}
    assert home_status(server, "plat-api") == 200
    assert "plat-api" in public_slugs(server)


def test_api_create_defaults(server, pg):
    s = api_session(server, PLATFORM)
    r = s.post(server.url + API, json={"slug": "plat-min", "name": "Min"})
    assert r.status_code == 201, r.text
    assert r.json()["languages"] == ["en"]
    assert r.json()["default_language"] == "en"
    r = s.post(server.url + API, json={"slug": "plat-first", "name": "F",
                                       "languages": ["uk", "en"]})
    assert r.status_code == 201, r.text
    assert r.json()["default_language"] == "uk"
    r = s.post(server.url + API, json={"slug": "plat-def", "name": "D",
                                       "default_language": "ar"})
    assert r.status_code == 201, r.text
    assert r.json()["languages"] == ["ar"]


@pytest.mark.parametrize("body,status,message", [
    ({"slug": "plat-x", "name": "X", "colour": "blue"}, 400,
     'no field "colour"'),
    ({"slug": "plat-x", "name": "X", "disabled": True}, 400,
     'no field "disabled"'),
    ({"name": "X"}, 400, "1 to 63 lower-case letters"),
    ({"slug": "Plat-X", "name": "X"}, 400, "1 to 63 lower-case letters"),
    ({"slug": "plat-x-", "name": "X"}, 400, "1 to 63 lower-case letters"),
    ({"slug": "plat-" + "x" * 60, "name": "X"}, 400,
     "1 to 63 lower-case letters"),
    ({"slug": "plat/x", "name": "X"}, 400, "1 to 63 lower-case letters"),
    ({"slug": 7, "name": "X"}, 400, "1 to 63 lower-case letters"),
    ({"slug": "demo", "name": "Again"}, 409, "already exists"),
    ({"slug": "plat-x"}, 400, "name of 1 to 200"),
    ({"slug": "plat-x", "name": ""}, 400, "name of 1 to 200"),
    ({"slug": "plat-x", "name": "   "}, 400, "name of 1 to 200"),
    ({"slug": "plat-x", "name": "n" * 201}, 400, "name of 1 to 200"),
    ({"slug": "plat-x", "name": "Bell\u0007"}, 400, "name of 1 to 200"),
    ({"slug": "plat-x", "name": ["X"]}, 400, "name of 1 to 200"),
    ({"slug": "plat-x", "name": "X", "languages": ["en", "xx"]}, 400,
     "not one the platform offers"),
    ({"slug": "plat-x", "name": "X", "languages": ["en", 3]}, 400,
     "not one the platform offers"),
    ({"slug": "plat-x", "name": "X", "default_language": "klingon"}, 400,
     "not one the platform offers"),
    ({"slug": "plat-x", "name": "X", "languages": []}, 400,
     "at least one language"),
    ({"slug": "plat-x", "name": "X", "languages": "en"}, 400,
     "list of language codes"),
    ({"slug": "plat-x", "name": "X", "languages": ["en", "en"]}, 400,
     "only once"),
    ({"slug": "plat-x", "name": "X", "default_language": "de",
      "languages": ["en", "fr"]}, 400, "default language must be one"),
])
def test_api_create_bad_input(server, pg, body, status, message):
    s = api_session(server, PLATFORM)
    before = pg.query("SELECT slug, name, default_lang, languages, enabled "
                      "FROM tenants ORDER BY slug")
    r = s.post(server.url + API, json=body)
    assert r.status_code == status, r.text
    assert message in r.json()["error"]["message"]
    assert pg.query("SELECT slug, name, default_lang, languages, enabled "
                    "FROM tenants ORDER BY slug") == before


def test_api_unknown_field_name_is_cut_safely(server):
    s = api_session(server, PLATFORM)
    key = "é" * 100
    r = s.post(server.url + API, json={key: 1})
    assert r.status_code == 400
    msg = r.json()["error"]["message"]
    assert 'no field "' + "é" * 32 + '"' in msg


@pytest.mark.parametrize("body,status,message", [
    ({"name": "X", "slug": "plat-new"}, 400, 'no field "slug"'),
    ({"nom": "X"}, 400, 'no field "nom"'),
    ({}, 400, "nothing to change"),
    ({"name": ""}, 400, "name of 1 to 200"),
    ({"name": "n" * 201}, 400, "name of 1 to 200"),
    ({"name": None}, 400, "name of 1 to 200"),
    ({"languages": ["fr"]}, 400, "default language must be one"),
    ({"default_language": "de"}, 400, "default language must be one"),
    ({"languages": []}, 400, "at least one language"),
    ({"languages": ["en", "zz"]}, 400, "not one the platform offers"),
    ({"default_language": "EN"}, 400, "not one the platform offers"),
    ({"disabled": "yes"}, 400, "true or false"),
    ({"name": "Renamed", "disabled": 1}, 400, "true or false"),
    ({"name": "Renamed", "pad": "x" * 70000}, 413, "too large"),
])
def test_api_patch_bad_input(server, pg, body, status, message):
    pg.admin("tenant", "create", "plat-keep", "Kept As It Is", "--lang",
             "en", "--languages", "en,es")
    s = api_session(server, PLATFORM)
    before = tenant_row(pg, "plat-keep")
    r = s.patch(server.url + API + "/plat-keep", json=body)
    assert r.status_code == status, r.text
    assert message in r.json()["error"]["message"]
    assert tenant_row(pg, "plat-keep") == before


def test_api_patch_not_json(server, pg):
    pg.admin("tenant", "create", "plat-keep", "Kept As It Is")
    s = api_session(server, PLATFORM)
    before = tenant_row(pg, "plat-keep")
    for data in ("not json", "[1, 2]", b'{"name": "\xff"}',
                 '{"name": "A", "name": "B"}', '{"name": "A\\u0000B"}'):
        r = s.patch(server.url + API + "/plat-keep", data=data,
                    headers={"Content-Type": "application/json"})
        assert r.status_code == 400, data
        assert r.json()["error"]["message"]
    assert tenant_row(pg, "plat-keep") == before


def test_unknown_tenant_is_404(server):
    s = api_session(server, PLATFORM)
    for slug in ("plat-nosuch", "Not-A-Slug", "x" * 64):
        assert s.get(server.url + API + "/" + slug).status_code == 404
        r = s.patch(server.url + API + "/" + slug, json={"name": "X"})
        assert r.status_code == 404
    p = page_session(server, PLATFORM)
    assert p.get(server.url + PAGE + "/plat-nosuch").status_code == 404
    page = p.get(server.url + PAGE)
    r = p.post(server.url + PAGE + "/plat-nosuch/disable",
               data={"csrf": form_csrf(page.text)}, allow_redirects=False)
    assert r.status_code == 404


def test_cannot_disable_own_tenant(server, pg):
    s = api_session(server, PLATFORM)
    r = s.patch(server.url + API + "/demo", json={"disabled": True})
    assert r.status_code == 400
    assert "signed in to" in r.json()["error"]["message"]
    assert tenant_row(pg, "demo")[3] is True
    p = page_session(server, PLATFORM)
    page = p.get(server.url + PAGE + "/demo")
    assert page.status_code == 200
    assert "/platform/tenants/demo/disable" not in page.text
    r = p.post(server.url + PAGE + "/demo/disable",
               data={"csrf": form_csrf(page.text)}, allow_redirects=False)
    assert r.status_code == 400
    assert "You cannot disable the tenant you are signed in to." in r.text
    assert tenant_row(pg, "demo")[3] is True
    assert home_status(server, "demo") == 200
    # Renaming one's own tenant is fine.
    r = s.patch(server.url + API + "/demo",
                json={"name": "Demo Training Institute"})
    assert r.status_code == 200


def test_csrf_is_required(server, pg):
    pg.admin("tenant", "create", "plat-keep", "Kept As It Is")
    s = api_session(server, PLATFORM)
    jar = s.cookies
    r = requests.post(server.url + API, cookies=jar, timeout=10,
                      json={"slug": "plat-nocsrf", "name": "No"})
    assert r.status_code == 403
    assert "X-CSRF-Token" in r.json()["error"]["message"]
    r = requests.patch(server.url + API + "/plat-keep", cookies=jar,
                       timeout=10, json={"disabled": True})
    assert r.status_code == 403
    r = requests.patch(server.url + API + "/plat-keep", cookies=jar,
                       timeout=10, json={"name": "Changed"},
                       headers={"X-CSRF-Token": "x" * 43})
    assert r.status_code == 403
    # Pages: no token, or a wrong one.
    p = page_session(server, PLATFORM)
    for data in ({}, {"csrf": "A" * 43}):
        r = p.post(server.url + PAGE, allow_redirects=False,
                   files=multipart(list(data.items()) + [
                       ("slug", "plat-nocsrf"), ("name", "No"),
                       ("default_lang", "en"), ("languages", "en")]))
        assert r.status_code == 403
        r = p.post(server.url + PAGE + "/plat-keep", allow_redirects=False,
                   files=multipart(list(data.items()) + [
                       ("name", "Changed"), ("default_lang", "en"),
                       ("languages", "en")]))
        assert r.status_code == 403
        r = p.post(server.url + PAGE + "/plat-keep/disable", data=data,
                   allow_redirects=False)
        assert r.status_code == 403
    assert tenant_row(pg, "plat-nocsrf") is None
    assert tenant_row(pg, "plat-keep") == ("Kept As It Is", "en", ["en"],
                                           True)


def test_anonymous(server, pg):
    pg.admin("tenant", "create", "plat-keep", "Kept As It Is")
    for method, path in (("GET", API), ("POST", API),
                         ("GET", API + "/plat-keep"),
                         ("PATCH", API + "/plat-keep")):
        r = server.request(method, path, json=None if method == "GET"
                           else {"name": "X"})
        assert r.status_code == 401, (method, path)
        assert r.json()["error"]["message"] == "Please sign in."
    for path in (PAGE, PAGE + "/plat-keep"):
        r = server.get(path)
        assert r.status_code == 303
        assert r.headers["location"] == "/t/demo/signin"
    r = server.request("POST", PAGE + "/plat-keep/disable")
    assert r.status_code == 303
    assert r.headers["location"] == "/t/demo/signin"
    assert tenant_row(pg, "plat-keep")[3] is True


@pytest.mark.parametrize("who", [ADMIN, LEARNER])
def test_others_get_404_everywhere(server, pg, who):
    pg.admin("tenant", "create", "plat-keep", "Kept As It Is")
    before = pg.query("SELECT slug, name, default_lang, languages, enabled "
                      "FROM tenants ORDER BY slug")
    s = api_session(server, who)
    for method in ("GET", "POST", "PATCH", "PUT", "DELETE"):
        for path in (API, API + "/plat-keep", API + "/demo"):
            body = None if method in ("GET", "DELETE") else {
                "slug": "plat-sneaky", "name": "Sneaky", "disabled": True}
            r = s.request(method, server.url + path, json=body)
            assert r.status_code in (404, 405), (method, path)
            if r.status_code == 404:
                assert "Kept As It Is" not in r.text
    for path in (API, API + "/plat-keep"):
        assert s.get(server.url + path).status_code == 404
    assert s.post(server.url + API, json={"slug": "plat-sneaky",
                                          "name": "S"}).status_code == 404
    assert s.patch(server.url + API + "/plat-keep",
                   json={"disabled": True}).status_code == 404
    page = s.get(server.url + "/t/demo/")
    csrf = form_csrf(page.text)
    for path in (PAGE, PAGE + "/plat-keep", PAGE + "/demo"):
        r = s.get(server.url + path, allow_redirects=False)
        assert r.status_code == 404, path
        assert "Kept As It Is" not in r.text
        assert "There is nothing at this address." in r.text
    r = s.post(server.url + PAGE, allow_redirects=False, files=multipart([
        ("csrf", csrf), ("slug", "plat-sneaky"), ("name", "S"),
        ("default_lang", "en"), ("languages", "en")]))
    assert r.status_code == 404
    r = s.post(server.url + PAGE + "/plat-keep", allow_redirects=False,
               files=multipart([("csrf", csrf), ("name", "S"),
                                ("default_lang", "en"),
                                ("languages", "en")]))
    assert r.status_code == 404
    for action in ("disable", "enable"):
        r = s.post(f"{server.url}{PAGE}/plat-keep/{action}",
                   data={"csrf": csrf}, allow_redirects=False)
        assert r.status_code == 404
    # No "Tenants" link in their header either.
    assert "/platform/tenants" not in page.text
    assert pg.query("SELECT slug, name, default_lang, languages, enabled "
                    "FROM tenants ORDER BY slug") == before


# The pages.

def test_pages_create_edit_disable_enable(server, pg):
    s = page_session(server, PLATFORM)
    home = s.get(server.url + "/t/demo/")
    assert f'<a href="{PAGE}">Tenants</a>' in home.text
    page = s.get(server.url + PAGE)
    assert page.status_code == 200
    assert "<h1>Tenants</h1>" in page.text
    assert "Demo Training Institute" in page.text
    assert 'enctype="multipart/form-data"' in page.text
    # Every interface language is offered.
    assert len(re.findall(r'name="languages" value="[a-z]+"', page.text)) \
        == 20
    csrf = form_csrf(page.text)
    langs = ["en", "fr", "de", "es", "pt", "it", "ru", "uk", "ar", "tr",
             "ro", "pl", "ka", "hy", "az", "sr", "sq", "mk", "el", "nl"]
    r = s.post(server.url + PAGE, allow_redirects=False, files=multipart(
        [("csrf", csrf), ("slug", "plat-page"),
         ("name", "Інститут сторінок"), ("default_lang", "uk")] +
        [("languages", code) for code in langs]))
    assert r.status_code == 303, r.text
    assert r.headers["location"] == PAGE
    got = public(server, "plat-page")
    assert got["name"] == "Інститут сторінок"
    assert got["default_language"] == "uk"
    assert got["languages"] == langs        # all 20, none lost
    assert home_status(server, "plat-page") == 200
    listing = s.get(server.url + PAGE).text
    assert f'<a href="{PAGE}/plat-page">plat-page</a>' in listing
    assert "Інститут сторінок" in listing
    # octolearn-admin sees the same tenant.
    out = pg.admin("tenant", "list").stdout
    assert "plat-page\tІнститут сторінок\tuk\t" + ",".join(langs) + \
        "\tenabled" in out.splitlines()

    edit = s.get(server.url + PAGE + "/plat-page")
    assert edit.status_code == 200
    assert 'value="Інститут сторінок"' in edit.text
    assert '<option value="uk" lang="uk" selected>' in edit.text
    r = s.post(server.url + PAGE + "/plat-page", allow_redirects=False,
               files=multipart([("csrf", form_csrf(edit.text)),
                                ("name", "Page Institute"),
                                ("default_lang", "fr"),
                                ("languages", "en"), ("languages", "fr")]))
    assert r.status_code == 303, r.text
    got = public(server, "plat-page")
    assert got == {"slug": "plat-page", "name": "Page Institute",
                   "default_language": "fr", "languages": ["en", "fr"]}
    assert 'lang="fr"' in requests.get(server.url + "/t/plat-page/",
                                       timeout=10).text

    edit = s.get(server.url + PAGE + "/plat-page")
    assert f'action="{PAGE}/plat-page/disable"' in edit.text
    r = s.post(server.url + PAGE + "/plat-page/disable",
               data={"csrf": form_csrf(edit.text)}, allow_redirects=False)
    assert r.status_code == 303
    assert home_status(server, "plat-page") == 404
    assert public(server, "plat-page") is None
    assert "plat-page\tPage Institute\tfr\ten,fr\tdisabled" in \
        pg.admin("tenant", "list").stdout.splitlines()
    edit = s.get(server.url + PAGE + "/plat-page")
    assert edit.status_code == 200             # still managed here
    assert "Disabled" in edit.text
    r = s.post(server.url + PAGE + "/plat-page/enable",
               data={"csrf": form_csrf(edit.text)}, allow_redirects=False)
    assert r.status_code == 303
    assert home_status(server, "plat-page") == 200


@pytest.mark.parametrize("fields,status,message", [
    ([("slug", "Bad Slug"), ("name", "X"), ("default_lang", "en"),
      ("languages", "en")], 400, "1 to 63 lower-case letters"),
    ([("name", "X"), ("default_lang", "en"), ("languages", "en")], 400,
     "1 to 63 lower-case letters"),
    ([("slug", "demo"), ("name", "Twice"), ("default_lang", "en"),
      ("languages", "en")], 409, "already exists"),
    ([("slug", "plat-bad"), ("name", ""), ("default_lang", "en"),
      ("languages", "en")], 400, "name of 1 to 200"),
    ([("slug", "plat-bad"), ("name", "n" * 201), ("default_lang", "en"),
      ("languages", "en")], 400, "name of 1 to 200"),
    ([("slug", "plat-bad"), ("name", "Tab\there"), ("default_lang", "en"),
      ("languages", "en")], 400, "name of 1 to 200"),
    ([("slug", "plat-bad"), ("name", "X"), ("default_lang", "en")], 400,
     "at least one language"),
    ([("slug", "plat-bad"), ("name", "X"), ("default_lang", "de"),
      ("languages", "en")], 400, "default language must be one"),
    ([("slug", "plat-bad"), ("name", "X"), ("default_lang", "en"),
      ("languages", "en"), ("languages", "xx")], 400,
     "not one the platform offers"),
    ([("slug", "plat-bad"), ("name", "X"), ("default_lang", "EN"),
      ("languages", "en")], 400, "not one the platform offers"),
])
def test_page_create_bad_input(server, pg, fields, status, message):
    s = page_session(server, PLATFORM)
    page = s.get(server.url + PAGE)
    before = pg.query("SELECT slug, name, default_lang, languages, enabled "
                      "FROM tenants ORDER BY slug")
    r = s.post(server.url + PAGE, allow_redirects=False,
               files=multipart([("csrf", form_csrf(page.text))] + fields))
    assert r.status_code == status, r.text
    assert message in r.text
    assert 'role="alert"' in r.text
    assert pg.query("SELECT slug, name, default_lang, languages, enabled "
                    "FROM tenants ORDER BY slug") == before


def test_page_edit_bad_input(server, pg):
    pg.admin("tenant", "create", "plat-keep", "Kept As It Is", "--lang",
             "en", "--languages", "en,es")
    s = page_session(server, PLATFORM)
    edit = s.get(server.url + PAGE + "/plat-keep")
    csrf = form_csrf(edit.text)
    for fields, message in (
            ([("name", ""), ("default_lang", "en"), ("languages", "en")],
             "name of 1 to 200"),
            ([("name", "Y"), ("default_lang", "en")],
             "at least one language"),
            ([("name", "Y"), ("default_lang", "es"), ("languages", "en")],
             "default language must be one")):
        r = s.post(server.url + PAGE + "/plat-keep", allow_redirects=False,
                   files=multipart([("csrf", csrf)] + fields))
        assert r.status_code == 400, fields
        assert message in r.text
    assert tenant_row(pg, "plat-keep") == ("Kept As It Is", "en",
                                           ["en", "es"], True)


# Disabled tenants, and who can be a platform admin.

def test_disabled_tenant_users_cannot_sign_in(server, pg):
    pg.admin("tenant", "create", "plat-users", "Users Institute")
    pg.admin("user", "add", "--tenant", "plat-users", "--email",
             "someone@plat.example", "--name", "Some One", "--roles",
             "learner", env={"OCTOLEARN_PASSWORD": "plat-user-password"})
    who = ("someone@plat.example", "plat-user-password")
    victim, r = sign_in(server, *who, tenant="plat-users")
    assert r.status_code == 303
    assert "Welcome, Some One" in victim.get(
        server.url + "/t/plat-users/").text
    s = api_session(server, PLATFORM)
    assert s.patch(server.url + API + "/plat-users",
                   json={"disabled": True}).status_code == 200
    for path in ("/t/plat-users/", "/t/plat-users/signin",
                 "/api/v1/tenants/plat-users/me"):
        assert victim.get(server.url + path).status_code == 404, path
    r = requests.post(server.url + "/t/plat-users/signin", timeout=10,
                      data={"email": who[0], "password": who[1]},
                      allow_redirects=False)
    assert r.status_code == 404
    assert s.patch(server.url + API + "/plat-users",
                   json={"disabled": False}).status_code == 200
    # Back, but the sessions of before ended with the disabling.
    assert "Welcome," not in victim.get(server.url + "/t/plat-users/").text
    _, r = sign_in(server, *who, tenant="plat-users")
    assert r.status_code == 303


def test_role_is_shown(server, pg):
    s = api_session(server, PLATFORM)
    me = s.get(server.url + "/api/v1/tenants/demo/me").json()
    assert me["roles"] == ["platform_admin"]
    assert me["name"] == "Petra Platform"
    users = page_session(server, ADMIN).get(server.url +
                                            "/t/demo/admin/users").text
    assert "\">Petra Platform</a></td>" in users
    assert "<td>Platform admin</td>" in users


def test_role_only_from_the_cli(server, pg):
    # The demo's platform admin was made with octolearn-admin (demo.sh).
    assert pg.query("SELECT r.role FROM user_roles r JOIN users u ON "
                    "u.tenant_id = r.tenant_id AND u.id = r.user_id WHERE "
                    "u.email = 'platform@demo.example'") == \
        [("platform_admin",)]
    s = api_session(server, ADMIN)
    url = server.url + "/api/v1/tenants/demo/users"
    for roles in (["platform_admin"], ["learner", "platform_admin"]):
        r = s.post(url, json={"email": "plat-made@demo.example",
                              "name": "Made", "roles": roles,
                              "password": "plat-made-password"})
        assert r.status_code == 400, roles
        assert "tenant_admin" in r.json()["error"]["message"]
    r = s.post(url + "/import", data=b"email,name,roles\n"
               b"plat-made@demo.example,Made,platform_admin\n",
               headers={"Content-Type": "text/csv"})
    assert r.status_code == 400
    page = s.get(server.url + "/t/demo/admin/users/new")
    r = s.post(server.url + "/t/demo/admin/users/new", allow_redirects=False,
               data={"csrf": form_csrf(page.text),
                     "email": "plat-made@demo.example", "name": "Made",
                     "role_platform_admin": "1",
                     "password": "plat-made-password"})
    assert r.status_code == 400
    assert "at least one role" in r.text
    assert pg.query("SELECT count(*) FROM users WHERE email = "
                    "'plat-made@demo.example'") == [(0,)]
    # Nor can the application's database role grant it, whatever the code.
    demo_id, uid = pg.query("SELECT tenant_id, id FROM users WHERE email = "
                            "'learner1@demo.example'")[0]
    conn = pg.connect(app=True)
    conn.autocommit = False
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT set_config('octolearn.tenant_id', %s, true)",
                        (str(demo_id),))
            with pytest.raises(psycopg2.Error):
                cur.execute("INSERT INTO user_roles (tenant_id, user_id, "
                            "role) VALUES (%s, %s, 'platform_admin')",
                            (demo_id, uid))
        conn.rollback()
        with conn.cursor() as cur:
            cur.execute("SELECT set_config('octolearn.tenant_id', %s, true)",
                        (str(demo_id),))
            with pytest.raises(psycopg2.Error):
                cur.execute("UPDATE user_roles SET role = 'platform_admin' "
                            "WHERE user_id = %s", (uid,))
        conn.rollback()
    finally:
        conn.close()
    assert pg.query("SELECT role FROM user_roles WHERE user_id = %s",
                    (uid,)) == [("learner",)]


def test_tenant_admin_cannot_take_over_a_platform_admin(server, pg):
    """A tenant admin of the platform admin's own tenant can neither reset
    their password (and sign in as them) nor disable them."""
    pid = pg.query("SELECT id FROM users WHERE email = %s",
                   (PLATFORM[0],))[0][0]
    before = pg.query("SELECT password_hash, disabled FROM users "
                      "WHERE id = %s", (pid,))
    s = api_session(server, ADMIN)
    base = f"{server.url}/api/v1/tenants/demo/users/{pid}"
    r = s.post(base + "/password", json={"password": "taken-over-2026!"})
    assert r.status_code == 403
    assert r.json()["error"]["message"] == \
        "Only platform admins can change a platform admin's account."
    r = s.patch(base, json={"disabled": True})
    assert r.status_code == 403
    page = s.get(server.url + "/t/demo/admin/users")
    csrf = form_csrf(page.text)
    r = s.post(f"{server.url}/t/demo/admin/users/{pid}/password",
               data={"csrf": csrf, "password": "taken-over-2026!"})
    assert r.status_code == 403
    r = s.post(f"{server.url}/t/demo/admin/users/{pid}/disable",
               data={"csrf": csrf})
    assert r.status_code == 403
    assert pg.query("SELECT password_hash, disabled FROM users "
                    "WHERE id = %s", (pid,)) == before
    # The platform admin still signs in with their own password.
    _, r = sign_in(server, *PLATFORM)
    assert r.status_code == 303
