"""The follow-up blocks of "Ma journée": the physician's and nurse's visits of today and
tomorrow, what to sign; the medical assistant's visits to book this week, today's no-shows and
the requests waiting."""

from datetime import timedelta

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from spsti.journee import Bloc, Ligne, bloc_journee
from spsti.permissions import Role, peut

from .echeancier import avec_convocation
from .models import STATUTS_A_VENIR, Echeance, ProtocoleDelegation, StatutVisite, Visite

LIMITE = 12


def _jour(moment):
    return timezone.localtime(moment).date()


@bloc_journee("visites_du_jour", "Mes visites d'aujourd'hui et de demain", roles={Role.MEDECIN, Role.INFIRMIER},
              ordre=10)
def visites_du_jour(rattachement, jour):
    debut = timezone.make_aware(timezone.datetime.combine(jour, timezone.datetime.min.time()))
    visites = (Visite.objects.filter(professionnel=rattachement, debut__gte=debut, debut__lt=debut + timedelta(days=2))
               .exclude(statut=StatutVisite.ANNULEE)
               .select_related("salarie__adherent", "type_service", "disponibilite__centre").order_by("debut"))
    lignes = []
    for visite in visites:
        aujourd_hui = _jour(visite.debut) == jour
        action = None
        if visite.statut in STATUTS_A_VENIR and aujourd_hui and peut(rattachement, "enregistrer_visite", visite):
            action = ("Enregistrer", reverse("suivi_individuel:visite_enregistrer", args=[visite.pk]))
        lignes.append(Ligne(
            groupe="Aujourd'hui" if aujourd_hui else "Demain",
            texte=f"{timezone.localtime(visite.debut):%H:%M} · {visite.salarie}",
            detail=f"{visite.type_service or visite.get_type_display()} · {visite.salarie.adherent}",
            badge=visite.get_statut_display(), url=reverse("suivi_individuel:visite", args=[visite.pk]),
            action=action))
    return Bloc(lignes=lignes, vide="Aucune visite à votre agenda aujourd'hui ni demain.",
                lien=("Mon agenda", reverse("suivi_individuel:agenda")))


@bloc_journee("orientations", "Orientations et demandes qui vous attendent", roles={Role.MEDECIN}, ordre=20)
def orientations(rattachement, jour):
    visites = (Visite.objects.filter(professionnel=rattachement, statut=StatutVisite.A_PLANIFIER)
               .select_related("salarie__adherent", "orientee_depuis").order_by("demandee_le", "pk"))
    lignes = [Ligne(texte=str(v.salarie), url=reverse("suivi_individuel:visite", args=[v.pk]),
                    detail=("orientation par l'infirmier·e" if v.orientee_depuis_id else v.get_type_display())
                    + (f" · demandée le {timezone.localtime(v.demandee_le):%d/%m/%Y}" if v.demandee_le else ""))
              for v in visites[:LIMITE]]
    return Bloc(lignes=lignes, total=visites.count(), vide="Aucune orientation ni demande en attente.") if lignes \
        else None


@bloc_journee("protocoles_a_signer", "Protocoles à signer", roles={Role.MEDECIN}, ordre=30)
def protocoles_a_signer(rattachement, jour):
    protocoles = (ProtocoleDelegation.objects.filter(medecin=rattachement, signe_le__isnull=True)
                  .select_related("infirmier__utilisateur"))
    lignes = [Ligne(texte=f"Délégation à {p.infirmier.utilisateur.get_full_name()}",
                    detail=f"à partir du {p.valide_du:%d/%m/%Y}", url=reverse("suivi_individuel:protocoles"))
              for p in protocoles]
    return Bloc(lignes=lignes) if lignes else None


def _a_planifier(rattachement):
    """Mandatory visits not booked yet, of the user's team (all teams without one), since the
    member joined (before: backlog, in the alerts' "reprise de stock")."""
    echeances = avec_convocation(Echeance.objects.filter(
        obligatoire=True, au_plus_tard__gte=F("salarie__adherent__date_adhesion"))).filter(a_planifier=True)
    if rattachement.equipe_id:
        echeances = echeances.filter(salarie__adherent__equipe_id=rattachement.equipe_id)
    return echeances


@bloc_journee("a_planifier", "À convoquer cette semaine", roles={Role.ASSISTANT_MEDICAL}, ordre=10)
def a_planifier(rattachement, jour):
    dimanche = jour + timedelta(days=6 - jour.weekday())
    echeances = (_a_planifier(rattachement).filter(au_plus_tard__lte=dimanche)
                 .select_related("salarie__adherent").order_by("au_plus_tard", "salarie__nom"))
    lignes = []
    for e in echeances[:LIMITE]:
        url = f"{reverse('suivi_individuel:convoquer', args=[e.salarie_id])}?echeance={e.pk}"
        lignes.append(Ligne(
            texte=f"{e.salarie} · {e.get_type_display()}", urgent=e.au_plus_tard < jour,
            detail=f"{e.salarie.adherent} · au plus tard le {e.au_plus_tard:%d/%m/%Y} ({e.base_legale})",
            badge="en retard" if e.au_plus_tard < jour else "", url=url, action=("Convoquer", url)))
    return Bloc(lignes=lignes, total=echeances.count(), vide="Aucune visite obligatoire à convoquer cette semaine.",
                lien=("Échéancier", reverse("suivi_individuel:echeancier")))


@bloc_journee("absences_du_jour", "Absences du jour à reconvoquer", roles={Role.ASSISTANT_MEDICAL}, ordre=20)
def absences_du_jour(rattachement, jour):
    visites = Visite.objects.filter(statut__in=[StatutVisite.ABSENTE, StatutVisite.EXCUSEE], date=jour)
    if rattachement.equipe_id:
        visites = visites.filter(salarie__adherent__equipe_id=rattachement.equipe_id)
    lignes = [Ligne(texte=f"{v.salarie} · {v.get_type_display()}", detail=v.get_statut_display(),
                    url=reverse("suivi_individuel:visite", args=[v.pk]),
                    action=("Reconvoquer", reverse("suivi_individuel:convoquer", args=[v.salarie_id])))
              for v in visites.select_related("salarie")[:LIMITE]]
    return Bloc(lignes=lignes) if lignes else None


@bloc_journee("demandes_a_planifier", "Demandes et orientations à planifier", roles={Role.ASSISTANT_MEDICAL},
              ordre=30)
def demandes_a_planifier(rattachement, jour):
    visites = Visite.objects.filter(statut=StatutVisite.A_PLANIFIER)
    if rattachement.equipe_id:
        visites = visites.filter(salarie__adherent__equipe_id=rattachement.equipe_id)
    visites = visites.select_related("salarie__adherent", "professionnel__utilisateur").order_by("demandee_le", "pk")
    lignes = [Ligne(texte=f"{v.salarie} · {v.get_type_display()}",
                    detail=" · ".join(filter(None, [str(v.salarie.adherent), v.professionnel and
                                                    v.professionnel.utilisateur.get_full_name()])),
                    url=reverse("suivi_individuel:visite", args=[v.pk]),
                    action=("Planifier", reverse("suivi_individuel:visite_reporter", args=[v.pk])))
              for v in visites[:LIMITE]]
    return Bloc(lignes=lignes, total=visites.count(), vide="Aucune demande en attente.")
