from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "beteiligung.bench"
    label = "bench"
    verbose_name = "Benchmarks"
