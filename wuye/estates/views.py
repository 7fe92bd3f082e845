"""Pages beyond the generic ones: classifying an estate."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from wuye.core.views import add_validation_errors
from wuye.estates.forms import ClassificationForm
from wuye.estates.models import Estate
from wuye.estates.services import estate_classify


@login_required
def estate_classify_view(request, pk: int):
    estate = get_object_or_404(Estate.objects.visible_to(request.user), pk=pk)
    if not Estate.objects.editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied(_("您没有调整该小区分类的权限。"))
    form = ClassificationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            estate_classify(actor=request.user, estate=estate, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("已记录分类。"))
            return redirect("estates:estate_detail", pk=pk)
    history = estate.classification_history.select_related("decided_by")
    return render(request, "estates/classify.html", {"estate": estate, "form": form, "history": history,
                                                     "title": _("调整分类：%(e)s") % {"e": estate}})
