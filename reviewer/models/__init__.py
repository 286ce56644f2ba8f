"""The record of truth: users, programs, documents, extractions and decisions.

Split by concern so no module grows into a god-module; import models from here.
"""

from reviewer.models.account_requests import AccountRequest
from reviewer.models.audit import AuditEvent
from reviewer.models.batches import Batch, BatchItem, BatchStatus, ItemState
from reviewer.models.documents import Activity, Document, DocumentStatus, Extraction, Flag
from reviewer.models.logins import LoginAttempt
from reviewer.models.mail import OutboundMail
from reviewer.models.page_cache import CachedPage
from reviewer.models.programs import Cycle, Program
from reviewer.models.review import ReviewDecision
from reviewer.models.users import User

__all__ = ["AccountRequest", "Activity", "AuditEvent", "Batch", "BatchItem", "BatchStatus", "CachedPage", "Cycle",
           "Document", "DocumentStatus", "Extraction", "Flag", "ItemState", "LoginAttempt", "OutboundMail",
           "Program", "ReviewDecision", "User"]
