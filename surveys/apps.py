from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = "Befragungen"
    default_auto_field = "django.db.models.BigAutoField"
