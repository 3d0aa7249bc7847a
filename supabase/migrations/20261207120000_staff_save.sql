-- The staff idea page saves everything in one go: triage fields, status, official answer and
-- internal note are one decision about an idea, so they are written in one transaction against
-- the version the editor saw — either all of it lands or nothing does.
--
-- Also: accounts without an e-mail (anonymous sessions) that hold a role are findable by the
-- admins, who must be able to take that role away again.

-- One save of the staff idea page. `triage` holds department_id, assignee_id, priority, tags and
-- field_slug as the form shows them; only the keys that differ from the idea are changed (and
-- logged). `answer` is the public reason when the status changes to declined or hidden, otherwise
-- the official public answer; `note` is an internal note. The existing functions do each part,
-- so their rules, events and audit rows apply unchanged.
create function public.staff_save_idea(
  idea uuid,
  expected_version integer,
  status public.idea_status,
  triage jsonb default '{}',
  answer text default null,
  note text default null
) returns public.ideas
language plpgsql
security definer
set search_path = ''
as $$
declare
  current public.ideas;
  changed jsonb;
  clean_answer text := nullif(btrim(coalesce(answer, '')), '');
  clean_note text := nullif(btrim(coalesce(note, '')), '');
  new_status boolean;
  reason_from_answer boolean;
begin
  perform private.require_role('staff');
  if expected_version is null then
    perform private.fail('patch_invalid', 'Pass the version the editor saw.');
  end if;
  if triage is not null and jsonb_typeof(triage) <> 'object' then
    perform private.fail('patch_invalid', 'triage is an object with the triage fields.');
  end if;
  current := private.lock_idea(idea, expected_version);

  select coalesce(jsonb_object_agg(t.key, t.value), '{}') into changed
    from jsonb_each(coalesce(triage, '{}')) t
   where case when t.key = 'tags' and jsonb_typeof(t.value) = 'array'
              then (select coalesce(array_agg(distinct lower(btrim(x))), '{}')
                      from jsonb_array_elements_text(t.value) x) is distinct from current.tags
              else t.value is distinct from to_jsonb(current) -> t.key end;
  new_status := staff_save_idea.status is not null and staff_save_idea.status <> current.status;
  reason_from_answer := new_status and staff_save_idea.status in ('declined', 'hidden');

  if changed = '{}' and not new_status and clean_answer is null and clean_note is null then
    perform private.fail('nothing_to_do', 'Change a field or write an answer or a note.');
  end if;

  if changed <> '{}' then
    perform public.triage_idea(current.id, changed, null);
  end if;
  if new_status then
    perform public.set_idea_status(current.id, staff_save_idea.status,
      case when reason_from_answer then clean_answer end, null);
  end if;
  if clean_answer is not null and not reason_from_answer then
    perform public.add_idea_note(current.id, clean_answer, false);
  end if;
  if clean_note is not null then
    perform public.add_idea_note(current.id, clean_note, true);
  end if;
  return (select i from public.ideas i where i.id = current.id);
end;
$$;

comment on function public.staff_save_idea(uuid, integer, public.idea_status, jsonb, text, text) is
  'Staff: triage, status, official answer and internal note of one idea, atomically and version-checked.';

revoke execute on function public.staff_save_idea(uuid, integer, public.idea_status, jsonb, text, text) from public, anon;
grant execute on function public.staff_save_idea(uuid, integer, public.idea_status, jsonb, text, text) to authenticated;

-- Users by display name, e-mail or exact id, newest first. Accounts without an e-mail (anonymous
-- sessions) are many and mostly of no interest, but one that holds a role above citizen must be
-- findable, or nobody could take the role away again.
create or replace function public.admin_find_users(q text default null, max_results integer default 50)
returns table (id uuid, display_name text, email text, role public.user_role,
               kind public.profile_kind, created_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  needle text := btrim(coalesce(q, ''));
  pattern text;
begin
  perform private.require_role('admin');
  if char_length(needle) > 200 then
    perform private.fail('query_too_long', 'At most 200 characters.');
  end if;
  pattern := '%' || replace(replace(replace(needle, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  return query
    select p.id, p.display_name, u.email::text, p.role, p.kind, p.created_at
      from public.profiles p
      join auth.users u on u.id = p.id
     where (coalesce(u.is_anonymous, false) = false or p.role > 'citizen')
       and (p.display_name ilike pattern or u.email ilike pattern or p.id::text = lower(needle))
     order by p.created_at desc, p.id
     limit least(greatest(coalesce(max_results, 50), 1), 200);
end;
$$;

comment on function public.admin_find_users(text, integer) is
  'Admins: users with e-mail (if any), role and persona, searched by display name, e-mail or id.';
