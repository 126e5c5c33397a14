"""Reads of prevention in companies: the due list, what a member's pages show."""

from django.db.models import Count
from django.utils import timezone

from . import rules
from .models import (
    STATUTS_PLANIFIES,
    ActionMilieuTravail,
    DossierPrevention,
    EcheancePrevention,
    FicheEntreprise,
    StatutAction,
    StatutFiche,
)


def echeances_a_faire(jour, reglages: rules.Reglages):
    """Deadlines of active members, late or within the alert window on ``jour``."""
    return EcheancePrevention.objects.filter(adherent__statut="actif",
                                             au_plus_tard__lte=rules.horizon_alerte(jour, reglages))


def dossier_de(adherent) -> DossierPrevention:
    dossier = DossierPrevention.objects.filter(adherent=adherent).select_related("referent__utilisateur").first()
    return dossier or DossierPrevention(tenant=adherent.tenant, adherent=adherent)


def derniere_fiche_validee(adherent):
    return (FicheEntreprise.objects.filter(adherent=adherent, statut=StatutFiche.VALIDEE)
            .order_by("-validee_le").first())


def resume_prevention(adherent) -> dict:
    """A member's prevention at a glance (its record page): deadlines, last FE, last DUERP."""
    from duerp.selectors import dernier_duerp

    return {"echeances_prevention": list(EcheancePrevention.objects.filter(adherent=adherent)
                                                .select_related("etablissement").order_by("type", "au_plus_tard")),
            "derniere_fiche": derniere_fiche_validee(adherent), "dernier_duerp": dernier_duerp(adherent)}


def prevention_de_l_adherent(adherent) -> dict:
    """What the prevention staff see of one member on its prevention page (with its DUERP support,
    ``duerp.selectors.duerp_de_l_adherent``)."""
    return {
        **resume_prevention(adherent),
        "dossier": dossier_de(adherent),
        "fiches": FicheEntreprise.objects.filter(adherent=adherent).select_related(
            "etablissement", "validee_par__utilisateur").order_by("etablissement_id", "-version"),
        "actions": ActionMilieuTravail.objects.filter(adherent=adherent).select_related(
            "type", "intervenant__utilisateur").annotate(nb_mesurages=Count("mesurages"))
        .order_by("-date", "-pk")[:30],
    }


def visites_du_portail(adherent):
    """The member's coming appointments (proposed, confirmed or to move)."""
    return (ActionMilieuTravail.objects.filter(adherent=adherent, debut__gte=timezone.now() - timezone.timedelta(
        hours=12), statut__in=[*STATUTS_PLANIFIES, StatutAction.A_REPLANIFIER])
        .select_related("type", "intervenant__utilisateur").order_by("debut"))


def prevention_du_portail(adherent) -> dict:
    """The prevention card of the member's portal page: its last FE, its DUERP, its appointments."""
    from duerp.selectors import dernier_duerp

    return {"derniere_fiche": derniere_fiche_validee(adherent), "dernier_duerp": dernier_duerp(adherent),
            "visites_prevention": list(visites_du_portail(adherent)[:5])}
