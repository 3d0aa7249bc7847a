-- An idea routed to a department, told to that department's staff (ADR 011): a kind of its own,
-- added in a migration of its own (a new enum value is usable once its transaction committed).
alter type public.notification_kind add value if not exists 'routed';
