"""Prepares the PostgreSQL role the application runs as (row-level security applies to it)."""

from django.core.management.base import BaseCommand

from spsti.securite_lignes import accorder_au_role


class Command(BaseCommand):
    help = ("Crée le rôle PostgreSQL d'exécution (ni superutilisateur, ni BYPASSRLS) et lui donne "
            "accès aux tables, sous les politiques de sécurité par ligne. À lancer après migrate.")

    def add_arguments(self, parser):
        parser.add_argument("role", help="Nom du rôle, par exemple spsti_app.")

    def handle(self, *args, role, **options):
        accorder_au_role(role)
        self.stdout.write(f"Rôle {role} prêt. Donnez-lui un mot de passe et LOGIN (ALTER ROLE {role} "
                          "LOGIN PASSWORD '…'), puis faites pointer DATABASE_URL de l'application sur lui.")
