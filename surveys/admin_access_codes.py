"""Access codes in the Wagtail admin: generate one-time codes for household letters and hand
them out once, as a PDF sheet of cut-out slips or as CSV. Only their hashes are kept."""

import functools

from django import forms
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from surveys.admin_views import SurveyAdminMixin, attachment, file_stamp
from surveys.exports import csv_chunks
from surveys.models import ParticipationMode
from surveys.selectors import access_code_batches
from surveys.services import access_codes_generate

ACCESS_CODES_MAX = 2000


@functools.cache
def weasyprint_module():
    """WeasyPrint, or None where it or the system's Pango library is missing."""
    try:
        import weasyprint
    except (ImportError, OSError):
        return None
    return weasyprint


# --- access codes ----------------------------------------------------------------------------


SLIP_COLUMNS, SLIP_ROWS = 2, 4  # eight slips per A4 page


def _slip_pages(codes: list[str]) -> list[list[list[str]]]:
    """Codes as pages of rows: each page is laid out on its own, which keeps WeasyPrint's
    time linear (a single grid over 2000 codes took minutes per page)."""
    per_page = SLIP_COLUMNS * SLIP_ROWS
    return [
        [page[row : row + SLIP_COLUMNS] for row in range(0, len(page), SLIP_COLUMNS)]
        for page in (codes[start : start + per_page] for start in range(0, len(codes), per_page))
    ]


class AccessCodesForm(forms.Form):
    count = forms.IntegerField(
        label=gettext_lazy("Anzahl Codes"),
        min_value=1,
        max_value=ACCESS_CODES_MAX,
        initial=100,
        help_text=format_lazy(
            gettext_lazy("Ein Code je Haushalt oder Person, höchstens {maximum} auf einmal."),
            maximum=ACCESS_CODES_MAX,
        ),
    )
    batch = forms.CharField(
        label=gettext_lazy("Name des Stapels"),
        max_length=80,
        required=False,
        help_text=gettext_lazy(
            "Damit Sie später wissen, wofür die Codes gedacht waren, z. B. „Brief an die "
            "Haushalte, Mai 2026“."
        ),
    )
    file_format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        widget=forms.Select,
        # WeasyPrint lays out about 100 slips a second: 2000 codes take some 20 seconds.
        help_text=gettext_lazy("Ein PDF mit sehr vielen Codes braucht bis zu einer halben Minute."),
    )

    def __init__(self, *args, can_pdf: bool, **kwargs):
        super().__init__(*args, **kwargs)
        printable = (
            ("pdf", _("PDF zum Ausdrucken: ein Zettel je Code zum Ausschneiden"))
            if can_pdf
            else ("html", _("Seite zum Ausdrucken: ein Zettel je Code zum Ausschneiden"))
        )
        self.fields["file_format"].choices = [
            printable,
            ("csv", _("CSV-Datei, z. B. für einen Serienbrief")),
        ]


class AccessCodesView(SurveyAdminMixin, TemplateView):
    """Generate one-time codes and hand them out at once: they are stored only as hashes, so
    this one response is the only time they exist in plain text."""

    template_name = "surveys/admin/access_codes.html"
    page_title = gettext_lazy("Zugangscodes erzeugen")
    header_icon = "key"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.can_pdf = weasyprint_module() is not None

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", AccessCodesForm(can_pdf=self.can_pdf))
        return super().get_context_data(batches=access_code_batches(survey=self.survey), **kwargs)

    def get(self, request, *args, **kwargs):
        self.require_code_mode()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.require_code_mode()
        form = AccessCodesForm(request.POST, can_pdf=self.can_pdf)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        codes = access_codes_generate(survey=self.survey, count=data["count"], batch=data["batch"])
        filename = f"zugangscodes-{self.survey.slug}-{file_stamp()}"
        if data["file_format"] == "csv":
            return attachment(self.codes_csv(codes, data["batch"]), f"{filename}.csv")
        html = render_to_string(
            "surveys/admin/access_codes_sheet.html",
            {
                "survey": self.survey,
                "survey_url": self.survey.get_full_url(request),
                "codes": codes,
                "pages": _slip_pages(codes),
                "for_browser": data["file_format"] == "html",
            },
            request=request,
        )
        if data["file_format"] == "html":
            response = HttpResponse(html)
            add_never_cache_headers(response)
            return response
        pdf = weasyprint_module().HTML(string=html, base_url=request.build_absolute_uri("/"))
        response = HttpResponse(pdf.write_pdf(), content_type="application/pdf")
        return attachment(response, f"{filename}.pdf")

    def require_code_mode(self):
        if self.survey.participation_mode != ParticipationMode.CODE:
            raise Http404

    def codes_csv(self, codes: list[str], batch: str) -> HttpResponse:
        url = self.survey.get_full_url(self.request)
        rows = ([code, batch, url] for code in codes)
        content = "".join(csv_chunks(["code", "stapel", "adresse"], rows))
        return HttpResponse(content, content_type="text/csv; charset=utf-8")
