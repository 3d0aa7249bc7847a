-- A field of action's code may hold a hyphen, like a district's or a department's ("e-government"):
-- the admin form's hint says so, and the code only ever appears in URLs and data files.
alter table public.fields_of_action drop constraint fields_of_action_slug_check;
alter table public.fields_of_action
  add constraint fields_of_action_slug_check check (slug ~ '^[a-z][a-z0-9_-]{1,39}$');

-- The statuses an idea may go to next, by the lifecycle's own predicate: the staff page offers
-- these and no others.
create function public.idea_next_statuses(from_status public.idea_status)
returns public.idea_status[]
language sql
immutable
parallel safe
set search_path = ''
as $$
  select coalesce(array_agg(s order by s), '{}')
    from unnest(enum_range(null::public.idea_status)) s
   where public.idea_transition_allowed(from_status, s)
$$;

comment on function public.idea_next_statuses(public.idea_status) is
  'Every status idea_transition_allowed() permits after from_status, in the lifecycle''s order.';

revoke execute on function public.idea_next_statuses(public.idea_status) from public, anon;
grant execute on function public.idea_next_statuses(public.idea_status) to authenticated, service_role;
