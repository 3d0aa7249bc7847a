-- A goal moved to another field of action (edited in the console) takes its measures along, so a
-- measure never sits under a goal of one field while it counts for another.

-- Security definer: the move is part of the goal's edit (which RLS allows staff only), whatever
-- the editor's own rights on measures.
create function private.goals_move_measures() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.measures m set field_slug = new.field_slug
   where m.goal_id = new.id and m.field_slug <> new.field_slug;
  return null;
end;
$$;

comment on function private.goals_move_measures() is
  'Trigger: when a goal changes its field of action, its measures move with it.';

revoke execute on function private.goals_move_measures() from public;

create trigger goals_move_measures
  after update of field_slug on public.goals
  for each row when (old.field_slug is distinct from new.field_slug)
  execute function private.goals_move_measures();
