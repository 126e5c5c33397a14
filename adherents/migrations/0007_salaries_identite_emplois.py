"""Workers: identity (NIR, INS, birth name), category reasons, employments (moved from the
worker's own post and hire date, which go only once copied)."""

import django.db.models.deletion
import django.db.models.manager
import simple_history.models
import spsti.validators
from django.conf import settings
from django.db import migrations, models


def reprendre_emplois(apps, schema_editor):
    """Each existing worker's job (employer, post, hire date) becomes its first employment."""
    if schema_editor.connection.vendor == "postgresql":  # see every service's rows under row-level security
        schema_editor.execute("SELECT set_config('spsti.tous_services', 'on', true)")
    Salarie = apps.get_model("adherents", "Salarie")
    Emploi = apps.get_model("adherents", "Emploi")
    Emploi.objects.bulk_create([
        Emploi(tenant_id=salarie.tenant_id, salarie=salarie, adherent_id=salarie.adherent_id, poste=salarie.poste,
               date_embauche=salarie.date_embauche or salarie.adherent.date_adhesion)
        for salarie in Salarie.objects.select_related("adherent")], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('adherents', '0006_trajectoire'),
        ('spsti', '0003_validation_coordonnees'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Emploi',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('poste', models.CharField(blank=True, max_length=150, verbose_name='poste')),
                ('code_pcs', models.CharField(blank=True, help_text='Profession et catégorie socioprofessionnelle (INSEE), ex. 632a.', max_length=6, verbose_name='code PCS')),
                ('date_embauche', models.DateField(verbose_name="date d'embauche")),
                ('date_sortie', models.DateField(blank=True, null=True, verbose_name='date de sortie')),
            ],
            options={
                'verbose_name': 'emploi',
                'ordering': ['-date_embauche'],
            },
            managers=[
                ('tous_services', django.db.models.manager.Manager()),
                ('objects', django.db.models.manager.Manager()),
            ],
        ),
        migrations.CreateModel(
            name='HistoricalEmploi',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('poste', models.CharField(blank=True, max_length=150, verbose_name='poste')),
                ('code_pcs', models.CharField(blank=True, help_text='Profession et catégorie socioprofessionnelle (INSEE), ex. 632a.', max_length=6, verbose_name='code PCS')),
                ('date_embauche', models.DateField(verbose_name="date d'embauche")),
                ('date_sortie', models.DateField(blank=True, null=True, verbose_name='date de sortie')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical emploi',
                'verbose_name_plural': 'historical emplois',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='historicalsalarie',
            name='ins',
            field=models.CharField(blank=True, help_text='Identifiant national de santé qualifié (L4624-8), quand il est connu.', max_length=15, validators=[spsti.validators.valider_nir], verbose_name='INS'),
        ),
        migrations.AddField(
            model_name='historicalsalarie',
            name='motifs_categorie',
            field=models.JSONField(blank=True, default=list, verbose_name='motifs de la catégorie'),
        ),
        migrations.AddField(
            model_name='historicalsalarie',
            name='nir',
            field=models.CharField(blank=True, help_text='Numéro de sécurité sociale, 15 caractères, quand il est connu.', max_length=15, validators=[spsti.validators.valider_nir], verbose_name='NIR'),
        ),
        migrations.AddField(
            model_name='historicalsalarie',
            name='nom_naissance',
            field=models.CharField(blank=True, max_length=100, verbose_name='nom de naissance'),
        ),
        migrations.AddField(
            model_name='salarie',
            name='ins',
            field=models.CharField(blank=True, help_text='Identifiant national de santé qualifié (L4624-8), quand il est connu.', max_length=15, validators=[spsti.validators.valider_nir], verbose_name='INS'),
        ),
        migrations.AddField(
            model_name='salarie',
            name='motifs_categorie',
            field=models.JSONField(blank=True, default=list, verbose_name='motifs de la catégorie'),
        ),
        migrations.AddField(
            model_name='salarie',
            name='nir',
            field=models.CharField(blank=True, help_text='Numéro de sécurité sociale, 15 caractères, quand il est connu.', max_length=15, validators=[spsti.validators.valider_nir], verbose_name='NIR'),
        ),
        migrations.AddField(
            model_name='salarie',
            name='nom_naissance',
            field=models.CharField(blank=True, max_length=100, verbose_name='nom de naissance'),
        ),
        migrations.AlterField(
            model_name='historicalsalarie',
            name='adherent',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='adherents.adherent', verbose_name='employeur de rattachement du suivi'),
        ),
        migrations.AlterField(
            model_name='historicalsalarie',
            name='nom',
            field=models.CharField(max_length=100, verbose_name="nom d'usage"),
        ),
        migrations.AlterField(
            model_name='salarie',
            name='adherent',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='salaries', to='adherents.adherent', verbose_name='employeur de rattachement du suivi'),
        ),
        migrations.AlterField(
            model_name='salarie',
            name='nom',
            field=models.CharField(max_length=100, verbose_name="nom d'usage"),
        ),
        migrations.AddIndex(
            model_name='salarie',
            index=models.Index(fields=['tenant', 'date_naissance'], name='adherents_s_tenant__db5b24_idx'),
        ),
        migrations.AddConstraint(
            model_name='salarie',
            constraint=models.UniqueConstraint(condition=models.Q(('nir', ''), _negated=True), fields=('tenant', 'nir'), name='nir_unique_par_service', violation_error_message="Ce NIR est déjà celui d'un salarié du service : vérifiez l'identité (doublon possible)."),
        ),
        migrations.AddField(
            model_name='emploi',
            name='adherent',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='emplois', to='adherents.adherent', verbose_name='employeur'),
        ),
        migrations.AddField(
            model_name='emploi',
            name='salarie',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='emplois', to='adherents.salarie', verbose_name='salarié'),
        ),
        migrations.AddField(
            model_name='emploi',
            name='tenant',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='spsti.service', verbose_name='service'),
        ),
        migrations.AddField(
            model_name='historicalemploi',
            name='adherent',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='adherents.adherent', verbose_name='employeur'),
        ),
        migrations.AddField(
            model_name='historicalemploi',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalemploi',
            name='salarie',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='adherents.salarie', verbose_name='salarié'),
        ),
        migrations.AddField(
            model_name='historicalemploi',
            name='tenant',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='spsti.service', verbose_name='service'),
        ),
        migrations.AddIndex(
            model_name='emploi',
            index=models.Index(fields=['tenant', 'adherent', 'date_sortie'], name='adherents_e_tenant__5d51b5_idx'),
        ),
        migrations.AddConstraint(
            model_name='emploi',
            constraint=models.CheckConstraint(condition=models.Q(('date_sortie__isnull', True), ('date_sortie__gte', models.F('date_embauche')), _connector='OR'), name='sortie_apres_embauche', violation_error_message="La sortie ne peut précéder l'embauche."),
        ),
        migrations.RunPython(reprendre_emplois, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='historicalsalarie',
            name='date_embauche',
        ),
        migrations.RemoveField(
            model_name='historicalsalarie',
            name='poste',
        ),
        migrations.RemoveField(
            model_name='salarie',
            name='date_embauche',
        ),
        migrations.RemoveField(
            model_name='salarie',
            name='poste',
        ),
    ]
