"""Platform administration of prevention rows. FE versions are never deleted (nor edited once
validated): no delete permission."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionMilieuTravail, FicheEntreprise, Mesurage


@admin.register(FicheEntreprise)
class FicheEntrepriseAdmin(SimpleHistoryAdmin):
    list_display = ["adherent", "etablissement", "version", "statut", "validee_le", "tenant"]
    list_filter = ["tenant", "statut"]
    raw_id_fields = ["adherent", "etablissement", "precedente", "redigee_par", "validee_par"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.validee


@admin.register(ActionMilieuTravail)
class ActionMilieuTravailAdmin(SimpleHistoryAdmin):
    list_display = ["date", "adherent", "type", "intervenant", "statut", "tenant"]
    list_filter = ["tenant", "statut"]
    raw_id_fields = ["adherent", "etablissement", "type", "intervenant"]


@admin.register(Mesurage)
class MesurageAdmin(SimpleHistoryAdmin):
    list_display = ["action", "type", "lieu", "valeur", "unite", "valeur_limite", "hors_limite", "tenant"]
    list_filter = ["tenant", "hors_limite"]
    raw_id_fields = ["action", "type"]
