-- What the public and members may read of ideas and profiles, column by column. Row-level security
-- decides which rows; these grants decide which columns of them:
--   ideas: triage (department, assignee, priority, tags) is staff's working data;
--   profiles: a person's role, language and timestamps are their own business.
-- Columns added later stay private until a migration grants them.

revoke select on public.ideas from anon, authenticated;
grant select (
  id, author_id, kind, need_type, title, body, field_slug, lat, lng, location, district_id,
  status, status_reason, status_before_hidden, merged_into, vote_count, comment_count,
  search_vector, title_search, version, created_at, updated_at, published_at, status_changed_at
) on public.ideas to anon, authenticated;

revoke select on public.profiles from anon, authenticated;
grant select (id, display_name, kind, organization, sector) on public.profiles to anon, authenticated;

-- Ideas as staff see them: every row and every column, for moderators and up (as the policy
-- "Moderators see every idea" has it), nothing for anyone else. The view runs with its owner's
-- rights, so the role check below is its only gate.
create view public.staff_ideas with (security_barrier) as
  select i.*
  from public.ideas i
  where (select public.has_role('moderator'));

comment on view public.staff_ideas is
  'Every idea with its triage fields, for moderators, staff and admins only (empty for others).';

revoke all on public.staff_ideas from anon, authenticated;
grant select on public.staff_ideas to authenticated;

-- The signed-in person's own profile, role and language included.
create function public.my_profile()
returns table (display_name text, kind public.profile_kind, role public.user_role, locale text)
language sql
stable
security definer
set search_path = ''
as $$
  select p.display_name, p.kind, p.role, p.locale
  from public.profiles p
  where p.id = (select auth.uid())
$$;

revoke execute on function public.my_profile() from public, anon;
grant execute on function public.my_profile() to authenticated;

-- The people ideas can be assigned to (staff and admins), for moderators and up.
create function public.staff_members()
returns table (id uuid, display_name text)
language sql
stable
security definer
set search_path = ''
as $$
  select p.id, p.display_name
  from public.profiles p
  where p.role >= 'staff' and (select public.has_role('moderator'))
  order by p.display_name
$$;

revoke execute on function public.staff_members() from public, anon;
grant execute on function public.staff_members() to authenticated;

-- An idea row as its author may see it: without the triage fields.
create function private.without_triage(idea public.ideas) returns public.ideas
language plpgsql
immutable
set search_path = ''
as $$
begin
  idea.department_id := null;
  idea.assignee_id := null;
  idea.priority := null;
  idea.tags := '{}';
  return idea;
end;
$$;

revoke execute on function private.without_triage(public.ideas) from public;

-- submit_idea reads back the whole row (a retry returns what the first call stored), which members
-- may no longer select column by column: it runs as its owner now. What it writes is unchanged:
-- the eight columns it names, under the same triggers (author from the session, initial status,
-- rate limits, participation rules); what it returns leaves the triage fields out.
create or replace function public.submit_idea(
  id uuid,
  title text,
  body text,
  lat double precision,
  lng double precision,
  field_slug text default null,
  kind public.idea_kind default 'idea',
  need_type public.need_type default null
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
    return private.without_triage(result);
  end if;
  insert into public.ideas as i (id, title, body, lat, lng, field_slug, kind, need_type)
  values (new_id, submit_idea.title, coalesce(submit_idea.body, ''), submit_idea.lat, submit_idea.lng,
          submit_idea.field_slug, coalesce(submit_idea.kind, 'idea'), submit_idea.need_type)
  on conflict on constraint ideas_pkey do nothing
  returning i.* into result;
  if result.id is null then
    -- Another person's submission took the id in the meantime.
    perform private.fail('idea_id_taken', 'This id belongs to another idea.', 'PT409');
  end if;
  return private.without_triage(result);
end;
$$;

-- The same for one's own profile: it returns the whole row, role and language included.
create or replace function public.update_my_profile(display_name text, locale text default null)
returns public.profiles
language plpgsql
security definer
set search_path = ''
as $$
declare
  result public.profiles;
  wanted text := btrim(update_my_profile.display_name);
begin
  if (select auth.uid()) is null then
    raise exception 'not_signed_in' using errcode = '42501', detail = 'Sign in first.';
  end if;
  if wanted is null or char_length(wanted) not between 2 and 60 or private.has_markup(wanted) then
    raise exception 'display_name_invalid'
      using errcode = 'P0001', detail = 'A display name has 2 to 60 characters and no markup.';
  end if;
  if update_my_profile.locale is not null and update_my_profile.locale not in ('de', 'en') then
    raise exception 'locale_invalid' using errcode = 'P0001', detail = 'Locale is de or en.';
  end if;
  update public.profiles p
     set display_name = wanted,
         locale = coalesce(update_my_profile.locale, p.locale),
         updated_at = now()
   where p.id = (select auth.uid())
  returning p.* into result;
  if result.id is null then
    raise exception 'profile_not_found' using errcode = 'PT404', detail = 'This account no longer exists.';
  end if;
  return result;
end;
$$;
