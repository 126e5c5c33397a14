"""The prevention due list: ``rules`` applied to each member (its adhesion, its last validated
FE, its last primary-prevention action), stored as ``EcheancePrevention`` rows, recomputed when
an FE is validated, an action is recorded, a member or the service's settings change, and
nightly."""

import logging
from collections import defaultdict
from dataclasses import fields
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.db.models.functions import TruncDate

from adherents.models import Adherent, Etablissement

from . import rules
from .models import ActionMilieuTravail, EcheancePrevention, FicheEntreprise, StatutAction, StatutFiche


def reglages_du_service(service) -> rules.Reglages:
    """The service's settings (``Service.parametres``) where it is stricter than the ceilings; a
    stored value beyond them is reported and the ceiling used, never fatal."""
    noms = {f.name for f in fields(rules.Reglages)}
    valeurs = {cle: valeur for cle, valeur in (service.parametres or {}).items() if cle in noms}
    for cle in list(valeurs):
        try:
            rules.Reglages(**{cle: valeurs[cle]})
        except (TypeError, ValueError):
            logging.getLogger(__name__).warning("Service %s : réglage %s=%r hors plafond, plafond appliqué.",
                                                service.pk, cle, valeurs.pop(cle))
    return rules.Reglages(**valeurs)


def dernieres_actions_primaires(adherent_ids=None) -> dict[int, date]:
    """Each member's last primary action date (all the service's members, or these), one grouped
    query. (A subquery per member read, with statistics from before a first load, every action
    of the service for each member.)"""
    actions = ActionMilieuTravail.objects.filter(statut=StatutAction.REALISEE, type__prevention_primaire=True)
    if adherent_ids is not None:
        actions = actions.filter(adherent_id__in=adherent_ids)
    return dict(actions.values("adherent_id").annotate(jour=Max("date")).values_list("adherent_id", "jour"))


def fiches_par_etablissement(adherent_ids) -> dict[int, dict[int | None, date]]:
    """Each member's last validated FE date per establishment (None: an FE for the whole member)."""
    dernieres = defaultdict(dict)
    for adherent_id, etablissement_id, jour in (
            FicheEntreprise.objects.filter(statut=StatutFiche.VALIDEE, adherent_id__in=adherent_ids)
            .values("adherent_id", "etablissement_id").annotate(jour=Max(TruncDate("validee_le")))
            .values_list("adherent_id", "etablissement_id", "jour")):
        dernieres[adherent_id][etablissement_id] = jour
    return dernieres


@transaction.atomic
def recalculer(service, adherents=None) -> int:
    """Recomputes the deadlines of the given members (default: all the service's members). The
    FE is per establishment (R4624-46) once one of the member's establishments has its own, unless
    the service keeps it per member (``fe_par_etablissement: false``)."""
    lignes = Adherent.objects.all() if adherents is None else Adherent.objects.filter(pk__in=[a.pk for a in adherents])
    reglages = reglages_du_service(service)
    par_etablissement = (service.parametres or {}).get("fe_par_etablissement", True) is not False
    nouvelles = []
    adhesions = dict(lignes.values_list("pk", "date_adhesion"))
    vus = list(adhesions)
    dernieres_actions = dernieres_actions_primaires(None if adherents is None else vus)
    fiches = fiches_par_etablissement(vus)
    dernieres_fiches = {adherent_id: max(dates.values()) for adherent_id, dates in fiches.items()}
    propres = ({adherent_id for adherent_id, dates in fiches.items() if set(dates) - {None}}
               if par_etablissement else set())
    etablissements = defaultdict(list)
    for adherent_id, etablissement_id in Etablissement.objects.filter(adherent_id__in=propres).values_list(
            "adherent_id", "pk"):
        etablissements[adherent_id].append(etablissement_id)

    def ajouter(adherent_id, e, etablissement_id=None):
        nouvelles.append(EcheancePrevention(tenant=service, adherent_id=adherent_id, etablissement_id=etablissement_id,
                                            type=e.type, au_plus_tard=e.au_plus_tard, derniere=e.derniere,
                                            base_legale=e.base_legale, motif=e.motif))

    for adherent_id, adhesion in adhesions.items():
        if adherent_id in propres:
            for etablissement_id in etablissements[adherent_id]:
                derniere = fiches[adherent_id].get(etablissement_id) or fiches[adherent_id].get(None)
                ajouter(adherent_id, rules.echeance_fiche(adhesion, derniere, reglages), etablissement_id)
        else:
            ajouter(adherent_id, rules.echeance_fiche(adhesion, dernieres_fiches.get(adherent_id), reglages))
        ajouter(adherent_id, rules.echeance_action_primaire(adhesion, dernieres_actions.get(adherent_id), reglages))
    EcheancePrevention.objects.filter(adherent_id__in=vus).delete()
    EcheancePrevention.objects.bulk_create(nouvelles, batch_size=5000)
    return len(nouvelles)


def a_jour_apres_modification(sender, instance, **kwargs):
    """post_save / post_delete of what a member's deadlines depend on (the member, its validated
    FE, its actions): that member's deadlines again."""
    from spsti.tenancy import service_actif

    if isinstance(instance, FicheEntreprise) and not instance.validee:
        return
    adherent = instance if isinstance(instance, Adherent) else instance.adherent
    with service_actif(adherent.tenant):
        recalculer(adherent.tenant, [adherent])


def tout_a_jour_apres_modification(sender, instance, created=False, **kwargs):
    """post_save of the service (its settings) or of an action type (its primary flag): every
    member's deadlines, in a task once committed."""
    if created:
        return  # a new service has no member yet; a new action type has no action yet

    from spsti.effets import differer
    from spsti.models import Service

    service = instance if isinstance(instance, Service) else instance.tenant
    differer(service, "echeances_prevention_recalculer")
