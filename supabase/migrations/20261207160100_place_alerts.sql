-- Place alerts (ADR 011, beyond meinBerlin's Kiezradar): up to five per person, each a point and a
-- radius of 250–3,000 m, or the whole town; either optionally limited to fields of action (the
-- whole town needs at least one: that is a subscription to fields). When an idea becomes public
-- for the first time, everyone with a matching alert hears of it — never its author.

create table public.place_alerts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  label text not null check (char_length(btrim(label)) between 1 and 80),
  lat double precision,
  lng double precision,
  radius_m integer,
  field_slugs text[] not null default '{}' check (cardinality(field_slugs) <= 20),
  created_at timestamptz not null default now(),
  constraint place_alerts_place_or_fields check (
    (lat is null and lng is null and radius_m is null and cardinality(field_slugs) > 0)
    or (lat is not null and lng is not null and radius_m between 250 and 3000))
);

comment on table public.place_alerts is
  'A person''s alerts for new ideas: a point and radius (250–3,000 m) or the whole town, optionally by fields of action; at most five each. Private to their owner.';

create index place_alerts_user_idx on public.place_alerts (user_id);

alter table public.place_alerts enable row level security;

create policy "People read their own place alerts"
  on public.place_alerts for select
  to authenticated
  using (user_id = (select auth.uid()));

create policy "People set their own place alerts"
  on public.place_alerts for insert
  to authenticated
  with check (user_id = (select auth.uid()));

create policy "People change their own place alerts"
  on public.place_alerts for update
  to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy "People remove their own place alerts"
  on public.place_alerts for delete
  to authenticated
  using (user_id = (select auth.uid()));

revoke all on public.place_alerts from anon, authenticated;
grant select, delete on public.place_alerts to authenticated;
grant insert (label, lat, lng, radius_m, field_slugs) on public.place_alerts to authenticated;
grant update (label, lat, lng, radius_m, field_slugs) on public.place_alerts to authenticated;

-- A place lies in the town, fields exist, and nobody has more than five alerts.
create function private.place_alerts_validate() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.lat is not null or new.lng is not null then
    perform private.check_location(new.lat, new.lng);
  end if;
  if exists (select 1 from unnest(new.field_slugs) s
              where not exists (select 1 from public.fields_of_action f where f.slug = s)) then
    perform private.fail('unknown_field', 'No such field of action.', '23503');
  end if;
  new.field_slugs := array(select distinct s from unnest(new.field_slugs) s order by s);
  new.label := btrim(new.label);
  if tg_op = 'INSERT' then
    -- One person's inserts one after another, so two at once cannot both be the fifth.
    perform pg_advisory_xact_lock(hashtext('place_alerts:' || new.user_id::text));
    if (select count(*) from public.place_alerts a where a.user_id = new.user_id) >= 5 then
      perform private.fail('too_many_place_alerts', 'At most five place alerts per person.', '23514');
    end if;
  end if;
  return new;
end;
$$;

revoke execute on function private.place_alerts_validate() from public;

create trigger place_alerts_validate
  before insert or update on public.place_alerts
  for each row execute function private.place_alerts_validate();

-- An idea becomes public for the first time: published at once (post-moderation) or approved
-- after review. Restoring a hidden idea is not news.
create function private.idea_new_notifies() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.status = 'published' and (tg_op = 'INSERT' or old.status = 'submitted') then
    perform private.notify_event('idea_new', new.id, new.author_id);
  end if;
  return null;
end;
$$;

revoke execute on function private.idea_new_notifies() from public;

create trigger ideas_new_notify
  after insert or update of status on public.ideas
  for each row execute function private.idea_new_notifies();

-- Who hears of what: the idea's audience (author, followers, supporters who kept "keep me
-- informed" on) of its status, answers, merge and measure; the assignee of an assignment; the
-- owners of matching place alerts of a new idea, the distance measured as the duplicate hint does
-- (equirectangular, metres; exact enough within a town). Never who caused it.
create or replace function private.notification_recipients(
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
     and notification_recipients.kind not in ('assigned', 'idea_new')
  union
  select f.user_id from public.follows f
   where f.idea_id = notification_recipients.idea
     and notification_recipients.kind in ('status_changed', 'answered', 'merged', 'measure_linked',
                                          'measure_changed')
  union
  select v.user_id from public.votes v
   where v.idea_id = notification_recipients.idea and v.notify
     and notification_recipients.kind in ('status_changed', 'answered', 'merged', 'measure_linked',
                                          'measure_changed')
  union
  select p.id from public.profiles p
   where notification_recipients.kind = 'assigned'
     and p.id::text = notification_recipients.details ->> 'assignee_id'
  union
  select a.user_id from public.place_alerts a, public.ideas i
   where notification_recipients.kind = 'idea_new'
     and i.id = notification_recipients.idea
     and (cardinality(a.field_slugs) = 0 or i.field_slug = any (a.field_slugs))
     and (a.lat is null
          or sqrt(power((i.lat - a.lat) * 111320.0, 2)
                  + power((i.lng - a.lng) * 111320.0 * cos(radians(a.lat)), 2)) <= a.radius_m)
  except
  select notification_recipients.actor where notification_recipients.actor is not null
$$;

-- The data export (GDPR Art. 15, 20) includes the mail preferences and the place alerts.
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
                                 from public.notifications n where n.recipient_id = uid), '[]'::jsonb),
    'notification_preferences', coalesce((select jsonb_agg(jsonb_build_object('kind', p.kind, 'mail', p.mail,
                                                                          'updated_at', p.updated_at)
                                                       order by p.kind)
                                            from public.notification_preferences p where p.user_id = uid), '[]'::jsonb),
    'place_alerts', coalesce((select jsonb_agg(to_jsonb(a) - 'user_id' order by a.created_at)
                                from public.place_alerts a where a.user_id = uid), '[]'::jsonb)
  );
end;
$$;
