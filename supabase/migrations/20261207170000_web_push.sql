-- Web push (ADR 011): a person's devices that asked for push notifications, and one delivery per
-- notification and device, sent by the notification worker with VAPID (RFC 8292) and retried like
-- mail. A device whose push service answers 404 or 410 is gone and removed.
--
-- Push is off until a person turns it on for a device (in context: after supporting or submitting,
-- or in the notification settings); then that device hears of everything their centre does.

create table public.push_subscriptions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (id) on delete cascade,
  -- The push service's URL for this device (a capability: whoever knows it may push to it).
  endpoint text not null unique
    constraint push_subscriptions_endpoint_https check (endpoint ~ '^https://[^\s]+$' and length(endpoint) <= 1000),
  -- The device's P-256 public key (65 bytes) and auth secret (16 bytes), base64url (RFC 8291).
  p256dh text not null constraint push_subscriptions_p256dh_format check (p256dh ~ '^[A-Za-z0-9_-]{86,88}={0,2}$'),
  auth text not null constraint push_subscriptions_auth_format check (auth ~ '^[A-Za-z0-9_-]{21,24}={0,2}$'),
  -- What the person sees in their list of devices, e.g. "Chrome auf Android".
  label text not null default ''
    constraint push_subscriptions_label_length check (length(label) <= 100),
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);

create index push_subscriptions_user_idx on public.push_subscriptions (user_id);

comment on table public.push_subscriptions is
  'A person''s devices that receive web push; written through save_push_subscription, removed by their owner or when the push service says the device is gone.';

alter table public.push_subscriptions enable row level security;

create policy "People see their own devices"
  on public.push_subscriptions for select
  to authenticated
  using (user_id = (select auth.uid()));

create policy "People remove their own devices"
  on public.push_subscriptions for delete
  to authenticated
  using (user_id = (select auth.uid()));

revoke all on public.push_subscriptions from anon, authenticated;
grant select (id, endpoint, label, created_at, last_used_at) on public.push_subscriptions to authenticated;
grant delete on public.push_subscriptions to authenticated;

-- A device turns push on. A browser has one subscription per site, so an endpoint belongs to
-- whoever signed in on the device last: saving it again moves it to the caller. Ten devices per
-- person at most; an eleventh replaces the one used longest ago.
create function public.save_push_subscription(endpoint text, p256dh text, auth text, label text default '')
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  saved uuid;
begin
  if uid is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  if coalesce(save_push_subscription.endpoint, '') !~ '^https://[^\s]+$'
     or length(save_push_subscription.endpoint) > 1000
     or coalesce(save_push_subscription.p256dh, '') !~ '^[A-Za-z0-9_-]{86,88}={0,2}$'
     or coalesce(save_push_subscription.auth, '') !~ '^[A-Za-z0-9_-]{21,24}={0,2}$' then
    perform private.fail('invalid_push_subscription',
      'A push subscription is an https endpoint (at most 1,000 characters), a P-256 key and an auth secret, base64url.');
  end if;
  insert into public.push_subscriptions as s (user_id, endpoint, p256dh, auth, label)
  values (uid, save_push_subscription.endpoint, save_push_subscription.p256dh,
          save_push_subscription.auth,
          -- A label is a browser's name, never markup.
          case when private.has_markup(save_push_subscription.label) then ''
               else left(coalesce(save_push_subscription.label, ''), 100) end)
  on conflict on constraint push_subscriptions_endpoint_key do update
     set user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
         label = excluded.label, created_at = case when s.user_id = excluded.user_id
                                                   then s.created_at else now() end
  returning s.id into saved;
  delete from public.push_subscriptions s
   where s.user_id = uid
     and s.id in (select o.id from public.push_subscriptions o where o.user_id = uid
                   order by coalesce(o.last_used_at, o.created_at) desc, o.created_at desc
                  offset 10);
  return saved;
end;
$$;

comment on function public.save_push_subscription(text, text, text, text) is
  'Turns web push on for the caller''s device (its push subscription); returns the device''s id.';

revoke execute on function public.save_push_subscription(text, text, text, text) from public, anon;
grant execute on function public.save_push_subscription(text, text, text, text) to authenticated;

-- One push per notification and device.
create table private.push_deliveries (
  id bigint generated always as identity primary key,
  notification_id bigint not null references public.notifications (id) on delete cascade,
  subscription_id uuid not null references public.push_subscriptions (id) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_until timestamptz,
  last_error text,
  sent_at timestamptz,
  constraint push_deliveries_once unique (notification_id, subscription_id)
);

create index push_deliveries_due_idx on private.push_deliveries (next_attempt_at)
  where status in ('pending', 'sending');
create index push_deliveries_subscription_idx on private.push_deliveries (subscription_id);

alter table private.push_deliveries enable row level security;
revoke all on private.push_deliveries from anon, authenticated;

-- Every notification the fan-out writes goes to each of its recipient's devices, in the same
-- statement (a statement trigger: one join for the whole batch).
create function private.notifications_push() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.push_deliveries (notification_id, subscription_id)
  select n.id, s.id
    from added n
    join public.push_subscriptions s on s.user_id = n.recipient_id
  on conflict on constraint push_deliveries_once do nothing;
  return null;
end;
$$;

create trigger notifications_push
  after insert on public.notifications
  referencing new table as added
  for each statement execute function private.notifications_push();

-- The worker's push step, part one: up to `max_pushes` due pushes, leased for `lease_seconds`, each
-- with its device's keys, the recipient's language and what to say (a title only where the
-- recipient may read the idea, as in the app and the mails).
create function private.claim_pushes(max_pushes integer default 50, lease_seconds integer default 60)
returns table (id bigint, endpoint text, p256dh text, auth text, locale text, kind public.notification_kind,
               idea_id uuid, title text, details jsonb)
language sql
security definer
set search_path = ''
as $$
  with claimed as (
    select d.id from private.push_deliveries d
     where d.status in ('pending', 'sending') and d.next_attempt_at <= now()
       and (d.status = 'pending' or d.lease_until < now())
     order by d.next_attempt_at, d.id
     limit greatest(1, least(coalesce(max_pushes, 50), 500))
       for update skip locked
  ), leased as (
    update private.push_deliveries d
       set status = 'sending', attempts = d.attempts + 1,
           lease_until = now() + make_interval(secs => greatest(10, coalesce(lease_seconds, 60)))
      from claimed c
     where d.id = c.id
    returning d.id, d.notification_id, d.subscription_id
  )
  select l.id, s.endpoint, s.p256dh, s.auth, p.locale, n.kind, n.idea_id,
         case when i.status not in ('submitted', 'hidden') or i.author_id = n.recipient_id
                   or p.role >= 'moderator' then i.title end,
         n.details
    from leased l
    join public.push_subscriptions s on s.id = l.subscription_id
    join public.notifications n on n.id = l.notification_id
    join public.profiles p on p.id = n.recipient_id
    join public.ideas i on i.id = n.idea_id
$$;

revoke execute on function private.claim_pushes(integer, integer) from public;

-- Part two: the push service took it.
create function private.push_sent(push bigint) returns void
language sql
security definer
set search_path = ''
as $$
  with sent as (
    update private.push_deliveries
       set status = 'sent', sent_at = now(), lease_until = null, last_error = null
     where id = push_sent.push and status = 'sending'
    returning subscription_id
  )
  update public.push_subscriptions s set last_used_at = now() from sent where s.id = sent.subscription_id;
$$;

revoke execute on function private.push_sent(bigint) from public;

-- Or it did not. A device that is gone (404, 410) is removed with everything still waiting for it;
-- a refusal that trying again cannot mend (another 4xx) fails the push; anything else is tried
-- again after 1, 2, 4 … minutes (at most an hour), 8 times: news older than a day is no push.
create function private.push_failed(push bigint, reason text, outcome text) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  row private.push_deliveries;
begin
  if outcome not in ('gone', 'refused', 'retry') then
    raise exception 'push_failed: outcome is gone, refused or retry, not %', outcome;
  end if;
  select * into row from private.push_deliveries d where d.id = push_failed.push for update;
  if not found or row.status <> 'sending' then
    return;
  end if;
  if outcome = 'gone' then
    delete from public.push_subscriptions s where s.id = row.subscription_id;
    return;
  end if;
  update private.push_deliveries d
     set status = case when outcome = 'refused' or row.attempts >= 8 then 'failed' else 'pending' end,
         next_attempt_at = now() + least(interval '1 hour', interval '1 minute' * power(2, row.attempts - 1)),
         lease_until = null,
         last_error = left(push_failed.reason, 500)
   where d.id = row.id;
end;
$$;

revoke execute on function private.push_failed(bigint, text, text) from public;

grant execute on function private.claim_pushes(integer, integer) to stadtidee_notifier;
grant execute on function private.push_sent(bigint) to stadtidee_notifier;
grant execute on function private.push_failed(bigint, text, text) to stadtidee_notifier;

-- The data export (GDPR Art. 15, 20), in parts: each part of the schema that stores something about
-- a person adds its sections as a function `private.export_part_<name>(uid) returns jsonb` (an
-- object of sections), and export_my_data merges whatever parts exist. A new table adds its part
-- without touching the others (the devices below are the first to do so).
create function private.export_part_account(uid uuid) returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'account', (select jsonb_build_object('id', a -> 'id', 'email', a -> 'email',
                                          'created_at', a -> 'created_at',
                                          'email_confirmed_at', a -> 'email_confirmed_at',
                                          'last_sign_in_at', a -> 'last_sign_in_at')
                  from (select to_jsonb(u) as a from auth.users u where u.id = uid) x),
    'profile', (select to_jsonb(p) from public.profiles p where p.id = uid))
$$;

create function private.export_part_participation(uid uuid) returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
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
                           from public.reports r where r.reporter_id = uid), '[]'::jsonb))
$$;

create function private.export_part_notifications(uid uuid) returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'notifications', coalesce((select jsonb_agg(to_jsonb(n) - 'recipient_id' - 'event_id' order by n.created_at)
                                 from public.notifications n where n.recipient_id = uid), '[]'::jsonb),
    'notification_preferences', coalesce((select jsonb_agg(jsonb_build_object('kind', p.kind, 'mail', p.mail,
                                                                          'updated_at', p.updated_at)
                                                       order by p.kind)
                                            from public.notification_preferences p where p.user_id = uid), '[]'::jsonb),
    'place_alerts', coalesce((select jsonb_agg(to_jsonb(a) - 'user_id' order by a.created_at)
                                from public.place_alerts a where a.user_id = uid), '[]'::jsonb))
$$;

-- The devices with web push: what the person sees of them, not their keys.
create function private.export_part_push_devices(uid uuid) returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'push_devices', coalesce((select jsonb_agg(jsonb_build_object('label', s.label, 'created_at', s.created_at,
                                                               'last_used_at', s.last_used_at)
                                             order by s.created_at)
                                from public.push_subscriptions s where s.user_id = uid), '[]'::jsonb))
$$;

revoke execute on function private.export_part_account(uuid), private.export_part_participation(uuid),
  private.export_part_notifications(uuid), private.export_part_push_devices(uuid) from public;

create or replace function public.export_my_data() returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  part text;
  section jsonb;
  result jsonb := jsonb_build_object('exported_at', now());
begin
  if uid is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  for part in
    select p.proname from pg_proc p
     where p.pronamespace = 'private'::regnamespace and p.proname like 'export\_part\_%'
       and p.pronargs = 1 and p.proargtypes[0] = 'uuid'::regtype and p.prorettype = 'jsonb'::regtype
     order by p.proname
  loop
    execute format('select private.%I($1)', part) into section using uid;
    result := result || section;
  end loop;
  return result;
end;
$$;
