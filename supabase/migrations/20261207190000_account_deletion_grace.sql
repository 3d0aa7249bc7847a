-- Deleting an account cannot happen by accident (issue 23): a person asks for it, is signed out
-- everywhere, and has 14 days in which signing in again keeps the account. After that the worker
-- erases it for good, as delete_my_account() always did: personal data goes, published ideas stay
-- without an author.

create table private.account_deletions (
  user_id uuid primary key references auth.users (id) on delete cascade,
  requested_at timestamptz not null default now()
);

create index account_deletions_requested_idx on private.account_deletions (requested_at);

alter table private.account_deletions enable row level security;
revoke all on private.account_deletions from anon, authenticated;

-- How long a request waits before the account is erased.
create function private.account_grace() returns interval
language sql
immutable
set search_path = ''
as $$ select interval '14 days' $$;

-- Erases an account: votes, follows, reports, comments and unpublished ideas go; published ideas
-- stay without author; then the auth user (and with it the profile and everything that hangs on
-- it) goes. One definition for the person's own immediate request and the worker's purge.
create function private.erase_account(uid uuid) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  n_votes integer;
  n_comments integer;
  n_deleted integer;
  n_kept integer;
begin
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

revoke execute on function private.erase_account(uuid) from public;

create or replace function public.delete_my_account() returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
begin
  if uid is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  if exists (select 1 from public.profiles p where p.id = uid and p.role = 'admin')
     and (select count(*) from public.profiles p where p.role = 'admin') <= 1 then
    perform private.fail('last_admin', 'Appoint another admin before deleting this account.');
  end if;
  return private.erase_account(uid);
end;
$$;

-- The person asks for their account to be deleted; returns when it will be. The app signs them
-- out everywhere; signing in within the grace period keeps the account (cancel_account_deletion).
create function public.request_account_deletion() returns timestamptz
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  asked timestamptz;
begin
  if uid is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  if exists (select 1 from public.profiles p where p.id = uid and p.role = 'admin')
     and (select count(*) from public.profiles p where p.role = 'admin') <= 1 then
    perform private.fail('last_admin', 'Appoint another admin before deleting this account.');
  end if;
  insert into private.account_deletions (user_id) values (uid)
  on conflict (user_id) do update set requested_at = private.account_deletions.requested_at
  returning requested_at into asked;
  return asked + private.account_grace();
end;
$$;

revoke execute on function public.request_account_deletion() from public, anon;
grant execute on function public.request_account_deletion() to authenticated;

-- Signed in again within the grace period: the account stays. Returns whether a request was
-- withdrawn.
create function public.cancel_account_deletion() returns boolean
language sql
security definer
set search_path = ''
as $$
  with withdrawn as (
    delete from private.account_deletions d where d.user_id = (select auth.uid()) returning 1
  )
  select exists (select 1 from withdrawn)
$$;

revoke execute on function public.cancel_account_deletion() from public, anon;
grant execute on function public.cancel_account_deletion() to authenticated;

-- The worker's step: erases the accounts whose grace period has passed (the last admin is kept
-- until another is appointed). Returns how many were erased.
create function private.purge_deleted_accounts(max_accounts integer default 20) returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  due record;
  erased integer := 0;
begin
  for due in
    select d.user_id from private.account_deletions d
     where d.requested_at < now() - private.account_grace()
     order by d.requested_at
     limit greatest(1, least(coalesce(max_accounts, 20), 500))
       for update skip locked
  loop
    if exists (select 1 from public.profiles p where p.id = due.user_id and p.role = 'admin')
       and (select count(*) from public.profiles p where p.role = 'admin') <= 1 then
      continue;
    end if;
    perform private.erase_account(due.user_id);
    erased := erased + 1;
  end loop;
  return erased;
end;
$$;

revoke execute on function private.purge_deleted_accounts(integer) from public;
grant execute on function private.purge_deleted_accounts(integer) to stadtidee_notifier;
