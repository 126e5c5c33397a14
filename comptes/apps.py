from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "comptes"
    verbose_name = "Comptes et sécurité de l'authentification"

    def ready(self):
        from . import signaux  # noqa: F401  (security log, token revocation on password change)
