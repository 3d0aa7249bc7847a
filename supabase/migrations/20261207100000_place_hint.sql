-- The place hint — "Bushaltestelle am Markt", words that say where the point is — becomes a column
-- of its own (it was a last "📍 …" line of the body): shown under the place, exported and
-- searched as such (weight C, after title A and text B), at most 200 characters like the form's.

alter table public.ideas add column place_hint text not null default '';

comment on column public.ideas.place_hint is
  'Where the point is, in words (at most 200 characters, ideas_place_hint_check); may be empty.';

create or replace function private.ideas_invariants() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  broken text := case
    when (char_length(new.title) between 5 and 120) is false then 'ideas_title_check'
    when (char_length(new.body) <= 5000) is false then 'ideas_body_check'
    when (char_length(new.place_hint) <= 200) is false then 'ideas_place_hint_check'
    when (new.lat between -90 and 90) is false then 'ideas_lat_check'
    when (new.lng between -180 and 180) is false then 'ideas_lng_check'
    when (char_length(new.status_reason) <= 2000) is false then 'ideas_status_reason_check'
    when (cardinality(new.tags) <= 20
          and array_to_string(new.tags, '|') !~ '[^a-z0-9äöüß_|-]'
          and array_position(new.tags, '') is null) is false then 'ideas_tags_check'
    when ((new.kind = 'location_need') = (new.need_type is not null)) is false
      then 'ideas_need_type_matches_kind'
    when (new.status <> 'declined' or char_length(btrim(new.status_reason)) > 0) is false
      then 'ideas_declined_has_reason'
    when (new.status <> 'hidden'
          or (char_length(btrim(new.status_reason)) > 0 and new.status_before_hidden is not null)) is false
      then 'ideas_hidden_has_reason'
    -- Only merged ideas point elsewhere (the lifecycle trigger requires a target when merging;
    -- should the target be deleted later, the merged idea keeps its status without one).
    when (new.merged_into is null or new.status = 'merged') is false then 'ideas_target_only_when_merged'
    when (new.merged_into <> new.id) is false then 'ideas_not_merged_into_self'
  end;
begin
  if broken is not null then
    raise exception 'new row for relation "ideas" violates check constraint "%"', broken
      using errcode = '23514', schema = 'public', table = 'ideas', constraint = broken;
  end if;
  return null;
end;
$$;

drop trigger ideas_invariants on public.ideas;
create constraint trigger ideas_invariants
  after insert or update of title, body, place_hint, lat, lng, status, status_reason,
    status_before_hidden, tags, kind, need_type, merged_into
  on public.ideas
  for each row execute function private.ideas_invariants();

create or replace function private.ideas_validate() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- Writing (and editing) takes the right to contribute; server tasks without a user are exempt.
  if (select auth.uid()) is not null then
    perform private.require_participation('contribute');
  end if;
  new.title := btrim(regexp_replace(coalesce(new.title, ''), '\s+', ' ', 'g'));
  new.body := btrim(coalesce(new.body, ''));
  new.place_hint := btrim(regexp_replace(coalesce(new.place_hint, ''), '\s+', ' ', 'g'));
  if char_length(new.title) < 5 then
    perform private.fail('title_too_short', 'A title has at least 5 characters.');
  elsif char_length(new.title) > 120 then
    perform private.fail('title_too_long', 'A title has at most 120 characters.');
  elsif char_length(new.body) > 5000 then
    perform private.fail('body_too_long', 'The text has at most 5,000 characters.');
  elsif char_length(new.place_hint) > 200 then
    perform private.fail('place_hint_too_long', 'The description of the place has at most 200 characters.');
  elsif private.has_markup(new.title) or private.has_markup(new.body)
        or private.has_markup(new.place_hint) then
    perform private.fail('markup_not_allowed', 'Plain text only: no HTML or script.');
  end if;

  if new.kind = 'location_need' and new.need_type is null then
    perform private.fail('need_type_required', 'A location need names its need type.');
  elsif new.kind = 'idea' and new.need_type is not null then
    perform private.fail('need_type_not_allowed', 'Only location needs have a need type.');
  end if;
  if new.kind = 'location_need' and (select auth.uid()) is not null
     and (tg_op = 'INSERT' or old.kind is distinct from new.kind)
     and not public.has_role('moderator')
     and not exists (select 1 from public.profiles p where p.id = (select auth.uid()) and p.kind = 'business') then
    perform private.fail('business_profile_required', 'Location needs come from business profiles.');
  end if;

  -- A location need without a field of action files under the matching field.
  if new.field_slug is null and new.kind = 'location_need' then
    new.field_slug := case new.need_type
      when 'breitband' then 'infrastruktur'
      when 'mobilfunk' then 'infrastruktur'
      when 'e_services' then 'verwaltung'
      when 'fachkraefte' then 'bildung'
      else 'wirtschaft'
    end;
  end if;
  if new.field_slug is null then
    perform private.fail('field_required', 'Choose a field of action.');
  elsif not exists (select 1 from public.fields_of_action f where f.slug = new.field_slug) then
    perform private.fail('field_unknown', 'No such field of action.');
  end if;

  if tg_op = 'INSERT' or new.lat is distinct from old.lat or new.lng is distinct from old.lng then
    new.district_id := private.check_location(new.lat, new.lng);
  end if;

  if tg_op = 'INSERT' or new.title is distinct from old.title or new.body is distinct from old.body
     or new.place_hint is distinct from old.place_hint then
    new.title_search := private.search_text(new.title);
    new.search_vector :=
      setweight(to_tsvector('pg_catalog.german', private.search_text(new.title)), 'A')
      || setweight(to_tsvector('pg_catalog.german', private.search_text(new.body)), 'B')
      || setweight(to_tsvector('pg_catalog.german', private.search_text(new.place_hint)), 'C');
  end if;

  if tg_op = 'INSERT' then
    if (select auth.uid()) is not null then
      perform private.check_rate_limit('ideas');
      -- Only the functions may decide more than the initial state.
      new.vote_count := 0;
      new.comment_count := 0;
    end if;
    if new.published_at is null and private.is_public_status(new.status) then
      new.published_at := new.created_at;
    end if;
  end if;
  return new;
end;
$$;

drop trigger ideas_validate on public.ideas;
create trigger ideas_validate
  before insert or update of kind, need_type, title, body, place_hint, field_slug, lat, lng
  on public.ideas
  for each row execute function private.ideas_validate();

drop trigger ideas_track_changes on public.ideas;
create trigger ideas_track_changes
  before update of kind, need_type, title, body, place_hint, field_slug, lat, lng, status,
    status_reason, merged_into, department_id, assignee_id, priority, tags
  on public.ideas
  for each row execute function private.ideas_track_changes();

-- The words of a place hint are known to the typo correction like those of title and text.
create or replace function private.search_words_added() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.search_words (word)
  select distinct w.w from added a, private.words_of(concat_ws(' ', a.title, a.body, a.place_hint)) w(w)
  on conflict do nothing;
  return null;
end;
$$;

create or replace function private.search_words_edited() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.search_words (word)
  select w from private.words_of(concat_ws(' ', new.title, new.body, new.place_hint)) w
  on conflict do nothing;
  return null;
end;
$$;

drop trigger ideas_search_words_edited on public.ideas;
create trigger ideas_search_words_edited
  after update of title, body, place_hint on public.ideas
  for each row execute function private.search_words_edited();

-- Members write it with the idea (and edit it while the idea awaits moderation); everyone who
-- sees an idea sees it.
grant insert (place_hint) on public.ideas to authenticated;
grant update (place_hint) on public.ideas to authenticated;
grant select (place_hint) on public.ideas to anon, authenticated;

-- `select i.*` fixed its columns when the view was made: made again, it has the new one.
create or replace view public.staff_ideas with (security_barrier) as
  select i.*
  from public.ideas i
  where (select public.has_role('moderator'));

drop function public.submit_idea(uuid, text, text, double precision, double precision, text, public.idea_kind, public.need_type);

create function public.submit_idea(
  id uuid,
  title text,
  body text,
  lat double precision,
  lng double precision,
  field_slug text default null,
  kind public.idea_kind default 'idea',
  need_type public.need_type default null,
  place_hint text default ''
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
  insert into public.ideas as i (id, title, body, lat, lng, field_slug, kind, need_type, place_hint)
  values (new_id, submit_idea.title, coalesce(submit_idea.body, ''), submit_idea.lat, submit_idea.lng,
          submit_idea.field_slug, coalesce(submit_idea.kind, 'idea'), submit_idea.need_type,
          coalesce(submit_idea.place_hint, ''))
  on conflict on constraint ideas_pkey do nothing
  returning i.* into result;
  if result.id is null then
    -- Another person's submission took the id in the meantime.
    perform private.fail('idea_id_taken', 'This id belongs to another idea.', 'PT409');
  end if;
  return private.without_triage(result);
end;
$$;

revoke execute on function public.submit_idea(uuid, text, text, double precision, double precision, text, public.idea_kind, public.need_type, text) from public, anon;
grant execute on function public.submit_idea(uuid, text, text, double precision, double precision, text, public.idea_kind, public.need_type, text) to authenticated;

-- Ideas submitted before: their last "📍 …" line moves into the column. Not an edit by anyone, so
-- the version and the time of the last change stay as they were.
alter table public.ideas disable trigger ideas_track_changes;
update public.ideas
   set place_hint = left(substring(body from '📍 ([^\n]*)$'), 200),
       body = btrim(regexp_replace(body, '(^|\n\n)📍 [^\n]*$', ''))
 where body ~ '(^|\n\n)📍 [^\n]*$';
alter table public.ideas enable trigger ideas_track_changes;
