-- Photos on ideas (issue 22, ADR 020): up to three per idea, each with its alt text, stored as
-- re-encoded WebP in the private Storage bucket `idea-photos` under `{idea}/{photo}/{size}.webp`
-- (size: full ≤ 2,048 px, medium ≤ 1,024 px, thumb ≤ 320 px).
--
-- * Only the app server uploads, with the service role, after re-encoding what the person sent:
--   there is no insert or update policy on storage.objects for this bucket, so nobody can put
--   their own bytes there with their own token. The author first registers the photo (its row) with
--   add_idea_photo() as themselves; the database decides whether they may.
-- * Who sees a photo is one function (private.idea_photo_visible) that both the table's select
--   policy and the bucket's select policy use: everyone once the idea is public and the photo is
--   stored and not hidden; its author always; moderators, staff and admins always (reading is not
--   limited by department scope, as reading ideas is not: only acting on an idea is).
-- * A photo row that goes (removed, its idea deleted, its author's account erased) queues its three
--   files in public.storage_removals; the worker removes them through the Storage API (SQL may not
--   delete storage rows: the files would stay behind).

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('idea-photos', 'idea-photos', false, 5 * 1024 * 1024, '{image/webp}')
on conflict (id) do nothing;

-- The photos' rows. The id is made by the client (an idempotency key, like ideas and comments): an
-- offline replay registers a photo exactly once.
create table public.idea_photos (
  id uuid primary key,
  idea_id uuid not null references public.ideas (id) on delete cascade,
  -- The idea's author (the only one who adds photos to it).
  author_id uuid not null references public.profiles (id) on delete cascade,
  -- Place in the idea's gallery; three places make the limit of three photos per idea, and the
  -- unique index makes it hold under concurrent adds.
  position smallint not null check (position between 0 and 2),
  -- Required (BITV 2.0): what the photo shows, 3–300 characters, trimmed, plain text.
  alt_text text not null
    check (char_length(alt_text) between 3 and 300 and alt_text = btrim(alt_text)),
  -- Of the full size (≤ 2,048 px per side, ≤ 5 MB: the bucket's limit).
  width integer not null check (width between 1 and 2048),
  height integer not null check (height between 1 and 2048),
  bytes integer not null check (bytes between 1 and 5 * 1024 * 1024),
  -- Set when full.webp arrived in storage (the server uploads thumb, medium, then full); until
  -- then nobody but its author and moderators sees the photo.
  stored_at timestamptz,
  -- Moderation: hidden with a reason its author sees; who hid it stays with the staff.
  hidden_at timestamptz,
  hidden_reason text check (char_length(hidden_reason) <= 2000),
  hidden_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint idea_photos_position_unique unique (idea_id, position),
  constraint idea_photos_hidden_has_reason check (
    (hidden_at is null and hidden_reason is null)
    or (hidden_at is not null and coalesce(char_length(btrim(hidden_reason)), 0) > 0))
);

comment on table public.idea_photos is
  'Photos of an idea (at most three): alt text, size, when stored in the idea-photos bucket ({idea}/{photo}/{full,medium,thumb}.webp), moderation. Client-made uuid; written only by functions.';

create index idea_photos_author_idx on public.idea_photos (author_id);

alter table public.idea_photos enable row level security;

-- Parsing an object's name, never raising: the idea's (part 1) or the photo's (part 2) uuid when the
-- name is `{idea}/{photo}/{full|medium|thumb}.webp`, else null.
create function private.idea_photo_name_part(object_name text, part integer) returns uuid
language sql
immutable
parallel safe
set search_path = ''
as $$
  select (regexp_match(object_name,
    '^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/'
    '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/'
    '(full|medium|thumb)\.webp$'))[part]::uuid
$$;

revoke execute on function private.idea_photo_name_part(text, integer) from public;
grant execute on function private.idea_photo_name_part(text, integer) to anon, authenticated, service_role;

-- Who sees a photo: the one rule for its row and its files. Everyone, when the idea is public and
-- the photo stored and not hidden; its author always (waiting and hidden ones too, with the
-- reason); moderators, staff and admins always. Security definer: it reads the idea's status
-- whoever asks.
create function private.idea_photo_visible(
  idea uuid,
  author uuid,
  stored_at timestamptz,
  hidden_at timestamptz
) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select (idea_photo_visible.stored_at is not null and idea_photo_visible.hidden_at is null
          and exists (select 1 from public.ideas i
                       where i.id = idea_photo_visible.idea and private.is_public_status(i.status)))
      or idea_photo_visible.author = (select auth.uid())
      or public.has_role('moderator')
$$;

revoke execute on function private.idea_photo_visible(uuid, uuid, timestamptz, timestamptz) from public;
grant execute on function private.idea_photo_visible(uuid, uuid, timestamptz, timestamptz)
  to anon, authenticated, service_role;

create policy "Photos are visible to whoever may see them"
  on public.idea_photos for select
  to anon, authenticated
  using (private.idea_photo_visible(idea_id, author_id, stored_at, hidden_at));

-- Rows are written only by the functions below (and the storage trigger); readable columns exclude
-- who hid a photo.
revoke all on public.idea_photos from anon, authenticated;
grant select (id, idea_id, author_id, position, alt_text, width, height, bytes, stored_at,
              hidden_at, hidden_reason, created_at)
  on public.idea_photos to anon, authenticated;

-- Whether the caller may still add or remove photos of `idea` as its author: while it awaits
-- moderation (as they may edit it), and for an hour after submitting an idea that post-moderation
-- published at once (the wizard, also an offline replay, submits first and adds the photos next).
create function private.idea_photos_editable(idea public.ideas) returns boolean
language sql
stable
set search_path = ''
as $$
  select idea.author_id = (select auth.uid())
     and (idea.status = 'submitted'
          or (idea.status = 'published' and idea.published_at = idea.created_at
              and idea.created_at > now() - interval '1 hour'))
$$;

revoke execute on function private.idea_photos_editable(public.ideas) from public;
grant execute on function private.idea_photos_editable(public.ideas) to authenticated, service_role;

-- Register a photo of the caller's idea before the server uploads its files. Idempotent on the
-- client-made id: the same id for the same idea returns the stored row (a replay); for another idea
-- it is refused. Takes the first free place of three, serialised per idea by a row lock (the unique
-- place makes a fourth impossible even without it).
create function public.add_idea_photo(
  p_id uuid,
  p_idea_id uuid,
  p_alt_text text,
  p_width integer,
  p_height integer,
  p_bytes integer
) returns public.idea_photos
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  target public.ideas;
  result public.idea_photos;
  alt text := btrim(regexp_replace(coalesce(p_alt_text, ''), '\s+', ' ', 'g'));
  free smallint;
begin
  if uid is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  perform private.require_participation('contribute');
  if p_id is null then
    perform private.fail('photo_id_required', 'A photo needs its id.');
  end if;
  if char_length(alt) < 3 then
    perform private.fail('alt_text_too_short', 'Describe the photo in at least 3 characters.');
  elsif char_length(alt) > 300 then
    perform private.fail('alt_text_too_long', 'A photo''s description has at most 300 characters.');
  elsif private.has_markup(alt) then
    perform private.fail('markup_not_allowed', 'Plain text only: no HTML or script.');
  end if;
  if p_width is null or p_height is null or p_bytes is null
     or p_width not between 1 and 2048 or p_height not between 1 and 2048
     or p_bytes not between 1 and 5 * 1024 * 1024 then
    perform private.fail('photo_size_invalid',
      'A stored photo is at most 2,048 × 2,048 pixels and 5 MB.');
  end if;

  select i.* into target from public.ideas i where i.id = p_idea_id for no key update;
  if not found or not (private.is_public_status(target.status) or target.author_id = uid
                       or public.has_role('moderator')) then
    perform private.fail('idea_not_found', 'No such idea.', 'P0002');
  end if;

  select p.* into result from public.idea_photos p where p.id = p_id;
  if found then
    if result.idea_id <> p_idea_id or result.author_id is distinct from uid then
      perform private.fail('photo_id_taken', 'This id belongs to another photo.', 'PT409');
    end if;
    -- A replay. Files not yet stored are uploaded only while the idea may still change: a photo
    -- registered before the moderators approved the idea must not appear after it unchecked.
    if result.stored_at is null and not private.idea_photos_editable(target) then
      perform private.fail('idea_not_editable',
        'Photos can be added while the idea awaits moderation.', 'PT409');
    end if;
    -- Not stored yet: the files about to come are described by this call, not an earlier one.
    if result.stored_at is null then
      update public.idea_photos p
         set alt_text = alt, width = p_width, height = p_height, bytes = p_bytes
       where p.id = result.id
      returning p.* into result;
    end if;
    return result;
  end if;

  if target.author_id is distinct from uid then
    perform private.fail('forbidden', 'Only the idea''s author adds photos to it.', '42501');
  end if;
  if not private.idea_photos_editable(target) then
    perform private.fail('idea_not_editable',
      'Photos can be added while the idea awaits moderation.', 'PT409');
  end if;

  select min(s.n) into free
    from generate_series(0, 2) s(n)
   where not exists (select 1 from public.idea_photos p where p.idea_id = p_idea_id and p.position = s.n);
  if free is null then
    perform private.fail('photo_limit_reached', 'An idea has at most 3 photos.', 'PT409');
  end if;

  insert into public.idea_photos as p (id, idea_id, author_id, position, alt_text, width, height, bytes)
  values (p_id, p_idea_id, uid, free, alt, p_width, p_height, p_bytes)
  on conflict (id) do nothing
  returning p.* into result;
  if result.id is null then
    -- Another idea's photo took the id in the meantime.
    perform private.fail('photo_id_taken', 'This id belongs to another photo.', 'PT409');
  end if;
  return result;
end;
$$;

comment on function public.add_idea_photo(uuid, uuid, text, integer, integer, integer) is
  'The idea''s author registers a photo (alt text, size of the full WebP) before the server uploads it; idempotent on the id. Returns the idea_photos row.';

revoke execute on function public.add_idea_photo(uuid, uuid, text, integer, integer, integer) from public, anon;
grant execute on function public.add_idea_photo(uuid, uuid, text, integer, integer, integer) to authenticated;

-- Remove a photo: its author while they may still edit the idea, moderators, staff and admins at
-- any time. Its files are queued for removal (the trigger below). Returns whether a photo was
-- removed: false when there was none (a replay of a removal that went through).
create function public.remove_idea_photo(p_id uuid) returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  photo public.idea_photos;
  target public.ideas;
begin
  if uid is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  select p.* into photo from public.idea_photos p where p.id = p_id;
  if not found then
    return false;
  end if;
  select i.* into target from public.ideas i where i.id = photo.idea_id for no key update;
  if public.has_role('moderator') then
    -- Hiding a photo is about the house rules (town-wide, as for comments); removing it changes
    -- the idea, which a department-scoped staff member may only for their departments (ADR 015).
    if not private.idea_in_scope(target.department_id) then
      perform private.fail('out_of_scope', 'This idea is not routed to one of your departments.', '42501');
    end if;
  elsif photo.author_id is distinct from uid then
    perform private.fail('forbidden', 'Only the photo''s author or moderators remove it.', '42501');
  elsif not private.idea_photos_editable(target) then
    perform private.fail('idea_not_editable',
      'Photos can be removed while the idea awaits moderation.', 'PT409');
  end if;
  delete from public.idea_photos p where p.id = photo.id;
  if not found then
    return false;
  end if;
  if photo.author_id is distinct from uid then
    perform private.audit('idea_photos.remove', 'idea_photos', photo.id::text,
      jsonb_build_object('idea_id', photo.idea_id, 'alt_text', photo.alt_text));
  end if;
  return true;
end;
$$;

revoke execute on function public.remove_idea_photo(uuid) from public, anon;
grant execute on function public.remove_idea_photo(uuid) to authenticated;

-- Hide a photo with a reason its author sees (its open reports are resolved with it), or show it
-- again. Moderators, staff and admins; audited as hiding a comment is.
create function public.hide_idea_photo(p_id uuid, p_reason text) returns public.idea_photos
language plpgsql
security definer
set search_path = ''
as $$
declare
  current public.idea_photos;
  result public.idea_photos;
  clean_reason text := nullif(btrim(coalesce(p_reason, '')), '');
begin
  perform private.require_role('moderator');
  if clean_reason is null then
    perform private.fail('reason_required', 'Hiding a photo needs a reason the author sees.');
  end if;
  if char_length(clean_reason) > 2000 or private.has_markup(clean_reason) then
    perform private.fail('reason_invalid', 'A reason is plain text of at most 2,000 characters.');
  end if;
  select p.* into current from public.idea_photos p where p.id = p_id for update;
  if not found then
    perform private.fail('photo_not_found', 'No such photo.', 'P0002');
  end if;
  if current.hidden_at is not null then
    return current;
  end if;
  update public.idea_photos p
     set hidden_at = now(), hidden_reason = clean_reason, hidden_by = (select auth.uid())
   where p.id = current.id
  returning p.* into result;
  perform private.audit('idea_photos.hide', 'idea_photos', current.id::text,
    jsonb_build_object('idea_id', current.idea_id, 'reason', clean_reason));
  return result;
end;
$$;

revoke execute on function public.hide_idea_photo(uuid, text) from public, anon;
grant execute on function public.hide_idea_photo(uuid, text) to authenticated;

create function public.unhide_idea_photo(p_id uuid) returns public.idea_photos
language plpgsql
security definer
set search_path = ''
as $$
declare
  current public.idea_photos;
  result public.idea_photos;
begin
  perform private.require_role('moderator');
  select p.* into current from public.idea_photos p where p.id = p_id for update;
  if not found then
    perform private.fail('photo_not_found', 'No such photo.', 'P0002');
  end if;
  if current.hidden_at is null then
    return current;
  end if;
  update public.idea_photos p
     set hidden_at = null, hidden_reason = null, hidden_by = null
   where p.id = current.id
  returning p.* into result;
  perform private.audit('idea_photos.restore', 'idea_photos', current.id::text,
    jsonb_build_object('idea_id', current.idea_id, 'reason', current.hidden_reason));
  return result;
end;
$$;

revoke execute on function public.unhide_idea_photo(uuid) from public, anon;
grant execute on function public.unhide_idea_photo(uuid) to authenticated;

-- Files waiting to be removed from Storage. SQL must not delete storage rows (the file would stay
-- behind, and Supabase refuses it); the worker removes each object through the Storage API with
-- the service role and then deletes its queue row.
create table public.storage_removals (
  id bigint generated always as identity primary key,
  bucket_id text not null,
  object_name text not null,
  queued_at timestamptz not null default now(),
  attempts integer not null default 0,
  -- Claimed by a worker until then; after a failure, when to try again.
  not_before timestamptz not null default now(),
  last_error text
);

comment on table public.storage_removals is
  'Storage objects to remove (bucket, object name), queued when their rows go; the worker removes them through the Storage API. No API access.';

create index storage_removals_due_idx on public.storage_removals (not_before, id);

alter table public.storage_removals enable row level security;
revoke all on public.storage_removals from anon, authenticated, service_role;

-- The worker reads and deletes queue rows (directly, or with the functions below).
create policy "The worker reads the removal queue"
  on public.storage_removals for select
  to stadtidee_notifier
  using (true);

create policy "The worker deletes what it removed"
  on public.storage_removals for delete
  to stadtidee_notifier
  using (true);

grant select, delete on public.storage_removals to stadtidee_notifier;

-- Queues the three files of each photo row that goes, whatever removed it (remove_idea_photo, the
-- idea deleted or withdrawn, the author's account erased).
create function private.idea_photos_queue_removal() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.storage_removals (bucket_id, object_name)
  select 'idea-photos', o.idea_id::text || '/' || o.id::text || '/' || s.size || '.webp'
    from gone o, unnest(array['thumb', 'medium', 'full']) s(size);
  -- The worker wakes for it (at commit), rather than at its next look.
  perform pg_notify('stadtidee_notifications', 'storage');
  return null;
end;
$$;

revoke execute on function private.idea_photos_queue_removal() from public;

create trigger idea_photos_queue_removal
  after delete on public.idea_photos
  referencing old table as gone
  for each statement execute function private.idea_photos_queue_removal();

-- The worker's step: up to `max_items` due removals, leased for `lease_seconds`. A queued object
-- whose photo exists again (the same id registered anew) belongs to that photo: dropped, not
-- removed.
create function private.claim_storage_removals(max_items integer default 100, lease_seconds integer default 300)
returns table (id bigint, bucket_id text, object_name text)
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.storage_removals r
   where r.bucket_id = 'idea-photos'
     and exists (select 1 from public.idea_photos p
                  where p.id = private.idea_photo_name_part(r.object_name, 2)
                    and p.idea_id = private.idea_photo_name_part(r.object_name, 1));
  return query
    with claimed as (
      select r.id from public.storage_removals r
       where r.not_before <= now()
       order by r.not_before, r.id
       limit greatest(1, least(coalesce(max_items, 100), 1000))
         for update skip locked
    )
    update public.storage_removals r
       set attempts = r.attempts + 1,
           not_before = now() + make_interval(secs => greatest(10, coalesce(lease_seconds, 300)))
      from claimed c
     where r.id = c.id
    returning r.id, r.bucket_id, r.object_name;
end;
$$;

revoke execute on function private.claim_storage_removals(integer, integer) from public;

-- Removed (or found gone already): off the queue.
create function private.storage_removed(ids bigint[]) returns integer
language sql
security definer
set search_path = ''
as $$
  with done as (delete from public.storage_removals r where r.id = any (storage_removed.ids) returning 1)
  select count(*)::integer from done
$$;

revoke execute on function private.storage_removed(bigint[]) from public;

-- Not removed: tried again after 1, 2, 4 … minutes, at most a day apart.
create function private.storage_removal_failed(removal bigint, reason text) returns void
language sql
security definer
set search_path = ''
as $$
  update public.storage_removals r
     set not_before = now() + least(interval '1 day', interval '1 minute' * power(2, least(r.attempts, 20) - 1)),
         last_error = left(storage_removal_failed.reason, 500)
   where r.id = storage_removal_failed.removal
$$;

revoke execute on function private.storage_removal_failed(bigint, text) from public;

-- Photos registered but never stored (an upload that broke off and was never sent again, or a
-- registration without the server's upload): after a day they hold a place of three for nothing.
-- The worker removes them; their files, if any arrived, are queued with them.
create function private.purge_unstored_photos(max_items integer default 100) returns integer
language sql
security definer
set search_path = ''
as $$
  with gone as (
    delete from public.idea_photos p
     where p.id in (select q.id from public.idea_photos q
                     where q.stored_at is null and q.created_at < now() - interval '1 day'
                     order by q.created_at
                     limit greatest(1, least(coalesce(max_items, 100), 1000)))
    returning 1
  )
  select count(*)::integer from gone
$$;

revoke execute on function private.purge_unstored_photos(integer) from public;

grant execute on function private.claim_storage_removals(integer, integer) to stadtidee_notifier;
grant execute on function private.storage_removed(bigint[]) to stadtidee_notifier;
grant execute on function private.storage_removal_failed(bigint, text) to stadtidee_notifier;
grant execute on function private.purge_unstored_photos(integer) to stadtidee_notifier;

-- The bucket's files are the server's alone: no policy on storage.objects lets anon or
-- authenticated read, write or delete them. Who may see a photo is its row's select policy
-- (private.idea_photo_visible); the app serves the files after reading the row as the visitor, with
-- the service role. A direct read would let anyone who may see a photo today mint a signed URL that
-- outlives its hiding, and a direct delete would skip remove_idea_photo's rules and audit. Only the
-- service role (the app server after re-encoding, the worker removing files) touches the files.

-- A file arrived (or was replaced): when it is a photo's full size, the photo is stored and may be
-- shown. A file of this bucket with our name pattern but without its photo (removed while the
-- server was uploading) is queued for removal. Names of any other shape are left alone; nothing
-- here raises, whatever the name.
create function private.idea_photo_object_written() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  idea uuid := private.idea_photo_name_part(new.name, 1);
  photo uuid := private.idea_photo_name_part(new.name, 2);
begin
  if photo is null then
    return null;
  end if;
  if not exists (select 1 from public.idea_photos p where p.id = photo and p.idea_id = idea) then
    insert into public.storage_removals (bucket_id, object_name) values (new.bucket_id, new.name);
  elsif new.name like '%/full.webp' then
    update public.idea_photos p set stored_at = now()
     where p.id = photo and p.idea_id = idea and p.stored_at is null;
  end if;
  return null;
end;
$$;

revoke execute on function private.idea_photo_object_written() from public;

create trigger idea_photos_object_written
  after insert or update on storage.objects
  for each row when (new.bucket_id = 'idea-photos')
  execute function private.idea_photo_object_written();

-- The full size went (through the Storage API): the photo is no longer stored.
create function private.idea_photo_object_deleted() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.idea_photos p set stored_at = null
   where p.id = private.idea_photo_name_part(old.name, 2)
     and p.idea_id = private.idea_photo_name_part(old.name, 1)
     and old.name like '%/full.webp';
  return null;
end;
$$;

revoke execute on function private.idea_photo_object_deleted() from public;

create trigger idea_photos_object_deleted
  after delete on storage.objects
  for each row when (old.bucket_id = 'idea-photos')
  execute function private.idea_photo_object_deleted();

-- Photos in the data export (GDPR Art. 15, 20): what the person wrote and sent, and the files'
-- names, so the export can add them.
create function private.export_part_photos(uid uuid) returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'photos', coalesce((select jsonb_agg(jsonb_build_object(
                                'id', p.id, 'idea_id', p.idea_id, 'position', p.position,
                                'alt_text', p.alt_text, 'width', p.width, 'height', p.height,
                                'bytes', p.bytes, 'created_at', p.created_at, 'stored_at', p.stored_at,
                                'hidden_reason', p.hidden_reason,
                                'files', case when p.stored_at is not null then jsonb_build_object(
                                  'bucket', 'idea-photos',
                                  'full', p.idea_id || '/' || p.id || '/full.webp',
                                  'medium', p.idea_id || '/' || p.id || '/medium.webp',
                                  'thumb', p.idea_id || '/' || p.id || '/thumb.webp') end)
                              order by p.created_at, p.id)
                          from public.idea_photos p where p.author_id = uid), '[]'::jsonb))
$$;

revoke execute on function private.export_part_photos(uuid) from public;

-- Erasing an account removes the person's photos too (their files queued), also those of ideas that
-- stay published without an author: a photo is theirs, as their comments are.
create or replace function private.erase_account(uid uuid) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  n_votes integer;
  n_comments integer;
  n_photos integer;
  n_deleted integer;
  n_kept integer;
begin
  delete from public.votes v where v.user_id = uid;
  get diagnostics n_votes = row_count;
  delete from public.follows f where f.user_id = uid;
  delete from public.reports r where r.reporter_id = uid;
  delete from public.comments c where c.author_id = uid;
  get diagnostics n_comments = row_count;
  delete from public.idea_photos p where p.author_id = uid;
  get diagnostics n_photos = row_count;
  delete from public.ideas i where i.author_id = uid and i.status in ('submitted', 'hidden');
  get diagnostics n_deleted = row_count;
  update public.ideas i set author_id = null where i.author_id = uid;
  get diagnostics n_kept = row_count;
  delete from auth.users u where u.id = uid;
  return jsonb_build_object('votes_deleted', n_votes, 'comments_deleted', n_comments,
                            'photos_deleted', n_photos, 'ideas_deleted', n_deleted,
                            'ideas_anonymised', n_kept);
end;
$$;

-- Reports on photos, as on comments: one target per report, once per reporter.
alter table public.reports
  add column photo_id uuid references public.idea_photos (id) on delete cascade,
  drop constraint reports_one_target,
  add constraint reports_one_target check (num_nonnulls(idea_id, comment_id, photo_id) = 1),
  add constraint reports_once_per_photo unique (reporter_id, photo_id);

create index reports_photo_idx on public.reports (photo_id) where photo_id is not null;

comment on table public.reports is
  'Flags on ideas, comments or photos (reason, note). The reporter and moderators see them; moderators resolve them.';

drop policy "Members report what they can see" on public.reports;
create policy "Members report what they can see"
  on public.reports for insert
  to authenticated
  with check (
    reporter_id = (select auth.uid())
    and status = 'open'
    and (idea_id is null or exists (select 1 from public.ideas i where i.id = idea_id))
    and (comment_id is null or exists (select 1 from public.comments c where c.id = comment_id))
    and (photo_id is null or exists (select 1 from public.idea_photos p where p.id = photo_id))
  );

grant insert (photo_id) on public.reports to authenticated;

drop trigger aa_server_columns_update on public.reports;
create trigger aa_server_columns_update
  before update on public.reports
  for each row execute function private.refuse_server_column_writes(
    'id', 'reporter_id', 'idea_id', 'comment_id', 'photo_id', 'reason', 'status', 'resolved_by',
    'resolved_at', 'resolution_note', 'created_at'
  );

-- A closed report on a photo tells its reporter whether the photo was hidden (target 'photo').
create or replace function private.report_closed(report public.reports) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  idea uuid := report.idea_id;
  outcome text;
begin
  if report.comment_id is not null then
    select c.idea_id, case when c.status = 'hidden' then 'hidden' else 'visible' end
      into idea, outcome
      from public.comments c where c.id = report.comment_id;
  elsif report.photo_id is not null then
    select p.idea_id, case when p.hidden_at is not null then 'hidden' else 'visible' end
      into idea, outcome
      from public.idea_photos p where p.id = report.photo_id;
  else
    select case when i.status = 'hidden' then 'hidden' else 'visible' end
      into outcome
      from public.ideas i where i.id = report.idea_id;
  end if;
  perform private.audit('reports.' || report.status::text, 'reports', report.id::text,
    jsonb_build_object('idea_id', report.idea_id, 'comment_id', report.comment_id,
                       'photo_id', report.photo_id, 'note', report.resolution_note));
  perform private.notify_event('report_resolved', idea, (select auth.uid()),
    jsonb_build_object(
      'reporter_id', report.reporter_id,
      'target', case when report.comment_id is not null then 'comment'
                     when report.photo_id is not null then 'photo'
                     else 'idea' end,
      'outcome', outcome));
end;
$$;

-- Hiding a photo resolves its open reports, as hiding a comment or an idea does.
create or replace function private.hidden_closes_reports() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  closed public.reports;
  still_hidden boolean;
begin
  if tg_table_name = 'comments' then
    select c.status = 'hidden' into still_hidden from public.comments c where c.id = new.id;
  elsif tg_table_name = 'idea_photos' then
    select p.hidden_at is not null into still_hidden from public.idea_photos p where p.id = new.id;
  else
    select i.status = 'hidden' into still_hidden from public.ideas i where i.id = new.id;
  end if;
  if not coalesce(still_hidden, false) then
    return null;
  end if;
  for closed in
    update public.reports r
       set status = 'resolved', resolved_by = (select auth.uid()), resolved_at = now(),
           -- One function for the three tables: ideas name their reason differently.
           resolution_note = left(to_jsonb(new) ->> case when tg_table_name = 'ideas'
                                                         then 'status_reason' else 'hidden_reason' end,
                                  2000)
     where r.status = 'open'
       and (case tg_table_name when 'comments' then r.comment_id
                               when 'idea_photos' then r.photo_id
                               else r.idea_id end) = new.id
    returning r.*
  loop
    perform private.report_closed(closed);
  end loop;
  return null;
end;
$$;

create constraint trigger idea_photos_hidden_close_reports
  after update of hidden_at on public.idea_photos
  deferrable initially deferred
  for each row when (new.hidden_at is not null and old.hidden_at is null)
  execute function private.hidden_closes_reports();
