"""Prevention demo data (called by ``manage.py donnees_demo``), deterministic from its random
generator: FE versions (some older than four years, so late; the demo employer's company with its
PDF), workplace actions with their primary flag, measurements (some outside their reference), CSE
meetings, visit appointments proposed and confirmed, collective sessions with registrations and
attendance, DUERP supports and versions, action plans, Relais de prévention at every stage.

Older FE versions are loaded as imported history, without a PDF: only the demo employer's are
validated through the application (with their PDF)."""

from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from adherents.models import Contact, RoleContact
from duerp.models import (
    AccompagnementDUERP,
    ActionPlan,
    DocumentDUERP,
    Inscription,
    OutilDUERP,
    PlanAction,
    Programme,
    RelaisPrevention,
    SessionCollective,
    StatutActionPlan,
    StatutSession,
)
from spsti.models import Rattachement
from spsti.permissions import Role
from spsti.tenancy import creer_avec_historique

from . import rules
from .fiches import fiche_creer, fiche_valider
from .models import (
    ActionMilieuTravail,
    DossierPrevention,
    FamilleRisque,
    FicheEntreprise,
    InstanceRepresentative,
    Mesurage,
    NiveauExposition,
    RisqueUnite,
    StatutAction,
    StatutFiche,
    TypeAction,
    TypeMesurage,
    UniteTravail,
)

UNITES = [("Atelier de production", ["machines", "bruit", "manutention_tms", "chimique"]),
          ("Entrepôt et expédition", ["manutention_tms", "chutes", "machines"]),
          ("Chantiers extérieurs", ["chutes", "routier", "thermique", "vibrations"]),
          ("Bureaux et accueil", ["ecran", "psychosociaux"]),
          ("Cuisine", ["thermique", "chutes", "biologique"]),
          ("Soins et accompagnement", ["manutention_tms", "biologique", "psychosociaux", "nuit"])]
MESURES = {"machines": "Carters de protection, arrêts d'urgence vérifiés annuellement.",
           "bruit": "Protections auditives fournies ; port irrégulier constaté.",
           "manutention_tms": "Transpalette électrique ; formation gestes et postures en 2022.",
           "chimique": "Fiches de données de sécurité disponibles ; gants nitrile.",
           "chutes": "Sols nettoyés en fin de poste ; escabeaux conformes.",
           "routier": "Véhicules entretenus ; pas de protocole d'appel au volant.",
           "thermique": "Eau fraîche à disposition ; horaires aménagés l'été.",
           "vibrations": "Outils récents ; pas de mesure d'exposition.",
           "ecran": "Écrans réglables ; sièges anciens.",
           "psychosociaux": "Entretiens annuels ; pas de procédure en cas d'incivilité.",
           "biologique": "Vaccinations à jour ; gants à usage unique.",
           "nuit": "Planning connu un mois à l'avance."}
SITUATIONS = {"bruit": "Découpe et ponçage, 6 h par jour", "chimique": "Colles et solvants au poste de collage",
              "manutention_tms": "Port de cartons de 15 à 25 kg", "ecran": "Saisie des commandes, 7 h par jour"}
CAMPAGNE = [("sonometrie", "Poste de découpe", "Sonomètre classe 1 n° 4471, étalonné en janvier", [78, 83, 87, 91], 85,
             "R4431-2 (valeur d'action)"),
            ("eclairage", "Poste de contrôle qualité", "Luxmètre n° 118", [180, 320, 510], 300, "NF EN 12464-1")]
PRIORITES = ["Intégrer les risques repérés dans le document unique et le mettre à jour chaque année, avec un "
             "plan d'action daté.",
             "Réduire les manutentions manuelles : aides à la manutention, organisation des stocks à hauteur.",
             "Former l'encadrement de proximité à la prévention des risques psychosociaux et désigner un "
             "référent santé-sécurité."]


def _moment(jour: date, heure: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(jour, time(heure, minute)))


def _jour_ouvre(jour: date) -> date:
    """The day itself, or the Monday after a weekend."""
    return jour + timedelta(days=7 - jour.weekday()) if jour.weekday() >= 5 else jour


class DemoPrevention:
    def __init__(self, gen, service, cle, adherents):
        self.gen, self.hasard, self.service, self.adherents = gen, gen.hasard, service, adherents
        self.aujourd_hui = date.today()
        personnes = {r.utilisateur.email.split("@")[0]: r for r in Rattachement.objects.filter(
            tenant=service, utilisateur__email__endswith=f"@{cle}.demo").select_related("utilisateur")}
        self.asst, self.iprp, self.medecin = personnes["asst"], personnes["iprp"], personnes["medecin"]
        self.familles = {f.code: f for f in FamilleRisque.entrees(service)}
        self.types = {t.code: t for t in TypeAction.entrees(service)}
        self.mesures = {t.code: t for t in TypeMesurage.entrees(service)}

    def charger(self):
        self._dossiers()
        self._fiches()
        self._actions()
        self._rendez_vous()
        self._sessions()
        self._duerp()
        self._relais()
        self._fiche_de_l_employeur()

    def _intervenant(self, adherent):
        return self.iprp if adherent.equipe_id == self.iprp.equipe_id else self.asst

    def _dossiers(self):
        creer_avec_historique([DossierPrevention(
            tenant=self.service, adherent=a, referent=self.asst if a.equipe_id == self.asst.equipe_id else None,
            instances=(InstanceRepresentative.CSSCT if a.effectif >= 300 else InstanceRepresentative.CSE
                      if a.effectif >= 11 else InstanceRepresentative.AUCUNE)) for a in self.adherents],
            DossierPrevention, batch_size=1000)

    def _date_apres(self, debut: date) -> date:
        return self.gen.date_entre(min(debut, self.aujourd_hui), self.aujourd_hui)

    def _fiches(self):
        """Imported FE history: about 60 % of the members, a fifth of them in two versions; the
        older ones are past their four years. One FE waits for the physician."""
        fiches, contenus = [], []
        for rang, adherent in enumerate(self.adherents[4:], start=4):
            if self.hasard.random() > 0.6:
                continue
            premiere = self._date_apres(adherent.date_adhesion + timedelta(days=30))
            versions = [premiere] + ([self._date_apres(premiere + timedelta(days=700))]
                                     if self.hasard.random() < 0.2 else [])
            for numero, jour in enumerate(versions, start=1):
                fiche = FicheEntreprise(
                    tenant=self.service, adherent=adherent, version=numero, statut=StatutFiche.VALIDEE,
                    redigee_par=self.asst, creee_le=_moment(jour, 9), effectif=adherent.effectif,
                    description_activite=f"{adherent.code_naf.libelle}.", priorite_1=PRIORITES[0],
                    priorite_2=PRIORITES[1], priorite_3=PRIORITES[2], validee_le=_moment(jour, 17),
                    validee_par=self.medecin)
                fiches.append(fiche)
                contenus.append(self.hasard.sample(UNITES, 2))
            if rang % 25 == 7:
                fiches.append(FicheEntreprise(
                    tenant=self.service, adherent=adherent, version=len(versions) + 1, statut=StatutFiche.A_VALIDER,
                    redigee_par=self.asst, effectif=adherent.effectif, soumise_le=timezone.now() - timedelta(days=3),
                    description_activite=f"{adherent.code_naf.libelle}.", priorite_1=PRIORITES[0],
                    priorite_2=PRIORITES[1], priorite_3=PRIORITES[2]))
                contenus.append(self.hasard.sample(UNITES, 2))
        fiches = creer_avec_historique(fiches, FicheEntreprise, batch_size=1000)
        self._contenus(list(zip(fiches, contenus, strict=True)))

    def _contenus(self, fiches_et_unites):
        unites, risques = [], []
        for fiche, modeles in fiches_et_unites:
            for ordre, (nom, familles) in enumerate(modeles, start=1):
                unite = UniteTravail(tenant=self.service, fiche=fiche, nom=nom, ordre=ordre,
                                     effectif=max(1, fiche.effectif // len(modeles)))
                unites.append(unite)
                risques.append((unite, familles))
        unites = creer_avec_historique(unites, UniteTravail, batch_size=2000)
        creer_avec_historique([
            RisqueUnite(tenant=self.service, unite=unite, famille=self.familles[code], mesures_existantes=MESURES[code],
                        niveau=self.hasard.choice(NiveauExposition.values))
            for unite, (_, familles) in zip(unites, risques, strict=True) for code in familles],
            RisqueUnite, batch_size=5000)

    def _actions(self):
        """Past workplace actions (primary or not), CSE meetings for the members with one, and
        measurement campaigns with some values outside their reference."""
        codes = ["visite_entreprise", "etude_poste", "campagne_mesures", "sensibilisation", "conseil",
                 "etude_ergonomique", "risque_chimique", "rendez_vous_prevention"]
        actions = []
        for adherent in self.adherents:
            for _ in range(self.hasard.choice([0, 1, 1, 2, 3])):
                jour = self._date_apres(adherent.date_adhesion)
                actions.append(ActionMilieuTravail(
                    tenant=self.service, adherent=adherent, type=self.types[self.hasard.choice(codes)],
                    intervenant=self._intervenant(adherent), date=jour, duree_minutes=120,
                    temps_passe_heures=self.hasard.choice([2, 3, 4, 6]),
                    resultat="Compte rendu remis à l'employeur ; pistes d'amélioration discutées."))
            if adherent.effectif >= 11 and self.hasard.random() < 0.5:
                actions.append(ActionMilieuTravail(
                    tenant=self.service, adherent=adherent, type=self.types["reunion_cse"],
                    intervenant=self.medecin, date=self._date_apres(self.aujourd_hui - timedelta(days=300)),
                    resultat="Présentation de la fiche d'entreprise au CSE."))
        actions = creer_avec_historique(actions, ActionMilieuTravail, batch_size=2000)
        mesurages = []
        for action in (a for a in actions if a.type.code == "campagne_mesures"):
            for code, lieu, appareil, valeurs, limite, reference in CAMPAGNE:
                valeur, type_mesurage = self.hasard.choice(valeurs), self.mesures[code]
                mesurages.append(Mesurage(
                    tenant=self.service, action=action, type=type_mesurage, lieu=lieu, appareil=appareil,
                    valeur=valeur, unite=type_mesurage.unite, valeur_limite=limite, reference=reference,
                    hors_limite=rules.hors_limite(valeur, limite, type_mesurage.sens_limite)))
        creer_avec_historique(mesurages, Mesurage, batch_size=2000)

    def _rendez_vous(self):
        """Coming appointments of the demo team, proposed or confirmed, and one the member asked to move."""
        equipe = [a for a in self.adherents[1:] if a.equipe_id == self.asst.equipe_id][:6]
        statuts = [StatutAction.CONFIRMEE, StatutAction.PROPOSEE, StatutAction.CONFIRMEE, StatutAction.A_REPLANIFIER,
                   StatutAction.PROPOSEE, StatutAction.CONFIRMEE]
        for rang, (adherent, statut) in enumerate(zip(equipe, statuts, strict=False)):
            jour = _jour_ouvre(self.aujourd_hui + timedelta(days=2 + 2 * rang))
            debut = _moment(jour, 9 if rang % 2 == 0 else 11)
            ActionMilieuTravail.objects.create(
                tenant=self.service, adherent=adherent, type=self.types["visite_entreprise" if rang % 2 else
                                                                         "rendez_vous_prevention"],
                intervenant=self.asst if rang % 2 == 0 else self.iprp, statut=statut, date=jour, debut=debut,
                proposee_le=timezone.now() - timedelta(days=2),
                reponse_adherent="Plutôt un jeudi matin." if statut == StatutAction.A_REPLANIFIER else "")

    def _sessions(self):
        """DUERP awareness sessions and Relais modules, held (with attendance) and coming (open)."""
        centre = self.asst.centre
        modeles = [(Programme.SENSIBILISATION_DUERP, -120), (Programme.SENSIBILISATION_DUERP, -40),
                   (Programme.RELAIS_1, -200), (Programme.RELAIS_2, -90), (Programme.SENSIBILISATION_DUERP, 12),
                   (Programme.RELAIS_3, 20), (Programme.RELAIS_4, 45), (Programme.AUTRE, 30)]
        inscriptions = []
        for programme, decalage in modeles:
            jour = _jour_ouvre(self.aujourd_hui + timedelta(days=decalage))
            session = SessionCollective.objects.create(
                tenant=self.service, programme=programme, debut=_moment(jour, 14), fin=_moment(jour, 17),
                lieu=f"Centre de {centre.nom}, salle de réunion", centre=centre, capacite=12, animateur=self.iprp,
                titre="Risque routier : prévenir les accidents de trajet et de mission"
                if programme == Programme.AUTRE else "",
                statut=StatutSession.TENUE if decalage < 0 else StatutSession.PROGRAMMEE)
            for adherent in self.hasard.sample(self.adherents[5:], min(5, max(len(self.adherents) - 5, 0))):
                inscriptions.append(Inscription(
                    tenant=self.service, session=session, adherent=adherent, participants=self.hasard.choice([1, 1, 2]),
                    present=(self.hasard.random() < 0.8) if decalage < 0 else None))
        creer_avec_historique(inscriptions, Inscription, batch_size=1000)

    def _duerp(self):
        """DUERP supports (tool given, on-site support, follow-up point), their action plans, and the
        DUERP versions filed by a sixth of the members."""
        fichier = default_storage.save(f"duerp/demo/duerp-{self.service.pk}.csv", ContentFile(
            "Unité de travail;Danger;Risque;Gravité;Mesures;Échéance\nAtelier;Machines;Coupure;3;Carters;2026\n"
            .encode()))
        employeur = Rattachement.objects.filter(tenant=self.service, role=Role.ADHERENT).first().utilisateur
        documents, accompagnements = [], []
        for rang, adherent in enumerate(self.adherents[1:], start=1):
            if self.hasard.random() < 1 / 6:
                documents.append(DocumentDUERP(tenant=self.service, adherent=adherent, version=1, fichier=fichier,
                                               mis_a_jour_le=self._date_apres(self.aujourd_hui - timedelta(days=900)),
                                               depose_par=employeur))
            if adherent.effectif <= 10 and rang % 9 == 2:
                ouvert = self._date_apres(self.aujourd_hui - timedelta(days=400))
                outil = self.hasard.choice(OutilDUERP.values)
                accompagnements.append(AccompagnementDUERP(
                    tenant=self.service, adherent=adherent, suivi_par=self.iprp, ouvert_le=ouvert, outil=outil,
                    outil_remis_le=ouvert, accompagnement_sur_site_le=self._date_apres(ouvert),
                    lien_oira="https://www.oiraproject.eu/oira-tools/fr" if outil == OutilDUERP.OIRA else "",
                    point_suivi_prevu_le=ouvert + timedelta(days=180)))
        creer_avec_historique(documents, DocumentDUERP, batch_size=1000)
        accompagnements = creer_avec_historique(accompagnements, AccompagnementDUERP, batch_size=1000)
        self._plans([PlanAction(tenant=self.service, adherent=a.adherent, accompagnement=a, cree_le=a.ouvert_le)
                     for a in accompagnements])

    def _plans(self, plans):
        """Action plans with their three actions, written in bulk (one per supported member: a
        statement per plan is what made a large demo crawl)."""
        plans = creer_avec_historique(plans, PlanAction)
        creer_avec_historique([
            ActionPlan(tenant=self.service, plan=plan, intitule=intitule, famille=self.familles[code],
                       responsable=responsable, echeance=plan.cree_le + timedelta(days=90 * (n + 1)),
                       statut=[StatutActionPlan.FAITE, StatutActionPlan.EN_COURS, StatutActionPlan.A_FAIRE][n])
            for plan in plans
            for n, (intitule, code, responsable) in enumerate([
                ("Installer un transpalette électrique au quai", "manutention_tms", "Le gérant"),
                ("Rédiger un protocole de conduite sans téléphone", "routier", "La responsable administrative"),
                ("Remplacer les sièges des postes de saisie", "ecran", "Le gérant")])], ActionPlan)
        return plans

    def _relais(self):
        """Three Relais de prévention: labelled, halfway (two modules, its progress points), and
        proposed to the demo employer, who signs the contract in the portal."""
        if len(self.adherents) < 4:
            return
        labellise, en_cours = self.adherents[2], self.adherents[3]
        debut = self.aujourd_hui - timedelta(days=700)
        RelaisPrevention.objects.create(
            tenant=self.service, adherent=labellise, relais_nom=self.gen.faux.name(), relais_fonction="Chef d'équipe",
            proposee_le=debut, proposee_par=self.iprp, contrat_signe_le=debut + timedelta(days=20),
            visite_le=debut + timedelta(days=400), suivi_un_an_le=debut + timedelta(days=690),
            label_le=debut + timedelta(days=600))
        relais = RelaisPrevention.objects.create(
            tenant=self.service, adherent=en_cours, relais_nom=self.gen.faux.name(),
            relais_fonction="Responsable d'exploitation", proposee_le=self.aujourd_hui - timedelta(days=260),
            proposee_par=self.iprp, contrat_signe_le=self.aujourd_hui - timedelta(days=240))
        for programme in (Programme.RELAIS_1, Programme.RELAIS_2):
            session = SessionCollective.objects.get(tenant=self.service, programme=programme)
            Inscription.objects.update_or_create(tenant=self.service, session=session, adherent=en_cours,
                                                 defaults={"present": True, "noms": relais.relais_nom})
        self._plans([PlanAction(tenant=self.service, adherent=en_cours, relais=relais,
                                titre="Points de progrès du relais", cree_le=self.aujourd_hui - timedelta(days=60))])
        RelaisPrevention.objects.create(
            tenant=self.service, adherent=self.adherents[0], relais_nom=self.gen.faux.name(),
            relais_fonction="Assistante de direction", proposee_par=self.asst)

    def _fiche_de_l_employeur(self):
        """The demo employer's company: its FE drafted and validated through the application (with
        its PDF), and a visit date proposed to it."""
        adherent = self.adherents[0]
        Contact.objects.get_or_create(tenant=self.service, adherent=adherent, role=RoleContact.PREVENTION, defaults={
            "nom": "Blanc", "prenom": "Philippe", "email": f"prevention@{adherent.siren}.demo"})
        campagne = ActionMilieuTravail.objects.create(
            tenant=self.service, adherent=adherent, type=self.types["campagne_mesures"], intervenant=self.iprp,
            date=self.aujourd_hui - timedelta(days=240), temps_passe_heures=5, objet="Bruit et éclairage de l'atelier",
            resultat="Niveau sonore au-dessus de la valeur d'action au poste de découpe ; éclairage insuffisant au "
                     "contrôle qualité.")
        for code, lieu, appareil, valeurs, limite, reference in CAMPAGNE:
            Mesurage.objects.create(tenant=self.service, action=campagne, type=self.mesures[code], lieu=lieu,
                                    appareil=appareil, valeur=valeurs[-2] if code == "sonometrie" else valeurs[0],
                                    unite=self.mesures[code].unite, valeur_limite=limite, reference=reference)
        fiche = fiche_creer(adherent=adherent, par=self.asst)
        fiche.description_activite = (f"{adherent.code_naf.libelle}. Atelier de fabrication et entrepôt attenant ; "
                                      "livraisons quotidiennes chez les clients.")
        fiche.organisation_prevention = ("Document unique rédigé en 2019, non mis à jour. Pas de référent "
                                         "santé-sécurité désigné. Deux sauveteurs secouristes du travail.")
        fiche.priorite_1, fiche.priorite_2, fiche.priorite_3 = PRIORITES
        fiche.save()
        self._contenus([(fiche, [UNITES[0], UNITES[1], UNITES[3]])])
        for risque in RisqueUnite.objects.filter(unite__fiche=fiche, famille__code__in=SITUATIONS):
            risque.situation = SITUATIONS[risque.famille.code]
            risque.save()
        fiche_valider(fiche=fiche, par=self.medecin)
        jour = _jour_ouvre(self.aujourd_hui + timedelta(days=10))
        ActionMilieuTravail.objects.create(
            tenant=self.service, adherent=adherent, type=self.types["visite_entreprise"], intervenant=self.asst,
            statut=StatutAction.PROPOSEE, date=jour, debut=_moment(jour, 14), proposee_le=timezone.now(),
            objet="Visite des postes de l'atelier")


def charger_prevention(gen, service, cle, adherents):
    DemoPrevention(gen, service, cle, adherents).charger()
