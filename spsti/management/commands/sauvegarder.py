"""``manage.py sauvegarder <dossier>``: database dump and MEDIA_ROOT archive at one point in time,
with a manifest of checksums (spsti/sauvegarde.py; README « Sauvegarde et restauration »)."""

from django.core.management.base import BaseCommand, CommandError

from spsti.sauvegarde import SauvegardeInvalide, sauvegarder


class Command(BaseCommand):
    help = "Sauvegarde la base (pg_dump) et les fichiers (MEDIA_ROOT) dans un dossier, avec leur manifeste."

    def add_arguments(self, parser):
        parser.add_argument("dossier")

    def handle(self, *args, dossier, **options):
        try:
            manifeste = sauvegarder(dossier)
        except SauvegardeInvalide as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Sauvegarde faite dans {dossier} : base à l'instant {manifeste['instant']}, "
                          f"{len(manifeste['fichiers'])} fichier(s), {manifeste['references']} référencé(s).")
