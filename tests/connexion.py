"""The one way tests log a person in: a session with a verified second factor (as after the
real login and code), so that every page behaves as for a fully authenticated user."""

from comptes.double_facteur import connexion_verifiee


def connecter(client, utilisateur):
    connexion_verifiee(client, utilisateur)
    return client
