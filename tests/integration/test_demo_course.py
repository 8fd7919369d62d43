"""The demo course of content/, loaded as `make run` loads it
(conf/demo-content.sh), into a tenant that offers English, French, Spanish
and German: one resource with three language variants and a SCORM 1.2
course, loaded once however often the script runs. A learner gets the
course in their language; a German learner gets the tenant's default
with a note in German naming both languages and the other variants to
choose from; switching variant keeps the learner's status."""

import html
import json
import re
import subprocess

import pytest

from conftest import ROOT, catalogue_of, sign_in

TENANT = "coursework"
LEARNER = ("learner@coursework.example", "coursework-learner-2026")
TITLES = {"en": "The Budapest Convention on Cybercrime",
          "fr": "La Convention de Budapest sur la cybercriminalité",
          "es": "El Convenio de Budapest sobre la Ciberdelincuencia"}


def load(server, tmp):
    return subprocess.run(
        [str(ROOT / "conf" / "demo-content.sh"), TENANT], cwd=ROOT,
        env=dict(server.env, OCTOLEARN_CONTENT_OUT=str(tmp)),
        capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def course(pg, server, tmp_path_factory):
    pg.admin("tenant", "create", TENANT, "Coursework Academy", "--lang",
             "en", "--languages", "en,fr,es,de", "--if-missing")
    pg.admin("user", "add", "--tenant", TENANT, "--email", LEARNER[0],
             "--name", "Carla", "--roles", "learner", "--if-missing",
             env={"OCTOLEARN_PASSWORD": LEARNER[1]})
    tmp = tmp_path_factory.mktemp("content")
    first = load(server, tmp)
    second = load(server, tmp)
    rows = pg.query("SELECT r.id, r.published, array_agg(v.lang ORDER BY "
                    "v.lang), min(v.scorm_version) FROM resources r JOIN "
                    "package_versions v ON v.resource_id = r.id JOIN "
                    "tenants t ON t.id = r.tenant_id WHERE t.slug = %s "
                    "GROUP BY r.id, r.published ORDER BY r.id", (TENANT,))
    return {"first": first, "second": second, "rows": rows}


@pytest.fixture(scope="module")
def learner(server, pg, course):
    pg.query("DELETE FROM signin_failures")
    s, r = sign_in(server, *LEARNER, tenant=TENANT)
    assert r.status_code == 303
    return s


def resource_id(course):
    return course["rows"][0][0]


def test_loaded_once_and_published(course):
    assert course["first"].count(": done") == 4, course["first"]
    assert course["second"].count(": exists") == 4, course["second"]
    rows = course["rows"]
    assert len(rows) == 2
    (_, pub1, langs1, sv1), (_, pub2, langs2, sv2) = rows
    assert pub1 and pub2
    assert (langs1, sv1) == (["en", "es", "fr"], "2004 4th")
    assert (langs2, sv2) == (["en"], "1.2")


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_course_in_the_learners_language(server, learner, course, lang):
    rid = resource_id(course)
    hdr = {"Accept-Language": lang}
    cat = learner.get(f"{server.url}/t/{TENANT}/catalogue", headers=hdr)
    assert f'<h2 lang="{lang}"><a href="/t/{TENANT}/resources/{rid}">' \
           f'{html.escape(TITLES[lang], quote=False)}</a>' in cat.text
    page = learner.get(f"{server.url}/t/{TENANT}/resources/{rid}",
                       headers=hdr)
    assert 'id="variant-note"' not in page.text
    links = re.findall(rf'href="/t/{TENANT}/play/{rid}\?variant=(\w+)"',
                       page.text)
    assert sorted(links) == sorted({"en", "fr", "es"} - {lang})

    play = learner.get(f"{server.url}/t/{TENANT}/play/{rid}", headers=hdr)
    assert f'<h1 lang="{lang}">' in play.text
    conf = json.loads(re.search(r'id="player-config">(.*?)</script>',
                                play.text, re.S).group(1))
    assert [i["identifier"] for i in conf["items"]] == \
        ["item-lessons", "item-quiz"]
    assert conf["scorm_version"] == "2004"
    lessons = learner.get(server.url + conf["items"][0]["launch"])
    assert lessons.status_code == 200
    assert f'<html lang="{lang}"' in lessons.text


def test_fallback_with_a_note(server, learner, course):
    rid = resource_id(course)
    de = catalogue_of("de")
    # Both languages named in German ("Englisch", not "English").
    note = de.gettext("This course is not available in %s. It is shown "
                      "in %s.") % (de.pgettext("language", "German"),
                                   de.pgettext("language", "English"))
    assert "Englisch" in note and "Deutsch" in note
    hdr = {"Accept-Language": "de-AT, de;q=0.9"}
    for path in (f"/t/{TENANT}/resources/{rid}", f"/t/{TENANT}/play/{rid}"):
        page = learner.get(server.url + path, headers=hdr)
        assert page.status_code == 200
        assert '<html lang="de"' in page.text
        m = re.search(r'<p class="notice variant-note" id="variant-note" '
                      r'data-shown="en">(.*?)</p>', page.text)
        assert m, path
        assert html.unescape(m.group(1)) == note
        links = re.findall(rf'href="/t/{TENANT}/play/{rid}\?variant=(\w+)" '
                           r'hreflang="\w+" lang="(\w+)"', page.text)
        assert sorted(links) == [("es", "es"), ("fr", "fr")]
        assert de.gettext("Also available in:") in html.unescape(page.text)
    play = learner.get(f"{server.url}/t/{TENANT}/play/{rid}", headers=hdr)
    assert f'<h1 lang="en">{TITLES["en"]}</h1>' in play.text


def test_variant_choice_keeps_progress(server, pg, learner, course):
    rid = resource_id(course)
    api = f"{server.url}/api/v1/tenants/{TENANT}"
    learner.headers["X-CSRF-Token"] = learner.get(f"{api}/me").json()[
        "csrf_token"]
    # The learner picks the Spanish variant while reading in German.
    play = learner.get(f"{server.url}/t/{TENANT}/play/{rid}?variant=es",
                       headers={"Accept-Language": "de"})
    assert f'<h1 lang="es">{TITLES["es"]}</h1>' in play.text
    assert 'id="variant-note"' in play.text
    conf = json.loads(re.search(r'id="player-config">(.*?)</script>',
                                play.text, re.S).group(1))
    doc = learner.post(f"{api}/resources/{rid}/launch",
                       json={"item": "item-lessons",
                             "version": conf["version"]}).json()
    r = learner.post(f"{api}/attempts/{doc['attempt']}/commit", json={
        "session": doc["session"], "seq": 1, "terminate": True,
        "values": [["cmi.location", "4"],
                   ["cmi.completion_status", "completed"],
                   ["cmi.exit", "normal"]]})
    assert r.status_code == 200, r.text
    status = pg.query("SELECT p.status, p.lang FROM progress p JOIN users "
                      "u ON u.id = p.user_id WHERE u.email = %s AND "
                      "p.resource_id = %s", (LEARNER[0], rid))[0]
    assert status[1] == "es"

    # In French now: the same status, and the player opens French.
    fr = catalogue_of("fr")
    page = learner.get(f"{server.url}/t/{TENANT}/resources/{rid}",
                       headers={"Accept-Language": "fr"})
    assert f'data-status="{status[0]}"' in page.text
    labels = {"in_progress": "In progress", "completed": "Completed"}
    assert fr.pgettext("progress", labels[status[0]]) in \
        html.unescape(page.text)
    play = learner.get(f"{server.url}/t/{TENANT}/play/{rid}",
                       headers={"Accept-Language": "fr"})
    assert f'<h1 lang="fr">{TITLES["fr"]}</h1>' in play.text


@pytest.mark.parametrize("variant", ["de", "EN", "e", "fren", "<b>", "",
                                     "es&variant=fr"])
def test_bad_variant_is_the_usual_choice(server, pg, learner, course,
                                         variant):
    """A variant that is not a language of the course (or not a code at
    all) changes nothing: the learner's language, else the default."""
    rid = resource_id(course)
    pg.query("DELETE FROM attempts WHERE resource_id = %s", (rid,))
    play = learner.get(f"{server.url}/t/{TENANT}/play/{rid}?variant="
                       f"{variant}", headers={"Accept-Language": "fr"})
    assert play.status_code == 200
    want = "es" if variant.startswith("es") else "fr"
    assert f'<h1 lang="{want}">{TITLES[want]}</h1>' in play.text
    assert "<b>" not in play.text
