"""A member's headcount becomes that of its workers with an employment open today (L4622-6), no
longer the sum of its establishments' typed figures: every member's figure recounted once."""

from datetime import date

from django.db import migrations, models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def recompter(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":  # see every service's rows under row-level security
        schema_editor.execute("SELECT set_config('spsti.tous_services', 'on', true)")
    Adherent = apps.get_model("adherents", "Adherent")
    Emploi = apps.get_model("adherents", "Emploi")
    jour = date.today()
    ouverts = (Emploi.objects.filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=jour), date_embauche__lte=jour,
                                     adherent=OuterRef("pk"))
               .order_by().values("adherent").annotate(n=Count("salarie_id", distinct=True)).values("n"))
    Adherent.objects.update(effectif=Coalesce(Subquery(ouverts), 0))


class Migration(migrations.Migration):

    dependencies = [
        ('adherents', '0013_merge_20261201_0020'),
    ]

    operations = [
        migrations.RunPython(recompter, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='adherent',
            name='effectif',
            field=models.PositiveIntegerField(default=0, editable=False, help_text="Salariés ayant un emploi en cours chez l'adhérent, chacun comptant pour un (art. L4622-6) : tenu à jour par leurs emplois (adherents.effectifs).", verbose_name='effectif'),
        ),
        migrations.AlterField(
            model_name='etablissement',
            name='effectif',
            field=models.PositiveIntegerField(default=0, help_text="Indicatif, pour la fiche d'entreprise : l'effectif de l'adhérent est celui de ses salariés déclarés.", verbose_name='effectif indiqué'),
        ),
        migrations.AlterField(
            model_name='historicaladherent',
            name='effectif',
            field=models.PositiveIntegerField(default=0, editable=False, help_text="Salariés ayant un emploi en cours chez l'adhérent, chacun comptant pour un (art. L4622-6) : tenu à jour par leurs emplois (adherents.effectifs).", verbose_name='effectif'),
        ),
        migrations.AlterField(
            model_name='historicaletablissement',
            name='effectif',
            field=models.PositiveIntegerField(default=0, help_text="Indicatif, pour la fiche d'entreprise : l'effectif de l'adhérent est celui de ses salariés déclarés.", verbose_name='effectif indiqué'),
        ),
    ]
