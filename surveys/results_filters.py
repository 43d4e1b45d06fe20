"""The filters of a survey's results page: a channel, one demographic group, a period.
A plain GET form, so it works without JavaScript; bad values come back as field errors."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from surveys.aggregation import GROUPING_BLOCK_TYPES, survey_questions
from surveys.models import Channel, SurveyPage
from surveys.selectors import survey_responses_filtered

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]  # the date picker's, and what people type
# Dates outside this range select nothing anyway; near year 1 or 9999 the conversion to UTC
# would overflow.
EARLIEST_DAY, LATEST_DAY = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)


# --- filters ---------------------------------------------------------------------------------


def group_choices(survey: SurveyPage) -> list:
    """The demographic groups to filter by, as optgroups per question: the grouping questions
    the results have a "q:<key>" dimension for (surveys.aggregation._dimensions)."""
    return [
        (
            question.value["label"],
            [(f"q:{question.key}:{key}", label) for key, label in question.options()],
        )
        for question in survey_questions(survey)
        if question.block_type in GROUPING_BLOCK_TYPES and question.value.get("demographic")
    ]


class ResultsFilterForm(forms.Form):
    """GET filters of the results page. Unlike a list filter, a value that does not fit is an
    error the page names: silently ignoring it would show figures for another selection."""

    kanal = forms.ChoiceField(
        label=gettext_lazy("Weg der Antwort"),
        choices=[("", gettext_lazy("alle Wege")), *Channel.choices],
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "„%(value)s“ ist kein Weg der Antwort. Bitte wählen Sie aus der Liste."
            )
        },
    )
    gruppe = forms.ChoiceField(
        label=gettext_lazy("Gruppe"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "„%(value)s“ ist keine Gruppe dieser Befragung. Bitte wählen Sie aus der Liste."
            )
        },
    )
    von = forms.DateField(
        label=gettext_lazy("von"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": gettext_lazy("Bitte geben Sie den Beginn als Datum an, z. B. 21.11.2026.")
        },
    )
    bis = forms.DateField(
        label=gettext_lazy("bis einschließlich"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": gettext_lazy("Bitte geben Sie das Ende als Datum an, z. B. 21.11.2026.")
        },
    )

    def __init__(self, *args, survey: SurveyPage, **kwargs):
        super().__init__(*args, auto_id="filter-%s", **kwargs)
        self.fields["gruppe"].choices = [("", _("alle Personen")), *group_choices(survey)]

    def full_clean(self):
        super().full_clean()
        # The message below a field is read with it (the page's error summary links here).
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"filter-{name}-error"}
                )

    def _clean_day(self, name: str) -> datetime.date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            raise forms.ValidationError(
                _("Bitte geben Sie ein Datum zwischen %(first)s und %(last)s an.")
                % {
                    "first": EARLIEST_DAY.strftime("%d.%m.%Y"),
                    "last": LATEST_DAY.strftime("%d.%m.%Y"),
                }
            )
        return day

    def clean_von(self):
        return self._clean_day("von")

    def clean_bis(self):
        return self._clean_day("bis")

    def clean(self):
        data = super().clean()
        start, end = data.get("von"), data.get("bis")
        if start and end and start > end:
            self.add_error("bis", _("Das Ende des Zeitraums liegt vor seinem Beginn."))
        return data

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def responses(self, survey: SurveyPage):
        """The submitted responses the filters select; call only when the form is valid."""
        data = self.cleaned_data
        group = tuple(data["gruppe"].split(":", 2)[1:]) if data["gruppe"] else None
        # Whole days in the city's time zone, as the dates on the page and in by_day.
        return survey_responses_filtered(
            survey=survey,
            channel=data["kanal"],
            group=group,
            submitted_from=_day_start(data["von"]) if data["von"] else None,
            submitted_before=(
                _day_start(data["bis"] + datetime.timedelta(days=1)) if data["bis"] else None
            ),
        )

    def summary(self) -> list[str]:
        """The chosen filters in words, for the notice above filtered figures."""
        parts = []
        for name in ("kanal", "gruppe"):
            value = self.cleaned_data[name]
            if value:
                field = self.fields[name]
                parts.append(f"{field.label}: {_choice_label(field.choices, value)}")
        start, end = self.cleaned_data["von"], self.cleaned_data["bis"]
        if start or end:
            period = "{} – {}".format(
                start.strftime("%d.%m.%Y") if start else "…",
                end.strftime("%d.%m.%Y") if end else "…",
            )
            parts.append(_("Zeitraum: %(period)s") % {"period": period})
        return parts


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _choice_label(choices, value) -> str:
    for key, label in choices:
        if isinstance(label, list | tuple):
            for inner_key, inner_label in label:
                if inner_key == value:
                    return f"{key}: {inner_label}"
        elif key == value:
            return str(label)
    return value
