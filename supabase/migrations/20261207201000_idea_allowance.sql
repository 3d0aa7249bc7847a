-- The daily limit of ideas (settings.limit_ideas_per_day), told when the wizard opens: a person
-- who has reached it learns so on the first step, not by a refusal at the last. The check itself
-- stays in private.check_rate_limit (submit_idea); this counts exactly as it does.

-- The caller's ideas in the last day against the limit, and when the next one may be submitted
-- (the window slides: the idea that makes room is the (used - limit + 1)-th oldest of the day).
-- No row when no limit applies: none set, a moderator or above, or signed out.
create function public.idea_allowance()
returns table (day_limit integer, used integer, next_at timestamptz)
language sql stable security definer set search_path = ''
as $$
  select s.limit_ideas_per_day, count(i.id)::integer,
         case when count(i.id) >= s.limit_ideas_per_day
              then (array_agg(i.created_at order by i.created_at))
                     [count(i.id)::integer - s.limit_ideas_per_day + 1] + interval '1 day'
         end
    from public.settings s
    left join public.ideas i
      on i.author_id = (select auth.uid()) and i.created_at > now() - interval '1 day'
   where s.limit_ideas_per_day > 0
     and (select auth.uid()) is not null
     and not public.has_role('moderator')
   group by s.limit_ideas_per_day;
$$;

comment on function public.idea_allowance() is
  'The caller''s ideas in the last day against settings.limit_ideas_per_day, and when the next may be submitted (as private.check_rate_limit counts); no row when no limit applies.';

revoke execute on function public.idea_allowance() from public, anon;
grant execute on function public.idea_allowance() to authenticated;
