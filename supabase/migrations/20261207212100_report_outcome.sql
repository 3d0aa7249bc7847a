-- Reports close with the decision they asked for (issue 24, item 10).
--
-- Hiding a reported idea or comment is the moderator's answer to its reports: every open report on
-- it is resolved in the same transaction, each with its audit row, whatever hid it (the report
-- queue, the idea page, a bulk action). Dismissing stays a decision of its own (resolve_report).
-- Either way each reporter hears the outcome in their notification centre (`report_resolved`):
-- whether the reported text was hidden or stays visible. Never who decided: the notification has
-- no actor, and its details name only the reporter (its recipient), the target and the outcome.

-- Audits one closed report and tells its reporter. Called only from the definer functions below.
create function private.report_closed(report public.reports) returns void
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
  else
    select case when i.status = 'hidden' then 'hidden' else 'visible' end
      into outcome
      from public.ideas i where i.id = report.idea_id;
  end if;
  perform private.audit('reports.' || report.status::text, 'reports', report.id::text,
    jsonb_build_object('idea_id', report.idea_id, 'comment_id', report.comment_id,
                       'note', report.resolution_note));
  perform private.notify_event('report_resolved', idea, (select auth.uid()),
    jsonb_build_object(
      'reporter_id', report.reporter_id,
      'target', case when report.comment_id is null then 'idea' else 'comment' end,
      'outcome', outcome));
end;
$$;

revoke execute on function private.report_closed(public.reports) from public;

-- Close a report: resolved (action taken) or dismissed, and tell its reporter. Moderators.
create or replace function public.resolve_report(
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
   where r.id = resolve_report.report and r.status = 'open'
  returning r.* into result;
  if not found then
    -- Closed already (e.g. by hiding its target): nothing more to decide, nobody told twice.
    select r.* into result from public.reports r where r.id = resolve_report.report;
    if not found then
      perform private.fail('report_not_found', 'No such report.', 'P0002');
    end if;
    return result;
  end if;
  perform private.report_closed(result);
  return result;
end;
$$;

-- Resolves every open report on a target that was hidden, with the hiding reason as its note.
-- Runs at the end of the hiding transaction (a deferred constraint trigger), so the audit log reads
-- in the order things were decided: the hide first, then the reports it closed. A target restored
-- again within the same transaction keeps its reports open.
create function private.hidden_closes_reports() returns trigger
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
  else
    select i.status = 'hidden' into still_hidden from public.ideas i where i.id = new.id;
  end if;
  if not coalesce(still_hidden, false) then
    return null;
  end if;
  for closed in
    update public.reports r
       set status = 'resolved', resolved_by = (select auth.uid()), resolved_at = now(),
           -- One function for both tables: each names its reason differently.
           resolution_note = left(to_jsonb(new) ->> case when tg_table_name = 'comments'
                                                         then 'hidden_reason' else 'status_reason' end,
                                  2000)
     where r.status = 'open'
       and (case when tg_table_name = 'comments' then r.comment_id else r.idea_id end) = new.id
    returning r.*
  loop
    perform private.report_closed(closed);
  end loop;
  return null;
end;
$$;

revoke execute on function private.hidden_closes_reports() from public;

create constraint trigger comments_hidden_close_reports
  after update of status on public.comments
  deferrable initially deferred
  for each row when (new.status = 'hidden' and old.status is distinct from 'hidden')
  execute function private.hidden_closes_reports();

create constraint trigger ideas_hidden_close_reports
  after update of status on public.ideas
  deferrable initially deferred
  for each row when (new.status = 'hidden' and old.status is distinct from 'hidden')
  execute function private.hidden_closes_reports();

-- The reporter of a closed report, and nobody else, hears its outcome.
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
     and notification_recipients.kind not in ('assigned', 'idea_new', 'routed', 'report_resolved')
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
  select p.id from public.profiles p
   where notification_recipients.kind = 'report_resolved'
     and p.id::text = notification_recipients.details ->> 'reporter_id'
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
