"""The load test's users (a locustfile): ``banc_essai --charge`` runs it headless against gunicorn.

Two runs: the working day (``Personnel`` and ``ClientAPI``: people reading their pages one after
the other with a pause between two pages, and a member's software syncing lists), then the API's
throughput (``DebitAPI``: clients asking lists of 50 back to back, without a pause). Parameters
come from the environment (``CHARGE_PARCOURS``: JSON list of [email, url]; ``CHARGE_SESSIONS``:
JSON email → session key of a logged-in session, so that the password hashing of a login is not
what is measured; ``CHARGE_JETON``: an API token)."""

import html
import itertools
import json
import os
import re
from urllib.parse import urljoin

from locust import FastHttpUser, HttpUser, between, constant, task

PARCOURS = json.loads(os.environ.get("CHARGE_PARCOURS", "[]"))
SESSIONS = json.loads(os.environ.get("CHARGE_SESSIONS", "{}"))
ROLES = sorted({email for email, _ in PARCOURS})
LISTES_API = ("/api/v1/adherents/", "/api/v1/echeances/", "/api/v1/salaries/")
_suivant = itertools.count()
COMPTE_DIFFERE = re.compile(r'hx-get="([^"]*compte=1)"')


class Personnel(HttpUser):
    """A staff or portal user, logged in: opens their main pages in turn, reading each one for
    2 to 6 seconds (a person, not a crawler: a form takes longer)."""

    weight = 3
    wait_time = between(2, 6)

    def on_start(self):
        self.email = ROLES[next(_suivant) % len(ROLES)]
        self.pages = itertools.cycle([url for email, url in PARCOURS if email == self.email])
        self.client.cookies.set("sessionid", SESSIONS[self.email])

    @task
    def page(self):
        url = next(self.pages)
        nom = re.sub(r"/\d+/", "/{id}/", url)
        reponse = self.client.get(url, name=nom)
        # a list whose count was left out asks for it at once (htmx), as the browser does
        if differe := COMPTE_DIFFERE.search(reponse.text or ""):
            self.client.get(urljoin(url, html.unescape(differe.group(1))), name=f"Décompte {nom}",
                            headers={"HX-Request": "true"})


class ClientAPI(HttpUser):
    """A member's or partner's software syncing lists of 50 through the API with a token."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        self.entetes = {"Authorization": f"Token {os.environ['CHARGE_JETON']}"}
        self.listes = itertools.cycle(LISTES_API)

    @task
    def liste(self):
        url = next(self.listes)
        self.client.get(url, name=f"API {url}", headers=self.entetes)


class DebitAPI(FastHttpUser):
    """The API's throughput: the same lists asked back to back, by locust's lighter HTTP client
    (the client shares the server's cores: its own cost is not what is measured)."""

    wait_time = constant(0)
    on_start, liste = ClientAPI.on_start, ClientAPI.liste  # the same sync, tasks included
