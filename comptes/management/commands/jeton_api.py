"""Issues a personal API token from the command line (scripts, first set-up); the key is printed once."""

from django.core.management.base import BaseCommand, CommandError

from comptes.jetons import jeton_creer
from comptes.models import PorteeJeton
from spsti.models import Rattachement
from spsti.tenancy import service_actif, tous_services_actifs


class Command(BaseCommand):
    help = "Crée un jeton d'API pour une personne (la clé n'est affichée qu'une fois)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--nom", default="Jeton en ligne de commande")
        parser.add_argument("--ecriture", action="store_true", help="lecture et écriture (sinon lecture seule)")
        parser.add_argument("--jours", type=int, default=90)
        parser.add_argument("--tenant", type=int, help="identifiant du service (s'il y en a plusieurs)")

    def handle(self, *args, email, nom, ecriture, jours, tenant, **options):
        with tous_services_actifs():
            rattachements = Rattachement.tous_services.select_related("tenant", "utilisateur").filter(
                utilisateur__email__iexact=email, actif=True)
            if tenant:
                rattachements = rattachements.filter(tenant_id=tenant)
            rattachements = list(rattachements)
        if len(rattachements) != 1:
            raise CommandError("Personne introuvable, ou rattachée à plusieurs services : précisez --tenant."
                               if rattachements else f"Aucun rattachement actif pour {email}.")
        rattachement = rattachements[0]
        with service_actif(rattachement.tenant):
            _jeton, cle = jeton_creer(rattachement=rattachement, nom=nom, jours=jours,
                                      portee=PorteeJeton.ECRITURE if ecriture else PorteeJeton.LECTURE)
        self.stdout.write(cle)
