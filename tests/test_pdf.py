"""PDF rendering: a block's first line holds as many words as fit, whatever the template's white
space (with a trailing space, WeasyPrint 70 broke a padded block's first line after one word)."""

import subprocess

from spsti.pdf import pdf_depuis_html

PHRASE = "Le ou la salarié·e a bénéficié ce jour d'une visite de suivi individuel de son état de santé."


def test_le_blanc_autour_du_texte_d_un_bloc_ne_coupe_pas_sa_premiere_ligne():
    html = ('<html lang="fr"><head><style>body { font-family: "DejaVu Sans"; font-size: 10pt; }'
            ' div { border: 1px solid; padding: 9pt 11pt; } @page { size: A4; margin: 22mm 20mm; }</style></head>'
            f'<body><div>\n\n  {PHRASE}\n\n</div></body></html>')
    texte = subprocess.run(["pdftotext", "-", "-"], input=pdf_depuis_html(html), capture_output=True,
                           check=True).stdout.decode()
    assert texte.startswith("Le ou la salarié·e a bénéficié ce jour"), texte[:60]
