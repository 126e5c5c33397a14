"""Builds three SPSTIs with realistic French demo data, deterministically (seeded).

    python manage.py donnees_demo            # ~600 members, ~6,000 workers in all
    python manage.py donnees_demo --scale 10 # ten times more members and workers
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from adherents import effectifs
from adherents.models import (
    AccesPortail,
    Adherent,
    CategorieSuivi,
    CodeNAF,
    Contact,
    DeclarationEffectifs,
    DemandeAdhesion,
    Emploi,
    Etablissement,
    EtapeAdherent,
    MessageAdherent,
    MotifCategorie,
    PropositionCategorie,
    RoleContact,
    Salarie,
)
from adherents.naf import charger_codes_naf
from adherents.trajectoire import etapes_du_service
from cellule_pdp.demo import charger as demo_cellule_pdp
from comptes.demo import SECRET_BASE32_DEMO, enroler_comptes_demo
from comptes.models import MembreFederation
from fiche_entreprise.demo import charger_prevention
from fiche_entreprise.tasks import recalculer_echeances_service
from indicateurs.regional import CLE_PARTICIPATION
from indicateurs.tasks import calculer_indicateurs_service
from offres.demo import charger as charger_offres
from spsti.models import Centre, Equipe, Rattachement, Service, Utilisateur
from spsti.permissions import ROLES_EQUIPE, Role, SpecialiteIPRP
from spsti.tasks import balayer_alertes_service
from spsti.tenancy import creer_avec_historique, tous_services_actifs
from spsti.validators import luhn_valide
from suivi_individuel import rules
from suivi_individuel.echeancier import travailleurs
from suivi_individuel.models import (
    ArretTravail,
    Disponibilite,
    DossierMedical,
    ExamenVisite,
    NatureDocument,
    PreferencesPlanification,
    ProtocoleDelegation,
    TypeVisiteService,
    Visite,
)
from suivi_individuel.tasks import recalculer_echeancier_service
from suivi_individuel.thesaurus import types_visite_du_service
from suivi_individuel.visites import document_emettre

MOT_DE_PASSE = "demo-spsti-2026"

SERVICES = [
    {"cle": "provence", "nom": "Santé Travail Provence", "adresse": "12 avenue de la Synagogue",
     "code_postal": "84000", "ville": "Avignon", "adherents": 300, "salaries": 3000,
     "centres": [("Avignon", "84000"), ("Carpentras", "84200"), ("Cavaillon", "84300"), ("Orange", "84100")]},
    {"cle": "bourgogne", "nom": "Prévention Santé Travail Bourgogne Sud",
     "adresse": "5 rue du Docteur Roux", "code_postal": "71000", "ville": "Mâcon", "adherents": 200,
     "salaries": 2000, "centres": [("Mâcon", "71000"), ("Chalon-sur-Saône", "71100"), ("Montceau-les-Mines", "71300")]},
    {"cle": "alpes", "nom": "Santé au Travail des Alpes du Sud", "adresse": "8 rue Carnot", "code_postal": "05000",
     "ville": "Gap", "adherents": 100, "salaries": 1000, "centres": [("Gap", "05000"), ("Briançon", "05100")]},
]

# Demo logins, the same in each service (…@<cle>.demo): one account per role.
COMPTES_DEMO = [
    ("directeur", Role.DIRECTEUR, "Claire", "Fontaine"),
    ("medecin", Role.MEDECIN, "Karim", "Benali"),
    ("infirmier", Role.INFIRMIER, "Julie", "Marchand"),
    ("assistant.medical", Role.ASSISTANT_MEDICAL, "Sandrine", "Roux"),
    ("iprp", Role.IPRP, "Thomas", "Girard"),
    ("asst", Role.ASSISTANT_PREVENTION, "Nadia", "Lefèvre"),
    ("assistant.social", Role.ASSISTANT_SOCIAL, "Hélène", "Moreau"),
    ("service.adherent", Role.SERVICE_ADHERENT, "Marc", "Dupuis"),
    ("comptable", Role.COMPTABLE, "Isabelle", "Garnier"),
    ("adherent", Role.ADHERENT, "Philippe", "Blanc"),
    ("cabinet", Role.ADHERENT, "Sophie", "Arnaud"),
]
MULTI_SERVICES = ("medecin.multi@demo.fr", "Anne", "Perrin")
# The federation's staff: the anonymous regional aggregates of the services (all three opt in).
FEDERATION = ("federation@demo.fr", "Louis", "Mercier", "Fédération régionale des services de santé au travail")
ADMIN = "admin@plateforme.demo"

NAF = ["10.71C", "16.10A", "25.11Z", "41.20A", "43.21A", "43.32A", "43.99C", "45.11Z", "45.20A", "47.11D",
       "47.19B", "47.78C", "49.41A", "56.10A", "55.10Z", "62.01Z", "69.20Z", "71.12B", "81.21Z", "86.22C",
       "87.10A", "88.10A", "01.21Z", "01.13Z", "38.21Z", "46.90Z", "52.29A", "85.59A", "96.02A", "49.41B"]
POSTES = ["Agent de production", "Conducteur de ligne", "Maçon", "Électricien", "Cariste",
          "Vendeur", "Aide-soignant", "Secrétaire", "Comptable", "Chauffeur poids lourd",
          "Cuisinier", "Serveur", "Agent d'entretien", "Technicien de maintenance", "Ouvrier agricole",
          "Développeur", "Infirmier", "Auxiliaire de vie", "Magasinier", "Soudeur"]
MOTIFS_SIR = [MotifCategorie.AMIANTE, MotifCategorie.PLOMB, MotifCategorie.CMR, MotifCategorie.ECHAFAUDAGES,
              MotifCategorie.APTITUDE_SPECIFIQUE, MotifCategorie.RAYONNEMENTS]
MOTIFS_SIA = [MotifCategorie.NUIT, MotifCategorie.HANDICAP, MotifCategorie.INVALIDITE, MotifCategorie.MOINS_18]
EXPOSITIONS = ["Bruit > 85 dB(A)", "Port de charges", "Travail de nuit", "Agents chimiques CMR",
               "Vibrations corps entier", "Poussières de bois", "Travail sur écran", "Amiante (SS4)"]


def aware(jour: date, heure: time) -> datetime:
    return timezone.make_aware(datetime.combine(jour, heure))


def avec_cle_luhn(prefixe: str) -> str:
    return next(prefixe + str(c) for c in range(10) if luhn_valide(prefixe + str(c)))


class Generateur:
    def __init__(self, graine: int):
        self.hasard = random.Random(graine)
        self.faux = Faker("fr_FR")
        self.faux.seed_instance(graine)
        self.sirens = set()

    def siren(self) -> str:
        """A Luhn-valid SIREN never drawn before (20,000 draws among 90 million collide)."""
        while (siren := avec_cle_luhn(str(self.hasard.randint(10_000_000, 99_999_999)))) in self.sirens:
            pass
        self.sirens.add(siren)
        return siren

    def siret(self, siren: str, numero: int) -> str:
        return avec_cle_luhn(siren + f"{numero:04d}")

    def effectif(self) -> int:
        tirage = self.hasard.random()
        if tirage < 0.7:
            return self.hasard.randint(1, 10)
        if tirage < 0.93:
            return self.hasard.randint(11, 49)
        if tirage < 0.99:
            return self.hasard.randint(50, 249)
        return self.hasard.randint(250, 600)

    def categorie(self) -> tuple[str, list[str]]:
        tirage = self.hasard.random()
        if tirage < 0.7:
            return CategorieSuivi.SI, []
        if tirage < 0.85:
            return CategorieSuivi.SIA, [self.hasard.choice(MOTIFS_SIA)]
        return CategorieSuivi.SIR, self.hasard.sample(MOTIFS_SIR, self.hasard.randint(1, 2))

    def nir(self, sexe: str, naissance: date, numero: int) -> str:
        """A well-formed NIR, unique within the service (department, commune and order come from
        ``numero``: 998,001 workers per department, the next ones born in the next department)."""
        departement, reste = divmod(numero, 999 * 999)
        commune, ordre = reste // 999 + 1, reste % 999 + 1
        debut = f"{1 if sexe == 'M' else 2}{naissance:%y%m}{84 - departement:02d}{commune:03d}{ordre:03d}"
        return debut + f"{97 - int(debut) % 97:02d}"

    def date_adhesion(self, aujourd_hui: date) -> date:
        """One member in six joined within the last 400 days (their journey is under way)."""
        if self.hasard.random() < 1 / 6:
            return aujourd_hui - timedelta(days=self.hasard.randint(0, 400))
        return self.date_entre(date(2005, 1, 1), aujourd_hui - timedelta(days=401))

    def date_entre(self, debut: date, fin: date) -> date:
        return debut + timedelta(days=self.hasard.randint(0, (fin - debut).days))


def analyser():
    """Fresh planner statistics on PostgreSQL (a database without autovacuum, or before it runs,
    plans the first pages on tables it believes empty: the alerts page at 1M workers took 285 ms
    instead of 42)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as curseur:
            curseur.execute("ANALYZE")


class Command(BaseCommand):
    help = "Crée trois SPSTI de démonstration (centres, équipes, personnels, adhérents, salariés)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0,
                            help="Multiplie le nombre d'adhérents et de salariés (défaut : 1).")
        parser.add_argument("--graine", type=int, default=2026, help="Graine du hasard (défaut : 2026).")
        parser.add_argument("--sans-indicateurs", action="store_true",
                            help="Ne calcule pas les instantanés des indicateurs (ils le seront à la première "
                                 "consultation ou la nuit) : chargement plus rapide, pour les tests.")
        parser.add_argument("--services", nargs="+", choices=[s["cle"] for s in SERVICES], metavar="CLE",
                            help="Ne charger que ces services (par exemple « provence » seul, pour mesurer un très "
                                 "grand service) ; tous par défaut.")

    def handle(self, *args, scale, graine, sans_indicateurs=False, services=None, **options):
        if scale <= 0:
            raise CommandError("--scale doit être strictement positif.")
        if Service.objects.filter(siren__in=self._sirens(graine)).exists():
            self.stdout.write("Les données de démonstration sont déjà chargées.")
            self._afficher_comptes()
            return
        generateur = Generateur(graine)
        self.empreinte = make_password(MOT_DE_PASSE)  # hashed once: every demo account shares it
        with transaction.atomic(), tous_services_actifs():
            charger_codes_naf(CodeNAF)  # reference data, in case the database was emptied since migrate
            Utilisateur.objects.create(email=ADMIN, username=ADMIN, password=self.empreinte, is_staff=True,
                                       is_superuser=True, first_name="Admin", last_name="Plateforme")
            multi = self._utilisateur(MULTI_SERVICES[0], MULTI_SERVICES[1], MULTI_SERVICES[2])
            MembreFederation.objects.create(utilisateur=self._utilisateur(*FEDERATION[:3]), federation=FEDERATION[3])
            services = [self._service(generateur, donnees, scale, multi) for donnees in SERVICES
                        if services is None or donnees["cle"] in services]
            analyser()  # fresh statistics for the planner, before the side effects delivered at the commit
        for service in services:  # then the indicators' snapshots, so that the director's pages read them
            chaine = (recalculer_echeancier_service.si(service.pk) | recalculer_echeances_service.si(service.pk)
                      | balayer_alertes_service.si(service.pk))
            (chaine if sans_indicateurs else chaine | calculer_indicateurs_service.si(service.pk)).delay()
        analyser()  # and after them (run here when tasks are eager): 390,000 alerts at 1M workers
        enroler_comptes_demo()  # issue 11: the second factor of the medical roles and directors
        self.stdout.write(self.style.SUCCESS("Données de démonstration créées."))
        self._afficher_comptes()

    def _afficher_comptes(self):
        self.stdout.write(f"\nComptes de démonstration (mot de passe commun : {MOT_DE_PASSE})")
        with tous_services_actifs():
            charges = set(Service.objects.values_list("nom", flat=True))
        for donnees in (d for d in SERVICES if d["nom"] in charges):
            self.stdout.write(f"  {donnees['nom']} :")
            for identifiant, role, _prenom, _nom in COMPTES_DEMO:
                espace = "portail /portail/" if role == Role.ADHERENT else "back-office /"
                self.stdout.write(f"    {identifiant}@{donnees['cle']}.demo".ljust(40) + f"{role.label} — {espace}")
        self.stdout.write(f"  Médecin travaillant pour chacun des services : {MULTI_SERVICES[0]}")
        self.stdout.write(f"  {FEDERATION[3]} (vue régionale anonyme) : {FEDERATION[0]}")
        self.stdout.write(f"  Administrateur de la plateforme (/admin/) : {ADMIN}")
        self.stdout.write("  Second facteur (directeurs, médecins, infirmiers, administrateur) : code actuel par "
                          f"« python manage.py code_otp <e-mail> », ou clé {SECRET_BASE32_DEMO} dans une "
                          "application d'authentification.")

    def _utilisateur(self, email, prenom, nom):
        return Utilisateur.objects.create(email=email, username=email, password=self.empreinte,
                                          first_name=prenom, last_name=nom)

    def _sirens(self, graine):
        generateur = Generateur(graine)
        return [generateur.siren() for _ in SERVICES]

    def _service(self, gen, donnees, scale, multi):
        service = Service.objects.create(
            nom=donnees["nom"], siren=gen.siren(), adresse=donnees["adresse"],
            code_postal=donnees["code_postal"], ville=donnees["ville"],
            parametres={"age_mi_carriere": 45, "delai_sans_action_pdp_jours": 60, CLE_PARTICIPATION: True})
        centres, equipes = [], []
        for numero, (ville, code_postal) in enumerate(donnees["centres"]):
            centre = Centre.objects.create(tenant=service, nom=ville, code_postal=code_postal, ville=ville,
                                           adresse=gen.faux.street_address(),
                                           telephone=f"04 9{numero} {gen.hasard.randint(10, 99)} "
                                                     f"{gen.hasard.randint(10, 99)} {gen.hasard.randint(10, 99)}")
            centres.append(centre)
            for lettre in "AB":
                equipes.append(Equipe.objects.create(tenant=service, centre=centre, nom=f"UST {ville} {lettre}"))
        medecins = self._personnel(gen, service, donnees["cle"], equipes, multi)
        adherents = self._adherents(gen, service, equipes, medecins, round(donnees["adherents"] * scale))
        self._salaries(gen, service, adherents, round(donnees["salaries"] * scale))
        self._portail(service, donnees["cle"], adherents)
        self._echanges(gen, service, donnees["cle"], adherents)
        self._agenda(service, donnees["cle"], adherents[0])
        demo_cellule_pdp(service, donnees["cle"], adherents[0])
        charger_prevention(gen, service, donnees["cle"], adherents)
        charger_offres(service, donnees["cle"], adherents)
        return service

    def _personnel(self, gen, service, cle, equipes, multi):
        """Staff of every role; returns the physician of each team."""
        premiere = equipes[0]
        for identifiant, role, prenom, nom in COMPTES_DEMO:
            utilisateur = self._utilisateur(f"{identifiant}@{cle}.demo", prenom, nom)
            Rattachement.objects.create(
                tenant=service, utilisateur=utilisateur, role=role, centre=premiere.centre,
                equipe=premiere if role in ROLES_EQUIPE else None,
                specialite=SpecialiteIPRP.ERGONOME if role == Role.IPRP else "")
        for equipe in equipes[1:]:
            for role in (Role.MEDECIN, Role.INFIRMIER, Role.INFIRMIER, Role.ASSISTANT_MEDICAL):
                utilisateur = self._utilisateur(f"{gen.faux.unique.user_name()}@{cle}.demo",
                                                gen.faux.first_name(), gen.faux.last_name())
                Rattachement.objects.create(tenant=service, utilisateur=utilisateur, role=role,
                                            centre=equipe.centre, equipe=equipe)
        Rattachement.objects.create(tenant=service, utilisateur=multi, role=Role.MEDECIN,
                                    centre=equipes[-1].centre, equipe=equipes[-1])
        medecins = {}
        for medecin in Rattachement.objects.filter(tenant=service, role=Role.MEDECIN).order_by("pk"):
            medecins.setdefault(medecin.equipe_id, medecin)
        return medecins

    def _adherents(self, gen, service, equipes, medecins, nombre):
        """Members with their head office and, for the larger ones, other sites; contacts;
        a few without a team or unreachable (the cases member services must catch)."""
        aujourd_hui = date.today()
        adherents, etablissements, contacts = [], [], []
        codes_naf = CodeNAF.objects.in_bulk(NAF)  # the instance set, not its id: read later per member
        for numero_adherent in range(nombre):
            equipe = gen.hasard.choice(equipes)
            sans_equipe = numero_adherent % 33 == 5  # about 3 %, at every scale
            injoignable = numero_adherent % 20 == 7  # 5 %
            siren = gen.siren()
            adherent = Adherent(
                tenant=service, siren=siren, raison_sociale=gen.faux.unique.company(),
                code_naf=codes_naf[gen.hasard.choice(NAF)], adresse=gen.faux.street_address(),
                code_postal=equipe.centre.code_postal, ville=equipe.centre.ville,
                date_adhesion=gen.date_adhesion(aujourd_hui), centre=equipe.centre,
                equipe=None if sans_equipe else equipe, medecin=None if sans_equipe else medecins.get(equipe.pk),
                injoignable=injoignable, note_injoignable="Courriels revenus en erreur" if injoignable else "")
            effectif = gen.effectif()
            sites = 1 if effectif < 50 else gen.hasard.randint(2, 3)
            for numero in range(1, sites + 1):
                etablissements.append(Etablissement(
                    tenant=service, adherent=adherent, siret=gen.siret(siren, numero), siege=numero == 1,
                    nom="Siège" if numero == 1 else f"Site n° {numero}", ville=equipe.centre.ville,
                    code_postal=equipe.centre.code_postal, effectif=effectif // sites, centre=equipe.centre))
            adherent.effectif = effectif // sites * sites
            contacts.append(Contact(
                tenant=service, adherent=adherent, role=RoleContact.EMPLOYEUR, nom=gen.faux.last_name(),
                prenom=gen.faux.first_name(), telephone=f"06 {gen.hasard.randint(10, 99)} "
                                                        f"{gen.hasard.randint(10, 99)} {gen.hasard.randint(10, 99)} "
                                                        f"{gen.hasard.randint(10, 99)}",
                email="" if injoignable else gen.faux.email()))
            adherents.append(adherent)
        adherents = creer_avec_historique(adherents, Adherent, batch_size=500)
        creer_avec_historique(etablissements, Etablissement, batch_size=1000)
        creer_avec_historique(contacts, Contact, batch_size=1000)
        self._trajectoires(gen, service, adherents, aujourd_hui)
        return adherents

    def _trajectoires(self, gen, service, adherents, aujourd_hui):
        """Journeys of the members who joined within two years, in every state: done on time,
        done late, overdue, not yet due."""
        etapes = etapes_du_service(service)
        lignes = []
        for adherent in adherents:
            if (aujourd_hui - adherent.date_adhesion).days > 730:
                continue
            for etape in etapes:
                echeance = adherent.date_adhesion + timedelta(days=etape.delai_jours)
                tirage = gen.hasard.random()
                faite_le = None
                if echeance < aujourd_hui and tirage < 0.6 or echeance >= aujourd_hui and tirage < 0.3:
                    faite_le = min(aujourd_hui, adherent.date_adhesion + timedelta(
                        days=gen.hasard.randint(0, etape.delai_jours)))
                elif echeance < aujourd_hui and tirage < 0.8:
                    faite_le = min(aujourd_hui, echeance + timedelta(days=gen.hasard.randint(1, 45)))
                lignes.append(EtapeAdherent(tenant=service, adherent=adherent, etape=etape, echeance=echeance,
                                            faite_le=faite_le))
        creer_avec_historique(lignes, EtapeAdherent, batch_size=1000)

    def _salaries(self, gen, service, adherents, nombre):
        """Workers in every category with their reasons, their employment(s) (one in twenty has a
        second employer), a NIR for most, and a medical record for one in five."""
        poids = [min(a.effectif, 80) for a in adherents]
        salaries, emplois = [], []
        for numero, adherent in enumerate(gen.hasard.choices(adherents, weights=poids, k=nombre)):
            sexe = gen.hasard.choice("FM")
            naissance = gen.date_entre(date(1960, 1, 1), date(2007, 12, 31))
            prenom = gen.faux.first_name_female() if sexe == "F" else gen.faux.first_name_male()
            categorie, motifs = gen.categorie()
            salarie = Salarie(
                tenant=service, adherent=adherent, sexe=sexe, date_naissance=naissance, nom=gen.faux.last_name(),
                prenom=prenom, categorie=categorie, motifs_categorie=motifs,
                nir=gen.nir(sexe, naissance, numero) if numero % 10 else "")
            salaries.append(salarie)
            employeurs = [adherent] + ([gen.hasard.choice(adherents)] if numero % 20 == 3 else [])
            for employeur in dict.fromkeys(employeurs):
                embauche = gen.date_entre(max(employeur.date_adhesion, naissance + timedelta(days=18 * 365)),
                                          date.today())
                emplois.append(Emploi(tenant=service, salarie=salarie, adherent=employeur,
                                      poste=gen.hasard.choice(POSTES), date_embauche=embauche))
        salaries = creer_avec_historique(salaries, Salarie, batch_size=1000)
        creer_avec_historique(emplois, Emploi, batch_size=1000)
        effectifs.actualiser([a.pk for a in adherents])  # the headcount is that of the workers drawn
        compte = dict(Adherent.objects.filter(tenant=service).values_list("pk", "effectif"))
        for adherent in adherents:
            adherent.effectif = compte[adherent.pk]
        self._visites(gen, service, salaries, {e.salarie.pk: e.date_embauche for e in emplois
                                               if e.adherent_id == e.salarie.adherent_id})
        dossiers = [DossierMedical(
            tenant=service, salarie=salarie,
            expositions=", ".join(gen.hasard.sample(EXPOSITIONS, 2)),
            informations_sante="Pas d'antécédent notable déclaré.",
            notes="Visite sans particularité. Conseils d'hygiène posturale donnés.")
            for salarie in salaries if gen.hasard.random() < 0.2]
        creer_avec_historique(dossiers, DossierMedical, batch_size=1000)

    def _visites(self, gen, service, salaries, embauches):
        """Past visits by the team's physician or nurse, some by telehealth: most workers are up
        to date, about one in seven is late."""
        aujourd_hui, visites, soignants = date.today(), [], {}
        for soignant in Rattachement.objects.filter(tenant=service, role__in=[Role.MEDECIN, Role.INFIRMIER]):
            soignants.setdefault((soignant.equipe_id, soignant.role), soignant)
        for salarie in salaries:
            embauche = embauches[salarie.pk]
            if gen.hasard.random() < 0.15 or embauche > aujourd_hui - timedelta(days=60):
                continue
            recul = {"SI": 4 * 365, "SIA": 2 * 365, "SIR": 3 * 365}[salarie.categorie]
            jour = max(embauche, aujourd_hui - timedelta(days=gen.hasard.randint(30, recul)))
            premiere = jour == embauche or gen.hasard.random() < 0.3
            type_visite = {"SI": "vip_initiale" if premiere else "vip_periodique",
                           "SIA": "vip_initiale" if premiere else "vip_periodique",
                           "SIR": "examen_aptitude_embauche" if premiere else "examen_aptitude_periodique",
                           }[salarie.categorie]
            delegable = salarie.categorie != "SIR" and gen.hasard.random() < 0.6
            visites.append(Visite(tenant=service, salarie=salarie, type=type_visite, date=jour,
                                  professionnel=soignants.get((salarie.adherent.equipe_id,
                                                               Role.INFIRMIER if delegable else Role.MEDECIN)),
                                  mode="teleconsultation" if delegable and gen.hasard.random() < 0.3 else "site"))
            intermediaire = jour + timedelta(days=gen.hasard.randint(330, 700))
            if salarie.categorie == "SIR" and intermediaire < aujourd_hui:
                visites.append(Visite(tenant=service, salarie=salarie, type="intermediaire_sir", date=intermediaire))
        creer_avec_historique(visites, Visite, batch_size=2000)

    def _agenda(self, service, cle, adherent):
        """The demo employer's company followed by the demo team, the team's delegation protocol,
        four weeks of availability for its physician and nurse (telehealth on Tuesday
        afternoons), the company's preferences, two coming
        convocations and a visit done this morning with its attestation."""
        types_visite_du_service(service)
        medecin, infirmier = (Rattachement.objects.get(tenant=service, utilisateur__email=f"{nom}@{cle}.demo")
                              for nom in ("medecin", "infirmier"))
        adherent.equipe, adherent.centre, adherent.medecin = medecin.equipe, medecin.centre, medecin
        adherent.save()  # the demo employer's company is followed by the demo team
        protocole = ProtocoleDelegation.objects.create(
            tenant=service, medecin=medecin, infirmier=infirmier, categories=["SI", "SIA", "SIR"],
            types_visite=["vip_initiale", "vip_periodique", "intermediaire_sir", "mi_carriere"],
            contenu="VIP initiales et périodiques, visites intermédiaires SIR et de mi-carrière. Orientation sans "
                    "délai vers le médecin : grossesse, handicap, inaptitude possible, symptôme nouveau.",
            valide_du=date(2025, 1, 1), signe_le=date(2025, 1, 2), valide_cmt_le=date(2025, 1, 15),
            pratique_avancee=True)  # L4624-2-2: mid-career delegated to an advanced-practice nurse
        lundi = date.today() - timedelta(days=date.today().weekday())
        plages = []
        for jour in (lundi + timedelta(days=n) for n in range(28)):
            if jour.weekday() >= 5:
                continue
            for debut, fin in ((time(8, 30), time(12)), (time(13, 30), time(17))):
                for soignant in (medecin, infirmier):
                    mode = "teleconsultation" if soignant == infirmier and jour.weekday() == 1 and debut.hour > 12 \
                        else "site"
                    plages.append(Disponibilite(tenant=service, professionnel=soignant, centre=medecin.centre,
                                                mode=mode, debut=aware(jour, debut), fin=aware(jour, fin)))
        Disponibilite.objects.bulk_create(plages)
        PreferencesPlanification.objects.create(tenant=service, adherent=adherent, jours=[1, 3],
                                                heure_max=time(12), commentaire="Les matins, hors lundi (livraisons).")
        salaries = list(Salarie.objects.filter(tenant=service, adherent=adherent).order_by("pk"))
        vu_ce_matin = next((s for s in salaries if s.categorie == "SI"), None)
        demain = lundi + timedelta(days=7 + 1)
        for numero, salarie in enumerate([s for s in salaries if s != vu_ce_matin][:2]):
            due = min((e for e in rules.echeances(travailleurs([salarie.pk])[salarie.pk]) if e.obligatoire),
                      key=lambda e: e.au_plus_tard)  # what the schedule asks for first
            par = infirmier if due.type in protocole.types_visite else medecin
            debut = aware(demain, time(9, 20 * numero))
            Visite.objects.create(tenant=service, salarie=salarie, type=due.type, statut="planifiee",
                                  professionnel=par, protocole=protocole if par == infirmier else None, debut=debut,
                                  date=demain, disponibilite=Disponibilite.objects.get(
                                      professionnel=par, debut__lte=debut, fin__gt=debut),
                                  type_service=TypeVisiteService.objects.get(tenant=service, type_legal=due.type))
        autres = [s for s in salaries if s != vu_ce_matin][2:4]
        if autres:  # back in a few days after two months off: a reprise visit is due (R4624-31)
            retour = date.today() + timedelta(days=4)
            ArretTravail.objects.create(tenant=service, salarie=autres[0], nature="maladie_non_professionnelle",
                                        debut=retour - timedelta(days=66), reprise=retour)
        if len(autres) > 1:
            Visite.objects.create(tenant=service, salarie=autres[1], type="demande_employeur", statut="a_planifier",
                                  professionnel=medecin, demandee_le=timezone.now() - timedelta(days=2),
                                  demandee_par=Rattachement.objects.get(tenant=service,
                                                                        utilisateur__email=f"adherent@{cle}.demo"),
                                  motif_demande="Difficultés au poste depuis le changement d'horaires.")
        if vu_ce_matin:
            faite = Visite.objects.create(tenant=service, salarie=vu_ce_matin, type="vip_periodique",
                                          date=date.today(), professionnel=infirmier, protocole=protocole)
            ExamenVisite.objects.create(tenant=service, visite=faite, notes="Lombalgies en fin de poste.",
                                        conclusions="Conseils posturaux ; revoir à 3 ans.")
            document_emettre(visite=faite, par=infirmier, nature=NatureDocument.ATTESTATION_SUIVI,
                             propositions="Alterner les tâches de manutention dans la journée.")

    def _portail(self, service, cle, adherents):
        """The employer manages one company; the accounting firm manages three."""
        for identifiant, choisis in (("adherent", adherents[:1]), ("cabinet", adherents[1:4])):
            rattachement = Rattachement.tous_services.get(tenant=service,
                                                          utilisateur__email=f"{identifiant}@{cle}.demo")
            AccesPortail.objects.bulk_create(
                [AccesPortail(tenant=service, rattachement=rattachement, adherent=a) for a in choisis])

    def _echanges(self, gen, service, cle, adherents):
        """What member services and teams find waiting: applications, messages, category
        proposals, and a first declaration."""
        employeur = Utilisateur.objects.get(email=f"adherent@{cle}.demo")
        premiere = adherents[0]
        for numero in range(3):
            siren = gen.siren()
            DemandeAdhesion.objects.create(
                tenant=service, siret=gen.siret(siren, 1), raison_sociale=gen.faux.unique.company(),
                code_naf_id=gen.hasard.choice(NAF), adresse=gen.faux.street_address(), code_postal=premiere.code_postal,
                ville=premiere.ville, effectif=gen.hasard.randint(1, 30), contact_prenom=gen.faux.first_name(),
                contact_nom=gen.faux.last_name(), contact_email=f"contact{numero}@{cle}-candidat.demo",
                contact_telephone="04 90 00 00 0" + str(numero))
        for objet, texte in [("Nouvelle embauche", "Un apprenti de 17 ans arrive le mois prochain : faut-il une visite "
                                                   "avant son affectation ?"),
                             ("Changement d'adresse", "Notre siège déménage au 1er du mois prochain.")]:
            MessageAdherent.objects.create(tenant=service, adherent=premiere, auteur=employeur, objet=objet,
                                           texte=texte)
        equipe_demo = Rattachement.objects.get(tenant=service, utilisateur__email=f"medecin@{cle}.demo").equipe
        salaries = Salarie.objects.filter(tenant=service, adherent__equipe=equipe_demo, categorie="SI")[:2]
        for salarie in salaries:
            PropositionCategorie.objects.create(
                tenant=service, salarie=salarie, adherent=salarie.adherent, categorie="SIA",
                motifs_categorie=["travail_nuit"], proposee_par=employeur,
                justification="Passage en équipe de nuit (21 h - 5 h) à partir du mois prochain.")
        DeclarationEffectifs.objects.create(tenant=service, adherent=premiere, annee=date.today().year,
                                            deposee_par=employeur, totaux=effectifs.par_categorie(premiere))
