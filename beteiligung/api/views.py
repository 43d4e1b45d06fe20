"""What generic API views share."""


class SelectorQuerysetMixin:
    """A list or detail view that reads through a selector (`selector`, called without
    arguments). The schema generator, which also runs in `check --deploy` where there may be
    no database yet, gets an empty queryset of `model` instead."""

    model = None
    selector = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return type(self).selector()
