"""Runs the alert sweep of one service now (the daily beat task does it for every service)."""

from django.core.management.base import BaseCommand, CommandError

from spsti.models import Service
from spsti.tasks import balayer_alertes_service


class Command(BaseCommand):
    help = "Balaye les alertes d'un service : ouvre celles qui sont dues, ferme celles qui ne le sont plus."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True,
                            help="Service (SPSTI) concerné : son identifiant ou son SIREN.")

    def handle(self, *args, tenant, **options):
        service = Service.objects.filter(siren=tenant).first() or (
            Service.objects.filter(pk=tenant).first() if tenant.isdigit() else None)
        if service is None:
            raise CommandError(f"Aucun service ne correspond à « {tenant} ».")
        resultat = balayer_alertes_service.delay(service.pk).get()
        self.stdout.write(f"{service} : {resultat['ouvertes']} alerte(s) ouverte(s), "
                          f"{resultat['closes']} fermée(s).")
