"""Benchmark: loads the demo data at a given scale (if absent), then prints, for the main pages
and endpoints, the median and worst response times and the number of SQL queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/spsti_banc python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/spsti_banc python manage.py banc_essai --scale 10
"""

import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from celery import chord
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from adherents.models import AccesPortail, Adherent, Salarie
from comptes.double_facteur import connexion_verifiee
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
    ("assistant.social@provence.demo", "/pdp/reperage/"),
    ("cabinet@provence.demo", "/portail/"),
    ("adherent@provence.demo", "/portail/entreprises/{adherent}/"),
]


def vider_les_lignes_mortes():
    """``VACUUM`` of the deadlines: the rows a measure left dead (rolled back or deleted), which
    autovacuum would clear between two nightly runs (this benchmark's PostgreSQL may run
    without it), are not read again by the next measure."""
    if connection.vendor == "postgresql":
        with connection.cursor() as curseur:
            curseur.execute("VACUUM suivi_individuel_echeance")


def cpu_machine() -> float:
    """Busy CPU seconds of the whole machine since boot (Linux's /proc/stat: all but idle and I/O wait)."""
    with open("/proc/stat") as fichier:
        temps = [int(champ) for champ in fichier.readline().split()[1:9]]
    return (sum(temps) - temps[3] - temps[4]) / os.sysconf("SC_CLK_TCK")


def cpu_enfants() -> float:
    """CPU seconds of this process's finished children (the load client, once it has stopped)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_processus(nom: str) -> float:
    """CPU seconds of the running processes of that name (``gunicorn``, ``postgres``) and of the
    children they have reaped, from /proc: a backend that ends during the run (its connection
    closed past ``CONN_MAX_AGE``) takes its time into PostgreSQL's main process."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            texte = stat.read_text()
        except OSError:  # a process that ended meanwhile
            continue
        commande, _, reste = texte.partition(" (")[2].rpartition(") ")
        if commande == nom:
            champs = reste.split()
            total += sum(int(temps) for temps in champs[11:15])  # utime, stime, cutime, cstime (fields 14 to 17)
    return total / os.sysconf("SC_CLK_TCK")


class Command(BaseCommand):
    help = "Mesure les temps de réponse et le nombre de requêtes des pages principales."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=10.0)
        parser.add_argument("--repetitions", type=int, default=20)
        parser.add_argument("--echeancier", action="store_true",
                            help="Mesurer aussi le recalcul complet de l'échéancier du plus grand service.")
        parser.add_argument("--import", dest="importation", action="store_true",
                            help="Mesurer la vérification et l'application d'un fichier de 10 000 salariés.")
        parser.add_argument("--charge", type=int, nargs="*", metavar="UTILISATEURS",
                            help="Test de charge (locust contre gunicorn) avec ces nombres d'utilisateurs "
                                 "simultanés (20 50 par défaut).")
        parser.add_argument("--duree", type=int, default=60, help="Durée de chaque palier de charge (s).")
        parser.add_argument("--port", type=int, default=8017, help="Port de gunicorn pendant le test de charge.")
        parser.add_argument("--facturation", type=int, metavar="ADHERENTS",
                            help="Mesurer seulement l'appel de cotisations et les PDF de factures d'un service "
                                 "synthétique de ce nombre d'adhérents.")
        parser.add_argument("--role", help="Mesurer sous ce rôle PostgreSQL (sécurité par ligne active), "
                                           "préparé par « manage.py role_applicatif ».")
        parser.add_argument("--indicateurs", action="store_true",
                            help="Mesurer aussi le calcul complet des instantanés d'indicateurs du plus grand "
                                 "service, face à un plancher en SQL brut pour trois indicateurs.")

    def handle(self, *args, scale, repetitions, role, echeancier, importation, charge, duree, port,
               indicateurs=False, facturation=None, **options):
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
        if indicateurs:
            from indicateurs.banc import mesurer

            mesurer(self.stdout)
        if importation:
            self._importation()
        urls = [(email, modele.format(salarie=salarie, adherent=adherent, infirmier=infirmier))
                for email, modele in PARCOURS]
        if charge is not None:
            self._charge(urls, charge or [20, 50], duree, port, role)
        if role:
            with connection.cursor() as curseur:
                curseur.execute(f"SET ROLE {connection.ops.quote_name(role)}")
        self.stdout.write(f"Base {connection.vendor}{f' (rôle {role})' if role else ''}, {adherents} adhérents, "
                          f"{salaries} salariés, {repetitions} répétitions")
        self.stdout.write(f"{'page':<48}{'médiane ms':>12}{'max ms':>10}{'requêtes':>10}")
        for email, url in urls:
            client = Client()
            connexion_verifiee(client, Utilisateur.objects.get(email=email))  # second factor verified
            durees = []
            for _ in range(repetitions):
                connection.queries_log.clear()  # a full log (9,000 entries) would count nothing
                with CaptureQueriesContext(connection) as requetes:
                    debut = time.perf_counter()
                    statut = client.get(url).status_code
                    durees.append((time.perf_counter() - debut) * 1000)
            self.stdout.write(f"{url:<48}{statistics.median(durees):>12.1f}{max(durees):>10.1f}"
                              f"{len(requetes):>10}" + ("" if statut == 200 else f"  (HTTP {statut})"))

    def _plus_grand_service(self):
        with tous_services_actifs():
            service = max(Service.objects.all(), key=lambda s: Salarie.objects.filter(tenant=s).count())
            return service, Salarie.objects.filter(tenant=service).count()

    def _echeancier(self):
        """The largest service's full recomputation (nothing changed, then every row written)
        beside the raw-SQL floor measured in the same run: a DELETE and an INSERT … SELECT of the
        same rows with their foreign-key checks, rolled back. In this process, chunk after chunk,
        then as the nightly chord on two Celery worker processes (the two cores)."""
        from suivi_individuel.echeancier import recalculer
        from suivi_individuel.models import Echeance

        service, nombre = self._plus_grand_service()
        colonnes = ("tenant_id, salarie_id, type, au_plus_tot, au_plus_tard, obligatoire, base_legale, motif, "
                    "realisable_par, calculee_le")
        with service_actif(service):
            debut = time.perf_counter()
            echeances = recalculer(service)
            inchange = time.perf_counter() - debut
            planchers = []  # three times, the median: one run varied from 1.6 to 3.0 s (checkpoints)
            for _ in range(3):
                with transaction.atomic(), connection.cursor() as curseur:
                    curseur.execute(f"CREATE TEMP TABLE plancher AS SELECT {colonnes} FROM suivi_individuel_echeance "
                                    "WHERE tenant_id = %s", [service.pk])
                    # the foreign keys are checked at commit, which this rolled-back floor never
                    # reaches: checked in its statements instead, as the recomputation's commits do
                    curseur.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    debut = time.perf_counter()
                    curseur.execute("DELETE FROM suivi_individuel_echeance WHERE tenant_id = %s", [service.pk])
                    curseur.execute(f"INSERT INTO suivi_individuel_echeance ({colonnes}) "
                                    f"SELECT {colonnes} FROM plancher")
                    planchers.append(time.perf_counter() - debut)
                    transaction.set_rollback(True)
            plancher = statistics.median(planchers)
            vider_les_lignes_mortes()  # the floors' rolled-back rows
            debut = time.perf_counter()
            Echeance.objects.all()._raw_delete(Echeance.objects.db)
            recalculer(service)
            complet = time.perf_counter() - debut
            un = Salarie.objects.order_by("pk")[nombre // 2]
            debut = time.perf_counter()
            recalculer(service, [un])
            seul = (time.perf_counter() - debut) * 1000
            vider_les_lignes_mortes()  # the rewrite's deleted rows (the chord's first run read them)
            nuit_inchange, nuit_complet = self._echeancier_de_nuit(service)
        self.stdout.write(
            f"Échéancier de {service} : {nombre} salariés, {echeances} échéances ; plancher SQL (DELETE + INSERT "
            f"des mêmes lignes, médiane de trois) {plancher:.1f} s ({min(planchers):.1f}–{max(planchers):.1f}) ; "
            f"un salarié : {seul:.0f} ms\n"
            f"  dans ce processus : recalcul sans changement {inchange:.1f} s "
            f"({inchange / nombre * 1e6:.0f} µs/salarié), réécriture complète {complet:.1f} s "
            f"({complet / nombre * 1e6:.0f} µs/salarié) : {complet / plancher:.1f}× le plancher\n"
            f"  tâche de nuit (accord Celery, 2 processus) : sans changement {nuit_inchange:.1f} s, réécriture "
            f"complète {nuit_complet:.1f} s : {nuit_complet / plancher:.1f}× le plancher")

    def _echeancier_de_nuit(self, service, processus=2):
        """The nightly chord (``recalculer_echeancier_service``'s chunks, then ``ANALYZE``) on a
        Celery worker of ``processus`` processes started here on a queue of its own: its wall time
        with nothing changed, then with every row to write again."""
        from spsti.celery import app
        from suivi_individuel.echeancier import lots
        from suivi_individuel.models import Echeance
        from suivi_individuel.tasks import analyser_echeancier, recalculer_echeancier_lot

        file = f"banc-{os.getpid()}"
        travailleur = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "spsti", "worker", "-c", str(processus), "-Q", file, "-l", "warning",
             "--without-heartbeat", "--without-mingle", "--without-gossip"],
            env={**os.environ, "CELERY_TASK_ALWAYS_EAGER": "0"}, stdout=subprocess.DEVNULL)
        eager, app.conf.task_always_eager = app.conf.task_always_eager, False
        try:
            en_file = lambda signature: signature.set(queue=file)  # noqa: E731
            for _ in range(processus):  # the worker processes started and connected before timing
                en_file(analyser_echeancier.si(service.pk)).delay().get(timeout=120)
            durees = []
            for reecriture in (False, True):
                debut = time.perf_counter()
                if reecriture:
                    Echeance.objects.all()._raw_delete(Echeance.objects.db)
                chord([en_file(recalculer_echeancier_lot.si(service.pk, lot)) for lot in lots()])(
                    en_file(analyser_echeancier.si(service.pk))).get(timeout=3600)
                durees.append(time.perf_counter() - debut)
        finally:
            app.conf.task_always_eager = eager
            travailleur.terminate()
            travailleur.wait()
        return durees

    def _importation(self, lignes=10_000):
        """A generated file of ``lignes`` new workers for one member of the largest service:
        check, then apply (rolled back)."""
        import tablib

        from adherents import declarations

        service, _ = self._plus_grand_service()
        donnees = tablib.Dataset(headers=declarations.COLONNES)
        for i in range(lignes):
            donnees.append([f"Banc{i:05}", "Essai", f"{1 + i % 28:02}/{1 + i % 12:02}/{1960 + i % 40}", "FM"[i % 2],
                            "", "Agent", "", "01/01/2020", "", ("SI", "SIA", "SIR")[i % 3],
                            ("", "travail_nuit", "cmr")[i % 3]])
        with service_actif(service), transaction.atomic():
            adherent = Adherent.objects.order_by("pk").first()
            directeur = Rattachement.objects.filter(role="directeur").first().utilisateur
            debut = time.perf_counter()
            analyse = declarations.analyser(adherent, donnees)
            verification = time.perf_counter() - debut
            debut = time.perf_counter()
            declarations.appliquer(adherent=adherent, analyse=analyse, par=directeur, annee=2026)
            application = time.perf_counter() - debut
            transaction.set_rollback(True)
        self.stdout.write(f"Import d'un fichier de {lignes} salariés : vérification {verification:.1f} s, "
                          f"application {application:.1f} s (historique et échéancier compris)")

    @staticmethod
    def _attendre(port):
        """Until gunicorn answers, then each worker warmed by a few requests (first-request
        imports are not what is measured)."""
        from urllib.request import urlopen

        for _ in range(240):
            try:
                for _ in range(12):
                    urlopen(f"http://127.0.0.1:{port}/comptes/connexion/", timeout=30).read()
                return
            except OSError:
                time.sleep(0.5)

    def _locust(self, env, port, duree, utilisateurs, classes, titre, capacite=False):
        """One headless locust run of these user classes; its table per page. With ``capacite``,
        also the CPU the server side used per request (the machine's busy time less the load
        client's), its part in gunicorn's and PostgreSQL's processes (PostgreSQL on this machine),
        and the requests per second two cores would serve at that cost."""
        binaires = Path(sys.executable).parent
        machine, client = cpu_machine(), cpu_enfants()
        processus = {nom: cpu_processus(nom) for nom in ("gunicorn", "postgres")} if capacite else {}
        with tempfile.TemporaryDirectory() as dossier:
            subprocess.run([binaires / "locust", "-f", str(Path(__file__).resolve().parents[2] / "charge.py"),
                            # arrivals spread over the first 10 s: 20 people do not open their first page
                            # in the same second (that burst measures the queue of three workers, once)
                            "--headless", "-u", str(utilisateurs), "-r", str(max(1, utilisateurs // 10)),
                            "-t", f"{duree}s",
                            "--host", f"http://127.0.0.1:{port}", "--csv", f"{dossier}/c", "--only-summary",
                            "--loglevel", "ERROR", *classes], env=env, check=False, capture_output=True)
            with open(f"{dossier}/c_stats.csv", newline="") as fichier:
                lignes = list(csv.DictReader(fichier))
        self.stdout.write(titre)
        self.stdout.write(f"{'page':<48}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'erreurs':>9}")
        for ligne in lignes:
            self.stdout.write(f"{ligne['Name'][:47]:<48}{float(ligne['Requests/s']):>8.1f}"
                              f"{ligne['50%']:>8}{ligne['95%']:>8}{float(ligne['Max Response Time']):>8.0f}"
                              f"{ligne['Failure Count']:>9}")
        if capacite:
            serveur = (cpu_machine() - machine) - (cpu_enfants() - client)
            requetes = max(sum(int(ligne["Request Count"]) for ligne in lignes if ligne["Name"] == "Aggregated"), 1)
            gunicorn, postgres = ((cpu_processus(nom) - avant) / requetes * 1000 for nom, avant in processus.items())
            self.stdout.write(f"CPU côté serveur (la machine moins le client de charge) : "
                              f"{serveur / requetes * 1000:.1f} ms par requête (gunicorn {gunicorn:.1f} ms, "
                              f"PostgreSQL {postgres:.1f} ms), soit "
                              f"{2 * requetes / max(serveur, 1e-9):.0f} req/s pour deux cœurs")

    def _charge(self, urls, paliers, duree, port, role):
        """Locust, headless, against gunicorn (3 workers, DEBUG off, persistent connections as in
        production, under ``role`` if given):
        per page p50, p95, max, errors and requests per second, for each number of users."""
        from comptes.jetons import jeton_creer

        _, cle = jeton_creer(rattachement=Rattachement.tous_services.get(utilisateur__email="directeur@provence.demo"),
                             nom="Test de charge", jours=1)
        sessions = {}
        for email in {email for email, _ in urls}:
            client = Client()
            connexion_verifiee(client, Utilisateur.objects.get(email=email))  # second factor verified
            sessions[email] = client.cookies["sessionid"].value
        base = urlsplit(os.environ.get("DATABASE_URL", ""))
        if role:
            base = base._replace(netloc=f"{role}@{base.hostname}:{base.port or 5432}")
        env = {**os.environ, "DATABASE_URL": urlunsplit(base), "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1",
               "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),  # as in production
               "CHARGE_PARCOURS": json.dumps(urls), "CHARGE_JETON": cle, "CHARGE_SESSIONS": json.dumps(sessions)}
        binaires = Path(sys.executable).parent
        serveur = subprocess.Popen([binaires / "gunicorn", "spsti.wsgi", "-w", "3", "-b", f"127.0.0.1:{port}",
                                    "--preload", "--log-level", "warning"], env=env)
        try:
            self._attendre(port)
            for utilisateurs in paliers:
                self._locust(env, port, duree, utilisateurs, ["Personnel", "ClientAPI"],
                             f"Charge : {utilisateurs} utilisateurs simultanés pendant {duree} s, 2 à 6 s de lecture "
                             f"entre deux pages (gunicorn 3 workers{f', rôle {role}' if role else ''})")
            self._locust(env, port, duree, paliers[0], ["DebitAPI"],
                         f"Débit de l'API : {paliers[0]} clients enchaînant les listes de 50 sans pause pendant "
                         f"{duree} s", capacite=True)
        finally:
            serveur.terminate()
            try:
                serveur.wait(60)  # a loaded machine takes its time to stop three workers
            except subprocess.TimeoutExpired:
                serveur.kill()
                serveur.wait()
