-- A reporter told what became of their report (ADR 011): a kind of its own, added in a migration
-- of its own (a new enum value is usable once its transaction committed).
alter type public.notification_kind add value if not exists 'report_resolved';
