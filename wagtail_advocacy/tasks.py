"""Every background job of wagtail-advocacy, enqueued with django-q2.

Jobs are idempotent: running one twice changes nothing.
"""
