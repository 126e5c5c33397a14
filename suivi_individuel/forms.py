from spsti.forms import FormulaireService

from .models import TypeVisiteService


class TypeVisiteForm(FormulaireService):
    class Meta:
        model = TypeVisiteService
        fields = ["libelle", "type_legal", "duree_minutes", "mode", "actif"]
