-- What a council report needs of a measure (ADR 014): budget, council decision (Ratsbeschluss)
-- and whether its ideas follow its status, as columns (one each per measure); indicators with
-- their dated actual values, milestones, the public update log (Sachstand), partner
-- stakeholders and linked OZG services, as tables of their own. All of it is public, like the
-- measure: no personal data (stakeholders are organisations; an update names no author, the
-- audit log knows who wrote it). Staff write; every write leaves an audit row.

alter table public.measures
  add column budget_planned numeric(14, 2) check (budget_planned >= 0 and budget_planned < 1e12),
  add column budget_spent numeric(14, 2) check (budget_spent >= 0 and budget_spent < 1e12),
  add column council_number text
    check (council_number ~ '^[[:alnum:]][[:alnum:] ./_-]{0,59}$'),
  add column council_date date,
  add column council_url text
    check (council_url ~ '^https://[^[:space:]<>"'']+$' and char_length(council_url) <= 500),
  add column ideas_follow_status boolean not null default false;

comment on column public.measures.council_number is 'Ratsbeschluss: the number of the council decision (e.g. VO/2026/0123).';
comment on column public.measures.council_url is 'Ratsbeschluss: a link to it in the council information system (https only).';
comment on column public.measures.ideas_follow_status is
  'When on, the linked ideas move along with the measure: approved → planned, in_progress → in_progress, done → implemented.';

-- Indicators (Kennzahlen): what is measured, its unit and target (Soll).
create table public.measure_indicators (
  id uuid primary key default gen_random_uuid(),
  measure_id uuid not null references public.measures (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 2 and 200 and not private.has_markup(name)),
  unit text not null default '' check (char_length(unit) <= 40 and not private.has_markup(unit)),
  target_value numeric(16, 2) not null,
  created_at timestamptz not null default now()
);

comment on table public.measure_indicators is
  'Indicators of a measure with their target value (Soll). Public; staff edit.';

create index measure_indicators_measure_idx on public.measure_indicators (measure_id);

-- Actual values (Ist) of an indicator, each a dated entry: the newest is the current value, the
-- rest its history.
create table public.measure_indicator_values (
  id uuid primary key default gen_random_uuid(),
  indicator_id uuid not null references public.measure_indicators (id) on delete cascade,
  value numeric(16, 2) not null,
  measured_on date not null default current_date,
  created_at timestamptz not null default now()
);

comment on table public.measure_indicator_values is
  'Dated actual values (Ist) of an indicator; the newest is the current one. Public; staff edit.';

create index measure_indicator_values_indicator_idx
  on public.measure_indicator_values (indicator_id, measured_on desc, created_at desc);

-- Milestones: a planned date, and the date it was reached.
create table public.measure_milestones (
  id uuid primary key default gen_random_uuid(),
  measure_id uuid not null references public.measures (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 2 and 200 and not private.has_markup(title)),
  planned_on date not null,
  done_on date,
  created_at timestamptz not null default now()
);

comment on table public.measure_milestones is
  'Milestones of a measure: planned date and the date reached. Public; staff edit.';

create index measure_milestones_measure_idx on public.measure_milestones (measure_id, planned_on);

-- The update log (Sachstand): dated public text entries. No author column: the public reads it,
-- the audit log says who wrote it.
create table public.measure_updates (
  id uuid primary key default gen_random_uuid(),
  measure_id uuid not null references public.measures (id) on delete cascade,
  body text not null check (char_length(btrim(body)) between 2 and 5000 and not private.has_markup(body)),
  reported_on date not null default current_date,
  created_at timestamptz not null default now()
);

comment on table public.measure_updates is
  'The public update log (Sachstand) of a measure, one dated entry each. Public; staff edit.';

create index measure_updates_measure_idx on public.measure_updates (measure_id, reported_on desc);

-- Partner stakeholders: organisations and their role, never private persons.
create table public.measure_stakeholders (
  id uuid primary key default gen_random_uuid(),
  measure_id uuid not null references public.measures (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 2 and 200 and not private.has_markup(name)),
  role text not null default '' check (char_length(role) <= 200 and not private.has_markup(role)),
  created_at timestamptz not null default now()
);

comment on table public.measure_stakeholders is
  'Partner organisations of a measure and their role (no personal data). Public; staff edit.';

create index measure_stakeholders_measure_idx on public.measure_stakeholders (measure_id);

-- OZG services the measure serves, by their Leistungsschlüssel (LeiKa, 14 digits), with an
-- optional label.
create table public.measure_ozg_services (
  id uuid primary key default gen_random_uuid(),
  measure_id uuid not null references public.measures (id) on delete cascade,
  leika_key text not null check (leika_key ~ '^[0-9]{14}$'),
  label text not null default '' check (char_length(label) <= 200 and not private.has_markup(label)),
  created_at timestamptz not null default now(),
  unique (measure_id, leika_key)
);

comment on table public.measure_ozg_services is
  'OZG services (Leistungsschlüssel, 14 digits, optional label) a measure serves. Public; staff edit.';

-- The same rules for every detail table: everyone reads, staff write, audited.
do $$
declare
  t text;
begin
  foreach t in array array['measure_indicators', 'measure_indicator_values', 'measure_milestones',
                           'measure_updates', 'measure_stakeholders', 'measure_ozg_services']
  loop
    execute format('alter table public.%I enable row level security', t);
    execute format('create policy "Measure details are visible to everyone" on public.%I
                      for select to anon, authenticated using (true)', t);
    execute format('create policy "Staff add measure details" on public.%I
                      for insert to authenticated with check ((select public.has_role(''staff'')))', t);
    execute format('create policy "Staff change measure details" on public.%I
                      for update to authenticated using ((select public.has_role(''staff'')))
                      with check ((select public.has_role(''staff'')))', t);
    execute format('create policy "Staff remove measure details" on public.%I
                      for delete to authenticated using ((select public.has_role(''staff'')))', t);
    execute format('revoke truncate, references, trigger on public.%I from anon, authenticated', t);
    execute format('create trigger %I after insert or update or delete on public.%I
                      for each row execute function private.audit_row_change()', t || '_audit', t);
  end loop;
end;
$$;

-- update_measure() edits the new columns too.
create or replace function public.update_measure(measure uuid, patch jsonb, expected_version integer default null)
returns public.measures
language plpgsql
security definer
set search_path = ''
as $$
declare
  current public.measures;
  result public.measures;
  unknown text;
begin
  perform private.require_role('staff');
  if patch is null or jsonb_typeof(patch) <> 'object' or patch = '{}'::jsonb then
    perform private.fail('patch_invalid', 'patch is an object with the fields to change.');
  end if;
  select k into unknown from jsonb_object_keys(patch) k
   where k not in ('goal_id', 'field_slug', 'title', 'description', 'status', 'progress',
                   'department_id', 'target_date', 'strategic_fit', 'effort', 'urgency',
                   'budget_planned', 'budget_spent', 'council_number', 'council_date',
                   'council_url', 'ideas_follow_status') limit 1;
  if unknown is not null then
    perform private.fail('patch_invalid', format('Unknown field %s.', unknown));
  end if;
  select m.* into current from public.measures m where m.id = update_measure.measure for update;
  if not found then
    perform private.fail('measure_not_found', 'No such measure.', 'P0002');
  end if;
  if expected_version is not null and current.version <> expected_version then
    perform private.fail('version_conflict',
      format('Someone else changed this measure (version %s, you saw %s). Reload and try again.',
             current.version, expected_version),
      'PT409');
  end if;
  if (patch ? 'title' and private.has_markup(patch ->> 'title'))
     or (patch ? 'description' and private.has_markup(patch ->> 'description')) then
    perform private.fail('markup_not_allowed', 'Plain text only: no HTML or script.');
  end if;
  -- jsonb_populate_record keeps the current value of every column the patch leaves out.
  update public.measures m set
    goal_id = p.goal_id, field_slug = p.field_slug, title = btrim(p.title),
    description = btrim(p.description), status = p.status, progress = p.progress,
    department_id = p.department_id, target_date = p.target_date,
    strategic_fit = p.strategic_fit, effort = p.effort, urgency = p.urgency,
    budget_planned = p.budget_planned, budget_spent = p.budget_spent,
    council_number = nullif(btrim(p.council_number), ''), council_date = p.council_date,
    council_url = nullif(btrim(p.council_url), ''), ideas_follow_status = p.ideas_follow_status
  from jsonb_populate_record(current, patch) p
  where m.id = current.id
  returning m.* into result;
  return result;
end;
$$;

-- Links leave their entry in the idea's public history by a trigger, whichever way they are made
-- or removed (link_idea_to_measure(), a direct write by staff, a deleted measure): nothing leaves
-- an idea silently. A link removed because its measure is deleted says so (deleted: true).
create function private.measure_ideas_history() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  link public.measure_ideas := case when tg_op = 'INSERT' then new else old end;
  measure_title text;
begin
  select m.title into measure_title from public.measures m where m.id = link.measure_id;
  -- An idea being deleted takes its links along: there is no history left to write to.
  insert into public.idea_events (idea_id, kind, actor_id, details)
  select link.idea_id, 'agenda', (select auth.uid()),
         jsonb_build_object('measure_id', link.measure_id, 'measure_title', measure_title,
                            'linked', tg_op = 'INSERT')
         || case when tg_op = 'DELETE'
                  and current_setting('stadtidee.deleting_measure', true) = link.measure_id::text
                 then jsonb_build_object('deleted', true) else '{}'::jsonb end
   where exists (select 1 from public.ideas i where i.id = link.idea_id);
  return null;
end;
$$;

revoke execute on function private.measure_ideas_history() from public;

create trigger measure_ideas_history
  after insert or delete on public.measure_ideas
  for each row execute function private.measure_ideas_history();

-- A measure being deleted removes its links first, while its title can still be read, so each
-- idea's history says which measure went.
create function private.measures_unlink_before_delete() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform set_config('stadtidee.deleting_measure', old.id::text, true);
  delete from public.measure_ideas mi where mi.measure_id = old.id;
  perform set_config('stadtidee.deleting_measure', '', true);
  return old;
end;
$$;

revoke execute on function private.measures_unlink_before_delete() from public;

create trigger measures_unlink_before_delete
  before delete on public.measures
  for each row execute function private.measures_unlink_before_delete();

-- link_idea_to_measure() as before, its history entry now written by the trigger above.
create or replace function public.link_idea_to_measure(idea uuid, measure uuid, linked boolean default true)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_role('staff');
  if not exists (select 1 from public.measures m where m.id = link_idea_to_measure.measure) then
    perform private.fail('measure_not_found', 'No such measure.', 'P0002');
  end if;
  if not exists (select 1 from public.ideas i where i.id = link_idea_to_measure.idea
                  and i.status not in ('submitted', 'hidden', 'merged')) then
    perform private.fail('idea_not_found', 'No such published idea.', 'P0002');
  end if;
  if coalesce(linked, true) then
    insert into public.measure_ideas (measure_id, idea_id, linked_by)
    values (link_idea_to_measure.measure, link_idea_to_measure.idea, (select auth.uid()))
    on conflict do nothing;
  else
    delete from public.measure_ideas mi
     where mi.measure_id = link_idea_to_measure.measure and mi.idea_id = link_idea_to_measure.idea;
  end if;
  return coalesce(linked, true);
end;
$$;

-- Removing a measure (ADR 014): one that ideas point at is archived as dropped, stays public and
-- keeps its links (its people hear of it as of any status change); one without ideas is deleted
-- with its details. Returns what happened: 'dropped' or 'deleted'. Staff.
create function public.remove_measure(measure uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.require_role('staff');
  perform 1 from public.measures m where m.id = remove_measure.measure for update;
  if not found then
    perform private.fail('measure_not_found', 'No such measure.', 'P0002');
  end if;
  if exists (select 1 from public.measure_ideas mi where mi.measure_id = remove_measure.measure) then
    update public.measures m set status = 'dropped'
     where m.id = remove_measure.measure and m.status <> 'dropped';
    return 'dropped';
  end if;
  delete from public.measures m where m.id = remove_measure.measure;
  return 'deleted';
end;
$$;

revoke execute on function public.remove_measure(uuid) from public, anon;
grant execute on function public.remove_measure(uuid) to authenticated;

-- Ideas that follow their measure (ideas_follow_status): when the measure moves to approved,
-- in_progress or done, each linked idea moves to planned, in_progress or implemented — forward
-- only, and only where the lifecycle allows (idea_transition_allowed). Each move is a status
-- change in the idea's history (naming the measure) and in the audit log; its people are told
-- once, by the measure's own measure_changed notification.
create function private.measure_ideas_follow() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  line constant public.idea_status[] :=
    array['published', 'under_review', 'accepted', 'planned', 'in_progress', 'implemented'];
  target public.idea_status := case new.status
    when 'approved' then 'planned' when 'in_progress' then 'in_progress' when 'done' then 'implemented'
  end;
  idea record;
begin
  if target is null then
    return null;
  end if;
  for idea in
    select i.id, i.status from public.ideas i
     where i.id in (select mi.idea_id from public.measure_ideas mi where mi.measure_id = new.id)
     order by i.id
       for update
  loop
    if array_position(line, idea.status) < array_position(line, target)
       and public.idea_transition_allowed(idea.status, target) then
      update public.ideas i set status = target, status_reason = null where i.id = idea.id;
      insert into public.idea_events (idea_id, kind, actor_id, from_status, to_status, details)
      values (idea.id, 'status_change', (select auth.uid()), idea.status, target,
              jsonb_build_object('measure_id', new.id, 'measure_title', new.title));
      perform private.audit('ideas.set_status', 'ideas', idea.id::text,
        jsonb_build_object('from', idea.status, 'to', target, 'measure_id', new.id));
    end if;
  end loop;
  return null;
end;
$$;

revoke execute on function private.measure_ideas_follow() from public;

create trigger measures_ideas_follow
  after update of status on public.measures
  for each row when (new.ideas_follow_status and old.status is distinct from new.status)
  execute function private.measure_ideas_follow();

-- Notifications as in 20261207130000, except a status change that follows a measure: the
-- measure's measure_changed already tells the same people, once.
create or replace function private.idea_event_notifies() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.kind = 'status_change' and not coalesce(new.details ? 'measure_id', false) then
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
