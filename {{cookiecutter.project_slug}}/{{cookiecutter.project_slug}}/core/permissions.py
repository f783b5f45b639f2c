from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission


class IsOwnerOrStaff(BasePermission):
    """Object level: staff, or the user the object belongs to (its `user_id`).

    A backstop behind the views' scoped querysets, which already hide other users' objects:
    should a queryset ever leak one, the answer is still the 404 the scoping gives (an
    object that is not yours does not exist), never the object nor a 403 that confirms it.
    """

    def has_object_permission(self, request, view, obj):
        user = request.user
        if user.is_staff or obj.user_id == user.pk:
            return True
        raise NotFound()
