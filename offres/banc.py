"""Benchmark of billing (``manage.py banc_essai --facturation 50000``): a synthetic service of N
members and their workers, then the yearly call's preview and issue, and the time per invoice
PDF (Factur-X)."""

import random
import time
from datetime import date
from decimal import Decimal

from adherents.models import Adherent, CodeNAF, Emploi, Salarie
from spsti.management.commands.donnees_demo import avec_cle_luhn
from spsti.models import Service, Utilisateur
from spsti.tenancy import service_actif

from . import documents, selectors, services
from .models import AppelCotisation, Facture, GrilleTarifaire, Offre, TypeOffre


def charger(nombre: int, salaries_par_adherent: int, graine: int = 14) -> Service:
    hasard = random.Random(graine)
    service = Service.objects.create(nom=f"Banc facturation {nombre}", adresse="1 place du Banc",
                                     siren=avec_cle_luhn(f"{90_000_000 + nombre:08d}"), code_postal="75001",
                                     ville="Paris")
    naf = CodeNAF.objects.get_or_create(code="41.20A", defaults={"libelle": "Construction"})[0]
    with service_actif(service):
        Adherent.objects.bulk_create([
            Adherent(tenant=service, siren=avec_cle_luhn(f"{30_000_000 + i:08d}"), raison_sociale=f"Adhérent {i:06d}",
                     code_naf=naf, adresse=f"{i} rue du Test", code_postal="75002", ville="Paris",
                     date_adhesion=date(2020, 1, 1)) for i in range(nombre)], batch_size=5000)
        adherents = list(Adherent.objects.values_list("pk", flat=True))
        salaries = []
        for adherent in adherents:
            for _ in range(max(1, int(hasard.expovariate(1 / salaries_par_adherent)))):
                salaries.append(Salarie(tenant=service, adherent_id=adherent, nom="Test", prenom="Banc",
                                        date_naissance=date(1980, 1, 1), sexe="F",
                                        categorie=hasard.choice(["SI", "SI", "SI", "SIA", "SIR"])))
        Salarie.objects.bulk_create(salaries, batch_size=5000)
        emplois = [Emploi(tenant=service, salarie=s, adherent_id=s.adherent_id, date_embauche=date(2021, 1, 1))
                   for s in salaries]
        for s in salaries[::20]:  # one worker in twenty has a second employer (D4624-65)
            emplois.append(Emploi(tenant=service, salarie=s, adherent_id=hasard.choice(adherents),
                                  date_embauche=date(2022, 1, 1)))
        Emploi.objects.bulk_create(emplois, batch_size=5000)
        offre = Offre.objects.create(tenant=service, type=TypeOffre.SOCLE, code=selectors.CODE_COTISATION,
                                     nom="Cotisation")
        GrilleTarifaire.objects.create(tenant=service, offre=offre, annee=2026, mode="par_salarie",
                                       prix=Decimal("110.00"), date_approbation_ag=date(2025, 12, 9))
    return service


def mesurer(nombre: int, salaries_par_adherent: int = 6, pdfs: int = 20, ecrire=print) -> None:
    debut = time.perf_counter()
    service = charger(nombre, salaries_par_adherent)
    with service_actif(service):
        ecrire(f"Service synthétique : {nombre} adhérents, {Emploi.objects.count()} emplois "
               f"({time.perf_counter() - debut:.0f} s de chargement)")
        debut = time.perf_counter()
        apercu = selectors.apercu_appel(2026)
        ecrire(f"Aperçu de l'appel 2026 : {len(apercu.lignes)} adhérents, {apercu.total_ht} € HT, "
               f"{time.perf_counter() - debut:.1f} s")
        utilisateur = Utilisateur.objects.create(email=f"banc{nombre}@facturation.demo", username=f"banc{nombre}")
        appel = AppelCotisation.objects.create(tenant=service, annee=2026, lance_par=utilisateur)
        debut = time.perf_counter()
        emises = services.appel_emettre(appel)
        ecrire(f"Émission : {emises} factures en {time.perf_counter() - debut:.1f} s")
        debut = time.perf_counter()
        ecrire(f"Seconde émission : {services.appel_emettre(appel)} facture en {time.perf_counter() - debut:.1f} s")
        factures = list(Facture.objects.filter(appel=appel).select_related("adherent", "appel")[:pdfs])
        debut = time.perf_counter()
        for facture in factures:
            documents.facture_facturx(facture)
        ecrire(f"PDF Factur-X : {(time.perf_counter() - debut) / len(factures) * 1000:.0f} ms par facture "
               f"(moyenne sur {len(factures)})")
