-- The agenda: goals per field of action, measures (Maßnahmen) that serve them, and the ideas each
-- measure answers. Public, so residents see what became of what they said; staff edit, and every
-- edit leaves an audit row.

-- Goals: the target picture of a field of action.
create table public.goals (
  id uuid primary key default gen_random_uuid(),
  field_slug text not null references public.fields_of_action (slug) on update cascade,
  title text not null check (char_length(title) between 5 and 200),
  description text not null default '' check (char_length(description) <= 5000),
  position smallint not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.goals is
  'Goals of the digital agenda, one field of action each. Public; staff edit.';

create index goals_field_idx on public.goals (field_slug, position);

alter table public.goals enable row level security;

create policy "Goals are visible to everyone"
  on public.goals for select
  to anon, authenticated
  using (true);

create policy "Staff add goals"
  on public.goals for insert
  to authenticated
  with check ((select public.has_role('staff')));

create policy "Staff change goals"
  on public.goals for update
  to authenticated
  using ((select public.has_role('staff')))
  with check ((select public.has_role('staff')));

create policy "Staff remove goals"
  on public.goals for delete
  to authenticated
  using ((select public.has_role('staff')));

revoke truncate, references, trigger on public.goals from anon, authenticated;

create type public.measure_status as enum ('proposed', 'approved', 'in_progress', 'done', 'dropped');

-- Measures: what the administration will do, with status, progress, owner, target date and the
-- criteria of the prioritisation score (see priority_score()).
create table public.measures (
  id uuid primary key default gen_random_uuid(),
  goal_id uuid references public.goals (id) on delete set null,
  field_slug text not null references public.fields_of_action (slug) on update cascade,
  title text not null check (char_length(title) between 5 and 200),
  description text not null default '' check (char_length(description) <= 10000),
  status public.measure_status not null default 'proposed',
  progress smallint not null default 0 check (progress between 0 and 100),
  department_id smallint references public.departments (id) on delete set null,
  target_date date,
  -- Prioritisation criteria, 1 (low) to 5 (high); effort counts against a measure.
  strategic_fit smallint not null default 3 check (strategic_fit between 1 and 5),
  effort smallint not null default 3 check (effort between 1 and 5),
  urgency smallint not null default 3 check (urgency between 1 and 5),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint measures_done_is_complete check (status <> 'done' or progress = 100)
);

comment on table public.measures is
  'Maßnahmen of the agenda: status (proposed/approved/in_progress/done/dropped), progress, owner department, target date, prioritisation criteria. Public; staff edit.';

create index measures_field_idx on public.measures (field_slug);
create index measures_goal_idx on public.measures (goal_id) where goal_id is not null;
create index measures_department_idx on public.measures (department_id) where department_id is not null;

alter table public.measures enable row level security;

create policy "Measures are visible to everyone"
  on public.measures for select
  to anon, authenticated
  using (true);

create policy "Staff add measures"
  on public.measures for insert
  to authenticated
  with check ((select public.has_role('staff')));

create policy "Staff change measures"
  on public.measures for update
  to authenticated
  using ((select public.has_role('staff')))
  with check ((select public.has_role('staff')));

create policy "Staff remove measures"
  on public.measures for delete
  to authenticated
  using ((select public.has_role('staff')));

revoke truncate, references, trigger on public.measures from anon, authenticated;

-- Measure ideas: which ideas a measure answers (many to many).
create table public.measure_ideas (
  measure_id uuid not null references public.measures (id) on delete cascade,
  idea_id uuid not null references public.ideas (id) on delete cascade,
  linked_by uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (measure_id, idea_id)
);

comment on table public.measure_ideas is
  'Links between measures and the ideas they answer. Visible with the idea; staff edit.';

create index measure_ideas_idea_idx on public.measure_ideas (idea_id);

alter table public.measure_ideas enable row level security;

create policy "Links are visible to whoever sees the idea"
  on public.measure_ideas for select
  to anon, authenticated
  using (exists (select 1 from public.ideas i where i.id = idea_id));

create policy "Staff link ideas to measures"
  on public.measure_ideas for insert
  to authenticated
  with check ((select public.has_role('staff')));

create policy "Staff unlink ideas from measures"
  on public.measure_ideas for delete
  to authenticated
  using ((select public.has_role('staff')));

revoke update, truncate, references, trigger on public.measure_ideas from anon, authenticated;

-- Timestamps, versions and the goal's field for measures.
create function private.measures_track_changes() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.field_slug is null and new.goal_id is not null then
    select g.field_slug into new.field_slug from public.goals g where g.id = new.goal_id;
  end if;
  if tg_op = 'UPDATE' then
    new.version := old.version + 1;
    new.updated_at := now();
  end if;
  return new;
end;
$$;

revoke execute on function private.measures_track_changes() from public;

create trigger measures_track_changes
  before insert or update on public.measures
  for each row execute function private.measures_track_changes();

create trigger goals_touch before update on public.goals
  for each row execute function private.touch_updated_at();

create trigger goals_audit after insert or update or delete on public.goals
  for each row execute function private.audit_row_change();
create trigger measures_audit after insert or update or delete on public.measures
  for each row execute function private.audit_row_change();
create trigger measure_ideas_audit after insert or delete on public.measure_ideas
  for each row execute function private.audit_row_change();

-- A goal moved to another field of action (edited in the console) takes its measures along, so a
-- measure never sits under a goal of one field while it counts for another. Security definer: the
-- move is part of the goal's edit (which RLS allows staff only), whatever the editor's own rights
-- on measures.
create function private.goals_move_measures() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.measures m set field_slug = new.field_slug
   where m.goal_id = new.id and m.field_slug <> new.field_slug;
  return null;
end;
$$;

comment on function private.goals_move_measures() is
  'Trigger: when a goal changes its field of action, its measures move with it.';

revoke execute on function private.goals_move_measures() from public;

create trigger goals_move_measures
  after update of field_slug on public.goals
  for each row when (old.field_slug is distinct from new.field_slug)
  execute function private.goals_move_measures();

-- Support behind a measure: the distinct people who support any of its ideas (a person who
-- supports three linked ideas counts once). PostgREST computed field: select=*,support_count.
create function public.support_count(m public.measures) returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select count(distinct v.user_id)::integer
    from public.measure_ideas mi
    join public.ideas i on i.id = mi.idea_id and i.status not in ('submitted', 'hidden')
    join public.votes v on v.idea_id = mi.idea_id
   where mi.measure_id = m.id
$$;

revoke execute on function public.support_count(public.measures) from public;
grant execute on function public.support_count(public.measures) to anon, authenticated;

-- Prioritisation score 0–100: weighted mean of support (saturating: support_saturation supporters
-- count as full), strategic fit, low effort and urgency, with the weights from settings.
-- PostgREST computed field: select=*,priority_score.
create function public.priority_score(m public.measures) returns numeric
language sql
stable
set search_path = ''
as $$
  select round(100 * (
      s.weight_support * least(1.0, ln(1 + public.support_count(m)::numeric) / ln(1 + s.support_saturation::numeric))
    + s.weight_strategic_fit * (m.strategic_fit - 1) / 4.0
    + s.weight_effort * (5 - m.effort) / 4.0
    + s.weight_urgency * (m.urgency - 1) / 4.0
  ) / (s.weight_support + s.weight_strategic_fit + s.weight_effort + s.weight_urgency), 1)
  from public.settings s
$$;

revoke execute on function public.priority_score(public.measures) from public;
grant execute on function public.priority_score(public.measures) to anon, authenticated;

-- Edit a measure with optimistic concurrency: `patch` holds the fields to change, and
-- expected_version the version the editor saw (a stale edit gets version_conflict). Staff only.
create function public.update_measure(measure uuid, patch jsonb, expected_version integer default null)
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
                   'department_id', 'target_date', 'strategic_fit', 'effort', 'urgency') limit 1;
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
    strategic_fit = p.strategic_fit, effort = p.effort, urgency = p.urgency
  from jsonb_populate_record(current, patch) p
  where m.id = current.id
  returning m.* into result;
  return result;
end;
$$;

revoke execute on function public.update_measure(uuid, jsonb, integer) from public, anon;
grant execute on function public.update_measure(uuid, jsonb, integer) to authenticated;

-- Link an idea to a measure (or unlink with linked = false). Staff. The idea's public history
-- shows the link; the audit trigger on measure_ideas records it.
create function public.link_idea_to_measure(idea uuid, measure uuid, linked boolean default true)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  changed integer;
  measure_title text;
begin
  perform private.require_role('staff');
  select m.title into measure_title from public.measures m where m.id = link_idea_to_measure.measure;
  if not found then
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
  get diagnostics changed = row_count;
  if changed > 0 then
    insert into public.idea_events (idea_id, kind, actor_id, details)
    values (link_idea_to_measure.idea, 'agenda', (select auth.uid()),
            jsonb_build_object('measure_id', link_idea_to_measure.measure, 'measure_title', measure_title,
                               'linked', coalesce(linked, true)));
  end if;
  return coalesce(linked, true);
end;
$$;

revoke execute on function public.link_idea_to_measure(uuid, uuid, boolean) from public, anon;
grant execute on function public.link_idea_to_measure(uuid, uuid, boolean) to authenticated;
