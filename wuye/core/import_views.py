from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def import_list(request):
    raise Http404


@login_required
def import_upload(request, kind):
    raise Http404


@login_required
def import_template(request, kind):
    raise Http404


@login_required
def import_detail(request, pk):
    raise Http404
