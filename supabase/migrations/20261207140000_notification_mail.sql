-- Notifications by e-mail (ADR 011): per person and kind of event how often (instant, a daily or a
-- weekly digest, or never), deliveries with retries, one-click unsubscribe without signing in.
--
-- Every notification the fan-out writes is queued for mail in the same statement. The worker's
-- plan step turns due queue items into deliveries (one mail per person and window, the items it
-- covers), its send step claims deliveries with a lease, hands them to SMTP and marks them. A
-- notification goes into at most one mail (unique notification_id): the channel's idempotency.

create type public.email_frequency as enum ('off', 'instant', 'daily', 'weekly');

-- How often a person hears by mail of a kind of event. A kind without a row: daily, one digest a
-- day at most (the default that respects people).
create table public.notification_preferences (
  user_id uuid not null references public.profiles (id) on delete cascade,
  kind public.notification_kind not null,
  mail public.email_frequency not null,
  updated_at timestamptz not null default now(),
  primary key (user_id, kind)
);

comment on table public.notification_preferences is
  'Per person and kind of event, how often they hear by e-mail; no row means a daily digest.';

alter table public.notification_preferences enable row level security;

create policy "People read their own mail preferences"
  on public.notification_preferences for select
  to authenticated
  using (user_id = (select auth.uid()));

create policy "People set their own mail preferences"
  on public.notification_preferences for insert
  to authenticated
  with check (user_id = (select auth.uid()));

create policy "People change their own mail preferences"
  on public.notification_preferences for update
  to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

revoke all on public.notification_preferences from anon, authenticated;
-- Whole rows: supabase-js upserts send the key columns too (the policies keep them the caller's).
grant select, insert, update on public.notification_preferences to authenticated;

-- Per person: the token of the unsubscribe link in every mail, whether they unsubscribed from all
-- mail, and whether mail to the address bounces. Either stops every mail — kinds added later
-- included — until the person saves their preferences again.
create table public.mail_settings (
  user_id uuid primary key references public.profiles (id) on delete cascade,
  unsubscribe_token uuid not null unique default gen_random_uuid(),
  unsubscribed_at timestamptz,
  bounced_at timestamptz,
  bounce_reason text
);

comment on table public.mail_settings is
  'Per person: the unsubscribe token of their mails, whether they unsubscribed from all mail, and whether their address bounces. Read-only to its owner.';

alter table public.mail_settings enable row level security;

create policy "People read their own mail settings"
  on public.mail_settings for select
  to authenticated
  using (user_id = (select auth.uid()));

revoke all on public.mail_settings from anon, authenticated;
grant select (user_id, unsubscribed_at, bounced_at) on public.mail_settings to authenticated;

-- Notifications waiting to be planned into a mail (an instant one at once, a digest's at its time).
create table private.mail_queue (
  notification_id bigint primary key references public.notifications (id) on delete cascade,
  recipient_id uuid not null references public.profiles (id) on delete cascade,
  kind public.notification_kind not null,
  created_at timestamptz not null
);

alter table private.mail_queue enable row level security;
revoke all on private.mail_queue from anon, authenticated;

-- One mail: to a person, for a window (a digest's end; an instant mail's planning time).
create table private.mail_deliveries (
  id bigint generated always as identity primary key,
  recipient_id uuid not null references public.profiles (id) on delete cascade,
  frequency public.email_frequency not null check (frequency <> 'off'),
  window_end timestamptz not null,
  status text not null default 'pending'
    check (status in ('pending', 'sending', 'sent', 'failed', 'skipped')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  constraint mail_deliveries_once_per_window unique (recipient_id, frequency, window_end)
);

create index mail_deliveries_due_idx on private.mail_deliveries (next_attempt_at)
  where status in ('pending', 'sending');

alter table private.mail_deliveries enable row level security;
revoke all on private.mail_deliveries from anon, authenticated;

-- What each mail covers; a notification is in one mail at most.
create table private.mail_items (
  mail_id bigint not null references private.mail_deliveries (id) on delete cascade,
  notification_id bigint not null unique references public.notifications (id) on delete cascade,
  primary key (mail_id, notification_id)
);

alter table private.mail_items enable row level security;
revoke all on private.mail_items from anon, authenticated;

-- The fan-out queues every notification it writes for mail, in the same statement.
create or replace function private.fan_out_notifications(max_events integer default 100) returns integer
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
    returning id, recipient_id, kind, created_at
  ), queued as (
    insert into private.mail_queue (notification_id, recipient_id, kind, created_at)
    select d.id, d.recipient_id, d.kind, d.created_at from delivered d
  )
  update private.notification_events e
     set fanned_out_at = now()
    from batch b
   where e.id = b.id;
  get diagnostics handled = row_count;
  return handled;
end;
$$;

-- Queue items with the frequency their recipient chose and the window they are due in (null: not
-- yet; a digest's items wait for its time).
create function private.mail_queue_due(daily_end timestamptz, weekly_end timestamptz)
returns table (notification_id bigint, recipient_id uuid, frequency public.email_frequency,
               window_end timestamptz)
language sql
stable
set search_path = ''
as $$
  select q.notification_id, q.recipient_id, f.frequency,
         case f.frequency
           when 'instant' then now()
           when 'daily' then mail_queue_due.daily_end
           when 'weekly' then mail_queue_due.weekly_end
         end
    from private.mail_queue q
    left join public.notification_preferences p
      on p.user_id = q.recipient_id and p.kind = q.kind
    cross join lateral (select coalesce(p.mail, 'daily'::public.email_frequency) as frequency) f
   where f.frequency = 'instant'
      or (f.frequency = 'daily' and q.created_at < mail_queue_due.daily_end)
      or (f.frequency = 'weekly' and q.created_at < mail_queue_due.weekly_end)
$$;

revoke execute on function private.mail_queue_due(timestamptz, timestamptz) from public;

-- The worker's plan step: drops what nobody wants mailed, puts due items into mails (one per
-- person and window). A digest that is already on its way takes nothing more: its late items wait
-- for the next window. One planner at a time (the others return at once); returns the items planned.
create function private.plan_mails(daily_end timestamptz, weekly_end timestamptz) returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  planned integer;
begin
  -- The worker's clock says when windows end; a window far ahead of the database's is a mistake.
  if daily_end is null or weekly_end is null
     or greatest(daily_end, weekly_end) > now() + interval '5 minutes' then
    perform private.fail('invalid_window', 'Digest windows end at or before now.', '22023');
  end if;
  if not pg_try_advisory_xact_lock(hashtext('stadtidee.plan_mails')) then
    return 0;
  end if;

  delete from private.mail_queue q
   using public.notification_preferences p
   where p.user_id = q.recipient_id and p.kind = q.kind and p.mail = 'off';
  delete from private.mail_queue q
   using public.mail_settings s
   where s.user_id = q.recipient_id and s.unsubscribed_at is not null;

  insert into private.mail_deliveries (recipient_id, frequency, window_end)
  select distinct d.recipient_id, d.frequency, d.window_end
    from private.mail_queue_due(plan_mails.daily_end, plan_mails.weekly_end) d
  on conflict on constraint mail_deliveries_once_per_window do nothing;

  -- Everyone about to be mailed has settings: the token of their unsubscribe link.
  insert into public.mail_settings (user_id)
  select distinct d.recipient_id
    from private.mail_queue_due(plan_mails.daily_end, plan_mails.weekly_end) d
  on conflict (user_id) do nothing;

  with moved as (
    delete from private.mail_queue q
     using private.mail_queue_due(plan_mails.daily_end, plan_mails.weekly_end) d,
           private.mail_deliveries m
     where q.notification_id = d.notification_id
       and m.recipient_id = d.recipient_id and m.frequency = d.frequency
       and m.window_end = d.window_end and m.status = 'pending'
    returning q.notification_id, m.id as mail_id
  )
  insert into private.mail_items (mail_id, notification_id)
  select moved.mail_id, moved.notification_id from moved;
  get diagnostics planned = row_count;
  return planned;
end;
$$;

comment on function private.plan_mails(timestamptz, timestamptz) is
  'The notification worker''s plan step: due mail queue items into one mail per person and window.';

revoke execute on function private.plan_mails(timestamptz, timestamptz) from public;

-- The worker's send step, part one: up to `max_mails` due mails, leased for `lease_seconds` (a
-- worker that dies mid-send leaves them to another after the lease). A mail to nobody (no address,
-- or an address that bounces) is skipped here. Each mail comes with what it needs:
-- address, language, unsubscribe token and its items (a title only where the recipient may read
-- the idea, as in the app).
create function private.claim_mails(max_mails integer default 20, lease_seconds integer default 120)
returns table (id bigint, email text, locale text, frequency public.email_frequency,
               unsubscribe_token uuid, attempts integer, items jsonb)
language sql
security definer
set search_path = ''
as $$
  with claimed as (
    select d.id, d.recipient_id from private.mail_deliveries d
     where d.status in ('pending', 'sending') and d.next_attempt_at <= now()
       and (d.status = 'pending' or d.lease_until < now())
     order by d.next_attempt_at, d.id
     limit greatest(1, least(coalesce(max_mails, 20), 500))
       for update skip locked
  ), leased as (
    update private.mail_deliveries d
       set status = case when s.unsubscribed_at is not null or s.bounced_at is not null
                              or coalesce(u.email, '') = '' then 'skipped'
                         else 'sending' end,
           last_error = case when s.unsubscribed_at is not null then 'unsubscribed'
                             when s.bounced_at is not null then 'address bounces'
                             when coalesce(u.email, '') = '' then 'no address' end,
           lease_until = now() + make_interval(secs => greatest(10, coalesce(lease_seconds, 120))),
           attempts = d.attempts + 1
      from claimed c
      join public.mail_settings s on s.user_id = c.recipient_id
      left join auth.users u on u.id = c.recipient_id
     where d.id = c.id
    returning d.id, d.recipient_id, d.frequency, d.attempts, d.status, u.email::text as email,
              s.unsubscribe_token
  )
  select l.id, l.email, p.locale, l.frequency, l.unsubscribe_token, l.attempts,
         coalesce((
           select jsonb_agg(jsonb_build_object(
                    'kind', n.kind, 'idea_id', n.idea_id, 'details', n.details,
                    'created_at', n.created_at,
                    'title', case when i.status not in ('submitted', 'hidden')
                                    or i.author_id = l.recipient_id
                                    or p.role >= 'moderator' then i.title end)
                  order by n.created_at, n.id)
             from private.mail_items mi
             join public.notifications n on n.id = mi.notification_id
             join public.ideas i on i.id = n.idea_id
            where mi.mail_id = l.id), '[]'::jsonb)
    from leased l
    join public.profiles p on p.id = l.recipient_id
   where l.status = 'sending'
$$;

comment on function private.claim_mails(integer, integer) is
  'The notification worker''s send step: leases due mails and returns what each needs.';

revoke execute on function private.claim_mails(integer, integer) from public;

-- The send step, part two: SMTP took the mail.
create function private.mail_sent(mail bigint) returns void
language sql
security definer
set search_path = ''
as $$
  update private.mail_deliveries
     set status = 'sent', sent_at = now(), lease_until = null, last_error = null
   where id = mail_sent.mail and status = 'sending';
$$;

revoke execute on function private.mail_sent(bigint) from public;

-- SMTP refused or was away. A permanent refusal of the address (5xx to RCPT) marks it bouncing and
-- fails the mail; anything else is tried again, waiting 1, 2, 4 … minutes (at most 6 hours), and
-- given up after 10 tries (about a day and a half).
create function private.mail_failed(mail bigint, reason text, address_refused boolean)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  row private.mail_deliveries;
begin
  select * into row from private.mail_deliveries d where d.id = mail_failed.mail for update;
  if not found or row.status <> 'sending' then
    return;
  end if;
  if address_refused then
    update public.mail_settings
       set bounced_at = now(), bounce_reason = left(mail_failed.reason, 500)
     where user_id = row.recipient_id;
  end if;
  update private.mail_deliveries d
     set status = case when mail_failed.address_refused or row.attempts >= 10 then 'failed' else 'pending' end,
         next_attempt_at = now() + least(interval '6 hours', interval '1 minute' * power(2, row.attempts - 1)),
         lease_until = null,
         last_error = left(mail_failed.reason, 500)
   where d.id = row.id;
end;
$$;

revoke execute on function private.mail_failed(bigint, text, boolean) from public;

-- One click in a mail (RFC 8058), no sign-in: no more mail of any kind for the token's owner (their
-- preferences stay as they were, for when they come back). Returns whether the token was known.
-- The in-app centre stays as it is.
create function public.unsubscribe_email(token uuid) returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  owner uuid;
begin
  update public.mail_settings s set unsubscribed_at = coalesce(s.unsubscribed_at, now())
   where s.unsubscribe_token = unsubscribe_email.token
  returning s.user_id into owner;
  if owner is null then
    return false;
  end if;
  -- Whatever is still waiting goes nowhere.
  delete from private.mail_queue q where q.recipient_id = owner;
  update private.mail_deliveries d set status = 'skipped', last_error = 'unsubscribed'
   where d.recipient_id = owner and d.status = 'pending';
  return true;
end;
$$;

revoke execute on function public.unsubscribe_email(uuid) from public;
grant execute on function public.unsubscribe_email(uuid) to anon, authenticated;

-- Saving one's preferences says the person wants mail (again), and the address is worth another try.
create function private.preferences_resume_mail() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.mail_settings set unsubscribed_at = null, bounced_at = null, bounce_reason = null
   where user_id = new.user_id and (unsubscribed_at is not null or bounced_at is not null);
  return null;
end;
$$;

revoke execute on function private.preferences_resume_mail() from public;

create trigger notification_preferences_resume_mail
  after insert or update on public.notification_preferences
  for each row execute function private.preferences_resume_mail();

grant execute on function private.plan_mails(timestamptz, timestamptz) to stadtidee_notifier;
grant execute on function private.claim_mails(integer, integer) to stadtidee_notifier;
grant execute on function private.mail_sent(bigint) to stadtidee_notifier;
grant execute on function private.mail_failed(bigint, text, boolean) to stadtidee_notifier;
