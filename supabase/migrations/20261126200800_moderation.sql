-- Moderation and triage: the only ways an idea's status, triage fields and visibility change.
-- Each function checks the caller's role, takes the version the editor saw (optimistic
-- concurrency: a stale edit gets `version_conflict`), writes the idea's event and exactly one
-- audit row.
--
-- Who does what: moderators approve (submitted → published), hide with a reason and restore, and
-- handle reports and comments; staff (and admins) do all of that plus triage: review statuses,
-- decline with a public reason, merge duplicates, department/assignee/priority/tags, notes and
-- official answers.

-- Locks an idea for a change and checks the version the editor saw.
create function private.lock_idea(idea uuid, expected_version integer) returns public.ideas
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
  if expected_version is not null and result.version <> expected_version then
    perform private.fail('version_conflict',
      format('Someone else changed this idea (version %s, you saw %s). Reload and try again.',
             result.version, expected_version),
      'PT409');
  end if;
  return result;
end;
$$;

revoke execute on function private.lock_idea(uuid, integer) from public, anon, authenticated;

-- Change an idea's status. Moderation (approve a submitted idea, hide) needs a moderator; every
-- other change needs staff. Declining and hiding need a reason; merging goes through
-- merge_ideas(), restoring a hidden idea through restore_idea(). Setting the current status again
-- is a no-op, so a replayed request does no harm.
create function public.set_idea_status(
  idea uuid,
  status public.idea_status,
  reason text default null,
  expected_version integer default null
) returns public.ideas
language plpgsql
security definer
set search_path = ''
as $$
declare
  current public.ideas;
  result public.ideas;
  clean_reason text := nullif(btrim(coalesce(reason, '')), '');
  is_moderation boolean;
begin
  is_moderation := set_idea_status.status = 'hidden'
    or set_idea_status.status = 'published' and exists (
      select 1 from public.ideas i where i.id = set_idea_status.idea and i.status = 'submitted');
  perform private.require_role(case when is_moderation then 'moderator' else 'staff' end::public.user_role);
  if char_length(clean_reason) > 2000 or private.has_markup(clean_reason) then
    perform private.fail('reason_invalid', 'A reason is plain text of at most 2,000 characters.');
  end if;
  current := private.lock_idea(idea, expected_version);
  if current.status = set_idea_status.status then
    return current;
  end if;
  if current.status = 'hidden' then
    perform private.fail('use_restore_idea', 'Restore a hidden idea with restore_idea().');
  end if;
  if set_idea_status.status = 'merged' then
    perform private.fail('use_merge_ideas', 'Merge with merge_ideas(source, target).');
  end if;
  if not public.idea_transition_allowed(current.status, set_idea_status.status) then
    perform private.fail('invalid_status_transition',
      format('An idea cannot go from %s to %s.', current.status, set_idea_status.status));
  end if;
  if set_idea_status.status in ('declined', 'hidden') and clean_reason is null then
    perform private.fail('reason_required',
      case when set_idea_status.status = 'declined' then 'Declining an idea needs a public reason.'
           else 'Hiding an idea needs a reason the author sees.' end);
  end if;

  update public.ideas i
     set status = set_idea_status.status, status_reason = clean_reason
   where i.id = current.id
  returning i.* into result;

  insert into public.idea_events (idea_id, kind, actor_id, from_status, to_status, body)
  values (current.id, 'status_change', (select auth.uid()), current.status, result.status, clean_reason);
  perform private.audit(
    case when is_moderation then 'ideas.moderate' else 'ideas.set_status' end,
    'ideas', current.id::text,
    jsonb_build_object('from', current.status, 'to', result.status, 'reason', clean_reason));
  return result;
end;
$$;

revoke execute on function public.set_idea_status(uuid, public.idea_status, text, integer) from public, anon;
grant execute on function public.set_idea_status(uuid, public.idea_status, text, integer) to authenticated;

-- Undo a hide: the idea returns to the status it had.
create function public.restore_idea(idea uuid, expected_version integer default null)
returns public.ideas
language plpgsql
security definer
set search_path = ''
as $$
declare
  current public.ideas;
  result public.ideas;
begin
  perform private.require_role('moderator');
  current := private.lock_idea(idea, expected_version);
  if current.status <> 'hidden' then
    perform private.fail('idea_not_hidden', 'Only hidden ideas can be restored.');
  end if;
  update public.ideas i
     set status = current.status_before_hidden,
         status_reason = case when current.status_before_hidden = 'declined'
                              then (select e.body from public.idea_events e
                                     where e.idea_id = current.id and e.to_status = 'declined'
                                     order by e.id desc limit 1) end
   where i.id = current.id
  returning i.* into result;
  insert into public.idea_events (idea_id, kind, actor_id, from_status, to_status)
  values (current.id, 'status_change', (select auth.uid()), 'hidden', result.status);
  perform private.audit('ideas.restore', 'ideas', current.id::text,
    jsonb_build_object('to', result.status));
  return result;
end;
$$;

revoke execute on function public.restore_idea(uuid, integer) from public, anon;
grant execute on function public.restore_idea(uuid, integer) to authenticated;

-- Triage: department, assignee, priority, tags, field of action. `patch` holds only the keys to
-- change; a key with null clears it. Staff only.
create function public.triage_idea(idea uuid, patch jsonb, expected_version integer default null)
returns public.ideas
language plpgsql
security definer
set search_path = ''
as $$
declare
  current public.ideas;
  result public.ideas;
  unknown text;
  new_assignee uuid;
  new_tags text[];
begin
  perform private.require_role('staff');
  if patch is null or jsonb_typeof(patch) <> 'object' or patch = '{}'::jsonb then
    perform private.fail('patch_invalid', 'patch is an object with the fields to change.');
  end if;
  select k into unknown from jsonb_object_keys(patch) k
   where k not in ('department_id', 'assignee_id', 'priority', 'tags', 'field_slug') limit 1;
  if unknown is not null then
    perform private.fail('patch_invalid', format('Unknown field %s.', unknown));
  end if;
  current := private.lock_idea(idea, expected_version);

  if patch ? 'assignee_id' then
    new_assignee := (patch ->> 'assignee_id')::uuid;
    if new_assignee is not null and not exists (
      select 1 from public.profiles p where p.id = new_assignee and p.role >= 'staff'
    ) then
      perform private.fail('assignee_not_staff', 'Ideas are assigned to staff members.');
    end if;
  end if;
  if patch ? 'department_id' and jsonb_typeof(patch -> 'department_id') <> 'null' and not exists (
    select 1 from public.departments d where d.id = (patch ->> 'department_id')::smallint
  ) then
    perform private.fail('department_unknown', 'No such department.');
  end if;
  if patch ? 'tags' then
    if jsonb_typeof(patch -> 'tags') = 'array' then
      select coalesce(array_agg(distinct lower(btrim(t))), '{}') into new_tags
        from jsonb_array_elements_text(patch -> 'tags') t;
    elsif jsonb_typeof(patch -> 'tags') = 'null' then
      new_tags := '{}';
    else
      perform private.fail('tags_invalid', 'tags is an array of words.');
    end if;
    if cardinality(new_tags) > 20 or array_to_string(new_tags, '|') ~ '[^a-z0-9äöüß_|-]'
       or array_position(new_tags, '') is not null then
      perform private.fail('tags_invalid', 'Up to 20 tags of a-z, 0-9, umlauts, _ and -.');
    end if;
  end if;

  update public.ideas i set
    department_id = case when patch ? 'department_id' then (patch ->> 'department_id')::smallint else i.department_id end,
    assignee_id = case when patch ? 'assignee_id' then new_assignee else i.assignee_id end,
    priority = case when patch ? 'priority' then (patch ->> 'priority')::public.idea_priority else i.priority end,
    tags = case when patch ? 'tags' then new_tags else i.tags end,
    field_slug = case when patch ? 'field_slug' then patch ->> 'field_slug' else i.field_slug end
  where i.id = current.id
  returning i.* into result;

  insert into public.idea_events (idea_id, kind, actor_id, is_internal, details)
  values (current.id, 'triage', (select auth.uid()), true, patch);
  perform private.audit('ideas.triage', 'ideas', current.id::text, patch);
  return result;
end;
$$;

revoke execute on function public.triage_idea(uuid, jsonb, integer) from public, anon;
grant execute on function public.triage_idea(uuid, jsonb, integer) to authenticated;

-- A staff note: internal (only staff read it) or the official public answer.
create function public.add_idea_note(idea uuid, body text, is_internal boolean default true)
returns public.idea_events
language plpgsql
security definer
set search_path = ''
as $$
declare
  clean text := btrim(coalesce(body, ''));
  result public.idea_events;
begin
  perform private.require_role('staff');
  if char_length(clean) = 0 or char_length(clean) > 5000 or private.has_markup(clean) then
    perform private.fail('note_invalid', 'A note is plain text of 1 to 5,000 characters.');
  end if;
  if not exists (select 1 from public.ideas i where i.id = add_idea_note.idea) then
    perform private.fail('idea_not_found', 'No such idea.', 'P0002');
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

revoke execute on function public.add_idea_note(uuid, text, boolean) from public, anon;
grant execute on function public.add_idea_note(uuid, text, boolean) to authenticated;

-- Merge a duplicate (source) into another idea (target). Supports move over without counting
-- anyone twice (a user who supported both keeps one support), follows move too, ideas merged
-- into the source earlier now point at the target. The source keeps its comments and history.
create function public.merge_ideas(
  source uuid,
  target uuid,
  reason text default null,
  expected_version integer default null
) returns public.ideas
language plpgsql
security definer
set search_path = ''
as $$
declare
  src public.ideas;
  tgt public.ideas;
  moved integer;
  clean_reason text := nullif(btrim(coalesce(reason, '')), '');
begin
  perform private.require_role('staff');
  if source is null or target is null or source = target then
    perform private.fail('merge_invalid', 'Merge two different ideas.');
  end if;
  if char_length(clean_reason) > 2000 or private.has_markup(clean_reason) then
    perform private.fail('reason_invalid', 'A reason is plain text of at most 2,000 characters.');
  end if;
  -- Lock both in a fixed order so two crossing merges cannot deadlock.
  if source < target then
    src := private.lock_idea(source, expected_version);
    tgt := private.lock_idea(target, null);
  else
    tgt := private.lock_idea(target, null);
    src := private.lock_idea(source, expected_version);
  end if;
  if not public.idea_transition_allowed(src.status, 'merged') then
    perform private.fail('invalid_status_transition',
      format('An idea in status %s cannot be merged.', src.status));
  end if;
  if tgt.status in ('submitted', 'hidden', 'merged', 'declined') then
    perform private.fail('merge_target_invalid',
      format('Cannot merge into an idea in status %s.', tgt.status));
  end if;

  with moved_votes as (
    insert into public.votes (idea_id, user_id, created_at)
    select tgt.id, v.user_id, v.created_at from public.votes v where v.idea_id = src.id
    on conflict do nothing
    returning 1
  )
  select count(*) into moved from moved_votes;
  delete from public.votes v where v.idea_id = src.id;
  insert into public.follows (user_id, idea_id, created_at)
  select f.user_id, tgt.id, f.created_at from public.follows f where f.idea_id = src.id
  on conflict do nothing;
  delete from public.follows f where f.idea_id = src.id;
  update public.ideas i set merged_into = tgt.id where i.merged_into = src.id;

  update public.ideas i
     set status = 'merged', merged_into = tgt.id, status_reason = clean_reason
   where i.id = src.id
  returning i.* into src;

  insert into public.idea_events (idea_id, kind, actor_id, from_status, to_status, body, details)
  values (src.id, 'merge', (select auth.uid()), null, 'merged', clean_reason,
          jsonb_build_object('into', tgt.id)),
         (tgt.id, 'merge', (select auth.uid()), null, null, clean_reason,
          jsonb_build_object('from', src.id, 'votes_moved', moved));
  perform private.audit('ideas.merge', 'ideas', src.id::text,
    jsonb_build_object('into', tgt.id, 'votes_moved', moved, 'reason', clean_reason));
  return src;
end;
$$;

revoke execute on function public.merge_ideas(uuid, uuid, text, integer) from public, anon;
grant execute on function public.merge_ideas(uuid, uuid, text, integer) to authenticated;

-- Hide a comment with a reason its author sees, or restore it. Moderators.
create function public.set_comment_hidden(comment uuid, hidden boolean, reason text default null)
returns public.comments
language plpgsql
security definer
set search_path = ''
as $$
declare
  current public.comments;
  result public.comments;
  clean_reason text := nullif(btrim(coalesce(reason, '')), '');
begin
  perform private.require_role('moderator');
  select c.* into current from public.comments c where c.id = set_comment_hidden.comment for update;
  if not found then
    perform private.fail('comment_not_found', 'No such comment.', 'P0002');
  end if;
  if hidden and clean_reason is null then
    perform private.fail('reason_required', 'Hiding a comment needs a reason the author sees.');
  end if;
  if char_length(clean_reason) > 2000 or private.has_markup(clean_reason) then
    perform private.fail('reason_invalid', 'A reason is plain text of at most 2,000 characters.');
  end if;
  if (current.status = 'hidden') = hidden then
    return current;
  end if;
  update public.comments c
     set status = case when hidden then 'hidden' else 'visible' end::public.comment_status,
         hidden_reason = case when hidden then clean_reason end
   where c.id = current.id
  returning c.* into result;
  perform private.audit(case when hidden then 'comments.hide' else 'comments.restore' end,
    'comments', current.id::text, jsonb_build_object('idea_id', current.idea_id, 'reason', clean_reason));
  return result;
end;
$$;

revoke execute on function public.set_comment_hidden(uuid, boolean, text) from public, anon;
grant execute on function public.set_comment_hidden(uuid, boolean, text) to authenticated;

-- Close a report: resolved (action taken) or dismissed. Moderators.
create function public.resolve_report(
  report uuid,
  status public.report_status,
  note text default null
) returns public.reports
language plpgsql
security definer
set search_path = ''
as $$
declare
  result public.reports;
  clean_note text := nullif(btrim(coalesce(note, '')), '');
begin
  perform private.require_role('moderator');
  if resolve_report.status = 'open' then
    perform private.fail('report_status_invalid', 'Resolve with resolved or dismissed.');
  end if;
  if char_length(clean_note) > 2000 or private.has_markup(clean_note) then
    perform private.fail('note_invalid', 'A note is plain text of at most 2,000 characters.');
  end if;
  update public.reports r
     set status = resolve_report.status, resolved_by = (select auth.uid()), resolved_at = now(),
         resolution_note = clean_note
   where r.id = resolve_report.report
  returning r.* into result;
  if not found then
    perform private.fail('report_not_found', 'No such report.', 'P0002');
  end if;
  perform private.audit('reports.' || resolve_report.status::text, 'reports', result.id::text,
    jsonb_build_object('idea_id', result.idea_id, 'comment_id', result.comment_id, 'note', clean_note));
  return result;
end;
$$;

revoke execute on function public.resolve_report(uuid, public.report_status, text) from public, anon;
grant execute on function public.resolve_report(uuid, public.report_status, text) to authenticated;
