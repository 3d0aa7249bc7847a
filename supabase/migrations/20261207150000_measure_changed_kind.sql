-- A measure that ideas went into moves on (ADR 011): a kind of notification of its own. Added in a
-- migration of its own: a new enum value can be used only once the transaction that added it has
-- committed.
alter type public.notification_kind add value if not exists 'measure_changed';
