"""On PostgreSQL, an issued invoice or credit note and its lines refuse UPDATE and DELETE at the
database level too: a correction is a credit note (CGI art. 289; an invoice is never changed).
Also the national average cost per worker of 2025 and 2026 (D4622-27-4), editable afterwards by
the platform administrator."""

from decimal import Decimal

from django.db import migrations

CREER = """
CREATE OR REPLACE FUNCTION offres_facture_immuable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Une facture émise ne se modifie ni ne se supprime : émettez un avoir.';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER offres_facture_immuable BEFORE UPDATE OR DELETE ON offres_facture
    FOR EACH ROW EXECUTE FUNCTION offres_facture_immuable();
CREATE TRIGGER offres_lignefacture_immuable BEFORE UPDATE OR DELETE ON offres_lignefacture
    FOR EACH ROW EXECUTE FUNCTION offres_facture_immuable();
"""
SUPPRIMER = """
DROP TRIGGER IF EXISTS offres_facture_immuable ON offres_facture;
DROP TRIGGER IF EXISTS offres_lignefacture_immuable ON offres_lignefacture;
DROP FUNCTION IF EXISTS offres_facture_immuable();
"""


def sur_postgresql(sql):
    def executer(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return executer


def couts_nationaux(apps, schema_editor):
    CoutMoyenNational = apps.get_model("offres", "CoutMoyenNational")
    for annee, montant in [(2025, "115.50"), (2026, "116.00")]:
        CoutMoyenNational.objects.get_or_create(
            annee=annee, defaults={"montant": Decimal(montant), "reference": "Arrêté fixant le coût moyen national"})


class Migration(migrations.Migration):
    dependencies = [("offres", "0001_initial")]
    operations = [
        migrations.RunPython(sur_postgresql(CREER), sur_postgresql(SUPPRIMER)),
        migrations.RunPython(couts_nationaux, migrations.RunPython.noop),
    ]
