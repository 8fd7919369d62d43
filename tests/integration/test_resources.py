"""Resources and the learners' catalogue over HTTP: a tenant admin makes a
link, gives it texts in two more languages, tags and publishes it, uploads
two corpus packages; learners then find the published resources only, by
words (any language, every word), kind, tag and language, each in its best
language. Bad input is refused with its reason and changes nothing;
learners change nothing; titles are escaped on the pages; another
tenant's resources never show."""


import pytest
import requests

from conftest import CORPUS as CORPUS_ROOT
from conftest import ROOT, import_outcome, sign_in

CORPUS = CORPUS_ROOT / "packages"
API = "/api/v1/tenants/demo"
ADMIN = ("admin@demo.example", "demo-admin-2026")
LEARNER = ("learner1@demo.example", "demo-learner-2026")
XSS = "<script>alert(1)</script> Xss course"


def api_session(server, who):
    s, r = sign_in(server, *who)
    assert r.status_code == 303
    s.headers["X-CSRF-Token"] = s.get(server.url + API + "/me").json()[
        "csrf_token"]
    return s


def upload(server, s, name, lang="en", resource=None):
    path = (f"{API}/resources/{resource}/packages/{lang}" if resource
            else f"{API}/packages/{lang}")
    r = s.post(server.url + path, data=(CORPUS / name).read_bytes(),
               headers={"Content-Type": "application/zip"})
    doc = import_outcome(server, s, r)
    assert doc["state"] == "done", doc
    return doc


def make_link(server, s, **fields):
    body = dict(kind="link", lang="en", **fields)
    r = s.post(server.url + API + "/resources", json=body)
    assert r.status_code == 201, (r.status_code, r.text)
    assert r.headers["location"] == f"{API}/resources/{r.json()['id']}"
    return r.json()


def patch(server, s, rid, body):
    return s.patch(f"{server.url}{API}/resources/{rid}", json=body)


def catalogue(server, s, **params):
    r = s.get(server.url + API + "/catalogue", params=params)
    assert r.status_code == 200, (params, r.status_code, r.text)
    return r.json()["resources"]


def ids(entries):
    return [e["id"] for e in entries]


@pytest.fixture(scope="module")
def admin(server):
    return api_session(server, ADMIN)


@pytest.fixture(scope="module")
def learner(server):
    return api_session(server, LEARNER)


@pytest.fixture(scope="module")
def res(server, pg, admin):
    """The resources of these tests; others' resources are unpublished so
    that the lists expected here are exact."""
    pg.query("UPDATE resources SET published = false WHERE tenant_id = "
             "(SELECT id FROM tenants WHERE slug = 'demo')")
    pg.query("DELETE FROM signin_failures")
    link = make_link(server, admin, url="https://example.org/evidence",
                     title="Electronic evidence guide",
                     description="A handbook for prosecutors",
                     tags=["evidence"])
    r = patch(server, admin, link["id"], {
        "texts": {"fr": {"title": "Guide de la preuve électronique",
                         "description": "Manuel pour les procureurs"},
                  "es": {"title": "Guía de la prueba electrónica"}},
        "tags": ["evidence", "handbook", "evidence"],
        "published": True})
    assert r.status_code == 200, r.text
    s1 = upload(server, admin, "scorm12-golf-runtime-basic-2010.zip")
    s2 = upload(server, admin, "scorm2004-3rd-golf-runtime-minimum.zip")
    r = patch(server, admin, s1["resource_id"], {
        "published": True, "tags": ["golf", "sport"],
        "texts": {"en": {"title": "Golf Explained - Run-time Basic Calls",
                         "description": "Swing and putting for beginners"},
                  "fr": {"title": "Le golf expliqué"}}})
    assert r.status_code == 200, r.text
    # The second package also in Spanish: a variant (and its text).
    upload(server, admin, "scorm2004-3rd-golf-runtime-minimum.zip",
           lang="es", resource=s2["resource_id"])
    r = patch(server, admin, s2["resource_id"], {"published": True,
                                                 "tags": ["golf"]})
    assert r.status_code == 200, r.text
    draft = make_link(server, admin, url="http://example.org/draft",
                      title="Unpublished evidence draft",
                      tags=["evidence"])
    xss = make_link(server, admin, url="https://example.org/x?a=1&b=<2>",
                    title=XSS, tags=["xss"])
    assert patch(server, admin, xss["id"],
                 {"published": True}).status_code == 200
    # A link with a text in Spanish only.
    solo = make_link(server, admin, url="https://example.org/solo",
                     title="Only English for now")
    pg.query("UPDATE resource_texts SET lang = 'es', title = 'Solo "
             "español' WHERE resource_id = %s", (solo["id"],))
    assert patch(server, admin, solo["id"],
                 {"published": True}).status_code == 200
    return dict(link=link["id"], s1=s1["resource_id"],
                s2=s2["resource_id"], draft=draft["id"], xss=xss["id"],
                solo=solo["id"])


def test_admin_sees_every_resource(server, admin, res):
    r = admin.get(server.url + API + "/resources")
    assert r.status_code == 200
    got = {d["id"]: d for d in r.json()["resources"]}
    assert set(res.values()) <= set(got)
    link = got[res["link"]]
    assert link["kind"] == "link" and link["published"] is True
    assert link["url"] == "https://example.org/evidence"
    assert link["tags"] == ["evidence", "handbook"]
    assert link["texts"] == {
        "en": {"title": "Electronic evidence guide",
               "description": "A handbook for prosecutors", "tags": []},
        "fr": {"title": "Guide de la preuve électronique",
               "description": "Manuel pour les procureurs", "tags": []},
        "es": {"title": "Guía de la prueba electrónica",
               "description": "", "tags": []}}
    assert link["versions"] == {}
    assert got[res["draft"]]["published"] is False
    s2 = got[res["s2"]]
    assert s2["kind"] == "scorm" and s2["url"] is None
    assert set(s2["versions"]) == {"en", "es"}
    assert s2["versions"]["en"]["newest"] == 1
    assert [v["version"] for v in s2["versions"]["es"]["versions"]] == [1]
    one = admin.get(f"{server.url}{API}/resources/{res['s1']}").json()
    assert one["texts"]["fr"] == {"title": "Le golf expliqué",
                                  "description": "", "tags": []}
    assert one["tags"] == ["golf", "sport"]


def test_catalogue_lists_published_only(server, learner, admin, res):
    every = ids(catalogue(server, learner))
    assert sorted(every) == sorted([res["link"], res["s1"], res["s2"],
                                    res["xss"], res["solo"]])
    # Admins too see only the published ones here.
    assert sorted(ids(catalogue(server, admin))) == sorted(every)
    entry = next(e for e in catalogue(server, learner, tag="handbook"))
    assert entry == {
        "id": res["link"], "kind": "link", "lang": "en",
        "title": "Electronic evidence guide",
        "description": "A handbook for prosecutors",
        "languages": ["en", "es", "fr"],
        "tags": ["evidence", "handbook"],
        "url": "https://example.org/evidence", "status": "not_started"}
    golf = catalogue(server, learner, tag="golf")
    # Ordered by title: "... Minimum ..." before "... Run-time ...".
    assert ids(golf) == [res["s2"], res["s1"]]
    assert "url" not in golf[0]
    assert golf[0]["languages"] == ["en", "es"]


@pytest.mark.parametrize("q,expect", [
    ("evidence", ["link"]),                 # a word of an English title
    ("HANDBOOK", ["link"]),                 # of a description, any case
    ("procureurs", ["link"]),               # of a French description
    ("preuve", ["link"]),                   # of a French title
    ("expliqué", ["s1"]),                   # only s1 has it (in French)
    ("golf explained", ["s2", "s1"]),       # every word must match
    ("  putting   golf ", ["s1"]),
    ("evidence golf", []),
    ("draft", []),                          # unpublished
    ("%", []),                              # LIKE characters are literal
    ("_", []),
    ("\\", []),
    ("español", ["solo"]),
])
def test_search_by_words(server, learner, res, q, expect):
    assert ids(catalogue(server, learner, q=q)) == [res[k] for k in expect]


@pytest.mark.parametrize("params,expect", [
    ({"kind": "scorm"}, ["s2", "s1"]),
    ({"kind": "file"}, []),
    ({"tag": "evidence"}, ["link"]),
    ({"tag": "Evidence"}, []),
    ({"tag": "xss"}, ["xss"]),
    ({"language": "fr"}, ["link", "s1"]),
    ({"language": "de"}, []),
    ({"kind": "scorm", "language": "fr"}, ["s1"]),
    ({"kind": "scorm", "language": "es"}, ["s2"]),
    ({"kind": "link", "tag": "evidence"}, ["link"]),
    ({"kind": "scorm", "tag": "evidence"}, []),
    ({"q": "golf", "language": "es"}, ["s2"]),
    ({"q": "golf", "tag": "sport", "kind": "scorm"}, ["s1"]),
    ({"q": "", "kind": "", "tag": "", "language": ""}, None),
])
def test_filters(server, learner, res, params, expect):
    got = ids(catalogue(server, learner, **params))
    if expect is None:     # empty parameters filter nothing
        assert sorted(got) == sorted(ids(catalogue(server, learner)))
    else:
        assert got == [res[k] for k in expect]


def test_kinds_as_sets(server, learner, res):
    assert sorted(ids(catalogue(server, learner, kind="link"))) == \
        sorted([res["link"], res["xss"], res["solo"]])
    assert sorted(ids(catalogue(server, learner, language="es"))) == \
        sorted([res["link"], res["s2"], res["solo"]])


def test_best_language(server, learner, res):
    def title(rid, **params):
        return next(e for e in catalogue(server, learner, **params)
                    if e["id"] == rid)
    # The language asked for; else the user's (here the tenant's default).
    fr = title(res["link"], language="fr")
    assert (fr["lang"], fr["title"]) == ("fr",
                                         "Guide de la preuve électronique")
    assert fr["description"] == "Manuel pour les procureurs"
    assert title(res["link"])["title"] == "Electronic evidence guide"
    assert title(res["s1"], language="fr")["title"] == "Le golf expliqué"
    # Spanish asked for, but s1 has no Spanish: not listed at all.
    assert res["s1"] not in ids(catalogue(server, learner, language="es"))
    # Neither asked for nor the default: any language it has.
    solo = title(res["solo"])
    assert (solo["lang"], solo["title"]) == ("es", "Solo español")


@pytest.mark.parametrize("query,message", [
    ("q=" + "a" * 201, "Search words are at most 200 characters"),
    ("q=%FF%FE", "Search words are at most 200 characters"),
    ("kind=video", "The kind is scorm, file or link."),
    ("kind=SCORM", "The kind is scorm, file or link."),
    ("language=f", "The language is a code of 2 or 3 letters."),
    ("language=fren", "The language is a code of 2 or 3 letters."),
    ("language=F1", "The language is a code of 2 or 3 letters."),
    ("tag=" + "t" * 101, "A tag has at most 100 characters."),
    ("tag=%C3", "A tag has at most 100 characters."),
])
def test_bad_query_parameters(server, learner, res, query, message):
    r = learner.get(f"{server.url}{API}/catalogue?{query}")
    assert r.status_code == 400, (query, r.status_code)
    assert r.json()["error"]["message"].startswith(message)
    page = learner.get(f"{server.url}/t/demo/catalogue?{query}")
    assert page.status_code == 400
    assert message.split("<")[0] in page.text.replace("&#39;", "'")


def test_catalogue_needs_sign_in(server, res):
    assert requests.get(server.url + API + "/catalogue").status_code == 401
    r = requests.get(server.url + "/t/demo/catalogue", allow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/t/demo/signin"


def test_catalogue_page(server, learner, res):
    r = learner.get(server.url + "/t/demo/catalogue")
    assert r.status_code == 200
    html = r.text
    assert '<form method="get" action="/t/demo/catalogue"' in html
    for name in ('name="q"', 'name="kind"', 'name="tag"', 'name="lang"'):
        assert name in html
    assert '<a href="/t/demo/catalogue">Catalogue</a>' in html
    assert "/t/demo/admin/resources" not in html
    assert f'<a href="/t/demo/resources/{res["s1"]}">' in html
    assert ('<a href="https://example.org/evidence" '
            'rel="noopener noreferrer">Electronic evidence guide</a>'
            in html)
    assert "Unpublished evidence draft" not in html
    assert "SCORM package" in html and "Link" in html
    # Escaped everywhere: title and url.
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Xss course" in html
    assert 'href="https://example.org/x?a=1&amp;b=&lt;2&gt;"' in html
    # A search through the form's fields.
    r = learner.get(server.url + "/t/demo/catalogue",
                    params={"q": "guide", "kind": "link", "tag": "",
                            "lang": "fr"})
    assert r.status_code == 200
    assert "Guide de la preuve électronique" in r.text
    assert "Golf" not in r.text
    assert '<option value="link" selected>' in r.text
    assert 'value="guide"' in r.text
    r = learner.get(server.url + "/t/demo/catalogue", params={"q": "zzzq"})
    assert "No resource matches this search." in r.text


def test_resource_page(server, learner, admin, res):
    r = learner.get(f"{server.url}/t/demo/resources/{res['s2']}")
    assert r.status_code == 200
    assert "Golf Explained - Minimum Run-time Calls" in r.text
    assert "Español" in r.text
    assert "/publish" not in r.text and "Versions" not in r.text
    # Unpublished, unknown, malformed: not found for learners.
    for rid in (res["draft"], 99999999):
        assert learner.get(f"{server.url}/t/demo/resources/{rid}"
                           ).status_code == 404
    r = learner.get(f"{server.url}/t/demo/resources/{res['xss']}")
    assert "<script>alert(1)" not in r.text
    assert "&lt;script&gt;" in r.text
    # Admins see unpublished ones, their versions, and the button.
    r = admin.get(f"{server.url}/t/demo/resources/{res['draft']}")
    assert r.status_code == 200
    assert "Not published" in r.text
    assert f'action="/t/demo/resources/{res["draft"]}/publish"' in r.text
    r = admin.get(f"{server.url}/t/demo/resources/{res['s2']}")
    assert "Versions" in r.text and "2004 3rd" in r.text
    assert f'action="/t/demo/resources/{res["s2"]}/unpublish"' in r.text


def test_publish_on_the_page(server, learner, admin, res, pg):
    page = admin.get(f"{server.url}/t/demo/resources/{res['draft']}")
    csrf = page.text.split('name="csrf" value="')[-1].split('"')[0]
    url = f"{server.url}/t/demo/resources/{res['draft']}"
    # Without the form's token, or by a learner: refused.
    r = admin.post(url + "/publish", data={"csrf": "x" * 43},
                   allow_redirects=False)
    assert r.status_code == 403
    lpage = learner.get(server.url + "/t/demo/catalogue")
    lcsrf = lpage.text.split('name="csrf" value="')[-1].split('"')[0]
    r = learner.post(url + "/publish", data={"csrf": lcsrf},
                     allow_redirects=False)
    assert r.status_code == 403
    assert learner.get(url + "/publish").status_code == 405
    assert not pg.query("SELECT published FROM resources WHERE id = %s",
                        (res["draft"],))[0][0]
    r = admin.post(url + "/publish", data={"csrf": csrf},
                   allow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/t/demo/resources/{res['draft']}"
    assert res["draft"] in ids(catalogue(server, learner, q="draft"))
    assert learner.get(url).status_code == 200
    r = admin.post(url + "/unpublish", data={"csrf": csrf},
                   allow_redirects=False)
    assert r.status_code == 303
    assert ids(catalogue(server, learner, q="draft")) == []
    assert admin.post(f"{server.url}/t/demo/resources/99999999/publish",
                      data={"csrf": csrf}).status_code == 404


def test_admin_list_page(server, learner, admin, res):
    r = admin.get(server.url + "/t/demo/admin/resources")
    assert r.status_code == 200
    assert "Unpublished evidence draft" in r.text
    assert f'href="/t/demo/resources/{res["draft"]}"' in r.text
    assert "&lt;script&gt;" in r.text and "<script>alert" not in r.text
    assert '<a href="/t/demo/admin/resources">Resources</a>' in r.text
    assert learner.get(server.url + "/t/demo/admin/resources"
                       ).status_code == 403


def test_learner_changes_nothing(server, learner, pg, res):
    before = pg.query("SELECT id, published, url FROM resources ORDER BY id")
    rid = res["link"]
    assert patch(server, learner, rid, {"published": False}
                 ).status_code == 403
    assert learner.delete(f"{server.url}{API}/resources/{rid}"
                          ).status_code == 403
    assert learner.post(server.url + API + "/resources", json={
        "kind": "link", "url": "https://x.example", "lang": "en",
        "title": "Learner link"}).status_code == 403
    assert learner.get(server.url + API + "/resources").status_code == 403
    assert learner.get(f"{server.url}{API}/resources/{rid}"
                       ).status_code == 403
    assert pg.query("SELECT id, published, url FROM resources "
                    "ORDER BY id") == before


@pytest.mark.parametrize("body,message", [
    ({"foo": 1}, 'Unknown field "foo"'),
    ({"published": True, "title": "x"}, 'Unknown field "title"'),
    ({}, "Please give what to change"),
    ({"published": "yes"}, "published is true or false."),
    ({"tags": "golf"}, "Tags are a list"),
    ({"tags": ["t%d" % i for i in range(21)]}, "Tags are a list"),
    ({"tags": ["x" * 101]}, "Tags are a list"),
    ({"tags": [""]}, "Tags are a list"),
    ({"tags": [1]}, "Tags are a list"),
    ({"tags": ["bad\u0001tag"]}, "Tags are a list"),
    ({"texts": {"de": {"title": "Golf"}}},
     "This institution does not offer that language."),
    ({"texts": {"fr": {"description": "sans titre"}}}, "Texts are given"),
    ({"texts": {"fr": "Golf"}}, "Texts are given"),
    ({"texts": {}}, "Texts are given"),
    ({"texts": {"fr": {"title": "x", "summary": "y"}}}, "Texts are given"),
    ({"texts": {"fr": {"title": "x" * 501}}}, "A title has 1 to 500"),
    ({"texts": {"fr": {"title": ""}}}, "A title has 1 to 500"),
    ({"texts": {"fr": {"title": "two\nlines"}}}, "A title has 1 to 500"),
    ({"texts": {"fr": {"title": "ok", "description": "d" * 10001}}},
     "A description has at most 10000"),
    ({"texts": {"fr": {"title": "ok", "description": "bell\u0007"}}},
     "A description has at most 10000"),
    ({"texts": {"fr": {"title": "ok", "tags": "golf"}}}, "Tags are a list"),
    ({"texts": {"fr": {"title": "ok", "tags": ["t"] * 21}}},
     "Tags are a list"),
    ({"texts": {"fr": {"title": "ok", "tags": [""]}}}, "Tags are a list"),
    ({"url": "https://example.org/golf"}, "Only links have an address."),
    ({"published": False, "tags": ["ok"], "foo": 1}, 'Unknown field "foo"'),
])
def test_bad_patch_changes_nothing(server, admin, res, body, message):
    url = f"{server.url}{API}/resources/{res['s1']}"
    before = admin.get(url).json()
    r = admin.patch(url, json=body)
    assert r.status_code == 400, (body, r.status_code, r.text)
    assert r.json()["error"]["message"].startswith(message), r.text
    assert admin.get(url).json() == before


@pytest.mark.parametrize("url", ["ftp://example.org/x", "javascript:alert(1)",
                                 "https://", "https:///path",
                                 "https://exa mple.org",
                                 "https://example.org/" + "a" * 1990, 7])
def test_bad_link_url(server, admin, res, url):
    rid = res["link"]
    before = admin.get(f"{server.url}{API}/resources/{rid}").json()
    r = patch(server, admin, rid, {"url": url})
    assert r.status_code == 400, url
    assert "starts with http:// or https://" in r.json()["error"]["message"]
    r = admin.post(server.url + API + "/resources", json={
        "kind": "link", "url": url, "lang": "en", "title": "Bad link"})
    assert r.status_code == 400
    assert admin.get(f"{server.url}{API}/resources/{rid}").json() == before


def test_link_url_and_texts_change(server, admin, learner, res):
    rid = res["link"]
    r = patch(server, admin, rid, {"url": "HTTPS://example.org/evidence2",
                                   "texts": {"en": {
                                       "title": "Electronic evidence guide",
                                       "description": "A handbook for "
                                       "prosecutors"}}})
    assert r.status_code == 200
    assert r.json()["url"] == "HTTPS://example.org/evidence2"
    # A text without a description keeps the one it had.
    r = patch(server, admin, rid, {"texts": {"fr": {
        "title": "Guide de la preuve électronique"}}})
    assert r.json()["texts"]["fr"]["description"] == \
        "Manuel pour les procureurs"
    r = patch(server, admin, rid, {"url": "https://example.org/evidence"})
    assert r.status_code == 200


def test_tags_per_language(server, admin, learner, res):
    """Each language's text may carry its own tags: the catalogue shows
    and filters by the resource's neutral tags and those of the text it
    shows; a text changed without tags keeps them."""
    rid = res["s1"]
    before = admin.get(f"{server.url}{API}/resources/{rid}").json()["texts"]
    r = patch(server, admin, rid, {"texts": {
        "fr": {"title": before["fr"]["title"],
               "tags": ["parcours", "golf français", "parcours"]},
        "en": {"title": before["en"]["title"], "tags": ["course"]}}})
    assert r.status_code == 200, r.text
    texts = r.json()["texts"]
    assert texts["fr"]["tags"] == ["golf français", "parcours"]
    assert texts["en"]["tags"] == ["course"]
    try:
        fr = next(e for e in catalogue(server, learner, language="fr")
                  if e["id"] == rid)
        assert fr["tags"] == ["golf", "golf français", "parcours", "sport"]
        en = next(e for e in catalogue(server, learner) if e["id"] == rid)
        assert en["tags"] == ["course", "golf", "sport"]
        # A language's tag finds the resource, whatever the language.
        assert ids(catalogue(server, learner, tag="parcours")) == [rid]
        assert ids(catalogue(server, learner, tag="course")) == [rid]
        page = learner.get(f"{server.url}/t/demo/resources/{rid}",
                           headers={"Accept-Language": "fr"}).text
        assert "parcours" in page and ">course<" not in page
        # Without tags, a text keeps its own.
        r = patch(server, admin, rid, {"texts": {"fr": {
            "title": before["fr"]["title"]}}})
        assert r.json()["texts"]["fr"]["tags"] == ["golf français",
                                                   "parcours"]
    finally:
        r = patch(server, admin, rid, {"texts": before})
        assert r.status_code == 200
        assert r.json()["texts"] == before
    assert ids(catalogue(server, learner, tag="parcours")) == []


@pytest.mark.parametrize("body,message", [
    ({"kind": "scorm", "url": "https://x.example", "lang": "en",
      "title": "T"}, "Only links"),
    ({"url": "https://x.example", "lang": "en", "title": "T"}, "Only links"),
    ({"kind": "link", "lang": "en", "title": "T"}, "A link's address"),
    ({"kind": "link", "url": "https://x.example", "lang": "de",
      "title": "T"}, "This institution does not offer that language."),
    ({"kind": "link", "url": "https://x.example", "title": "T"},
     "This institution does not offer that language."),
    ({"kind": "link", "url": "https://x.example", "lang": "en"},
     "A title has 1 to 500"),
    ({"kind": "link", "url": "https://x.example", "lang": "en",
      "title": "T", "tags": ["a"] * 21}, "Tags are a list"),
    ({"kind": "link", "url": "https://x.example", "lang": "en",
      "title": "T", "published": True}, 'Unknown or malformed field'),
])
def test_bad_create(server, admin, pg, res, body, message):
    before = pg.query("SELECT count(*) FROM resources")
    r = admin.post(server.url + API + "/resources", json=body)
    assert r.status_code == 400, (body, r.text)
    assert r.json()["error"]["message"].startswith(message), r.text
    assert pg.query("SELECT count(*) FROM resources") == before


def test_methods_and_addresses(server, admin, res):
    assert admin.put(server.url + API + "/resources").status_code == 405
    assert admin.post(f"{server.url}{API}/resources/{res['link']}",
                      json={}).status_code == 405
    for bad in ("0", "abc", "-1", "99999999999999999999", "99999999"):
        assert admin.get(f"{server.url}{API}/resources/{bad}"
                         ).status_code == 404
    assert admin.patch(f"{server.url}{API}/resources/99999999",
                       json={"foo": 1}).status_code == 404
    r = admin.patch(f"{server.url}{API}/resources/{res['link']}",
                    data="not json")
    assert r.status_code == 400
    no_csrf = requests.patch(f"{server.url}{API}/resources/{res['link']}",
                             json={"published": False},
                             cookies=admin.cookies)
    assert no_csrf.status_code == 403
    assert admin.post(server.url + API + "/catalogue").status_code == 405


def test_delete_removes_rows(server, admin, pg, res):
    done = upload(server, admin, "scorm12-golf-runtime-basic-2010.zip")
    rid = done["resource_id"]
    assert patch(server, admin, rid, {"tags": ["doomed"], "published": True}
                 ).status_code == 200
    assert ids(catalogue(server, admin, tag="doomed")) == [rid]
    vids = [v for (v,) in pg.query("SELECT id FROM package_versions WHERE "
                                   "resource_id = %s", (rid,))]
    assert vids
    r = admin.delete(f"{server.url}{API}/resources/{rid}")
    assert r.status_code == 204
    for table in ("resources", "resource_texts", "resource_tags",
                  "package_versions"):
        col = "id" if table == "resources" else "resource_id"
        assert pg.query(f"SELECT count(*) FROM {table} WHERE {col} = %s",
                        (rid,))[0][0] == 0, table
    assert pg.query("SELECT count(*) FROM package_items WHERE version_id = "
                    "ANY(%s)", (vids,))[0][0] == 0
    assert admin.get(f"{server.url}{API}/resources/{rid}").status_code == 404
    assert admin.delete(f"{server.url}{API}/resources/{rid}"
                        ).status_code == 404
    assert ids(catalogue(server, admin, tag="doomed")) == []


def test_other_tenant_never_shows(server, pg, learner, admin, res):
    pg.admin("tenant", "create", "tenant-c", "Tenant C Academy",
             "--if-missing")
    rid = pg.query("INSERT INTO resources (tenant_id, kind, published) "
                   "SELECT id, 'link', true FROM tenants WHERE slug = "
                   "'tenant-c' RETURNING id")[0][0]
    pg.query("INSERT INTO resource_texts (tenant_id, resource_id, lang, "
             "title) SELECT tenant_id, id, 'en', 'Secret C evidence' FROM "
             "resources WHERE id = %s", (rid,))
    pg.query("INSERT INTO resource_tags (tenant_id, resource_id, tag) "
             "SELECT tenant_id, id, 'evidence' FROM resources WHERE "
             "id = %s", (rid,))
    for s in (learner, admin):
        got = catalogue(server, s, q="evidence")
        assert rid not in ids(got)
        assert ids(catalogue(server, s, tag="evidence")) == [res["link"]]
        page = s.get(server.url + "/t/demo/catalogue?q=secret")
        assert "Secret C" not in page.text
        assert s.get(f"{server.url}/t/demo/resources/{rid}").status_code \
            == 404
    assert rid not in ids(admin.get(server.url + API + "/resources"
                                    ).json()["resources"])
    assert admin.get(f"{server.url}{API}/resources/{rid}").status_code == 404
    assert patch(server, admin, rid, {"published": False}).status_code == 404
    assert admin.delete(f"{server.url}{API}/resources/{rid}"
                        ).status_code == 404
    assert pg.query("SELECT published FROM resources WHERE id = %s",
                    (rid,))[0][0] is True
