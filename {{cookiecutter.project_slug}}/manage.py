#!/usr/bin/env python
import sys


def main():
    from django.core.management import execute_from_command_line

    from config.startup import start

    start("config.settings.development")

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
