"""Benchmark: loads the demo data at a given scale (if absent), then prints, for the main pages
and endpoints, the median and worst response times and the number of SQL queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/spsti_banc python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/spsti_banc python manage.py banc_essai --scale 10
"""

import statistics
import time
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from adherents.models import AccesPortail, Adherent, Salarie
from spsti.models import Rattachement, Service, Utilisateur
from spsti.tenancy import service_actif, tous_services_actifs

PARCOURS = [
    ("directeur@provence.demo", "/accueil/"),
    ("directeur@provence.demo", "/organisation/"),
    ("directeur@provence.demo", "/indicateurs/"),
    ("directeur@provence.demo", "/journal-acces-medical/"),
    ("service.adherent@provence.demo", "/alertes/"),
    ("directeur@provence.demo", "/api/v1/personnel/"),
    ("medecin@provence.demo", "/suivi/salaries/{salarie}/dossier-medical/"),
    ("assistant.medical@provence.demo", "/suivi/echeancier/"),
    ("assistant.medical@provence.demo", "/suivi/echeancier/?en_retard=true&a_planifier=true"),
    ("infirmier@provence.demo", "/suivi/echeancier/?infirmier={infirmier}"),
    ("assistant.medical@provence.demo", "/suivi/agenda/"),
    ("assistant.medical@provence.demo", "/suivi/visites/"),
    ("assistant.medical@provence.demo", "/adherents/salaries/{salarie}/"),
    ("assistant.medical@provence.demo", "/api/v1/echeances/"),
    ("assistant.social@provence.demo", "/pdp/"),
    ("cabinet@provence.demo", "/portail/"),
    ("adherent@provence.demo", "/portail/entreprises/{adherent}/"),
]


class Command(BaseCommand):
    help = "Mesure les temps de réponse et le nombre de requêtes des pages principales."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=10.0)
        parser.add_argument("--repetitions", type=int, default=20)
        parser.add_argument("--echeancier", action="store_true",
                            help="Mesurer aussi le recalcul complet de l'échéancier du plus grand service.")
        parser.add_argument("--facturation", type=int, metavar="ADHERENTS",
                            help="Mesurer seulement l'appel de cotisations et les PDF de factures d'un service "
                                 "synthétique de ce nombre d'adhérents.")
        parser.add_argument("--role", help="Mesurer sous ce rôle PostgreSQL (sécurité par ligne active), "
                                           "préparé par « manage.py role_applicatif ».")

    def handle(self, *args, scale, repetitions, role, echeancier, facturation=None, **options):
        if facturation:
            from offres.banc import mesurer

            mesurer(facturation, ecrire=self.stdout.write)
            return
        if not Service.objects.exists():
            debut = time.perf_counter()
            call_command("donnees_demo", scale=scale, stdout=StringIO())
            self.stdout.write(f"Données de démonstration (échelle {scale}) : {time.perf_counter() - debut:.1f} s")
        with tous_services_actifs():
            salarie = Salarie.objects.filter(tenant__nom="Santé Travail Provence",
                                             adherent__equipe__nom="UST Avignon A").values_list("pk", flat=True)[0]
            adherent = AccesPortail.objects.get(rattachement__utilisateur__email="adherent@provence.demo").adherent_id
            infirmier = Rattachement.objects.get(utilisateur__email="infirmier@provence.demo").pk
            salaries, adherents = Salarie.objects.count(), Adherent.objects.count()
        if echeancier:
            self._echeancier()
        if role:
            with connection.cursor() as curseur:
                curseur.execute(f"SET ROLE {connection.ops.quote_name(role)}")
        self.stdout.write(f"Base {connection.vendor}{f' (rôle {role})' if role else ''}, {adherents} adhérents, "
                          f"{salaries} salariés, {repetitions} répétitions")
        self.stdout.write(f"{'page':<48}{'médiane ms':>12}{'max ms':>10}{'requêtes':>10}")
        for email, modele in PARCOURS:
            url = modele.format(salarie=salarie, adherent=adherent, infirmier=infirmier)
            client = Client()
            client.force_login(Utilisateur.objects.get(email=email))
            durees = []
            for _ in range(repetitions):
                connection.queries_log.clear()  # a full log (9,000 entries) would count nothing
                with CaptureQueriesContext(connection) as requetes:
                    debut = time.perf_counter()
                    statut = client.get(url).status_code
                    durees.append((time.perf_counter() - debut) * 1000)
            self.stdout.write(f"{url:<48}{statistics.median(durees):>12.1f}{max(durees):>10.1f}"
                              f"{len(requetes):>10}" + ("" if statut == 200 else f"  (HTTP {statut})"))

    def _echeancier(self):
        from suivi_individuel.echeancier import recalculer

        with tous_services_actifs():
            service = max(Service.objects.all(), key=lambda s: Salarie.objects.filter(tenant=s).count())
            nombre = Salarie.objects.filter(tenant=service).count()
        connection.queries_log.clear()
        with service_actif(service), CaptureQueriesContext(connection) as requetes:
            debut = time.perf_counter()
            echeances = recalculer(service)
            duree = time.perf_counter() - debut
        self.stdout.write(f"Échéancier de {service} : {nombre} salariés, {echeances} échéances en {duree:.1f} s, "
                          f"{len(requetes)} requêtes SQL")
