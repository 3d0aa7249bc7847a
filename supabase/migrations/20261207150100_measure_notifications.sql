-- People hear when a measure their idea went into moves on (ADR 011): its status changes, or its
-- progress passes a quarter (25, 50, 75, 100 %; smaller steps are often corrections and would
-- only add noise). One event per linked idea, written in the transaction of the change, so each
-- person hears of it on the ideas they care about.

create function private.measure_notifies() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.status is distinct from old.status or new.progress / 25 <> old.progress / 25 then
    perform private.notify_event('measure_changed', mi.idea_id, (select auth.uid()),
      jsonb_build_object('measure_id', new.id, 'measure_title', new.title,
                         'measure_status', new.status, 'progress', new.progress))
       from public.measure_ideas mi
      where mi.measure_id = new.id;
  end if;
  return null;
end;
$$;

revoke execute on function private.measure_notifies() from public;

create trigger measures_notify
  after update of status, progress on public.measures
  for each row execute function private.measure_notifies();

-- The idea's audience hears of its measure as of its status: the author, followers, and
-- supporters who kept "keep me informed" on.
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
     and notification_recipients.kind <> 'assigned'
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
  except
  select notification_recipients.actor where notification_recipients.actor is not null
$$;
