"""Bulk import of users from CSV, on the page (upload) and in the API:
all rows or none, one error per bad line with its number."""

import pytest

from conftest import form_csrf, sign_in

ADMIN = ("admin@demo.example", "demo-admin-2026")


@pytest.fixture
def admin(server, pg):
    pg.query("DELETE FROM signin_failures")
    s, r = sign_in(server, *ADMIN)
    assert r.status_code == 303
    s.headers["X-CSRF-Token"] = s.get(
        server.url + "/api/v1/tenants/demo/me").json()["csrf_token"]
    return s


def count(pg, like):
    return pg.query("SELECT count(*) FROM users WHERE email LIKE %s",
                    (like,))[0][0]


def api_import(server, s, text):
    return s.post(server.url + "/api/v1/tenants/demo/users/import",
                  data=text.encode() if isinstance(text, str) else text,
                  headers={"Content-Type": "text/csv"})


def test_page_import(server, pg, admin):
    page = admin.get(server.url + "/t/demo/admin/users/import")
    assert page.status_code == 200
    csv = ("\ufeffemail;name;roles;language\r\n"
           "imp1@demo.example;\"Ірина Шевченко\";learner;uk\r\n"
           "imp2@demo.example; Giorgi  ; learner trainer ;ka\r\n"
           "\r\n"
           "imp3@demo.example;\"O'Brien, Seán\";tenant_admin;\r\n")
    r = admin.post(server.url + "/t/demo/admin/users/import",
                   data={"csrf": form_csrf(page.text)},
                   files={"file": ("users.csv", csv.encode(), "text/csv")})
    assert r.status_code == 200, r.text
    assert "3 users imported." in r.text
    rows = pg.query(
        "SELECT u.email, u.display_name, u.lang, u.password_hash IS NULL, "
        "array_agg(r.role ORDER BY r.role) FROM users u JOIN user_roles r "
        "ON r.user_id = u.id AND r.tenant_id = u.tenant_id "
        "WHERE u.email LIKE 'imp_@demo.example' GROUP BY 1, 2, 3, 4 "
        "ORDER BY 1")
    assert rows == [
        ("imp1@demo.example", "Ірина Шевченко", "uk", True, ["learner"]),
        ("imp2@demo.example", "Giorgi", "ka", True, ["learner", "trainer"]),
        ("imp3@demo.example", "O'Brien, Seán", None, True,
         ["tenant_admin"]),
    ]


def test_bad_lines_import_nothing(server, pg, admin):
    page = admin.get(server.url + "/t/demo/admin/users/import")
    csv = ("email,name,roles\n"
           "bad1@demo.example,Good One,learner\n"
           "not-an-address,Bad Address,learner\n"
           "bad3@demo.example,Bad Role,emperor\n"
           "bad1@demo.example,Twice,learner\n"
           "bad5@demo.example,Too,many,fields\n"
           "admin@demo.example,Exists Already,learner\n")
    r = admin.post(server.url + "/t/demo/admin/users/import",
                   data={"csrf": form_csrf(page.text)},
                   files={"file": ("users.csv", csv.encode(), "text/csv")})
    assert r.status_code == 400
    for line, text in ((3, "valid email address"), (4, "Roles are"),
                       (5, "earlier line"), (6, "as many fields")):
        assert re_line(r.text, line, text), (line, text)
    assert "Nothing was imported." in r.text
    assert count(pg, "bad_@demo.example") == 0
    # Once the file is otherwise good, a taken address is reported on its
    # own line, and still nothing is written.
    r = api_import(server, admin, "email,name,roles\n"
                   "bad1@demo.example,Good One,learner\n"
                   "Admin@Demo.Example,Exists Already,learner\n")
    assert r.status_code == 400
    assert r.json()["errors"] == [
        {"line": 3, "message": "A user with this email address already "
                               "exists."}]
    assert count(pg, "bad_@demo.example") == 0


def re_line(html, line, text):
    import re
    return re.search(rf"<li>Line {line}: [^<]*{re.escape(text)}", html)


@pytest.mark.parametrize("body,status,message", [
    ("", 400, "empty"),
    ("email,name\nx@demo.example,X\n", 400, "email, name and roles"),
    ("email,name,roles\n", 400, "no users"),
    ("email,name,roles\n\"unterminated,x,learner\n", 400, "quotation mark"),
    (b"email,name,roles\nlatin@demo.example,Jos\xe9,learner\n", 400,
     "UTF-8"),
    (b"e\x00m\x00a\x00i\x00l\x00", 400, "not a text file"),
    ("email,name,roles\n" + "".join(
        f"u{i}@demo.example,U {i},learner\n" for i in range(5001)), 400,
     "more than 5000"),
    ("email,name,roles\n" + "x" * (2 * 1024 * 1024), 413, "too large"),
])
def test_api_bad_files(server, pg, admin, body, status, message):
    before = pg.query("SELECT count(*) FROM users")
    r = api_import(server, admin, body)
    assert r.status_code == status
    doc = r.json()
    text = doc["error"]["message"] + " ".join(
        e["message"] for e in doc.get("errors", []))
    assert message in text, doc
    assert pg.query("SELECT count(*) FROM users") == before


def test_api_import_and_rights(server, pg, admin):
    r = api_import(server, admin, "email,name,roles,group\n"
                   "api-imp@demo.example,Api Imported,learner,ignored\n")
    assert r.status_code == 201, r.text
    assert r.json() == {"imported": 1}
    assert count(pg, "api-imp@demo.example") == 1
    # Header required; learners may not import.
    r = admin.post(server.url + "/api/v1/tenants/demo/users/import",
                   data=b"email,name,roles\n",
                   headers={"Content-Type": "text/csv",
                            "X-CSRF-Token": "wrong"})
    assert r.status_code == 403
    s, _ = sign_in(server, "learner1@demo.example", "demo-learner-2026")
    s.headers["X-CSRF-Token"] = s.get(
        server.url + "/api/v1/tenants/demo/me").json()["csrf_token"]
    assert api_import(server, s, "email,name,roles\n").status_code == 403
