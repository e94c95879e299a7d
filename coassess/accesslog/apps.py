from django.apps import AppConfig


class AccessLogConfig(AppConfig):
    name = "coassess.accesslog"
    label = "accesslog"
    verbose_name = "Access log"
