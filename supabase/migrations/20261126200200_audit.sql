-- The audit log: an append-only record of every moderation, triage and administration action.
-- Nobody edits or deletes it — not admins, not the service role; a trigger refuses even what
-- privileges would allow. Rows are written only by security-definer functions: private.audit()
-- for actions, private.audit_row_change() as a trigger on the tables admins and staff edit
-- (settings, districts, departments, fields of action, the agenda).

create table public.audit_log (
  id bigint generated always as identity primary key,
  created_at timestamptz not null default now(),
  -- No foreign key: the record outlives the account (the id is a pseudonym once the user is gone).
  actor_id uuid,
  -- The actor's role at the time: citizen/moderator/staff/admin, or service_role for server tasks.
  actor_role text,
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  target_table text not null,
  target_id text,
  details jsonb not null default '{}'::jsonb
);

comment on table public.audit_log is
  'Append-only record of moderation, triage and admin actions (who, what, when, details). Admins read it; nobody changes it.';

create index audit_log_target_idx on public.audit_log (target_table, target_id, created_at desc);
create index audit_log_created_idx on public.audit_log (created_at desc);
create index audit_log_actor_idx on public.audit_log (actor_id, created_at desc);

alter table public.audit_log enable row level security;

create policy "Admins read the audit log"
  on public.audit_log for select
  to authenticated
  using ((select public.has_role('admin')));

revoke insert, update, delete, truncate, references, trigger on public.audit_log
  from anon, authenticated, service_role;

create function private.audit_log_append_only() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'audit_log_append_only'
    using errcode = '42501', detail = 'The audit log cannot be changed or deleted.';
end;
$$;

revoke execute on function private.audit_log_append_only() from public;

create trigger audit_log_no_update_or_delete
  before update or delete on public.audit_log
  for each row execute function private.audit_log_append_only();

create trigger audit_log_no_truncate
  before truncate on public.audit_log
  for each statement execute function private.audit_log_append_only();

-- One audit row for the current API caller. Called only from other definer functions.
create function private.audit(
  action text,
  target_table text,
  target_id text,
  details jsonb default '{}'::jsonb
) returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.audit_log (actor_id, actor_role, action, target_table, target_id, details)
  values (
    (select auth.uid()),
    coalesce(
      (select p.role::text from public.profiles p where p.id = (select auth.uid())),
      (select auth.role())
    ),
    audit.action,
    audit.target_table,
    audit.target_id,
    coalesce(audit.details, '{}'::jsonb)
  )
$$;

revoke execute on function private.audit(text, text, text, jsonb) from public, anon, authenticated;

-- Generic row-change auditing for admin-edited tables (settings, districts, departments, taxonomy,
-- agenda). Only changes made through the API (a JWT role is set) are actions; migrations and the
-- seed are not.
create function private.audit_row_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  old_row jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end;
  new_row jsonb := case when tg_op in ('UPDATE', 'INSERT') then to_jsonb(new) end;
  changes jsonb;
  row_id text;
begin
  if (select auth.role()) is null then
    return null;
  end if;
  row_id := coalesce(new_row ->> 'id', old_row ->> 'id',
                     concat_ws('/', coalesce(new_row, old_row) ->> 'measure_id',
                                    coalesce(new_row, old_row) ->> 'idea_id'));
  if tg_op = 'UPDATE' then
    select coalesce(jsonb_object_agg(n.key, jsonb_build_object('old', old_row -> n.key, 'new', n.value)), '{}')
      into changes
      from jsonb_each(new_row) n
     where n.value is distinct from old_row -> n.key
       and n.key not in ('updated_at', 'version', 'boundary_geojson', 'area_geojson');
    if changes = '{}'::jsonb then
      return null;
    end if;
  else
    changes := coalesce(new_row, old_row) - 'boundary_geojson' - 'area_geojson';
  end if;
  perform private.audit(tg_table_name || '.' || lower(tg_op), tg_table_name, row_id, changes);
  return null;
end;
$$;

revoke execute on function private.audit_row_change() from public, anon, authenticated;
