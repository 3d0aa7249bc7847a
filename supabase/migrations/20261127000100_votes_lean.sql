-- set_vote, leaner: the common case (support an open idea, or withdraw) is one write statement
-- plus the count; the idea is looked up again only to explain a refusal or a replay.

-- Support or withdraw. Idempotent: it sets the desired state, so a replayed request never flips
-- a vote. Returns the state and the idea's new count.
create or replace function public.set_vote(idea uuid, supported boolean) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  current_status public.idea_status;
  count_now integer;
begin
  if uid is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  if supported is null then
    perform private.fail('supported_required', 'supported is true or false.');
  end if;
  -- Requests of one user for one idea apply one after another, in arrival order.
  perform pg_advisory_xact_lock(hashtextextended('vote:' || uid::text || ':' || idea::text, 0));
  if supported then
    perform private.require_participation('vote');
    -- Ideas open for support are public, so no author check is needed here.
    insert into public.votes (idea_id, user_id)
    select i.id, uid from public.ideas i
     where i.id = set_vote.idea and private.is_open_for_support(i.status)
    on conflict do nothing;
    if not found then
      -- Supported already (a replay), or refused: which one decides the answer.
      select i.status into current_status from public.ideas i
       where i.id = set_vote.idea
         and (private.is_public_status(i.status) or i.author_id = uid);
      if not found then
        perform private.fail('idea_not_found', 'No such idea.', 'P0002');
      elsif not private.is_open_for_support(current_status) then
        perform private.fail('idea_closed_for_votes',
          format('Ideas in status %s cannot be supported.', current_status));
      end if;
    end if;
  else
    delete from public.votes v where v.idea_id = set_vote.idea and v.user_id = uid;
  end if;
  select i.vote_count into count_now from public.ideas i where i.id = set_vote.idea;
  return jsonb_build_object('idea_id', idea, 'supported', supported, 'vote_count', count_now);
end;
$$;
