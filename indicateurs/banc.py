"""Benchmark of the snapshots (``manage.py banc_essai --indicateurs``): the full computation of
the largest service's current year against a raw-SQL floor for three indicators (one grouped
query each, what no ORM layer can beat), and the headline dashboard read from snapshots."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from adherents.models import Salarie
from spsti.models import Service
from spsti.tenancy import service_actif, tous_services_actifs

from .calcul import calculer_annee, mois, valeurs, ventiler
from .registre import INDICATEURS, Periode
from .tableau import indicateurs_phares

# The floor: one hand-written query per line. The ORM side is what a snapshot run executes for
# the same figures (one aggregate per population of rows, one grouped query per breakdown axis).
PLANCHER = {
    # visits done, and the telehealth share (numerator and denominator in one pass)
    "visites_realisees + part_teleconsultation": """
        SELECT count(*) FILTER (WHERE mode = 'teleconsultation'), count(*)
        FROM suivi_individuel_visite WHERE tenant_id = %(t)s AND statut = 'realisee'
        AND date BETWEEN %(debut)s AND %(fin)s""",
    "part_adherents_moins_11": """
        SELECT count(*) FILTER (WHERE effectif <= 10), count(*) FROM adherents_adherent
        WHERE tenant_id = %(t)s AND statut = 'actif' AND date_adhesion <= %(fin)s""",
    "visites_realisees par équipe": """
        SELECT a.equipe_id, count(*) FROM suivi_individuel_visite v
        JOIN adherents_salarie s ON s.id = v.salarie_id JOIN adherents_adherent a ON a.id = s.adherent_id
        WHERE v.tenant_id = %(t)s AND v.statut = 'realisee' AND v.date BETWEEN %(debut)s AND %(fin)s
        GROUP BY a.equipe_id""",
}
ORM = {"visites_realisees + part_teleconsultation": ["visites_realisees", "part_teleconsultation"],
       "part_adherents_moins_11": ["part_adherents_moins_11"],
       "visites_realisees par équipe": ["visites_realisees"]}


def _chrono(fonction):
    debut = time.perf_counter()
    fonction()
    return (time.perf_counter() - debut) * 1000


def mesurer(sortie):
    with tous_services_actifs():
        service = max(Service.objects.all(), key=lambda s: Salarie.objects.filter(tenant=s).count())
        nombre = Salarie.objects.filter(tenant=service).count()
    annee = timezone.localdate().year
    periode = Periode.annee(annee)
    with service_actif(service):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as requetes:
            debut = time.perf_counter()
            calculer_annee(annee)
            duree = time.perf_counter() - debut
        sortie.write(f"Instantanés {annee} de {service} ({nombre} salariés) : {len(INDICATEURS)} indicateurs "
                     f"× (année, 4 trimestres, {len(mois(annee))} mois) + ventilations, {duree:.1f} s, "
                     f"{len(requetes)} requêtes SQL")
        sortie.write(f"{'indicateur':<46}{'SQL brut ms':>12}{'ORM ms':>10}{'rapport':>9}")
        parametres = {"t": service.pk, "debut": periode.debut, "fin": periode.fin}
        for nom, sql in PLANCHER.items():
            def brut(sql=sql):
                with connection.cursor() as curseur:
                    curseur.execute(sql, parametres)
                    curseur.fetchall()

            def orm(nom=nom):
                indicateurs = [INDICATEURS[code] for code in ORM[nom]]
                if "par équipe" in nom:
                    ventiler(indicateurs[0], periode, seulement=["equipe"])
                else:
                    valeurs(indicateurs, [periode])

            brut(), orm()  # warm the caches
            # best of 15, alternated: on a shared machine a single run measures the neighbours' load
            paires = [(_chrono(brut), _chrono(orm)) for _ in range(15)]
            plancher, mesure = min(p for p, _ in paires), min(m for _, m in paires)
            sortie.write(f"{nom:<46}{plancher:>12.1f}{mesure:>10.1f}{mesure / plancher:>8.1f}×")
        indicateurs_phares(service, annee)
        lecture = sorted(_chrono(lambda: indicateurs_phares(service, annee)) for _ in range(10))
        sortie.write(f"Indicateurs phares lus dans les instantanés : médiane {lecture[5]:.1f} ms")
