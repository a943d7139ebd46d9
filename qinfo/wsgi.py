"""WSGI entry point for qinfo (waitress in ``qinfo serve``, or any WSGI server in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qinfo.settings")
application = get_wsgi_application()
