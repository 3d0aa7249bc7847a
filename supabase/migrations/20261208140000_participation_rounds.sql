-- Participation rounds (Beteiligungsrunden): a time-boxed call by the town, with a title, the
-- question it asks, the fields of action it asks about (some, or all), its first and last day
-- (calendar days in Europe/Berlin, both inclusive) and optionally a district. An idea submitted
-- while a round is open and fits it is marked with that round (ideas.round_id, set by the
-- database at insert); a setting may close submissions outside open rounds. ADR 018.

create table public.participation_rounds (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(title) between 5 and 120),
  question text not null check (char_length(question) between 10 and 2000),
  -- Calendar days in Europe/Berlin, both inclusive.
  starts_on date not null,
  ends_on date not null,
  -- Only ideas in this district fit; null: the whole town (town-wide ideas too).
  district_id smallint references public.districts (id) on delete restrict,
  -- Every field of action; else those in participation_round_fields.
  all_fields boolean not null default true,
  -- Null: a draft, seen by staff only. Set once, by publishing.
  published_at timestamptz,
  -- Closed early by staff (before ends_on is over).
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint participation_rounds_dates check (ends_on >= starts_on),
  constraint participation_rounds_closed_published check (closed_at is null or published_at is not null)
);

comment on table public.participation_rounds is
  'Beteiligungsrunden: time-boxed calls (title, question, fields of action, first and last day in Europe/Berlin, optional district). Published rounds are public; drafts are for staff; staff edit.';

create index participation_rounds_dates_idx on public.participation_rounds (ends_on desc, starts_on);

create table public.participation_round_fields (
  round_id uuid not null references public.participation_rounds (id) on delete cascade,
  field_slug text not null references public.fields_of_action (slug) on update cascade on delete cascade,
  primary key (round_id, field_slug)
);

comment on table public.participation_round_fields is
  'The fields of action a participation round asks about (when it does not ask about all). Visible with the round; staff edit.';

create index participation_round_fields_field_idx on public.participation_round_fields (field_slug);

alter table public.participation_rounds enable row level security;
alter table public.participation_round_fields enable row level security;

create policy "Published rounds are visible to everyone, drafts to staff"
  on public.participation_rounds for select
  to anon, authenticated
  using (published_at is not null or (select public.has_role('staff')));

create policy "Staff add rounds"
  on public.participation_rounds for insert
  to authenticated
  with check ((select public.has_role('staff')));

create policy "Staff change rounds"
  on public.participation_rounds for update
  to authenticated
  using ((select public.has_role('staff')))
  with check ((select public.has_role('staff')));

-- A published round is part of the public record (its ideas point at it): it is closed, not deleted.
create policy "Staff remove draft rounds"
  on public.participation_rounds for delete
  to authenticated
  using ((select public.has_role('staff')) and published_at is null);

revoke truncate, references, trigger on public.participation_rounds from anon, authenticated;
revoke insert, update on public.participation_rounds from anon, authenticated;
grant insert (id, title, question, starts_on, ends_on, district_id, all_fields, published_at, closed_at)
  on public.participation_rounds to authenticated;
grant update (title, question, starts_on, ends_on, district_id, all_fields, published_at, closed_at)
  on public.participation_rounds to authenticated;

create policy "Round fields are visible with their round"
  on public.participation_round_fields for select
  to anon, authenticated
  using (exists (select 1 from public.participation_rounds r where r.id = round_id));

create policy "Staff add round fields"
  on public.participation_round_fields for insert
  to authenticated
  with check ((select public.has_role('staff')));

create policy "Staff remove round fields"
  on public.participation_round_fields for delete
  to authenticated
  using ((select public.has_role('staff')));

revoke update, truncate, references, trigger on public.participation_round_fields from anon, authenticated;

-- Publishing is once; a draft cannot be closed (participation_rounds_closed_published).
create function private.participation_rounds_track() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' then
    if old.published_at is not null and new.published_at is distinct from old.published_at then
      perform private.fail('round_published', 'A published round stays published; close it instead.');
    end if;
    new.updated_at := now();
  end if;
  if private.has_markup(new.title) or private.has_markup(new.question) then
    perform private.fail('markup_not_allowed', 'Plain text only: no HTML or script.');
  end if;
  return new;
end;
$$;

revoke execute on function private.participation_rounds_track() from public;

create trigger participation_rounds_track
  before insert or update on public.participation_rounds
  for each row execute function private.participation_rounds_track();

create trigger participation_rounds_audit after insert or update or delete on public.participation_rounds
  for each row execute function private.audit_row_change();
create trigger participation_round_fields_audit after insert or delete on public.participation_round_fields
  for each row execute function private.audit_row_change();

-- Where a round stands today (Europe/Berlin): draft, planned, open or closed (its last day is over,
-- or staff closed it early). A computed column for PostgREST (`select=*,round_state`).
create function public.round_state(r public.participation_rounds) returns text
language sql
stable
set search_path = ''
as $$
  select case
    when r.published_at is null then 'draft'
    when r.closed_at is not null or r.ends_on < (now() at time zone 'Europe/Berlin')::date then 'closed'
    when r.starts_on > (now() at time zone 'Europe/Berlin')::date then 'planned'
    else 'open'
  end
$$;

revoke execute on function public.round_state(public.participation_rounds) from public;
grant execute on function public.round_state(public.participation_rounds) to anon, authenticated, service_role;

-- Submissions only during an open round (default off: ideas are welcome any time).
alter table public.settings add column submissions_only_in_rounds boolean not null default false;
comment on column public.settings.submissions_only_in_rounds is
  'When true, ideas are accepted only while a participation round is open and only if they fit one (submissions_closed, round_mismatch). Comments and supports stay open.';

-- Whether the wizard may be used now, told on its first step: closed (the setting is on and no
-- round is open) and when the next published round starts. Open rounds themselves are read from
-- participation_rounds (round_state = 'open').
create function public.submission_window()
returns table (closed boolean, next_starts_on date)
language sql
stable
security definer
set search_path = ''
as $$
  select s.submissions_only_in_rounds
           and not exists (select 1 from public.participation_rounds r
                            where public.round_state(r) = 'open'),
         (select min(r.starts_on) from public.participation_rounds r
           where public.round_state(r) = 'planned')
    from public.settings s
$$;

comment on function public.submission_window() is
  'Whether submissions are closed now (settings.submissions_only_in_rounds and no open round) and the first day of the next planned round.';

revoke execute on function public.submission_window() from public;
grant execute on function public.submission_window() to anon, authenticated;

-- The round an idea is submitted into: the preferred one if it is open and fits, else the open
-- round that fits and ends first. Fits: the round asks about all fields or the idea's, and has no
-- district or the idea's.
create function private.fitting_round(preferred uuid, field text, district smallint) returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select r.id
    from public.participation_rounds r
   where public.round_state(r) = 'open'
     and (r.district_id is null or r.district_id = district)
     and (r.all_fields or exists (select 1 from public.participation_round_fields f
                                   where f.round_id = r.id and f.field_slug = field))
   order by r.id is not distinct from preferred desc, r.ends_on, r.starts_on, r.id
   limit 1
$$;

revoke execute on function private.fitting_round(uuid, text, smallint) from public;

-- Ideas: the round they were submitted into (null: none open and fitting at arrival).
alter table public.ideas add column round_id uuid
  references public.participation_rounds (id) on delete set null;
comment on column public.ideas.round_id is
  'The participation round the idea was submitted into, set by the database at insert (the server''s time at arrival, also for an idea queued offline); null when none was open and fitting.';
create index ideas_round_idx on public.ideas (round_id, created_at desc) where round_id is not null;
grant select (round_id) on public.ideas to anon, authenticated;

-- At insert, after ideas_validate (field and district known): the round, decided here whatever
-- the caller asked for (submit_idea passes the wizard's choice as round_id; a direct insert cannot
-- write the column). With settings.submissions_only_in_rounds, an idea without a round is refused.
-- Server tasks without a user (imports, fixtures) are never refused, and keep the round they name.
create function private.ideas_within_round() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- A server task (an import, the seed, a bulk load) is no submission: it files the idea under
  -- the round it names, if any, and costs a bulk load of 100,000 ideas no lookup per row.
  if (select auth.uid()) is null then
    return new;
  end if;
  new.round_id := private.fitting_round(new.round_id, new.field_slug, new.district_id);
  if new.round_id is null and (select s.submissions_only_in_rounds from public.settings s) then
    if exists (select 1 from public.participation_rounds r where public.round_state(r) = 'open') then
      perform private.fail('round_mismatch',
        'Ideas are accepted only within an open round; none asks about this field or district.', '42501');
    end if;
    perform private.fail('submissions_closed',
      'Ideas are accepted only while a participation round is open.', '42501');
  end if;
  return new;
end;
$$;

revoke execute on function private.ideas_within_round() from public;

create trigger ideas_within_round
  before insert on public.ideas
  for each row execute function private.ideas_within_round();

-- submit_idea takes the round the person picked (a wish; the trigger decides).
drop function public.submit_idea(uuid, text, text, double precision, double precision, text, public.idea_kind, public.need_type, text);

create function public.submit_idea(
  id uuid,
  title text,
  body text,
  lat double precision,
  lng double precision,
  field_slug text default null,
  kind public.idea_kind default 'idea',
  need_type public.need_type default null,
  place_hint text default '',
  round_id uuid default null
) returns public.ideas
language plpgsql
security definer
set search_path = ''
as $$
declare
  result public.ideas;
  new_id uuid := coalesce(submit_idea.id, gen_random_uuid());
begin
  if (select auth.uid()) is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  -- Serialises one user's submissions: concurrent retries of one id see each other's row.
  perform pg_advisory_xact_lock(hashtextextended('submit:' || (select auth.uid())::text, 0));
  select i.* into result from public.ideas i where i.id = new_id;
  if found then
    if result.author_id is distinct from (select auth.uid()) then
      perform private.fail('idea_id_taken', 'This id belongs to another idea.', 'PT409');
    end if;
    -- A retry (the outbox replaying) gets the idea as stored, round and all: nothing is checked again.
    return private.without_triage(result);
  end if;
  insert into public.ideas as i (id, title, body, lat, lng, field_slug, kind, need_type, place_hint, round_id)
  values (new_id, submit_idea.title, coalesce(submit_idea.body, ''), submit_idea.lat, submit_idea.lng,
          submit_idea.field_slug, coalesce(submit_idea.kind, 'idea'), submit_idea.need_type,
          coalesce(submit_idea.place_hint, ''), submit_idea.round_id)
  on conflict on constraint ideas_pkey do nothing
  returning i.* into result;
  if result.id is null then
    -- Another person's submission took the id in the meantime.
    perform private.fail('idea_id_taken', 'This id belongs to another idea.', 'PT409');
  end if;
  return private.without_triage(result);
end;
$$;
revoke execute on function public.submit_idea(uuid, text, text, double precision, double precision, text, public.idea_kind, public.need_type, text, uuid) from public, anon;
grant execute on function public.submit_idea(uuid, text, text, double precision, double precision, text, public.idea_kind, public.need_type, text, uuid) to authenticated;

-- Staff save a round and the fields it asks about in one call (none: all fields). Security invoker:
-- the policies decide; the checks give clear codes. Fields no longer asked about are removed, new
-- ones added, so the audit log records what changed, not a rewrite.
create function public.save_participation_round(
  round_id uuid,
  title text,
  question text,
  starts_on date,
  ends_on date,
  district_id smallint default null,
  field_slugs text[] default '{}'
) returns uuid
language plpgsql
security invoker
set search_path = ''
as $$
declare
  saved uuid;
  slugs text[] := coalesce(save_participation_round.field_slugs, '{}');
begin
  perform private.require_role('staff');
  title := btrim(regexp_replace(coalesce(title, ''), '\s+', ' ', 'g'));
  question := btrim(coalesce(question, ''));
  if char_length(title) not between 5 and 120 then
    perform private.fail('round_title_invalid', 'A round''s title has 5 to 120 characters.');
  elsif char_length(question) not between 10 and 2000 then
    perform private.fail('round_question_invalid', 'A round''s question has 10 to 2,000 characters.');
  elsif starts_on is null or ends_on is null or ends_on < starts_on then
    perform private.fail('round_dates_invalid', 'A round ends on or after the day it starts.');
  elsif exists (select 1 from unnest(slugs) s(slug)
                 where not exists (select 1 from public.fields_of_action f where f.slug = s.slug)) then
    perform private.fail('field_unknown', 'No such field of action.');
  elsif save_participation_round.district_id is not null
        and not exists (select 1 from public.districts d where d.id = save_participation_round.district_id) then
    perform private.fail('district_unknown', 'No such district.');
  end if;
  if save_participation_round.round_id is null then
    insert into public.participation_rounds as r (title, question, starts_on, ends_on, district_id, all_fields)
    values (title, question, starts_on, ends_on, save_participation_round.district_id, cardinality(slugs) = 0)
    returning r.id into saved;
  else
    update public.participation_rounds r
       set title = save_participation_round.title, question = save_participation_round.question,
           starts_on = save_participation_round.starts_on, ends_on = save_participation_round.ends_on,
           district_id = save_participation_round.district_id, all_fields = cardinality(slugs) = 0
     where r.id = save_participation_round.round_id
    returning r.id into saved;
    if saved is null then
      perform private.fail('round_not_found', 'No such round.', 'P0002');
    end if;
    delete from public.participation_round_fields f
     where f.round_id = saved and f.field_slug <> all (slugs);
  end if;
  insert into public.participation_round_fields (round_id, field_slug)
  select distinct saved, s.slug from unnest(slugs) s(slug)
  on conflict do nothing;
  return saved;
end;
$$;

revoke execute on function public.save_participation_round(uuid, text, text, date, date, smallint, text[]) from public, anon;
grant execute on function public.save_participation_round(uuid, text, text, date, date, smallint, text[]) to authenticated;
