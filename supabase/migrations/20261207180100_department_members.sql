-- Who works in which department (Fachbereich): admins say so per staff member. A staff member hears
-- when an idea is routed to one of their departments (`routed`, ADR 011) — whoever routed it, by
-- the staff idea page, a bulk action or anything else that sets ideas.department_id.

create table public.department_members (
  department_id smallint not null references public.departments (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (department_id, user_id)
);

create index department_members_user_idx on public.department_members (user_id);

comment on table public.department_members is
  'Staff members per department; set by admins through set_user_departments, read by staff.';

alter table public.department_members enable row level security;

create policy "Staff see who works in which department"
  on public.department_members for select
  to authenticated
  using (user_id = (select auth.uid()) or (select public.has_role('staff')));

revoke all on public.department_members from anon, authenticated;
grant select on public.department_members to authenticated;

-- An admin sets a staff member's departments (all at once; empty: none). Audited.
create function public.set_user_departments(user_id uuid, departments smallint[])
returns smallint[]
language plpgsql
security definer
set search_path = ''
as $$
declare
  member_role public.user_role;
  before smallint[];
  after smallint[];
begin
  if not public.has_role('admin') then
    raise exception 'forbidden' using errcode = '42501', detail = 'Only admins set departments.';
  end if;
  select p.role into member_role from public.profiles p where p.id = set_user_departments.user_id for update;
  if not found then
    perform private.fail('profile_not_found', 'No such user.', 'P0002');
  end if;
  select coalesce(array_agg(distinct d order by d), '{}') into after
    from unnest(coalesce(set_user_departments.departments, '{}')) d;
  if cardinality(after) > 0 and member_role < 'staff' then
    perform private.fail('member_not_staff', 'Only staff members work in a department.');
  end if;
  if exists (select 1 from unnest(after) d where not exists (select 1 from public.departments x where x.id = d)) then
    perform private.fail('department_unknown', 'No such department.');
  end if;
  select coalesce(array_agg(m.department_id order by m.department_id), '{}') into before
    from public.department_members m where m.user_id = set_user_departments.user_id;
  delete from public.department_members m
   where m.user_id = set_user_departments.user_id and m.department_id <> all (after);
  insert into public.department_members (department_id, user_id)
  select d, set_user_departments.user_id from unnest(after) d
  on conflict do nothing;
  if before is distinct from after then
    perform private.audit('department_members.set', 'profiles', set_user_departments.user_id::text,
      jsonb_build_object('old', before, 'new', after));
  end if;
  return after;
end;
$$;

revoke execute on function public.set_user_departments(uuid, smallint[]) from public, anon;
grant execute on function public.set_user_departments(uuid, smallint[]) to authenticated;

-- Someone who stops being staff leaves their departments.
create function private.profile_leaves_departments() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.role < 'staff' then
    delete from public.department_members m where m.user_id = new.id;
  end if;
  return null;
end;
$$;

create trigger profiles_leave_departments
  after update of role on public.profiles
  for each row when (old.role is distinct from new.role)
  execute function private.profile_leaves_departments();

-- An idea routed to a department (set or changed, not cleared) is news for its staff.
create function private.idea_routed_notifies() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.notify_event('routed', new.id, (select auth.uid()),
    jsonb_build_object('department_id', new.department_id,
                       'department', (select d.name from public.departments d where d.id = new.department_id)));
  return null;
end;
$$;

revoke execute on function private.idea_routed_notifies() from public;

create trigger ideas_routed_notify
  after update of department_id on public.ideas
  for each row when (new.department_id is not null and new.department_id is distinct from old.department_id)
  execute function private.idea_routed_notifies();

-- Who hears of an event: as before, and for `routed` the staff of the department.
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
     and notification_recipients.kind not in ('assigned', 'idea_new', 'routed')
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
  select m.user_id from public.department_members m
    join public.profiles p on p.id = m.user_id and p.role >= 'staff'
   where notification_recipients.kind = 'routed'
     and m.department_id::text = notification_recipients.details ->> 'department_id'
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

-- The export (GDPR Art. 15) has the departments a person works in.
create function private.export_part_departments(uid uuid) returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'departments', coalesce((select jsonb_agg(jsonb_build_object('department', d.name, 'since', m.created_at)
                                              order by d.name)
                               from public.department_members m
                               join public.departments d on d.id = m.department_id
                              where m.user_id = uid), '[]'::jsonb))
$$;

revoke execute on function private.export_part_departments(uuid) from public;
