-- Notifications: people hear what became of what they said (ADR 011).
--
-- What happens to an idea is written as an event into an outbox (private.notification_events) by
-- triggers, in the transaction of what happened, so no event is ever missed. A worker fans each
-- event out to its recipients (public.notifications: the in-app centre; later mail and push),
-- idempotent per event and recipient, so a crash or a second worker sends nothing twice.

create type public.notification_kind as enum (
  -- To the author, followers and supporters who asked to be kept informed.
  'status_changed', 'answered', 'merged', 'measure_linked',
  -- To the author only.
  'published', 'hidden', 'comment_added',
  -- To the staff member an idea was assigned to.
  'assigned'
);

-- Supporting offers "keep me informed", on by default; one click turns it off.
alter table public.votes add column notify boolean not null default true;

comment on column public.votes.notify is
  'Whether the supporter hears what becomes of the idea (status, answers, merge, measure).';

create policy "Supporters choose whether to be kept informed"
  on public.votes for update
  to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

grant update (notify) on public.votes to authenticated;

-- The outbox. Never read or written by API users: triggers write it, the worker drains it.
create table private.notification_events (
  id bigint generated always as identity primary key,
  kind public.notification_kind not null,
  idea_id uuid not null references public.ideas (id) on delete cascade,
  -- Who caused it (never told about their own doing); no reference, so deleting them keeps it.
  actor_id uuid,
  -- What the notification says beyond its kind: from/to status, the measure, the assignee.
  details jsonb not null default '{}',
  created_at timestamptz not null default now(),
  fanned_out_at timestamptz
);

comment on table private.notification_events is
  'Outbox of things people are told about, written by triggers in the transaction of the event; the notification worker fans each out once.';

create index notification_events_pending_idx on private.notification_events (id)
  where fanned_out_at is null;

alter table private.notification_events enable row level security;
revoke all on private.notification_events from anon, authenticated;

-- One row per person and event: the in-app notification centre.
create table public.notifications (
  id bigint generated always as identity primary key,
  recipient_id uuid not null references public.profiles (id) on delete cascade,
  event_id bigint not null,
  kind public.notification_kind not null,
  idea_id uuid not null references public.ideas (id) on delete cascade,
  details jsonb not null default '{}',
  created_at timestamptz not null,
  read_at timestamptz,
  constraint notifications_once_per_event unique (event_id, recipient_id)
);

comment on table public.notifications is
  'What each person has been told (the in-app centre). Private to the recipient; written only by the notification worker.';

create index notifications_recipient_idx on public.notifications (recipient_id, created_at desc);
create index notifications_unread_idx on public.notifications (recipient_id) where read_at is null;

alter table public.notifications enable row level security;

create policy "People read their own notifications"
  on public.notifications for select
  to authenticated
  using (recipient_id = (select auth.uid()));

revoke all on public.notifications from anon, authenticated;
grant select on public.notifications to authenticated;

-- Marks the caller's notifications read: the given ones, or all of them. Returns how many.
create function public.mark_notifications_read(ids bigint[] default null) returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  changed integer;
begin
  if (select auth.uid()) is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  update public.notifications n
     set read_at = now()
   where n.recipient_id = (select auth.uid())
     and n.read_at is null
     and (mark_notifications_read.ids is null or n.id = any (mark_notifications_read.ids));
  get diagnostics changed = row_count;
  return changed;
end;
$$;

revoke execute on function public.mark_notifications_read(bigint[]) from public, anon;
grant execute on function public.mark_notifications_read(bigint[]) to authenticated;

-- The data export (GDPR Art. 15, 20) includes what a person has been told.
create or replace function public.export_my_data() returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
begin
  if uid is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  return jsonb_build_object(
    'exported_at', now(),
    'account', (select jsonb_build_object('id', a -> 'id', 'email', a -> 'email',
                                          'created_at', a -> 'created_at',
                                          'email_confirmed_at', a -> 'email_confirmed_at',
                                          'last_sign_in_at', a -> 'last_sign_in_at')
                  from (select to_jsonb(u) as a from auth.users u where u.id = uid) x),
    'profile', (select to_jsonb(p) from public.profiles p where p.id = uid),
    'ideas', coalesce((select jsonb_agg(to_jsonb(i) - 'search_vector' - 'location' order by i.created_at)
                         from public.ideas i where i.author_id = uid), '[]'::jsonb),
    'comments', coalesce((select jsonb_agg(to_jsonb(c) order by c.created_at)
                            from public.comments c where c.author_id = uid), '[]'::jsonb),
    'votes', coalesce((select jsonb_agg(jsonb_build_object('idea_id', v.idea_id, 'created_at', v.created_at)
                                        order by v.created_at)
                         from public.votes v where v.user_id = uid), '[]'::jsonb),
    'follows', coalesce((select jsonb_agg(jsonb_build_object('idea_id', f.idea_id, 'created_at', f.created_at)
                                          order by f.created_at)
                           from public.follows f where f.user_id = uid), '[]'::jsonb),
    'reports', coalesce((select jsonb_agg(to_jsonb(r) order by r.created_at)
                           from public.reports r where r.reporter_id = uid), '[]'::jsonb),
    'notifications', coalesce((select jsonb_agg(to_jsonb(n) - 'recipient_id' - 'event_id' order by n.created_at)
                                 from public.notifications n where n.recipient_id = uid), '[]'::jsonb)
  );
end;
$$;

-- Writes an event and wakes the worker (it also polls, so a lost wake-up only delays).
create function private.notify_event(
  kind public.notification_kind,
  idea uuid,
  actor uuid,
  details jsonb default '{}'
) returns void
language sql
security definer
set search_path = ''
as $$
  insert into private.notification_events (kind, idea_id, actor_id, details)
  values (notify_event.kind, notify_event.idea, notify_event.actor, coalesce(notify_event.details, '{}'));
  select pg_notify('stadtidee_notifications', '');
$$;

revoke execute on function private.notify_event(public.notification_kind, uuid, uuid, jsonb) from public;

-- The idea's public history is what people are told about: status changes (a first publication
-- and hiding go to the author alone), official answers, merges, links to a measure; and the
-- assignment of an idea, to the staff member it went to. Internal notes say nothing.
create function private.idea_event_notifies() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.kind = 'status_change' then
    perform private.notify_event(
      case
        when new.to_status = 'hidden' then 'hidden'
        when new.from_status = 'submitted' and new.to_status = 'published' then 'published'
        else 'status_changed'
      end::public.notification_kind,
      new.idea_id, new.actor_id,
      jsonb_build_object('from', new.from_status, 'to', new.to_status));
  elsif new.kind = 'answer' then
    perform private.notify_event('answered', new.idea_id, new.actor_id);
  elsif new.kind = 'merge' then
    perform private.notify_event('merged', new.idea_id, new.actor_id,
      coalesce(new.details, '{}') - 'votes_moved');
  elsif new.kind = 'agenda' and coalesce((new.details ->> 'linked')::boolean, true) then
    perform private.notify_event('measure_linked', new.idea_id, new.actor_id,
      jsonb_build_object('measure_id', new.details ->> 'measure_id',
                         'measure_title', new.details ->> 'measure_title'));
  elsif new.kind = 'triage' and new.details ->> 'assignee_id' is not null then
    perform private.notify_event('assigned', new.idea_id, new.actor_id,
      jsonb_build_object('assignee_id', new.details ->> 'assignee_id'));
  end if;
  return null;
end;
$$;

revoke execute on function private.idea_event_notifies() from public;

create trigger idea_events_notify
  after insert on public.idea_events
  for each row execute function private.idea_event_notifies();

create function private.comment_notifies() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.status = 'visible' then
    perform private.notify_event('comment_added', new.idea_id, new.author_id,
      jsonb_build_object('comment_id', new.id));
  end if;
  return null;
end;
$$;

revoke execute on function private.comment_notifies() from public;

create trigger comments_notify
  after insert on public.comments
  for each row execute function private.comment_notifies();

-- Who hears of an event: never who caused it, and nobody learns who else is told.
create function private.notification_recipients(
  kind public.notification_kind,
  idea uuid,
  actor uuid,
  details jsonb
) returns table (user_id uuid)
language sql
stable
security definer
set search_path = ''
as $$
  select i.author_id from public.ideas i
   where i.id = notification_recipients.idea and i.author_id is not null
     and notification_recipients.kind <> 'assigned'
  union
  select f.user_id from public.follows f
   where f.idea_id = notification_recipients.idea
     and notification_recipients.kind in ('status_changed', 'answered', 'merged', 'measure_linked')
  union
  select v.user_id from public.votes v
   where v.idea_id = notification_recipients.idea and v.notify
     and notification_recipients.kind in ('status_changed', 'answered', 'merged', 'measure_linked')
  union
  select p.id from public.profiles p
   where notification_recipients.kind = 'assigned'
     and p.id::text = notification_recipients.details ->> 'assignee_id'
  except
  select notification_recipients.actor where notification_recipients.actor is not null
$$;

revoke execute on function private.notification_recipients(public.notification_kind, uuid, uuid, jsonb)
  from public;

-- The worker's step: up to `max_events` pending events, each fanned out in full, oldest first.
-- SKIP LOCKED lets several workers share the outbox; the unique (event, recipient) makes a
-- repeated fan-out (a crash between insert and mark) add nothing. Returns the events handled.
create function private.fan_out_notifications(max_events integer default 100) returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  handled integer;
begin
  with batch as (
    select e.* from private.notification_events e
     where e.fanned_out_at is null
     order by e.id
     limit greatest(1, least(coalesce(max_events, 100), 1000))
       for update skip locked
  ), delivered as (
    insert into public.notifications (recipient_id, event_id, kind, idea_id, details, created_at)
    select r.user_id, b.id, b.kind, b.idea_id, b.details, b.created_at
      from batch b, private.notification_recipients(b.kind, b.idea_id, b.actor_id, b.details) r
    on conflict on constraint notifications_once_per_event do nothing
  )
  update private.notification_events e
     set fanned_out_at = now()
    from batch b
   where e.id = b.id;
  get diagnostics handled = row_count;
  return handled;
end;
$$;

comment on function private.fan_out_notifications(integer) is
  'The notification worker''s step: fans pending outbox events out to their recipients, idempotently.';

revoke execute on function private.fan_out_notifications(integer) from public;

-- The worker's own role: it may run the fan-out and nothing else. Production gives it a password
-- and connects as it (docs); the local stack does the same on every start.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'stadtidee_notifier') then
    create role stadtidee_notifier nologin;
  end if;
end;
$$;

grant usage on schema private to stadtidee_notifier;
grant execute on function private.fan_out_notifications(integer) to stadtidee_notifier;
