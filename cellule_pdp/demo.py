"""Demo data of the PDP cell (``manage.py donnees_demo``): its members, partners, files in every
state with their journal, a past meeting, and workers the early detection list proposes."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from adherents.models import Salarie
from spsti.models import Rattachement
from suivi_individuel.models import ArretTravail

from . import services
from .models import (
    AccompagnementPDP,
    Consentement,
    Information,
    IssuePDP,
    Mesure,
    Orientation,
    OrientationPDP,
    Partenaire,
    Reunion,
    SourceSignalement,
    TypePartenaire,
)

PARTENAIRES = [("Service social CARSAT", TypePartenaire.CARSAT, "2023-03-01"),
               ("Cap Emploi", TypePartenaire.CAP_EMPLOI, "2024-06-15"),
               ("Médecin conseil de la CPAM", TypePartenaire.ASSURANCE_MALADIE, None)]
# (source, days since the signal, orientation, support, outcome when closed)
DOSSIERS = [("visite_reprise", 200, "etude_poste", "amenagement_poste", "maintien_poste"),
            ("employeur", 120, "carsat", "essai_encadre", None),
            ("visite_demande", 95, "cap_emploi", "bilan_competences", None),
            ("partenaire", 70, "assistant_social", "temps_partiel_therapeutique", None),
            ("visite_periodique", 40, "etude_poste", None, None),
            ("visite_reprise", 12, None, None, None),
            ("amt", 3, None, None, None)]


def _moment(jour):
    return timezone.make_aware(datetime.combine(jour, time(10)))


def charger(service, cle, adherent_demo):
    aujourd_hui = timezone.localdate()
    equipe = adherent_demo.equipe
    membres = {r.utilisateur.email.split("@")[0]: r for r in Rattachement.objects.filter(
        tenant=service, utilisateur__email__in=[f"{n}@{cle}.demo" for n in ("medecin", "infirmier",
                                                                             "assistant.social", "iprp")])}
    Rattachement.objects.filter(pk__in=[r.pk for r in membres.values()]).update(membre_cellule_pdp=True)
    partenaires = {type_: Partenaire.objects.create(tenant=service, nom=nom, type=type_, convention_le=convention)
                   for nom, type_, convention in PARTENAIRES}
    salaries = list(Salarie.objects.filter(tenant=service, adherent__equipe=equipe).exclude(adherent=adherent_demo)
                    .order_by("pk")[:len(DOSSIERS) + 1])
    salaries[1:1] = Salarie.objects.filter(adherent=adherent_demo).order_by("-pk")[:1]  # the demo employer's
    social, medecin = membres["assistant.social"], membres["medecin"]
    for (source, il_y_a, orientation, accompagnement, issue), salarie in zip(DOSSIERS, salaries, strict=False):
        recu_le = aujourd_hui - timedelta(days=il_y_a)
        signalement = services.signalement_creer(
            salarie=salarie, source=SourceSignalement.par_code(service, source), par=medecin, recu_le=recu_le,
            partenaire=partenaires[TypePartenaire.CARSAT] if source == "partenaire" else None,
            description="Difficultés croissantes à tenir le poste.")
        dossier = signalement.dossier
        if il_y_a < 10:
            continue  # still in the intake queue
        services.dossier_prendre_en_charge(dossier=dossier, par=social, le=_moment(recu_le + timedelta(days=2)))
        dossier.prochaine_revue = aujourd_hui + timedelta(days=21 - il_y_a // 10)
        dossier.save()
        if orientation:
            Orientation.objects.create(tenant=service, dossier=dossier, proposee_le=recu_le + timedelta(days=7),
                                       orientation=OrientationPDP.par_code(service, orientation))
            services.journal_ecrire(dossier, social, "Entretien avec le salarié : orientation proposée.",
                                    le=_moment(recu_le + timedelta(days=7)))
        if accompagnement:
            Mesure.objects.create(tenant=service, dossier=dossier, proposee_le=recu_le + timedelta(days=20),
                                  accompagnement=AccompagnementPDP.par_code(service, accompagnement),
                                  statut="realisee" if issue else "en_cours")
            consentement = Consentement.objects.create(
                tenant=service, dossier=dossier, recueilli_le=recu_le + timedelta(days=7), recueilli_par=social,
                employeur=True, informations=[Information.SITUATION, Information.MESURES])
            consentement.partenaires.set(partenaires.values())
        if issue:
            services.dossier_clore(dossier=dossier, par=medecin, issue=IssuePDP.par_code(service, issue),
                                   conclusion="Aménagement validé avec l'employeur.",
                                   clos_le=recu_le + timedelta(days=110))
    reunion = Reunion.objects.create(tenant=service, date=aujourd_hui - timedelta(days=20))
    reunion.participants.set(membres.values())
    # the early detection list: long or repeated absences among the other workers
    for salarie in salaries[len(DOSSIERS):]:
        for debut in (100, 60, 25):
            ArretTravail.objects.create(tenant=service, salarie=salarie, nature="maladie_non_professionnelle",
                                        debut=aujourd_hui - timedelta(days=debut),
                                        reprise=aujourd_hui - timedelta(days=debut - 12))
