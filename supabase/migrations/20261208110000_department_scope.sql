-- Roles limited to departments (ADR 015). A staff member can be "department-scoped": their staff
-- rights then apply only to ideas routed to their departments (department_members). Every idea
-- change goes through private.lock_idea() or add_idea_note(), so the check sits there; the staff
-- views and the triage list show a scoped member only their departments' ideas. Comments and
-- reports on comments stay town-wide: moderating them is about the house rules, not departments.

alter table public.profiles
  add column department_scoped boolean not null default false;

comment on column public.profiles.department_scoped is
  'Staff only: their staff rights apply to ideas routed to their departments only (ADR 015). Set by admins.';

-- Only staff members are scoped (moderators have no departments, admins are never limited).
alter table public.profiles
  add constraint profiles_scope_is_staff check (not department_scoped or role = 'staff');

-- The departments a scoped caller works in; null when the caller is not scoped.
create function private.scope_departments() returns smallint[]
language sql
stable
security definer
set search_path = ''
as $$
  select case when p.department_scoped and p.role = 'staff' then
           coalesce((select array_agg(m.department_id) from public.department_members m
                      where m.user_id = p.id), '{}')
         end
    from public.profiles p
   where p.id = (select auth.uid())
$$;

revoke execute on function private.scope_departments() from public, anon;
grant execute on function private.scope_departments() to authenticated, service_role;

-- Whether the caller may act on an idea routed to `department` (always, unless scoped).
create function private.idea_in_scope(department smallint) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(idea_in_scope.department = any (s.d), s.d is null)
    from (select private.scope_departments() as d) s
$$;

revoke execute on function private.idea_in_scope(smallint) from public, anon;
grant execute on function private.idea_in_scope(smallint) to authenticated, service_role;

-- Who leaves the staff role is no longer scoped (the check above would refuse the role change).
create function private.profile_scope_only_staff() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.role <> 'staff' then
    new.department_scoped := false;
  end if;
  return new;
end;
$$;

revoke execute on function private.profile_scope_only_staff() from public;

create trigger profiles_scope_only_staff
  before update of role on public.profiles
  for each row when (old.role is distinct from new.role)
  execute function private.profile_scope_only_staff();

-- An admin limits a staff member to their departments, or lifts the limit. Audited.
create function public.set_user_department_scope(user_id uuid, scoped boolean)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  member public.profiles;
begin
  perform private.require_role('admin');
  select p.* into member from public.profiles p where p.id = set_user_department_scope.user_id for update;
  if not found then
    perform private.fail('profile_not_found', 'No such user.', 'P0002');
  end if;
  if coalesce(scoped, false) and member.role <> 'staff' then
    perform private.fail('scope_not_staff', 'Only staff members are limited to their departments.');
  end if;
  if member.department_scoped is distinct from coalesce(scoped, false) then
    update public.profiles p set department_scoped = coalesce(scoped, false), updated_at = now()
     where p.id = member.id;
    perform private.audit('profiles.set_scope', 'profiles', member.id::text,
      jsonb_build_object('old', member.department_scoped, 'new', coalesce(scoped, false)));
  end if;
  return coalesce(scoped, false);
end;
$$;

comment on function public.set_user_department_scope(uuid, boolean) is
  'Admins: limit a staff member''s staff rights to the ideas of their departments (or lift it).';

revoke execute on function public.set_user_department_scope(uuid, boolean) from public, anon;
grant execute on function public.set_user_department_scope(uuid, boolean) to authenticated;

-- Admins: which of these people are scoped (the flag is not readable through profiles).
create function public.admin_user_scopes(user_ids uuid[])
returns table (user_id uuid, department_scoped boolean)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_role('admin');
  return query
    select p.id, p.department_scoped from public.profiles p
     where p.id = any (coalesce(user_ids, '{}')) and p.department_scoped;
end;
$$;

revoke execute on function public.admin_user_scopes(uuid[]) from public, anon;
grant execute on function public.admin_user_scopes(uuid[]) to authenticated;

-- An idea's department, for the policy on internal notes (the column is not readable by the API).
create function private.idea_department(idea uuid) returns smallint
language sql
stable
security definer
set search_path = ''
as $$
  select i.department_id from public.ideas i where i.id = idea_department.idea
$$;

revoke execute on function private.idea_department(uuid) from public, anon;
grant execute on function private.idea_department(uuid) to authenticated;

-- Locks an idea for a change, checks the version the editor saw and that the caller's role
-- reaches it (out_of_scope for a scoped member and an idea of another or no department).
create or replace function private.lock_idea(idea uuid, expected_version integer) returns public.ideas
language plpgsql
security definer
set search_path = ''
as $$
declare
  result public.ideas;
begin
  select i.* into result from public.ideas i where i.id = lock_idea.idea for update;
  if not found then
    perform private.fail('idea_not_found', 'No such idea.', 'P0002');
  end if;
  if not private.idea_in_scope(result.department_id) then
    perform private.fail('out_of_scope', 'This idea is not routed to one of your departments.', '42501');
  end if;
  if expected_version is not null and result.version <> expected_version then
    perform private.fail('version_conflict',
      format('Someone else changed this idea (version %s, you saw %s). Reload and try again.',
             result.version, expected_version),
      'PT409');
  end if;
  return result;
end;
$$;

-- A staff note: internal (only staff read it) or the official public answer; within scope.
create or replace function public.add_idea_note(idea uuid, body text, is_internal boolean default true)
returns public.idea_events
language plpgsql
security definer
set search_path = ''
as $$
declare
  clean text := btrim(coalesce(body, ''));
  result public.idea_events;
  department smallint;
begin
  perform private.require_role('staff');
  if char_length(clean) = 0 or char_length(clean) > 5000 or private.has_markup(clean) then
    perform private.fail('note_invalid', 'A note is plain text of 1 to 5,000 characters.');
  end if;
  select i.department_id into department from public.ideas i where i.id = add_idea_note.idea;
  if not found then
    perform private.fail('idea_not_found', 'No such idea.', 'P0002');
  end if;
  if not private.idea_in_scope(department) then
    perform private.fail('out_of_scope', 'This idea is not routed to one of your departments.', '42501');
  end if;
  insert into public.idea_events (idea_id, kind, actor_id, is_internal, body)
  values (add_idea_note.idea, case when add_idea_note.is_internal then 'note' else 'answer' end::public.idea_event_kind,
          (select auth.uid()), coalesce(add_idea_note.is_internal, true), clean)
  returning * into result;
  perform private.audit(case when add_idea_note.is_internal then 'ideas.note' else 'ideas.answer' end,
    'ideas', add_idea_note.idea::text, jsonb_build_object('event_id', result.id));
  return result;
end;
$$;

-- Ideas as staff see them, for a scoped member only those of their departments.
create or replace view public.staff_ideas with (security_barrier) as
  select i.*
  from public.ideas i
  where (select public.has_role('moderator'))
    and ((select private.scope_departments()) is null
         or i.department_id = any ((select private.scope_departments())::smallint[]));

-- The moderators' view of ideas that are not public, and the staff's internal notes, within scope.
alter policy "Moderators see every idea" on public.ideas
  using ((select public.has_role('moderator'))
         and ((select private.scope_departments()) is null
              or department_id = any ((select private.scope_departments())::smallint[])));

alter policy "Staff read internal notes" on public.idea_events
  using ((select public.has_role('staff'))
         and ((select private.scope_departments()) is null
              or private.idea_department(idea_id) = any ((select private.scope_departments())::smallint[])));

-- The triage table's page: as before (20261127060000_staff.sql), and for a scoped member only the
-- ideas of their departments ($14). Signature and result unchanged.
create or replace function public.staff_list_ideas(
  filters jsonb default '{}'::jsonb,
  sort text default 'created_at',
  descending boolean default true,
  page_size integer default 50,
  skip integer default 0
) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
-- A similar title (q, typo search): word similarity of at least 0.6 (pg_trgm's default, stated).
set pg_trgm.word_similarity_threshold = 0.6
as $$
declare
  f jsonb := coalesce(filters, '{}'::jsonb);
  qn text := nullif(btrim(private.search_text(coalesce(f ->> 'q', ''))), '');
  f_statuses public.idea_status[];
  f_district smallint;
  f_from timestamptz;
  f_to timestamptz;
  f_kind public.idea_kind;
  f_priority public.idea_priority;
  f_department smallint;
  f_assignee uuid;
  f_min integer;
  f_max integer;
  similar_ids uuid[];
  -- A scoped member's departments (ADR 015); null: every idea.
  f_scope smallint[] := private.scope_departments();
  conditions text[] := array['true'];
  matching text;
  order_by text;
  size integer := greatest(1, least(coalesce(page_size, 50), 200));
  skipped integer := greatest(0, coalesce(skip, 0));
  ids uuid[];
  more uuid[];
  ahead bigint;
  total bigint;
begin
  perform private.require_role('staff');
  if sort is null or sort not in ('created_at', 'vote_count', 'comment_count', 'title', 'status',
                                  'status_changed_at', 'priority') then
    perform private.fail('sort_invalid', 'Unknown sort column.');
  end if;
  if char_length(f ->> 'q') > 200 then
    perform private.fail('query_too_long', 'A search has at most 200 characters.');
  end if;
  begin
    f_statuses := private.filter_array(f, 'statuses', 'status')::public.idea_status[];
    f_from := ((f ->> 'from')::date)::timestamp at time zone 'Europe/Berlin';
    f_to := ((f ->> 'to')::date + 1)::timestamp at time zone 'Europe/Berlin';
    f_kind := (f ->> 'kind')::public.idea_kind;
    f_min := (f ->> 'min_support')::integer;
    f_max := (f ->> 'max_support')::integer;
    f_department := case when f ->> 'department' <> 'none' then (f ->> 'department')::smallint end;
    f_assignee := case when f ->> 'assignee' <> 'none' then (f ->> 'assignee')::uuid end;
    f_priority := case when f ->> 'priority' <> 'none' then (f ->> 'priority')::public.idea_priority end;
  exception when others then
    perform private.fail('filter_invalid', 'A filter value has the wrong type.');
  end;
  if f ? 'district' then
    select d.id into f_district from public.districts d where d.slug = f ->> 'district';
    f_district := coalesce(f_district, -1);
  end if;

  -- Only the filters given become conditions, so the planner sees a plain query it can serve from
  -- the indexes. Values are bound parameters of their own types ($1 = f, $2 … $14), never spliced
  -- into the text; typed (not cast from $1) so the planner sees them and can use partial indexes.
  if f_statuses is not null then conditions := conditions || 'i.status = any ($2)'::text; end if;
  if f ? 'field' then conditions := conditions || 'i.field_slug = ($1 ->> ''field'')'::text; end if;
  if f_district is not null then conditions := conditions || 'i.district_id = $3'::text; end if;
  if f ->> 'department' = 'none' then conditions := conditions || 'i.department_id is null'::text;
  elsif f ? 'department' then conditions := conditions || 'i.department_id = $9'::text;
  end if;
  if f ->> 'assignee' = 'none' then conditions := conditions || 'i.assignee_id is null'::text;
  elsif f ? 'assignee' then conditions := conditions || 'i.assignee_id = $10'::text;
  end if;
  if f ->> 'priority' = 'none' then conditions := conditions || 'i.priority is null'::text;
  elsif f ? 'priority' then conditions := conditions || 'i.priority = $8'::text;
  end if;
  if f_kind is not null then conditions := conditions || 'i.kind = $7'::text; end if;
  -- "tags <> '{}'" is the predicate of the partial GIN index: stated, the planner can use it.
  if f ? 'tag' then
    conditions := conditions || 'i.tags <> ''{}'' and i.tags @> array[lower($1 ->> ''tag'')]'::text;
  end if;
  if f_from is not null then conditions := conditions || 'i.created_at >= $4'::text; end if;
  if f_to is not null then conditions := conditions || 'i.created_at < $5'::text; end if;
  if f_min is not null then conditions := conditions || 'i.vote_count >= $11'::text; end if;
  if f_max is not null then conditions := conditions || 'i.vote_count <= $12'::text; end if;
  -- A support range such as 5-20 (a few ideas): found by private.idea_support's vote index. Not
  -- for an open range ("at least 2"), which most supported ideas meet: there the extra join
  -- costs more than it saves.
  if f_min >= 1 and f_max is not null then
    conditions := conditions || 'i.id in (select t.idea_id from private.idea_support t
      where t.vote_count between $11 and $12)'::text;
  end if;
  -- Words first (full text); only when no idea has them, titles that are similar (typos), found
  -- once through the trigram index. Both at once would recheck thousands of trigram candidates.
  if qn is not null then
    if exists (select 1 from public.ideas i
                where i.search_vector @@ websearch_to_tsquery('pg_catalog.german', qn)) then
      conditions := conditions || 'i.search_vector @@ websearch_to_tsquery(''pg_catalog.german'', $6)'::text;
    else
      select coalesce(array_agg(i.id), '{}') into similar_ids
        from public.ideas i where qn operator(extensions.<%) i.title_search;
      conditions := conditions || 'i.id = any ($13)'::text;
    end if;
  end if;
  if f_scope is not null then conditions := conditions || 'i.department_id = any ($14)'::text; end if;
  matching := array_to_string(conditions, ' and ');

  -- Counting stops after 1,000 matches ("more than 1,000"): an exact count of a broad filter
  -- reads a heap row per match, and nobody pages through a thousand ideas.
  execute format('select count(*) from (select 1 from public.ideas i where %s limit 1001) c', matching)
    into total using f, f_statuses, f_district, f_from, f_to, qn, f_kind, f_priority, f_department,
          f_assignee, f_min, f_max, similar_ids, f_scope;

  if sort = 'vote_count' and descending then
    -- Ideas with supports in the order of private.idea_support's index, then (unless the filter
    -- needs a support) those without, newest first. `ahead` is how many rows the first part has
    -- in all, so the second part's offset is right on every page.
    ids := '{}';
    ahead := 0;
    if coalesce(f_max, 1) >= 1 then
      execute format(
        'select coalesce(array_agg(p.idea_id), ''{}'') from (
           select t.idea_id from private.idea_support t join public.ideas i on i.id = t.idea_id
            where %s order by t.vote_count desc, t.idea_created_at desc, t.idea_id
            limit %s offset %s) p', matching, size, skipped)
        into ids using f, f_statuses, f_district, f_from, f_to, qn, f_kind, f_priority,
              f_department, f_assignee, f_min, f_max, similar_ids, f_scope;
      if cardinality(ids) > 0 then
        ahead := skipped + cardinality(ids);
      elsif skipped > 0 then
        execute format('select count(*) from private.idea_support t
                          join public.ideas i on i.id = t.idea_id where %s', matching)
          into ahead using f, f_statuses, f_district, f_from, f_to, qn, f_kind, f_priority,
                f_department, f_assignee, f_min, f_max, similar_ids, f_scope;
      end if;
    end if;
    if cardinality(ids) < size and coalesce(f_min, 0) < 1 then
      execute format(
        'select coalesce(array_agg(p.id), ''{}'') from (
           select i.id from public.ideas i
            where %s and not exists (select 1 from private.idea_support t where t.idea_id = i.id)
            order by i.created_at desc, i.id limit %s offset %s) p',
        matching, size - cardinality(ids), greatest(0, skipped - ahead))
        into more using f, f_statuses, f_district, f_from, f_to, qn, f_kind, f_priority,
              f_department, f_assignee, f_min, f_max, similar_ids, f_scope;
      ids := ids || more;
    end if;
  else
    order_by := format('i.%I %s%s, i.created_at desc, i.id', sort,
      case when descending then 'desc' else 'asc' end,
      case when sort = 'priority' then ' nulls last' else '' end);
    execute format(
      'select coalesce(array_agg(p.id), ''{}'') from (
         select i.id from public.ideas i where %s order by %s limit %s offset %s) p',
      matching, order_by, size, skipped)
      into ids using f, f_statuses, f_district, f_from, f_to, qn, f_kind, f_priority, f_department,
            f_assignee, f_min, f_max, similar_ids, f_scope;
  end if;

  -- The page's rows, in the order chosen above.
  return jsonb_build_object('total', least(total, 1000), 'more', total > 1000, 'items', (
    select coalesce(jsonb_agg(jsonb_build_object(
             'id', i.id, 'title', i.title, 'status', i.status, 'kind', i.kind,
             'field_slug', i.field_slug, 'district_id', i.district_id,
             'department_id', i.department_id, 'assignee_id', i.assignee_id,
             'priority', i.priority, 'tags', i.tags, 'vote_count', i.vote_count,
             'comment_count', i.comment_count, 'created_at', i.created_at,
             'status_changed_at', i.status_changed_at, 'version', i.version) order by r.n), '[]')
      from unnest(ids) with ordinality as r(id, n)
      join public.ideas i on i.id = r.id));
end;
$$;
