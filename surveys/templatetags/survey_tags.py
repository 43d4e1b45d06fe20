from django import forms, template

register = template.Library()

CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def is_choice_group(field) -> bool:
    return isinstance(field.field.widget, CHOICE_WIDGETS)


@register.filter
def error_target(field) -> str:
    """The id the error summary links to: the first option of a group, else the input."""
    return f"{field.auto_id}_0" if is_choice_group(field) else field.auto_id


@register.simple_tag
def field_widget(field, *, hint: bool = False):
    """The widget with aria-describedby (hint, error) and aria-invalid when it has errors."""
    described_by = []
    if hint:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    attrs = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def scale_points(block, value) -> list[int]:
    """The points of a rating scale, for the printed questionnaire."""
    return block.scale(value)


@register.simple_tag
def condition_labels(item, steps) -> dict[str, str]:
    """For the printed questionnaire: the labels of the question and answer a conditional
    question depends on; {} without a condition."""
    condition = item.value.get("condition") or {}
    source = condition.get("question")
    for step in steps if source else []:
        for other in step.questions:
            if other.value["key"] == source:
                field = other.block.form_fields(other.value)[source]
                choice = dict(field.choices).get(condition.get("choice"), "")
                return {"question": other.value["label"], "choice": str(choice)}
    return {}
