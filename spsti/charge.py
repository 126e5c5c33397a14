"""The load test's users (a locustfile): each simulated user logs in as one demo role and
walks that role's main pages, or calls the API with a token; ``banc_essai --charge`` runs it
headless against gunicorn. Its parameters come from the environment (``CHARGE_PARCOURS``: JSON
list of [email, url]; ``CHARGE_SESSIONS``: JSON email → session key of a logged-in session, so that
the password hashing of a login is not what is measured; ``CHARGE_JETON``: an API token)."""

import itertools
import json
import os
import re

from locust import HttpUser, between, task

PARCOURS = json.loads(os.environ.get("CHARGE_PARCOURS", "[]"))
SESSIONS = json.loads(os.environ.get("CHARGE_SESSIONS", "{}"))
ROLES = sorted({email for email, _ in PARCOURS})
_suivant = itertools.count()


class Personnel(HttpUser):
    """A staff or portal user, logged in: opens their pages one after the other."""

    weight = 3
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.email = ROLES[next(_suivant) % len(ROLES)]
        self.pages = [url for email, url in PARCOURS if email == self.email]
        self.client.cookies.set("sessionid", SESSIONS[self.email])

    @task
    def page(self):
        for url in self.pages:
            self.client.get(url, name=re.sub(r"/\d+/", "/{id}/", url))


class ClientAPI(HttpUser):
    """A member's or partner's software reading lists of 50 through the API with a token."""

    weight = 1
    wait_time = between(0.1, 0.3)

    def on_start(self):
        self.client.headers["Authorization"] = f"Token {os.environ['CHARGE_JETON']}"

    @task
    def listes(self):
        for url in ("/api/v1/adherents/", "/api/v1/echeances/", "/api/v1/salaries/"):
            self.client.get(url, name=f"API {url}")
