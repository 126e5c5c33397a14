"""Platform administration of DUERP support. DUERP versions are kept 40 years (L4121-3-1):
they can be read here, never changed nor deleted."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DocumentDUERP, RelaisPrevention, SessionCollective


@admin.register(DocumentDUERP)
class DocumentDUERPAdmin(SimpleHistoryAdmin):
    list_display = ["adherent", "version", "mis_a_jour_le", "depose_le", "depose_par", "tenant"]
    list_filter = ["tenant"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SessionCollective)
class SessionCollectiveAdmin(SimpleHistoryAdmin):
    list_display = ["debut", "programme", "lieu", "capacite", "statut", "tenant"]
    list_filter = ["tenant", "programme", "statut"]


@admin.register(RelaisPrevention)
class RelaisPreventionAdmin(SimpleHistoryAdmin):
    list_display = ["adherent", "relais_nom", "contrat_signe_le", "label_le", "tenant"]
    list_filter = ["tenant"]
    raw_id_fields = ["adherent", "proposee_par", "contrat_signe_par"]
