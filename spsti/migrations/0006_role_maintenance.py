"""The PostgreSQL role whose members may, deliberately, rewrite immutable rows (spsti/immuable.py).
It logs in as nobody; grant it to an operator's login for a maintenance session."""

from django.db import migrations

CREER = ("DO $$ BEGIN CREATE ROLE spsti_maintenance NOLOGIN NOSUPERUSER NOBYPASSRLS; "
         "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$")


def creer_role(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREER)


class Migration(migrations.Migration):
    dependencies = [("spsti", "0005_effets_differes")]
    operations = [migrations.RunPython(creer_role, migrations.RunPython.noop)]
