"""``manage.py restaurer <dossier>``: checks a backup against its manifest, restores the database
(pg_restore --clean) and the files into MEDIA_ROOT (spsti/sauvegarde.py)."""

from django.core.management.base import BaseCommand, CommandError

from spsti.sauvegarde import SauvegardeInvalide, restaurer, verifier


class Command(BaseCommand):
    help = "Restaure une sauvegarde (base et fichiers) après avoir vérifié son manifeste."

    def add_arguments(self, parser):
        parser.add_argument("dossier")
        parser.add_argument("--verifier-seulement", action="store_true",
                            help="Vérifie les sommes de contrôle sans rien restaurer.")

    def handle(self, *args, dossier, verifier_seulement=False, **options):
        try:
            manifeste = verifier(dossier) if verifier_seulement else restaurer(dossier)
        except (SauvegardeInvalide, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        action = "vérifiée" if verifier_seulement else "restaurée"
        self.stdout.write(f"Sauvegarde du {manifeste['instant']} {action} : "
                          f"{len(manifeste['fichiers'])} fichier(s).")
