"""Loads the NAF rév. 2 list, then moves each existing member to the new shape: SIREN from its
SIRET, NAF code as a reference, and its SIRET, workforce and centre as its head office. Nothing
is dropped before it has been copied (0005 removes the old columns)."""

from django.db import migrations

from adherents.naf import charger_codes_naf


def charger_naf(apps, schema_editor):
    charger_codes_naf(apps.get_model("adherents", "CodeNAF"))


def reprendre_adherents(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":  # see every service's rows under row-level security
        schema_editor.execute("SELECT set_config('spsti.tous_services', 'on', true)")
    Adherent = apps.get_model("adherents", "Adherent")
    Etablissement = apps.get_model("adherents", "Etablissement")
    CodeNAF = apps.get_model("adherents", "CodeNAF")
    codes = set(CodeNAF.objects.values_list("code", flat=True))
    for adherent in Adherent.objects.all():
        brut = "".join(c for c in adherent.code_naf.upper() if c.isalnum())
        code = f"{brut[:2]}.{brut[2:]}"
        if code not in codes:
            raise ValueError(f"Adhérent {adherent.pk} : code NAF inconnu « {adherent.code_naf} », à corriger avant migration.")
        adherent.siren = adherent.siret[:9]
        adherent.naf_id = code
        adherent.save(update_fields=["siren", "naf"])
        Etablissement.objects.create(tenant_id=adherent.tenant_id, adherent=adherent, siret=adherent.siret,
                                     siege=True, ville=adherent.ville, effectif=adherent.effectif,
                                     centre_id=adherent.centre_id)


class Migration(migrations.Migration):
    dependencies = [("adherents", "0003_entreprises_etablissements_contacts")]
    operations = [
        migrations.RunPython(charger_naf, migrations.RunPython.noop),
        migrations.RunPython(reprendre_adherents, migrations.RunPython.noop),
    ]
