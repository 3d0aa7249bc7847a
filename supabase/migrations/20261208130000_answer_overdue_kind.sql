-- The assignee reminded of an idea that waits too long for an answer (ADR 011, ADR 017): a kind of
-- its own, added in a migration of its own (a new enum value is usable once its transaction
-- committed).
alter type public.notification_kind add value if not exists 'answer_overdue';
