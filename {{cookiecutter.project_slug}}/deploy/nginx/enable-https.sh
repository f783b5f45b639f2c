#!/bin/sh
# Run by the nginx image's entrypoint (/docker-entrypoint.d) before nginx starts: serve
# HTTPS as well when a certificate and its key are mounted in /etc/nginx/certs.
set -eu
if [ -f /etc/nginx/certs/tls.crt ] && [ -f /etc/nginx/certs/tls.key ]; then
    cp /etc/nginx/https/https.conf /etc/nginx/conf.d/https.conf
    echo "enable-https.sh: serving HTTPS with /etc/nginx/certs/tls.crt"
else
    echo "enable-https.sh: no certificate in /etc/nginx/certs, plain HTTP only"
fi
