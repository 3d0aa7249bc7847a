-- The audit log page (/verwaltung/admin/protokoll): one page of audit rows, newest first, with
-- names instead of bare ids. The log itself stays readable by admins only (its policy); this
-- function is the page's one read, checks the admin role itself and joins the names (profiles'
-- display names and the objects' titles are not all readable through the API).

create function public.admin_audit_log(
  by_actor uuid default null,
  on_table text default null,
  on_id text default null,
  of_action text default null,
  since timestamptz default null,
  until timestamptz default null,
  before_id bigint default null,
  page_size integer default 50
) returns table (
  id bigint,
  created_at timestamptz,
  actor_id uuid,
  actor_name text,
  actor_role text,
  action text,
  target_table text,
  target_id text,
  target_label text,
  details jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_role('admin');
  if char_length(on_table) > 63 or char_length(on_id) > 100 or char_length(of_action) > 100 then
    perform private.fail('filter_invalid', 'A filter value is too long.');
  end if;
  return query
    select l.id, l.created_at, l.actor_id, p.display_name, l.actor_role, l.action,
           l.target_table, l.target_id,
           case l.target_table
             when 'ideas' then (select i.title from public.ideas i where i.id::text = l.target_id)
             when 'measures' then (select m.title from public.measures m where m.id::text = l.target_id)
             when 'goals' then (select g.title from public.goals g where g.id::text = l.target_id)
             when 'profiles' then (select q.display_name from public.profiles q where q.id::text = l.target_id)
             when 'departments' then (select d.name from public.departments d where d.id::text = l.target_id)
             when 'districts' then (select d.name from public.districts d where d.id::text = l.target_id)
             when 'fields_of_action' then (select f.name_de from public.fields_of_action f where f.id::text = l.target_id)
           end,
           l.details
      from public.audit_log l
      left join public.profiles p on p.id = l.actor_id
     where (by_actor is null or l.actor_id = by_actor)
       and (on_table is null or l.target_table = on_table)
       and (on_id is null or l.target_id = on_id)
       and (of_action is null or l.action = of_action)
       and (admin_audit_log.since is null or l.created_at >= admin_audit_log.since)
       and (admin_audit_log.until is null or l.created_at < admin_audit_log.until)
       and (admin_audit_log.before_id is null or l.id < admin_audit_log.before_id)
     order by l.id desc
     limit least(greatest(coalesce(page_size, 50), 1), 200);
end;
$$;

comment on function public.admin_audit_log(uuid, text, text, text, timestamptz, timestamptz, bigint, integer) is
  'Admins: one page of the audit log (keyset: before_id), newest first, filtered, with names.';

revoke execute on function public.admin_audit_log(uuid, text, text, text, timestamptz, timestamptz, bigint, integer) from public, anon;
grant execute on function public.admin_audit_log(uuid, text, text, text, timestamptz, timestamptz, bigint, integer) to authenticated;

-- The people and actions the log has, for the page's filters (at most 500 people, by name).
create function public.admin_audit_facets()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_role('admin');
  return jsonb_build_object(
    'actors', (select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name) order by a.name, a.id), '[]')
                 from (select p.id, p.display_name as name from public.profiles p
                        where exists (select 1 from public.audit_log l where l.actor_id = p.id)
                        order by p.display_name, p.id limit 500) a),
    'actions', (select coalesce(jsonb_agg(x.action order by x.action), '[]')
                  from (select distinct l.action from public.audit_log l) x),
    'tables', (select coalesce(jsonb_agg(x.target_table order by x.target_table), '[]')
                 from (select distinct l.target_table from public.audit_log l) x));
end;
$$;

comment on function public.admin_audit_facets() is
  'Admins: the people, actions and object kinds found in the audit log, for its filters.';

revoke execute on function public.admin_audit_facets() from public, anon;
grant execute on function public.admin_audit_facets() to authenticated;
