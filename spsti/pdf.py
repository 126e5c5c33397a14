"""PDF documents: a Django template rendered to HTML, then to PDF by WeasyPrint (the Saleor
invoicing pattern). Templates extend ``pdf/lettre.html``: the service's letterhead, A4."""

import re

from django.template.loader import render_to_string
from weasyprint import HTML

# White space at the edges of a block: with a trailing one, WeasyPrint 70 may break the block's
# first line after its first word (seen in a padded box). Templates stay readable; the HTML
# loses it here.
BLOC = r"(?:div|p|td|th|li|h[1-6])"
BLANC_EN_TETE, BLANC_EN_FIN = re.compile(rf"(<{BLOC}\b[^>]*>)\s+"), re.compile(rf"\s+(</{BLOC}>)")


def pdf_depuis_html(html: str) -> bytes:
    html = BLANC_EN_FIN.sub(r"\1", BLANC_EN_TETE.sub(r"\1", html))
    return HTML(string=html, base_url=".").write_pdf()


def pdf_depuis_gabarit(gabarit: str, contexte: dict) -> bytes:
    return pdf_depuis_html(render_to_string(gabarit, contexte))
