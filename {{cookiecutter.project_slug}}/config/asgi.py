from django.core.asgi import get_asgi_application

from config.startup import start

start("config.settings.production")

application = get_asgi_application()
