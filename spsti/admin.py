"""Django admin: for platform administrators only (superusers), who work across services.
The ServiceMiddleware runs /admin/ unscoped for them; nobody else gets in."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from comptes.models import MembreFederation

from .models import (
    AccesDossierMedical,
    Centre,
    EffetDiffere,
    Equipe,
    ExecutionTache,
    Rattachement,
    Service,
    Utilisateur,
)


class AdminPlateforme(admin.AdminSite):
    site_header = "Administration de la plateforme SPSTI"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


admin.site.__class__ = AdminPlateforme


@admin.register(Utilisateur)
class UtilisateurAdmin(UserAdmin, SimpleHistoryAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_superuser"]


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "siren", "ville", "actif"]


@admin.register(Centre, Equipe)
class ReferentielAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "tenant"]
    list_filter = ["tenant"]


@admin.register(Rattachement)
class RattachementAdmin(SimpleHistoryAdmin):
    list_display = ["utilisateur", "tenant", "role", "equipe", "actif"]
    list_filter = ["tenant", "role"]
    raw_id_fields = ["utilisateur"]


@admin.register(MembreFederation)
class MembreFederationAdmin(SimpleHistoryAdmin):
    """A federation's staff: accounts with no service, reading the regional aggregates only."""

    list_display = ["utilisateur", "federation", "actif"]
    raw_id_fields = ["utilisateur"]


@admin.register(AccesDossierMedical)
class AccesDossierMedicalAdmin(admin.ModelAdmin):
    list_display = ["horodatage", "tenant", "utilisateur", "role", "salarie", "origine", "accorde"]
    list_filter = ["tenant", "accorde"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExecutionTache)
class ExecutionTacheAdmin(admin.ModelAdmin):
    """Platform admin: every run of the periodic jobs, every service."""
    list_display = ["tache", "service", "debut", "fin", "statut"]
    list_filter = ["statut", "tache"]
    readonly_fields = [f.name for f in ExecutionTache._meta.fields]


@admin.register(EffetDiffere)
class EffetDiffereAdmin(admin.ModelAdmin):
    """Platform admin: the outbox; abandoned effects are retried with the action."""
    list_display = ["genre", "tenant", "statut", "tentatives", "prochaine_tentative", "derniere_erreur"]
    list_filter = ["statut", "genre"]
    readonly_fields = [f.name for f in EffetDiffere._meta.fields]
    actions = ["relancer"]

    @admin.action(description="Relancer les effets sélectionnés")
    def relancer(self, request, queryset):
        from .effets import relancer

        self.message_user(request, f"{relancer(queryset.values_list('pk', flat=True))} effet(s) relancé(s).")
