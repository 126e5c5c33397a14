"""The ways tests sign a person in: a session with a verified second factor (as after the real
login and code), so that every page behaves as for a fully authenticated user; or, for the API,
a personal token of one membership."""

from django.test import Client

from comptes.double_facteur import connexion_verifiee
from comptes.jetons import jeton_creer
from comptes.models import PorteeJeton
from spsti.permissions import Role


def connecter(client, utilisateur):
    connexion_verifiee(client, utilisateur)
    return client


def client_jeton(monde, role=Role.SERVICE_ADHERENT, *, ecriture=True, adherent=None) -> Client:
    """A client sending the token of ``monde``'s member of that role (read-write unless told)."""
    return client_du_rattachement(monde.membres[role], ecriture=ecriture, adherent=adherent)


def client_du_rattachement(rattachement, *, ecriture=True, adherent=None) -> Client:
    """A client sending a new token of that membership (read-write unless told)."""
    _jeton, cle = jeton_creer(rattachement=rattachement, nom="Logiciel RH", adherent=adherent,
                              portee=PorteeJeton.ECRITURE if ecriture else PorteeJeton.LECTURE)
    return Client(HTTP_AUTHORIZATION=f"Token {cle}")
