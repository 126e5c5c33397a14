"""Who may perform a visit (R4623-14, décret 2022-679): the physicians of the worker's team, and
its nurses for the visits a signed, CMT-validated protocol of the worker's physician delegates
to them. The one place every page, API endpoint and task asks."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone

from adherents.models import Salarie
from spsti.permissions import Role, peut_signer_protocole, peut_valider_protocole_cmt

from . import rules
from .models import ProtocoleDelegation


def couverture(protocole: ProtocoleDelegation, prefixe: str = "") -> Q:
    """The workers a protocol covers, as a filter on a worker (``prefixe`` leads to it from
    another model): the delegated categories, the physician's team, and members followed by that
    physician or by none in particular."""
    return (Q(**{f"{prefixe}categorie__in": protocole.categories,
                 f"{prefixe}adherent__equipe_id": protocole.medecin.equipe_id})
            & (Q(**{f"{prefixe}adherent__medecin__isnull": True})
               | Q(**{f"{prefixe}adherent__medecin_id": protocole.medecin_id})))


def protocoles_actifs(infirmier, jour) -> list[ProtocoleDelegation]:
    return [p for p in ProtocoleDelegation.objects.filter(infirmier=infirmier).select_related("medecin")
            .order_by("-valide_du") if p.actif_le(jour)]


def protocole_couvrant(infirmier, salarie, type_visite: str, jour):
    """The nurse's protocol in force on ``jour`` covering this visit type and the worker; None
    when there is none."""
    for protocole in protocoles_actifs(infirmier, jour):
        if type_visite in protocole.types_visite and Salarie.objects.filter(couverture(protocole), pk=salarie.pk
                                                                             ).exists():
            return protocole
    return None


def delegable_a(infirmier, jour, prefixe: str = "salarie__") -> Q:
    """The due visits (or visits) a nurse may take on ``jour`` under her protocols in force."""
    condition = Q(pk__in=[])
    for protocole in protocoles_actifs(infirmier, jour):
        condition |= Q(type__in=protocole.types_visite) & couverture(protocole, prefixe)
    return condition


def habilitation(professionnel, salarie, type_visite: str, jour):
    """The protocol under which ``professionnel`` performs this visit (None for a physician);
    raises a ValidationError in French when they may not perform it."""
    nom = professionnel.utilisateur.get_full_name() or professionnel.utilisateur.email
    if professionnel.role not in (Role.MEDECIN, Role.INFIRMIER) or not professionnel.actif:
        raise ValidationError(f"{nom} n'est ni médecin du travail ni infirmier·e en santé au travail du service.")
    if professionnel.equipe_id is None or professionnel.equipe_id != salarie.equipe_id:
        raise ValidationError(f"{nom} ne fait pas partie de l'équipe qui suit {salarie}.")
    if professionnel.role == Role.MEDECIN:
        return None
    if type_visite in rules.RESERVEES_AU_MEDECIN:
        raise ValidationError("Cette visite est réservée au médecin du travail : l'examen d'aptitude, son "
                              "renouvellement et la visite post-exposition ne se délèguent pas (R4623-14).")
    protocole = protocole_couvrant(professionnel, salarie, type_visite, jour)
    if protocole is None:
        raise ValidationError(f"Aucun protocole de délégation signé et validé par la CMT ne couvre, le "
                              f"{jour:%d/%m/%Y}, cette visite pour {nom} (salarié en {salarie.categorie}, R4623-14).")
    return protocole


def verifier_protocole(protocole: ProtocoleDelegation) -> None:
    """A protocol never delegates what the law reserves to the physician."""
    reservees = set(protocole.types_visite) & set(rules.RESERVEES_AU_MEDECIN)
    if reservees:
        raise ValidationError({"types_visite": "L'examen d'aptitude, son renouvellement et la visite post-exposition "
                                               "ne peuvent pas être délégués à un·e infirmier·e (R4623-14)."})
    if rules.TypeVisite.MI_CARRIERE in protocole.types_visite and not protocole.pratique_avancee:
        raise ValidationError({"pratique_avancee": "La visite de mi-carrière ne se délègue qu'à un·e infirmier·e "
                                                   "exerçant en pratique avancée (L4624-2-2)."})
    if protocole.medecin_id and protocole.medecin.role != Role.MEDECIN:
        raise ValidationError({"medecin": "Le signataire doit être un médecin du travail."})
    if protocole.infirmier_id and protocole.infirmier.role != Role.INFIRMIER:
        raise ValidationError({"infirmier": "Le délégataire doit être un·e infirmier·e en santé au travail."})


def protocole_signer(*, protocole: ProtocoleDelegation, par) -> ProtocoleDelegation:
    """The delegating physician signs the protocol (R4623-14); signing twice keeps the first date."""
    if not peut_signer_protocole(par, protocole):
        raise PermissionDenied("Seul le médecin délégant signe son protocole.")
    protocole.signe_le = protocole.signe_le or timezone.localdate()
    protocole.save()
    return protocole


def protocole_valider_cmt(*, protocole: ProtocoleDelegation, par) -> ProtocoleDelegation:
    """The director records the medico-technical commission's validation."""
    if not peut_valider_protocole_cmt(par):
        raise PermissionDenied("Seule la direction enregistre la validation par la CMT.")
    protocole.valide_cmt_le = protocole.valide_cmt_le or timezone.localdate()
    protocole.save()
    return protocole
