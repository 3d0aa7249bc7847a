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

-- Who hears of it (the idea's audience, as of a status change): private.notification_recipients,
-- redefined with place alerts in 20261207160100_place_alerts.sql.
