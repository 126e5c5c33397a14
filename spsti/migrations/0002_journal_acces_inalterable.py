"""On PostgreSQL, the medical read log refuses UPDATE and DELETE at the database level too:
not even a raw query can rewrite who read which record. (TRUNCATE stays possible for the
database owner: the test runner empties tables with it.)"""

from django.db import migrations

CREER = """
CREATE OR REPLACE FUNCTION spsti_journal_inalterable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Le journal des accès médicaux ne peut être ni modifié ni supprimé.';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER spsti_accesdossiermedical_inalterable
    BEFORE UPDATE OR DELETE ON spsti_accesdossiermedical
    FOR EACH ROW EXECUTE FUNCTION spsti_journal_inalterable();
"""
SUPPRIMER = """
DROP TRIGGER IF EXISTS spsti_accesdossiermedical_inalterable ON spsti_accesdossiermedical;
DROP FUNCTION IF EXISTS spsti_journal_inalterable();
"""


def sur_postgresql(sql):
    def executer(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return executer


class Migration(migrations.Migration):
    dependencies = [("spsti", "0001_initial")]
    operations = [migrations.RunPython(sur_postgresql(CREER), sur_postgresql(SUPPRIMER))]
