"""PDF documents: a Django template rendered to HTML, then to PDF by WeasyPrint (the Saleor
invoicing pattern). Templates extend ``pdf/lettre.html``: the service's letterhead, A4."""

from django.template.loader import render_to_string
from weasyprint import HTML


def pdf_depuis_gabarit(gabarit: str, contexte: dict) -> bytes:
    html = render_to_string(gabarit, contexte)
    return HTML(string=html, base_url=".").write_pdf()
