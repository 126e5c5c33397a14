"""A team belongs to one service: with row-level security planned as a plain ``tenant_id``
condition (``spsti.securite_lignes``), every team list filters on both, and PostgreSQL, counting
them as independent, halved the members of a team (716 for 1,432 at scale 40) and walked the
whole team's workers before their deadlines for the late ones to convene (54 ms instead of 7).
The statistics of migration 0018 (team and physician) gain the service."""

from django.db import migrations

ANCIEN, NOM = "adherents_adherent_equipe_medecin", "adherents_adherent_service_equipe_medecin"


def creer(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {ANCIEN}")
        schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS {NOM} (dependencies, mcv) "
                              "ON tenant_id, equipe_id, medecin_id FROM adherents_adherent")


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {NOM}")
        schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS {ANCIEN} (dependencies, mcv) "
                              "ON equipe_id, medecin_id FROM adherents_adherent")


class Migration(migrations.Migration):
    dependencies = [("adherents", "0018_statistiques_equipe_medecin")]

    operations = [migrations.RunPython(creer, supprimer)]
