import django_filters


# django-filter builds a new form class from the filters for every request, about a
# twentieth of a list request. The filters depend on the class alone, so the form class is
# built once per FilterSet class; each request still gets its own form instance. Not for
# FilterSets that change their filters per request.
class CachedFormFilterSet(django_filters.FilterSet):
    def get_form_class(self):
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class
