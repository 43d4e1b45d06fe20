"""The submission benchmark's baseline: a plain Wagtail form-builder page.

It takes the same ten answers as the benchmark's survey and keeps each submission as one JSON
row (wagtail.contrib.forms' FormSubmission): what a site without normalised answers,
participation rules or result aggregation would do. The app is installed only with
BENCHMARKS=1, as `make bench` sets it; `make bench submission` creates one such page and
deletes it afterwards, and editors can never create one.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField


class BaselineFormField(AbstractFormField):
    page = ParentalKey("BaselineFormPage", on_delete=models.CASCADE, related_name="form_fields")


class BaselineFormPage(AbstractForm):
    is_creatable = False  # a measuring instrument, not content
    template = "bench/baseline_form_page.html"
    landing_page_template = "bench/baseline_form_page_landing.html"

    class Meta:
        verbose_name = "Vergleichsformular (Benchmark)"
