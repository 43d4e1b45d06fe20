from django import forms, template

register = template.Library()


@register.filter
def error_target(field) -> str:
    """The id an error-summary link points to: the first option of a group, else the input."""
    if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def page_path(page) -> str:
    """A page's path without scheme and host, for links that put a base URL in front
    (e-mails: BASE_URL + path); "" when the page is not routable."""
    parts = page.get_url_parts()
    return parts[2] if parts else ""


@register.filter
def idea_path(idea) -> str:
    """The path of an idea's page (see page_path)."""
    path = page_path(idea.collection)
    if not path:
        return ""
    return path + idea.collection.reverse_subpage("idea_detail", args=(idea.pk,))
