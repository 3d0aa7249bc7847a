-- The user's rights over their own data (GDPR Art. 15, 17, 20): download everything stored about
-- them, and delete the account. Deletion removes personal data; ideas others can see stay, without
-- an author, because the municipality works on them and others supported them.

create function public.export_my_data() returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
begin
  if uid is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  return jsonb_build_object(
    'exported_at', now(),
    'account', (select jsonb_build_object('id', a -> 'id', 'email', a -> 'email',
                                          'created_at', a -> 'created_at',
                                          'email_confirmed_at', a -> 'email_confirmed_at',
                                          'last_sign_in_at', a -> 'last_sign_in_at')
                  from (select to_jsonb(u) as a from auth.users u where u.id = uid) x),
    'profile', (select to_jsonb(p) from public.profiles p where p.id = uid),
    'ideas', coalesce((select jsonb_agg(to_jsonb(i) - 'search_vector' - 'location' order by i.created_at)
                         from public.ideas i where i.author_id = uid), '[]'::jsonb),
    'comments', coalesce((select jsonb_agg(to_jsonb(c) order by c.created_at)
                            from public.comments c where c.author_id = uid), '[]'::jsonb),
    'votes', coalesce((select jsonb_agg(jsonb_build_object('idea_id', v.idea_id, 'created_at', v.created_at)
                                        order by v.created_at)
                         from public.votes v where v.user_id = uid), '[]'::jsonb),
    'follows', coalesce((select jsonb_agg(jsonb_build_object('idea_id', f.idea_id, 'created_at', f.created_at)
                                          order by f.created_at)
                           from public.follows f where f.user_id = uid), '[]'::jsonb),
    'reports', coalesce((select jsonb_agg(to_jsonb(r) order by r.created_at)
                           from public.reports r where r.reporter_id = uid), '[]'::jsonb)
  );
end;
$$;

revoke execute on function public.export_my_data() from public, anon;
grant execute on function public.export_my_data() to authenticated;

-- Deletes the caller's account: votes, follows, reports, comments and unpublished ideas go;
-- published ideas stay without author; then the auth user (and with it the profile) goes.
-- The audit log keeps the bare id of a staff member's past actions (append-only by design).
create function public.delete_my_account() returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  n_votes integer;
  n_comments integer;
  n_deleted integer;
  n_kept integer;
begin
  if uid is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  if exists (select 1 from public.profiles p where p.id = uid and p.role = 'admin')
     and (select count(*) from public.profiles p where p.role = 'admin') <= 1 then
    perform private.fail('last_admin', 'Appoint another admin before deleting this account.');
  end if;
  delete from public.votes v where v.user_id = uid;
  get diagnostics n_votes = row_count;
  delete from public.follows f where f.user_id = uid;
  delete from public.reports r where r.reporter_id = uid;
  delete from public.comments c where c.author_id = uid;
  get diagnostics n_comments = row_count;
  delete from public.ideas i where i.author_id = uid and i.status in ('submitted', 'hidden');
  get diagnostics n_deleted = row_count;
  update public.ideas i set author_id = null where i.author_id = uid;
  get diagnostics n_kept = row_count;
  delete from auth.users u where u.id = uid;
  return jsonb_build_object('votes_deleted', n_votes, 'comments_deleted', n_comments,
                            'ideas_deleted', n_deleted, 'ideas_anonymised', n_kept);
end;
$$;

revoke execute on function public.delete_my_account() from public, anon;
grant execute on function public.delete_my_account() to authenticated;
