"""Prints the current second-factor code of an account (demo and development only)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Affiche le code à usage unique actuel d'un compte (démonstration uniquement)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        utilisateur = get_user_model().objects.filter(email__iexact=email).first()
        appareil = TOTPDevice.objects.filter(user=utilisateur, confirmed=True).first() if utilisateur else None
        if appareil is None:
            raise CommandError(f"Aucun second facteur enregistré pour {email}.")
        code = totp(appareil.bin_key, step=appareil.step, t0=appareil.t0, digits=appareil.digits, drift=appareil.drift)
        self.stdout.write(f"{code:0{appareil.digits}d}")
