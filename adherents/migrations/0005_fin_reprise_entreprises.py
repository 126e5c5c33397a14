"""End of the move begun in 0004: the old SIRET and NAF text columns go, the NAF reference takes
their name, SIREN becomes mandatory and unique per service."""

import django.db.models.deletion
import spsti.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('adherents', '0004_reprise_entreprises'),
        ('spsti', '0003_validation_coordonnees'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='adherent',
            name='adherent_siret_unique',
        ),
        migrations.RemoveField(
            model_name='adherent',
            name='code_naf',
        ),
        migrations.RenameField(
            model_name='adherent',
            old_name='naf',
            new_name='code_naf',
        ),
        migrations.RemoveField(
            model_name='adherent',
            name='siret',
        ),
        migrations.RemoveField(
            model_name='historicaladherent',
            name='code_naf',
        ),
        migrations.RenameField(
            model_name='historicaladherent',
            old_name='naf',
            new_name='code_naf',
        ),
        migrations.RemoveField(
            model_name='historicaladherent',
            name='siret',
        ),
        migrations.AlterField(
            model_name='adherent',
            name='code_naf',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='adherents.codenaf', verbose_name='code NAF'),
        ),
        migrations.AlterField(
            model_name='adherent',
            name='siren',
            field=models.CharField(max_length=9, validators=[spsti.validators.valider_siren], verbose_name='SIREN'),
        ),
        migrations.AlterField(
            model_name='historicaladherent',
            name='code_naf',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='adherents.codenaf', verbose_name='code NAF'),
        ),
        migrations.AlterField(
            model_name='historicaladherent',
            name='siren',
            field=models.CharField(max_length=9, validators=[spsti.validators.valider_siren], verbose_name='SIREN'),
        ),
        migrations.AddConstraint(
            model_name='adherent',
            constraint=models.UniqueConstraint(fields=('tenant', 'siren'), name='adherent_siren_unique', violation_error_message='Cette entreprise (SIREN) est déjà adhérente du service.'),
        ),
    ]
