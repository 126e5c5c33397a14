"""API tokens: issue, verify, revoke (services; the views and the DRF authentication call them)."""

import hmac
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from rest_framework.exceptions import AuthenticationFailed

from spsti.models import Rattachement, Service
from spsti.tenancy import lecture_tous_services, tous_services_actifs

from .journal import journaliser
from .models import Evenement, JetonAPI, PorteeJeton, empreinte

# How often the "last used" date is written (one write per token per minute at most).
PRECISION_DERNIERE_UTILISATION = timedelta(minutes=1)


def duree_max_jours() -> int:
    return getattr(settings, "JETON_API_DUREE_MAX_JOURS", 365)


def jeton_creer(*, rattachement, nom: str, portee: str = PorteeJeton.LECTURE, jours: int = 90,
                adherent=None, request=None) -> tuple[JetonAPI, str]:
    """A new token for the membership; returns it and its key (shown once, never stored)."""
    jours = max(1, min(int(jours), duree_max_jours()))
    prefixe, cle = JetonAPI.nouvelle_cle()
    jeton = JetonAPI.objects.create(
        tenant=rattachement.tenant, rattachement=rattachement, nom=nom, portee=portee, adherent=adherent,
        prefixe=prefixe, empreinte=empreinte(cle), expire_le=timezone.now() + timedelta(days=jours))
    journaliser(Evenement.JETON_CREE, utilisateur=rattachement.utilisateur, request=request,
                detail=f"{nom} ({prefixe}…), {jeton.get_portee_display().lower()}, {jours} jours")
    return jeton, cle


def jeton_revoquer(*, jeton: JetonAPI, auteur=None, motif: str = "", request=None) -> None:
    if jeton.revoque_le is not None:
        return
    jeton.revoque_le = timezone.now()
    jeton.save(update_fields=["revoque_le"])
    journaliser(Evenement.JETON_REVOQUE, utilisateur=jeton.rattachement.utilisateur, auteur=auteur,
                request=request, detail=f"{jeton.nom} ({jeton.prefixe}…){' — ' + motif if motif else ''}")


def jetons_revoquer_tous(utilisateur, *, motif: str) -> int:
    """Revokes every active token of a person, in every service (password changed or reset)."""
    with tous_services_actifs():
        jetons = list(JetonAPI.tous_services.select_related("rattachement__utilisateur")
                      .filter(rattachement__utilisateur=utilisateur, revoque_le__isnull=True))
        for jeton in jetons:
            jeton_revoquer(jeton=jeton, motif=motif)
    return len(jetons)


def _convertisseurs(colonne) -> tuple:
    """The column and the functions the ORM passes its database value through (the database's,
    then the field's: a JSON field's parsing, SQLite's dates), as Django's compiler does."""
    return colonne, connection.ops.get_db_converters(colonne) + colonne.get_db_converters(connection)


@cache
def _requete_du_jeton(base: str) -> tuple[str, list]:
    """The SQL reading a token by its prefix with its membership, person and service in one row,
    written once from the models for each kind of database (``base``, the cache's key: the
    converters depend on it); and each model with its fields and their converters, in the row's
    order. Four tables, not six: PostgreSQL plans four in 0.3 ms and six in 1.3 ms, and an API
    answer reads neither the membership's centre nor its team (loaded on first use, in the
    service's scope)."""
    nom = connection.ops.quote_name
    tables = {"j": JetonAPI, "r": Rattachement, "u": get_user_model(), "s": Service}
    colonnes = [f"{alias}.{nom(champ.column)}" for alias, modele in tables.items()
                for champ in modele._meta.concrete_fields]
    modeles = [(modele, [champ.attname for champ in modele._meta.concrete_fields],
                [_convertisseurs(champ.get_col(alias)) for champ in modele._meta.concrete_fields])
               for alias, modele in tables.items()]

    def jointure(alias, modele, cle):
        return f"JOIN {nom(modele._meta.db_table)} {alias} ON {alias}.{nom(modele._meta.pk.column)} = {cle}"

    colonne = {champ: nom(modele._meta.get_field(champ).column)
               for modele, champ in ((JetonAPI, "rattachement"), (JetonAPI, "prefixe"),
                                     (Rattachement, "utilisateur"), (Rattachement, "tenant"))}
    sql = (f"SELECT {', '.join(colonnes)} FROM {nom(JetonAPI._meta.db_table)} j "
           f"{jointure('r', Rattachement, 'j.' + colonne['rattachement'])} "
           f"{jointure('u', get_user_model(), 'r.' + colonne['utilisateur'])} "
           f"{jointure('s', Service, 'r.' + colonne['tenant'])} WHERE j.{colonne['prefixe']} = %s")
    return sql, modeles


def jeton_du_prefixe(prefixe: str) -> JetonAPI | None:
    """The token of this prefix, its membership, person and service loaded with it, by one query
    the ORM does not compile: every API request checks a token, and compiling this join was a
    sixth of a list's instructions. The values go through the fields' converters, as the ORM's.
    Read across services (the key says which service it belongs to), in one round trip, prepared
    once per connection (planning it took twice as long as running it)."""
    sql, modeles = _requete_du_jeton(connection.vendor)
    with connection.cursor() as curseur:
        lecture_tous_services(curseur, sql, [prefixe], nom="spsti_jeton_du_prefixe")
        ligne = curseur.fetchone()
    if ligne is None:
        return None
    valeurs, objets = iter(ligne), []
    for modele, noms, conversions in modeles:
        lues = []
        for colonne, fonctions in conversions:
            valeur = next(valeurs)
            for convertir in fonctions:
                valeur = convertir(valeur, colonne, connection)
            lues.append(valeur)
        objets.append(modele.from_db(connection.alias, noms, lues))
    jeton, rattachement, utilisateur, service = objets
    rattachement.utilisateur, rattachement.tenant = utilisateur, service
    jeton.rattachement = rattachement
    return jeton


def jeton_verifier(cle: str) -> JetonAPI:
    """The active token of this key, or ``AuthenticationFailed`` with a French message. Looked up
    across services (the key says which service it belongs to), then used in its service only."""
    jeton = jeton_du_prefixe(cle.split(".", 1)[0])
    if jeton is None or not hmac.compare_digest(jeton.empreinte, empreinte(cle)):
        raise AuthenticationFailed("Jeton d'API invalide.")
    maintenant = timezone.now()
    if jeton.revoque_le is not None:
        raise AuthenticationFailed("Ce jeton d'API a été révoqué.")
    if jeton.expire_le <= maintenant:
        raise AuthenticationFailed("Ce jeton d'API a expiré : créez-en un nouveau depuis votre profil.")
    rattachement = jeton.rattachement
    if not (rattachement.actif and rattachement.tenant.actif and rattachement.utilisateur.is_active):
        raise AuthenticationFailed("Le compte de ce jeton d'API n'est plus actif.")
    portail = jeton.adherent_id is not None
    derniere = jeton.derniere_utilisation
    a_dater = derniere is None or maintenant - derniere > PRECISION_DERNIERE_UTILISATION
    if portail or a_dater:  # most requests need neither: no other query, no role taken
        with tous_services_actifs():
            if portail and not rattachement.acces_portail.filter(adherent_id=jeton.adherent_id).exists():
                raise AuthenticationFailed("Ce jeton d'API ne donne plus accès à cette entreprise.")
            if a_dater:
                JetonAPI.tous_services.filter(pk=jeton.pk).update(derniere_utilisation=maintenant)
                jeton.derniere_utilisation = maintenant
    return jeton
