-- Master data that ideas and measures point at (departments, districts, fields of action) is
-- archived rather than deleted (issue 24, item 12): an archived row keeps its ideas' labels but
-- is offered for nothing new. Deleting one still in use shows its impact first (reference_usage),
-- and an idea that loses its department or district by a delete gets an internal triage entry in
-- its history, so nothing disappears from an idea silently.

alter table public.departments add column archived_at timestamptz;
alter table public.districts add column archived_at timestamptz;
alter table public.fields_of_action add column archived_at timestamptz;

comment on column public.departments.archived_at is
  'Set: archived; kept for the ideas and measures that name it, offered for nothing new.';
comment on column public.districts.archived_at is
  'Set: archived; kept for the ideas that name it, not offered as a filter or place.';
comment on column public.fields_of_action.archived_at is
  'Set: archived; kept for the ideas, goals and measures that name it, offered for nothing new.';

-- How much points at a row of the master data: ideas, measures, goals, staff members.
create function public.reference_usage(kind text, ref smallint) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  slug text;
begin
  perform private.require_role('admin');
  if kind = 'departments' then
    return jsonb_build_object(
      'ideas', (select count(*) from public.ideas i where i.department_id = ref),
      'measures', (select count(*) from public.measures m where m.department_id = ref),
      'goals', 0,
      'members', (select count(*) from public.department_members m where m.department_id = ref));
  elsif kind = 'districts' then
    return jsonb_build_object(
      'ideas', (select count(*) from public.ideas i where i.district_id = ref),
      'measures', 0, 'goals', 0, 'members', 0);
  elsif kind = 'fields_of_action' then
    select f.slug into slug from public.fields_of_action f where f.id = ref;
    return jsonb_build_object(
      'ideas', (select count(*) from public.ideas i where i.field_slug = slug),
      'measures', (select count(*) from public.measures m where m.field_slug = slug),
      'goals', (select count(*) from public.goals g where g.field_slug = slug),
      'members', 0);
  end if;
  perform private.fail('kind_invalid', 'departments, districts or fields_of_action.');
end;
$$;

comment on function public.reference_usage(text, smallint) is
  'Admins: how many ideas, measures, goals and staff members use a department, district or field.';

revoke execute on function public.reference_usage(text, smallint) from public, anon;
grant execute on function public.reference_usage(text, smallint) to authenticated;

-- Before a department or district goes, each idea that named it gets an internal triage entry
-- (the foreign key then clears the column). Measures keep their own audit trail.
create function private.reference_removed_from_ideas() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'departments' then
    insert into public.idea_events (idea_id, kind, actor_id, is_internal, details)
    select i.id, 'triage', (select auth.uid()), true,
           jsonb_build_object('department_id', null, 'removed_department', old.name)
      from public.ideas i where i.department_id = old.id;
  else
    insert into public.idea_events (idea_id, kind, actor_id, is_internal, details)
    select i.id, 'triage', (select auth.uid()), true,
           jsonb_build_object('district_id', null, 'removed_district', old.name)
      from public.ideas i where i.district_id = old.id;
  end if;
  return old;
end;
$$;

revoke execute on function private.reference_removed_from_ideas() from public;

create trigger departments_removed_from_ideas
  before delete on public.departments
  for each row execute function private.reference_removed_from_ideas();

create trigger districts_removed_from_ideas
  before delete on public.districts
  for each row execute function private.reference_removed_from_ideas();

-- Nothing new is given an archived department or field of action (what an idea had stays).
create function private.refuse_archived_reference() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.department_id is not null
     and (tg_op = 'INSERT' or new.department_id is distinct from old.department_id)
     and exists (select 1 from public.departments d
                  where d.id = new.department_id and d.archived_at is not null) then
    perform private.fail('department_archived', 'This department is archived.');
  end if;
  if (tg_op = 'INSERT' or new.field_slug is distinct from old.field_slug)
     and exists (select 1 from public.fields_of_action f
                  where f.slug = new.field_slug and f.archived_at is not null) then
    perform private.fail('field_archived', 'This field of action is archived.');
  end if;
  return new;
end;
$$;

revoke execute on function private.refuse_archived_reference() from public;

create trigger ideas_refuse_archived_reference
  before insert or update of department_id, field_slug on public.ideas
  for each row execute function private.refuse_archived_reference();

create trigger measures_refuse_archived_reference
  before insert or update of department_id, field_slug on public.measures
  for each row execute function private.refuse_archived_reference();

-- A staff member works only in departments that are not archived.
create function private.refuse_archived_membership() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if exists (select 1 from public.departments d
              where d.id = new.department_id and d.archived_at is not null)
     and not exists (select 1 from public.department_members m
                      where m.department_id = new.department_id and m.user_id = new.user_id) then
    perform private.fail('department_archived', 'This department is archived.');
  end if;
  return new;
end;
$$;

revoke execute on function private.refuse_archived_membership() from public;

create trigger department_members_refuse_archived
  before insert on public.department_members
  for each row execute function private.refuse_archived_membership();
