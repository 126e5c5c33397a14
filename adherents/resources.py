"""Exports of member lists (CSV / XLSX), with django-import-export."""

from import_export import fields, resources

from .models import Adherent


class AdherentResource(resources.ModelResource):
    naf_libelle = fields.Field(attribute="code_naf__libelle", column_name="libellé NAF")
    tranche = fields.Field(attribute="get_tranche_effectif_display", column_name="taille")
    statut = fields.Field(attribute="get_statut_display", column_name="statut")
    centre = fields.Field(attribute="centre__nom", column_name="centre")
    equipe = fields.Field(attribute="equipe__nom", column_name="équipe")
    medecin = fields.Field(attribute="medecin__utilisateur", column_name="médecin du travail")

    class Meta:
        model = Adherent
        fields = ("siren", "raison_sociale", "enseigne", "code_naf", "naf_libelle", "effectif", "tranche",
                  "statut", "date_adhesion", "date_radiation", "adresse", "code_postal", "ville", "centre",
                  "equipe", "medecin", "injoignable")
        export_order = fields

    def get_export_headers(self, selected_fields=None):
        """French column titles: the model's verbose names where no other title is given."""
        noms_du_modele = {champ.name for champ in Adherent._meta.fields}
        return [str(Adherent._meta.get_field(champ.column_name).verbose_name)
                if champ.column_name in noms_du_modele else champ.column_name
                for champ in self.get_export_fields(selected_fields)]

    def dehydrate_injoignable(self, adherent):
        return "oui" if adherent.injoignable else "non"
