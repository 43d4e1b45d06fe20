"""allauth's account forms as residents meet them: labels without placeholders, the portal's
wording where allauth's German says "du"."""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _


class PlainFieldsMixin:
    """A visible label per field and no placeholder: placeholder text vanishes while typing and
    repeats the label for screen readers. The address field says what it wants in full."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        for name in ("email", "login"):
            if name in self.fields:
                self.fields[name].label = _("E-Mail-Adresse")


class SamePasswordTwiceMixin:
    """Checks password2 against password1 before allauth does, in the portal's wording; a
    rejected password2 leaves cleaned_data, so allauth's own check is skipped."""

    def clean(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2",
                _("Die beiden Passwörter sind verschieden. Bitte geben Sie zweimal dasselbe ein."),
            )
        return super().clean()


class ResidentLoginForm(PlainFieldsMixin, allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The template links "Passwort vergessen?" after the field, not inside its description.
        self.fields["password"].help_text = ""


class ResidentSignupForm(PlainFieldsMixin, SamePasswordTwiceMixin, allauth_forms.SignupForm):
    pass


class ResidentAddEmailForm(PlainFieldsMixin, allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Neue E-Mail-Adresse")


class ResidentChangePasswordForm(
    PlainFieldsMixin, SamePasswordTwiceMixin, allauth_forms.ChangePasswordForm
):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].help_text = ""


class ResidentSetPasswordForm(
    PlainFieldsMixin, SamePasswordTwiceMixin, allauth_forms.SetPasswordForm
):
    pass


class ResidentResetPasswordForm(PlainFieldsMixin, allauth_forms.ResetPasswordForm):
    pass


class ResidentResetPasswordKeyForm(
    PlainFieldsMixin, SamePasswordTwiceMixin, allauth_forms.ResetPasswordKeyForm
):
    pass
