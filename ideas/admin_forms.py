"""The editing form of an idea collection page: rules that need the Themenfelder as edited."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


class IdeaCollectionPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("categories")
        if formset is None or not self.instance.pk:
            return cleaned_data
        from ideas.models import Idea

        removed = [form.instance for form in formset.deleted_forms if form.instance.pk]
        in_use = sorted(
            {
                category.name
                for category in removed
                if Idea.objects.filter(category_id=category.pk).exists()
            }
        )
        if in_use:
            self.add_error(
                None,
                _(
                    "Diese Themenfelder haben schon Ideen und können nicht entfernt werden: "
                    "%(names)s. Benennen Sie sie um oder ordnen Sie die Ideen erst anders zu."
                )
                % {"names": ", ".join(in_use)},
            )
        return cleaned_data
