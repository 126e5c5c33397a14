from django.apps import AppConfig


class CellulePdpConfig(AppConfig):
    name = "cellule_pdp"
    verbose_name = "Cellule PDP"
