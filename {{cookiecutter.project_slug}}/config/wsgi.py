from django.core.wsgi import get_wsgi_application

from config.startup import start

start("config.settings.production")

application = get_wsgi_application()
